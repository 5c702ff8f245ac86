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

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from core.settings import get_settings
from reports import charts, glossary
from reports.disclosure import PRIMARY, suppress
from reports.html import environment, formatters, write_atomically
from reports.model import SECONDARY_MARK
from transforms.dates import JAKARTA, Period
from transforms.regions import PROVINCE, REGENCIES, UnknownRegion, resolve_region
from warehouse.db import session_scope
from warehouse.governments import government_code
from warehouse.reference import MEASURES
from warehouse.reporting import month_states
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
    elsewhere: bool = False  # the month's report is in its own folder, outside this one
    parts: MonthParts | None = None  # for a month without published coverage: what else was published


@dataclass(frozen=True)
class MonthParts:
    """What was published for a month whose coverage was not, and what is missing, in the reader's words."""

    published: str  # "klaim, daftar peserta"
    missing: str  # "kepesertaan"
    claims_cases: int | None = None  # the province's claims, when a claims batch was published
    benefits_paid_idr: int | None = None

    def sentence(self, period_label: str) -> str:
        return (f"Sebagian diterbitkan untuk {period_label}: {self.published} diterbitkan; "
                f"{self.missing} belum ada atau ditolak")


def month_parts(session: Session, period: Period) -> MonthParts | None:
    """What was published for ``period`` besides coverage, when its coverage was not (None otherwise)."""
    from warehouse.reporting import month_states

    state = month_states(session, period, period)[0]
    if not state["published"] or "coverage" in state["published"]:
        return None
    claims = _rows(session, "SELECT SUM(cases) AS cases, SUM(benefits_paid_idr) AS benefits "
                            "FROM rpt_benefit_claims_month WHERE period_key = :p", p=period.key)
    cases = claims[0]["cases"] if claims else None
    return MonthParts(published=", ".join(DATASET_LABELS.get(d, d) for d in state["published"]),
                      missing=", ".join(DATASET_LABELS.get(d, d) for d in state["missing"]),
                      claims_cases=None if cases is None else int(cases),
                      benefits_paid_idr=None if cases is None else int(claims[0]["benefits"] or 0))


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
    hidden: dict[str, str] = field(default_factory=dict)  # column → "<5" or "•" (reports.disclosure)


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


def collect_months(session: Session, reports_dir: Path, current: Period | None = None) -> list[Month]:
    """Every month at hand; in a period's own folder (``current``), up to that month, linking only its report."""
    province = {int(r["period_key"]): r for r in _rows(
        session, "SELECT * FROM rpt_coverage_province_month WHERE government_code = :g", g=government_code())}
    published = {int(r["period_key"]) for r in _rows(
        session, "SELECT DISTINCT period_key FROM rpt_batch_quality WHERE dataset = 'coverage' "
                 "AND status = 'published' AND period_key IS NOT NULL")}
    out = []
    for period in _months(session):
        if current is not None and period.key > current.key:
            break
        row = province.get(period.key)
        if current is None:
            report = reports_dir / str(period) / f"pantau-{period}.html"
            href = f"{period}/{report.name}" if report.exists() else None
        else:
            href = f"pantau-{period}.html" if period == current else None
        elsewhere = current is not None and period != current
        if row is None or period.key not in published:
            parts = month_parts(session, period)
            out.append(Month(period, False, claims_cases=parts.claims_cases if parts else None,
                             benefits_paid_idr=parts.benefits_paid_idr if parts else None,
                             report_href=href, elsewhere=elsewhere, parts=parts))
            continue
        out.append(Month(period, True, int(row["active_participants"]), _float(row["coverage_pct"]),
                         int(row["contributions_idr"]), int(row["apbd_funded_participants"]),
                         int(row["claims_cases"]), int(row["benefits_paid_idr"]), href, elsewhere))
    return out


def collect_region(session: Session, code: str, months: list[Period]) -> list[RegionMonth]:
    published = {int(r["period_key"]) for r in _rows(
        session, "SELECT DISTINCT period_key FROM rpt_figure_lineage WHERE region_code = :r AND dataset = 'coverage'",
        r=code)}
    coverage = {int(r["period_key"]): r for r in _rows(
        session, "SELECT * FROM rpt_coverage_region_month WHERE region_code = :r AND government_code = :g", r=code,
        g=government_code())}
    rates: dict[int, dict[str, tuple[float | None, int, int, bool]]] = {}
    for r in _rows(session, "SELECT * FROM rpt_coverage_rate WHERE region_code = :r AND government_code = :g", r=code,
                   g=government_code()):
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


