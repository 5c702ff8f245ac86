"""Reviewers' decisions on news claims: how a figure is recognised again, and the append-only store.

A decision is keyed so that the same figure in the same sentence is recognised after a re-crawl or
re-analysis, whatever ``figure_id`` the figure gets then:

- ``figure_key``: the article's URL, the figure's text and which occurrence of that text in the
  article it is (the second "1.986" is not the first);
- ``review_key``: the figure key and the sentence, normalised (case and spacing do not count).

The latest decision on a figure key applies when its review key is the figure's current one; when
the sentence has since changed it is *stale*: flagged, not applied. ``audit_claim_review`` is
append-only (migration 0009's triggers); a new decision supersedes, nothing is ever updated.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from core.government import current
from transforms.claims import METRICS, MODALITIES, SCOPES
from transforms.dates import Period
from transforms.programmes import PRESS_FUNDING_SOURCES, SEGMENTS
from transforms.regions import PROVINCE_CODE, region_by_code
from warehouse.models import AuditClaimReview

# The fields of a reading a reviewer may set, in the order the CLI and the spreadsheet show them.
READING_FIELDS = ("metric", "modality", "scope", "region_code", "period", "programmes", "segment", "funding_source")
PROGRAMME_CODES = ("JKK", "JKM", "JHT", "JP", "JKP")
CLAIM_COLUMNS = ("figure_id", "kind", "metric", "modality", "scope", "value_number", "region_code", "period",
                 "programmes", "segment", "funding_source", "figure_text", "sentence", "article_url", "article_title",
                 "published_at", "needs_review", "review_reasons", "is_canonical")


def normalise_sentence(sentence: str) -> str:
    return " ".join(sentence.split()).casefold()


def _sha(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def figure_key(article_url: str, figure_text: str, occurrence: int) -> str:
    return _sha(article_url.strip(), " ".join(figure_text.split()), str(occurrence))


def review_key(key: str, sentence: str) -> str:
    return _sha(key, normalise_sentence(sentence))


@dataclass(frozen=True)
class StoredClaim:
    """A stored figure's claim as a reviewer sees it (a row of ``rpt_news_claim``), with its keys."""

    figure_id: int
    figure_key: str
    review_key: str
    article_url: str
    article_title: str
    figure_text: str
    sentence: str
    kind: str
    value: float
    reading: dict[str, str | None]
    needs_review: bool
    review_reasons: tuple[str, ...] = ()
    is_canonical: bool = True
    published_at: Any = None


@dataclass(frozen=True)
class Decision:
    review_id: int
    figure_key: str
    review_key: str
    not_a_claim: bool
    reading_after: dict[str, str | None] | None
    reviewer: str
    note: str | None
    decided_at: datetime
    sentence: str = ""


