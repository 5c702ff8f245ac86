"""The report's reference sections: coverage rates with their denominators and sources, the
published yearly statistics beside the monthly exports, and reference totals that do not add up.

Kept apart from ``reports/build.py`` so that each section reads its own views and renders in
its own template (``templates/reference_sections.html.j2``). Rates come from the views
(``rpt_coverage_rate`` via ``warehouse.reporting``); nothing here recomputes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from core.government import current
from reports.reconcile import TOLERANCE
from transforms.dates import Period
from transforms.regions import PROVINCE_CODE
from warehouse.reference import HEADLINE_MEASURE, MEASURES
from warehouse.reporting import CoverageEntry, RegionStatus
from warehouse.reporting import rows as _rows


@dataclass(frozen=True)
class Rate:
    measure: str
    denominator: int
    year: int
    is_derived: bool
    coverage_pct: float | None
    note: str | None


@dataclass(frozen=True)
class RegionRates:
    region_code: str
    region_name: str
    status: RegionStatus
    active_participants: int | None
    rates: dict[str, Rate]


@dataclass(frozen=True)
class Source:
    measure: str
    label: str
    publisher: str
    table_title: str
    url: str
    retrieved_on: date | None
    method: str
    years: str


@dataclass(frozen=True)
class TotalsWarning:
    measure: str
    label: str
    year: int
    series: str
    stated: int
    computed: int
    gx_batch_id: int | None = None  # the reference load whose GX warning recorded it, if loaded since seeding


@dataclass(frozen=True)
class PublishedFigure:
    region_code: str
    region_name: str
    year: int
    measure_label: str
    unit: str | None
    value: float
    file_name: str
    code_system: str | None
    export_period: str | None  # "2024-06": the month the export value is from
    export_value: int | None
    difference_pct: float | None
    disagrees: bool


@dataclass(frozen=True)
class ReferenceSection:
    measures: list[str]  # measures with at least one rate this month, headline first
    labels: dict[str, str]
    regions: list[RegionRates]
    sources: list[Source]
    totals_warnings: list[TotalsWarning]
    published: list[PublishedFigure]
    tolerance_pct: float = TOLERANCE * 100
    headline: str = HEADLINE_MEASURE
    notes: list[str] = field(default_factory=list)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def collect_reference(session: Session, entries: list[CoverageEntry]) -> ReferenceSection:
    """Build the section from ``warehouse.reporting.coverage_by_region`` entries and the views."""
    regions = [RegionRates(
        region_code=e["region_code"], region_name=e["region_name"], status=e["status"],
        active_participants=e["active_participants"],
        rates={m: Rate(m, d["denominator"], d["year"], d["is_derived"], d["coverage_pct"], d["note"])
               for m, d in e["denominators"].items()}) for e in entries]
    measures = [m for m in MEASURES if any(m in r.rates for r in regions)]

    used = {(m, rate.year) for r in regions for m, rate in r.rates.items()}
    codes = {r.region_code for r in regions}
    sources: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in _rows(session, """SELECT DISTINCT measure, year, publisher, table_title, source_url, retrieved_on,
                                        method, region_code FROM rpt_reference_series ORDER BY measure, year"""):
        if (row["measure"], int(row["year"])) not in used or row["region_code"] not in codes:
            continue
        key = (row["measure"], row["publisher"], row["source_url"])
        entry = sources.setdefault(key, {**row, "years": set(), "methods": set()})
        entry["years"].add(int(row["year"]))
        entry["methods"].add(row["method"])
    source_list = [Source(measure=m, label=MEASURES[m], publisher=v["publisher"], table_title=v["table_title"],
                          url=v["source_url"], retrieved_on=_date(v["retrieved_on"]),
                          method="; ".join(sorted(v["methods"])),
                          years=", ".join(str(y) for y in sorted(v["years"])))
                   for (m, _p, _u), v in sources.items()]

    warned = {str(r["source_name"]).removeprefix("reference:"): int(r["batch_id"]) for r in _rows(
        session, """SELECT batch_id, source_name FROM rpt_batch_quality
                    WHERE dataset = 'reference' AND status = 'published' AND dq_warnings > 0 ORDER BY batch_id""")}
    warnings = [TotalsWarning(measure=r["measure"], label=MEASURES.get(r["measure"], r["measure"]),
                              year=int(r["year"]), series=r["series"], stated=int(r["stated"]),
                              computed=int(r["computed"]), gx_batch_id=warned.get(r["series"]))
                for r in _rows(session, "SELECT * FROM rpt_reference_totals WHERE region_code = :g "
                                        "ORDER BY measure, year", g=PROVINCE_CODE)
                if int(r["stated"]) != int(r["computed"])]

    published: list[PublishedFigure] = []
    for r in _rows(session, "SELECT * FROM rpt_published_statistic ORDER BY measure, year DESC, region_code"):
        export = int(r["export_value"]) if r["export_value"] is not None else None
        difference = None
        if export:
            difference = round((float(r["value"]) - export) / export * 100, 2)
        published.append(PublishedFigure(
            region_code=r["region_code"],
            region_name=current().name if r["region_code"] == PROVINCE_CODE else r["region_name"],
            year=int(r["year"]),
            measure_label=r["measure_label"], unit=r["unit"], value=float(r["value"]), file_name=r["file_name"],
            code_system=r["code_system"],
            export_period=str(Period.from_key(int(r["export_period_key"]))) if r["export_period_key"] else None,
            export_value=export, difference_pct=difference,
            disagrees=difference is not None and abs(difference) > TOLERANCE * 100))
    return ReferenceSection(measures=measures, labels=dict(MEASURES), regions=regions, sources=source_list,
                            totals_warnings=warnings, published=published)
