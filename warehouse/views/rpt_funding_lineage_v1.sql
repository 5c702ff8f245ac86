CREATE VIEW rpt_funding_lineage AS
SELECT DISTINCT f.period_key, f.funding_source_code, f.batch_id, b.file_name
FROM fact_coverage_monthly f
JOIN audit_ingest_batch b ON b.batch_id = f.batch_id