def keyed(rows: Iterable[Mapping[Any, Any]]) -> list[StoredClaim]:
    """Rows of ``rpt_news_claim`` in figure order, each with its figure and review keys."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for row in sorted(rows, key=lambda r: int(r["figure_id"])):
        text = " ".join(str(row["figure_text"]).split())
        occurrence = seen.get((row["article_url"], text), 0)
        seen[(row["article_url"], text)] = occurrence + 1
        key = figure_key(row["article_url"], text, occurrence)
        reasons = row["review_reasons"]
        if isinstance(reasons, str):
            reasons = json.loads(reasons)
        out.append(StoredClaim(
            figure_id=int(row["figure_id"]), figure_key=key, review_key=review_key(key, row["sentence"] or ""),
            article_url=row["article_url"], article_title=row.get("article_title") or "", figure_text=text,
            sentence=row["sentence"] or "", kind=row["kind"], value=float(row["value_number"]),
            reading={name: row[name] for name in READING_FIELDS}, needs_review=bool(row["needs_review"]),
            review_reasons=tuple(reasons or ()), is_canonical=bool(row.get("is_canonical", True)),
            published_at=row.get("published_at")))
    return out


def stored_claims(session: Session) -> list[StoredClaim]:
    """Every claim the reconciliation sees (``rpt_news_claim``), keyed."""
    view = sa.table("rpt_news_claim", *(sa.column(c) for c in CLAIM_COLUMNS))
    rows = session.execute(sa.select(view)).mappings().all()
    return keyed(rows)


def latest_decisions(session: Session) -> dict[str, Decision]:
    """The latest decision on each figure key."""
    latest: dict[str, Decision] = {}
    for row in session.scalars(sa.select(AuditClaimReview).order_by(AuditClaimReview.review_id)):
        latest[row.figure_key] = Decision(
            review_id=row.review_id, figure_key=row.figure_key, review_key=row.review_key,
            not_a_claim=bool(row.not_a_claim), reading_after=row.reading_after, reviewer=row.reviewer,
            note=row.note, decided_at=row.decided_at, sentence=row.sentence)
    return latest


def decision_for(claim: StoredClaim, decisions: Mapping[str, Decision]) -> tuple[Decision | None, bool]:
    """(the decision that applies to ``claim`` or a stale one, whether it is stale)."""
    decision = decisions.get(claim.figure_key)
    if decision is None:
        return None, False
    return decision, decision.review_key != claim.review_key


STALE_REASON = ("keputusan peninjau #{id} ({who}, {when}) dibuat untuk kalimat lain; kalimatnya sudah berubah, "
                "keputusan tidak diterapkan")


def stale_reason(decision: Decision) -> str:
    return STALE_REASON.format(id=decision.review_id, who=decision.reviewer,
                               when=decision.decided_at.strftime("%d-%m-%Y") if decision.decided_at else "?")


class ReadingError(ValueError):
    """A reviewer's value that is not a valid reading (``column`` names the field)."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def check_reading(values: Mapping[str, Any]) -> dict[str, str | None]:
    """A reading from a reviewer's values (blank: none), every field checked; raises ReadingError."""
    reading: dict[str, str | None] = {}
    for name in READING_FIELDS:
        raw = values.get(name)
        value = None if raw is None or str(raw).strip() in ("", "-", "–") else str(raw).strip()
        reading[name] = value
    allowed = {"metric": METRICS, "modality": MODALITIES, "scope": SCOPES, "segment": tuple(s.code for s in SEGMENTS),
               "funding_source": tuple(f.code for f in PRESS_FUNDING_SOURCES)}
    for name in ("metric", "modality", "scope"):
        if reading[name] is None:
            raise ReadingError(name, f"{name} is required (one of {', '.join(allowed[name])})")
    for name, choices in allowed.items():
        if reading[name] is not None and reading[name] not in choices:
            raise ReadingError(name, f"{reading[name]!r} is not a {name} (one of {', '.join(choices)})")
    if reading["programmes"]:
        parts = [p.strip().upper() for p in re.split(r"[+,/ ]+", reading["programmes"]) if p.strip()]
        unknown = [p for p in parts if p not in PROGRAMME_CODES]
        if unknown:
            raise ReadingError("programmes", f"{', '.join(unknown)} is not a programme ({', '.join(PROGRAMME_CODES)})")
        reading["programmes"] = "+".join(sorted(set(parts), key=PROGRAMME_CODES.index))
    if reading["region_code"] and reading["region_code"] != PROVINCE_CODE:
        try:
            region_by_code(reading["region_code"])
        except ValueError:
            raise ReadingError("region_code",
                               f"{reading['region_code']!r} is not a region code of {current().name}") from None
    if reading["period"]:
        period = reading["period"]
        if not re.fullmatch(r"20\d\d(?:-\d\d)?", period):
            raise ReadingError("period", f"{period!r} is not a period (YYYY or YYYY-MM)")
        if len(period) == 7:
            try:
                Period.parse(period)
            except ValueError:
                raise ReadingError("period", f"{period!r} is not a month") from None
    return reading


def record_decision(session: Session, claim: StoredClaim, *, reading: dict[str, str | None] | None,
                    reviewer: str, note: str | None, channel: str, now: datetime | None = None) -> int:
    """Append a decision on ``claim`` (``reading`` None: not a claim). Returns its review id."""
    if not reviewer.strip():
        raise ReadingError("reviewer", "a decision needs the reviewer's name")
    previous = latest_decisions(session).get(claim.figure_key)
    before = dict(claim.reading)
    if previous is not None and previous.review_key == claim.review_key and previous.reading_after is not None:
        before = dict(previous.reading_after)
    row = AuditClaimReview(
        figure_key=claim.figure_key, review_key=claim.review_key, article_url=claim.article_url,
        figure_text=claim.figure_text, sentence=claim.sentence, not_a_claim=reading is None,
        reading_before=before, reading_after=reading, reviewer=reviewer.strip(), note=(note or "").strip() or None,
        channel=channel, decided_at=now or datetime.now(UTC))
    session.add(row)
    session.flush()
    return int(row.review_id)
