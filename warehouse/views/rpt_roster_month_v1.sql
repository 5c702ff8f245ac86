CREATE VIEW rpt_roster_month AS
SELECT r.period_key, r.funding_source_code, COUNT(*) AS roster_rows, COUNT(DISTINCT r.person_pseudonym) AS people
FROM fact_roster_participant r
JOIN audit_ingest_batch b ON b.batch_id = r.batch_id
WHERE b.status = 'published'
GROUP BY r.period_key, r.funding_source_code
