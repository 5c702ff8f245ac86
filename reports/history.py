"""Every month at hand: ``index.html`` beside the monthly reports, and a page per regency/city with
its whole history.

The index lists every month from the first published one to the last (a month without a
published batch says so), each with its headline figures and a link to its report, and shows
the trend across all months for the province and per regency. A regency's page holds its
coverage against every denominator, its funding by source, its claims and its press mentions,
month by month, with the batches behind each month. Read from the ``rpt_*`` views only;
self-contained like the monthly report (inline CSS and SVG, no scripts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from reports import charts, glossary
from reports.html import environment, formatters, write_atomically
from transforms.dates import Period
from transforms.regions import PROVINCE, REGENCIES
from warehouse.reference import MEASURES
from warehouse.reporting import rows as _rows

REGION_FOLDER = "wilayah"
VISIBLE_MONTHS = 6  # months shown in the index's regency table; the rest one click away


@dataclass(frozen=True)
class Month:
    period: Period
    published: bool
    active_participants: int | None = None
    coverage_pct: float | None = None
    contributions_idr: int | None = None
    apbd_funded_participants: int | None = None
    claims_cases: int | None = None
    benefits_paid_idr: int | None = None
    report_href: str | None = None


@dataclass(frozen=True)
class RegionMonth:
    period: Period
    published: bool
    active_participants: int | None = None
    rates: dict[str, tuple[float | None, int, int, bool]] = field(default_factory=dict)  # measure → pct, denom, year
    funding: dict[str, tuple[int, int]] = field(default_factory=dict)  # source label → participants, contributions
    claims_cases: int | None = None
    benefits_paid_idr: int | None = None
    mentions: int = 0
    articles: int = 0
    batches: list[int] = field(default_factory=list)
    double_funded: int = 0  # people found funded twice with this regency among the places or sources


def slug(name: str) -> str:
    return "-".join(name.lower().replace("/", " ").split())


def region_page(code: str) -> str:
    """The regency page's path relative to the reports folder."""
    region = next(r for r in REGENCIES if r.code == code)
    return f"{REGION_FOLDER}/{slug(region.name)}.html"


def _months(session: Session) -> list[Period]:
    keys = sorted({int(r["period_key"]) for r in _rows(
        session, "SELECT DISTINCT period_key FROM rpt_batch_quality WHERE period_key IS NOT NULL "
                 "AND dataset IN ('coverage', 'claims', 'roster') AND status IN ('published', 'superseded')")})
    if not keys:
        return []
    months, current = [], Period.from_key(keys[0])
    last = Period.from_key(keys[-1])
    while current.key <= last.key:
        months.append(current)
        current = current.next()
    return months


def collect_months(session: Session, reports_dir: Path) -> list[Month]:
    province = {int(r["period_key"]): r for r in _rows(session, "SELECT * FROM rpt_coverage_province_month")}
    published = {int(r["period_key"]) for r in _rows(
        session, "SELECT DISTINCT period_key FROM rpt_batch_quality WHERE dataset = 'coverage' "
                 "AND status = 'published' AND period_key IS NOT NULL")}
    out = []
    for period in _months(session):
        row = province.get(period.key)
        report = reports_dir / str(period) / f"pantau-{period}.html"
        href = f"{period}/{report.name}" if report.exists() else None
        if row is None or period.key not in published:
            out.append(Month(period, False, report_href=href))
            continue
        out.append(Month(period, True, int(row["active_participants"]), _float(row["coverage_pct"]),
                         int(row["contributions_idr"]), int(row["apbd_funded_participants"]),
                         int(row["claims_cases"]), int(row["benefits_paid_idr"]), href))
    return out


def collect_region(session: Session, code: str, months: list[Period]) -> list[RegionMonth]:
    published = {int(r["period_key"]) for r in _rows(
        session, "SELECT DISTINCT period_key FROM rpt_figure_lineage WHERE region_code = :r AND dataset = 'coverage'",
        r=code)}
    coverage = {int(r["period_key"]): r for r in _rows(
        session, "SELECT * FROM rpt_coverage_region_month WHERE region_code = :r", r=code)}
    rates: dict[int, dict[str, tuple[float | None, int, int, bool]]] = {}
    for r in _rows(session, "SELECT * FROM rpt_coverage_rate WHERE region_code = :r", r=code):
        rates.setdefault(int(r["period_key"]), {})[r["measure"]] = (
            _float(r["coverage_pct"]), int(r["denominator"]), int(r["denominator_year"]), bool(r["is_derived"]))
    funding: dict[int, dict[str, tuple[int, int]]] = {}
    for r in _rows(session, """SELECT period_key, funding_source_code, SUM(active_participants) AS participants,
                                      SUM(contributions_idr) AS contributions FROM rpt_coverage_detail_month
                               WHERE region_code = :r GROUP BY period_key, funding_source_code""", r=code):
        funding.setdefault(int(r["period_key"]), {})[glossary.funding_source(r["funding_source_code"])] = (
            int(r["participants"]), int(r["contributions"]))
    claims = {int(r["period_key"]): r for r in _rows(
        session, """SELECT period_key, SUM(cases) AS cases, SUM(benefits_paid_idr) AS benefits
                    FROM rpt_benefit_claims_month WHERE region_code = :r GROUP BY period_key""", r=code)}
    news = {int(r["period_key"]): r for r in _rows(
        session, """SELECT period_key, SUM(mentions) AS mentions, SUM(articles) AS articles FROM rpt_news_attention
                    WHERE region_code = :r AND period_key IS NOT NULL GROUP BY period_key""", r=code)}
    batches: dict[int, list[int]] = {}
    for r in _rows(session, "SELECT DISTINCT period_key, batch_id FROM rpt_figure_lineage WHERE region_code = :r "
                            "ORDER BY batch_id", r=code):
        batches.setdefault(int(r["period_key"]), []).append(int(r["batch_id"]))
    import json

    double: dict[int, int] = {}
    for r in _rows(session, "SELECT period_key, regions FROM rpt_finding_summary WHERE kind = 'double_funding'"):
        regions = json.loads(r["regions"]) if isinstance(r["regions"], str) else r["regions"] or []
        if code in regions and r["period_key"] is not None:
            double[int(r["period_key"])] = double.get(int(r["period_key"]), 0) + 1
    out = []
    for period in months:
        key = period.key
        row = coverage.get(key)
        out.append(RegionMonth(
            period=period, published=key in published,
            active_participants=int(row["active_participants"]) if row and key in published else None,
            rates=rates.get(key, {}), funding=funding.get(key, {}),
            claims_cases=int(claims[key]["cases"]) if key in claims else None,
            benefits_paid_idr=int(claims[key]["benefits"]) if key in claims else None,
            mentions=int(news[key]["mentions"]) if key in news else 0,
            articles=int(news[key]["articles"]) if key in news else 0, batches=batches.get(key, []),
            double_funded=double.get(key, 0)))
    return out


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _short(period: str) -> str:
    value = Period.parse(period)
    return f"{glossary.MONTH_SHORT[value.month - 1]} {value.year}"


