CREATE VIEW rpt_coverage_detail_month AS 
SELECT f.period_key, p.year, p.month, f.region_code, f.segment_code, f.programme_set, f.funding_source_code,
       SUM(f.active_participants) AS active_participants, SUM(f.new_participants) AS new_participants,
       SUM(f.contributions_idr) AS contributions_idr
FROM fact_coverage_monthly f
JOIN dim_period p ON p.period_key = f.period_key
GROUP BY f.period_key, p.year, p.month, f.region_code, f.segment_code, f.programme_set, f.funding_source_code
