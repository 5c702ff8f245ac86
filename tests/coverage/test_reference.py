"""Reference series from files: loading, validation, coverage rates against each denominator,
the honest empty month, and the report's reference sections."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from core.errors import InputRejected
from pantau.ingest import ingest_file
from pantau.reference import load_reference_file
from tests.conftest import SAMPLE_DIR
from transforms.dates import Period
from warehouse.db import get_engine, session_scope
from warehouse.reference import REFERENCE_DIR, SEED_FILES, read_reference_file
from warehouse.reporting import coverage_by_region

BPS_FILE = REFERENCE_DIR / "workforce" / "bps-penduduk-bekerja-kabupaten-2019-2021.yaml"
PANTAU = Path(sys.executable).parent / "pantau"

OFFICIAL = """\
series: bpjstk-pekerja-potensial-kabupaten-2024
version: 1
measure: pekerja_potensial
unit: orang
code_system: bps
source:
  publisher: BPJS Ketenagakerjaan Kantor Wilayah (test figures)
  table_title: Pekerja potensial menurut kabupaten/kota 2024
  url: https://example.org/pekerja-potensial-2024
  retrieved: 2026-11-20
method: published
rows:
  - {code: "1506", name: Tanjung Jabung Timur, year: 2024, value: 90000}
  - {code: "1507", name: Tanjung Jabung Barat, year: 2024, value: 120000}
