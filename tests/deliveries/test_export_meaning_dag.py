"""Exports written the ways other offices write them, through the ``bpjs_coverage`` DAG: a merged
regency, two sheets, registered beside active, a workbook of two months, an all-quarantined file and
a person funded by the province and the regency. The warehouse and ``audit_*`` are read after each run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.coverage import variants
from tests.coverage.variants import NIKS
from tests.deliveries.test_deliveries import _batches, _region_totals, _rows, _states, coverage_dag  # noqa: F401


@pytest.mark.airflow
@pytest.mark.xdist_group("airflow")
@pytest.mark.slow
def test_merged_regency_through_the_dag(coverage_dag, sqlite_url: str, isolated_settings: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    dag = coverage_dag
    landing = isolated_settings / "landing"

    # Read right: Kerinci's merged rows, then two sheets of one month.
    variants.regency_merged_over_rows(landing)
    run = dag.test(run_conf={"period": "2024-06"})
    assert run.state == "success", _states(run)
    assert _batches(sqlite_url)["rekap-merge-wilayah-2024-06.xlsx"][0] == "published"
    assert _region_totals(sqlite_url, 202406) == {"15.01": 6_700, "15.02": 900}


@pytest.mark.airflow
@pytest.mark.xdist_group("airflow")
@pytest.mark.slow
def test_sheets_refusals_and_funders_through_the_dag(coverage_dag, sqlite_url: str, isolated_settings: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    dag = coverage_dag
    landing = isolated_settings / "landing"
    variants.two_sheets_one_month(landing)
    run = dag.test(run_conf={"period": "2024-06"})
    assert run.state == "success", _states(run)
    assert _rows(sqlite_url, "SELECT COUNT(*) FROM fact_coverage_monthly WHERE batch_id = (SELECT batch_id FROM "
                             "audit_ingest_batch WHERE file_name = 'rekap-dua-sheet-2024-06.xlsx')") == [(4,)]
    notes = _rows(sqlite_url, "SELECT notes FROM audit_ingest_batch WHERE file_name = 'rekap-dua-sheet-2024-06.xlsx'")
    assert "Wilayah Timur" in str(notes)

    # Refused on their own tasks: a workbook of two months, a file with nothing left to publish.
    variants.sheets_of_two_months(landing / "c")
    variants.write_csv(landing / "c" / "rekap-salah-semua-2024-06.csv", [
        ["No", "Kabupaten/Kota", "Peserta Aktif", "Iuran (Rp)"], [1, "Kab. Atlantis", 10, "168.000"]])
    run = dag.test(run_conf={"period": "2024-06"})
    assert run.state == "failed"
    batches = _batches(sqlite_url)
    status, reason = batches["rekap-triwulan.xlsx"]
    assert status == "rejected" and "Mei 2024" in reason and "Juni 2024" in reason
    status, reason = batches["rekap-salah-semua-2024-06.csv"]
    assert status == "rejected" and "every row" in reason
    for path in (landing / "c").iterdir():
        path.unlink()

    # A person funded by the province and by the regency in one regency: both rosters stay, a finding.
    variants.roster(landing / "d", "daftar-prov-2024-06.csv", [(NIKS[4], "Muaro Jambi", "APBD Provinsi"),
                                                              (NIKS[5], "Muaro Jambi", "APBD Provinsi")])
    variants.roster(landing / "d", "daftar-kab-2024-06.csv", [(NIKS[4], "Muaro Jambi", "APBD Kab/Kota")])
    run = dag.test(run_conf={"period": "2024-06"})
    assert run.state == "success", _states(run)
    findings = _rows(sqlite_url, "SELECT kind, detail FROM audit_finding")
    assert [kind for kind, _ in findings] == ["double_funding_across_batches"]
    detail = findings[0][1] if isinstance(findings[0][1], dict) else json.loads(findings[0][1])
    assert detail["funding_sources"] == ["APBD_KAB", "APBD_PROV"] and NIKS[4] not in str(findings)
