CREATE VIEW rpt_government_lineage AS
SELECT f.government_code, f.period_key, b.batch_id, b.file_name, b.sha256, b.status, b.dq_success,
       b.rows_set_aside, f.funding_source_code,
       COUNT(*) AS fact_rows, SUM(f.active_participants) AS participants, SUM(f.contributions_idr) AS contributions_idr
FROM fact_coverage_monthly f
JOIN audit_ingest_batch b ON b.batch_id = f.batch_id AND b.government_code = f.government_code
GROUP BY f.government_code, f.period_key, b.batch_id, b.file_name, b.sha256, b.status, b.dq_success,
         b.rows_set_aside, f.funding_source_code
