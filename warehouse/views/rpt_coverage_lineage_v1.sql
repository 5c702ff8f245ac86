CREATE VIEW rpt_coverage_lineage AS 
SELECT f.period_key, f.region_code, b.batch_id, b.source_name, b.dataset, b.file_name, b.sha256,
       b.archive_path, b.received_at, b.status, b.dq_success, b.data_docs_url,
       COUNT(*) AS fact_rows, SUM(f.active_participants) AS active_participants
FROM fact_coverage_monthly f
JOIN audit_ingest_batch b ON b.batch_id = f.batch_id
GROUP BY f.period_key, f.region_code, b.batch_id, b.source_name, b.dataset, b.file_name, b.sha256,
         b.archive_path, b.received_at, b.status, b.dq_success, b.data_docs_url
