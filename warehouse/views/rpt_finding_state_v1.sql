CREATE VIEW rpt_finding_state AS
WITH found AS (
    SELECT a.kind, a.subject, b.period_key, MIN(a.id) AS finding_id, MIN(a.batch_id) AS batch_id
    FROM audit_finding a
    JOIN audit_ingest_batch b ON b.batch_id = a.batch_id
    WHERE b.status = 'published' AND b.period_key IS NOT NULL
    GROUP BY a.kind, a.subject, b.period_key
), checked AS (
    SELECT DISTINCT period_key FROM audit_ingest_batch
    WHERE dataset = 'roster' AND status = 'published' AND period_key IS NOT NULL
), steps AS (
    SELECT c.period_key, (SELECT MAX(c2.period_key) FROM checked c2 WHERE c2.period_key < c.period_key) AS previous_key
    FROM checked c
)
SELECT f.period_key, f.kind, f.finding_id, f.batch_id,
       (SELECT MIN(e.period_key) FROM found e
         WHERE e.kind = f.kind AND e.subject = f.subject AND e.period_key <= f.period_key) AS first_period_key,
       (SELECT COUNT(*) FROM found e
         WHERE e.kind = f.kind AND e.subject = f.subject AND e.period_key <= f.period_key) AS months_found,
       CASE WHEN EXISTS (SELECT 1 FROM found e
                          WHERE e.kind = f.kind AND e.subject = f.subject AND e.period_key < f.period_key)
            THEN 'recurring' ELSE 'new' END AS state
FROM found f
UNION ALL
SELECT s.period_key, f.kind, f.finding_id, f.batch_id,
       (SELECT MIN(e.period_key) FROM found e
         WHERE e.kind = f.kind AND e.subject = f.subject AND e.period_key <= f.period_key) AS first_period_key,
       (SELECT COUNT(*) FROM found e
         WHERE e.kind = f.kind AND e.subject = f.subject AND e.period_key <= f.period_key) AS months_found,
       'resolved' AS state
FROM steps s
JOIN found f ON f.period_key = s.previous_key
WHERE NOT EXISTS (SELECT 1 FROM found g WHERE g.kind = f.kind AND g.subject = f.subject AND g.period_key = s.period_key)
