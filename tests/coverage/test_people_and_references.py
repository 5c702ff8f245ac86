"""Rosters and reference series through the CLI: NIKs that arrived as numbers, people funded twice by
any two funders, a roster sent in parts, a roster's NIK column under its other names, start dates that
cannot be, reference figures that cannot be, and YAML with a key written twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.coverage import variants
from tests.coverage.variants import NIKS
from tests.security.test_bad_inputs import run_cli
from warehouse.db import get_engine


def _ingest(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *paths: Path,
            fmt: str = "json") -> tuple[int, Any, str]:
    code, out, err = run_cli(capsys, monkeypatch, "coverage", "ingest", "--period", "2024-06",
                             *(str(p) for p in paths), "--format", fmt)
    assert "Traceback" not in out + err
    return code, (json.loads(out) if fmt == "json" else out), err


def _rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with get_engine(url).connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def _quarantined(url: str, batch_id: int) -> dict[int, str]:
    return {int(r): str(reason) for r, reason in _rows(
        url, "SELECT row_number, reason FROM audit_quarantine_row WHERE batch_id = :b", b=batch_id)}


def test_a_nik_in_scientific_notation_is_quarantined(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = variants.roster(tmp_path, "daftar-2024-06.csv", [
        (NIKS[0], "Kerinci", "APBD Provinsi"),
        ("1.50203120779001E+15", "Merangin", "APBD Provinsi"),  # lost its last digit
        ("1.502031207790011E+15", "Merangin", "APBD Provinsi"),  # all 16 digits, still a number
    ])
    code, results, _ = _ingest(capsys, monkeypatch, path)
    assert code == 0 and results[0]["dataset"] == "roster", results
    found = _quarantined(sqlite_url, results[0]["batch_id"])
    assert set(found) == {6, 7} and all("NIK" in reason for reason in found.values()), found
    assert results[0]["rows_loaded"] == 1


def test_numeric_nik_cells_of_a_workbook_are_quarantined(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                         monkeypatch) -> None:
    code, results, _ = _ingest(capsys, monkeypatch, variants.roster_xlsx_numeric_niks(tmp_path))
    assert code == 0 and results[0]["dataset"] == "roster", results
    found = _quarantined(sqlite_url, results[0]["batch_id"])
    assert set(found) == {5, 6}, found
    assert all("number" in reason for reason in found.values()), found
    assert not _rows(sqlite_url, "SELECT * FROM audit_finding")


def test_the_same_person_twice_in_one_roster_is_a_finding(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    path = variants.roster(tmp_path, "daftar-ganda-2024-06.csv", [
        (NIKS[0], "Kerinci", "APBD Provinsi"), (NIKS[1], "Kerinci", "APBD Provinsi"),
        (NIKS[0], "Kerinci", "APBD Provinsi")])
    code, results, _ = _ingest(capsys, monkeypatch, path)
    assert code == 0, results
    findings = _rows(sqlite_url, "SELECT kind, detail FROM audit_finding WHERE batch_id = :b",
                     b=results[0]["batch_id"])
    assert len(findings) == 1 and "double_funding" in findings[0][0], findings
    assert NIKS[0] not in str(findings)
    unique = _rows(sqlite_url, "SELECT success, level FROM audit_dq_result WHERE batch_id = :b AND "
                               "expectation_type = 'expect_column_values_to_be_unique'", b=results[0]["batch_id"])
    assert unique == [(False, "warn")] or unique == [(0, "warn")]


def test_province_and_regency_funding_one_person_in_one_regency_is_a_finding(sqlite_url: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                            capsys, monkeypatch) -> None:
    path = variants.roster(tmp_path, "daftar-dua-dana-2024-06.csv", [
        (NIKS[2], "Sarolangun", "APBD Provinsi"), (NIKS[2], "Sarolangun", "APBD Kab/Kota"),
        (NIKS[3], "Sarolangun", "APBD Provinsi")])
    code, results, _ = _ingest(capsys, monkeypatch, path)
    assert code == 0, results
    findings = _rows(sqlite_url, "SELECT detail FROM audit_finding WHERE batch_id = :b", b=results[0]["batch_id"])
    assert len(findings) == 1
    detail = findings[0][0] if isinstance(findings[0][0], dict) else json.loads(findings[0][0])
    assert detail["funding_sources"] == ["APBD_KAB", "APBD_PROV"] and detail["regions"] == ["15.03"]


def test_province_and_regency_rosters_of_one_regency_both_stay_with_a_finding(warehouse_url: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                              capsys, monkeypatch) -> None:
    province = variants.roster(tmp_path / "prov", "daftar-prov-2024-06.csv", [
        (NIKS[4], "Muaro Jambi", "APBD Provinsi"), (NIKS[5], "Muaro Jambi", "APBD Provinsi")])
    regency = variants.roster(tmp_path / "kab", "daftar-kab-2024-06.csv", [(NIKS[4], "Muaro Jambi", "APBD Kab/Kota")])
    code, results, _ = _ingest(capsys, monkeypatch, province, regency)
    assert code == 0 and [r["status"] for r in results] == ["published", "published"], results
    assert _rows(warehouse_url, "SELECT COUNT(*) FROM fact_roster_participant") == [(3,)]
    kinds = _rows(warehouse_url, "SELECT kind FROM audit_finding")
    assert kinds == [("double_funding_across_batches",)]


def test_a_roster_in_two_parts_adds_up_and_a_full_one_replaces(warehouse_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                               monkeypatch) -> None:
    first = variants.roster(tmp_path / "1", "daftar-tebo-2024-06.csv", [
        (NIKS[0], "Tebo", "APBD Provinsi"), (NIKS[1], "Tebo", "APBD Provinsi")])
    second = variants.roster(tmp_path / "2", "daftar-tebo-bagian-2-2024-06.csv", [
        (NIKS[2], "Tebo", "APBD Provinsi"), (NIKS[3], "Tebo", "APBD Provinsi")])
    code, results, _ = _ingest(capsys, monkeypatch, first, second)
    assert code == 0, results
    assert _rows(warehouse_url, "SELECT COUNT(*) FROM fact_roster_participant") == [(4,)]
    assert "adds to" in (results[1]["effect"] or "") and str(results[0]["batch_id"]) in results[1]["effect"]
    full = variants.roster(tmp_path / "3", "daftar-tebo-lengkap-2024-06.csv", [
        (n, "Tebo", "APBD Provinsi") for n in NIKS[:5]])
    code, out, _ = _ingest(capsys, monkeypatch, full, fmt="table")
    assert code == 0
    assert "replaces" in out
    assert _rows(warehouse_url, "SELECT COUNT(*) FROM fact_roster_participant") == [(5,)]
    assert _rows(warehouse_url, "SELECT COUNT(*) FROM audit_ingest_batch WHERE status = 'superseded'") == [(2,)]


@pytest.mark.parametrize("header", ["No. KTP", "NIK Peserta", "Nomor KTP"])
def test_a_roster_is_found_under_its_nik_column_names(header: str, sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                      monkeypatch) -> None:
    path = variants.roster(tmp_path, "daftar-ktp-2024-06.csv", [(NIKS[6], "Bungo", "APBD Provinsi")],
                           nik_header=header)
    code, results, _ = _ingest(capsys, monkeypatch, path)
    assert code == 0 and results[0]["dataset"] == "roster" and results[0]["rows_loaded"] == 1, results


def test_start_dates_outside_any_plausible_window_are_quarantined(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                                  monkeypatch) -> None:
    path = variants.roster(tmp_path, "daftar-tanggal-2024-06.csv", [
        (NIKS[0], "Kerinci", "APBD Provinsi"), (NIKS[1], "Kerinci", "APBD Provinsi"),
        (NIKS[2], "Kerinci", "APBD Provinsi")], starts=["01/02/2024", "03/04/1850", "05/06/2098"])
    code, results, _ = _ingest(capsys, monkeypatch, path)
    assert code == 0, results
    found = _quarantined(sqlite_url, results[0]["batch_id"])
    assert set(found) == {6, 7} and all("Tanggal Mulai" in r or "start" in r for r in found.values()), found


def test_a_roster_whose_every_row_is_quarantined_is_not_published(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                                  monkeypatch) -> None:
    path = variants.roster(tmp_path, "daftar-kosong-2024-06.csv", [("1.5E+15", "Kerinci", "APBD Provinsi")])
    code, results, _ = _ingest(capsys, monkeypatch, path)
    assert code == 2 and results[0]["status"] == "rejected", results
    assert "every row" in results[0]["reason"]


# --- reference series --------------------------------------------------------------------------

def _load_reference(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, path: Path
                    ) -> tuple[int, str]:
    code, out, err = run_cli(capsys, monkeypatch, "reference", "load", str(path), "--format", "json")
    assert "Traceback" not in out + err
    return code, out + err


@pytest.mark.parametrize("value", [1, 900_000_000])
def test_an_impossible_potential_worker_count_is_refused(value: int, warehouse_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                         monkeypatch) -> None:
    path = variants.reference_yaml(tmp_path, f"potensial-{value}", [
        '  - {code: "15.01", name: Kerinci, year: YEAR, value: 95000}',
        f'  - {{code: "15.02", name: Merangin, year: YEAR, value: {value}}}'])
    code, said = _load_reference(capsys, monkeypatch, path)
    assert code == 2, said
    assert f"{value:,}".replace(",", ".") in said or str(value) in said
    assert "Merangin" in said or "15.02" in said
    assert _rows(warehouse_url, "SELECT COUNT(*) FROM ref_workforce WHERE year = 2025") == [(0,)]


def test_a_reference_figure_far_from_its_own_past_is_refused(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                             monkeypatch) -> None:
    path = variants.reference_yaml(tmp_path, "potensial-lompat", [
        '  - {code: "15.01", name: Kerinci, year: YEAR, value: 95000}',
        '  - {code: "15.07", name: Tanjung Jabung Timur, year: YEAR, value: 1150000}'])
    code, said = _load_reference(capsys, monkeypatch, path)
    assert code == 2, said
    assert "85.000" in said and "2024" in said


def test_a_plausible_reference_series_loads(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = variants.reference_yaml(tmp_path, "potensial-wajar", [
        '  - {code: "15.01", name: Kerinci, year: YEAR, value: 95000}'])
    code, said = _load_reference(capsys, monkeypatch, path)
    assert code == 0, said
    assert _rows(sqlite_url, "SELECT value FROM ref_workforce WHERE year = 2025") == [(95_000,)]


def test_a_yaml_key_written_twice_is_refused(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = variants.reference_yaml(tmp_path, "potensial-ganda", [
        '  - {code: "15.01", name: Kerinci, year: YEAR, value: 95000, value: 9500}'])
    code, said = _load_reference(capsys, monkeypatch, path)
    assert code == 2, said
    assert "'value'" in said and "twice" in said
