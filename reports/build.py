"""Fill the report model from the warehouse's reporting views, then render HTML and Excel.

Only ``rpt_*`` views and dimensions are read here: what a report shows is what report readers
may see, and every figure can be traced through ``rpt_coverage_lineage`` to its batches.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from core.settings import get_settings
from expectations.runner import data_docs_index
from reports import data_docs, glossary
from reports.disclosure import LINKED, suppress
from reports.findings import collect_audit
from reports.history import MonthParts, build_history, month_parts, region_page
from reports.html import AUDIT_FOLDER, render_audit_pages, render_html
from reports.model import (
    AnnouncedTarget,
    BatchInfo,
    CheckResult,
    ClaimCheck,
    FundingLine,
    NewsAttention,
    RegionCoverage,
    ReportData,
    TrendPoint,
)
from reports.money import collect_money
from reports.reference import collect_reference
from reports.reviewed_claims import collect_review
from transforms.dates import Period
from transforms.regions import PROVINCE, REGENCIES
from warehouse.batches import BatchStatus
from warehouse.db import session_scope, stored_utc
from warehouse.governments import government_code
from warehouse.reporting import CoverageEntry, coverage_by_region
from warehouse.reporting import rows as _rows


def collect(session: Session, period: Period, *, data_docs_index: str | None = None,
            small_cell_threshold: int = 5) -> ReportData:
    """The report of ``period``, filled from the reporting views."""
    entries = coverage_by_region(session, period)
    regions, province = _coverage(session, period, entries)
    claims = _claims(session, period)
    batches = _batches(session, period, claims)
    published = province.status != "no_data_published"
    parts = None if published else month_parts(session, period)
    if parts is not None:
        # Claims, rosters or open data were published though coverage was not: shown, the rest named.
        province = replace(province, claims_cases=parts.claims_cases, benefits_paid_idr=parts.benefits_paid_idr)
    suppressed = suppress({r.region_code: {c: getattr(r, c) for link in LINKED for c in link if c}
                           for r in regions if r.status == "reported"}, small_cell_threshold)
    return ReportData(period=str(period), period_label=period.label_id(), generated_at=datetime.now(UTC),
                      province=province, regions=regions, trends=_trends(session, period),
                      funding=_funding(session, period), news=_news(session, period),
                      claims=claims, batches=batches, data_docs_index=data_docs_index,
                      small_cell_threshold=small_cell_threshold,
                      notes=_notes(period, published, regions, batches, parts),
                      targets=_targets(session, period),
                      published=published, empty_note=parts.sentence(period.label_id()) if parts else "",
                      reference=collect_reference(session, entries),
                      lineage=_lineage(session, period), audit=collect_audit(session, period),
                      review=collect_review(session, period),
                      money=collect_money(session, period) if published else None, suppressed=suppressed)


def _coverage(session: Session, period: Period, entries: list[CoverageEntry]
              ) -> tuple[list[RegionCoverage], RegionCoverage]:
    """Each regency's coverage of the month, and the province's."""
    kinds = {r.kemendagri_code: r.kind for r in REGENCIES}
    region_rows = {r["region_code"]: r for r in _rows(
        session, "SELECT * FROM rpt_coverage_region_month WHERE period_key = :p AND government_code = :g",
        p=period.key, g=government_code())}

    def coverage(entry: CoverageEntry) -> RegionCoverage:
        row = region_rows.get(entry["region_code"], {})
        return RegionCoverage(
            region_code=entry["region_code"], region_name=entry["region_name"],
            kind=kinds.get(entry["region_code"], "province"), active_participants=entry["active_participants"],
            workforce=entry["workforce"], coverage_pct=entry["coverage_pct"],
            apbd_funded_participants=entry["apbd_funded_participants"],
            contributions_idr=entry["contributions_idr"], claims_cases=entry["claims_cases"],
            benefits_paid_idr=entry["benefits_paid_idr"],
            new_participants=int(row["new_participants"]) if row.get("new_participants") is not None else None,
            status=entry["status"], workforce_year=entry["workforce_year"],
            workforce_is_derived=entry["workforce_is_derived"])

    regions = [coverage(e) for e in entries if e["region_code"] != PROVINCE.code]
    return regions, coverage(next(e for e in entries if e["region_code"] == PROVINCE.code))


def _trends(session: Session, period: Period) -> list[TrendPoint]:
    """Every month up to ``period``, per regency and for the province."""
    trends: list[TrendPoint] = []
    for row in _rows(session, """SELECT period_key, region_code, active_participants, coverage_pct,
                                        contributions_idr FROM rpt_coverage_region_month
                                 WHERE period_key <= :p AND government_code = :g
                                 ORDER BY period_key, region_code""", p=period.key, g=government_code()):
        trends.append(TrendPoint(period=str(Period.from_key(int(row["period_key"]))), region_code=row["region_code"],
                                 active_participants=int(row["active_participants"]),
                                 coverage_pct=_float(row["coverage_pct"]),
                                 contributions_idr=int(row["contributions_idr"])))
    for row in _rows(session, """SELECT period_key, active_participants, coverage_pct, contributions_idr
                                 FROM rpt_coverage_province_month WHERE period_key <= :p AND government_code = :g
                                 ORDER BY period_key""", p=period.key, g=government_code()):
        trends.append(TrendPoint(period=str(Period.from_key(int(row["period_key"]))), region_code=PROVINCE.code,
                                 active_participants=int(row["active_participants"]),
                                 coverage_pct=_float(row["coverage_pct"]),
                                 contributions_idr=int(row["contributions_idr"])))
    return trends


def _funding(session: Session, period: Period) -> list[FundingLine]:
    return [FundingLine(programme_set=r["programme_set"], funding_source=r["funding_source_code"],
                         funding_source_name=glossary.funding_source(r["funding_source_code"]),
                         participants=int(r["participants"]),
                         contributions_idr=int(r["contributions_idr"]))
             for r in _rows(session, """SELECT * FROM rpt_funding_month WHERE period_key = :p
                                        ORDER BY contributions_idr DESC""", p=period.key)]


def _news(session: Session, period: Period) -> list[NewsAttention]:
    return [NewsAttention(programme=r["programme"], region_code=r["region_code"],
                          region_name=glossary.region_name(r["region_code"]),
                          mentions=int(r["mentions"]), articles=int(r["articles"]))
            for r in _rows(session, """SELECT programme, region_code, SUM(mentions) AS mentions,
                                              SUM(articles) AS articles FROM rpt_news_attention
                                       WHERE period_key IS NULL OR period_key <= :p
                                       GROUP BY programme, region_code
                                       ORDER BY SUM(mentions) DESC, programme""", p=period.key)]


def _claims(session: Session, period: Period) -> list[ClaimCheck]:
    """The press claims reconciled up to ``period`` (targets apart), differences first."""
    return [ClaimCheck(article_url=r["article_url"], article_title=r["article_title"], site=r["site_name"] or "",
                        published_at=stored_utc(r["published_at"]), sentence=r["sentence"],
                        figure_text=r["figure_text"], kind=r["kind"], metric=r["metric"],
                        region_code=r["region_code"], period=r["period"], batch_id=_int(r.get("batch_id")),
                        claimed_value=float(r["claimed_value"]), warehouse_value=_float(r["warehouse_value"]),
                        status=r["status"], difference_pct=_float(r["difference_pct"]), note=r["note"],
                        modality=r["modality"], scope=r["scope"], dimensions=_dimensions(r), basis=r["basis"],
                        cues=_cues(r["cues"]), reviewer=r["reviewer"])
             for r in _rows(session, """SELECT * FROM rpt_claim_reconciliation
                                        WHERE (article_period_key IS NULL OR article_period_key <= :p)
                                          AND (modality IS NULL OR modality <> 'target') AND is_canonical
                                          AND status NOT IN ('needs_review', 'not_a_claim')
                                        ORDER BY CASE status WHEN 'differs' THEN 0 WHEN 'implausible' THEN 1
                                                 WHEN 'consistent' THEN 2 ELSE 3 END, published_at, figure_id""",
                                        p=period.key)]


def _targets(session: Session, period: Period) -> list[AnnouncedTarget]:
    return [AnnouncedTarget(actor=r["actor"], figure_text=r["figure_text"], metric=r["metric"],
                            dimensions=_dimensions(r), region_code=r["region_code"], period=r["period"],
                            target_value=float(r["claimed_value"]), kind=r["kind"],
                            realised_value=_float(r["warehouse_value"]), realised_period=r["warehouse_period"],
                            basis=r["basis"], progress_pct=_float(r["progress_pct"]), note=r["note"],
                            sentence=r["sentence"], article_url=r["article_url"],
                            article_title=r["article_title"], site=r["site_name"] or "",
                            published_at=stored_utc(r["published_at"]), reviewer=r["reviewer"])
            for r in _rows(session, """SELECT * FROM rpt_announced_target
                                       WHERE (article_period_key IS NULL OR article_period_key <= :p)
                                         AND is_canonical
                                       ORDER BY published_at, figure_id""", p=period.key)]


def _lineage(session: Session, period: Period) -> dict[str, list[int]]:
    """The batches behind each region's figures of the month (rpt_figure_lineage); the province: all of them."""
    lineage: dict[str, list[int]] = {}
    for r in _rows(session, "SELECT DISTINCT region_code, batch_id FROM rpt_figure_lineage WHERE period_key = :p "
                            "ORDER BY batch_id", p=period.key):
        lineage.setdefault(r["region_code"], []).append(int(r["batch_id"]))
    lineage[PROVINCE.code] = sorted({b for ids in lineage.values() for b in ids})
    return lineage


