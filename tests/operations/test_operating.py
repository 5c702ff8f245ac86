"""Operating the coverage DAG day to day, through ``bpjs_coverage`` as the scheduler runs it: a bad
file fails one run once with its reason first on the screen and leaves the drop folder; the corrected
file turns the month green; a month with no export is not green and the index lists it; the drop
folder loads while the export endpoint is down. Task states, the task log, the warehouse, the
rejected folder and the index are checked after each step."""

from __future__ import annotations

import json
import logging
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from reports.history import REGION_FOLDER
from tests.deliveries.test_deliveries import ExportEndpoint, airflow_log_to, coverage_file

pytestmark = [pytest.mark.airflow, pytest.mark.xdist_group("airflow"), pytest.mark.slow]


def _task_states(run: Any) -> dict[str, list[tuple[str, str | None]]]:
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    states: dict[str, list[tuple[str, str | None]]] = {}
    with create_session() as session:
        for ti in session.query(TaskInstance).filter(TaskInstance.run_id == run.run_id).order_by(
                TaskInstance.task_id, TaskInstance.map_index):
            states.setdefault(ti.task_id, []).append((str(ti.state), ti.rendered_map_index))
    return states


def _states(run: Any) -> dict[str, list[str]]:
    return {task: [state for state, _ in tis] for task, tis in _task_states(run).items()}


def _rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with sa.create_engine(url).connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def _error_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if "[error" in line]


def _run(dag: Any, period: str, capfd: pytest.CaptureFixture[str]) -> tuple[Any, str]:
    with airflow_log_to(sys.stdout):
        capfd.readouterr()
        run = dag.test(run_conf={"period": period})
        return run, capfd.readouterr().out


def _rejected_total(path: Path, stated: str) -> Path:
    """June's export for two regencies whose JUMLAH row says ``stated`` (the rows add up to 12.000)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("REKAP KEPESERTAAN BPJS KETENAGAKERJAAN\nBULAN JUNI 2024\n"
                    "No;Kabupaten/Kota;Segmen;Program;Sumber Dana;Peserta Aktif;Iuran (Rp)\n"
                    "1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10.000;168.000.000\n"
                    "2;Merangin;BPU;JKK-JKM;APBD Provinsi;2.000;33.600.000\n"
                    f"JUMLAH;;;;;{stated};201.600.000\n", encoding="utf-8")
    return path


@pytest.fixture
def coverage_dag(dag_bag):  # type: ignore[no-untyped-def]
    """``bpjs_coverage`` with the export endpoint's fetch retried once after a second."""
    dag = dag_bag.get_dag("bpjs_coverage")
    fetch = dag.get_task("fetch_export_endpoint")
    saved = (fetch.retries, fetch.retry_delay)
    fetch.retries, fetch.retry_delay = 1, timedelta(seconds=1)
    yield dag
    fetch.retries, fetch.retry_delay = saved


