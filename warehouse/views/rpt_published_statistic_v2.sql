CREATE VIEW rpt_published_statistic AS 
WITH monthly AS (
    SELECT period_key, year, region_code, active_participants FROM rpt_coverage_region_month
    UNION ALL
    SELECT period_key, year, region_code, active_participants FROM rpt_coverage_province_month
), latest AS (
    SELECT region_code, year, MAX(period_key) AS period_key FROM monthly GROUP BY region_code, year
)
SELECT s.batch_id, s.source_name, s.region_code, r.name AS region_name, r.kind, s.year, s.measure,
       s.measure_label, s.unit, s.value, s.metric, s.code_system, b.file_name,
       l.period_key AS export_period_key,
       CASE WHEN s.metric = 'active_participants' THEN m.active_participants END AS export_value
FROM fact_published_statistic s
JOIN dim_region r ON r.region_code = s.region_code
JOIN audit_ingest_batch b ON b.batch_id = s.batch_id
LEFT JOIN latest l ON l.region_code = s.region_code AND l.year = s.year
LEFT JOIN monthly m ON m.region_code = l.region_code AND m.period_key = l.period_key
