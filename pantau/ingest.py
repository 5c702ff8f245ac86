"""Ingest one coverage export, claims export or beneficiary roster: write, audit, publish.

1. archive the raw file under its checksum; a file seen before is recognised, not loaded again;
2. open an audit batch (``received``);
3. parse to canonical rows (a malformed file is rejected whole, with a message naming the
   file, row, column and reason; a malformed row is quarantined with its reason); the file's
   shape decides between a monthly export and a yearly open-data table (long or wide);
4. validate with Great Expectations: row-level failures are quarantined, batch-level failures
   reject the batch, warnings are recorded;
5. publish: facts, quarantine rows, DQ results and the batch status in one transaction that
   replaces the previous batch of the same source and period.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, update

from core.errors import InputRejected
from core.logs import event, scrub
from core.settings import Settings, get_settings
from extractors.archive import archive_file, quarantine_file
from transforms.dates import Period
from warehouse.db import get_engine, session_scope
from warehouse.leases import BatchLease, LeaseTaken, lease_is_held
from warehouse.loaders import replace_facts, replace_published_statistics
from warehouse.models import (
    AuditFinding,
    AuditIngestBatch,
    AuditQuarantineRow,
    FactCoverageMonthly,
)

log = logging.getLogger("pantau.ingest")

DEFAULT_SOURCE = "bpjstk-export"
FINAL_STATUSES = ("published", "rejected", "superseded")


@dataclass
class IngestResult:
    batch_id: int
    file_name: str
    dataset: str
    status: str  # published | rejected | duplicate
    period: str | None
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    reason: str | None = None
    duplicate_of: int | None = None
    data_docs_url: str | None = None
    warnings: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def looks_like_roster(path: Path) -> bool:
    """A roster carries a NIK column; coverage and claims exports never do."""
    import re

    pattern = re.compile(rb"(^|[;,\t\"'])\s*NIK\s*([;,\t\"']|$)", re.IGNORECASE | re.MULTILINE)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from extractors.tabular import workbook_head

        try:  # under the reader's limits: a workbook bomb is refused by the parse, not opened here
            first_rows = workbook_head(path, path.name)
        except Exception:
            return False
        return any(isinstance(c, str) and c.strip().upper() == "NIK" for row in first_rows for c in row)
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    return bool(pattern.search(head))


def ingest_file(
    path: Path,
    *,
    source_name: str = DEFAULT_SOURCE,
    expected_period: Period | None = None,
    dataset: str | None = None,
    engine: Engine | None = None,
    settings: Settings | None = None,
    run_id: str | None = None,
    force: bool = False,
) -> IngestResult:
    """Ingest one file end to end and return what became of it.

    A bad input does not raise: the file is quarantined and its batch ``rejected`` with a reason
    naming file, row and column. Anything else that goes wrong once the batch is open (a
    configuration error such as a pseudonym key that is too short, a database error, a bug) closes
    the batch as ``failed`` with the error as its reason, then raises. A batch left ``received`` by
    a process that died midway (killed, out of memory, machine lost) holds no live lease: the next
    run closes it as ``failed`` (:func:`fail_abandoned_batches`) before loading anything. Raises
    :class:`InputRejected` only when ``path`` is not a file.
    """
    settings = settings or get_settings()
    engine = engine or get_engine()
    path = Path(path)
    check_before_batch(path, source_name, run_id)
    fail_abandoned_batches(engine)
    archived = archive_file(path, settings.archive_dir)
    kind = dataset or ("roster" if looks_like_roster(path) else "coverage")

    lease: BatchLease | None = None
    try:
        with session_scope(engine) as session:
            if not force:
                seen = session.scalars(
                    select(AuditIngestBatch)
                    .where(AuditIngestBatch.sha256 == archived.sha256, AuditIngestBatch.source_name == source_name,
                           AuditIngestBatch.status.in_(FINAL_STATUSES))
                    .order_by(AuditIngestBatch.batch_id)
                ).first()
                if seen is not None:
                    event(log, "file seen before; not loaded again", file=path.name, batch_id=seen.batch_id)
                    return IngestResult(
                        batch_id=seen.batch_id, file_name=path.name, dataset=seen.dataset, status="duplicate",
                        period=str(Period.from_key(seen.period_key)) if seen.period_key else None,
                        rows_read=seen.rows_read, rows_loaded=seen.rows_loaded,
                        rows_quarantined=seen.rows_quarantined, reason=f"same file as batch {seen.batch_id}",
                        duplicate_of=seen.batch_id, data_docs_url=seen.data_docs_url)
            batch = AuditIngestBatch(
                source_name=source_name, dataset=kind, file_name=path.name, sha256=archived.sha256,
                archive_path=str(archived.archive_path), received_at=datetime.now(UTC), status="received",
                rows_read=0, rows_loaded=0, rows_quarantined=0, run_id=run_id,
                period_key=expected_period.key if expected_period else None)
            session.add(batch)
            session.flush()
            batch_id = batch.batch_id
            # Leased before the batch is visible to anyone: a visible received batch without a lease is abandoned.
            lease = BatchLease(engine, batch_id)
            if not lease.acquire():
                raise LeaseTaken(f"batch {batch_id} is leased by another process")
        event(log, "batch received", batch_id=batch_id, file=path.name, sha256=archived.sha256, dataset=kind)

        try:
            try:
                parsed = _parse(archived.archive_path, path.name, kind, expected_period)
            except InputRejected as exc:
                # Name the file as the user gave it, not the archive's path.
                reason = str(InputRejected(path.name, exc.reason, row=exc.row, column=exc.column))
                return _reject(engine, settings, batch_id, path, kind, reason, expected_period)
            return _validate_and_publish(engine, settings, batch_id, path.name, parsed, source_name)
        except BaseException as exc:
            _close_failed(engine, batch_id, f"{type(exc).__name__}: {exc}")
            raise
    finally:
        if lease is not None:
            lease.release()


ABANDONED_REASON = ("abandoned: the process loading this batch stopped before finishing (no live lease); "
                    "nothing of it was published, and the file loads again on the next run")


def fail_abandoned_batches(engine: Engine) -> list[int]:
    """Close as ``failed`` every ``received`` batch whose loading process is gone; returns their ids."""
    with session_scope(engine) as session:
        candidates = session.scalars(
            select(AuditIngestBatch.batch_id).where(AuditIngestBatch.status == "received")).all()
    abandoned = [batch_id for batch_id in candidates if not lease_is_held(engine, batch_id)]
    for batch_id in abandoned:
        if _close_failed(engine, batch_id, ABANDONED_REASON):
            log.warning("abandoned batch closed", extra={"fields": {"batch_id": batch_id}})
    return abandoned


def _close_failed(engine: Engine, batch_id: int, reason: str) -> bool:
    """Mark a still-open batch ``failed`` with ``reason`` (never personal data); False if it was closed."""
    try:
        with session_scope(engine) as session:
            closed = session.execute(
                update(AuditIngestBatch)
                .where(AuditIngestBatch.batch_id == batch_id, AuditIngestBatch.status == "received")
                .values(status="failed", reason=scrub(reason)[:2000], finished_at=datetime.now(UTC)))
            return bool(getattr(closed, "rowcount", 0))
    except Exception:  # the database itself may be what failed: the lease check recovers it later
        log.exception("could not close batch %s as failed", batch_id)
        return False


def _parse(archive_path: Path, file_name: str, kind: str, expected_period: Period | None) -> Any:
    """Parse the archived file; a value its warehouse column cannot hold refuses the file here."""
    from warehouse.limits import first_misfit
    from warehouse.loaders import TARGETS

    parsed = _parse_file(archive_path, file_name, kind, expected_period)
    misfit = first_misfit(TARGETS[parsed.dataset].model, parsed.frame)
    if misfit is not None:
        raise InputRejected(file_name, misfit.reason, row=misfit.row, column=misfit.column)
    return parsed


def check_before_batch(path: Path, source_name: str, run_id: str | None) -> None:
    """Names that must fit the batch record, checked before anything is archived or recorded."""
    from warehouse.limits import text_fits

    for column, value in (("file_name", path.name), ("source_name", source_name), ("run_id", run_id)):
        problem = text_fits(AuditIngestBatch, column, value) if value else None
        if problem is not None:
            shown = path.name if len(path.name) <= 80 else f"{path.name[:60]}...{path.name[-16:]}"
            raise InputRejected(shown, f"the {column.replace('_', ' ')} is {problem}")


def _parse_file(archive_path: Path, file_name: str, kind: str, expected_period: Period | None) -> Any:
    if kind == "roster":
        from extractors.roster import read_roster
        from transforms.pseudonyms import Pseudonymiser

        return read_roster(archive_path, Pseudonymiser.from_settings(), expected_period=expected_period,
                           file_name=file_name)
    from extractors.coverage import parse_table
    from extractors.open_data import looks_like_open_data, parse_open_data
    from extractors.tabular import read_table

    # The file's shape decides: a yearly open-data table (long or wide) or a monthly export.
    table = read_table(archive_path, file_name)
    if looks_like_open_data(table):
        return parse_open_data(table)  # yearly: no reporting month to check against
    return parse_table(table, expected_period=expected_period)


def _reject(engine: Engine, settings: Settings, batch_id: int, path: Path, kind: str, reason: str,
            period: Period | None) -> IngestResult:
    quarantine_file(path, settings.quarantine_dir, batch_id, reason)
    with session_scope(engine) as session:
        batch = session.get_one(AuditIngestBatch, batch_id)
        batch.status = "rejected"
        batch.reason = reason
        batch.finished_at = datetime.now(UTC)
    log.warning("batch rejected", extra={"fields": {"batch_id": batch_id, "reason": reason}})
    return IngestResult(batch_id=batch_id, file_name=path.name, dataset=kind, status="rejected",
                        period=str(period) if period else None, rows_read=0, rows_loaded=0,
                        rows_quarantined=0, reason=reason)


def _previous_month_totals(engine: Engine, source_name: str, period: Period) -> dict[str, int]:
    from sqlalchemy import func

    with session_scope(engine) as session:
        rows = session.execute(
            select(FactCoverageMonthly.region_code, func.sum(FactCoverageMonthly.active_participants))
            .where(FactCoverageMonthly.source_name == source_name,
                   FactCoverageMonthly.period_key == period.previous().key)
            .group_by(FactCoverageMonthly.region_code)
        ).all()
    return {code: int(total) for code, total in rows}


def _validate_and_publish(engine: Engine, settings: Settings, batch_id: int, file_name: str, parsed: Any,
                          source_name: str) -> IngestResult:
    import pandas as pd

    from expectations import suites
    from expectations.runner import Validation, record, run_suite

    dataset: str = parsed.dataset
    period: Period | None = parsed.period
    frame = parsed.frame.reset_index(drop=True)
    run_name = f"batch-{batch_id}"
    params = {"periods": [period.key]} if period else {}
    validations: list[Validation] = []

    if dataset == "coverage":
        frame = frame.assign(contribution_per_participant=(
            frame["contributions_idr"].astype("float64")
            / frame["active_participants"].astype("float64").where(frame["active_participants"] > 0)))
        main = run_suite(frame, suites.coverage_suite, asset_name="coverage_rows", run_name=run_name,
                         gx_dir=settings.gx_dir, parameters=params)
        validations.append(main)
        totals = pd.DataFrame([{"row_number": t.row_number, "column": t.column, "stated": float(t.stated),
                                "computed": float(t.computed)} for t in parsed.totals],
                              columns=["row_number", "column", "stated", "computed"])
        if len(totals):
            validations.append(run_suite(totals, suites.totals_suite, asset_name="coverage_totals",
                                         run_name=run_name, gx_dir=settings.gx_dir))
    elif dataset == "claims":
        main = run_suite(frame, suites.claims_suite, asset_name="claims_rows", run_name=run_name,
                         gx_dir=settings.gx_dir, parameters=params)
        validations.append(main)
    elif dataset == "roster":
        main = run_suite(frame, suites.roster_suite, asset_name="roster_rows", run_name=run_name,
                         gx_dir=settings.gx_dir)
        validations.append(main)
    elif dataset == "published_statistics":
        main = run_suite(frame, suites.published_statistics_suite, asset_name="published_statistics_rows",
                         run_name=run_name, gx_dir=settings.gx_dir)
        validations.append(main)
        totals = pd.DataFrame([{"year": t.year, "stated": float(t.stated), "computed": float(t.computed)}
                               for t in parsed.totals], columns=["year", "stated", "computed"])
        if len(totals):
            validations.append(run_suite(totals, suites.published_totals_suite,
                                         asset_name="published_statistics_totals", run_name=run_name,
                                         gx_dir=settings.gx_dir))
    else:
        raise ValueError(f"unknown dataset {dataset!r}")

    failing = main.row_failures()
    clean = frame.drop(index=list(failing)) if failing else frame
    if dataset == "coverage" and period is not None:
        previous = _previous_month_totals(engine, source_name, period)
        current = clean.groupby("region_code")["active_participants"].sum()
        mom = pd.DataFrame(
            [{"region_code": code, "previous": previous[code], "current": int(total),
              "change_ratio": (int(total) - previous[code]) / previous[code]}
             for code, total in current.items() if previous.get(str(code))],
            columns=["region_code", "previous", "current", "change_ratio"])
        if len(mom):
            validations.append(run_suite(mom, suites.month_over_month_suite, asset_name="coverage_mom",
                                         run_name=run_name, gx_dir=settings.gx_dir))
        clean = clean.drop(columns=["contribution_per_participant"])

    batch_failures = [o for v in validations for o in v.batch_failures]
    warnings = sum(len(v.warnings) for v in validations)
    quarantine = [
        AuditQuarantineRow(batch_id=batch_id, row_number=r.row_number, column_name=r.column, reason=r.reason,
                           check_name="parse", raw=r.raw)
        for r in parsed.rejected
    ]
    row_numbers = frame["source_row"].tolist()
    for index, outcomes in failing.items():
        record_row = frame.loc[index]
        quarantine.append(AuditQuarantineRow(
            batch_id=batch_id, row_number=int(row_numbers[index]),
            column_name=outcomes[0].column,
            reason="; ".join(o.describe() for o in outcomes),
            check_name=",".join(o.expectation_type for o in outcomes),
            raw={k: (None if pd.isna(v) else str(v)) for k, v in record_row.items()
                 if k not in ("person_pseudonym",)},
        ))
    docs_url = main.data_docs_url
    rows_read = int(getattr(parsed, "rows_read", len(frame) + len(parsed.rejected)))

    with session_scope(engine) as session:
        for validation in validations:
            record(session, batch_id, validation)
        session.add_all(quarantine)
        batch = session.get_one(AuditIngestBatch, batch_id)
        batch.dataset = dataset
        batch.period_key = period.key if period else None
        batch.rows_read = rows_read
        batch.rows_quarantined = len(quarantine)
        batch.data_docs_url = docs_url
        batch.number_convention = getattr(parsed, "number_style", None)
        batch.dq_success = not batch_failures
        batch.finished_at = datetime.now(UTC)
        if batch_failures:
            batch.status = "rejected"
            batch.reason = "data-quality checks failed: " + "; ".join(o.describe() for o in batch_failures)
            batch.rows_loaded = 0
        else:
            if period is None:
                loaded = replace_published_statistics(session, batch_id=batch_id, source_name=source_name,
                                                      frame=clean)
            else:
                loaded = replace_facts(session, dataset=dataset, batch_id=batch_id, source_name=source_name,
                                       period_key=period.key, frame=clean)
            batch.rows_loaded = loaded
            batch.status = "published"
            if dataset == "roster" and period is not None:
                _record_double_funding(session, batch_id, clean, period.key)
        result = IngestResult(
            batch_id=batch_id, file_name=file_name, dataset=dataset, status=batch.status,
            period=str(period) if period else None,
            rows_read=rows_read, rows_loaded=batch.rows_loaded, rows_quarantined=len(quarantine),
            reason=batch.reason, data_docs_url=docs_url, warnings=warnings)
    event(log, "batch finished", **{k: v for k, v in result.to_dict().items() if k != "data_docs_url"})
    return result


def _record_double_funding(session: Any, batch_id: int, frame: Any, period_key: int) -> None:
    """People funded twice within this roster, and across the other rosters of the same month
    (regencies send separate rosters, so a person enrolled by two of them spans two batches)."""
    import pandas as pd

    from extractors.roster import find_double_funding
    from warehouse.models import FactRosterParticipant as Roster

    session.add_all(
        AuditFinding(batch_id=batch_id, kind="double_funding", subject=finding.person_pseudonym,
                     detail={"regions": list(finding.regions), "funding_sources": list(finding.funding_sources),
                             "rows": [int(r) for r in finding.rows]})
        for finding in find_double_funding(frame)
    )
    # Other published batches of the month: compare in the database, by pseudonym only.
    others = session.execute(
        select(Roster.person_pseudonym, Roster.region_code, Roster.funding_source_code, Roster.batch_id)
        .where(Roster.period_key == period_key, Roster.batch_id != batch_id,
               Roster.person_pseudonym.in_(
                   select(Roster.person_pseudonym).where(Roster.batch_id == batch_id).scalar_subquery()))
    ).all()
    if not others:
        return
    theirs = pd.DataFrame(others, columns=["person_pseudonym", "region_code", "funding_source_code", "batch_id"])
    ours = frame[frame.person_pseudonym.isin(set(theirs.person_pseudonym))]
    combined = pd.concat([ours.assign(batch_id=batch_id),
                          theirs.assign(source_row=-1)], ignore_index=True)
    for finding in find_double_funding(combined):
        rows = combined[combined.person_pseudonym == finding.person_pseudonym]
        session.add(AuditFinding(
            batch_id=batch_id, kind="double_funding_across_batches", subject=finding.person_pseudonym,
            detail={"regions": list(finding.regions), "funding_sources": list(finding.funding_sources),
                    "batches": sorted({int(b) for b in rows.batch_id})}))
