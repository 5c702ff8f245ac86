CREATE VIEW rpt_dq_result AS
SELECT d.id AS result_id, d.batch_id, d.suite_name, d.expectation_type, d.column_name, d.level, d.success,
       d.element_count, d.unexpected_count, d.run_at, d.data_docs_url
FROM audit_dq_result d
