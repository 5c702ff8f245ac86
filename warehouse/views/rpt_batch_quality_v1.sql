CREATE VIEW rpt_batch_quality AS 
SELECT b.batch_id, b.source_name, b.dataset, b.file_name, b.sha256, b.received_at, b.period_key,
       b.status, b.rows_read, b.rows_loaded, b.rows_quarantined, b.dq_success, b.data_docs_url, b.reason,
       (SELECT COUNT(*) FROM audit_dq_result d
         WHERE d.batch_id = b.batch_id AND d.success = FALSE AND d.level <> 'warn') AS dq_failed_expectations,
       (SELECT COUNT(*) FROM audit_dq_result d
         WHERE d.batch_id = b.batch_id AND d.success = FALSE AND d.level = 'warn') AS dq_warnings,
       (SELECT COUNT(*) FROM audit_dq_result d WHERE d.batch_id = b.batch_id) AS dq_expectations
FROM audit_ingest_batch b
