CREATE VIEW rpt_reference_totals AS 
SELECT p.measure, p.year, p.series, p.value AS stated, SUM(r.value) AS computed,
       COUNT(r.region_code) AS regions
FROM ref_workforce p
JOIN ref_workforce r ON r.measure = p.measure AND r.year = p.year AND r.region_code <> '15'
WHERE p.region_code = '15'
GROUP BY p.measure, p.year, p.series, p.value
