CREATE VIEW rpt_government_month AS
WITH own AS (
    SELECT f.government_code, f.period_key,
           SUM(f.active_participants) AS participants, SUM(f.contributions_idr) AS contributions_idr,
           COUNT(DISTINCT f.programme_set) AS programme_sets, MIN(f.programme_set) AS programme_set,
           COUNT(DISTINCT f.region_code) AS regions_reporting, COUNT(DISTINCT f.batch_id) AS batches
    FROM fact_coverage_monthly f
    JOIN ref_government g ON g.government_code = f.government_code
    JOIN audit_ingest_batch b ON b.batch_id = f.batch_id AND b.status = 'published'
    WHERE f.funding_source_code = g.own_funding_source_code
    GROUP BY f.government_code, f.period_key
), chosen AS (
    SELECT o.government_code, o.period_key, p.year,
           COALESCE(
               (SELECT MAX(w.year) FROM ref_workforce w
                 WHERE w.region_code = o.government_code AND w.measure = g.denominator_measure AND w.year <= p.year),
               (SELECT MIN(w.year) FROM ref_workforce w
                 WHERE w.region_code = o.government_code AND w.measure = g.denominator_measure)) AS denominator_year
    FROM own o
    JOIN ref_government g ON g.government_code = o.government_code
    JOIN dim_period p ON p.period_key = o.period_key
)
SELECT o.government_code, g.name AS government_name, g.level, g.own_funding_source_code, g.main_programme,
       g.programme_set AS configured_programme_set, g.monthly_contribution_idr,
       o.period_key, c.year, p.label_id AS period_label,
       o.participants, o.contributions_idr, o.programme_sets, o.programme_set, o.regions_reporting, o.batches,
       g.denominator_measure, c.denominator_year, w.value AS denominator, w.is_derived AS denominator_is_derived,
       w.publisher AS denominator_publisher, w.series AS denominator_series,
       CASE WHEN w.value > 0 THEN 100.0 * o.participants / w.value END AS share_pct,
       CASE WHEN o.participants > 0 THEN 1.0 * o.contributions_idr / o.participants END AS cost_per_participant_idr
FROM own o
JOIN ref_government g ON g.government_code = o.government_code
JOIN dim_period p ON p.period_key = o.period_key
JOIN chosen c ON c.government_code = o.government_code AND c.period_key = o.period_key
LEFT JOIN ref_workforce w ON w.region_code = o.government_code AND w.measure = g.denominator_measure
      AND w.year = c.denominator_year
