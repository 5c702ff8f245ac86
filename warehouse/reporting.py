"""Queries over the ``rpt_*`` views, shared by the CLI, the report builder and the DAGs.

The views (migrations 0003 and 0006) are the one definition of every reported measure (the
denominators and their fallback year, the coverage percentage): Python reads them, never recomputes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, TypedDict

from sqlalchemy import text
from sqlalchemy.orm import Session

from core.government import current
from transforms.dates import Period
from transforms.regions import PROVINCE, REGENCIES
from warehouse.db import session_scope, stored_utc
from warehouse.governments import government_code
from warehouse.reference import HEADLINE_MEASURE

# What a month holds for a region: its figures, nothing though the month is published, or no published month.
RegionStatus = Literal["reported", "missing", "no_data_published"]



class Denominator(TypedDict):
    """One denominator of a region's month and the coverage rate against it (``rpt_coverage_rate``)."""

    denominator: int
    year: int
    is_derived: bool
    method: str | None
    note: str | None
    publisher: str | None
    table_title: str | None
    source_url: str | None
    coverage_pct: float | None


class CoverageEntry(TypedDict):
    """A region's month as :func:`coverage_by_region` gives it (the CLI prints it as JSON)."""

    region_code: str
    region_name: str
    status: RegionStatus
    active_participants: int | None
    workforce: int | None
    workforce_year: int | None
    workforce_is_derived: bool | None
    coverage_pct: float | None
    contributions_idr: int | None
    apbd_funded_participants: int | None
    claims_cases: int | None
    benefits_paid_idr: int | None
    denominators: dict[str, Denominator]
    has_data: bool


def rows(session: Session, sql: str, **params: Any) -> list[dict[str, Any]]:
    """The rows of a read-only query, as dicts."""
    return [dict(row._mapping) for row in session.execute(text(sql), params)]


def month_is_published(session: Session, period: Period) -> bool:
    """Whether any coverage batch is published for the month (else: no data is published)."""
    count = session.execute(text(
        "SELECT COUNT(*) FROM rpt_batch_quality WHERE dataset = 'coverage' AND status = 'published' "
        "AND period_key = :p"), {"p": period.key}).scalar()
    return bool(count)


def coverage_rates(session: Session, period: Period) -> dict[tuple[str, str], dict[str, Any]]:
    """(region code, measure) → the coverage rate against that denominator, as the view defines it."""
    return {(r["region_code"], r["measure"]): r for r in rows(
        session, "SELECT * FROM rpt_coverage_rate WHERE period_key = :p AND government_code = :g", p=period.key,
        g=government_code())}


def coverage_by_region(session: Session, period: Period) -> list[CoverageEntry]:
    """One entry per region of the government (in official order) plus the government's total.

    ``status`` says what the month holds for the region: ``reported``, ``missing`` (the month
    is published but this region is not in it) or ``no_data_published`` (no coverage batch is
    published for the month). Rates come from the views; ``denominators`` has one entry per
    measure with the denominator, its year, whether it is derived, its source and the rate.
    """
    published = month_is_published(session, period)
    found = {r["region_code"]: r for r in rows(
        session, "SELECT * FROM rpt_coverage_region_month WHERE period_key = :p AND government_code = :g",
        p=period.key, g=government_code())}
    reported = {r["region_code"] for r in rows(
        session, "SELECT DISTINCT region_code FROM rpt_coverage_lineage WHERE period_key = :p", p=period.key)}
    rates = coverage_rates(session, period)
    entries: list[CoverageEntry] = []
    for region in REGENCIES:
        code = region.code
        status: RegionStatus = "reported" if code in reported else ("missing" if published else "no_data_published")
        entries.append(_entry(code, region.name, found.get(code), status, rates))
    province = rows(session, "SELECT * FROM rpt_coverage_province_month WHERE period_key = :p AND government_code = :g",
                    p=period.key, g=government_code())
    status = "reported" if reported else "no_data_published"
    entries.append(_entry(PROVINCE.code, current().name, province[0] if province else None, status, rates))
    return entries


def _entry(code: str, name: str, row: dict[str, Any] | None, status: RegionStatus,
           rates: dict[tuple[str, str], dict[str, Any]]) -> CoverageEntry:
    present = status == "reported" and row is not None

    def whole(key: str) -> int | None:
        return int(row[key]) if present and row and row.get(key) is not None else None

    denominators: dict[str, Denominator] = {
        measure: {"denominator": int(rate["denominator"]), "year": int(rate["denominator_year"]),
                  "is_derived": bool(rate["is_derived"]), "method": rate["method"], "note": rate["note"],
                  "publisher": rate["publisher"], "table_title": rate["table_title"],
                  "source_url": rate["source_url"],
                  "coverage_pct": float(rate["coverage_pct"]) if rate["coverage_pct"] is not None
                  else None}
        for (region_code, measure), rate in sorted(rates.items()) if region_code == code and present}
    headline = denominators.get(HEADLINE_MEASURE)
    return {
        "region_code": code,
        "region_name": name,
        "status": status,
        "active_participants": whole("active_participants"),
        "workforce": headline["denominator"] if headline else None,
        "workforce_year": headline["year"] if headline else None,
        "workforce_is_derived": headline["is_derived"] if headline else None,
        "coverage_pct": headline["coverage_pct"] if headline else None,
        "contributions_idr": whole("contributions_idr"),
        "apbd_funded_participants": whole("apbd_funded_participants"),
        "claims_cases": whole("claims_cases"),
        "benefits_paid_idr": whole("benefits_paid_idr"),
        "denominators": denominators,
        "has_data": present,
    }