def _batches(session: Session, period: Period, claims: list[ClaimCheck]) -> list[BatchInfo]:
    """Every batch behind the report: the month's coverage, claims and rosters (and each figure's own,
    rpt_figure_lineage), the months of the trend, open data, reference series and news claims."""
    batch_ids = {int(r["batch_id"]) for r in _rows(
        session, "SELECT DISTINCT batch_id FROM rpt_figure_lineage WHERE period_key <= :p", p=period.key)}
    batch_ids |= {int(r["batch_id"]) for r in _rows(
        session, "SELECT batch_id FROM rpt_batch_quality WHERE period_key = :p", p=period.key)}
    batch_ids |= {int(r["batch_id"]) for r in _rows(session, "SELECT DISTINCT batch_id FROM rpt_published_statistic")}
    # News crawls: their articles are the mentions and claims the report counts.
    batch_ids |= {int(r["batch_id"]) for r in _rows(
        session, "SELECT batch_id FROM rpt_batch_quality WHERE dataset IN ('reference', 'news') "
                 "AND status = 'published'")}
    batch_ids |= {c.batch_id for c in claims if c.batch_id is not None}
    checks: dict[int, list[CheckResult]] = {}
    for r in _rows(session, "SELECT * FROM rpt_dq_result ORDER BY batch_id, result_id"):
        checks.setdefault(int(r["batch_id"]), []).append(CheckResult(
            suite=r["suite_name"], expectation=r["expectation_type"], column=r["column_name"], level=r["level"],
            success=bool(r["success"]), checked=_int(r["element_count"]), unexpected=_int(r["unexpected_count"]),
            data_docs_url=r["data_docs_url"]))
    return [BatchInfo(batch_id=int(r["batch_id"]), source_name=r["source_name"], dataset=r["dataset"],
                       file_name=r["file_name"], sha256=r["sha256"], received_at=stored_utc(r["received_at"])
                       or datetime.now(UTC),
                       period=str(Period.from_key(int(r["period_key"]))) if r["period_key"] else None,
                       status=BatchStatus(r["status"]), rows_read=int(r["rows_read"]),
                       rows_loaded=int(r["rows_loaded"]),
                       rows_quarantined=int(r["rows_quarantined"]),
                       dq_success=None if r["dq_success"] is None else bool(r["dq_success"]),
                       dq_failed_expectations=int(r["dq_failed_expectations"]),
                       data_docs_url=r["data_docs_url"], reason=r["reason"], dq_warnings=int(r["dq_warnings"]),
                       checks=checks.get(int(r["batch_id"]), []))
             for r in _rows(session, "SELECT * FROM rpt_batch_quality ORDER BY batch_id")
             if int(r["batch_id"]) in batch_ids]


