"""``make demo``: the whole pipeline on the bundled sample data, through Airflow.

1. every sample month through the ``bpjs_coverage`` DAG, then per-regency coverage printed;
2. the reference series (denominators) loaded and validated, and the sample open-data tables of
   yearly statistics ingested;
3. the bundled news site served on 127.0.0.1 and crawled through the ``news_monitor`` DAG (the
   demo never crawls the real registry unless ``PANTAU_DEMO_SITES=registry`` is set);
4. the ``accountability_report`` DAG, and the path of the report it built.

The demo serves the configured government (``PANTAU_GOVERNMENT_FILE``; ``make demo GOVERNMENT=ppu``).
The bundled sample data (exports, open-data tables, news site) are Jambi's; for another government
the exports are generated for its regions and names (``samples.coverage``) under ``var/<name>/``, with
a warehouse of its own, and the Jambi-only open-data tables and news site are left out.

Every DAG run is a real Airflow DAG run (``dag.test()``: recorded in Airflow's metadata DB, each
task run by Airflow's task runner through its in-process execution API), all in this one
process, so Airflow's start-up, its task API and Great Expectations' import are paid once, not
once per run. Airflow's own log goes to ``var/logs/demo-airflow.log``; the terminal gets one line
per task as it finishes, and each task's lines are also written to its task log file under
``$AIRFLOW_HOME/logs`` (``samples.task_logs``), where ``make airflow``'s UI shows them.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from core.settings import PROJECT_ROOT, get_settings, reset_settings
from samples.task_logs import TaskLogFiles
from transforms.dates import Period, find_period

SAMPLES_DATA = Path(__file__).resolve().parent / "data"
SAMPLE_COVERAGE = SAMPLES_DATA / "coverage"
SAMPLE_OPEN_DATA = SAMPLES_DATA / "open_data"
VAR = PROJECT_ROOT / "var"
DEMO_SITE_PORT = 8765
SAMPLE_GOVERNMENT_FILE = "jambi.yaml"  # the government the bundled sample data belong to


def bundled_samples() -> bool:
    """Whether the configured government is the one the bundled sample data belong to."""
    return get_settings().government_file.name in (SAMPLE_GOVERNMENT_FILE, SAMPLE_GOVERNMENT_FILE.removesuffix(".yaml"))


def work_dir() -> Path:
    """Where the demo writes: var/ for the bundled government, var/<name>/ for another."""
    name = get_settings().government_file.stem
    return VAR if bundled_samples() else VAR / name


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


class TaskProgress:
    """An Airflow listener that prints one line per task instance as it finishes."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started: dict[tuple[str, str, int], float] = {}
        self.failed: list[str] = []

    @staticmethod
    def _key(task_instance: Any) -> tuple[str, str, int]:
        map_index = getattr(task_instance, "map_index", None)
        return (task_instance.dag_id, task_instance.task_id, -1 if map_index is None else int(map_index))

    def _label(self, task_instance: Any) -> str:
        _dag_id, task_id, map_index = self._key(task_instance)
        return task_id if map_index < 0 else f"{task_id}[{map_index}]"

    def _seconds(self, task_instance: Any) -> float:
        return time.monotonic() - self.started.pop(self._key(task_instance), time.monotonic())

    def _print(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def running(self, task_instance: Any) -> None:
        self.started[self._key(task_instance)] = time.monotonic()

    def success(self, task_instance: Any) -> None:
        self._print(f"    ok    {self._label(task_instance):<28} {self._seconds(task_instance):6.1f}s")

    def failure(self, task_instance: Any, error: object) -> None:
        label = self._label(task_instance)
        self.failed.append(label)
        self._print(f"    FAIL  {label:<28} {self._seconds(task_instance):6.1f}s  {error}")


def _listener(progress: TaskProgress, task_logs: TaskLogFiles) -> object:
    from airflow.listeners import hookimpl

    class Listener:
        @hookimpl
        def on_task_instance_running(self, previous_state: Any, task_instance: Any) -> None:
            task_logs.started_task(task_instance)
            progress.running(task_instance)

        @hookimpl
        def on_task_instance_success(self, previous_state: Any, task_instance: Any) -> None:
            task_logs.finished_task(task_instance)
            progress.success(task_instance)

        @hookimpl
        def on_task_instance_failed(self, previous_state: Any, task_instance: Any, error: Any) -> None:
            task_logs.finished_task(task_instance)
            progress.failure(task_instance, error)

    return Listener()


@contextmanager
def output_to(log_file: Path) -> Iterator[TextIO]:
    """Send everything written to stdout/stderr (Airflow's logs) to ``log_file``; yield the terminal."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved_out, saved_err = os.dup(1), os.dup(2)
    terminal = os.fdopen(os.dup(saved_out), "w", buffering=1, closefd=True)
    with log_file.open("a") as handle:
        os.dup2(handle.fileno(), 1)
        os.dup2(handle.fileno(), 2)
        try:
            yield terminal
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved_out, 1)
            os.dup2(saved_err, 2)
            os.close(saved_out)
            os.close(saved_err)
            terminal.close()


class DemoAirflow:
    """Airflow, started once in this process: metadata DB migrated, DAGs parsed, a progress listener."""

    def __init__(self, log_file: Path) -> None:
        self.log_file = log_file
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log_file.write_text("")
        with output_to(log_file):
            from airflow.dag_processing.dagbag import DagBag
            from airflow.sdk.listener import get_listener_manager
            from airflow.utils.db import upgradedb

            upgradedb()
            self.dags = DagBag(dag_folder=str(PROJECT_ROOT / "dags"))
            if self.dags.import_errors:
                raise SystemExit(f"DAG import errors: {self.dags.import_errors}")
        self.progress = TaskProgress(sys.stdout)
        # Each task's lines also go to its task log file, for the UI of `make airflow`.
        self.task_logs = TaskLogFiles(log_file)
        self.listener = _listener(self.progress, self.task_logs)
        get_listener_manager().add_listener(self.listener)

    def close(self) -> None:
        """Stop listening to task events (a process that goes on running DAGs after the demo's)."""
        from airflow.sdk.listener import get_listener_manager

        get_listener_manager().pm.unregister(self.listener)

    def run(self, dag_id: str, conf: dict[str, object], label: str) -> None:
        started = time.monotonic()
        print(f"  {dag_id} [{label}]", flush=True)
        self.progress.failed.clear()
        with output_to(self.log_file) as terminal:
            self.progress.stream = terminal
            try:
                run = self.dags.get_dag(dag_id).test(run_conf=conf)
            finally:
                self.progress.stream = sys.stdout
        state = str(run.state)
        print(f"  {dag_id} [{label}]: {state} in {time.monotonic() - started:.1f}s", flush=True)
        if state != "success":
            print("\n".join(self.log_file.read_text(errors="replace").splitlines()[-40:]), file=sys.stderr)
            raise SystemExit(f"{dag_id} did not succeed (failed: {', '.join(self.progress.failed)}); "
                             f"see {self.log_file}")


def sample_exports() -> Path:
    """The bundled sample exports, or exports generated for the configured government."""
    if bundled_samples():
        return SAMPLE_COVERAGE
    from samples.coverage import generate_coverage_samples

    folder = work_dir() / "samples"
    generate_coverage_samples(folder)
    return folder


def stage_sample_coverage() -> list[Period]:
    landing = get_settings().landing_dir / "sample"
    landing.mkdir(parents=True, exist_ok=True)
    periods: set[Period] = set()
    for source in sorted(sample_exports().iterdir()):
        if source.suffix.lower() not in (".csv", ".xlsx"):
            continue
        shutil.copy2(source, landing / source.name)
        period = find_period(source.name.replace("_", " "))
        if period:
            periods.add(period)
    return sorted(periods)


def coverage(airflow: DemoAirflow) -> Period:
    from pantau.cli import coverage_report
    from pantau.cli_output import OutputFormat

    say("Coverage: sample exports through the bpjs_coverage DAG")
    periods = stage_sample_coverage()
    if not periods:
        raise SystemExit(f"no sample exports found in {SAMPLE_COVERAGE}")
    for period in periods:
        airflow.run("bpjs_coverage", {"period": str(period)}, str(period))
    last = periods[-1]
    say(f"Per-regency coverage, {last.label_id()}")
    coverage_report(str(last), OutputFormat.TABLE)
    return last


def _command(command: Any, *args: Any, **kwargs: Any) -> None:
    """Run a ``pantau`` CLI command in this process (no second start-up); a rejection stops the demo."""
    import logging

    import typer

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)  # the command's own table, not Airflow's and GX's info log
    try:
        command(*args, **kwargs)
    except typer.Exit as done:
        if done.exit_code:
            raise SystemExit(f"{command.__name__} failed (exit {done.exit_code})") from None
    finally:
        root.setLevel(level)


def reference_and_open_data() -> None:
    from core.government import current
    from pantau.cli import coverage_ingest, reference_load
    from warehouse.reference import REFERENCE_DIR

    files = sorted(REFERENCE_DIR / d.file for d in current().denominators)
    if not bundled_samples():
        say(f"Reference series: {len(files)} denominator file(s) of {current().name}; no sample open data")
        if files:
            _command(reference_load, files, force=False, fmt="table")
        return
    say("Reference series: denominators from reference/ validated; sample open-data tables ingested")
    _command(reference_load, files, force=False, fmt="table")
    tables = sorted(p for p in SAMPLE_OPEN_DATA.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))
    _command(coverage_ingest, tables, source="satu-data-sample", period=None, force=False, fmt="table")


