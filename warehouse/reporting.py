"""Queries over the ``rpt_*`` views, shared by the CLI, the report builder and the DAGs.

The views (migration 0003) are the one definition of every reported measure (the workforce
denominator and its fallback year, the coverage percentage): Python reads them, never recomputes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from transforms.dates import Period
from transforms.regions import PROVINCE, REGENCIES


def rows(session: Session, sql: str, **params: Any) -> list[dict[str, Any]]:
    """The rows of a read-only query, as dicts."""
    return [dict(row._mapping) for row in session.execute(text(sql), params)]


def coverage_by_region(session: Session, period: Period) -> list[dict[str, Any]]:
    """One entry per regency/city (all 11, in official order) plus the province total."""
    found = {r["region_code"]: r for r in rows(
        session, "SELECT * FROM rpt_coverage_region_month WHERE period_key = :p", p=period.key)}
    entries = [_entry(region.code, region.name, found.get(region.code)) for region in REGENCIES]
    province = rows(session, "SELECT * FROM rpt_coverage_province_month WHERE period_key = :p", p=period.key)
    entries.append(_entry(PROVINCE.code, "Provinsi Jambi", province[0] if province else None))
    return entries


def _entry(code: str, name: str, row: dict[str, Any] | None) -> dict[str, Any]:
    active = int(row["active_participants"]) if row else 0
    workforce = row.get("workforce") if row else None
    coverage = row.get("coverage_pct") if row else None
    return {
        "region_code": code,
        "region_name": name,
        "active_participants": active,
        "workforce": int(workforce) if workforce is not None else None,
        "coverage_pct": round(float(coverage), 2) if coverage is not None else None,
        "contributions_idr": int(row["contributions_idr"]) if row else 0,
        "apbd_funded_participants": int(row["apbd_funded_participants"]) if row else 0,
        "claims_cases": int(row["claims_cases"]) if row else 0,
        "benefits_paid_idr": int(row["benefits_paid_idr"]) if row else 0,
        "has_data": row is not None,
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


def published_periods(session: Session) -> list[Period]:
    keys = session.execute(text("SELECT DISTINCT period_key FROM fact_coverage_monthly ORDER BY period_key"))
    return [Period.from_key(int(k)) for (k,) in keys]
