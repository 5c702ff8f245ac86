CREATE VIEW rpt_reference_totals AS 
SELECT p.region_code, p.measure, p.year, p.series, p.value AS stated, SUM(r.value) AS computed,
       COUNT(r.region_code) AS regions
FROM ref_workforce p
JOIN dim_region child ON child.parent_code = p.region_code
JOIN ref_workforce r ON r.region_code = child.region_code AND r.measure = p.measure AND r.year = p.year
GROUP BY p.region_code, p.measure, p.year, p.series, p.value
