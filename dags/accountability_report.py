"""
### Accountability report

Runs when the coverage facts or the news facts change (their Assets), and on the first of each
month. Reconciles every figure quoted in the news with the warehouse metric it speaks of
(consistent, differs by how much, no comparable data, implausible), builds the report for each
affected month (self-contained HTML with charts, and an Excel workbook with the same tables),
rebuilds the Great Expectations Data Docs the report links to (an offline copy beside each
report), and then the index of every month with a history page per regency/city.

A manual run takes a `period` param (`YYYY-MM`).
"""

from __future__ import annotations

import pendulum
from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable, dag, get_current_context, task

from pantau.assets import COVERAGE_FACTS, NEWS_FACTS
from pantau.dag_params import period_param
from pantau.dag_policy import default_args, timeout


@dag(
    dag_id="accountability_report",
    schedule=AssetOrTimeSchedule(
        timetable=CronTriggerTimetable("0 6 1 * *", timezone="Asia/Jakarta"),
        assets=(COVERAGE_FACTS | NEWS_FACTS),
    ),
    start_date=pendulum.datetime(2024, 1, 1, tz="Asia/Jakarta"),
    catchup=False,
    max_active_runs=1,
    params={"period": period_param("the months that changed")},
    default_args=default_args(),
    tags=["pantau", "report"],
    doc_md=__doc__,
)
def accountability_report() -> None:
    @task(execution_timeout=timeout("accountability_report", "affected_periods"))
    def affected_periods() -> list[str]:
        from pantau.tasks.report import affected_periods

        context = get_current_context()
        events = [event.extra or {} for events in (context.get("triggering_asset_events") or {}).values()
                  for event in events]
        return affected_periods(events, context.get("logical_date"), context["params"].get("period"))

    @task(execution_timeout=timeout("accountability_report", "rebuild_data_docs"))
    def rebuild_data_docs() -> str:
        from pantau.tasks.quality import rebuild_data_docs

        return rebuild_data_docs()

    @task(execution_timeout=timeout("accountability_report", "reconcile_news_claims"))
    def reconcile_news_claims() -> dict:
        from pantau.tasks.report import reconcile_claims

        return reconcile_claims()

    @task(execution_timeout=timeout("accountability_report", "build_report"))
    def build_report(period: str) -> dict:
        from pantau.tasks.report import build

        return build(period)

    @task(execution_timeout=timeout("accountability_report", "build_index"))
    def build_index() -> dict:
        from pantau.tasks.report import build_index

        return build_index()

    reports = build_report.expand(period=affected_periods())
    [reconcile_news_claims(), rebuild_data_docs()] >> reports >> build_index()


accountability_report()