# How each month's deliveries stand, in the reader's words (keys: warehouse.reporting.MonthState).
DELIVERY_LABELS = {"published": "diterbitkan", "partly_published": "sebagian diterbitkan",
                   "rejected": "ditolak", "no_export": "belum ada ekspor", "never_run": "belum diperiksa"}
DATASET_LABELS = {"coverage": "kepesertaan", "claims": "klaim", "roster": "daftar peserta",
                  "published_statistics": "data terbuka"}


def delivery_states(session: Session) -> list[dict[str, Any]]:
    """Every month from the first expected one to last month, newest first, with its delivery state."""
    from core.settings import get_settings
    from transforms.dates import JAKARTA
    from warehouse.reporting import month_states

    now = datetime.now(JAKARTA)
    last = Period(now.year, now.month).previous()
    states = month_states(session, Period.parse(get_settings().first_period), last)
    for entry in states:
        entry["published_label"] = ", ".join(DATASET_LABELS.get(d, d) for d in entry["published"])
        entry["missing_label"] = ", ".join(DATASET_LABELS.get(d, d) for d in entry["missing"])
    return list(reversed(states))


def build_history(reports_dir: Path, *, session: Session | None = None,
                  small_cell_threshold: int = 5) -> dict[str, Any]:
    """Write ``index.html`` and one page per regency/city into ``reports_dir``."""
    from warehouse.db import session_scope

    if session is None:
        with session_scope() as own:
            return build_history(reports_dir, session=own, small_cell_threshold=small_cell_threshold)
    reports_dir.mkdir(parents=True, exist_ok=True)
    months = collect_months(session, reports_dir)
    periods = [m.period for m in months]
    regions = {r.code: collect_region(session, r.code, periods) for r in REGENCIES}
    env = environment()
    fmt = formatters(small_cell_threshold)
    generated = datetime.now(UTC)
    shown = [m for m in months if m.published]
    province_line = {glossary.PROVINCE_NAME: [(str(m.period), m.coverage_pct) for m in shown]}
    regency_lines = {r.name: [(str(m.period), m.rates.get("pekerja_potensial", (None,))[0])
                              for m in regions[r.code] if m.published] for r in REGENCIES}
    trend = charts.line_chart(province_line, title="Cakupan provinsi dari bulan ke bulan (%)", period_label=_short)
    participants = charts.line_chart({"Peserta aktif": [(str(m.period), float(m.active_participants or 0))
                                                        for m in shown]},
                                     title="Peserta aktif provinsi dari bulan ke bulan", unit="orang",
                                     period_label=_short)
    regencies = charts.line_chart(regency_lines, title="Cakupan per kabupaten/kota (%)", period_label=_short)
    index = write_atomically(reports_dir / "index.html", env.get_template("index.html.j2").render(
        deliveries=delivery_states(session), state_labels=DELIVERY_LABELS,
        months=months, regions=regions, regencies=REGENCIES, trend=trend, participants=participants,
        regency_chart=regencies, g=glossary, generated=generated, region_page=region_page,
        visible=periods[-VISIBLE_MONTHS:], older=periods[:-VISIBLE_MONTHS], **fmt))
    pages = []
    for region in REGENCIES:
        history = regions[region.code]
        measures = [m for m in MEASURES if any(m in h.rates for h in history)]
        sources = sorted({s for h in history for s in h.funding})
        chart = charts.line_chart(
            {MEASURES[m].split(" (")[0]: [(str(h.period), h.rates[m][0]) for h in history if m in h.rates]
             for m in measures}, title=f"Cakupan {region.name} menurut penyebut (%)", period_label=_short)
        html = env.get_template("region.html.j2").render(
            region=region, history=history, measures=measures, labels=MEASURES, sources=sources, chart=chart,
            g=glossary, generated=generated, months=months, province=PROVINCE, **fmt)
        pages.append(write_atomically(reports_dir / region_page(region.code), html))
    return {"index": index, "regions": pages}