@dataclass(frozen=True)
class Standing:
    """A regency's month beside the province's: its coverage, the province's, its rank among the regencies."""

    coverage_pct: float | None
    province_pct: float | None
    rank: int | None
    ranked: int
    derived: bool  # the rank rests on apportioned (derived) denominators


def _standing(regions: dict[str, list[RegionMonth]], latest: Month | None) -> dict[str, Standing]:
    if latest is None:
        return {}
    rates = {}
    for code, history in regions.items():
        month = next((h for h in history if h.period == latest.period and h.published), None)
        rate = month.rates.get("pekerja_potensial") if month else None
        rates[code] = rate
    ordered = sorted((r[0], code) for code, r in rates.items() if r and r[0] is not None)
    rank = {code: len(ordered) - i for i, (_pct, code) in enumerate(ordered)}
    return {code: Standing(rate[0] if rate else None, latest.coverage_pct, rank.get(code), len(ordered),
                           bool(rate and rate[3])) for code, rate in rates.items()}


@dataclass(frozen=True)
class PressLine:
    """A press figure about the regency, and what the reconciliation said of it (a target is one too)."""

    figure_text: str
    sentence: str
    verdict: str
    target: bool
    basis: str | None
    note: str | None
    url: str
    site: str


def _press(session: Session, current: Period | None) -> dict[str, list[PressLine]]:
    out: dict[str, list[PressLine]] = {}
    sql = """SELECT * FROM rpt_claim_reconciliation WHERE is_canonical AND region_code IS NOT NULL
             AND status NOT IN ('needs_review', 'not_a_claim')"""
    params: dict[str, Any] = {}
    if current is not None:
        sql += " AND (article_period_key IS NULL OR article_period_key <= :p)"
        params["p"] = current.key
    for r in _rows(session, sql + " ORDER BY published_at, figure_id", **params):
        out.setdefault(r["region_code"], []).append(PressLine(
            figure_text=r["figure_text"], sentence=r["sentence"], verdict=glossary.label(glossary.VERDICTS, r["status"])
            if r["modality"] != "target" else "target", target=r["modality"] == "target",
            basis=glossary.readable(r["basis"]) or None, note=glossary.readable(r["note"]) or None,
            url=r["article_url"], site=r["site_name"] or ""))
    return out


@dataclass(frozen=True)
class QuarantinedLine:
    """A row of an export set aside at loading, whose own cells name the regency."""

    period: str
    batch_id: int
    file_name: str
    row_number: int
    column: str | None
    reason: str


def _quarantined(session: Session, current: Period | None) -> dict[str, list[QuarantinedLine]]:
    """Quarantined rows of coverage and claims exports, by the regency one of their cells names.

    A row whose region is unknown names no regency and stays in the report's own audit section; roster
    rows are never shown (their cells are personal data and are not kept)."""

    sql = ("SELECT * FROM rpt_quarantine_row WHERE dataset IN ('coverage', 'claims') AND cells IS NOT NULL "
           "AND status = 'published'")  # as the report's audit findings: rows left out of published figures
    params: dict[str, Any] = {}
    if current is not None:
        sql += " AND period_key <= :p"
        params["p"] = current.key
    out: dict[str, list[QuarantinedLine]] = {}
    for r in _rows(session, sql + " ORDER BY period_key, batch_id, row_number", **params):
        try:
            cells = json.loads(r["cells"]) if isinstance(r["cells"], str) else dict(r["cells"])
        except (ValueError, TypeError):
            continue
        code = None
        for value in cells.values():
            try:
                region = resolve_region(str(value))
            except UnknownRegion:
                continue
            if region.kind != "province":
                code = region.code
                break
        if code is None:
            continue
        out.setdefault(code, []).append(QuarantinedLine(
            period=str(Period.from_key(int(r["period_key"]))) if r["period_key"] else "", batch_id=int(r["batch_id"]),
            file_name=r["file_name"], row_number=int(r["row_number"]), column=r["column_name"],
            reason=glossary.quarantine_reason(r["reason"])))
    return out