def _notes(period: Period, published: bool, regions: list[RegionCoverage], batches: list[BatchInfo],
           parts: MonthParts | None = None) -> list[str]:
    """What the reader must know before the tables: an unpublished or partly published month, regions
    missing from it."""
    notes = []
    if parts is not None:
        notes.append(f"{parts.sentence(period.label_id())}. Angka kepesertaan dan cakupan tidak ditampilkan; "
                     "yang diterbitkan ditampilkan dari batch-nya.")
        notes += [f"Batch {b.batch_id} ({b.file_name}) ditolak: {glossary.quarantine_reason(b.reason)}."
                  for b in batches if b.status == "rejected" and b.period == str(period) and b.reason]
    elif not published:
        notes.append(f"Tidak ada data kepesertaan yang dipublikasikan untuk {period.label_id()}: tidak ada batch "
                     "ekspor yang diterbitkan untuk bulan ini, jadi tidak ada angka kepesertaan yang ditampilkan.")
        # A run that found nothing to load for the month left a ``missing`` batch saying so.
        notes += [f"Batch {b.batch_id}: {glossary.quarantine_reason(b.reason)}." for b in batches
                  if b.status == "missing" and b.period == str(period) and b.reason]
    missing = [r.region_name for r in regions if r.status == "missing"]
    if missing:
        notes.append(f"Tidak ada dalam data {period.label_id()} yang dipublikasikan: {', '.join(missing)}.")
    return notes


