CREATE VIEW rpt_coverage_province_month AS
WITH totals AS (
    SELECT government_code, period_key, year, month, period_label,
           SUM(active_participants) AS active_participants,
           SUM(new_participants) AS new_participants,
           SUM(contributions_idr) AS contributions_idr,
           SUM(apbd_funded_participants) AS apbd_funded_participants,
           SUM(bkbk_participants) AS bkbk_participants,
           SUM(bkbk_contributions_idr) AS bkbk_contributions_idr,
           SUM(claims_cases) AS claims_cases,
           SUM(benefits_paid_idr) AS benefits_paid_idr,
           COUNT(*) AS regions_reporting
    FROM rpt_coverage_region_month
    GROUP BY government_code, period_key, year, month, period_label
)
SELECT totals.*, r.region_code, r.name AS region_name, r.kind,
       rate.denominator AS workforce, rate.denominator_year AS workforce_year,
       rate.is_derived AS workforce_is_derived, rate.coverage_pct
FROM totals
JOIN dim_region r ON r.region_code = totals.government_code
LEFT JOIN rpt_coverage_rate rate ON rate.government_code = totals.government_code
      AND rate.period_key = totals.period_key AND rate.region_code = r.region_code
      AND rate.measure = 'pekerja_potensial'
