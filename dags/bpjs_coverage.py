"""
### BPJS Ketenagakerjaan coverage: exports → validated warehouse

Monthly. Pulls the period's coverage exports, claims exports and beneficiary rosters (the drop
folder, the HTTP export endpoint and the CKAN portal), archives each raw file with its
checksum, parses it, validates it with Great Expectations (failing rows quarantined, failing
batches not published), and publishes the facts atomically, superseding the earlier files of the
same month whose cells it wholly covers. A rejected file fails its own `ingest_file` task with
the reason; a remote source that is down fails `fetch_remote_sources` after its retries, while
the drop folder is still ingested. A month with no file says so in `publish_summary`. Ends by
updating the coverage-facts Asset, which triggers the accountability report.

Manual runs and backfills take a `period` param (`YYYY-MM`); without it a run covers the month
of its data interval.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import dag, get_current_context, task

from pantau.assets import COVERAGE_FACTS
from pantau.dag_params import period_param
from pantau.dag_policy import default_args, timeout


@dag(
    dag_id="bpjs_coverage",
    schedule="@monthly",
    start_date=pendulum.datetime(2024, 1, 1, tz="Asia/Jakarta"),
    catchup=False,
    max_active_runs=1,
    params={"period": period_param("the data interval's month")},
    default_args=default_args(),
    tags=["pantau", "coverage"],
    doc_md=__doc__,
)
def bpjs_coverage() -> None:
    @task(execution_timeout=timeout("bpjs_coverage", "resolve_period"))
    def resolve_period() -> str:
        from pantau.tasks.coverage import resolve_period

        context = get_current_context()
        return resolve_period(context["params"].get("period"), context.get("data_interval_start"),
                              context.get("logical_date"))

    @task(execution_timeout=timeout("bpjs_coverage", "fetch_remote_sources"))
    def fetch_remote_sources(period: str) -> list[str]:
        from pantau.tasks.coverage import fetch_remote

        return fetch_remote(period)

    # The drop folder is read even when a remote source is down (its task then fails the run).
    @task(trigger_rule="all_done", execution_timeout=timeout("bpjs_coverage", "list_landing_files"))
    def list_landing_files(period: str) -> list[str]:
        from pantau.tasks.coverage import landing_files

        return landing_files(period)

    @task(max_active_tis_per_dagrun=2, execution_timeout=timeout("bpjs_coverage", "ingest_file"))
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
    def publish_summary(results: list[dict], period: str) -> dict:
        from pantau.tasks.coverage import summarise

        summary = summarise(list(results or []), period, run_id=get_current_context()["run_id"])
        # Tell the report DAG which month changed.
        get_current_context()["outlet_events"][COVERAGE_FACTS].extra = {"period": period}
        return summary

    period = resolve_period()
    files = list_landing_files(period)
    remote = fetch_remote_sources(period)
    remote >> files
    results = ingest_file.partial(period=period).expand(path=files)
    summary = publish_summary(results, period)
    results >> build_data_docs() >> summary
    remote >> summary


bpjs_coverage()