def news_and_report(airflow: DemoAirflow, period: Period) -> Path:
    from samples.site import SampleNewsSite

    if not bundled_samples():
        say("News: the bundled news site is Jambi's; not crawled for this government")
        return report(airflow, period)
    say("News: the bundled news site served on 127.0.0.1, crawled through the news_monitor DAG")
    # A fixed port keeps article URLs stable, so running the demo again stores nothing twice.
    try:
        site = SampleNewsSite(port=DEMO_SITE_PORT)
    except OSError:
        site = SampleNewsSite()
    with site:
        if os.environ.get("PANTAU_DEMO_SITES") == "registry":
            # Opt-in only: the real outlets of the government's news registry, politely, over the internet.
            say("News: PANTAU_DEMO_SITES=registry, crawling the real registry instead of the bundled site")
            os.environ.pop("PANTAU_SITES_FILE", None)
            reset_settings()
            airflow.run("news_monitor", {"since": "2024-01-01", "until": "2024-12-31"}, "registry")
        else:
            sites_file = VAR / "demo-sites.yaml"
            site.write_registry(sites_file)
            os.environ["PANTAU_SITES_FILE"] = str(sites_file)
            os.environ["PANTAU_ALLOW_PRIVATE_ADDRESSES"] = "true"
            os.environ["PANTAU_CRAWL_RATE_PER_HOST"] = "50"
            reset_settings()
            airflow.run("news_monitor", {"since": "2024-01-01", "until": "2024-12-31"}, "sample-site")
    return report(airflow, period)


