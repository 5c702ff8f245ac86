"""Coverage pipeline benchmark: a roster of MAX_ROSTER_ROWS records and a year of monthly aggregates.

Side by side on the same rows: Pantau's PostgreSQL load path (COPY into a staging table plus
one set-based insert), raw PostgreSQL COPY into the fact table (the limit), pandas
``DataFrame.to_sql`` (what a user would write), and the SQLite path. The whole roster is also
run extract → pseudonymise → validate → load in a fresh process to measure wall time and peak
RSS, at 100k rows and at the roster limit to show the cost is linear. Results: ``bench/results/coverage.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from core.settings import reset_settings
from expectations.runner import run_suite
from extractors.limits import MAX_ROSTER_ROWS
from extractors.roster import read_roster
from samples.coverage import generate_coverage_samples, generate_roster_csv
from transforms.pseudonyms import Pseudonymiser
from warehouse.db import dispose_engines, get_engine, session_scope, upgrade
from warehouse.loaders import TARGETS, replace_facts
from warehouse.models import AuditIngestBatch

RESULTS = Path(__file__).resolve().parent / "results"
PG_ADMIN = os.environ.get("PANTAU_BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
KEY = "bench-only-pseudonym-key-0123456789"


def _create_db() -> str:
    name = f"pantau_bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def _drop_db(url: str) -> None:
    dispose_engines()
    engine = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    engine.dispose()


def pipeline(roster: Path, url: str, data_dir: Path) -> dict[str, Any]:
    """extract → pseudonymise → validate → load, timed per stage (run in a fresh process)."""

    os.environ["PANTAU_DATA_DIR"] = str(data_dir)
    os.environ["PANTAU_PSEUDONYM_KEY"] = KEY
    os.environ["GX_ANALYTICS_ENABLED"] = "False"

    # Heavy: expectations loads Great Expectations; loaded only when this runs.
    from expectations import suites

    upgrade(url)
    stages: dict[str, float] = {}
    start = time.perf_counter()
    parsed = read_roster(roster, Pseudonymiser(KEY.encode()))
    stages["extract_pseudonymise_s"] = time.perf_counter() - start
    t = time.perf_counter()
    validation = run_suite(parsed.frame, suites.roster_suite, asset_name="roster_bench", run_name="bench",
                           gx_dir=data_dir / "gx")
    stages["validate_s"] = time.perf_counter() - t
    t = time.perf_counter()
    clean = parsed.frame.drop(index=list(validation.row_failures()))
    with session_scope(get_engine(url)) as session:
        batch = AuditIngestBatch(source_name="bench", dataset="roster", file_name=roster.name, sha256="b" * 64,
                                 received_at=datetime.now(UTC), status="published", rows_read=len(parsed.frame),
                                 rows_loaded=0, rows_quarantined=0, period_key=parsed.period.key)
        session.add(batch)
        session.flush()
        loaded = replace_facts(session, dataset="roster", batch_id=batch.batch_id, source_name="bench",
                               period_key=parsed.period.key, frame=clean)
    stages["load_s"] = time.perf_counter() - t
    total = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rows": len(parsed.frame), "loaded": loaded, "total_s": round(total, 2),
            **{k: round(v, 2) for k, v in stages.items()}, "peak_rss_mb": round(peak_kb / 1024, 1),
            "rows_per_s": round(len(parsed.frame) / total)}


def _pipeline_in_fresh_process(roster: Path, url: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        done = subprocess.run([sys.executable, "-m", "bench.coverage_bench", "--pipeline", str(roster), url,
                               data_dir], capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def load_paths(frame: Any, url: str, to_sql_rows: int) -> dict[str, Any]:
    """The same canonical rows through each load path."""

    upgrade(url)
    engine = get_engine(url)
    columns = TARGETS["roster"].columns
    with session_scope(engine) as session:
        batch = AuditIngestBatch(source_name="bench-load", dataset="roster", file_name="x", sha256="c" * 64,
                                 received_at=datetime.now(UTC), status="published", rows_read=0, rows_loaded=0,
                                 rows_quarantined=0, period_key=202406)
        session.add(batch)
        session.flush()
        batch_id = batch.batch_id
    rows = frame.assign(batch_id=batch_id, source_name="bench-load", period_key=202406)[list(columns)]

    def truncate() -> None:
        with engine.begin() as conn:
            conn.execute(sa.text("TRUNCATE fact_roster_participant"))

    results: dict[str, Any] = {"rows": len(rows)}
    best: dict[str, float] = {}
    for _attempt in range(2):
        truncate()
        t = time.perf_counter()
        with session_scope(engine) as session:
            replace_facts(session, dataset="roster", batch_id=batch_id, source_name="bench-load",
                          period_key=202406, frame=frame)
        best["pantau_pg_s"] = min(best.get("pantau_pg_s", 1e9), time.perf_counter() - t)

        truncate()
        t = time.perf_counter()
        raw = engine.raw_connection()
        try:
            driver: Any = raw.driver_connection
            with driver.cursor() as cursor, cursor.copy(
                    f"COPY fact_roster_participant ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
                for start in range(0, len(rows), 200_000):
                    buffer = io.StringIO()
                    rows.iloc[start:start + 200_000].to_csv(buffer, header=False, index=False)
                    copy.write(buffer.getvalue().encode())
            driver.commit()
        finally:
            raw.close()
        best["raw_copy_s"] = min(best.get("raw_copy_s", 1e9), time.perf_counter() - t)
    truncate()
    sample = rows.iloc[:to_sql_rows]
    t = time.perf_counter()
    sample.to_sql("fact_roster_participant", engine, if_exists="append", index=False, chunksize=10_000)
    to_sql_s = time.perf_counter() - t
    truncate()

    results["pantau_pg_rows_per_s"] = round(len(rows) / best["pantau_pg_s"])
    results["raw_copy_rows_per_s"] = round(len(rows) / best["raw_copy_s"])
    results["to_sql_rows_per_s"] = round(len(sample) / to_sql_s)
    results["to_sql_rows_measured"] = len(sample)
    results["pantau_vs_raw_copy"] = round(results["pantau_pg_rows_per_s"] / results["raw_copy_rows_per_s"], 3)
    results["pantau_vs_to_sql"] = round(results["pantau_pg_rows_per_s"] / results["to_sql_rows_per_s"], 2)
    results.update({k: round(v, 2) for k, v in best.items()})
    return results


def sqlite_load(frame: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        upgrade(url)
        engine = get_engine(url)
        with session_scope(engine) as session:
            session.add(AuditIngestBatch(batch_id=1, source_name="bench", dataset="roster", file_name="x",
                                         sha256="d" * 64, received_at=datetime.now(UTC), status="published",
                                         rows_read=0, rows_loaded=0, rows_quarantined=0, period_key=202406))
        t = time.perf_counter()
        with session_scope(engine) as session:
            replace_facts(session, dataset="roster", batch_id=1, source_name="bench", period_key=202406,
                          frame=frame)
        seconds = time.perf_counter() - t
        engine.dispose()
    return {"rows": len(frame), "seconds": round(seconds, 2), "rows_per_s": round(len(frame) / seconds)}


def monthly_year(url: str) -> dict[str, Any]:
    """A year of monthly aggregate exports through the whole ingest service (parse, GX, publish)."""

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PANTAU_DATA_DIR"] = f"{tmp}/data"
        os.environ["PANTAU_WAREHOUSE_URL"] = url
        reset_settings()
        # Imported once the settings name the temporary warehouse and data folder.
        from pantau.ingest import ingest_file
        from transforms.dates import Period

        paths = generate_coverage_samples(Path(tmp) / "in", months=12, rows_per_month=400,
                                          start=Period(2024, 1), seed=7)
        exports = [p for p in paths if p.name.startswith(("rekap-", "klaim-"))]
        t = time.perf_counter()
        statuses: dict[str, int] = {}
        for path in exports:
            result = ingest_file(path, source_name=f"bench-{path.stem}")
            statuses[result.status] = statuses.get(result.status, 0) + 1
        seconds = time.perf_counter() - t
    return {"files": len(exports), "statuses": statuses, "seconds": round(seconds, 2),
            "seconds_per_file": round(seconds / max(1, len(exports)), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=MAX_ROSTER_ROWS)
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--to-sql-rows", type=int, default=100_000)
    parser.add_argument("--pipeline", nargs=3, metavar=("ROSTER", "URL", "DATA_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pipeline:
        roster, url, data_dir = args.pipeline
        print(json.dumps(pipeline(Path(roster), url, Path(data_dir))))
        return

    RESULTS.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"machine": {"cpus": os.cpu_count()}, "targets": {
        "pantau_vs_raw_copy": ">= 0.7", "pantau_vs_to_sql": ">= 4", "pipeline_1m_total_s": "<= 90",
        "pipeline_1m_peak_rss_mb": "<= 1536"}}
    with tempfile.TemporaryDirectory() as tmp:
        big = generate_roster_csv(Path(tmp) / "roster-2024-06-1m.csv", args.rows, seed=1)
        small = generate_roster_csv(Path(tmp) / "roster-2024-06-100k.csv", args.small, seed=2)
        url = _create_db()
        try:
            report["pipeline_small"] = _pipeline_in_fresh_process(small, url)
            report["pipeline_1m"] = _pipeline_in_fresh_process(big, url)
            print(json.dumps({k: report[k] for k in ("pipeline_small", "pipeline_1m")}), flush=True)
            per_row_small = report["pipeline_small"]["total_s"] / report["pipeline_small"]["rows"]
            per_row_big = report["pipeline_1m"]["total_s"] / report["pipeline_1m"]["rows"]
            report["linearity_cost_per_row_ratio_1m_vs_small"] = round(per_row_big / per_row_small, 2)
            frame = read_roster(big, Pseudonymiser(KEY.encode())).frame
            report["load_paths_postgres"] = load_paths(frame, url, args.to_sql_rows)
            report["load_sqlite"] = sqlite_load(frame)
            report["monthly_year_postgres"] = monthly_year(url)
        finally:
            _drop_db(url)
    out = RESULTS / "coverage.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
