"""Task bodies of the ``accountability_report`` DAG: periods, claim reconciliation, the report."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.logs import event
from core.settings import get_settings
from pantau.tasks import task_body
from transforms.dates import JAKARTA, Period

log = logging.getLogger("pantau.tasks.report")

@task_body
def affected_periods(events: Iterable[dict[str, Any]], logical_date: datetime | None,
                     requested: str | None = None) -> list[str]:
    """Periods to rebuild: the param; else those named by the triggering asset events together with
    every month whose report is missing or older than its newest published batch; else the latest
    published month (a scheduled monthly run).

    The second part matters because Airflow can fold an asset event into no run: when an event
    arrives while an earlier one still waits for this DAG (``max_active_runs=1``), both share one
    queue entry and the run consumes only the first. The warehouse, not the event, says what changed.
    """
    if requested:
        return [str(Period.parse(requested))]
    periods: set[str] = set()
    for extra in events:
        if extra.get("period"):
            periods.add(str(Period.parse(str(extra["period"]))))
        for key in extra.get("periods") or []:
            periods.add(str(Period.from_key(int(key))))
    from reports.build import report_paths
    from warehouse.db import session_scope
    from warehouse.reporting import last_published, published_periods

    reports_dir = get_settings().reports_dir
    with session_scope() as session:
        for period, finished in last_published(session).items():
            html = report_paths(period, reports_dir / str(period))["html"]
            if not html.exists() or html.stat().st_mtime < finished.timestamp():
                periods.add(str(period))
        published = published_periods(session) if not periods else []
    if periods:
        return sorted(periods)
    if published:
        return [str(published[-1])]
    # Months are Jakarta months: the run of 1 December 06:00 WIB is 30 November in UTC.
    when = (logical_date or datetime.now(UTC)).astimezone(JAKARTA)
    return [str(Period(when.year, when.month).previous())]


@task_body
def reconcile_claims() -> dict[str, int]:
    """Reconcile every stored news claim with the warehouse, like with like (``reports.reconcile``)."""
    from reports.reviewed_claims import reconcile_claims as reconcile_all
    from warehouse.db import session_scope

    with session_scope() as session:
        counts = reconcile_all(session)
    event(log, "claims reconciled", **counts)
    return counts


@task_body
def build(period: str, out_dir: str | None = None) -> dict[str, str]:
    """The month's report; in the reports folder (no ``out_dir``) it links to the index and regency pages."""
    from reports.build import build_report

    reports_dir = get_settings().reports_dir
    target = Path(out_dir) if out_dir else reports_dir / period
    paths = build_report(Period.parse(period), target, index_dir=None if out_dir else reports_dir)
    event(log, "report built", period=period, html=str(paths["html"]))
    return {k: str(v) for k, v in paths.items()}


@task_body
def build_index(out_dir: str | None = None) -> dict[str, object]:
    """``index.html`` of every month and a history page per regency/city, in the reports folder."""
    from reports.history import build_history

    settings = get_settings()
    built = build_history(Path(out_dir) if out_dir else settings.reports_dir,
                          small_cell_threshold=settings.small_cell_threshold)
    event(log, "report index built", index=str(built["index"]), regions=len(built["regions"]))
    return {"index": str(built["index"]), "regions": [str(p) for p in built["regions"]]}
