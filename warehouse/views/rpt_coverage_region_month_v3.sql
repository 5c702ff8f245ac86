CREATE VIEW rpt_coverage_region_month AS 
WITH cov AS (
    SELECT f.government_code, f.period_key, f.region_code,
           SUM(f.active_participants) AS active_participants,
           SUM(f.new_participants) AS new_participants,
           SUM(f.contributions_idr) AS contributions_idr,
           SUM(CASE WHEN fs.is_apbd THEN f.active_participants ELSE 0 END) AS apbd_funded_participants,
           SUM(CASE WHEN f.funding_source_code = 'APBD_PROV' THEN f.active_participants ELSE 0 END)
               AS bkbk_participants,
           SUM(CASE WHEN f.funding_source_code = 'APBD_PROV' THEN f.contributions_idr ELSE 0 END)
               AS bkbk_contributions_idr
    FROM fact_coverage_monthly f
    JOIN dim_funding_source fs ON fs.funding_source_code = f.funding_source_code
    GROUP BY f.government_code, f.period_key, f.region_code
), clm AS (
    SELECT government_code, period_key, region_code, SUM(cases) AS claims_cases,
           SUM(benefits_paid_idr) AS benefits_paid_idr
    FROM fact_benefit_claims GROUP BY government_code, period_key, region_code
), keyed AS (
    SELECT government_code, period_key, region_code FROM cov
    UNION SELECT government_code, period_key, region_code FROM clm
)
SELECT k.government_code, k.period_key, p.year, p.month, p.label_id AS period_label,
       r.region_code, r.bps_code, r.name AS region_name, r.kind,
       COALESCE(cov.active_participants, 0) AS active_participants,
       cov.new_participants,
       COALESCE(cov.contributions_idr, 0) AS contributions_idr,
       COALESCE(cov.apbd_funded_participants, 0) AS apbd_funded_participants,
       COALESCE(cov.bkbk_participants, 0) AS bkbk_participants,
       COALESCE(cov.bkbk_contributions_idr, 0) AS bkbk_contributions_idr,
       COALESCE(clm.claims_cases, 0) AS claims_cases,
       COALESCE(clm.benefits_paid_idr, 0) AS benefits_paid_idr,
       rate.denominator AS workforce, rate.denominator_year AS workforce_year,
       rate.is_derived AS workforce_is_derived, rate.coverage_pct
FROM keyed k
JOIN dim_period p ON p.period_key = k.period_key
JOIN dim_region r ON r.region_code = k.region_code
LEFT JOIN cov ON cov.government_code = k.government_code AND cov.period_key = k.period_key
      AND cov.region_code = k.region_code
LEFT JOIN clm ON clm.government_code = k.government_code AND clm.period_key = k.period_key
      AND clm.region_code = k.region_code
LEFT JOIN rpt_coverage_rate rate ON rate.government_code = k.government_code
      AND rate.period_key = k.period_key AND rate.region_code = k.region_code
      AND rate.measure = 'pekerja_potensial'
