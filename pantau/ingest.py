"""Ingest one coverage export, claims export or beneficiary roster: write, audit, publish.

1. archive the raw file under its checksum; a file seen before is recognised, not loaded again;
2. open an audit batch (``received``);
3. parse to canonical rows (a malformed file is rejected whole, with a message naming the
   file, row, column and reason; a malformed row is quarantined with its reason); the file's
   shape decides between a monthly export and a yearly open-data table (long or wide);
4. validate with Great Expectations: row-level failures are quarantined, batch-level failures
   reject the batch, warnings are recorded;
5. publish: facts, quarantine rows, DQ results and the batch status in one transaction that
   supersedes each earlier file of the same dataset and month whose cells (region × segment ×
   programme × funding source; a roster's regions) this file wholly covers; a file that covers
   part of another's cells is rejected, naming that file and the cells they share.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from core.errors import InputRejected
from core.logs import event, scrub
from core.redact import mask_nik_in_name
from core.settings import Settings, get_settings
from expectations.runner import ExpectationOutcome, Validation, record
from extractors.archive import ArchivedFile, archive_file, quarantine_file, set_aside
from extractors.coverage import ParsedExport, parse_table
from extractors.open_data import ParsedStatistics, looks_like_open_data, parse_open_data
from extractors.roster import ParsedRoster, find_double_funding, looks_like_roster, read_roster
from extractors.tabular import read_table
from pantau import ingest_checks, outside_rows
from transforms.dates import Period
from transforms.numbers import format_int
from transforms.pseudonyms import Pseudonymiser
from warehouse import batches
from warehouse.batches import (
    FILE_DATASETS,
    BatchClosed,
    BatchStatus,
    LoadOutcome,
    OpenBatch,
    open_batch,
    seen_before,
)
from warehouse.db import get_engine, session_scope
from warehouse.loaders import TARGETS, replace_facts, replace_published_statistics
from warehouse.models import (
    AuditFinding,
    AuditIngestBatch,
    AuditQuarantineRow,
)
from warehouse.models import FactRosterParticipant as Roster

if TYPE_CHECKING:
    import pandas as pd

    from pantau.dataset_checks import CheckedFile

log = logging.getLogger("pantau.ingest")

# What a delivered file parses into: a monthly export, a roster, or a yearly open-data table.
ParsedFile: TypeAlias = ParsedExport | ParsedRoster | ParsedStatistics

# The source recorded on a batch when the caller names none. Provenance only: what a file replaces
# or adds to is decided by its cells (``warehouse.loaders.replaced_batches``), never by this name.
DEFAULT_SOURCE = "bpjstk-export"


@dataclass
class IngestResult:
    batch_id: int
    file_name: str
    dataset: str
    status: LoadOutcome
    period: str | None
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    reason: str | None = None
    duplicate_of: int | None = None
    data_docs_url: str | None = None
    warnings: int = 0
    # What the file did to the month's earlier files: "replaces batch 3 (...)", "adds to batch 3 (...)".
    effect: str | None = None
    notes: list[str] | None = None
    set_aside: str | None = None  # where a rejected file went (the rejected folder)
    rows_set_aside: int = 0  # rows about regions outside the government's (pantau.outside_rows)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def ingest_file(
    path: Path,
    *,
    source_name: str | None = None,
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
    source_name = source_name or DEFAULT_SOURCE
    path = Path(path)
    check_before_batch(path, source_name, run_id)
    fail_abandoned_batches(engine)
    archived = archive_file(path, settings.archive_dir)
    name = archived.original_name  # the file's name with any NIK in it masked: what is stored and shown
    # Everything from here reads the archived copy: the delivered file may be moved away meanwhile.
    # A roster carries a NIK column (under any name rosters give it); coverage and claims exports never do.

    kind = dataset or ("roster" if looks_like_roster(archived.archive_path, name) else "coverage")

    opened_batches: list[OpenBatch] = []
    try:
        result = _ingest_archived(engine, settings, path, archived, kind, source_name, expected_period, run_id,
                                  force, opened_batches)
    finally:
        for opened in opened_batches:
            opened.release()
    if result.status == "rejected":
        result.set_aside = str(_set_aside(settings, path, result, archived.sha256))
    return result


def _set_aside(settings: Settings, path: Path, result: IngestResult, sha256: str) -> Path:
    """A rejected file leaves the drop folder for the rejected folder, its reason beside it.

    A file delivered into the drop folder is moved (the next run would only reject it again); a file
    given from elsewhere stays where it is and a copy is kept.
    """

    try:
        path.resolve().relative_to(settings.landing_dir.resolve())
        inside_landing = True
    except ValueError:
        inside_landing = False
    target = set_aside(path, settings.quarantine_dir, result.batch_id, scrub(result.reason or "rejected"),
                       move=inside_landing,
                       details={"dataset": result.dataset, "period": result.period, "sha256": sha256})
    event(log, "rejected file set aside", file=result.file_name, batch_id=result.batch_id, moved_to=str(target))
    return target


def _ingest_archived(engine: Engine, settings: Settings, path: Path, archived: ArchivedFile, kind: str,
                     source_name: str, expected_period: Period | None, run_id: str | None, force: bool,
                     opened_batches: list[OpenBatch]) -> IngestResult:
    name = archived.original_name  # NIKs in the file's name masked: what is stored and shown
    if not force:
        with session_scope(engine) as session:
            seen = seen_before(session, archived.sha256, FILE_DATASETS)
            if seen is not None:
                event(log, "file seen before; not loaded again", file=name, batch_id=seen.batch_id)
                return IngestResult(
                    batch_id=seen.batch_id, file_name=name, dataset=seen.dataset, status="duplicate",
                    period=str(Period.from_key(seen.period_key)) if seen.period_key else None,
                    rows_read=seen.rows_read, rows_loaded=seen.rows_loaded,
                    rows_quarantined=seen.rows_quarantined, reason=f"same file as batch {seen.batch_id}",
                    duplicate_of=seen.batch_id, data_docs_url=seen.data_docs_url)
    opened = open_batch(engine, source_name=source_name, dataset=kind, file_name=name,
                        sha256=archived.sha256, archive_path=str(archived.archive_path), run_id=run_id,
                        period_key=expected_period.key if expected_period else None)
    opened_batches.append(opened)
    batch_id = opened.batch_id
    event(log, "batch received", batch_id=batch_id, file=name, sha256=archived.sha256, dataset=kind)

    try:
        try:
            parsed = _parse(archived.archive_path, name, kind, expected_period)
            outside_rows.refuse_if_configured(parsed, name, settings.outside_rows)
        except InputRejected as exc:
            # Name the file as the user gave it, not the archive's path.
            reason = str(InputRejected(name, exc.reason, row=exc.row, column=exc.column))
            return _reject(engine, settings, batch_id, archived.archive_path, name, kind, reason, expected_period)
        try:
            return _validate_and_publish(engine, settings, batch_id, name, parsed, source_name)
        except InputRejected as exc:  # the delivery overlaps another in part: nothing of it was written
            period = getattr(parsed, "period", None) or expected_period
            return _reject(engine, settings, batch_id, archived.archive_path, name, parsed.dataset, str(exc), period)
    except BaseException as exc:
        batches.fail(engine, batch_id, f"{type(exc).__name__}: {exc}")
        raise


def fail_abandoned_batches(engine: Engine) -> list[int]:
    """Close as ``failed`` every file batch left ``received`` by a process that is gone; returns their ids.

    News crawls and reference series close their own: a news batch waits between its crawl task
    and its processing task without a lease.
    """
    return batches.close_abandoned(engine, FILE_DATASETS)


def _parse(archive_path: Path, file_name: str, kind: str, expected_period: Period | None) -> ParsedFile:
    """Parse the archived file; a value its warehouse column cannot hold refuses the file here."""
    # Heavy: warehouse.limits loads pandas; loaded only when this runs.
    from warehouse.limits import first_misfit

    parsed = _parse_file(archive_path, file_name, kind, expected_period)
    misfit = first_misfit(TARGETS[parsed.dataset].model, parsed.frame)
    if misfit is not None:
        raise InputRejected(file_name, misfit.reason, row=misfit.row, column=misfit.column)
    return parsed


def check_before_batch(path: Path, source_name: str, run_id: str | None) -> None:
    """Names that must fit the batch record, checked before anything is archived or recorded."""
    # Heavy: warehouse.limits loads pandas; loaded only when this runs.
    from warehouse.limits import text_fits

    for column, value in (("file_name", path.name), ("source_name", source_name), ("run_id", run_id)):
        problem = text_fits(AuditIngestBatch, column, value) if value else None
        if problem is not None:
            name = mask_nik_in_name(path.name)
            shown = name if len(name) <= 80 else f"{name[:60]}...{name[-16:]}"
            raise InputRejected(shown, f"the {column.replace('_', ' ')} is {problem}")


def _parse_file(archive_path: Path, file_name: str, kind: str, expected_period: Period | None) -> ParsedFile:
    if kind == "roster":
        return read_roster(archive_path, Pseudonymiser.from_settings(), expected_period=expected_period,
                           file_name=file_name)

    # The file's shape decides: a yearly open-data table (long or wide) or a monthly export.
    table = read_table(archive_path, file_name)
    if looks_like_open_data(table):
        return parse_open_data(table)  # yearly: no reporting month to check against
    return parse_table(table, expected_period=expected_period)


def _reject(engine: Engine, settings: Settings, batch_id: int, archived: Path, name: str, kind: str, reason: str,
            period: Period | None) -> IngestResult:
    quarantine_file(archived, settings.quarantine_dir, batch_id, reason, name=name)
    with session_scope(engine) as session:
        if not batches.reject(session, batch_id, reason, dataset=kind):
            raise BatchClosed(f"batch {batch_id} was closed by another process before it could be rejected")
    log.warning("batch rejected", extra={"fields": {"batch_id": batch_id, "file": name, "reason": reason}})
    return IngestResult(batch_id=batch_id, file_name=name, dataset=kind, status="rejected",
                        period=str(period) if period else None, rows_read=0, rows_loaded=0,
                        rows_quarantined=0, reason=reason)


def _validate_and_publish(engine: Engine, settings: Settings, batch_id: int, file_name: str, parsed: ParsedFile,
                          source_name: str) -> IngestResult:
    # Heavy: Great Expectations and pandas, loaded only once a file is to be validated.
    from pantau.dataset_checks import run_checks

    checked = run_checks(engine, settings.gx_dir, f"batch-{batch_id}", parsed)
    quarantine = _quarantine_rows(batch_id, parsed, checked)
    period: Period | None = parsed.period
    rows_read = int(getattr(parsed, "rows_read", len(checked.frame) + len(parsed.rejected)))
    outside, outside_note = outside_rows.set_aside(parsed, batch_id)
    with session_scope(engine) as session:
        for validation in checked.validations:
            record(session, batch_id, validation)
        for start in range(0, len(quarantine), 20_000):
            session.execute(insert(AuditQuarantineRow), quarantine[start:start + 20_000])
        session.add_all(outside)
        notes = list(getattr(parsed, "notes", []) or []) + ([outside_note] if outside_note else [])
        values: dict[str, Any] = dict(
            dataset=parsed.dataset, period_key=period.key if period else None, rows_read=rows_read,
            rows_quarantined=len(quarantine), rows_set_aside=len(outside), data_docs_url=checked.main.data_docs_url,
            number_convention=getattr(parsed, "number_style", None), dq_success=not checked.batch_failures,
            notes=notes or None)
        reason = _refusal(file_name, rows_read, checked)
        effect: str | None = None
        loaded = 0
        if reason is not None:
            if not batches.reject(session, batch_id, reason, **values):
                raise BatchClosed(f"batch {batch_id} was closed by another process before it could be rejected")
        else:
            loaded, effect = _publish(session, batch_id, parsed, checked.clean, source_name, file_name, values)
        result = IngestResult(
            batch_id=batch_id, file_name=file_name, dataset=parsed.dataset,
            status="rejected" if reason is not None else "published", period=str(period) if period else None,
            rows_read=rows_read, rows_loaded=loaded, rows_quarantined=len(quarantine),
            reason=reason, data_docs_url=checked.main.data_docs_url, warnings=checked.warnings, effect=effect,
            notes=values.get("notes"), rows_set_aside=len(outside))
    event(log, "batch finished", **{k: v for k, v in result.to_dict().items() if k != "data_docs_url"})
    return result


def _quarantine_rows(batch_id: int, parsed: ParsedFile, checked: CheckedFile) -> list[dict[str, Any]]:
    """The rows the parser refused and the rows a row-level check failed, each with its reasons, as plain
    rows for one bulk insert: a file can set aside 100,000 rows, too many for ORM objects."""
    # Heavy: pandas, loaded only once a file is to be validated.
    import pandas as pd

    quarantine: list[dict[str, Any]] = [
        {"batch_id": batch_id, "row_number": r.row_number, "column_name": r.column, "reason": r.reason,
         "check_name": "parse", "raw": r.raw}
        for r in parsed.rejected
    ]
    frame = checked.frame
    row_numbers = frame["source_row"].tolist()
    for index, outcomes in checked.row_failures.items():
        record_row = frame.loc[index]
        quarantine.append({
            "batch_id": batch_id, "row_number": int(row_numbers[index]), "column_name": outcomes[0].column,
            "reason": "; ".join(o.describe() for o in outcomes),
            "check_name": ",".join(o.expectation_type for o in outcomes),
            "raw": {k: (None if pd.isna(v) else str(v)) for k, v in record_row.items()
                    if k not in ("person_pseudonym",)},
        })
    return quarantine


def _refusal(file_name: str, rows_read: int, checked: CheckedFile) -> str | None:
    """Why the batch is rejected, or None when it publishes."""
    if len(checked.clean) == 0 and rows_read > 0:
        # Nothing is left to publish: the month must not look delivered.
        return (f"{file_name}: every row ({rows_read:,}) was quarantined or set aside, so nothing is "
                "published; the reasons are in the quarantine (pantau dq quarantine)")
    if checked.batch_failures:
        return f"{file_name}: data-quality checks failed: " + "; ".join(
            _explain(v, o, checked.checked_frames.get(v.suite_name)) for v, o in checked.batch_failures)
    return None


def _publish(session: Session, batch_id: int, parsed: ParsedFile, clean: pd.DataFrame, source_name: str,
             file_name: str, values: dict[str, Any]) -> tuple[int, str | None]:
    """Load the rows that passed, supersede what they wholly cover, publish the batch: rows loaded and
    what the file did to the month's earlier files."""
    period: Period | None = parsed.period
    effect: str | None = None
    if period is None:
        loaded = replace_published_statistics(session, batch_id=batch_id, source_name=source_name, frame=clean)
    else:
        superseded: list[int] = []
        loaded = replace_facts(session, dataset=parsed.dataset, batch_id=batch_id, source_name=source_name,
                               period_key=period.key, frame=clean, file_name=file_name, superseded=superseded)
        effect = _effect(session, parsed.dataset, batch_id, period.key, superseded)
        if effect:
            values["notes"] = [*(values["notes"] or []), effect]
    batches.publish(session, batch_id, rows_loaded=loaded, **values)
    if parsed.dataset == "roster" and period is not None:
        _record_double_funding(session, batch_id, clean, period.key)
    return loaded, effect


