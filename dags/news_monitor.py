"""
### Regional news monitor

Every three hours. Crawls the registered Jambi news sites politely (robots.txt, a per-host
rate limit, conditional GET, so unchanged pages are not downloaded again), archives each page
with its checksum, extracts the article, finds programme and region mentions and the figures
quoted (each with a plausibility verdict), validates with Great Expectations, loads the
warehouse idempotently by URL and clusters syndicated copies. Ends by updating the news-facts
Asset, which triggers the accountability report.

Manual runs take a crawl window (`since`, `until`, ISO dates) and optionally a `site` and
`max_pages`, so a backfill re-reads the feeds and sitemaps of a past period.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Param, dag, get_current_context, task

from pantau.assets import NEWS_FACTS
from pantau.dag_policy import default_args, timeout


@dag(
    dag_id="news_monitor",
    schedule=timedelta(hours=3),
    start_date=pendulum.datetime(2024, 1, 1, tz="Asia/Jakarta"),
    catchup=False,
    max_active_runs=1,
    params={
        "since": Param(None, type=["null", "string"], description="crawl window start (ISO date)"),
        "until": Param(None, type=["null", "string"], description="crawl window end (ISO date)"),
        "site": Param(None, type=["null", "string"], description="one site from the registry"),
        "max_pages": Param(None, type=["null", "integer"], minimum=1, description="bound on pages fetched"),
    },
    default_args=default_args(),
    tags=["pantau", "news"],
    doc_md=__doc__,
)
def news_monitor() -> None:
    @task(execution_timeout=timeout("news_monitor", "crawl_sites"))
    def crawl_sites() -> int:
        from pantau.tasks.news import crawl

        context = get_current_context()
        params = context["params"]
        return crawl(site=params.get("site"), since=params.get("since"), until=params.get("until"),
                     max_pages=params.get("max_pages"), run_id=context["run_id"])

    @task(outlets=[NEWS_FACTS], execution_timeout=timeout("news_monitor", "extract_and_load"))
    def extract_and_load(batch_id: int) -> dict:
        from pantau.tasks.news import process

        summary = process(batch_id)
        get_current_context()["outlet_events"][NEWS_FACTS].extra = {"periods": summary["periods"]}
        return summary

    extract_and_load(crawl_sites())


news_monitor()
