CREATE VIEW rpt_quarantine_row AS 
SELECT q.batch_id, b.period_key, b.dataset, b.file_name, b.status, b.number_convention, q.row_number,
       q.column_name, q.reason, q.check_name,
       CASE WHEN b.dataset IN ('coverage', 'claims') THEN q.raw END AS cells
FROM audit_quarantine_row q
JOIN audit_ingest_batch b ON b.batch_id = q.batch_id
