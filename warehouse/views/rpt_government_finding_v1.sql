CREATE VIEW rpt_government_finding AS
WITH checked AS (
    SELECT government_code, period_key, COUNT(*) AS roster_batches
    FROM audit_ingest_batch
    WHERE dataset = 'roster' AND status = 'published' AND period_key IS NOT NULL
    GROUP BY government_code, period_key
), found AS (
    SELECT b.government_code, b.period_key, COUNT(DISTINCT a.kind || ':' || a.subject) AS findings
    FROM audit_finding a
    JOIN audit_ingest_batch b ON b.batch_id = a.batch_id
    WHERE b.status = 'published' AND b.period_key IS NOT NULL
    GROUP BY b.government_code, b.period_key
)
SELECT c.government_code, c.period_key, c.roster_batches, COALESCE(f.findings, 0) AS findings_open
FROM checked c
LEFT JOIN found f ON f.government_code = c.government_code AND f.period_key = c.period_key
