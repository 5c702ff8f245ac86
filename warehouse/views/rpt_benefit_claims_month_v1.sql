CREATE VIEW rpt_benefit_claims_month AS 
SELECT c.period_key, p.year, p.month, c.region_code, c.programme_set,
       SUM(c.cases) AS cases, SUM(c.benefits_paid_idr) AS benefits_paid_idr
FROM fact_benefit_claims c
JOIN dim_period p ON p.period_key = c.period_key
GROUP BY c.period_key, p.year, p.month, c.region_code, c.programme_set
