CREATE VIEW rpt_coverage_rate AS
WITH active AS (
    SELECT government_code, period_key, region_code, SUM(active_participants) AS active_participants
    FROM fact_coverage_monthly GROUP BY government_code, period_key, region_code
    UNION ALL
    SELECT f.government_code, f.period_key, r.parent_code AS region_code,
           SUM(f.active_participants) AS active_participants
    FROM fact_coverage_monthly f
    JOIN dim_region r ON r.region_code = f.region_code
    WHERE r.parent_code IS NOT NULL
    GROUP BY f.government_code, f.period_key, r.parent_code
), measures AS (
    SELECT DISTINCT measure FROM ref_workforce
), chosen AS (
    SELECT a.government_code, a.period_key, a.region_code, a.active_participants, m.measure,
           COALESCE(
               (SELECT MAX(w.year) FROM ref_workforce w
                 WHERE w.region_code = a.region_code AND w.measure = m.measure AND w.year <= p.year),
               (SELECT MIN(w.year) FROM ref_workforce w
                 WHERE w.region_code = a.region_code AND w.measure = m.measure)) AS denominator_year
    FROM active a
    JOIN dim_period p ON p.period_key = a.period_key
    CROSS JOIN measures m
)
SELECT c.government_code, c.period_key, c.region_code, c.measure, c.active_participants, c.denominator_year,
       w.value AS denominator, w.is_derived, w.method, w.note, w.publisher, w.table_title, w.source_url,
       w.retrieved_on, w.series,
       CASE WHEN w.value > 0 THEN 100.0 * c.active_participants / w.value END AS coverage_pct
FROM chosen c
JOIN ref_workforce w ON w.region_code = c.region_code AND w.measure = c.measure AND w.year = c.denominator_year
