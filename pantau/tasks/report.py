"""Task bodies of the ``accountability_report`` DAG: periods, claim reconciliation, the report."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from pantau.core.logs import event
from pantau.core.settings import get_settings
from pantau.tasks import task_body
from transforms.dates import Period

log = logging.getLogger("pantau.tasks.report")

# Programme context that makes a count of people mean BKBK-funded (APBD) participants.
APBD_CONTEXT = {"BKBK", "DUMISAKE", "PEKERJA_RENTAN"}
FLOW_METRICS = {"contributions", "bkbk_contributions", "benefits_paid", "claims"}
METRIC_COLUMNS = {
    "participants": "active_participants",
    "bkbk_participants": "bkbk_participants",
    "bkbk_contributions": "bkbk_contributions_idr",
    "contributions": "contributions_idr",
    "benefits_paid": "benefits_paid_idr",
    "claims": "claims_cases",
    "coverage_rate": "coverage_pct",
}
TOLERANCE = 0.05


@task_body
def affected_periods(events: Iterable[dict[str, Any]], logical_date: datetime | None,
                     requested: str | None = None) -> list[str]:
    """Periods to rebuild: the param, else those named by the triggering asset events, else the
    latest published month (a scheduled monthly run)."""
    if requested:
        return [str(Period.parse(requested))]
    periods: set[str] = set()
    for extra in events:
        if extra.get("period"):
            periods.add(str(Period.parse(str(extra["period"]))))
        for key in extra.get("periods") or []:
            periods.add(str(Period.from_key(int(key))))
    if periods:
        return sorted(periods)
    from warehouse.db import session_scope
    from warehouse.reporting import published_periods

    with session_scope() as session:
        published = published_periods(session)
    if published:
        return [str(published[-1])]
    when = logical_date or datetime.now(UTC)
    return [str(Period(when.year, when.month).previous())]


class WarehouseMetrics:
    """Metric lookups for reconciliation, over the reporting views."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self._months: dict[str, list[int]] = {}

    def _value(self, column: str, region_code: str, period_key: int) -> float | None:
        view = "rpt_coverage_province_month" if region_code == "15" else "rpt_coverage_region_month"
        where = "period_key = :p" if region_code == "15" else "period_key = :p AND region_code = :r"
        value = self.session.execute(text(f"SELECT {column} FROM {view} WHERE {where}"),
                                     {"p": period_key, "r": region_code}).scalar()
        return None if value is None else float(value)

    def _periods(self, region_code: str) -> list[int]:
        if region_code not in self._months:
            view = "rpt_coverage_province_month" if region_code == "15" else "rpt_coverage_region_month"
            where = "" if region_code == "15" else " WHERE region_code = :r"
            self._months[region_code] = [int(k) for (k,) in self.session.execute(
                text(f"SELECT period_key FROM {view}{where} ORDER BY period_key"), {"r": region_code})]
        return self._months[region_code]

    def lookup(self, metric: str, region_code: str, period: str) -> float | None:
        column = METRIC_COLUMNS.get(metric)
        if column is None:
            return None
        months = self._periods(region_code)
        if len(period) == 7:  # YYYY-MM
            key = Period.parse(period).key
            return self._value(column, region_code, key) if key in months else None
        year = int(period)
        in_year = [k for k in months if k // 100 == year]
        if metric in FLOW_METRICS:
            # A yearly flow is comparable only when the whole year is in the warehouse.
            if len(in_year) < 12:
                return None
            values = [self._value(column, region_code, k) for k in in_year]
            return float(sum(v for v in values if v is not None))
        # A stock (participants, coverage) for a year: its latest month in the warehouse.
        return self._value(column, region_code, in_year[-1]) if in_year else None


@task_body
def reconcile_claims() -> dict[str, int]:
    """Match every news figure to the warehouse metric it speaks of; replace all verdicts."""
    from reports.reconcile import Claim, reconcile
    from warehouse.db import session_scope
    from warehouse.models import FactClaimReconciliation

    counts: dict[str, int] = {}
    with session_scope() as session:
        metrics = WarehouseMetrics(session)
        figures = session.execute(text("""
            SELECT f.figure_id, f.kind, f.quantity, f.value_number, f.region_code, f.period, f.programme,
                   f.plausible, a.period_key
            FROM news_figure f JOIN news_article a ON a.article_id = f.article_id
            WHERE f.kind IN ('money', 'count', 'percent') AND f.value_number IS NOT NULL
              AND EXISTS (SELECT 1 FROM news_mention m WHERE m.article_id = a.article_id AND m.kind = 'programme')
            """)).all()
        session.execute(text("DELETE FROM fact_claim_reconciliation"))
        now = datetime.now(UTC)
        for f in figures:
            quantity = f.quantity
            if f.programme in APBD_CONTEXT and quantity in ("participants", "contributions"):
                quantity = f"bkbk_{quantity}"  # BKBK pays for APBD Provinsi-funded participants
            period = f.period or (str(Period.from_key(int(f.period_key))) if f.period_key else None)
            claim = Claim(figure_kind=f.kind, quantity=quantity, value=float(f.value_number),
                          region_code=f.region_code, period=period, plausible=bool(f.plausible))
            # reconcile() says "no_comparable_data" itself when no period is known.
            status, warehouse_value, difference, note = reconcile(claim, metrics.lookup, tolerance=TOLERANCE)
            session.add(FactClaimReconciliation(
                figure_id=f.figure_id, metric=quantity, region_code=f.region_code or "15", period=period,
                claimed_value=float(f.value_number), warehouse_value=warehouse_value, difference_pct=difference,
                status=status, tolerance=TOLERANCE, note=note, reconciled_at=now))
            counts[status] = counts.get(status, 0) + 1
    event(log, "claims reconciled", **counts)
    return counts


@task_body
def build(period: str, out_dir: str | None = None) -> dict[str, str]:
    from reports.build import build_report

    target = Path(out_dir) if out_dir else get_settings().reports_dir / period
    paths = build_report(Period.parse(period), target)
    event(log, "report built", period=period, html=str(paths["html"]))
    return {k: str(v) for k, v in paths.items()}


@task_body
def rebuild_data_docs() -> str:
    from expectations.runner import rebuild_data_docs as rebuild

    return str(rebuild(get_settings().gx_dir))
