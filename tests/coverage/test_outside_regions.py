"""A regional office's export of two provinces, through ``pantau coverage ingest`` as users run it: the
deployment's government's rows load, the other province's are set aside and counted (in the batch record,
its notes, ``audit_quarantine_row`` and the command's output), or under ``PANTAU_OUTSIDE_ROWS=refuse`` the
file is refused naming them. The same file loaded by a deployment for the other province is new to it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from core import government
from core.settings import reset_settings
from tests.coverage import variants
from tests.security.test_bad_inputs import run_cli
from warehouse.db import get_engine

TITLE = ["REKAP KEPESERTAAN BPJS KETENAGAKERJAAN KANWIL SUMBAGSEL", "BULAN JUNI 2024", ""]
HEADER = ["No", "Kode Wilayah", "Kabupaten/Kota", "Sumber Dana", "Peserta Aktif", "Iuran (Rp)"]
ROWS = [  # Jambi: 1.000 + 2.000 + 500; Sumatera Selatan: 4.000 + 3.000 + 700 (rows 6-8 of the file)
    ("15.01", "Kerinci", "APBD Provinsi", 1_000),
    ("15.02", "Merangin", "APBD Provinsi", 2_000),
    ("15.71", "Kota Jambi", "APBD Provinsi", 500),
    ("16.07", "Banyuasin", "APBD Provinsi", 4_000),
    ("16.71", "Kota Palembang", "APBD Provinsi", 3_000),
    ("16.01", "Ogan Komering Ulu", "APBD Provinsi", 700),
]


def _export(folder: Path) -> Path:
    rows: list[list[object]] = [HEADER]
    rows += [[i, code, name, funding, variants.rupiah(n), variants.rupiah(n * 16_800)]
             for i, (code, name, funding, n) in enumerate(ROWS, start=1)]
    return variants.write_csv(folder / "kanwil-sumbagsel-2024-06.csv", rows, title=TITLE)


def _ingest(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, path: Path,
            fmt: str = "json", *options: str) -> tuple[int, Any, str]:
    code, out, err = run_cli(capsys, monkeypatch, "coverage", "ingest", "--period", "2024-06", str(path),
                             "--format", fmt, *options)
    assert "Traceback" not in out + err
    return code, json.loads(out) if fmt == "json" else out, err


def _rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with get_engine(url).connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


@pytest.fixture()
def serve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Switch the deployment to another government (a copy of Jambi's file with another code and name)."""
    import yaml

    def use(code: str, name: str) -> None:
        data = yaml.safe_load(government.DEFAULT_GOVERNMENT_FILE.read_text(encoding="utf-8"))
        data.update(code=code, name=name, short_name=name.split()[-1])
        path = tmp_path / f"government-{code}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        monkeypatch.setenv("PANTAU_GOVERNMENT_FILE", str(path))
        reset_settings()
        government.reset()

    yield use
    government.reset()


def test_rows_of_another_province_are_set_aside_and_counted(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                            monkeypatch) -> None:
    government.reset()
    code, results, _ = _ingest(capsys, monkeypatch, _export(tmp_path))
    result = results[0]
    assert code == 0 and result["status"] == "published", result
    assert (result["rows_read"], result["rows_loaded"], result["rows_quarantined"], result["rows_set_aside"]) == \
        (6, 3, 0, 3)
    batch = result["batch_id"]
    assert _rows(sqlite_url, "SELECT region_code, active_participants, government_code FROM fact_coverage_monthly "
                             "WHERE batch_id = :b ORDER BY region_code", b=batch) == [
        ("15.01", 1_000, "15"), ("15.02", 2_000, "15"), ("15.71", 500, "15")]
    record = _rows(sqlite_url, "SELECT rows_set_aside, rows_quarantined, government_code, notes "
                               "FROM audit_ingest_batch WHERE batch_id = :b", b=batch)[0]
    assert record[:3] == (3, 0, "15")
    note = next(n for n in json.loads(record[3]) if "other regions" in n)
    assert note.startswith("3 rows of other regions: Sumatera Selatan (16) 3 (rows ") and "set aside" in note
    set_aside = _rows(sqlite_url, "SELECT row_number, check_name, reason FROM audit_quarantine_row "
                                  "WHERE batch_id = :b ORDER BY row_number", b=batch)
    assert [(c, "Banyuasin" in r or "Palembang" in r or "Ogan" in r) for _n, c, r in set_aside] == \
        [("outside_government", True)] * 3
    assert all("outside Provinsi Jambi" in r for *_x, r in set_aside)
    # The table the command prints says it in words too.
    monkeypatch.setenv("COLUMNS", "400")
    code, out, _ = _ingest(capsys, monkeypatch, _export(tmp_path / "again"), "table", "--force")
    assert "kanwil-sumbagsel-2024-06.csv: 3 rows of other regions: Sumatera Selatan (16) 3 (rows" in out


