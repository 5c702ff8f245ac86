"""Open-data tables of yearly statistics (Satu Data long and wide forms) into the warehouse."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from core.errors import InputRejected
from extractors.ckan import fetch_ckan_dataset
from extractors.open_data import looks_like_open_data, parse_open_data
from extractors.tabular import read_table
from pantau.ingest import ingest_file
from tests.conftest import SAMPLE_DIR
from transforms.dates import Period
from transforms.regions import REGENCIES
from warehouse.db import get_engine

OPEN = SAMPLE_DIR / "open_data"
LONG = OPEN / "peserta-bpjs-ketenagakerjaan-kabupaten-kota.csv"
WIDE = OPEN / "pekerja-rentan-bkbk-kabupaten-kota.xlsx"
LONG_HEADER = ("kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,"
               "jumlah_peserta_aktif_bpjs_ketenagakerjaan,satuan,tahun")


def _parse(path: Path) -> Any:
    return parse_open_data(read_table(path, path.name))


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_long_form_in_bps_codes_is_read_by_code_and_name() -> None:
    parsed = _parse(LONG)
    frame = parsed.frame
    assert parsed.shape == "long" and parsed.code_system == "bps" and parsed.rejected == []
    assert len(frame) == 22 and set(frame["year"]) == {2023, 2024}
    # BPS 1506 is Tanjung Jabung Timur, Kemendagri 15.07.
    timur = frame[(frame["region_code"] == "15.07") & (frame["year"] == 2024)]
    assert timur["value"].tolist() == [26010.0]
    assert set(frame["metric"]) == {"active_participants"} and set(frame["unit"]) == {"ORANG"}


def test_kemendagri_numbering_without_dots_is_recognised_from_the_names(tmp_path: Path) -> None:
    path = _write(tmp_path, "kemendagri.csv", [
        LONG_HEADER, "15,JAMBI,1506,TANJUNG JABUNG BARAT,100,ORANG,2024",
        "15,JAMBI,1507,TANJUNG JABUNG TIMUR,200,ORANG,2024", "15,JAMBI,1501,KERINCI,300,ORANG,2024"])
    parsed = _parse(path)
    assert parsed.code_system == "kemendagri"
    values = dict(zip(parsed.frame["region_code"], parsed.frame["value"], strict=True))
    assert values == {"15.06": 100.0, "15.07": 200.0, "15.01": 300.0}


def test_codes_alone_never_decide_the_code_system(tmp_path: Path) -> None:
    path = _write(tmp_path, "codes-only.csv", ["kode_kabupaten_kota,jumlah_peserta,tahun", "1506,100,2024",
                                               "1501,300,2024"])
    with pytest.raises(InputRejected, match=r"1506.*no region names"):
        _parse(path)
    unambiguous = _write(tmp_path, "codes-same-in-both.csv", ["kode_kabupaten_kota,jumlah_peserta,tahun",
                                                              "1501,300,2024", "1571,500,2024"])
    assert sorted(_parse(unambiguous).frame["region_code"]) == ["15.01", "15.71"]


def test_rows_agreeing_in_different_systems_reject_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "mixed.csv", [
        LONG_HEADER, "15,JAMBI,1506,TANJUNG JABUNG TIMUR,100,ORANG,2024",  # BPS
        "15,JAMBI,1508,BUNGO,200,ORANG,2024"])  # Kemendagri 15.08 without the dot
    with pytest.raises(InputRejected, match=r"BPS numbering.*Kemendagri numbering"):
        _parse(path)


def test_a_code_that_disagrees_with_its_name_is_quarantined(tmp_path: Path) -> None:
    path = _write(tmp_path, "disagree.csv", [
        LONG_HEADER, "15,JAMBI,1506,TANJUNG JABUNG TIMUR,100,ORANG,2024",
        "15,JAMBI,1502,KERINCI,300,ORANG,2024", "15,JAMBI,1701,KOTA BENGKULU,5,ORANG,2024"])
    parsed = _parse(path)
    assert parsed.frame["region_code"].tolist() == ["15.07"]
    reasons = {r.row_number: r.reason for r in parsed.rejected}
    assert "'1502' and name 'KERINCI' disagree" in reasons[3] and "Merangin" in reasons[3]
    assert reasons[4] == "a row outside Provinsi Jambi"


def test_wide_form_with_totals_that_do_not_add_up() -> None:
    parsed = _parse(WIDE)
    frame = parsed.frame
    assert parsed.shape == "wide" and parsed.code_system == "kemendagri"
    assert set(frame["year"]) == {2022, 2023}  # 2024 holds "0": not yet filled
    assert parsed.measure_label.startswith("Jumlah Pekerja Rentan Dilindungi BKBK")
    assert set(frame["metric"]) == {"bkbk_participants"}  # the province's BKBK participants, compared as such
    assert [(t.year, int(t.stated), int(t.computed)) for t in parsed.totals] == [(2022, 67600, 67520),
                                                                                 (2023, 100300, 100270)]


def test_the_shape_decides_not_the_name() -> None:
    monthly = SAMPLE_DIR / "coverage" / "rekap-kepesertaan-2024-05.csv"
    assert not looks_like_open_data(read_table(monthly, monthly.name))
    assert looks_like_open_data(read_table(LONG, LONG.name))


def _scalar(url: str, sql: str, **params: Any) -> Any:
    with get_engine(url).connect() as conn:
        return conn.execute(sa.text(sql), params).scalar()


def test_published_table_lands_beside_the_monthly_exports(warehouse_url: str, tmp_path: Path) -> None:
    june = ingest_file(SAMPLE_DIR / "coverage" / "rekap-kepesertaan-2024-06.csv", expected_period=Period(2024, 6))
    assert june.status == "published"
    result = ingest_file(LONG, expected_period=Period(2024, 6))  # a yearly table ignores the run's month
    assert result.status == "published" and result.dataset == "published_statistics" and result.period is None
    assert result.rows_loaded == 22
    with get_engine(warehouse_url).connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM rpt_published_statistic WHERE region_code = '15.07' AND "
                                   "year = 2024")).mappings().one()
        exported = conn.execute(sa.text("SELECT active_participants FROM rpt_coverage_region_month WHERE "
                                        "region_code = '15.07' AND period_key = 202406")).scalar()
    assert row["value"] == 26010 and row["export_period_key"] == 202406 and row["export_value"] == exported
    assert _scalar(warehouse_url, "SELECT number_convention FROM audit_ingest_batch WHERE batch_id = :b",
                   b=result.batch_id) == "id"
    # The same file again changes nothing; a corrected table replaces the measure's rows.
    assert ingest_file(LONG).status == "duplicate"
    corrected = tmp_path / "peserta-koreksi.csv"
    corrected.write_text(LONG.read_text().replace("26010", "23400"), encoding="utf-8")
    replaced = ingest_file(corrected)
    assert replaced.status == "published"
    assert _scalar(warehouse_url, "SELECT COUNT(*) FROM fact_published_statistic") == 22
    assert _scalar(warehouse_url, "SELECT value FROM fact_published_statistic WHERE region_code = '15.07' "
                                  "AND year = 2024") == 23400
    assert _scalar(warehouse_url, "SELECT status FROM audit_ingest_batch WHERE batch_id = :b",
                   b=result.batch_id) == "superseded"


def test_totals_that_do_not_add_up_are_a_recorded_warning(warehouse_url: str) -> None:
    result = ingest_file(WIDE)
    assert result.status == "published" and result.warnings == 1
    assert _scalar(warehouse_url, "SELECT COUNT(*) FROM audit_dq_result WHERE batch_id = :b AND level = 'warn' "
                                  "AND success = FALSE", b=result.batch_id) == 1
    # Kept as published: the province row holds the stated total.
    assert _scalar(warehouse_url, "SELECT value FROM fact_published_statistic WHERE region_code = '15' AND "
                                  "year = 2022") == 67600


def test_duplicate_region_years_reject_the_table(sqlite_url: str, tmp_path: Path) -> None:
    path = _write(tmp_path, "dup.csv", [LONG_HEADER, "15,JAMBI,1501,KERINCI,300,ORANG,2024",
                                        "15,JAMBI,1501,KAB. KERINCI,310,ORANG,2024"])
    result = ingest_file(path)
    assert result.status == "rejected" and "compound columns to be unique" in (result.reason or "")
    assert _scalar(sqlite_url, "SELECT COUNT(*) FROM fact_published_statistic") == 0


class _Ckan:
    """A CKAN portal on loopback whose one resource is a DataStore table in the long form."""

    def __init__(self) -> None:
        records = [{"_id": i, "kode_provinsi": "15", "kode_kabupaten_kota": r.bps_code,
                    "nama_kabupaten_kota": r.name.upper(), "jumlah_peserta_bpjs_ketenagakerjaan": 1000 + i,
                    "satuan": "Orang", "tahun": 2024} for i, r in enumerate(REGENCIES)]
        fields = [{"id": k} for k in records[0]]
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/api/3/action/package_show":
                    result: Any = {"resources": [{"id": "r1", "name": "peserta bpjstk kabupaten kota",
                                                  "format": "CSV", "url": "/x.csv", "datastore_active": True}]}
                elif url.path == "/api/3/action/datastore_search":
                    offset, limit = int(query["offset"]), int(query["limit"])
                    outer.pages += 1
                    result = {"fields": fields, "records": records[offset:offset + limit], "total": len(records)}
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                body = json.dumps({"success": True, "result": result}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.pages = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def ckan() -> Iterator[_Ckan]:
    portal = _Ckan()
    yield portal
    portal.close()


def test_ckan_datastore_table_goes_through_the_drop_folder(ckan: _Ckan, sqlite_url: str, tmp_path: Path) -> None:
    paths = fetch_ckan_dataset("peserta", None, tmp_path / "landing", base_url=ckan.url, page_size=5)
    assert len(paths) == 1 and ckan.pages == 3  # 11 records, 5 a page
    result = ingest_file(paths[0])
    assert result.status == "published" and result.dataset == "published_statistics"
    assert _scalar(sqlite_url, "SELECT value FROM fact_published_statistic WHERE region_code = '15.07'") == \
        1000 + [r.kemendagri_code for r in REGENCIES].index("15.07")


def test_a_yearly_table_in_the_drop_folder_is_taken_once_by_the_monthly_run(sqlite_url: str,
                                                                            isolated_settings: Path) -> None:
    import shutil

    from pantau.tasks.coverage import ingest, landing_files

    landing = isolated_settings / "landing" / "satu-data"
    landing.mkdir(parents=True)
    shutil.copy2(LONG, landing / LONG.name)
    for period, expected in (("2024-06", "published"), ("2024-07", "duplicate")):
        files = landing_files(period)
        assert files == [str(landing / LONG.name)]
        assert ingest(files[0], period)["status"] == expected
    assert _scalar(sqlite_url, "SELECT COUNT(*) FROM fact_published_statistic") == 22
