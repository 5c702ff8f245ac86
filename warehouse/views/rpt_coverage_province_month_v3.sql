CREATE VIEW rpt_coverage_province_month AS 
WITH totals AS (
    SELECT m.period_key, m.year, m.month, m.period_label, r.parent_code,
           SUM(m.active_participants) AS active_participants,
           SUM(m.new_participants) AS new_participants,
           SUM(m.contributions_idr) AS contributions_idr,
           SUM(m.apbd_funded_participants) AS apbd_funded_participants,
           SUM(m.bkbk_participants) AS bkbk_participants,
           SUM(m.bkbk_contributions_idr) AS bkbk_contributions_idr,
           SUM(m.claims_cases) AS claims_cases,
           SUM(m.benefits_paid_idr) AS benefits_paid_idr,
           COUNT(*) AS regions_reporting
    FROM rpt_coverage_region_month m
    JOIN dim_region r ON r.region_code = m.region_code
    WHERE r.parent_code IS NOT NULL
    GROUP BY m.period_key, m.year, m.month, m.period_label, r.parent_code
)
SELECT totals.period_key, totals.year, totals.month, totals.period_label,
       totals.active_participants, totals.new_participants, totals.contributions_idr,
       totals.apbd_funded_participants, totals.bkbk_participants, totals.bkbk_contributions_idr,
       totals.claims_cases, totals.benefits_paid_idr, totals.regions_reporting,
       g.region_code, g.name AS region_name, g.kind,
       rate.denominator AS workforce, rate.denominator_year AS workforce_year,
       rate.is_derived AS workforce_is_derived, rate.coverage_pct
FROM totals
JOIN dim_region g ON g.region_code = totals.parent_code
LEFT JOIN rpt_coverage_rate rate ON rate.period_key = totals.period_key AND rate.region_code = g.region_code
      AND rate.measure = 'pekerja_potensial'