def _dimensions(row: dict[str, Any]) -> str | None:
    """What the sentence states beyond region and period: segment, funding source, programmes, occupation."""
    return glossary.dimensions({k: row.get(k) for k in ("segment", "funding_source", "programmes", "occupation",
                                                          "branch")})


def _cues(value: Any) -> str | None:
    """The words that decided how the sentence was read ("ukuran: kata “iuran”; ...")."""

    if value is None:
        return None
    return glossary.cues(json.loads(value) if isinstance(value, str) else value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def report_paths(period: Period, out_dir: Path) -> dict[str, Path]:
    """Where the report of ``period`` is written in ``out_dir``."""
    return {"html": out_dir / f"pantau-{period}.html", "xlsx": out_dir / f"pantau-{period}.xlsx",
            "csv": out_dir / f"pantau-{period}-kabupaten.csv"}


def build_report(period: Period, out_dir: Path, *, session: Session | None = None,
                 index_dir: Path | None = None) -> dict[str, Path]:
    """Write the period's folder: ``pantau-<period>.html``, its workbook and CSV, the index and regency pages
    up to the period (``index.html``, ``wilayah/``), the audit record of each batch (``jejak-audit/``) and an
    offline copy of the Data Docs (``data-docs/``), all linked relatively, so that the folder keeps every
    link when copied or mailed elsewhere. (``index_dir``, the index of every month, is written by
    ``reports.history.build_history`` on its own; the folder does not link out to it.)"""

    if session is None:
        with session_scope() as own:
            return _build_folder(period, out_dir, own)
    return _build_folder(period, out_dir, session)


def _build_folder(period: Period, out_dir: Path, session: Session) -> dict[str, Path]:
    # Heavy: reports.csv_export loads XlsxWriter; loaded only when this runs.
    from reports.csv_export import render_csv

    # Heavy: reports.excel loads XlsxWriter; loaded only when this runs.
    from reports.excel import render_excel

    settings = get_settings()
    out_dir.mkdir(parents=True, exist_ok=True)
    site = data_docs_index(settings.gx_dir).parent
    index = data_docs.publish(site, out_dir)
    docs = data_docs.relative_index(index, out_dir)
    data = collect(session, period, data_docs_index=docs, small_cell_threshold=settings.small_cell_threshold)
    data = replace(data, batches=[replace(
        b, data_docs_url=data_docs.relative_link(b.data_docs_url, site, out_dir),
        checks=[replace(c, data_docs_url=data_docs.relative_link(c.data_docs_url, site, out_dir)) for c in b.checks])
        for b in data.batches], index_href="index.html")
    region_pages = {r.region_code: region_page(r.region_code) for r in data.regions}
    paths = report_paths(period, out_dir)
    html = render_html(data, paths["html"], region_pages=region_pages,
                       downloads={"xlsx": paths["xlsx"].name, "csv": paths["csv"].name})
    render_audit_pages(data, out_dir / AUDIT_FOLDER, report_name=paths["html"].name)
    xlsx = render_excel(data, paths["xlsx"])
    table = render_csv(data, paths["csv"])
    build_history(out_dir, session=session, small_cell_threshold=settings.small_cell_threshold, current=period)
    return {"html": html, "xlsx": xlsx, "csv": table, "index": out_dir / "index.html"}
