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
), joined AS (
    SELECT totals.*, '15' AS region_code, 'Jambi' AS region_name, 'province' AS kind,
           COALESCE(
    (SELECT w.workforce FROM ref_workforce w WHERE w.region_code = '15' AND w.year =
        (SELECT MAX(w2.year) FROM ref_workforce w2 WHERE w2.region_code = '15' AND w2.year <= totals.year)),
    (SELECT w.workforce FROM ref_workforce w WHERE w.region_code = '15' AND w.year =
        (SELECT MIN(w2.year) FROM ref_workforce w2 WHERE w2.region_code = '15'))) AS workforce
    FROM totals
)
SELECT joined.*,
       CASE WHEN workforce > 0 THEN 100.0 * active_participants / workforce END AS coverage_pct
FROM joined
