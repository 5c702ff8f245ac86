"""Task bodies of the ``bpjs_coverage`` DAG."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from core.errors import InputRejected, PantauError
from core.logs import event
from core.settings import get_settings
from pantau.tasks import task_body
from transforms.dates import DateParseError, Period, find_period
from warehouse.batches import BatchStatus

log = logging.getLogger("pantau.tasks.coverage")

EXPORT_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt")


class ExportMissing(PantauError):
    """No export arrived for a month by the export calendar's deadline."""


class FileRejected(InputRejected):
    """A delivered file was refused (its batch is ``rejected``): the task that ingested it fails."""


def resolve_period(requested: str | None, data_interval_start: datetime | None,
                   logical_date: datetime | None) -> str:
    """The month a run covers: the ``period`` param, else the month of the data interval.

    A scheduled monthly run (and each run of a backfill) covers the month its data interval
    starts in; a manual run without a param covers the month before its logical date.
    """
    from transforms.dates import JAKARTA

    def local(moment: datetime) -> datetime:
        # Months are Jakarta months: 17:00 UTC on the 31st is already the 1st in Jambi.
        return moment.astimezone(JAKARTA) if moment.tzinfo else moment

    if requested:
        return str(Period.parse(requested))
    if data_interval_start is not None and (logical_date is None or data_interval_start < logical_date):
        start = local(data_interval_start)
        return str(Period(start.year, start.month))
    when = local(logical_date) if logical_date else datetime.now(JAKARTA)
    return str(Period(when.year, when.month).previous())


REMOTE_FOLDER = "remote"  # under the drop folder: what the remote sources fetched, one folder each


@task_body
def fetch_export_endpoint(period: str) -> list[str]:
    """Pull this period's exports from the HTTP export endpoint into the drop folder's remote part.

    A source that is down or slow raises SourceUnavailable, which Airflow retries with backoff; a bad
    answer (wrong token, an HTML page) is an InputRejected that fails at once; an unconfigured source is
    skipped. The drop folder and the CKAN portal are fetched by their own tasks, whatever becomes of this.
    """
    from extractors.http_source import fetch_http_export
    from pantau.airflow_support import remote_source

    dest = _remote_dest("export")
    export = remote_source("bpjs_export_http")
    fetched = fetch_http_export(
        Period.parse(period), dest,
        base_url=export.base_url if export else None, token=export.secret if export else None,
        path_template=str(export.extra.get("path_template") or "") or None if export else None)
    event(log, "export endpoint fetched", period=period, files=len(fetched))
    return [str(p) for p in fetched]


@task_body
def fetch_ckan(period: str) -> list[str]:
    """Pull this period's resources from the CKAN portal (when one is configured) into the drop folder."""
    from extractors.ckan import fetch_ckan_dataset
    from pantau.airflow_support import remote_source

    ckan = remote_source("ckan_portal")
    dataset_id = str(ckan.extra.get("dataset_id")) if ckan and ckan.extra.get("dataset_id") else None
    if not (dataset_id or ckan or get_settings().ckan_url):
        event(log, "CKAN portal not configured; skipped", period=period)
        return []
    fetched = fetch_ckan_dataset(dataset_id or "bpjs-ketenagakerjaan-jambi", Period.parse(period),
                                 _remote_dest("ckan"), base_url=ckan.base_url if ckan else None,
                                 api_key=ckan.secret if ckan else None)
    event(log, "CKAN portal fetched", period=period, files=len(fetched))
    return [str(p) for p in fetched]


def _remote_dest(source: str) -> Path:
    dest = get_settings().landing_dir / REMOTE_FOLDER / source
    dest.mkdir(parents=True, exist_ok=True)
    return dest


def export_deadline(period: str) -> datetime:
    """When ``period``'s export is due: ``export_due_day`` of the following month, end of day, Jakarta."""
    from datetime import time, timedelta

    from transforms.dates import JAKARTA

    due = Period.parse(period).next().first_day.replace(day=get_settings().export_due_day)
    return datetime.combine(due + timedelta(days=1), time(0), tzinfo=JAKARTA)


