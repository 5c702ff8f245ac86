"""The claims reconciliation sees, with reviewers' decisions applied, and the report's Perlu Ditinjau data.

A stored claim (``rpt_news_claim``) is reconciled with the machine's reading unless a reviewer has
decided on the same figure in the same sentence (``warehouse.claim_reviews``): then with the
reviewer's reading, marked with the decision's id and reviewer, or not at all when the reviewer
said it is not a claim. A decision made for a sentence that has since changed is not applied: the
claim needs review again, with that as a reason. Claims that need review get no verdict
(``reports.reconcile``, whose rules this module applies to every stored claim: :func:`reconcile_claims`);
:func:`collect_review` lists them for the report. The rules never import this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.orm import Session

from reports import glossary as g
from reports.reconcile import TOLERANCE, PressClaim, reconcile
from reports.reconcile_views import WarehouseViews
from transforms.dates import Period
from transforms.regions import PROVINCE_CODE
from warehouse.claim_reviews import decision_for, keyed, latest_decisions, stale_reason
from warehouse.db import stored_utc
from warehouse.models import FactClaimReconciliation

CLAIM_COLUMNS = ("figure_id", "kind", "metric", "modality", "scope", "value_number", "region_code", "period",
                 "programmes", "segment", "funding_source", "occupation", "branch", "plausible", "article_period_key",
                 "sentence", "figure_text", "article_url", "article_title", "published_at", "needs_review",
                 "review_reasons", "is_canonical")


def _reasons(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(json.loads(value) if isinstance(value, str) else value)


def reviewed_claims(session: Session) -> list[tuple[int, PressClaim]]:
    """(figure_id, PressClaim) for every stored claim, each with the decision that applies to it."""

    view = sa.table("rpt_news_claim", *(sa.column(c) for c in CLAIM_COLUMNS))
    rows = sorted(session.execute(sa.select(view)).mappings().all(), key=lambda r: int(r["figure_id"]))
    decisions = latest_decisions(session)
    claims = []
    for row, stored in zip(rows, keyed(rows), strict=True):
        key = row["article_period_key"]
        claim = PressClaim(
            kind=row["kind"], metric=row["metric"], value=float(row["value_number"]), region_code=row["region_code"],
            period=row["period"], modality=row["modality"] or "realised", scope=row["scope"] or "aggregate",
            programmes=tuple(p for p in (row["programmes"] or "").split("+") if p), segment=row["segment"],
            funding_source=row["funding_source"], occupation=row["occupation"], branch=row["branch"],
            plausible=bool(row["plausible"]),
            article_period=str(Period.from_key(int(key))) if key else None, sentence=row["sentence"] or "",
            needs_review=bool(row["needs_review"]), review_reasons=_reasons(row["review_reasons"]))
        decision, stale = decision_for(stored, decisions)
        if decision is not None and stale:
            claim = replace(claim, needs_review=True, review_reasons=(*claim.review_reasons, stale_reason(decision)))
        elif decision is not None and decision.reading_after is None:
            claim = replace(claim, not_a_claim=True, needs_review=False, review_reasons=(),
                            review_id=decision.review_id, reviewer=decision.reviewer)
        elif decision is not None and decision.reading_after is not None:
            reading = decision.reading_after
            claim = replace(
                claim, metric=reading["metric"], modality=reading["modality"] or "realised",
                scope="single" if reading["scope"] == "single" else "aggregate", region_code=reading.get("region_code"),
                period=reading.get("period"),
                programmes=tuple(p for p in (reading.get("programmes") or "").split("+") if p),
                segment=reading.get("segment"), funding_source=reading.get("funding_source"),
                occupation=None if reading.get("segment") != claim.segment else claim.occupation,
                needs_review=False, review_reasons=(), review_id=decision.review_id, reviewer=decision.reviewer)
        claims.append((int(row["figure_id"]), claim))
    return claims


@dataclass(frozen=True)
class ReviewItem:
    """A claim in the report's Perlu Ditinjau section: the sentence, the machine's reading, the reasons."""

    figure_text: str
    sentence: str
    reading: str  # "peserta aktif · terealisasi · BPU · <region code> · 2025-02"
    reasons: tuple[str, ...]
    article_url: str
    article_title: str
    site: str
    published_at: datetime | None


def collect_review(session: Session, period: Period) -> list[ReviewItem]:
    """The claims of canonical articles up to ``period`` that went to review (``rpt_claim_review``)."""

    rows = session.execute(text("""SELECT * FROM rpt_claim_review
                                   WHERE (article_period_key IS NULL OR article_period_key <= :p) AND is_canonical
                                   ORDER BY published_at, figure_id"""), {"p": period.key}).mappings().all()
    items = []
    for r in rows:
        parts = [g.label(g.METRICS, r["metric"]), g.label(g.MODALITIES, r["modality"])]
        if r["scope"] == "single":
            parts.append(g.SCOPES["single"])
        if r["segment"]:
            parts.append(g.segment(r["segment"]))
        if r["funding_source"]:
            parts.append(g.funding_source(r["funding_source"]))
        if r["programmes"]:
            parts.append(g.programme_set(r["programmes"]))
        if r["region_code"]:
            parts.append(g.region_name(r["region_code"]))
        if r["period"]:
            parts.append(g.period_label(r["period"]))
        items.append(ReviewItem(figure_text=r["figure_text"], sentence=r["sentence"], reading=" · ".join(parts),
                                reasons=_reasons(r["review_reasons"]), article_url=r["article_url"],
                                article_title=r["article_title"], site=r["site_name"] or "",
                                published_at=stored_utc(r["published_at"])))
    return items


# --- reconciling every stored claim ------------------------------------------------------------------


def stored_claims(session: Session) -> list[tuple[int, PressClaim]]:
    """(figure_id, claim) for every figure of articles about the programmes (``rpt_news_claim``), each
    with the reviewer's reading where a decision applies."""
    return reviewed_claims(session)


def reconcile_claims(session: Session, *, tolerance: float = TOLERANCE) -> dict[str, int]:
    """Reconcile every stored claim; replace all verdicts (re-running changes nothing)."""

    warehouse = WarehouseViews(session)
    claims = stored_claims(session)
    session.execute(sa.delete(FactClaimReconciliation))
    now = datetime.now(UTC)
    counts: dict[str, int] = {}
    for figure_id, claim in claims:
        verdict = reconcile(claim, warehouse, tolerance=tolerance)
        session.add(FactClaimReconciliation(
            figure_id=figure_id, metric=claim.metric, region_code=claim.region_code or PROVINCE_CODE,
            period=claim.period, claimed_value=claim.value,
            warehouse_value=verdict.warehouse_value, difference_pct=verdict.difference_pct, status=verdict.status,
            tolerance=tolerance, note=verdict.note, reconciled_at=now, modality=claim.modality, scope=claim.scope,
            programmes="+".join(claim.programmes) or None, segment=claim.segment,
            funding_source=claim.funding_source, basis=verdict.basis, warehouse_period=verdict.warehouse_period,
            progress_pct=verdict.progress_pct, review_id=claim.review_id, reviewer=claim.reviewer,
            review_reasons=list(claim.review_reasons) or None))
        counts[verdict.status] = counts.get(verdict.status, 0) + 1
    return counts
