"""Retries and timeouts of Pantau's DAG tasks, defined once.

Transient failures (a database restart, a source's 5xx, a timeout of Airflow's task API on a
busy host) are retried with exponential backoff; rejected inputs and configuration errors are
not retried (the task layer turns them into ``AirflowFailException``, see
:func:`pantau.tasks.task_body`), because a second try would see the same file and settings.
Every task has an ``execution_timeout`` so a hung source or lock fails the try instead of
holding a worker slot for ever.

DAG files import this at top level, so it imports nothing but the standard library.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

RETRIES = 3
FIRST_RETRY_DELAY = timedelta(seconds=30)
BACKOFF_MULTIPLIER = 2.0  # 30 s, 1 min, 2 min …
MAX_RETRY_DELAY = timedelta(minutes=15)
DEFAULT_TIMEOUT = timedelta(minutes=15)

# The coverage DAG's wait for a month's export: asked again every few hours (rescheduled, so no worker
# slot is held), for at most the longest a month can wait for its deadline (see export_due_day). The
# deadline itself is decided by each poke from the export calendar.
EXPORT_POKE_INTERVAL = timedelta(hours=6).total_seconds()
EXPORT_WAIT_TIMEOUT = timedelta(days=60).total_seconds()

# The longest a single try of each task may run, by DAG and task id.
TIMEOUTS: dict[str, dict[str, timedelta]] = {
    "bpjs_coverage": {
        "resolve_period": timedelta(minutes=2),
        "fetch_export_endpoint": timedelta(minutes=30),  # downloads, each within the HTTP deadline
        "fetch_ckan": timedelta(minutes=30),
        "list_landing_files": timedelta(minutes=5),
        "wait_for_export": timedelta(minutes=5),  # each poke: one look at the batch records
        "ingest_file": timedelta(minutes=30),  # a 1M-row roster loads in well under a minute
        "ingest_export_file": timedelta(minutes=30),  # the same task, for the endpoint's files
        "ingest_ckan_file": timedelta(minutes=30),  # and for CKAN's
        "build_data_docs": timedelta(minutes=15),
        "publish_summary": timedelta(minutes=5),
    },
    "news_monitor": {
        "crawl_sites": timedelta(minutes=120),  # 1 request/s per host; the DAG runs every 3 h
        "extract_and_load": timedelta(minutes=60),
    },
    "accountability_report": {
        "affected_periods": timedelta(minutes=5),
        "reconcile_news_claims": timedelta(minutes=15),
        "rebuild_data_docs": timedelta(minutes=15),
        "build_report": timedelta(minutes=20),
        "build_index": timedelta(minutes=10),
    },
}


# Tasks that never retry, and why: a month whose export is missing is not a transient error; the
# sensor has already waited up to the export calendar's deadline.
NOT_RETRIED = {("bpjs_coverage", "wait_for_export")}


def default_args() -> dict[str, Any]:
    """``default_args`` for every Pantau DAG: retries with exponential backoff."""
    return {
        "retries": RETRIES,
        "retry_delay": FIRST_RETRY_DELAY,
        "retry_exponential_backoff": BACKOFF_MULTIPLIER,
        "max_retry_delay": MAX_RETRY_DELAY,
        "execution_timeout": DEFAULT_TIMEOUT,
    }


def timeout(dag_id: str, task_id: str) -> timedelta:
    """The ``execution_timeout`` of one task (``DEFAULT_TIMEOUT`` for a task not listed)."""
    return TIMEOUTS.get(dag_id, {}).get(task_id, DEFAULT_TIMEOUT)
