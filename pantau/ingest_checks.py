"""Batch-level plausibility for an export being ingested: the month before, the denominators, the
benefit scale. Frames and descriptions the suites in :mod:`expectations.suites` check and the
refusal names, read through the warehouse's published rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, func, select

from transforms.dates import Period
from transforms.numbers import format_int, format_percent
from transforms.programmes import benefit_scale
from transforms.regions import PROVINCE_CODE, region_by_code
from warehouse.db import session_scope
from warehouse.models import FactCoverageMonthly, RefWorkforce
from warehouse.reference import HEADLINE_MEASURE

if TYPE_CHECKING:
    import pandas as pd


def previous_month_totals(engine: Engine, period: Period) -> dict[str, int]:
    """Published participants per region in the month before ``period``, whichever files they came in."""

    with session_scope(engine) as session:
        rows = session.execute(
            select(FactCoverageMonthly.region_code, func.sum(FactCoverageMonthly.active_participants))
            .where(FactCoverageMonthly.period_key == period.previous().key)
            .group_by(FactCoverageMonthly.region_code)
        ).all()
    return {code: int(total) for code, total in rows}


def describe_region_row(row: pd.Series) -> str:
    try:
        region = f"{region_by_code(str(row['region_code'])).name} ({row['region_code']})"
    except Exception:
        region = str(row["region_code"])
    if "coverage_ratio" in row:
        return (f"{region}: {format_int(int(row['participants']))} active participants against "
                f"{format_int(int(row['denominator']))} {row['measure']} ({int(row['year'])}): coverage "
                f"{format_percent(100 * float(row['coverage_ratio']))}")
    if "change_factor" in row:
        factor = f"{float(row['change_factor']):.2f}".replace(".", ",")
        return (f"{region}: {format_int(int(row['current']))} active participants against "
                f"{format_int(int(row['previous']))} the month before (change ×{factor})")
    return region


def benefit_scale_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Each claims row with cases, its benefit per case and its programme's band of one case's benefit."""
    # Heavy: pandas, loaded only when this runs.
    import pandas as pd

    rows = []
    for record in frame.itertuples(index=False):
        band = benefit_scale(str(record.programme_set))
        if band is None or not record.cases:
            continue
        rows.append({"source_row": int(record.source_row), "region_code": record.region_code,
                     "programme_set": record.programme_set,
                     "benefit_per_case": float(record.benefits_paid_idr) / float(record.cases),
                     "scale_low": float(band[0]), "scale_high": float(band[1])})
    return pd.DataFrame(rows, columns=["source_row", "region_code", "programme_set", "benefit_per_case", "scale_low",
                                       "scale_high"])


def coverage_frame(engine: Engine, period: Period, current: pd.Series) -> pd.DataFrame:
    """This file's active participants per regency, and the province's, over their potential workers."""
    # Heavy: pandas, loaded only when this runs.
    import pandas as pd

    with session_scope(engine) as session:
        found = session.execute(select(RefWorkforce.region_code, RefWorkforce.year, RefWorkforce.value)
                                .where(RefWorkforce.measure == HEADLINE_MEASURE)).all()
    years: dict[str, dict[int, int]] = {}
    for code, year, value in found:
        years.setdefault(str(code), {})[int(year)] = int(value)

    def denominator(code: str) -> tuple[int, int] | None:
        held = years.get(code)
        if not held:
            return None
        earlier = [y for y in held if y <= period.year]
        year = max(earlier) if earlier else min(held)
        return year, held[year]

    totals = {str(code): int(total) for code, total in current.items()}
    if totals:
        totals[PROVINCE_CODE] = sum(totals.values())
    rows = []
    for code, participants in totals.items():
        base = denominator(code)
        if base is None or base[1] <= 0:
            continue
        rows.append({"region_code": code, "participants": participants, "denominator": base[1], "year": base[0],
                     "measure": HEADLINE_MEASURE, "coverage_ratio": participants / base[1]})
    return pd.DataFrame(rows, columns=["region_code", "participants", "denominator", "year", "measure",
                                       "coverage_ratio"])