def report(airflow: DemoAirflow, period: Period) -> Path:
    say("Accountability report")
    # No period: the DAG builds every month whose report is missing or stale, then the index.
    airflow.run("accountability_report", {}, "every month without a current report")
    built = get_settings().reports_dir / str(period) / f"pantau-{period}.html"
    if not built.exists():
        raise SystemExit(f"the report was not written: {built}")
    return built


def main() -> None:
    from expectations.runner import data_docs_index
    from warehouse.db import upgrade

    started = time.monotonic()
    work = work_dir()
    os.environ.setdefault("PANTAU_DATA_DIR", str(work / "data"))
    if work != VAR:
        work.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("PANTAU_WAREHOUSE_URL", f"sqlite:///{work / 'warehouse.sqlite'}")
    ensure_pseudonym_key()
    reset_settings()
    say("Starting Airflow (once, in this process) and migrating its database and the warehouse")
    upgrade()
    airflow = DemoAirflow(work / "logs" / "demo-airflow.log")
    print(f"  ready in {time.monotonic() - started:.1f}s (Airflow's log: {airflow.log_file})", flush=True)
    period = coverage(airflow)
    reference_and_open_data()
    built = news_and_report(airflow, period)
    say(f"Done in {time.monotonic() - started:.0f}s")
    print(f"Data Docs: {built.parent / 'data-docs' / 'index.html'} (offline copy beside the report; GX's own: "
          f"{data_docs_index(get_settings().gx_dir)})")
    print(f"Excel:  {built.with_suffix('.xlsx')}")
    print(f"Report: {built}")
    print(f"Index:  {get_settings().reports_dir / 'index.html'} (every month, a page per regency/city)")


if __name__ == "__main__":
    main()
