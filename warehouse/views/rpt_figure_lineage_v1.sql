CREATE VIEW rpt_figure_lineage AS 
SELECT f.period_key, f.region_code, b.batch_id, b.dataset, b.file_name, b.sha256, b.status, b.dq_success
FROM (SELECT DISTINCT period_key, region_code, batch_id FROM fact_coverage_monthly
      UNION SELECT DISTINCT period_key, region_code, batch_id FROM fact_benefit_claims
      UNION SELECT DISTINCT period_key, region_code, batch_id FROM fact_roster_participant) f
JOIN audit_ingest_batch b ON b.batch_id = f.batch_id
