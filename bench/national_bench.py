"""National load on the distributed engine: every province's monthly export and roster, on the Celery stack.

The national load is 38 provinces' monthly coverage exports and beneficiary rosters of 10 million rows in
all (34 provinces here: the four Papua provinces of 2022 have no BPS code, see ``bench/national_load.py``).
``--scale`` shrinks the rows to what a machine can run (0.001: 10.000 roster rows for the whole country);
``--fractions`` runs a share of the work (0.1: the first tenth of the provinces, each with its full share
of the rows), so time and memory can be read against the work. Each (workers, fraction) runs on a fresh
Airflow deployment started as ``make airflow-celery`` starts it (``deploy/celery_stack.py``: api-server,
scheduler, dag-processor, triggerer, one Celery worker with ``workers`` slots) over Redis and PostgreSQL,
with a fresh warehouse database; the bench DAG (``bench/dags/``) ingests each province as its own
government in one mapped task.

Measured: wall time from trigger to the run's end, the peak resident memory of the Celery worker and the
task processes it forks (sampled every half second) and of the whole stack, each task's time and peak,
the rows loaded, and the warehouse's size on disk. Results: ``bench/results/national.json``.
The news part of the national load (300 outlets of the sample site) is not run by this bench.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
BENCH_DAGS = Path(__file__).resolve().parent / "dags"
PG_ADMIN = os.environ.get("PANTAU_BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
KEY = "bench-only-pseudonym-key-0123456789"
NATIONAL_ROSTER_ROWS = 10_000_000
DAG_ID = "pantau_national_bench"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MemorySampler(threading.Thread):
    """Peak RSS (MB) of the worker with the processes it forks, and of every process of the stack."""

    def __init__(self, stack: Any) -> None:
        super().__init__(daemon=True)
        self.stack, self.worker_peak, self.stack_peak = stack, 0.0, 0.0
        self.done = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.done.is_set():
            worker, total = 0, 0
            for name, process in self.stack.processes.items():
                try:
                    tree = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in tree)
                except psutil.Error:
                    continue
                total += rss
                worker += rss if name == "worker" else 0
            self.worker_peak = max(self.worker_peak, worker / 2**20)
            self.stack_peak = max(self.stack_peak, total / 2**20)
            self.done.wait(0.5)


def _environment(tmp: Path, workers: int, metadata_db: str, warehouse_url: str, plan: Path,
                 queue: str) -> dict[str, str]:
    base = PG_ADMIN.rsplit("/", 1)[0]
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW__", "AIRFLOW_CONN_", "PANTAU_"))}
    environment.update({
        "AIRFLOW_HOME": str(tmp / "airflow"), "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "PANTAU_AIRFLOW_PORT": str(_free_port()), "PANTAU_WORKER_LOG_PORT": str(_free_port()),
        "PANTAU_TRIGGER_LOG_PORT": str(_free_port()),
        "PANTAU_AIRFLOW_DB": f"{base.split('://', 1)[1]}/{metadata_db}",
        "PANTAU_CELERY_BROKER": "redis://127.0.0.1:6379/0", "PANTAU_CELERY_QUEUE": queue,
        "PANTAU_CELERY_CONCURRENCY": str(workers), "PANTAU_DAGS_FOLDER": str(BENCH_DAGS),
        "PANTAU_DATA_DIR": str(tmp / "data"), "PANTAU_WAREHOUSE_URL": warehouse_url,
        "PANTAU_PSEUDONYM_KEY": KEY, "PANTAU_BENCH_PLAN": str(plan), "GX_ANALYTICS_ENABLED": "False",
        "AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG": "64"})
    return environment


def _query(engine: Any, sql: str, **params: Any) -> list[Any]:
    import sqlalchemy as sa

    with engine.connect() as conn:
        return list(conn.execute(sa.text(sql), params))


def _wait(probe: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := probe():
            return result
        time.sleep(1.0)
    raise TimeoutError(f"timed out waiting for {what}")


def run_once(loads: list[Any], workers: int, tmp: Path) -> dict[str, Any]:
    """One deployment, one DAG run over ``loads``; measured, then everything it started stopped and dropped."""
    import sqlalchemy as sa

    from deploy.celery_stack import CeleryStack, migrate, stack_environment
    from warehouse.db import dispose_engines, upgrade

    run = uuid.uuid4().hex[:8]
    metadata_db, warehouse_db, queue = f"pantau_bench_af_{run}", f"pantau_bench_wh_{run}", f"pantau_bench_{run}"
    base = PG_ADMIN.rsplit("/", 1)[0]
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{metadata_db}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{warehouse_db}"'))
    warehouse_url = f"{base}/{warehouse_db}"
    tmp.mkdir(parents=True, exist_ok=True)
    plan = tmp / "plan.json"
    plan.write_text(json.dumps([{"code": w.code, "government_file": str(w.government_file), "export": str(w.export),
                                 "roster": str(w.roster), "period": "2024-06"} for w in loads]), encoding="utf-8")
    env = stack_environment(_environment(tmp, workers, metadata_db, warehouse_url, plan, queue))
    stack = CeleryStack(env, log_dir=tmp / "stack-logs")
    metadata = sa.create_engine(f"{base}/{metadata_db}", poolclass=sa.pool.NullPool)
    try:
        upgrade(warehouse_url)
        dispose_engines()
        migrate(env)
        stack.start()
        return _measure(stack, metadata, warehouse_url, loads, workers)
    finally:
        stack.stop()
        metadata.dispose()
        with admin.connect() as conn:
            for name in (metadata_db, warehouse_db):
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        _forget_queue(queue)


def _airflow(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([str(Path(sys.executable).parent / "airflow"), *args], env=env, capture_output=True,
                          text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"airflow {' '.join(args)}: {done.stderr[-2000:]}")


def _measure(stack: Any, metadata: Any, warehouse_url: str, loads: list[Any], workers: int) -> dict[str, Any]:
    import sqlalchemy as sa

    _wait(lambda: _query(metadata, "SELECT dag_id FROM dag WHERE dag_id = :d", d=DAG_ID), 600, "the bench DAG")
    _airflow(stack.env, "dags", "unpause", DAG_ID)
    sampler = MemorySampler(stack)
    sampler.start()
    began = time.monotonic()
    _airflow(stack.env, "dags", "trigger", DAG_ID, "--run-id", "national")

    def finished() -> str | None:
        rows = _query(metadata, "SELECT state FROM dag_run WHERE dag_id = :d AND run_id = 'national'", d=DAG_ID)
        return str(rows[0][0]) if rows and str(rows[0][0]) in ("success", "failed") else None

    state = _wait(finished, 6 * 3600, "the national run")
    wall = time.monotonic() - began
    sampler.done.set()
    sampler.join()
    tasks = _query(metadata, "SELECT map_index, state, EXTRACT(EPOCH FROM (end_date - start_date)) FROM task_instance "
                             "WHERE dag_id = :d AND run_id = 'national' AND task_id = 'ingest_province'", d=DAG_ID)
    warehouse = sa.create_engine(warehouse_url, poolclass=sa.pool.NullPool)
    counts = _query(warehouse, "SELECT (SELECT COUNT(*) FROM fact_roster_participant), "
                               "(SELECT COUNT(*) FROM fact_coverage_monthly), "
                               "(SELECT COUNT(*) FROM audit_ingest_batch WHERE status = 'published'), "
                               "(SELECT COUNT(DISTINCT government_code) FROM audit_ingest_batch), "
                               "pg_database_size(current_database()), "
                               "pg_total_relation_size('fact_roster_participant'), "
                               "pg_total_relation_size('audit_quarantine_row')")[0]
    warehouse.dispose()
    seconds = sorted(float(t[2] or 0) for t in tasks)
    failed = [loads[int(t[0])].code for t in tasks if t[1] != "success"]
    if failed:  # keep the stack's logs, which the temporary folder would take with it
        import shutil

        kept = RESULTS.parent.parent / "var" / "bench-logs" / f"national-{int(time.time())}"
        shutil.copytree(Path(stack.log_dir), kept, dirs_exist_ok=True)
        shutil.copytree(Path(stack.env["AIRFLOW_HOME"]) / "logs", kept / "airflow-logs", dirs_exist_ok=True)
    return {
        "workers": workers, "provinces": len(loads), "roster_rows": sum(w.people for w in loads), "state": state,
        "wall_seconds": round(wall, 1), "worker_peak_rss_mb": round(sampler.worker_peak, 1),
        "stack_peak_rss_mb": round(sampler.stack_peak, 1),
        "tasks": len(tasks), "tasks_succeeded": sum(1 for t in tasks if t[1] == "success"), "failed_provinces": failed,
        "task_seconds_median": round(seconds[len(seconds) // 2], 1) if seconds else None,
        "task_seconds_max": round(seconds[-1], 1) if seconds else None,
        "roster_rows_loaded": int(counts[0]), "coverage_rows_loaded": int(counts[1]),
        "batches_published": int(counts[2]), "governments": int(counts[3]), "warehouse_bytes": int(counts[4]),
        "roster_table_bytes": int(counts[5]), "roster_bytes_per_row": round(int(counts[5]) / max(int(counts[0]), 1)),
        "quarantine_table_bytes": int(counts[6])}


def _forget_queue(queue: str) -> None:
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=0)
    client.delete(queue, f"_kombu.binding.{queue}")
    client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("PANTAU_NATIONAL_SCALE", "0.001")),
                        help="share of the national roster rows (10 million) to generate")
    parser.add_argument("--fractions", default=os.environ.get("PANTAU_NATIONAL_FRACTIONS", "0.1"),
                        help="shares of the provinces to run, comma-separated (0.1,0.5,1)")
    parser.add_argument("--workers", default=os.environ.get("PANTAU_NATIONAL_WORKERS", "1,2"),
                        help="Celery worker slots to run with, comma-separated")
    args, _unknown = parser.parse_known_args()
    from bench.national_load import write_national_load

    runs = []
    with tempfile.TemporaryDirectory(prefix="pantau-national-") as folder:
        tmp = Path(folder)
        loads = write_national_load(tmp / "load", int(NATIONAL_ROSTER_ROWS * args.scale))
        for fraction in (float(f) for f in args.fractions.split(",")):
            chosen = loads[:max(1, math.ceil(fraction * len(loads)))]
            for workers in (int(w) for w in args.workers.split(",")):
                result = {"scale": args.scale, "fraction": fraction,
                          **run_once(chosen, workers, tmp / f"run-{fraction}-{workers}")}
                print(json.dumps(result), flush=True)
                runs.append(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "national.json"
    # Runs of other sizes measured earlier stay; a run of the same scale, fraction and workers is replaced.
    earlier = json.loads(path.read_text(encoding="utf-8"))["runs"] if path.exists() else []
    key = ("scale", "fraction", "workers")
    done = {tuple(r[k] for k in key) for r in runs}
    for r in runs:
        r.update(scale=args.scale, measured_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    kept = [r for r in earlier if tuple(r.get(k) for k in key) not in done]
    out = {"national_roster_rows": NATIONAL_ROSTER_ROWS, "provinces_in_load": len(loads), "cpu_count": os.cpu_count(),
           "runs": sorted(kept + runs, key=lambda r: (r["scale"], r["fraction"], r["workers"]))}
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"results in {RESULTS / 'national.json'}")


if __name__ == "__main__":
    main()