@task_body
def export_arrived(period: str, run_id: str | None = None, now: datetime | None = None) -> bool:
    """Whether ``period``'s export has arrived (a file in the drop folder, or a batch for the month).

    Before the export calendar's deadline a month with nothing is "not yet" (the sensor asks again);
    after it, the month is recorded as ``missing`` (a batch the report and auditors show) and
    :class:`ExportMissing` names what is missing, which fails the sensor.
    """
    from datetime import timedelta

    from sqlalchemy import select

    from warehouse.batches import FILE_DATASETS, record_missing
    from warehouse.db import get_engine, session_scope
    from warehouse.models import AuditIngestBatch

    settings = get_settings()
    month = Period.parse(period)
    if _period_files(settings.landing_dir, month):
        return True
    with session_scope(get_engine()) as session:
        delivered = session.scalar(select(AuditIngestBatch.batch_id).where(
            AuditIngestBatch.period_key == month.key, AuditIngestBatch.dataset.in_(list(FILE_DATASETS)),
            AuditIngestBatch.status != BatchStatus.MISSING.value).limit(1))
    if delivered is not None:
        return True
    deadline = export_deadline(period)
    current = now or datetime.now(deadline.tzinfo)
    if current < deadline:
        event(log, "export not arrived yet", period=period, due=deadline.isoformat())
        return False
    due = (deadline - timedelta(days=1)).date()  # the deadline is the end of the due day
    reason = (f"no export arrived for {period}: nothing by {due.isoformat()} (due on day "
              f"{settings.export_due_day} of the following month): the drop folder {settings.landing_dir} "
              f"holds no file for this month and the remote sources returned none")
    batch_id = record_missing(get_engine(), dataset="coverage", period_key=month.key, reason=reason, run_id=run_id)
    raise ExportMissing(f"{reason} (recorded as missing, batch {batch_id})")


@task_body
def landing_files(period: str) -> list[str]:
    """Files in the drop folder for ``period``: the period is read from the folder or file name.

    Files whose names carry no period are included too; their period comes from their contents
    and is checked against the run's period by the parser.
    """
    chosen = _period_files(get_settings().landing_dir, Period.parse(period), skip=REMOTE_FOLDER)
    event(log, "landing files for period", period=period, files=len(chosen))
    return chosen


def _period_files(landing: Path, target: Period, skip: str | None = None) -> list[str]:
    """Export files under ``landing`` whose name names ``target`` or no month (``skip``: a sub-folder left out)."""
    chosen: list[str] = []
    if not landing.exists():
        return chosen
    for path in _landing_entries(landing):
        if skip and path.relative_to(landing).parts[0] == skip:
            continue
        if path.name.startswith(".") or path.suffix.lower() not in EXPORT_SUFFIXES:
            continue
        try:
            named = find_period(str(path.relative_to(landing)).replace("_", " "))
        except DateParseError:
            named = None  # a name such as "1989-06": the parser refuses the file with its reason
        if named is None or named == target:
            chosen.append(str(path))
    return chosen


def _landing_entries(landing: Path) -> list[Path]:
    """Every entry under the drop folder that is not a directory, without following links.

    A link, FIFO or device with an export's name is listed (not opened): ingesting it refuses it
    with what it is, so whoever dropped it sees why. A link to a directory is not entered.
    """
    import os

    entries: list[Path] = []
    for folder, directories, files in os.walk(landing, followlinks=False):
        for name in directories:
            if os.path.islink(os.path.join(folder, name)):
                event(log, "link to a directory in the drop folder not followed",
                      path=str(Path(folder, name).relative_to(landing)))
        entries.extend(Path(folder, name) for name in files)
    return sorted(entries)


@task_body
def ingest(path: str, period: str, run_id: str | None = None) -> dict[str, Any]:
    """Ingest one file; returns its batch summary (no personal data).

    A rejected file fails this task (not retried) with the reason in plain words: the file, the
    row, the column, the numbers and the check.
    """
    from pantau.ingest import ingest_file

    result = ingest_file(Path(path), expected_period=Period.parse(period), run_id=run_id)
    summary = result.to_dict()
    summary.pop("data_docs_url", None)
    if result.status == BatchStatus.REJECTED:
        reason = str(result.reason or "rejected")
        own = f"{result.file_name}: "
        raise FileRejected(result.file_name, (reason[len(own):] if reason.startswith(own) else reason)
                           + f" (batch {result.batch_id}; file moved to {result.set_aside or 'the rejected folder'})")
    return summary


@task_body
def summarise(results: list[dict[str, Any]], period: str, run_id: str | None = None) -> dict[str, Any]:
    """Counts for the run (its rejected files have failed their own ``ingest_file`` task already).

    A month for which no export arrived says so, and leaves a ``missing`` batch the report and
    auditors can show, instead of passing for a month with nothing to load.
    """
    counts: dict[str, int] = {}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    summary: dict[str, Any] = {
        "period": period, "files": len(results), **counts,
        "rows_loaded": sum(int(r.get("rows_loaded") or 0) for r in results),
        "rows_quarantined": sum(int(r.get("rows_quarantined") or 0) for r in results)}
    if not results:
        from warehouse.batches import record_missing
        from warehouse.db import get_engine

        reason = (f"no export arrived for {period}: the drop folder holds no file for this month and the "
                  f"remote sources returned none")
        summary["missing_batch_id"] = record_missing(get_engine(), dataset="coverage",
                                                     period_key=Period.parse(period).key, reason=reason, run_id=run_id)
        summary["note"] = reason
        log.warning(reason, extra={"fields": summary})
        return summary
    event(log, "coverage run summary", **summary)
    return summary
