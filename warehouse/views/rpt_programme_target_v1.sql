CREATE VIEW rpt_programme_target AS
SELECT t.series, t.series_version, t.programme, t.funding_source_code, t.segment_code, t.programme_set,
       t.region_code, t.year, t.measure, t.value, t.unit, t.publisher, t.document, t.document_verified,
       t.source_url, t.retrieved_on, t.file_name
FROM ref_programme_target t
