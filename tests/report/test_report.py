"""The accountability report: content, escaping, Excel safety, reconciliation rules, and a real
render in headless Chromium (console errors, charts drawn, scraped <script> shown as text)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reports.excel import render_excel
from reports.html import render_html
from reports.model import (
    BatchInfo,
    ClaimCheck,
    FundingLine,
    NewsAttention,
    RegionCoverage,
    ReportData,
    TrendPoint,
)
from reports.reconcile import PressClaim, reconcile
from transforms.regions import REGENCIES

EVIL_TITLE = "Waspada <script>alert(1)</script> Tautan Palsu"
EVIL_SENTENCE = '=HYPERLINK("http://evil.invalid","klik") kata warga'


def report_data() -> ReportData:
    regions = [RegionCoverage(r.kemendagri_code, r.name, r.kind, 40_000 + i * 1_000, 100_000, 40.0 + i, 12_000, 672_000_000,
                              3 if i == 0 else 12, 126_000_000) for i, r in enumerate(REGENCIES)]
    province = RegionCoverage("15", "Jambi", "province", sum(r.active_participants for r in regions), 1_312_370, 41.23,
                              sum(r.apbd_funded_participants for r in regions), 1_234_567, 120, 5_040_000_000)
    trends = [TrendPoint(p, code, 1000, 40.0 + n, 1_000_000) for n, p in enumerate(("2024-04", "2024-05", "2024-06"))
              for code in ("15", "15.01", "15.07")]
    claims = [
        ClaimCheck("http://news.test/a", EVIL_TITLE, "kabarjambi", datetime(2024, 6, 10, tzinfo=UTC), EVIL_SENTENCE,
                   "118.875 pekerja rentan", "count", "participants", None, "2024", 118_875, 119_821, "consistent",
                   -0.79, None),
        ClaimCheck("javascript:alert(2)", "Judul biasa", "tebo-news", None, "Anggaran Rp 40 triliun.", "Rp 40 triliun",
                   "money", "budget", None, None, 4e13, None, "implausible", None, "flagged"),
    ]
    batches = [BatchInfo(1, "bpjstk-export", "coverage", "rekap-2024-06.csv", "ab" * 32, datetime(2024, 7, 1, tzinfo=UTC),
                         "2024-06", "published", 79, 77, 2, True, 0, "file:///tmp/docs/index.html", None)]
    return ReportData(period="2024-06", period_label="Juni 2024", generated_at=datetime(2024, 7, 2, tzinfo=UTC),
                      province=province, regions=regions, trends=trends,
                      funding=[FundingLine("JKK+JKM", "APBD_PROV", "APBD Provinsi", 118_875, 1_997_100_000),
                               FundingLine("JKK+JKM+JHT+JP", "MANDIRI", "Mandiri", 267_000, 75_000_000_000)],
                      news=[NewsAttention("BKBK", "15.05", "Muaro Jambi", 3, 2)], claims=claims, batches=batches,
                      data_docs_index="file:///tmp/docs/index.html")


def test_html_is_self_contained_readable_and_escaped(tmp_path: Path) -> None:
    html = render_html(report_data(), tmp_path / "r.html").read_text(encoding="utf-8")
    for region in REGENCIES:
        assert region.name in html
    assert "Rp 1.234.567" in html and "41,2%" in html
    assert html.count("<svg") == 3
    for remote in ("<script", "src=\"http", "href=\"http://fonts", "@import", "url(http", "<link"):
        assert remote not in html.replace("&lt;script", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html  # not a link, the title shows as plain text
    assert "&lt;5" in html  # a small cell (3 claims) is suppressed


def test_excel_has_the_same_tables_and_no_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = render_excel(report_data(), tmp_path / "r.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Ringkasan", "Kabupaten-Kota", "Tren", "Pendanaan", "Berita", "Rekonsiliasi",
                                   "Target", "Asal Data"]
    regions = workbook["Kabupaten-Kota"]
    assert [regions.cell(row=i, column=2).value for i in range(2, 13)] == [r.name for r in REGENCIES]
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    sentence = next(c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK"))
    assert sentence.value == EVIL_SENTENCE and sentence.quotePrefix


def test_rules_that_decide_before_the_warehouse_never_ask_it() -> None:
    assert reconcile(PressClaim("count", "participants", 5.0, plausible=False), _NoWarehouse()).status == "implausible"
    assert reconcile(PressClaim("money", "budget", 5.0, period="2024"), _NoWarehouse()).status == "no_comparable_data"
    assert reconcile(PressClaim("count", "participants", 5.0), _NoWarehouse()).note == "periode tidak disebut"


def test_the_task_stores_exactly_what_the_reconciliation_rules_decide(sample_month: Path) -> None:
    """The task layer adds no rule of its own: every verdict it stores is the one ``reconcile`` gives for
    that claim against the views, and the tolerance is the rules' own parameter (a wider one flips
    verdicts through the same path)."""
    from collections import Counter

    from pantau.tasks.report import reconcile_claims as task
    from reports.reconcile_views import WarehouseViews
    from reports.reviewed_claims import reconcile_claims, stored_claims
    from warehouse.db import session_scope
    from warehouse.reporting import rows

    counts = task()
    with session_scope() as session:
        stored = {int(r["figure_id"]): (r["status"], r["warehouse_value"], r["difference_pct"], r["note"])
                  for r in rows(session, "SELECT * FROM fact_claim_reconciliation")}
        views = WarehouseViews(session)
        expected = {}
        for figure_id, claim in stored_claims(session):
            verdict = reconcile(claim, views)
            expected[figure_id] = (verdict.status, verdict.warehouse_value, verdict.difference_pct, verdict.note)
    assert stored == expected and len(stored) > 5
    assert counts == dict(Counter(status for status, *_ in stored.values()))
    assert counts.get("differs")
    with session_scope() as session:
        wider = reconcile_claims(session, tolerance=10.0)
    assert wider.get("differs", 0) < counts["differs"] and wider["consistent"] > counts.get("consistent", 0)


class _NoWarehouse:
    """The rules that decide before the warehouse is asked never ask it."""

    def months(self, metric: str, region_code: str) -> list[int]:
        raise AssertionError("the warehouse was asked")

    def total(self, *args: object) -> float | None:
        raise AssertionError("the warehouse was asked")


def _browser_or_skip() -> str:
    from tests.browser import chromium

    binary = chromium()
    if binary is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true requires Chromium for the report's browser test (scripts/ensure-chromium.sh)")
        pytest.skip("!!! Chromium is not installed: run scripts/ensure-chromium.sh")
    return binary


@pytest.mark.slow
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    """Scraped <script> shows as text, nothing runs, the charts draw."""
    from tests.browser import Browser

    page = render_html(report_data(), tmp_path / "report.html")
    with Browser(_browser_or_skip()) as browser:
        browser.open(page, 1280)
        assert browser.errors() == []
        assert not any(e.get("method") == "Page.javascriptDialogOpening" for e in browser.events)
        charts = browser.evaluate(
            "Array.from(document.querySelectorAll('svg.chart')).map(s => {const b = s.getBoundingClientRect();"
            " return [b.width, b.height, s.querySelectorAll('rect,polyline').length];})")
        assert len(charts) == 3 and all(w > 200 and h > 50 and shapes > 0 for w, h, shapes in charts)
        text = browser.evaluate("document.body.innerText")
        assert "<script>alert(1)</script>" in text
        for region in REGENCIES:
            assert region.name in text
        shot = browser.screenshot(tmp_path / "report.png", height=1000)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 30_000  # a page with content, not a blank


def _pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """Page sizes (points) of a PDF Chromium printed."""
    import re

    return [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)]


@pytest.mark.slow
def test_the_june_report_fits_at_1280_and_1920_px_and_on_a4(sample_month: Path, tmp_path: Path) -> None:
    """The sample June report (real texts: long press sentences, file names, SHA-256) measured in Chromium:
    no sideways scrolling, no box whose content is wider than the box, card contents inside their cards,
    at 1280 and 1920 px and in the A4 print layout; nothing fetched from the network, the index and a
    regency page too, and the offline Data Docs styled from their own folder."""
    from pantau.tasks.quality import rebuild_data_docs
    from pantau.tasks.report import build, build_index
    from tests.browser import Browser, print_overflow

    rebuild_data_docs()
    report = Path(build("2024-06")["html"])
    pages = build_index()
    with Browser(_browser_or_skip()) as browser:
        for page in (report, Path(pages["index"]), Path(pages["regions"][0])):
            for width in (1280, 1920):
                browser.open(page, width)
                assert browser.errors() == [], page.name
                assert [u for u in browser.requests() if not u.startswith(("file:", "data:", "about:"))] == []
                measured = browser.measure()
                assert measured["page"]["scrollWidth"] <= width, (page.name, width)
                assert measured["over"] == [], (page.name, width, measured["over"][:5])
                browser.screenshot(tmp_path / f"{page.stem}-{width}.png", height=1200)
                # What is one click away fits too.
                browser.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                opened = browser.measure()
                assert opened["page"]["scrollWidth"] <= width and opened["over"] == [], (page.name, width)
            printed = print_overflow(browser)
            assert printed["page"]["scrollWidth"] <= printed["page"]["viewport"], page.name
            assert printed["over"] == [], (page.name, printed["over"][:5])
        browser.open(report, 1280)
        sizes = _pdf_pages(browser.pdf(tmp_path / "report.pdf"))
        assert len(sizes) >= 5 and all(abs(w - 595.9) < 2 and abs(h - 842.9) < 2 for w, h in sizes)  # A4 portrait

        # Data Docs beside the report: linked relatively, styled offline.
        link = browser.evaluate("document.querySelector('a[href^=\"data-docs/validations/\"]').href")
        browser.open(link, 1280)
        assert [u for u in browser.requests() if not u.startswith(("file:", "data:", "about:"))] == []
        assert browser.evaluate("getComputedStyle(document.querySelector('table')).borderCollapse") == "collapse"


class _ThreeMonths:
    """A warehouse holding April to June 2024 of contributions: Rp 2 miliar a month."""

    def months(self, metric: str, region_code: str) -> list[int]:
        return [202404, 202405, 202406]

    def total(self, metric: str, region_code: str, months: list[int], *args: object) -> float | None:
        return 2e9 * len(months)


def test_a_yearly_budget_is_compared_with_the_same_span_never_a_quarter_against_a_year() -> None:
    """Rp 24 miliar for 2024 against three months of contributions (Rp 6 miliar): 100% of the three months'
    share (3/12 of the budget), not 25% of the year; the verdict says which span it compared."""
    verdict = reconcile(PressClaim("money", "budget", 24e9, period="2024", modality="target", funding_source="APBD_PROV"),
                        _ThreeMonths())
    assert verdict.warehouse_value == 6e9 and verdict.progress_pct == 100.0
    assert verdict.note and "3/12" in verdict.note and "Rp 6.000.000.000" in verdict.note
    # A stock (participants) is a level: the latest month against the target, as before.
    level = reconcile(PressClaim("count", "participants", 24e9, period="2024", modality="target"), _ThreeMonths())
    assert level.warehouse_period == "2024-06"
