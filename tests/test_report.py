"""The accountability report: content, escaping, Excel safety, reconciliation rules, and a real
render in headless Chromium (console errors, charts drawn, scraped <script> shown as text)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
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
                                   "Target", "Kualitas Data"]
    regions = workbook["Kabupaten-Kota"]
    assert [regions.cell(row=i, column=2).value for i in range(2, 13)] == [r.name for r in REGENCIES]
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    sentence = next(c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK"))
    assert sentence.value == EVIL_SENTENCE and sentence.quotePrefix


def test_reconciliation_rules_live_in_one_module() -> None:
    import inspect

    import pantau.tasks.report as tasks

    # The task layer holds no rule: no tolerance, no metric columns, no SQL of its own.
    source = inspect.getsource(tasks)
    for rule in ("TOLERANCE", "METRIC_COLUMNS", "APBD_CONTEXT", "SELECT", "text("):
        assert rule not in source
    assert reconcile(PressClaim("count", "participants", 5.0, plausible=False), _NoWarehouse()).status == "implausible"
    assert reconcile(PressClaim("money", "budget", 5.0, period="2024"), _NoWarehouse()).status == "no_comparable_data"
    assert reconcile(PressClaim("count", "participants", 5.0), _NoWarehouse()).note == "periode tidak disebut"


class _NoWarehouse:
    """The rules that decide before the warehouse is asked never ask it."""

    def months(self, metric: str, region_code: str) -> list[int]:
        raise AssertionError("the warehouse was asked")

    def total(self, *args: object) -> float | None:
        raise AssertionError("the warehouse was asked")


def _chromium() -> str | None:
    return shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None


@pytest.mark.slow
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    from websockets.sync.client import connect

    binary = _chromium()
    if binary is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true requires Chromium for the report's browser test (scripts/ensure-chromium.sh)")
        pytest.skip("!!! Chromium is not installed: run scripts/ensure-chromium.sh")
    page = render_html(report_data(), tmp_path / "report.html")
    profile = Path(tempfile.mkdtemp(prefix="pantau-chrome-"))
    process = subprocess.Popen(
        [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", "--window-size=1100,1600", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            assert time.monotonic() < deadline, "Chromium did not start"
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        socket_url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        with connect(socket_url, max_size=50_000_000) as ws:
            counter = iter(range(1, 10_000))
            events: list[dict] = []  # type: ignore[type-arg]

            def call(method: str, **params: object) -> dict:  # type: ignore[type-arg]
                ident = next(counter)
                ws.send(json.dumps({"id": ident, "method": method, "params": params}))
                while True:
                    message = json.loads(ws.recv(timeout=30))
                    if message.get("id") == ident:
                        assert "error" not in message, message
                        return message.get("result", {})
                    events.append(message)

            for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
                call(domain)
            call("Page.navigate", url=page.as_uri())
            while not any(e.get("method") == "Page.loadEventFired" for e in events):
                events.append(json.loads(ws.recv(timeout=30)))
            errors = [e for e in events if e.get("method") == "Runtime.exceptionThrown"
                      or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")
                      or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
            assert errors == []
            assert not any(e.get("method") == "Page.javascriptDialogOpening" for e in events)
            charts = call("Runtime.evaluate", returnByValue=True, expression=(
                "Array.from(document.querySelectorAll('svg.chart')).map(s => {const b = s.getBoundingClientRect();"
                " return [b.width, b.height, s.querySelectorAll('rect,polyline').length];})"))["result"]["value"]
            assert len(charts) == 3 and all(w > 200 and h > 50 and shapes > 0 for w, h, shapes in charts)
            text = call("Runtime.evaluate", expression="document.body.innerText", returnByValue=True)["result"]["value"]
            assert "<script>alert(1)</script>" in text
            for region in REGENCIES:
                assert region.name in text
            shot = base64.b64decode(call("Page.captureScreenshot", format="png")["data"])
        (tmp_path / "report.png").write_bytes(shot)
        assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 30_000  # a page with content, not a blank
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)
