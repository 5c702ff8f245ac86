CREATE VIEW rpt_funding_month AS 
SELECT f.period_key, f.programme_set, f.funding_source_code, fs.name AS funding_source_name,
       fs.is_apbd, SUM(f.active_participants) AS participants, SUM(f.contributions_idr) AS contributions_idr
FROM fact_coverage_monthly f
JOIN dim_funding_source fs ON fs.funding_source_code = f.funding_source_code
GROUP BY f.period_key, f.programme_set, f.funding_source_code, fs.name, fs.is_apbd
