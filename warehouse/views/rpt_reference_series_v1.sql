CREATE VIEW rpt_reference_series AS 
SELECT w.region_code, r.bps_code, r.name AS region_name, r.kind, w.year, w.measure, w.value, w.unit,
       w.publisher, w.table_title, w.source_url, w.retrieved_on, w.method, w.is_derived, w.note, w.series,
       w.series_version
FROM ref_workforce w
JOIN dim_region r ON r.region_code = w.region_code
