CREATE VIEW rpt_coverage_province_month AS 
WITH totals AS (
    SELECT period_key, year, month, period_label,
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
    GROUP BY period_key, year, month, period_label
)
SELECT totals.*, '15' AS region_code, 'Jambi' AS region_name, 'province' AS kind,
       rate.denominator AS workforce, rate.denominator_year AS workforce_year,
       rate.is_derived AS workforce_is_derived, rate.coverage_pct
FROM totals
LEFT JOIN rpt_coverage_rate rate ON rate.period_key = totals.period_key AND rate.region_code = '15'
      AND rate.measure = 'pekerja_potensial'
