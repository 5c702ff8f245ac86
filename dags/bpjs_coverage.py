"""
### BPJS Ketenagakerjaan coverage: exports → validated warehouse

Monthly. Pulls the period's coverage exports, claims exports and beneficiary rosters (the drop
folder, the HTTP export endpoint and the CKAN portal, each by its own task), archives each raw file
with its checksum, parses it, validates it with Great Expectations (failing rows quarantined, failing
batches not published), and publishes the facts atomically, superseding the earlier files of the
same month whose cells it wholly covers. A rejected file fails its own `ingest_file` task (labelled
with the file's name) with the reason as the first ERROR line, and is moved to the rejected folder
with that reason beside it (`pantau coverage rejected` lists them), so the next run is not failed by
it again. A remote source that is down fails its own fetch task after its retries; the drop folder
and the other source are ingested meanwhile. `wait_for_export` waits for the month's export until
the export calendar's deadline (`PANTAU_EXPORT_DUE_DAY`) and fails, naming what is missing, for a
month past it with nothing. Ends by updating the coverage-facts Asset, which triggers the
accountability report.

Manual runs and backfills take a `period` param (`YYYY-MM`); without it a run covers the month
of its data interval. Scheduled runs are named after their month
(`scheduled__2024-06__2024-06-30T17:00:00+00:00`); give a manual run an id that names its month.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import dag, get_current_context, task

from pantau.assets import COVERAGE_FACTS
from pantau.dag_params import period_param
from pantau.dag_policy import EXPORT_POKE_INTERVAL, EXPORT_WAIT_TIMEOUT, default_args, timeout
from pantau.timetables import MonthlyExportTimetable


# The tasks, wired by the DAG at the end of the file; each body is one call into pantau.tasks.
@task(execution_timeout=timeout("bpjs_coverage", "resolve_period"))
def resolve_period() -> str:
    from pantau.tasks.coverage import resolve_period

    context = get_current_context()
    return resolve_period(context["params"].get("period"), context.get("data_interval_start"),
                          context.get("logical_date"))


# Each source on its own: one that is down (retried by Airflow) holds up none of the others.
@task(execution_timeout=timeout("bpjs_coverage", "fetch_export_endpoint"))
def fetch_export_endpoint(period: str) -> list[str]:
    from pantau.tasks.coverage import fetch_export_endpoint

    return fetch_export_endpoint(period)


@task(execution_timeout=timeout("bpjs_coverage", "fetch_ckan"))
def fetch_ckan(period: str) -> list[str]:
    from pantau.tasks.coverage import fetch_ckan

    return fetch_ckan(period)


@task(execution_timeout=timeout("bpjs_coverage", "list_landing_files"))
def list_landing_files(period: str) -> list[str]:
    from pantau.tasks.coverage import landing_files

    return landing_files(period)


# Waits (rescheduled, freeing its worker slot) until the month's export is in, up to the export
# calendar's deadline; a month past it with nothing fails here, naming what is missing.
@task.sensor(mode="reschedule", poke_interval=EXPORT_POKE_INTERVAL, timeout=EXPORT_WAIT_TIMEOUT,
             trigger_rule="all_done", retries=0, execution_timeout=timeout("bpjs_coverage", "wait_for_export"))
def wait_for_export(period: str) -> bool:
    from pantau.tasks.coverage import export_arrived

    return export_arrived(period, run_id=get_current_context()["run_id"])


# Each mapped try is labelled with its file's name in the grid.
@task(max_active_tis_per_dagrun=2, execution_timeout=timeout("bpjs_coverage", "ingest_file"),
      map_index_template="{{ task.op_kwargs['path'].rsplit('/', 1)[-1] }}")
def ingest_file(path: str, period: str) -> dict:
    from pantau.tasks.coverage import ingest

    return ingest(path, period, run_id=get_current_context()["run_id"])


# none_failed: a month with no file (every ingest skipped) still gets its summary.
@task(trigger_rule="none_failed", execution_timeout=timeout("bpjs_coverage", "build_data_docs"))
def build_data_docs() -> str:
    from pantau.tasks.quality import rebuild_data_docs

    return rebuild_data_docs()


@task(outlets=[COVERAGE_FACTS], trigger_rule="none_failed",
      execution_timeout=timeout("bpjs_coverage", "publish_summary"))
def publish_summary(dropped: list[dict], exported: list[dict], from_ckan: list[dict], period: str) -> dict:
    from pantau.tasks.coverage import summarise

    # Sliced, not iterated: iterating a mapped task's results reads one past the end, which
    # Airflow's client logs as an ERROR ("XCom not found") after every good run.
    results = [r for mapped in (dropped, exported, from_ckan) if mapped for r in mapped[:]]
    summary = summarise(results, period, run_id=get_current_context()["run_id"])
    # Tell the report DAG which month changed.
    get_current_context()["outlet_events"][COVERAGE_FACTS].extra = {"period": period}
    return summary


@dag(
    dag_id="bpjs_coverage",
    # @monthly at 00:00 WIB; scheduled run ids name the month loaded (scheduled__2024-06__…).
    schedule=MonthlyExportTimetable("@monthly", timezone="Asia/Jakarta"),
    start_date=pendulum.datetime(2024, 1, 1, tz="Asia/Jakarta"),
    catchup=False,
    max_active_runs=1,
    params={"period": period_param("the data interval's month")},
    default_args=default_args(),
    tags=["pantau", "coverage"],
    doc_md=__doc__,
)
def bpjs_coverage() -> None:
    period = resolve_period()
    dropped = list_landing_files(period)
    exported = fetch_export_endpoint(period)
    from_ckan = fetch_ckan(period)
    arrived = wait_for_export(period)
    [dropped, exported, from_ckan] >> arrived
    ingest = ingest_file.partial(period=period)
    dropped_results = ingest.expand(path=dropped)
    exported_results = ingest_file.override(task_id="ingest_export_file").partial(period=period).expand(path=exported)
    ckan_results = ingest_file.override(task_id="ingest_ckan_file").partial(period=period).expand(path=from_ckan)
    summary = publish_summary(dropped_results, exported_results, ckan_results, period)
    [dropped_results, exported_results, ckan_results] >> build_data_docs() >> summary
    arrived >> summary


bpjs_coverage()