def _hide_small_cells(regions: dict[str, list[RegionMonth]], threshold: int) -> dict[str, list[RegionMonth]]:
    """Each month's claims across the regencies, under the report's disclosure control (reports.disclosure):
    the same cells hidden on every regency page as in that month's report."""

    links = (("claims_cases", "benefits_paid_idr"),)
    out: dict[str, list[RegionMonth]] = {code: list(history) for code, history in regions.items()}
    for index in range(len(next(iter(regions.values()), []))):
        cells = {code: {"claims_cases": history[index].claims_cases,
                        "benefits_paid_idr": history[index].benefits_paid_idr}
                 for code, history in regions.items() if history[index].published}
        for (code, column), state in suppress(cells, threshold, links=links).items():
            month = out[code][index]
            mark = f"<{threshold}" if state == PRIMARY else SECONDARY_MARK
            out[code][index] = replace(month, hidden={**month.hidden, column: mark})
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

    now = datetime.now(JAKARTA)
    last = Period(now.year, now.month).previous()
    states = month_states(session, Period.parse(get_settings().first_period), last)
    for entry in states:
        entry["published_label"] = ", ".join(DATASET_LABELS.get(d, d) for d in entry["published"])
        entry["missing_label"] = ", ".join(DATASET_LABELS.get(d, d) for d in entry["missing"])
    return list(reversed(states))


def build_history(reports_dir: Path, *, session: Session | None = None, small_cell_threshold: int = 5,
                  current: Period | None = None) -> dict[str, Any]:
    """Write ``index.html`` and one page per regency/city into ``reports_dir``; with ``current``, into that
    period's own folder, so that the folder keeps every link when copied elsewhere."""

    if session is None:
        with session_scope() as own:
            return build_history(reports_dir, session=own, small_cell_threshold=small_cell_threshold,
                                 current=current)
    reports_dir.mkdir(parents=True, exist_ok=True)
    months = collect_months(session, reports_dir, current)
    periods = [m.period for m in months]
    regions = _hide_small_cells({r.code: collect_region(session, r.code, periods) for r in REGENCIES},
                                small_cell_threshold)
    env = environment()
    fmt = formatters(small_cell_threshold)
    generated = datetime.now(UTC)
    shown = [m for m in months if m.published]
    province_line = {glossary.PROVINCE_NAME: [(str(m.period), m.coverage_pct) for m in shown]}
    regency_lines = {r.name: [(str(m.period), m.rates.get("pekerja_potensial", (None,))[0])
                              for m in regions[r.code] if m.published] for r in REGENCIES}
    trend = charts.line_chart(province_line, title=f"Cakupan {glossary.OWN_WORD} dari bulan ke bulan (%)",
                              period_label=_short)
    participants = charts.line_chart({"Peserta aktif": [(str(m.period), float(m.active_participants or 0))
                                                        for m in shown]},
                                     title=f"Peserta aktif {glossary.OWN_WORD} dari bulan ke bulan", unit="orang",
                                     period_label=_short)
    derived = any(m.rates.get("pekerja_potensial", (None, 0, 0, False))[3] for h in regions.values() for m in h)
    regencies = charts.line_chart(regency_lines, period_label=_short,
                                  title=glossary.derived_title("Cakupan per kabupaten/kota (%)", derived))
    label = f"Pantau · sampai {current.label_id()}" if current else "Pantau · semua bulan"
    index = write_atomically(reports_dir / "index.html", env.get_template("index.html.j2").render(
        print_label=label,
        deliveries=delivery_states(session), state_labels=DELIVERY_LABELS,
        months=months, regions=regions, regencies=REGENCIES, trend=trend, participants=participants,
        regency_chart=regencies, g=glossary, generated=generated, region_page=region_page,
        visible=periods[-VISIBLE_MONTHS:], older=periods[:-VISIBLE_MONTHS], **fmt))
    latest = next((m for m in reversed(months) if m.published), None)
    standing = _standing(regions, latest)
    press = _press(session, current)
    quarantined = _quarantined(session, current)
    pages = []
    for region in REGENCIES:
        history = regions[region.code]
        measures = [m for m in MEASURES if any(m in h.rates for h in history)]
        sources = sorted({s for h in history for s in h.funding})
        chart = charts.line_chart(
            {MEASURES[m].split(" (")[0]: [(str(h.period), h.rates[m][0]) for h in history if m in h.rates]
             for m in measures},
            title=glossary.derived_title(f"Cakupan {region.name} menurut penyebut (%)",
                                         any(h.rates[m][3] for h in history for m in measures if m in h.rates)),
            period_label=_short)
        html = env.get_template("region.html.j2").render(
            print_label=f"{region.name} · {label}",
            region=region, history=history, measures=measures, labels=MEASURES, sources=sources, chart=chart,
            g=glossary, generated=generated, months=months, province=PROVINCE, latest=latest,
            standing=standing.get(region.code), claims=press.get(region.code, []),
            quarantined=quarantined.get(region.code, []), **fmt)
        pages.append(write_atomically(reports_dir / region_page(region.code), html))
    return {"index": index, "regions": pages}
