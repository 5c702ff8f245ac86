"""The distributed deployment, run for real: Airflow with the CeleryExecutor on this machine's
Redis and PostgreSQL, started from ``deploy/`` exactly as ``make airflow-celery`` starts it.

One test, because starting the stack is the expensive part: it triggers ``bpjs_coverage`` for a
sample month, waits for the ``accountability_report`` run that the coverage Asset triggers,
checks that every task instance ran on the Celery worker and that the facts and the report
exist, then stops every process it started (and proves none is left). Each DAG run's wall time
is written to ``var/test-results/celery-stack.json``.

Opt out locally with ``PANTAU_SKIP_CELERY_STACK=1``; under ``CI=true`` it always runs, and a
missing Redis or PostgreSQL fails it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import PG_ADMIN_URL, REPO, SAMPLE_DIR, TEST_KEY
from warehouse.roles import LOADER

IN_CI = os.environ.get("CI", "").lower() == "true"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
PERIOD = "2024-06"
TIMINGS_FILE = REPO / "var" / "test-results" / "celery-stack.json"

# long_running: it mostly waits on the stack's processes, so it goes out first, on a worker of its own
# (tests/conftest.py), and overlaps the rest of the suite.
pytestmark = [pytest.mark.celery_stack, pytest.mark.slow, pytest.mark.postgres, pytest.mark.long_running]


def _require_service(name: str, host: str, port: int) -> None:
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as exc:
        reason = f"{name} not reachable at {host}:{port}: {exc}"
        if IN_CI:
            pytest.fail(f"CI=true requires {name}. {reason}")
        pytest.skip(f"!!! SKIPPING THE CELERY STACK TEST: {reason}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stack:
    env: dict[str, str]
    metadata: sa.Engine
    warehouse_url: str
    data_dir: Path
    queue: str
    worker_log: Path

    def airflow(self, *args: str) -> str:
        done = subprocess.run([str(Path(sys.executable).parent / "airflow"), *args], env=self.env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"airflow {' '.join(args)}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
        return done.stdout

    def query(self, sql: str, **params: object) -> list[sa.Row]:
        with self.metadata.connect() as conn:
            return list(conn.execute(sa.text(sql), params))


@pytest.fixture
def celery_stack(tmp_path: Path) -> Iterator[Stack]:
    if os.environ.get("PANTAU_SKIP_CELERY_STACK") and not IN_CI:
        pytest.skip("PANTAU_SKIP_CELERY_STACK is set (never honoured under CI=true)")
    _require_service("Redis", REDIS_HOST, REDIS_PORT)
    _require_service("PostgreSQL", "127.0.0.1", 5432)
    from deploy.celery_stack import CeleryStack, migrate, stack_environment

    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    run = uuid.uuid4().hex[:10]
    metadata_db, warehouse_db = f"pantau_test_airflow_{run}", f"pantau_test_wh_{run}"
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    queue = f"pantau_test_{run}"
    data_dir = tmp_path / "data"
    landing = data_dir / "landing"
    landing.mkdir(parents=True)
    for source in sorted((SAMPLE_DIR / "coverage").glob(f"*{PERIOD}*")):
        shutil.copy(source, landing / source.name)

    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW__", "AIRFLOW_CONN_"))}
    port = _free_port()
    environment.update({
        "AIRFLOW_HOME": str(tmp_path / "airflow"),
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "PANTAU_AIRFLOW_PORT": str(port),
        "PANTAU_WORKER_LOG_PORT": str(_free_port()),
        "PANTAU_TRIGGER_LOG_PORT": str(_free_port()),
        "PANTAU_AIRFLOW_DB": f"{base.split('://', 1)[1]}/{metadata_db}",
        "PANTAU_CELERY_BROKER": f"redis://{REDIS_HOST}:{REDIS_PORT}/0",
        "PANTAU_CELERY_QUEUE": queue,
        "PANTAU_DATA_DIR": str(data_dir),
        "PANTAU_WAREHOUSE_URL": "postgresql://nobody@127.0.0.1:9/not_the_warehouse",

        "PANTAU_PSEUDONYM_KEY": TEST_KEY,
        "GX_ANALYTICS_ENABLED": "False",
    })
    # The workers reach the warehouse through the Airflow connection, as a deployment does, and
    # log in as a member of pantau_loader (least privilege). PANTAU_WAREHOUSE_URL points nowhere for
    # them, so a task that ignored the connection would fail; the owner migrates the warehouse.
    worker_user = f"pantau_t_{run}_worker"
    owner_url = f"{base}/{warehouse_db}"
    environment["AIRFLOW_CONN_PANTAU_WAREHOUSE"] = owner_url.replace("postgresql+psycopg://postgres@",
                                                                     f"postgresql://{worker_user}@")
    env = stack_environment(environment)
    log_dir = tmp_path / "stack-logs"
    stack = CeleryStack(env, log_dir=log_dir)
    metadata = sa.create_engine(f"{base}/{metadata_db}", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{metadata_db}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{warehouse_db}"'))
    try:
        began = time.monotonic()
        from warehouse.db import dispose_engines, upgrade

        upgrade(owner_url)  # as the schema owner (docs/operations.md, step 2); this creates the roles
        dispose_engines()
        migrate(env)
        print(f"warehouse and metadata database migrated in {time.monotonic() - began:.1f} s")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE ROLE "{worker_user}" LOGIN IN ROLE {LOADER}'))
        stack.start()
        yield Stack(env=stack.env, metadata=metadata, warehouse_url=owner_url, data_dir=data_dir,
                    queue=queue, worker_log=log_dir / "worker.log")
    finally:
        crashed = stack.exited()  # before stopping: a process that ended on its own
        stack.stop()
        leftovers = [(p.pid, " ".join(p.cmdline())[:80]) for p in stack.leftovers()]
        metadata.dispose()
        with admin.connect() as conn:
            for name in (metadata_db, warehouse_db):
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'DROP ROLE IF EXISTS "{worker_user}"'))
        admin.dispose()
        _forget_queue(queue)
        for name, code in crashed.items():
            print(f"{name} exited with {code}; log tail:\n" + _tail(log_dir / f"{name}.log"))
    assert leftovers == [], f"processes of the stack still running after stop: {leftovers}"


def _forget_queue(queue: str) -> None:
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=0)
    client.delete(queue, f"_kombu.binding.{queue}")
    client.close()


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else "(no log)"


def _wait(what: str, probe, stack: Stack, timeout: float = 420.0, every: float = 2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := probe():
            return result
        time.sleep(every)
    logs = {name: _tail(stack.worker_log.parent / f"{name}.log", 15) for name in ("scheduler", "worker")}
    raise AssertionError(f"timed out waiting for {what}; last log lines: {json.dumps(logs, indent=1)}")


def test_celery_stack_runs_the_coverage_dag_and_the_asset_triggered_report(celery_stack: Stack) -> None:
    stack = celery_stack
    started = time.monotonic()
    _wait("the DAGs to be parsed", lambda: len(stack.query(
        "SELECT dag_id FROM dag WHERE dag_id IN ('bpjs_coverage', 'accountability_report') "
        "AND next_dagrun IS NOT NULL")) == 2, stack)
    # Unpausing starts the latest scheduled run at once (docs/operations.md, "Running in production"). A manual
    # run at that run's logical date takes its place, so only the sample month is processed.
    (next_run,) = stack.query("SELECT next_dagrun FROM dag WHERE dag_id = 'bpjs_coverage'")[0]
    stack.airflow("dags", "trigger", "bpjs_coverage", "--conf", json.dumps({"period": PERIOD}),
                  "--logical-date", next_run.isoformat(), "--run-id", "celery_stack_sample")
    stack.airflow("dags", "unpause", "--treat-dag-id-as-regex", "-y", "^(bpjs_coverage|accountability_report)$")

    def report_run() -> list[sa.Row]:
        failed = stack.query("SELECT dag_id, run_id FROM dag_run WHERE state = 'failed'")
        assert not failed, f"DAG runs failed: {failed}\n{_tail(stack.worker_log, 60)}"
        return stack.query("SELECT run_id FROM dag_run WHERE dag_id = 'accountability_report' "
                           "AND run_type = 'asset_triggered' AND state = 'success'")

    _wait("the Asset-triggered accountability_report run", report_run, stack)
    elapsed = time.monotonic() - started

    runs = stack.query("SELECT dag_id, run_id, run_type, state, start_date, end_date FROM dag_run ORDER BY start_date")
    coverage = [r for r in runs if r.run_id == "celery_stack_sample"]
    assert len(coverage) == 1 and coverage[0].state == "success", runs
    assert not [r for r in runs if r.dag_id == "bpjs_coverage" and r.run_id != "celery_stack_sample"], runs
    triggered = [r for r in runs if r.dag_id == "accountability_report" and r.run_type == "asset_triggered"]
    assert triggered and triggered[0].state == "success", runs

    # Every task instance of the two runs ran on the Celery worker, from Pantau's queue.
    tis = stack.query(
        "SELECT dag_id, task_id, map_index, state, hostname, queue, executor, external_executor_id "
        "FROM task_instance WHERE (dag_id = 'bpjs_coverage' AND run_id = 'celery_stack_sample') "
        "OR (dag_id = 'accountability_report' AND run_id = :report_run)", report_run=triggered[0].run_id)
    tasks = {(ti.dag_id, ti.task_id) for ti in tis}
    assert {("bpjs_coverage", t) for t in ("resolve_period", "fetch_export_endpoint", "fetch_ckan",
                                           "list_landing_files", "wait_for_export", "ingest_file",
                                           "build_data_docs", "publish_summary")} <= tasks
    assert {("accountability_report", t) for t in ("affected_periods", "reconcile_news_claims",
                                                   "rebuild_data_docs", "build_report")} <= tasks
    worker_log = stack.worker_log.read_text(errors="replace")
    for ti in tis:
        where = f"{ti.dag_id}.{ti.task_id}[{ti.map_index}]"
        if ti.task_id in ("ingest_export_file", "ingest_ckan_file"):  # no remote source set: nothing to map
            assert ti.state == "skipped", f"{where} is {ti.state}"
            continue
        assert ti.state == "success", f"{where} is {ti.state}"
        assert ti.queue == stack.queue, f"{where} ran from queue {ti.queue}"
        assert ti.executor in (None, "CeleryExecutor"), f"{where} ran on {ti.executor}"
        assert ti.hostname == socket.getfqdn() or ti.hostname == socket.gethostname(), ti.hostname
        # The Celery task id Airflow recorded is one the worker received.
        assert ti.external_executor_id and f"execute_workload[{ti.external_executor_id}] received" in worker_log, \
            f"{where} has no Celery task on the worker (external_executor_id={ti.external_executor_id})"
    files = len([p for p in (stack.data_dir / "landing").iterdir() if p.is_file()])
    assert len([ti for ti in tis if ti.task_id == "ingest_file"]) == files

    # The facts are in the warehouse, the report on disk.
    warehouse = sa.create_engine(stack.warehouse_url, poolclass=sa.pool.NullPool)
    with warehouse.connect() as conn:
        published = conn.execute(sa.text(
            "SELECT COUNT(*) FROM audit_ingest_batch WHERE status = 'published' AND period_key = 202406")).scalar()
        regions = conn.execute(sa.text(
            "SELECT COUNT(DISTINCT region_code) FROM fact_coverage_monthly WHERE period_key = 202406")).scalar()
        roster = conn.execute(sa.text("SELECT COUNT(*) FROM fact_roster_participant")).scalar()
    warehouse.dispose()
    assert published == files
    assert regions == 11
    assert roster and roster > 0
    report = stack.data_dir / "reports" / PERIOD / f"pantau-{PERIOD}.html"
    assert report.is_file() and report.with_suffix(".xlsx").is_file()
    assert "Tanjung Jabung Timur" in report.read_text(encoding="utf-8")

    timings = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "trigger_to_report_seconds": round(elapsed, 1),
        "runs": [{"dag_id": r.dag_id, "run_id": r.run_id, "run_type": r.run_type, "state": r.state,
                  "wall_seconds": round((r.end_date - r.start_date).total_seconds(), 1)
                  if r.start_date and r.end_date else None} for r in runs],
    }
    TIMINGS_FILE.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS_FILE.write_text(json.dumps(timings, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(timings, indent=2))
