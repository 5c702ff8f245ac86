CREATE VIEW rpt_finding_summary AS 
SELECT a.id AS finding_id, a.batch_id, b.period_key, b.file_name, b.dataset, a.kind,
       (a.detail::jsonb -> 'regions')::text AS regions,
       (a.detail::jsonb -> 'funding_sources')::text AS funding_sources
FROM audit_finding a
JOIN audit_ingest_batch b ON b.batch_id = a.batch_id
WHERE b.status IN ('published', 'superseded')
