"""Reference series from files, published yearly statistics, the number convention of a batch.

- ``ref_workforce`` becomes one row per region × year × measure with its source (publisher,
  table title, URL, date retrieved) and method, seeded from the versioned files under
  ``reference/`` (``workforce/*.yaml``) (the derived-only rows of 0002
  are replaced);
- ``fact_published_statistic``: yearly statistics as open-data tables publish them;
- ``audit_ingest_batch.number_convention``: the convention a file's numbers were read in;
- the coverage views are replaced so that the coverage rate is defined once, in
  ``rpt_coverage_rate``, against every denominator measure (the headline one, BPJS's potential
  workers, feeds ``rpt_coverage_region_month``/``rpt_coverage_province_month`` as before);
  ``rpt_reference_series``, ``rpt_reference_totals`` (a province total against the sum of its
  regencies) and ``rpt_published_statistic`` (beside the monthly exports) are new.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

from warehouse.migrations.view_files import create_view, create_views, drop_views

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

REPLACED_VIEWS = ("rpt_coverage_province_month", "rpt_coverage_region_month")


SEED_COLUMNS = ('region_code', 'year', 'measure', 'value', 'unit', 'publisher', 'table_title', 'source_url', 'retrieved_on', 'method', 'is_derived', 'note', 'series', 'series_version')
# The rows of reference/workforce/*.yaml as they stood (series version 1 of each file).
SEED_ROWS: tuple[tuple[object, ...], ...] = (
    ('15', 2024, 'pekerja_potensial', 1312370, 'orang', 'BPJS Ketenagakerjaan Cabang Jambi, through the press', 'Pekerja potensial dan peserta terlindungi jamsostek, Provinsi Jambi 2024', 'https://jambi.antaranews.com/berita/588583/568-ribu-tenaga-kerja-di-jambi-terlindungi-jamsostek', date(2026, 11, 26), 'published', False, '1.312.370 as stated for August 2024 (518.632 covered, 39,52%)', 'bpjstk-pekerja-potensial-2024', 1),
    ('15.01', 2024, 'pekerja_potensial', 92562, 'orang', 'BPJS Ketenagakerjaan Cabang Jambi, through the press', 'Pekerja potensial dan peserta terlindungi jamsostek, Provinsi Jambi 2024', 'https://jambi.antaranews.com/berita/588583/568-ribu-tenaga-kerja-di-jambi-terlindungi-jamsostek', date(2026, 11, 26), 'derived: province figure apportioned by SP2020 population share (BPS, Sensus Penduduk 2020), largest remainder', True, 'tidak diterbitkan per kabupaten/kota', 'bpjstk-pekerja-potensial-2024', 1),
    ('15.02', 2024, 'pekerja_potensial', 130952, 'orang', 'BPJS Ketenagakerjaan Cabang Jambi, through the press', 'Pekerja potensial dan peserta terlindungi jamsostek, Provinsi Jambi 2024', 'https://jambi.antaranews.com/berita/588583/568-ribu-tenaga-kerja-di-jambi-terlindungi-jamsostek', date(2026, 11, 26), 'derived: province figure apportioned by SP2020 population share (BPS, Sensus Penduduk 2020), largest remainder', True, 'tidak diterbitkan per kabupaten/kota', 'bpjstk-pekerja-potensial-2024', 1),
    ('15.03', 2024, 'pekerja_potensial', 107279, 'orang', 'BPJS Ketenagakerjaan Cabang Jambi, through the press', 'Pekerja potensial dan peserta terlindungi jamsostek, Provinsi Jambi 2024', 'https://jambi.antaranews.com/berita/588583/568-ribu-tenaga-kerja-di-jambi-terlindungi-jamsostek', date(2026, 11, 26), 'derived: province figure apportioned by SP2020 population share (BPS, Sensus Penduduk 2020), largest remainder', True, 'tidak diterbitkan per kabupaten/kota', 'bpjstk-pekerja-potensial-2024', 1),
    ('15.04', 2024, 'pekerja_potensial', 111589, 'orang', 'BPJS Ketenagakerjaan Cabang Jambi, through the press', 'Pekerja potensial dan peserta terlindungi jamsostek, Provinsi Jambi 2024', 'https://jambi.antaranews.com/berita/588583/568-ribu-tenaga-kerja-di-jambi-terlindungi-jamsostek', date(2026, 11, 26), 'derived: province figure apportioned by SP2020 population share (BPS, Sensus Penduduk 2020), largest remainder', True, 'tidak diterbitkan per kabupaten/kota', 'bpjstk-pekerja-potensial-2024', 1),
    ('15.05', 2024, 'pekerja_potensial', 148692, 'orang', 'BPJS Ketenagakerjaan Cabang Jambi, through the press', 'Pekerja potensial dan peserta terlindungi jamsostek, Provinsi Jambi 2024', 'https://jambi.antaranews.com/berita/588583/568-ribu-tenaga-kerja-di-jambi-terlindungi-jamsostek', date(2026, 11, 26), 'derived: province figure apportioned by SP2020 population share (BPS, Sensus Penduduk 2020), largest remainder', True, 'tidak diterbitkan per kabupaten/kota', 'bpjstk-pekerja-potensial-2024', 1),
    ('15.06', 2024, 'pekerja_potensial', 117432, 'orang', 'BPJS Ketenagakerjaan Cabang Jambi, through the press', 'Pekerja potensial dan peserta terlindungi jamsostek, Provinsi Jambi 2024', 'https://jambi.antaranews.com/berita/588583/568-ribu-tenaga-kerja-di-jambi-terlindungi-jamsostek', date(2026, 11, 26), 'derived: province figure apportioned by SP2020 population share (BPS, Sensus Penduduk 2020), largest remainder', True, 'tidak diterbitkan per kabupaten/kota', 'bpjstk-pekerja-potensial-2024', 1),
    ('15.07', 2024, 'pekerja_potensial', 85000, 'orang', 'BPJS Ketenagakerjaan Cabang Jambi, through the press', 'Pekerja potensial dan peserta terlindungi jamsostek, Provinsi Jambi 2024', 'https://jambi.antaranews.com/berita/588583/568-ribu-tenaga-kerja-di-jambi-terlindungi-jamsostek', date(2026, 11, 26), 'derived: province figure apportioned by SP2020 population share (BPS, Sensus Penduduk 2020), largest remainder', True, 'tidak diterbitkan per kabupaten/kota', 'bpjstk-pekerja-potensial-2024', 1),
    ('15.08', 2024, 'pekerja_potensial', 134026, 'orang', 'BPJS Ketenagakerjaan Cabang Jambi, through the press', 'Pekerja potensial dan peserta terlindungi jamsostek, Provinsi Jambi 2024', 'https://jambi.antaranews.com/berita/588583/568-ribu-tenaga-kerja-di-jambi-terlindungi-jamsostek', date(2026, 11, 26), 'derived: province figure apportioned by SP2020 population share (BPS, Sensus Penduduk 2020), largest remainder', True, 'tidak diterbitkan per kabupaten/kota', 'bpjstk-pekerja-potensial-2024', 1),
    ('15.09', 2024, 'pekerja_potensial', 124892, 'orang', 'BPJS Ketenagakerjaan Cabang Jambi, through the press', 'Pekerja potensial dan peserta terlindungi jamsostek, Provinsi Jambi 2024', 'https://jambi.antaranews.com/berita/588583/568-ribu-tenaga-kerja-di-jambi-terlindungi-jamsostek', date(2026, 11, 26), 'derived: province figure apportioned by SP2020 population share (BPS, Sensus Penduduk 2020), largest remainder', True, 'tidak diterbitkan per kabupaten/kota', 'bpjstk-pekerja-potensial-2024', 1),
    ('15.71', 2024, 'pekerja_potensial', 224213, 'orang', 'BPJS Ketenagakerjaan Cabang Jambi, through the press', 'Pekerja potensial dan peserta terlindungi jamsostek, Provinsi Jambi 2024', 'https://jambi.antaranews.com/berita/588583/568-ribu-tenaga-kerja-di-jambi-terlindungi-jamsostek', date(2026, 11, 26), 'derived: province figure apportioned by SP2020 population share (BPS, Sensus Penduduk 2020), largest remainder', True, 'tidak diterbitkan per kabupaten/kota', 'bpjstk-pekerja-potensial-2024', 1),
    ('15.72', 2024, 'pekerja_potensial', 35733, 'orang', 'BPJS Ketenagakerjaan Cabang Jambi, through the press', 'Pekerja potensial dan peserta terlindungi jamsostek, Provinsi Jambi 2024', 'https://jambi.antaranews.com/berita/588583/568-ribu-tenaga-kerja-di-jambi-terlindungi-jamsostek', date(2026, 11, 26), 'derived: province figure apportioned by SP2020 population share (BPS, Sensus Penduduk 2020), largest remainder', True, 'tidak diterbitkan per kabupaten/kota', 'bpjstk-pekerja-potensial-2024', 1),
    ('15.01', 2021, 'penduduk_bekerja', 130965, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.02', 2021, 'penduduk_bekerja', 192138, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.03', 2021, 'penduduk_bekerja', 137204, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.04', 2021, 'penduduk_bekerja', 132611, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.05', 2021, 'penduduk_bekerja', 202878, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.07', 2021, 'penduduk_bekerja', 115517, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.06', 2021, 'penduduk_bekerja', 179622, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.09', 2021, 'penduduk_bekerja', 181524, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.08', 2021, 'penduduk_bekerja', 168355, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.71', 2021, 'penduduk_bekerja', 262974, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.72', 2021, 'penduduk_bekerja', 43052, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15', 2021, 'penduduk_bekerja', 1746840, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.01', 2020, 'penduduk_bekerja', 127187, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.02', 2020, 'penduduk_bekerja', 190731, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.03', 2020, 'penduduk_bekerja', 141752, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.04', 2020, 'penduduk_bekerja', 128274, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.05', 2020, 'penduduk_bekerja', 194705, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.07', 2020, 'penduduk_bekerja', 119896, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.06', 2020, 'penduduk_bekerja', 179842, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.09', 2020, 'penduduk_bekerja', 180517, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.08', 2020, 'penduduk_bekerja', 168517, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.71', 2020, 'penduduk_bekerja', 265205, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.72', 2020, 'penduduk_bekerja', 42377, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15', 2020, 'penduduk_bekerja', 1740020, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.01', 2019, 'penduduk_bekerja', 119958, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.02', 2019, 'penduduk_bekerja', 186863, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.03', 2019, 'penduduk_bekerja', 134967, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.04', 2019, 'penduduk_bekerja', 114399, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.05', 2019, 'penduduk_bekerja', 183418, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.07', 2019, 'penduduk_bekerja', 112079, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.06', 2019, 'penduduk_bekerja', 165862, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.09', 2019, 'penduduk_bekerja', 175417, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.08', 2019, 'penduduk_bekerja', 166055, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.71', 2019, 'penduduk_bekerja', 283575, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15.72', 2019, 'penduduk_bekerja', 40982, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15', 2019, 'penduduk_bekerja', 1691782, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus), released through the press', 'Jumlah penduduk bekerja menurut kabupaten/kota, Provinsi Jambi, 2019-2021', 'https://sekato.id/bps-sebut-data-orang-bekerja-di-jambi-meningkat-setiap-tahun/', date(2026, 11, 26), 'published', False, None, 'bps-penduduk-bekerja-kabupaten-2019-2021', 1),
    ('15', 2023, 'penduduk_bekerja', 1800000, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus 2023), announced to the press', 'Keadaan ketenagakerjaan Provinsi Jambi Agustus 2023', 'https://senjari.com/?p=3191', date(2026, 11, 26), 'published', False, 'published rounded to 0,01 juta', 'bps-ketenagakerjaan-provinsi-2023', 1),
    ('15', 2023, 'angkatan_kerja', 1890000, 'orang', 'BPS Provinsi Jambi (Sakernas Agustus 2023), announced to the press', 'Keadaan ketenagakerjaan Provinsi Jambi Agustus 2023', 'https://senjari.com/?p=3191', date(2026, 11, 26), 'published', False, 'published rounded to 0,01 juta', 'bps-ketenagakerjaan-provinsi-2023', 1),
)
# What revision 0002 seeded, restored on downgrade.
WORKFORCE_SOURCE_0002 = "Derived: BPJS Ketenagakerjaan potential workers for Jambi, August 2024 (1.312.370), apportioned by SP2020 population share (BPS, Sensus Penduduk 2020)"
WORKFORCE_2024_0002 = {'15.01': 92562, '15.02': 130952, '15.03': 107279, '15.04': 111589, '15.05': 148692, '15.06': 117432, '15.07': 85000, '15.08': 134026, '15.09': 124892, '15.71': 224213, '15.72': 35733}
PROVINCE_WORKFORCE_2024_0002 = 1312370

# The coverage rate is defined once, in rpt_coverage_rate, against every denominator measure; the
# headline one (BPJS's potential workers) feeds the region and province views.
NEW_VIEWS: dict[str, int] = {
    "rpt_coverage_rate": 1, "rpt_coverage_region_month": 2, "rpt_coverage_province_month": 2,
    "rpt_reference_series": 1, "rpt_reference_totals": 1, "rpt_published_statistic": 1,
}


def upgrade() -> None:
    drop_views(REPLACED_VIEWS)
    op.drop_table("ref_workforce")
    ref = op.create_table(
        "ref_workforce",
        sa.Column("region_code", sa.String(8), sa.ForeignKey("dim_region.region_code",
                                                             name="fk_ref_workforce_region_code_dim_region"),
                  primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("measure", sa.String(32), primary_key=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("table_title", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("retrieved_on", sa.Date(), nullable=False),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("is_derived", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("series", sa.String(120), nullable=False),
        sa.Column("series_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "year", "measure", name="pk_ref_workforce"),
    )
    op.bulk_insert(ref, [dict(zip(SEED_COLUMNS, row, strict=True)) for row in SEED_ROWS])

    op.add_column("audit_ingest_batch", sa.Column("number_convention", sa.String(400), nullable=True))
    op.create_table(
        "fact_published_statistic",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(80), nullable=False),
        sa.Column("region_code", sa.String(8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(120), nullable=False),
        sa.Column("measure_label", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(40), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("metric", sa.String(40), nullable=True),
        sa.Column("code_system", sa.String(16), nullable=True),
        sa.Column("source_row", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["audit_ingest_batch.batch_id"],
                                name="fk_fact_published_statistic_batch_id_audit_ingest_batch"),
        sa.ForeignKeyConstraint(["region_code"], ["dim_region.region_code"],
                                name="fk_fact_published_statistic_region_code_dim_region"),
        sa.PrimaryKeyConstraint("id", name="pk_fact_published_statistic"),
        sa.UniqueConstraint("source_name", "measure", "region_code", "year",
                            name="uq_fact_published_statistic_source_name"),
    )
    op.create_index("ix_fact_published_statistic_batch_id", "fact_published_statistic", ["batch_id"])
    create_views(NEW_VIEWS)


def downgrade() -> None:
    drop_views(list(reversed(NEW_VIEWS)))
    op.drop_index("ix_fact_published_statistic_batch_id", table_name="fact_published_statistic")
    op.drop_table("fact_published_statistic")
    # Plain ALTER (SQLite 3.35+): a batch copy would trip over the views that read the table.
    op.execute("ALTER TABLE audit_ingest_batch DROP COLUMN number_convention")
    op.drop_table("ref_workforce")
    old = op.create_table(
        "ref_workforce",
        sa.Column("region_code", sa.String(8), sa.ForeignKey("dim_region.region_code",
                                                             name="fk_ref_workforce_region_code_dim_region"),
                  primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("workforce", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "year", name="pk_ref_workforce"),
    )
    rows = [{"region_code": code, "year": 2024, "workforce": n, "source": WORKFORCE_SOURCE_0002}
            for code, n in WORKFORCE_2024_0002.items()]
    rows.append({"region_code": "15", "year": 2024, "workforce": PROVINCE_WORKFORCE_2024_0002,
                 "source": "BPJS Ketenagakerjaan potential workers for Jambi, August 2024"})
    op.bulk_insert(old, rows)
    for name in reversed(REPLACED_VIEWS):
        create_view(name, 1)