def _explain(validation: Validation, outcome: ExpectationOutcome, frame: pd.DataFrame | None) -> str:
    """A batch-level failure in plain words: which check, and for a total that does not add up, the
    row, the column and both numbers; for a check on regions, each failing region and its numbers."""

    check = f"check {validation.suite_name}: {outcome.describe()}"
    if frame is None:
        return check
    if outcome.expectation_type != "expect_column_pair_values_to_be_equal":
        failing = [i for i in outcome.unexpected_index if i in frame.index][:12]
        if not failing or "region_code" not in frame.columns:
            return check
        return "; ".join(ingest_checks.describe_region_row(frame.loc[i]) for i in failing) + f" ({check})"
    wrong = frame[frame["stated"] != frame["computed"]]
    said = []
    for row in wrong.itertuples(index=False):
        where = f"row {int(row.row_number)}, " if "row_number" in wrong.columns else (
            f"year {int(row.year)}, " if "year" in wrong.columns else "")
        column = f"column {row.column!r}: " if "column" in wrong.columns else ""
        said.append(f"{where}{column}JUMLAH says {format_int(row.stated)}, the rows add up to "
                    f"{format_int(row.computed)}")
    if not said:
        return check
    named = outcome.expectation_type.removeprefix("expect_").replace("_", " ")
    return "; ".join(said) + f" (check {validation.suite_name}: {named}, that is, the JUMLAH row must " \
                             f"equal the sum of the rows above it)"


