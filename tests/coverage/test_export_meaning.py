"""Exports read as their authors meant them, or refused, through ``pantau coverage ingest`` as users run
it: which column is which measure, every sheet and table, merged cells, money in either convention,
totals that cannot be, and a file with nothing left to publish. The warehouse and ``audit_*`` are
read afterwards. The files are written by ``tests.coverage.variants``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.coverage import variants
from tests.security.test_bad_inputs import run_cli
from warehouse.db import get_engine


def _ingest(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *paths: Path,
            period: str = "2024-06") -> tuple[int, list[dict[str, Any]], str]:
    code, out, err = run_cli(capsys, monkeypatch, "coverage", "ingest", "--period", period,
                             *(str(p) for p in paths), "--format", "json")
    assert "Traceback" not in out + err
    return code, json.loads(out), err


def _one(url: str, sql: str, **params: Any) -> Any:
    with get_engine(url).connect() as conn:
        return conn.execute(sa.text(sql), params).scalar()


def _by_region(url: str, batch_id: int, column: str = "active_participants") -> dict[str, int]:
    with get_engine(url).connect() as conn:
        return {code: int(total) for code, total in conn.execute(sa.text(
            f"SELECT region_code, SUM({column}) FROM fact_coverage_monthly WHERE batch_id = :b "
            "GROUP BY region_code"), {"b": batch_id})}


def _notes(url: str, batch_id: int) -> str:
    notes = _one(url, "SELECT notes FROM audit_ingest_batch WHERE batch_id = :b", b=batch_id)
    return json.dumps(notes if not isinstance(notes, str) else json.loads(notes), ensure_ascii=False)


def _refused(code: int, results: list[dict[str, Any]], err: str, *fragments: str) -> str:
    assert code == 2, results
    reason = results[0]["reason"] or ""
    assert results[0]["status"] == "rejected"
    for fragment in fragments:
        assert fragment in reason, (fragment, reason)
    assert f"rejected: {reason}" in err
    return reason


# --- one measure, one column -------------------------------------------------------------------

def test_registered_count_is_not_read_as_active(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, _ = _ingest(capsys, monkeypatch, variants.registered_and_active(tmp_path))
    assert code == 0 and results[0]["status"] == "published", results
    assert _by_region(sqlite_url, results[0]["batch_id"]) == {"15.01": 7_000, "15.02": 4_000}
    assert "Jumlah Peserta Terdaftar" in _notes(sqlite_url, results[0]["batch_id"])


def test_new_participants_with_units_are_their_own_measure(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    code, results, _ = _ingest(capsys, monkeypatch, variants.new_and_active_with_units(tmp_path))
    assert code == 0, results
    batch = results[0]["batch_id"]
    assert _by_region(sqlite_url, batch) == {"15.03": 6_000, "15.09": 3_500}
    assert _by_region(sqlite_url, batch, "new_participants") == {"15.03": 300, "15.09": 200}


def test_active_split_by_sex_is_summed(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, _ = _ingest(capsys, monkeypatch, variants.active_by_sex(tmp_path))
    assert code == 0, results
    assert _by_region(sqlite_url, results[0]["batch_id"]) == {"15.08": 4_000, "15.04": 2_000}
    code, results, _ = _ingest(capsys, monkeypatch, variants.active_by_sex_letters(tmp_path / "lp"))
    assert code == 0, results
    assert _by_region(sqlite_url, results[0]["batch_id"]) == {"15.71": 1_000, "15.72": 1_000}


def test_half_a_split_is_refused(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, err = _ingest(capsys, monkeypatch, variants.active_by_sex(tmp_path, women=False))
    _refused(code, results, err, "Peserta Aktif Laki-laki", "Perempuan")
    assert _one(sqlite_url, "SELECT COUNT(*) FROM fact_coverage_monthly") == 0


def test_two_columns_for_one_measure_are_refused_naming_both(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                             monkeypatch) -> None:
    code, results, err = _ingest(capsys, monkeypatch, variants.two_columns_one_measure(tmp_path))
    _refused(code, results, err, "'Peserta Aktif'", "'TK Aktif'")


def test_exited_participants_are_not_active(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, _ = _ingest(capsys, monkeypatch, variants.exited_and_active(tmp_path))
    assert code == 0, results
    assert _by_region(sqlite_url, results[0]["batch_id"]) == {"15.02": 2_600}
    assert "Peserta Keluar" in _notes(sqlite_url, results[0]["batch_id"])


def test_a_header_that_only_starts_like_a_measure_is_not_it(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                            monkeypatch) -> None:
    code, results, err = _ingest(capsys, monkeypatch, variants.only_last_month_active(tmp_path))
    _refused(code, results, err, "Peserta Aktif", "missing")


# --- every sheet and table ---------------------------------------------------------------------

def test_every_sheet_of_one_month_is_read(warehouse_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, _ = _ingest(capsys, monkeypatch, variants.two_sheets_one_month(tmp_path))
    assert code == 0, results
    batch = results[0]["batch_id"]
    assert _by_region(warehouse_url, batch) == {"15.01": 1_000, "15.02": 2_000, "15.09": 3_000, "15.08": 4_000}
    notes = _notes(warehouse_url, batch)
    assert "Wilayah Barat" in notes and "Wilayah Timur" in notes


def test_sheets_of_two_months_are_refused(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, err = _ingest(capsys, monkeypatch, variants.sheets_of_two_months(tmp_path))
    _refused(code, results, err, "Mei 2024", "Juni 2024")
    assert _one(sqlite_url, "SELECT COUNT(*) FROM fact_coverage_monthly") == 0


def test_a_second_table_of_another_month_is_not_published_as_this_one(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                                     monkeypatch) -> None:
    code, results, err = _ingest(capsys, monkeypatch, variants.second_table_of_another_month(tmp_path))
    _refused(code, results, err, "Mei 2024", "row 8")
    assert _one(sqlite_url, "SELECT COUNT(*) FROM fact_coverage_monthly") == 0


def test_a_notes_sheet_is_accounted_for(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, _ = _ingest(capsys, monkeypatch, variants.notes_sheet_beside_data(tmp_path))
    assert code == 0, results
    assert _by_region(sqlite_url, results[0]["batch_id"]) == {"15.01": 1_000, "15.02": 2_000}
    assert "Catatan" in _notes(sqlite_url, results[0]["batch_id"])


def test_a_sheet_of_numbers_without_a_header_is_refused(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                        monkeypatch) -> None:
    code, results, err = _ingest(capsys, monkeypatch, variants.numbers_sheet_without_header(tmp_path))
    _refused(code, results, err, "sheet 'Lampiran'")


# --- merged cells ------------------------------------------------------------------------------

def test_a_header_merged_over_sexes_is_summed(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, _ = _ingest(capsys, monkeypatch, variants.merged_header_over_sexes(tmp_path))
    assert code == 0, results
    assert results[0]["rows_quarantined"] == 0
    assert _by_region(sqlite_url, results[0]["batch_id"]) == {"15.01": 1_000, "15.09": 2_500}


def test_a_regency_merged_over_its_rows_keeps_them_all(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                       monkeypatch) -> None:
    code, results, _ = _ingest(capsys, monkeypatch, variants.regency_merged_over_rows(tmp_path))
    assert code == 0, results
    assert results[0]["rows_quarantined"] == 0
    assert _by_region(sqlite_url, results[0]["batch_id"]) == {"15.01": 6_700, "15.02": 900}


def test_a_number_merged_over_two_regencies_is_refused(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                       monkeypatch) -> None:
    code, results, err = _ingest(capsys, monkeypatch, variants.number_merged_over_regencies(tmp_path))
    _refused(code, results, err, "C4:C5")


# --- money -------------------------------------------------------------------------------------

def _claims(url: str, batch_id: int) -> dict[str, int]:
    with get_engine(url).connect() as conn:
        return {code: int(total) for code, total in conn.execute(sa.text(
            "SELECT region_code, SUM(benefits_paid_idr) FROM fact_benefit_claims WHERE batch_id = :b "
            "GROUP BY region_code"), {"b": batch_id})}


def test_english_amounts_below_a_million_are_rupiah(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, _ = _ingest(capsys, monkeypatch, variants.claims_english_small_amounts(tmp_path))
    assert code == 0, results
    assert _claims(sqlite_url, results[0]["batch_id"]) == {"15.01": 725_000, "15.02": 940_000}


def test_a_dotted_thousands_amount_in_an_english_file(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, _ = _ingest(capsys, monkeypatch, variants.claims_english_with_one_dotted(tmp_path))
    assert code == 0, results
    assert _claims(sqlite_url, results[0]["batch_id"]) == {"15.01": 42_000_000, "15.02": 84_000_000,
                                                           "15.09": 310_000}


def test_an_amount_that_needs_a_guess_is_refused_naming_the_cell(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                                 monkeypatch) -> None:
    code, results, err = _ingest(capsys, monkeypatch, variants.claims_amount_needs_a_guess(tmp_path))
    _refused(code, results, err, "'12.5'", "row 6", "Nominal Manfaat (Rp)")
    assert _one(sqlite_url, "SELECT COUNT(*) FROM fact_benefit_claims") == 0


def test_claims_far_below_the_benefit_scale_are_a_warning(sqlite_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    code, results, _ = _ingest(capsys, monkeypatch, variants.claims_below_benefit_scale(tmp_path))
    assert code == 0 and results[0]["status"] == "published", results
    assert results[0]["warnings"] >= 1
    failed = _one(sqlite_url, "SELECT COUNT(*) FROM audit_dq_result WHERE batch_id = :b AND level = 'warn' "
                              "AND success = false AND column_name = 'benefit_per_case'", b=results[0]["batch_id"])
    assert failed == 1


# --- plausibility ------------------------------------------------------------------------------

def test_coverage_beyond_the_workforce_is_refused(warehouse_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, err = _ingest(capsys, monkeypatch, variants.regencies_beyond_workforce(tmp_path))
    reason = _refused(code, results, err, "coverage", "pekerja_potensial")
    assert "Kerinci" in reason or "15.01" in reason
    assert _one(warehouse_url, "SELECT COUNT(*) FROM fact_coverage_monthly") == 0
    assert _one(warehouse_url, "SELECT COUNT(*) FROM audit_dq_result WHERE level = 'batch' AND success = false") >= 1


def test_a_jump_from_the_previous_month_is_refused(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, _ = _ingest(capsys, monkeypatch, variants.month_of(tmp_path, 5, {"Kerinci": 2_000, "Tebo": 3_000}),
                               period="2024-05")
    assert code == 0, results
    code, results, err = _ingest(capsys, monkeypatch,
                                 variants.month_of(tmp_path, 6, {"Kerinci": 60_000, "Tebo": 3_100}))
    _refused(code, results, err, "change", "Kerinci (15.01): 60.000 active participants against 2.000")
    assert _one(sqlite_url, "SELECT COUNT(*) FROM fact_coverage_monthly WHERE period_key = 202406") == 0


# --- a file with nothing left ------------------------------------------------------------------

def test_a_file_whose_every_row_is_quarantined_is_not_published(warehouse_url: str, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                                monkeypatch) -> None:
    path = variants.write_csv(tmp_path / "rekap-semua-salah-2024-06.csv", [
        ["No", "Kabupaten/Kota", "Peserta Aktif", "Iuran (Rp)"],
        [1, "Kab. Atlantis", 1_000, variants.rupiah(16_800_000)],
        [2, "Kota Lemuria", 2_000, variants.rupiah(33_600_000)],
    ])
    code, results, err = _ingest(capsys, monkeypatch, path)
    _refused(code, results, err, "every row", "2")
    batch = results[0]["batch_id"]
    assert _one(warehouse_url, "SELECT status FROM audit_ingest_batch WHERE batch_id = :b", b=batch) == "rejected"
    assert _one(warehouse_url, "SELECT COUNT(*) FROM audit_quarantine_row WHERE batch_id = :b", b=batch) == 2


def test_active_split_by_age_is_summed_only_when_the_bands_cover_every_age(sqlite_url: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                          capsys, monkeypatch) -> None:
    code, results, _ = _ingest(capsys, monkeypatch, variants.active_by_age(tmp_path))
    assert code == 0, results
    assert _by_region(sqlite_url, results[0]["batch_id"]) == {"15.03": 2_000}
    code, results, err = _ingest(capsys, monkeypatch, variants.active_by_age(tmp_path, complete=False))
    _refused(code, results, err, "'Peserta Aktif < 25 Tahun'", "'Peserta Aktif 25-44 Tahun'", "incomplete")


def test_a_whole_beside_its_parts_is_read_once(sqlite_url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, results, _ = _ingest(capsys, monkeypatch, variants.active_whole_beside_its_parts(tmp_path))
    assert code == 0, results
    assert _by_region(sqlite_url, results[0]["batch_id"]) == {"15.09": 1_900}
    assert "Peserta Aktif L" in _notes(sqlite_url, results[0]["batch_id"])