"""


def _scalar(url: str, sql: str, **params: Any) -> Any:
    with get_engine(url).connect() as conn:
        return conn.execute(sa.text(sql), params).scalar()


def test_seed_files_read_with_sources_and_methods() -> None:
    rows = [row for name in SEED_FILES for row in read_reference_file(REFERENCE_DIR / name).rows]
    assert len(rows) == 50
    derived = [r for r in rows if r.is_derived]
    assert {r.region_code for r in derived} == {f"15.{n:02d}" for n in range(1, 10)} | {"15.71", "15.72"}
    assert all(r.measure == "pekerja_potensial" and r.year == 2024 for r in derived)


@pytest.mark.parametrize(("text", "fragments"), [
    (OFFICIAL.replace("  url: https://example.org/pekerja-potensial-2024\n", ""),
     ["row 12", "column 'url'", "source 'url' is missing"]),
    (OFFICIAL.replace('code: "1506", name: Tanjung Jabung Timur', 'code: "1506", name: Tanjung Jabung Barat'),
     ["row 13", "column 'code'", "'1506' and name 'Tanjung Jabung Barat' disagree", "Tanjung Jabung Timur"]),
    (OFFICIAL.replace("measure: pekerja_potensial", "measure: tenaga_kerja"), ["row 13", "unknown measure"]),
    (OFFICIAL.replace("value: 90000", "value: 90.5"), ["row 13", "column 'value'", "not a whole number"]),
    (OFFICIAL + '  - {code: "1506", name: Tanjab Timur, year: 2024, value: 1}\n', ["appears twice"]),
])
def test_malformed_reference_files_name_file_line_and_column(tmp_path: Path, text: str, fragments: list[str]) -> None:
    path = tmp_path / "official.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        read_reference_file(path)
    message = str(caught.value)
    assert message.startswith("official.yaml")
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_official_figures_replace_derived_ones_once(warehouse_url: str, tmp_path: Path) -> None:
    path = tmp_path / "official.yaml"
    path.write_text(OFFICIAL, encoding="utf-8")
    result = load_reference_file(path)
    assert result.status == "published" and result.rows_loaded == 2
    with get_engine(warehouse_url).connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM ref_workforce WHERE region_code = '15.07' AND year = 2024 "
                                   "AND measure = 'pekerja_potensial'")).mappings().one()
    assert row["value"] == 90000 and not row["is_derived"] and row["series"] == result.series
    again = load_reference_file(path)
    assert again.status == "duplicate"
    assert _scalar(warehouse_url, "SELECT COUNT(*) FROM ref_workforce") == 50
    assert _scalar(warehouse_url, "SELECT COUNT(*) FROM audit_ingest_batch WHERE dataset = 'reference'") == 1


def test_totals_that_do_not_add_up_are_a_warning_and_kept(warehouse_url: str) -> None:
    result = load_reference_file(BPS_FILE, force=True)
    assert result.status == "published" and result.warnings == 1
    with get_engine(warehouse_url).connect() as conn:  # closed, so no transaction blocks the next test's TRUNCATE
        outcome = dict(conn.execute(sa.text(
            "SELECT level, success, unexpected_count FROM audit_dq_result WHERE batch_id = :b "
            "AND suite_name = 'reference_series_totals'"), {"b": result.batch_id}).mappings().one())
    assert outcome["level"] == "warn" and not outcome["success"] and outcome["unexpected_count"] == 2  # 2019, 2020
    assert _scalar(warehouse_url, "SELECT value FROM ref_workforce WHERE region_code = '15' AND year = 2019 AND "
                                  "measure = 'penduduk_bekerja'") == 1_691_782


def test_coverage_rates_against_both_denominators(warehouse_url: str) -> None:
    assert ingest_file(SAMPLE_DIR / "coverage" / "rekap-kepesertaan-2024-06.csv").status == "published"
    with session_scope(get_engine(warehouse_url)) as session:
        entries = {e["region_code"]: e for e in coverage_by_region(session, Period(2024, 6))}
    timur, province = entries["15.07"], entries["15"]
    assert timur["status"] == "reported"
    potential, employed = timur["denominators"]["pekerja_potensial"], timur["denominators"]["penduduk_bekerja"]
    assert potential["denominator"] == 85000 and potential["year"] == 2024 and potential["is_derived"]
    assert employed["denominator"] == 115_517 and employed["year"] == 2021 and not employed["is_derived"]
    assert employed["coverage_pct"] == pytest.approx(100 * timur["active_participants"] / 115_517)
    assert timur["coverage_pct"] == potential["coverage_pct"]
    # The province: BPJS's own base (2024) and BPS employed persons of 2023; labour force only for it.
    assert province["denominators"]["penduduk_bekerja"]["denominator"] == 1_800_000
    assert province["denominators"]["angkatan_kerja"]["year"] == 2023
    assert "angkatan_kerja" not in timur["denominators"]


def test_a_month_without_a_batch_says_so(sqlite_url: str) -> None:
    done = subprocess.run([str(PANTAU), "coverage", "report", "--period", "2024-03"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Tidak ada data kepesertaan yang dipublikasikan untuk Maret 2024" in done.stdout
    assert "0,0%" not in done.stdout and "Kerinci" not in done.stdout
    as_json = subprocess.run([str(PANTAU), "coverage", "report", "--period", "2024-03", "--format", "json"],
                             capture_output=True, text=True, timeout=120)
    data = json.loads(as_json.stdout)
    assert data["published"] is False
    assert {r["status"] for r in data["regions"]} == {"no_data_published"}
    assert all(r["active_participants"] is None for r in data["regions"])


def test_a_regency_missing_from_a_published_month_is_said_missing(sqlite_url: str, tmp_path: Path) -> None:
    export = tmp_path / "rekap-juni.csv"
    export.write_text("REKAP BKBK BULAN JUNI 2024\nNo;Kabupaten/Kota;Sumber Dana;Peserta Aktif;Iuran\n"
                      "1;Kerinci;APBD Provinsi;100;1.680.000\n2;Tebo;APBD Provinsi;50;840.000\n", encoding="utf-8")
    assert ingest_file(export).status == "published"
    done = subprocess.run([str(PANTAU), "coverage", "report", "--period", "2024-06", "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    regions = {r["region_code"]: r for r in json.loads(done.stdout)["regions"]}
    assert regions["15.01"]["status"] == "reported" and regions["15.01"]["active_participants"] == 100
    assert regions["15.02"]["status"] == "missing" and regions["15.02"]["active_participants"] is None
    table = subprocess.run([str(PANTAU), "coverage", "report", "--period", "2024-06"], capture_output=True,
                           text=True, timeout=120)
    merangin = next(line for line in table.stdout.splitlines() if "Merangin" in line)
    assert "tidak ada data" in merangin


def test_cli_reference_load_rejects_with_exit_2(sqlite_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(OFFICIAL.replace("value: 90000", "value: -5"), encoding="utf-8")
    done = subprocess.run([str(PANTAU), "reference", "load", str(bad)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "rejected: bad.yaml, row 13, column 'value'" in done.stderr
    assert _scalar(sqlite_url, "SELECT COUNT(*) FROM ref_workforce WHERE value < 0") == 0


def test_report_shows_denominators_sources_and_published_tables(sqlite_url: str, tmp_path: Path) -> None:
    from reports.build import build_report

    for name in ("rekap-kepesertaan-2024-05.csv", "rekap-kepesertaan-2024-06.csv"):
        assert ingest_file(SAMPLE_DIR / "coverage" / name).status == "published"
    assert ingest_file(SAMPLE_DIR / "open_data" / "peserta-bpjs-ketenagakerjaan-kabupaten-kota.csv").status == \
        "published"
    gx_batch = load_reference_file(BPS_FILE).batch_id
    html = build_report(Period(2024, 6), tmp_path / "out")["html"].read_text(encoding="utf-8")
    section = html[html.index('id="penyebut"'):html.index('id="statistik-tahunan"')]
    assert "Pekerja potensial (BPJS Ketenagakerjaan)" in section and "Penduduk bekerja (BPS" in section
    assert "Diturunkan, bukan angka terbitan: tidak diterbitkan per kabupaten/kota" in section and "(2021)" in section
    assert section.count("tidak diterbitkan per kabupaten/kota") == 1  # the note is said once, not per row
    assert "1.691.782" in section and "1.683.575" in section  # 2019 does not add up: shown, not corrected
    assert f'mutu data lulus dengan peringatan, batch <a href="#batch-{gx_batch}">{gx_batch}</a>' in section
    published = html[html.index('id="statistik-tahunan"'):]
    timur = published[published.index("<td>Tanjung Jabung Timur</td>"):][:600]
    assert "26.010" in timur and "Juni 2024" in timur and "berbeda" in timur  # +11,9% against June's export
    kota = published[published.index("<td>Kota Jambi</td>"):][:600]
    assert "100.120" in kota and "berbeda" not in kota  # -0,7%
    assert "Jumlah peserta aktif BPJS ketenagakerjaan (orang), 2024" in timur  # the table's header, readable
    sources = html[html.index('id="sumber"'):]
    for url in ("https://sekato.id/", "https://senjari.com/", "https://jambi.antaranews.com/berita/588583/"):
        assert url in sources

    empty = build_report(Period(2024, 2), tmp_path / "empty")["html"].read_text(encoding="utf-8")
    assert "Tidak ada data kepesertaan yang dipublikasikan untuk Februari 2024" in empty
    assert "Kerinci" not in empty[empty.index('id="kabupaten"'):empty.index('id="penyebut"')]


def test_excel_carries_the_reference_sheets(sqlite_url: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from reports.build import build_report

    assert ingest_file(SAMPLE_DIR / "coverage" / "rekap-kepesertaan-2024-06.csv").status == "published"
    assert ingest_file(SAMPLE_DIR / "open_data" / "peserta-bpjs-ketenagakerjaan-kabupaten-kota.csv").status == \
        "published"
    workbook = load_workbook(build_report(Period(2024, 6), tmp_path)["xlsx"])
    reference = ["Penyebut", "Statistik Tahunan", "Sumber"]
    assert [name for name in workbook.sheetnames if name in reference] == reference
    rates = {row[0]: row for row in workbook["Penyebut"].iter_rows(min_row=2, values_only=True)}
    assert rates["15.07"][4:7] == (85000, 2024, "ya")  # pekerja potensial, derived
    flagged = [row for row in workbook["Statistik Tahunan"].iter_rows(min_row=2, values_only=True) if row[9] == "ya"]
    assert [(row[0], row[2]) for row in flagged] == [("15.07", 2024)]