def test_a_bad_file_fails_once_a_missing_month_shows_and_sources_stand_alone(  # type: ignore[no-untyped-def]
        coverage_dag, sqlite_url: str, isolated_settings: Path, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from core.settings import reset_settings
    from pantau.cli import app

    dag = coverage_dag
    landing = isolated_settings / "landing"
    cli = CliRunner()

    # 1. A file whose JUMLAH row is wrong: its task fails, the reason is the first ERROR line, no traceback.
    bad = _rejected_total(landing / "rekap-kepesertaan-2024-06.csv", "12.345")
    run, log = _run(dag, "2024-06", capfd)
    assert run.state == "failed"
    tasks = _task_states(run)
    assert tasks["ingest_file"] == [("failed", bad.name)]  # the grid shows the file, not "[0]"
    assert tasks["wait_for_export"] == [("success", None)]
    errors = _error_lines(log)
    assert errors, log[-2000:]
    first = errors[0]
    assert "REJECTED rekap-kepesertaan-2024-06.csv" in first and "row 6" in first
    reason_text = log[log.index("REJECTED rekap-kepesertaan"):].split(" [pantau.tasks]")[0]
    assert first.endswith(reason_text.splitlines()[0])  # the first ERROR line is the reason's start
    assert "row 6, column 'Peserta Aktif':" in " ".join(reason_text.split())
    assert "JUMLAH says 12.345, the rows add up to 12.000" in " ".join(reason_text.split())
    assert "the JUMLAH row must equal the sum of the rows above it" in " ".join(reason_text.split())
    # Wrapped to fit the UI's log panel (the last line holds the rejected folder's path, never broken).
    assert max(len(line) for line in reason_text.splitlines()[:-1]) <= 88
    assert "Traceback" not in log
    assert "Skipping registering function" not in log
    assert logging.getLogger("great_expectations").getEffectiveLevel() >= logging.WARNING
    # ... and it left the drop folder for the rejected folder, its reason beside it.
    assert not bad.exists()
    (batch_id, status, reason), = _rows(sqlite_url, "SELECT batch_id, status, reason FROM audit_ingest_batch")
    assert status == "rejected"
    set_aside = isolated_settings / "quarantine" / f"batch-{batch_id}"
    assert (set_aside / bad.name).is_file()
    note = json.loads((set_aside / "reason.json").read_text(encoding="utf-8"))
    assert note["file"] == bad.name and note["batch_id"] == batch_id and note["reason"] == reason
    assert note["period"] == "2024-06" and "JUMLAH says 12.345" in note["reason"]
    listed = cli.invoke(app, ["coverage", "rejected", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [(n["batch_id"], n["file"]) for n in json.loads(listed.output)] == [(batch_id, bad.name)]

    # 2. The corrected file, published later under the same name: the month is green.
    _rejected_total(landing / "rekap-kepesertaan-2024-06.csv", "12.000")
    run, log = _run(dag, "2024-06", capfd)
    assert run.state == "success", _states(run)
    assert _error_lines(log) == []
    assert _rows(sqlite_url, "SELECT status FROM audit_ingest_batch ORDER BY batch_id") == [
        ("rejected",), ("published",)]
    assert dict(_rows(sqlite_url, "SELECT region_code, SUM(active_participants) FROM fact_coverage_monthly "
                                  "WHERE period_key = 202406 GROUP BY region_code")) == {"15.01": 10_000, "15.02": 2_000}

    # 3. February, long past its deadline, with no export: not green, naming what is missing.
    run, log = _run(dag, "2024-02", capfd)
    assert run.state == "failed"
    states = _states(run)
    assert states["wait_for_export"] == ["failed"] and states["publish_summary"] == ["upstream_failed"]
    first = _error_lines(log)[0]
    assert "ExportMissing no export arrived for 2024-02: nothing by 2024-03-10" in first
    assert "Traceback" not in log
    assert _rows(sqlite_url, "SELECT status FROM audit_ingest_batch WHERE period_key = 202402") == [("missing",)]
    # The CLI tells February (recorded as missing) from January (never run).
    february = cli.invoke(app, ["coverage", "report", "--period", "2024-02"])
    january = cli.invoke(app, ["coverage", "report", "--period", "2024-01"])
    assert "missing" in february.output and "never run" not in february.output
    assert "never run" in january.output

    # 4. August: the export endpoint is down; the drop folder loads meanwhile, CKAN is not held up.
    served = ExportEndpoint("")
    try:
        monkeypatch.setenv("PANTAU_EXPORT_HTTP_URL", served.url)
        monkeypatch.setenv("PANTAU_HTTP_RETRIES", "0")
        reset_settings()
        coverage_file(landing / "cabang-bungo-2024-08.csv", 8, {"Bungo": 1_200})
        run, log = _run(dag, "2024-08", capfd)
    finally:
        served.close()
    states = _states(run)
    assert run.state == "failed"
    assert states["fetch_export_endpoint"] == ["failed"] and served.hits == 2  # tried, then retried once
    assert states["fetch_ckan"] == ["success"] and states["list_landing_files"] == ["success"]
    assert states["ingest_file"] == ["success"] and states["wait_for_export"] == ["success"]
    assert dict(_rows(sqlite_url, "SELECT region_code, SUM(active_participants) FROM fact_coverage_monthly "
                                  "WHERE period_key = 202408 GROUP BY region_code")) == {"15.08": 1_200}

    # 5. The index lists every month from the first expected one, each with its state.
    from pantau.tasks.report import build_index

    index = Path(str(build_index()["index"])).read_text(encoding="utf-8")
    for period, state in (("2024-01", "never_run"), ("2024-02", "no_export"), ("2024-06", "published"),
                          ("2024-08", "published")):
        assert f'data-period="{period}" data-state="{state}"' in index, period
    assert "belum ada ekspor" in index


def test_a_partly_published_month_names_what_was_published_and_what_is_missing(  # type: ignore[no-untyped-def]
        coverage_dag, dag_bag, sqlite_url: str, isolated_settings: Path, capfd: pytest.CaptureFixture[str]) -> None:
    import html
    import re
    import shutil

    from pantau.cli import app
    from tests.conftest import SAMPLE_DIR

    # April: the claims export is good, the coverage export's JUMLAH row is wrong.
    landing = isolated_settings / "landing"
    landing.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE_DIR / "coverage" / "klaim-jkk-jkm-2024-04.csv", landing)
    (landing / "rekap-kepesertaan-2024-04.csv").write_text(
        "REKAP KEPESERTAAN BPJS KETENAGAKERJAAN\nBULAN APRIL 2024\n"
        "No;Kabupaten/Kota;Segmen;Program;Sumber Dana;Peserta Aktif;Iuran (Rp)\n"
        "1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10.000;168.000.000\n"
        "JUMLAH;;;;;10.001;168.000.000\n", encoding="utf-8")
    run, _ = _run(coverage_dag, "2024-04", capfd)
    assert run.state == "failed"
    assert sorted(_task_states(run)["ingest_file"]) == [("failed", "rekap-kepesertaan-2024-04.csv"),
                                                        ("success", "klaim-jkk-jkm-2024-04.csv")]
    assert _rows(sqlite_url, "SELECT dataset, status FROM audit_ingest_batch ORDER BY dataset") == [
        ("claims", "published"), ("coverage", "rejected")]
    (cases, benefits), = _rows(sqlite_url, "SELECT SUM(cases), SUM(benefits_paid_idr) FROM rpt_benefit_claims_month "
                                           "WHERE period_key = 202404")
    assert cases > 0

    # The report DAG builds April's report and the index: both show the claims and name what is missing.
    report_run = dag_bag.get_dag("accountability_report").test(run_conf={"period": "2024-04"})
    assert report_run.state == "success"
    said = CliRunner().invoke(app, ["coverage", "report", "--period", "2024-04"])
    assert "partly published" in said.stdout and "claims" in said.stdout

    def text(path: Path) -> str:
        page = re.sub(r"<(style|svg)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())

    reports = isolated_settings / "reports"
    month = text(reports / "2024-04" / "pantau-2024-04.html")
    assert "tidak ada data diterbitkan" not in month.lower()
    assert "Sebagian diterbitkan untuk April 2024: klaim diterbitkan; kepesertaan belum ada atau ditolak" in month
    assert f"Klaim JKK/JKM bulan ini {cases:,} kasus".replace(",", ".") in month
    assert f"manfaat Rp {benefits:,}".replace(",", ".") in month
    (rejected_batch,), = _rows(sqlite_url, "SELECT batch_id FROM audit_ingest_batch WHERE dataset = 'coverage'")
    assert f"Batch {rejected_batch} (rekap-kepesertaan-2024-04.csv) ditolak" in month and "JUMLAH 10.001" in month
    # The regency pages show the month's claims and say only that coverage was not published.
    for page in (reports / REGION_FOLDER).glob("*.html"):
        regency = text(page)
        assert "tidak ada data diterbitkan" not in regency.lower(), page.name
        assert "data kepesertaan tidak diterbitkan" in regency, page.name

    index_html = (reports / "index.html").read_text(encoding="utf-8")
    row = index_html[index_html.index('data-period="2024-04"'):].split("</tr>")[0]
    assert 'data-state="partly_published"' in row
    assert "<td>klaim</td><td>kepesertaan</td>" in row  # published: claims; missing: coverage
    index = text(reports / "index.html")
    assert "tidak ada data diterbitkan" not in index
    assert f"sebagian diterbitkan: klaim; belum ada atau ditolak: kepesertaan {cases}" in index
