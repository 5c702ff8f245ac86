"""The demo's DAG runs leave a task log file for every task, where Airflow's UI reads it.

``make demo`` runs the DAGs with ``dag.test()``, which writes no task log file of its own; without
the demo's copies, `make airflow` shows "Log file not found" for every task of the demo's runs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.mark.airflow
@pytest.mark.xdist_group("airflow")
@pytest.mark.slow
def test_a_demo_coverage_run_leaves_each_task_its_log_file(airflow_db: Path, isolated_settings: Path,
                                                            tmp_path: Path) -> None:
    from airflow.configuration import conf
    from airflow.models.dagrun import DagRun
    from airflow.utils.log.file_task_handler import FileTaskHandler
    from airflow.utils.session import create_session

    from samples.demo import DemoAirflow, stage_sample_coverage
    from tests.deliveries.test_deliveries import airflow_log_to
    from warehouse.db import upgrade

    upgrade()  # as the demo does before its first run
    period = stage_sample_coverage()[0]
    airflow = DemoAirflow(tmp_path / "demo-airflow.log")
    # The demo's process sends Airflow's log handler to its log file by its stdout; under pytest the
    # handler holds pytest's capture, so it is pointed at that file here.
    try:
        with airflow.log_file.open("a") as process_log, airflow_log_to(process_log):
            airflow.run("bpjs_coverage", {"period": str(period)}, str(period))
    finally:
        airflow.close()

    # The path Airflow's own log reader renders for each task instance (the UI's "Logs" tab).
    reader = FileTaskHandler(base_log_folder=conf.get("logging", "base_log_folder"))
    with create_session() as session:
        run = session.query(DagRun).filter(DagRun.dag_id == "bpjs_coverage").order_by(DagRun.id.desc()).first()
        assert run is not None
        tis = run.get_task_instances(session=session)
        logs = {(ti.task_id, ti.map_index): Path(reader.local_base) / reader._render_filename(ti, ti.try_number)
                for ti in tis if ti.try_number >= 1}  # a task mapped over nothing never runs
    assert len(logs) >= 5
    missing = sorted(str(path) for path in logs.values() if not path.is_file())
    assert not missing, f"no task log file: {missing}"

    records = [json.loads(line) for line in logs[("ingest_file", 0)].read_text().splitlines()]
    assert all(record["event"] for record in records)
    assert any(record.get("level") == "info" and record.get("logger", "").startswith("pantau.")
               for record in records), records
    assert not any("resolve_period" in record["event"] for record in records), "another task's lines"


def test_console_lines_become_task_log_records() -> None:
    from samples.task_logs import as_records

    lines = [
        "2026-12-08T03:35:18.327004Z [info     ] ::endgroup::                   [task] loc=task_runner.py:2232",
        "2026-12-08T03:35:18.346484Z [error    ] file rejected                  [pantau.ingest] file=a.csv row=3",
        "Traceback (most recent call last):",
        "",
        "2026-12-08T03:35:18.347016Z [info     ] ::group::Post Execute          [task] loc=task_runner.py:1580",
        "2026-12-08T03:35:18.622295Z [info     ] ::endgroup::                   [task] loc=task_runner.py:2379",
    ]
    assert as_records(lines) == [
        # the group closed here was opened before the task's span began: left out
        {"timestamp": "2026-12-08T03:35:18.346484Z", "level": "error", "event": "file rejected file=a.csv row=3",
         "logger": "pantau.ingest"},
        {"event": "Traceback (most recent call last):"},
        {"timestamp": "2026-12-08T03:35:18.347016Z", "level": "info", "event": "::group::Post Execute"},
        {"timestamp": "2026-12-08T03:35:18.622295Z", "level": "info", "event": "::endgroup::"},
    ]
