CREATE VIEW rpt_funding_source_month AS
WITH monthly AS (
    SELECT f.government_code, f.period_key, p.year, p.month, f.funding_source_code,
           SUM(f.active_participants) AS participants, SUM(f.contributions_idr) AS contributions_idr
    FROM fact_coverage_monthly f
    JOIN dim_period p ON p.period_key = f.period_key
    GROUP BY f.government_code, f.period_key, p.year, p.month, f.funding_source_code
), months AS (
    SELECT DISTINCT government_code, period_key FROM fact_coverage_monthly
)
SELECT m.government_code, m.period_key, m.year, m.month, m.funding_source_code,
       fs.name AS funding_source_name, fs.is_apbd, m.participants, m.contributions_idr,
       (SELECT SUM(y.contributions_idr) FROM monthly y
         WHERE y.government_code = m.government_code AND y.funding_source_code = m.funding_source_code
           AND y.year = m.year AND y.period_key <= m.period_key) AS contributions_year_idr,
       (SELECT COUNT(*) FROM monthly y
         WHERE y.government_code = m.government_code AND y.funding_source_code = m.funding_source_code
           AND y.year = m.year AND y.period_key <= m.period_key) AS months_in_year,
       (SELECT MAX(q.period_key) FROM months q
         WHERE q.government_code = m.government_code AND q.period_key < m.period_key) AS previous_period_key,
       (SELECT prev.participants FROM monthly prev
         WHERE prev.government_code = m.government_code AND prev.funding_source_code = m.funding_source_code
           AND prev.period_key = (SELECT MAX(q.period_key) FROM months q
                                   WHERE q.government_code = m.government_code AND q.period_key < m.period_key))
           AS previous_participants,
       (SELECT prev.contributions_idr FROM monthly prev
         WHERE prev.government_code = m.government_code AND prev.funding_source_code = m.funding_source_code
           AND prev.period_key = (SELECT MAX(q.period_key) FROM months q
                                   WHERE q.government_code = m.government_code AND q.period_key < m.period_key))
           AS previous_contributions_idr
FROM monthly m
JOIN dim_funding_source fs ON fs.funding_source_code = m.funding_source_code
