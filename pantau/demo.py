"""``make demo``: the whole pipeline on the bundled sample data, through Airflow.

1. every sample month through the ``bpjs_coverage`` DAG, then per-regency coverage printed;
2. the reference series (denominators) loaded and validated, and the sample open-data tables of
   yearly statistics ingested;
3. the bundled news site served on 127.0.0.1 and crawled through the ``news_monitor`` DAG (the
   demo never crawls the real registry unless ``PANTAU_DEMO_SITES=registry`` is set);
4. the ``accountability_report`` DAG, and the path of the report it built.

Each DAG runs with ``airflow dags test`` (a real DAG run recorded in Airflow's metadata DB).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

from pantau.core.settings import PROJECT_ROOT, get_settings
from transforms.dates import Period, find_period

SAMPLE_COVERAGE = PROJECT_ROOT / "sample_data" / "coverage"
SAMPLE_OPEN_DATA = PROJECT_ROOT / "sample_data" / "open_data"
VAR = PROJECT_ROOT / "var"
BIN = Path(sys.executable).parent
DEMO_SITE_PORT = 8765


def say(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def ensure_pseudonym_key() -> None:
    """A demo-only random key kept outside the repository (production passes its own)."""
    if os.environ.get("PANTAU_PSEUDONYM_KEY"):
        return
    key_file = VAR / "demo-pseudonym.key"
    if not key_file.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    os.environ["PANTAU_PSEUDONYM_KEY"] = key_file.read_text().strip()


def run_dag(dag_id: str, conf: dict[str, object], label: str) -> None:
    logs = VAR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_file = logs / f"demo-{dag_id}-{label}.log"
    started = time.monotonic()
    with log_file.open("w") as handle:
        done = subprocess.run([str(BIN / "airflow"), "dags", "test", dag_id, "--conf", json.dumps(conf)],
                              stdout=handle, stderr=subprocess.STDOUT, env=os.environ.copy(), timeout=1800)
    text = log_file.read_text(errors="replace")
    finished = re.search(r"DagRun Finished: dag_id=\S+.*?state=(\w+)", text)
    state = finished.group(1) if finished else "unknown"
    print(f"    {dag_id} [{label}]: {state} in {time.monotonic() - started:.0f}s (log: {log_file})", flush=True)
    if done.returncode != 0 or state != "success":
        print("\n".join(text.splitlines()[-40:]), file=sys.stderr)
        raise SystemExit(f"{dag_id} did not succeed; see {log_file}")


def stage_sample_coverage() -> list[Period]:
    landing = get_settings().landing_dir / "sample"
    landing.mkdir(parents=True, exist_ok=True)
    periods: set[Period] = set()
    for source in sorted(SAMPLE_COVERAGE.iterdir()):
        if source.suffix.lower() not in (".csv", ".xlsx"):
            continue
        shutil.copy2(source, landing / source.name)
        period = find_period(source.name.replace("_", " "))
        if period:
            periods.add(period)
    return sorted(periods)


def coverage() -> Period:
    say("Coverage: sample exports through the bpjs_coverage DAG")
    periods = stage_sample_coverage()
    if not periods:
        raise SystemExit(f"no sample exports found in {SAMPLE_COVERAGE}")
    for period in periods:
        run_dag("bpjs_coverage", {"period": str(period)}, str(period))
    last = periods[-1]
    say(f"Per-regency coverage, {last.label_id()}")
    subprocess.run([str(BIN / "pantau"), "coverage", "report", "--period", str(last)], check=True)
    return last


def reference_and_open_data() -> None:
    from warehouse.reference import REFERENCE_DIR

    say("Reference series: denominators from reference/ validated; sample open-data tables ingested")
    files = sorted(str(p) for p in (REFERENCE_DIR / "workforce").glob("*.yaml"))
    subprocess.run([str(BIN / "pantau"), "reference", "load", *files], check=True)
    tables = sorted(str(p) for p in SAMPLE_OPEN_DATA.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))
    subprocess.run([str(BIN / "pantau"), "coverage", "ingest", "--source", "satu-data-sample", *tables], check=True)


def news_and_report(period: Period) -> Path:
    from pantau.sample_site import SampleNewsSite

    say("News: the bundled news site served on 127.0.0.1, crawled through the news_monitor DAG")
    # A fixed port keeps article URLs stable, so running the demo again stores nothing twice.
    try:
        site = SampleNewsSite(port=DEMO_SITE_PORT)
    except OSError:
        site = SampleNewsSite()
    with site:
        if os.environ.get("PANTAU_DEMO_SITES") == "registry":
            # Opt-in only: the real outlets of extractors/news/sites.yaml, politely, over the internet.
            say("News: PANTAU_DEMO_SITES=registry, crawling the real registry instead of the bundled site")
            os.environ.pop("PANTAU_SITES_FILE", None)
            run_dag("news_monitor", {"since": "2024-01-01", "until": "2024-12-31"}, "registry")
        else:
            sites_file = VAR / "demo-sites.yaml"
            site.write_registry(sites_file)
            os.environ["PANTAU_SITES_FILE"] = str(sites_file)
            os.environ["PANTAU_ALLOW_PRIVATE_ADDRESSES"] = "true"
            os.environ["PANTAU_CRAWL_RATE_PER_HOST"] = "50"
            run_dag("news_monitor", {"since": "2024-01-01", "until": "2024-12-31"}, "sample-site")
    say("Accountability report")
    run_dag("accountability_report", {"period": str(period)}, str(period))
    report = get_settings().reports_dir / str(period) / f"pantau-{period}.html"
    if not report.exists():
        raise SystemExit(f"the report was not written: {report}")
    return report


def main() -> None:
    from expectations.runner import data_docs_index

    os.environ.setdefault("PANTAU_DATA_DIR", str(VAR / "data"))
    ensure_pseudonym_key()
    period = coverage()
    reference_and_open_data()
    report = news_and_report(period)
    say("Done")
    print(f"Data Docs: {data_docs_index(get_settings().gx_dir)}")
    print(f"Excel:  {report.with_suffix('.xlsx')}")
    print(f"Report: {report}")


if __name__ == "__main__":
    main()