def batch_quality(session: Session, batch_id: int | None = None) -> list[dict[str, Any]]:
    if batch_id is None:
        return rows(session, "SELECT * FROM rpt_batch_quality ORDER BY batch_id")
    return rows(session, "SELECT * FROM rpt_batch_quality WHERE batch_id = :b", b=batch_id)


def dq_results(session: Session, batch_id: int) -> list[dict[str, Any]]:
    return rows(session, """
        SELECT suite_name, expectation_type, column_name, level, success, element_count, unexpected_count,
               observed_value, data_docs_url
        FROM audit_dq_result WHERE batch_id = :b ORDER BY id""", b=batch_id)


def quarantined_rows(session: Session, batch_id: int) -> list[dict[str, Any]]:
    return rows(session, """
        SELECT row_number, column_name, reason, check_name FROM audit_quarantine_row
        WHERE batch_id = :b ORDER BY row_number, id""", b=batch_id)


def pages_without_article(session: Session, batch_id: int | None = None) -> list[dict[str, Any]]:
    """Crawl outcomes of pages where no article was found (all, or those last seen in one batch)."""
    sql = """SELECT url, site_name, outcome, reason, attempts, gave_up, last_batch_id FROM news_crawl_outcome"""
    if batch_id is None:
        return rows(session, sql + " ORDER BY outcome, url")
    return rows(session, sql + " WHERE last_batch_id = :b ORDER BY outcome, url", b=batch_id)


def findings(session: Session, batch_id: int | None = None) -> list[dict[str, Any]]:
    sql = "SELECT batch_id, kind, subject, detail FROM audit_finding"
    if batch_id is None:
        return rows(session, sql + " ORDER BY id")
    return rows(session, sql + " WHERE batch_id = :b ORDER BY id", b=batch_id)


def lineage(session: Session, period: Period, region_code: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM rpt_coverage_lineage WHERE period_key = :p"
    if region_code:
        return rows(session, sql + " AND region_code = :r ORDER BY batch_id", p=period.key, r=region_code)
    return rows(session, sql + " ORDER BY region_code, batch_id", p=period.key)


def last_published(session: Session) -> dict[Period, datetime]:
    """When the newest published batch of each period finished (UTC)."""
    rows = session.execute(text(
        "SELECT period_key, MAX(finished_at) FROM audit_ingest_batch "
        "WHERE status = 'published' AND period_key IS NOT NULL AND finished_at IS NOT NULL GROUP BY period_key"))
    found: dict[Period, datetime] = {}
    for key, finished in rows:
        moment = stored_utc(finished)
        assert moment is not None  # the query keeps finished times only
        found[Period.from_key(int(key))] = moment
    return found


def published_periods(session: Session) -> list[Period]:
    keys = session.execute(text("SELECT DISTINCT period_key FROM fact_coverage_monthly ORDER BY period_key"))
    return [Period.from_key(int(k)) for (k,) in keys]


class MonthState:
    """What became of a month's deliveries, one word each (the index and the CLI show these)."""

    PUBLISHED = "published"  # coverage published, nothing of the month rejected
    PARTLY_PUBLISHED = "partly_published"  # something published, something else rejected or absent
    REJECTED = "rejected"  # files arrived, none published
    NO_EXPORT = "no_export"  # recorded as missing by a run: no export arrived by its deadline
    NEVER_RUN = "never_run"  # no run has looked at this month yet


def month_states(session: Session, first: Period, last: Period) -> list[dict[str, Any]]:
    """Every month from ``first`` to ``last`` with its state, what was published and what is missing.

    Read from the batch records alone: ``published`` and ``superseded`` batches count as delivered
    (a superseded batch was replaced by a later one of the same month), ``rejected`` and ``failed``
    as refused, ``missing`` as a run's record that no export came.
    """
    found: dict[int, dict[str, set[str]]] = {}
    for row in rows(session, "SELECT period_key, dataset, status FROM audit_ingest_batch "
                             "WHERE period_key BETWEEN :first AND :last", first=first.key, last=last.key):
        kinds = found.setdefault(int(row["period_key"]), {})
        kinds.setdefault(str(row["status"]), set()).add(str(row["dataset"]))
    states: list[dict[str, Any]] = []
    month = first
    while month.key <= last.key:
        kinds = found.get(month.key, {})
        published = sorted(kinds.get("published", set()) | kinds.get("superseded", set()))
        refused = sorted((kinds.get("rejected", set()) | kinds.get("failed", set())) - set(published))
        missing = sorted({"coverage"} - set(published)) if published else []
        if published and not refused and not missing:
            state = MonthState.PUBLISHED
        elif published:
            state = MonthState.PARTLY_PUBLISHED
        elif refused:
            state = MonthState.REJECTED
        elif "missing" in kinds:
            state = MonthState.NO_EXPORT
        else:
            state = MonthState.NEVER_RUN
        states.append({"period": month, "state": state, "published": published, "rejected": refused,
                       "missing": sorted(set(missing) | set(refused))})
        month = month.next()
    return states


def why_not_published(month: Period, session: Session | None = None) -> str:
    """Why ``month`` has no published coverage, as the batch records tell it (never run, missing, rejected)."""
    if session is None:
        with session_scope() as own:
            return why_not_published(month, own)
    state = month_states(session, month, month)[0]
    if state["state"] == MonthState.NO_EXPORT:
        return "tercatat tidak ada ekspor (a run recorded no export for this month: missing)"
    if state["state"] == MonthState.REJECTED:
        return "berkas bulan ini ditolak (rejected; see `pantau coverage rejected`)"
    if state["state"] == MonthState.PARTLY_PUBLISHED:
        return f"hanya {', '.join(state['published'])} yang diterbitkan (partly published)"
    return "bulan ini belum pernah diproses (never run)"
