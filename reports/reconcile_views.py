"""The warehouse as the reconciliation rules see it: metric values over the ``rpt_*`` views.

:mod:`reports.reconcile` holds the rules and reads the warehouse only through its ``Warehouse``
protocol; this is that protocol over a SQLAlchemy session.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from reports.reconcile import METRIC_SOURCES, PUBLISHED_FUNDER
from transforms.regions import PROVINCE_CODE


class WarehouseViews:
    """Metric values over the ``rpt_*`` views, for every combination of dimensions."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self._sa = sa
        self._detail = sa.table("rpt_coverage_detail_month", sa.column("period_key"), sa.column("region_code"),
                                sa.column("segment_code"), sa.column("programme_set"),
                                sa.column("funding_source_code"), sa.column("active_participants"),
                                sa.column("contributions_idr"))
        self._claims = sa.table("rpt_benefit_claims_month", sa.column("period_key"), sa.column("region_code"),
                                sa.column("programme_set"), sa.column("cases"), sa.column("benefits_paid_idr"))
        self._regions = sa.table("rpt_coverage_region_month", sa.column("period_key"), sa.column("region_code"),
                                 sa.column("coverage_pct"))
        self._province = sa.table("rpt_coverage_province_month", sa.column("period_key"), sa.column("region_code"),
                                  sa.column("coverage_pct"))
        self._months: dict[tuple[str, str], list[int]] = {}

    def _view(self, metric: str) -> Any:
        source = METRIC_SOURCES[metric][0]
        if source == "coverage":
            return self._detail
        if source == "claims":
            return self._claims
        return self._regions

    def published(self, region_code: str, year: int, funding_source: str | None) -> tuple[float, str] | None:
        """(value, basis) of the published yearly table whose count belongs to ``funding_source``."""
        sa = self._sa
        metrics = [m for m, funder in PUBLISHED_FUNDER.items() if funder == funding_source]
        if not metrics:
            return None
        view = sa.table("rpt_published_statistic", sa.column("batch_id"), sa.column("source_name"),
                        sa.column("region_code"), sa.column("year"), sa.column("metric"), sa.column("value"),
                        sa.column("measure_label"))
        row = self.session.execute(
            sa.select(view.c.value, view.c.measure_label, view.c.batch_id)
            .where(view.c.region_code == region_code, view.c.year == year, view.c.metric.in_(metrics))
            .order_by(view.c.batch_id.desc())).first()
        if row is None:
            return None
        return float(row[0]), f"tabel data terbuka: {row[1]} · {year} · batch {row[2]}"

    def months(self, metric: str, region_code: str) -> list[int]:
        key = (METRIC_SOURCES[metric][0], region_code)
        if key not in self._months:
            sa = self._sa
            view = self._province if key[0] == "rate" and region_code == PROVINCE_CODE else self._view(metric)
            query = sa.select(view.c.period_key).distinct().order_by(view.c.period_key)
            if region_code != PROVINCE_CODE or view is self._province:
                query = query.where(view.c.region_code == region_code)
            self._months[key] = [int(k) for (k,) in self.session.execute(query)]
        return self._months[key]

    def total(self, metric: str, region_code: str, months: list[int], segment: str | None,
              funding_source: str | None, programmes: tuple[str, ...]) -> float | None:
        sa = self._sa
        source, column = METRIC_SOURCES[metric]
        if source == "rate":
            view = self._province if region_code == PROVINCE_CODE else self._regions
            query = sa.select(view.c.coverage_pct).where(view.c.period_key == months[-1])
            if region_code != PROVINCE_CODE or view is self._province:
                query = query.where(view.c.region_code == region_code)
            value = self.session.execute(query).scalar()
            return None if value is None else float(value)
        view = self._view(metric)
        keys = [view.c.programme_set]
        if source == "coverage":
            keys += [view.c.segment_code, view.c.funding_source_code]
        query = sa.select(*keys, sa.func.sum(view.c[column])).where(view.c.period_key.in_(months)).group_by(*keys)
        if region_code != PROVINCE_CODE:
            query = query.where(view.c.region_code == region_code)
        rows = self.session.execute(query).all()
        return _sum_matching(rows, source, segment, funding_source, programmes)


def _sum_matching(rows: Iterable[Any], source: str, segment: str | None, funding_source: str | None,
                  programmes: tuple[str, ...]) -> float | None:
    """Sum the rows of the same dimensions: a participant enrolled in "JKK+JKM+JHT" counts for a claim
    about JKK; a claim (case) of JKK counts only for a claim about JKK."""
    wanted = set(programmes)
    total, matched = 0.0, False
    for row in rows:
        members = set(str(row[0]).split("+"))
        if source == "coverage":
            if (segment and row[1] != segment) or (funding_source and row[2] != funding_source):
                continue
            if wanted and not wanted <= members:
                continue
        elif wanted and not members <= wanted:
            continue
        matched = True
        total += float(row[-1] or 0)
    return total if matched else None