def test_refuse_rejects_the_file_naming_rows_and_province(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    monkeypatch.setenv("PANTAU_OUTSIDE_ROWS", "refuse")
    reset_settings()
    government.reset()
    code, results, _err = _ingest(capsys, monkeypatch, _export(tmp_path))
    assert code == 2 and results[0]["status"] == "rejected"
    reason = results[0]["reason"]
    assert "3 rows of other regions: Sumatera Selatan (16) 3" in reason and "PANTAU_OUTSIDE_ROWS" in reason
    assert _rows(sqlite_url, "SELECT COUNT(*) FROM fact_coverage_monthly") == [(0,)]


def test_the_same_file_is_new_to_the_other_province(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                    monkeypatch, serve) -> None:
    import os
    import subprocess
    import sys

    government.reset()
    export = _export(tmp_path)
    code, jambi, _ = _ingest(capsys, monkeypatch, export)
    assert code == 0 and jambi[0]["rows_loaded"] == 3
    serve("16", "Provinsi Sumatera Selatan")
    # Sumatera Selatan's deployment is a process of its own (its regions are read once per process).
    done = subprocess.run([str(Path(sys.executable).parent / "pantau"), "coverage", "ingest", "--period", "2024-06",
                           str(export), "--format", "json"], env=dict(os.environ), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    sumsel = json.loads(done.stdout)[0]
    # Not "duplicate": the batch of the same file is Jambi's. Its own three rows load, Jambi's are set aside.
    assert (sumsel["status"], sumsel["rows_loaded"], sumsel["rows_set_aside"]) == ("published", 3, 3), sumsel
    assert _rows(sqlite_url, "SELECT government_code, SUM(active_participants) FROM fact_coverage_monthly "
                             "GROUP BY government_code ORDER BY government_code") == [("15", 3_500), ("16", 7_700)]
    assert _rows(sqlite_url, "SELECT government_code, status FROM audit_ingest_batch ORDER BY batch_id") == [
        ("15", "published"), ("16", "published")]


def test_a_roster_row_of_another_province_is_set_aside_without_who_it_is(sqlite_url: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                          capsys, monkeypatch) -> None:
    """A regional office's roster names people of two provinces: the government's people load; the other
    province's row is set aside and counted like an export's, and nothing of that person is kept in clear."""
    government.reset()
    other_nik = "1671024506880003"  # a Palembang NIK: Sumatera Selatan
    path = variants.roster(tmp_path, "daftar-peserta-kanwil-2024-06.csv", [
        (variants.NIKS[0], "Kerinci", "APBD Provinsi"), (variants.NIKS[1], "Merangin", "APBD Provinsi"),
        (other_nik, "Kota Palembang", "APBD Provinsi"), (variants.NIKS[2], "Kabupaten Tidak Ada", "APBD Provinsi")])
    code, results, err = _ingest(capsys, monkeypatch, path)
    result = results[0]
    assert code == 0 and result["status"] == "published", result
    # Two people load; Palembang's row is someone else's (set aside); an unknown regency stays a bad row.
    assert (result["rows_read"], result["rows_loaded"], result["rows_quarantined"], result["rows_set_aside"]) == \
        (4, 2, 1, 1)
    batch = result["batch_id"]
    assert _rows(sqlite_url, "SELECT region_code FROM fact_roster_participant WHERE batch_id = :b ORDER BY 1",
                 b=batch) == [("15.01",), ("15.02",)]
    quarantined = _rows(sqlite_url, "SELECT row_number, check_name, reason, raw FROM audit_quarantine_row "
                                    "WHERE batch_id = :b ORDER BY row_number", b=batch)
    assert [(n, c) for n, c, _r, _raw in quarantined] == [(7, "outside_government"), (8, "parse")]  # file rows, below the title
    assert "Kota Palembang" in quarantined[0][2] and "outside Provinsi Jambi" in quarantined[0][2]
    record = _rows(sqlite_url, "SELECT rows_set_aside, notes FROM audit_ingest_batch WHERE batch_id = :b", b=batch)[0]
    assert record[0] == 1 and any("Sumatera Selatan (16) 1 (row 7)" in n for n in json.loads(record[1]))
    everything = json.dumps(quarantined) + json.dumps(results) + err
    assert other_nik not in everything and "Peserta 3" not in everything