def _effect(session: Session, dataset: str, batch_id: int, period_key: int, superseded: list[int]) -> str | None:
    """What a published file did to the month's earlier files of its kind, in words."""
    others = session.execute(
        select(AuditIngestBatch.batch_id, AuditIngestBatch.file_name).where(
            AuditIngestBatch.dataset == dataset, AuditIngestBatch.period_key == period_key,
            AuditIngestBatch.batch_id != batch_id,
            (AuditIngestBatch.status == BatchStatus.PUBLISHED.value) | AuditIngestBatch.batch_id.in_(superseded))
        .order_by(AuditIngestBatch.batch_id)).all()
    replaced = [f"batch {b} ({f})" for b, f in others if b in superseded]
    kept = [f"batch {b} ({f})" for b, f in others if b not in superseded]
    said = []
    if replaced:
        said.append("replaces " + ", ".join(replaced) + " (it covers all of their cells)")
    if kept:
        said.append("adds to " + ", ".join(kept) + " (it shares none of their cells)")
    return "; ".join(said) or None


def _record_double_funding(session: Session, batch_id: int, frame: pd.DataFrame, period_key: int) -> None:
    """People funded twice within this roster, and across the other rosters of the same month
    (regencies send separate rosters, so a person enrolled by two of them spans two batches)."""
    # Heavy: pandas, loaded only when this runs.
    import pandas as pd

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
