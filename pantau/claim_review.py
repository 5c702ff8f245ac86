"""Claims awaiting review and reviewers' decisions: ``pantau claims review``, ``export-review``, ``import-review``.

The queue is every claim of a canonical article that needs review (``news_figure.needs_review``) and
has no decision that applies, plus every claim whose decision was made for a sentence that has
since changed. A decision (``warehouse.claim_reviews``) is the reading a person settles on, or "not
a claim", with the reviewer's name and a note; it is appended, never changed. The spreadsheet round
trip validates every row before recording any: a bad row is an ``InputRejected`` naming the row and
the column, and nothing is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import InputRejected
from extractors.tabular import read_table
from warehouse.claim_reviews import (
    READING_FIELDS,
    ReadingError,
    StoredClaim,
    check_reading,
    decision_for,
    latest_decisions,
    record_decision,
    stale_reason,
    stored_claims,
)
from warehouse.db import session_scope

SHEET = "Perlu Ditinjau"
INFO_COLUMNS = ("figure_id", "review_key", "article_url", "article_title", "figure_text", "sentence", "reasons")
DECISION_COLUMNS = (*READING_FIELDS, "not_a_claim", "reviewer", "note")
COLUMNS = INFO_COLUMNS + DECISION_COLUMNS
YES = frozenset({"ya", "y", "yes", "true", "1", "benar"})
NO = frozenset({"", "tidak", "t", "no", "n", "false", "0"})


@dataclass(frozen=True)
class QueueEntry:
    claim: StoredClaim
    reasons: tuple[str, ...]


def queue() -> list[QueueEntry]:
    """Claims awaiting a person's decision, in figure order."""

    with session_scope() as session:
        claims = stored_claims(session)
        decisions = latest_decisions(session)
    entries = []
    for claim in claims:
        if not claim.is_canonical:
            continue
        decision, stale = decision_for(claim, decisions)
        if decision is not None and stale:
            entries.append(QueueEntry(claim, (*claim.review_reasons, stale_reason(decision))))
        elif decision is None and claim.needs_review:
            entries.append(QueueEntry(claim, claim.review_reasons))
    return entries


def as_row(entry: QueueEntry) -> dict[str, Any]:
    claim = entry.claim
    return {"figure_id": claim.figure_id, "review_key": claim.review_key, "article_url": claim.article_url,
            "article_title": claim.article_title, "figure_text": claim.figure_text, "sentence": claim.sentence,
            "reasons": list(entry.reasons), **claim.reading}


def _claim(figure_id: int) -> StoredClaim | None:
    with session_scope() as session:
        return next((c for c in stored_claims(session) if c.figure_id == figure_id), None)


def decide(figure_id: int, values: dict[str, Any], *, not_a_claim: bool, reviewer: str, note: str | None,
           source: str = "pantau claims review") -> dict[str, Any]:
    """Record one decision on the claim of ``figure_id``. Fields left out of ``values`` keep the
    machine's reading. Returns the decision as recorded."""

    claim = _claim(figure_id)
    if claim is None:
        raise InputRejected(source, f"no stored claim has figure id {figure_id}", column="figure")
    try:
        reading = None if not_a_claim else check_reading(
            {**claim.reading, **{k: v for k, v in values.items() if v is not None}})
        with session_scope() as session:
            review_id = record_decision(session, claim, reading=reading, reviewer=reviewer, note=note, channel="cli")
    except ReadingError as exc:
        raise InputRejected(source, exc.reason, column=exc.column) from None
    return {"review_id": review_id, "figure_id": figure_id, "not_a_claim": not_a_claim, "reading_before": claim.reading,
            "reading_after": reading, "reviewer": reviewer, "note": note}


def export_review(out: Path) -> int:
    """Write the queue as a spreadsheet a reviewer fills in; returns the number of rows."""
    # Heavy: reports.spreadsheet loads XlsxWriter; loaded only when this runs.
    from reports.spreadsheet import GuardedWorkbook

    entries = queue()
    book = GuardedWorkbook(out)  # scraped titles and sentences never become formulas
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(SHEET)
    for column, name in enumerate(COLUMNS):
        sheet.write_string(0, column, name, bold)
    for number, entry in enumerate(entries, start=1):
        row = as_row(entry)
        row["reasons"] = "; ".join(entry.reasons)
        values = [row.get(c) for c in INFO_COLUMNS] + [row.get(c) for c in READING_FIELDS] + ["tidak", None, None]
        for column, value in enumerate(values):
            if value is None:
                continue
            sheet.write(number, column, value if isinstance(value, int | float | str) else str(value))
    sheet.freeze_panes(1, 0)
    book.finish()
    return len(entries)


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def import_review(path: Path) -> dict[str, int]:
    """Record the decisions of a filled-in review spreadsheet (rows with a reviewer), all or none."""

    source = str(path)
    # Read under the limits every workbook is read under (measured before openpyxl opens it).
    table = read_table(Path(path), source)
    sheet = next((s for s in table.sheets if s.name == SHEET), None)
    if sheet is None:
        raise InputRejected(source, f"no sheet named {SHEET!r} (found {', '.join(s.name for s in table.sheets)})")
    rows = [tuple(cells) for _number, cells in sheet.rows]
    if not rows:
        raise InputRejected(source, "the sheet is empty", row=1)
    header = [_cell(v) for v in rows[0]]
    missing = [c for c in ("figure_id", "review_key", *DECISION_COLUMNS) if c not in header]
    if missing:
        raise InputRejected(source, f"missing columns: {', '.join(missing)}", row=1)
    with session_scope() as session:
        claims = {c.figure_id: c for c in stored_claims(session)}
        decided: list[tuple[StoredClaim, dict[str, str | None] | None, str, str | None]] = []
        for number, values in enumerate(rows[1:], start=2):  # every row checked before any is recorded
            row = {name: values[i] if i < len(values) else None for i, name in enumerate(header) if name}
            reviewer = _cell(row.get("reviewer"))
            if not reviewer:
                continue  # not decided yet
            claim, reading = _checked_row(source, number, row, claims)
            decided.append((claim, reading, reviewer, _cell(row.get("note")) or None))
        for claim, reading, reviewer, note in decided:
            record_decision(session, claim, reading=reading, reviewer=reviewer, note=note, channel="excel")
    return {"rows": len(rows) - 1, "decisions": len(decided), "not_a_claim": sum(1 for d in decided if d[1] is None)}


def _checked_row(source: str, number: int, row: dict[str, Any], claims: dict[int, StoredClaim]
                 ) -> tuple[StoredClaim, dict[str, str | None] | None]:
    raw_id = _cell(row.get("figure_id"))
    try:
        figure_id = int(float(raw_id))
    except ValueError:
        raise InputRejected(source, f"figure_id {raw_id!r} is not a number", row=number, column="figure_id") from None
    claim = claims.get(figure_id)
    if claim is None:
        raise InputRejected(source, f"no stored claim has figure id {figure_id}", row=number, column="figure_id")
    if _cell(row.get("review_key")) != claim.review_key:
        raise InputRejected(source, f"figure {figure_id}: the article or its sentence changed since this sheet was "
                            "exported; export again", row=number, column="review_key")
    flag = _cell(row.get("not_a_claim")).lower()
    if flag not in YES | NO:
        raise InputRejected(source, f"not_a_claim must be ya or tidak, not {flag!r}", row=number, column="not_a_claim")
    if flag in YES:
        return claim, None
    try:
        return claim, check_reading({name: row.get(name) for name in READING_FIELDS})
    except ReadingError as exc:
        raise InputRejected(source, exc.reason, row=number, column=exc.column) from None
