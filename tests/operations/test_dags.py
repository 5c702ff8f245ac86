"""DAG files import nothing heavy (their import time is measured in ``bench/dag_import_bench.py``), and the coverage DAG runs end to end with dag.test()."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import DAGS_FOLDER, SAMPLE_DIR

DAG_FILES = sorted(DAGS_FOLDER.glob("*.py"))
HEAVY = ("pandas", "great_expectations", "bs4", "sqlalchemy", "openpyxl", "numpy", "requests", "lxml")

@pytest.fixture(scope="module")
def import_probes() -> dict[str, dict]:
    """Every DAG file imported in one fresh interpreter (Airflow's start-up paid once for all)."""
    from tests.operations.dag_imports import probe

    return probe(DAG_FILES)


@pytest.mark.xdist_group("dag-imports")  # one interpreter probes every file: keep them on one worker
@pytest.mark.parametrize("dag_file", DAG_FILES, ids=lambda p: p.name)
def test_dag_file_imports_nothing_heavy(dag_file: Path, import_probes: dict[str, dict]) -> None:
    probe = import_probes[str(dag_file)]
    heavy = [m for m in probe["new_modules"] if m.split(".")[0] in HEAVY]
    assert heavy == [], f"{dag_file.name} imports heavy modules at top level: {heavy[:5]}"
    pantau = [m for m in probe["new_modules"] if m.split(".")[0] in ("pantau", "warehouse", "extractors",
                                                                        "transforms", "expectations", "reports")]
    assert pantau == [], f"{dag_file.name} imports business logic at top level: {pantau[:5]}"


def _landing(data_dir: Path, period: str) -> list[Path]:
    landing = data_dir / "landing"
    landing.mkdir(parents=True, exist_ok=True)
    copied = []
    for source in sorted((SAMPLE_DIR / "coverage").glob("*")):
        if source.suffix.lower() in (".csv", ".xlsx") and period in source.name:
            copied.append(Path(shutil.copy(source, landing / source.name)))
    return copied


@pytest.mark.airflow
@pytest.mark.xdist_group("airflow")
@pytest.mark.slow
def test_bpjs_coverage_dag_loads_sample_period(dag_bag, sqlite_url: str, isolated_settings: Path) -> None:  # type: ignore[no-untyped-def]
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    files = _landing(isolated_settings, "2024-06")
    assert files, "sample data for 2024-06 is missing"
    dag = dag_bag.get_dag("bpjs_coverage")
    run = dag.test(run_conf={"period": "2024-06"})
    assert run.state == "success"
    with create_session() as session:
        states = {(ti.task_id, ti.map_index): ti.state
                  for ti in session.query(TaskInstance).filter(TaskInstance.run_id == run.run_id)}
    assert {task for task, _ in states} == {"resolve_period", "fetch_export_endpoint", "fetch_ckan",
                                             "list_landing_files", "wait_for_export", "ingest_file",
                                             "ingest_export_file", "ingest_ckan_file", "build_data_docs",
                                             "publish_summary"}
    # No remote source configured: its ingest has nothing to map over (skipped); everything else green.
    assert all(state == ("skipped" if task in ("ingest_export_file", "ingest_ckan_file") else "success")
               for (task, _), state in states.items()), states
    assert len([1 for task, _ in states if task == "ingest_file"]) == len(files)

    engine = sa.create_engine(sqlite_url)
    with engine.connect() as conn:
        published = conn.execute(sa.text(
            "SELECT COUNT(*) FROM audit_ingest_batch WHERE status = 'published' AND period_key = 202406")).scalar()
        regions = conn.execute(sa.text(
            "SELECT COUNT(DISTINCT region_code) FROM fact_coverage_monthly WHERE period_key = 202406")).scalar()
        facts_without_batch = conn.execute(sa.text(
            "SELECT COUNT(*) FROM fact_coverage_monthly f LEFT JOIN audit_ingest_batch b "
            "ON b.batch_id = f.batch_id WHERE b.batch_id IS NULL")).scalar()
        dq_rows = conn.execute(sa.text("SELECT COUNT(*) FROM audit_dq_result")).scalar()
    assert published == len(files)
    assert regions == 11
    assert facts_without_batch == 0
    assert dq_rows > 0
    assert (isolated_settings / "gx" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html").is_file()

    # Re-running the same period changes nothing: the files are recognised, not loaded twice.
    with engine.connect() as conn:
        before = conn.execute(sa.text("SELECT COUNT(*), SUM(active_participants) FROM fact_coverage_monthly")).one()
    rerun = dag.test(run_conf={"period": "2024-06"})
    assert rerun.state == "success"
    with engine.connect() as conn:
        after = conn.execute(sa.text("SELECT COUNT(*), SUM(active_participants) FROM fact_coverage_monthly")).one()
        batches = conn.execute(sa.text("SELECT COUNT(*) FROM audit_ingest_batch")).scalar()
    assert tuple(after) == tuple(before)
    assert batches == len(files)


@pytest.mark.airflow
@pytest.mark.xdist_group("airflow")
@pytest.mark.slow
def test_accountability_report_dag_builds_the_report(dag_bag, sqlite_url: str, isolated_settings: Path) -> None:  # type: ignore[no-untyped-def]
    from pantau.ingest import ingest_file

    for path in sorted((SAMPLE_DIR / "coverage").glob("*2024-06*")):
        assert ingest_file(path).status == "published"
    dag = dag_bag.get_dag("accountability_report")
    run = dag.test(run_conf={"period": "2024-06"})
    assert run.state == "success"
    report = isolated_settings / "reports" / "2024-06" / "pantau-2024-06.html"
    assert report.is_file() and report.with_suffix(".xlsx").is_file()
    html = report.read_text(encoding="utf-8")
    assert "Tanjung Jabung Timur" in html and "Asal Data dan Kualitas" in html
    assert (isolated_settings / "gx" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html").is_file()
    # After the month's report, the index of every month and a page per regency, linked from the report.
    index = isolated_settings / "reports" / "index.html"
    assert 'href="2024-06/pantau-2024-06.html"' in index.read_text(encoding="utf-8")
    assert len(list((isolated_settings / "reports" / "wilayah").glob("*.html"))) == 11
    # The month's folder carries its own index and regency pages, so that it travels whole.
    assert 'href="index.html"' in html and 'href="wilayah/tanjung-jabung-timur.html"' in html
    assert (report.parent / "wilayah" / "tanjung-jabung-timur.html").is_file()
    # Data Docs travel with the report: an offline copy beside it, linked relatively, nothing fetched remotely.
    assert "file://" not in html and 'href="data-docs/validations/coverage_monthly/' in html
    copy = report.parent / "data-docs"
    assert copy.joinpath("index.html").is_file()
    assert not [p for p in copy.rglob("*.html") if "https://cdn" in p.read_text(encoding="utf-8")]


def test_run_period_follows_jakarta_months() -> None:
    from datetime import UTC, datetime

    from pantau.tasks.coverage import resolve_period

    assert resolve_period("2024-06", None, None) == "2024-06"
    # A cron-style run (interval start == end) at 00:00 WIB on 1 November 2026 covers October.
    moment = datetime(2026, 10, 31, 17, 0, tzinfo=UTC)
    assert resolve_period(None, moment, moment) == "2026-10"
    # An interval-style run covers the month its interval starts in (WIB).
    assert resolve_period(None, datetime(2024, 5, 31, 17, 0, tzinfo=UTC), datetime(2024, 6, 30, 17, 0, tzinfo=UTC)) \
        == "2024-06"
