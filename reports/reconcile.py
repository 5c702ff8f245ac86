"""Classify a figure quoted in the news against the warehouse metric it speaks of.

Rules:
- an implausible figure (flagged at extraction) is ``implausible`` whatever the warehouse says;
- a figure whose quantity is not one the warehouse measures (participants, BKBK participants,
  contributions, BKBK contributions, benefits paid, coverage rate, claims) is
  ``no_comparable_data`` (so is a rate per person: "Rp 16.800 per bulan");
- no region means the province ("15"); the period is "YYYY-MM" or "YYYY" and the lookup
  decides what a year means for the metric (a stock's latest month, a flow's full-year sum);
- no warehouse value for that metric, region and period is ``no_comparable_data``;
- otherwise ``consistent`` when the relative difference |claimed − warehouse| / warehouse is
  within the tolerance (default 5%), else ``differs`` with the signed difference in percent.
  Coverage rates are compared in percentage points, within 1 point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

COMPARABLE = {"participants", "bkbk_participants", "contributions", "bkbk_contributions", "benefits_paid",
              "coverage_rate", "claims"}
COVERAGE_POINTS_TOLERANCE = 1.0
# Relative tolerance between a figure and the warehouse (news claims, published yearly tables).
RELATIVE_TOLERANCE = 0.05

MetricLookup = Callable[[str, str, str], float | None]


@dataclass(frozen=True)
class Claim:
    figure_kind: str
    quantity: str | None
    value: float
    region_code: str | None
    period: str | None
    plausible: bool


def reconcile(claim: Claim, lookup: MetricLookup, *, tolerance: float = RELATIVE_TOLERANCE
              ) -> tuple[str, float | None, float | None, str | None]:
    """(status, warehouse value, difference in percent, note)."""
    if not claim.plausible:
        return "implausible", None, None, "flagged as implausible when extracted"
    if claim.quantity not in COMPARABLE:
        return "no_comparable_data", None, None, f"the warehouse has no metric for {claim.quantity or 'this figure'}"
    if not claim.period:
        return "no_comparable_data", None, None, "no period stated"
    region = claim.region_code or "15"
    value = lookup(claim.quantity, region, claim.period)
    if value is None:
        return "no_comparable_data", None, None, f"no {claim.quantity} for {region} in {claim.period}"
    if claim.quantity == "coverage_rate":
        points = claim.value - value
        status = "consistent" if abs(points) <= COVERAGE_POINTS_TOLERANCE else "differs"
        return status, value, round(points, 2), "difference in percentage points"
    if value == 0:
        return ("consistent", value, 0.0, None) if claim.value == 0 else (
            "differs", value, None, "the warehouse value is zero")
    difference = (claim.value - value) / value * 100
    status = "consistent" if abs(difference) <= tolerance * 100 else "differs"
    return status, value, round(difference, 2), None
