"""Indonesian throughout: the June report of the sample data (HTML, every Excel cell, the history
pages, the CLI's report table) holds no internal code and no English word.

The whole pipeline runs first as the demo runs it (every sample month, the reference series, the
open-data tables, a crawl of the bundled news site), so the texts checked are the real ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

# Codes as the warehouse spells them (a reader must meet their labels, never these).
CODES = re.compile(r"\b(?:[A-Z]+_[A-Z_]+|[a-z]+_[a-z_]+)\b|\b\d{4}-\d{2}(?:\.\.|→)\d{4}-\d{2}\b|\b20\d\d-[01]\d\b"
                   r"|\bUTC\b")
# English words (and English phrases a report once carried) that have no place in an Indonesian report.
_WORDS = """
the and of to is are was were be by for with from through press announced released derived published differs
participants realised realized reported warehouse province provincial figure apportioned population share
largest remainder stated covered rounded unknown region name number invalid digits birth real row rows column
missing consistent implausible comparable source funding file rejected failed superseded received duplicate
coverage roster claims claim reference statistics double not none null true false yes between value values expect
expectation note notes method series measure year month report generated people workers employed labour labor
force contributions benefits paid cases budget rate other single aggregate change entitlement modality metric
segment programme dataset news crawl manual sample open see load quarantine quarantined passed warning level
"""
ENGLISH = frozenset(_WORDS.split())
PHRASES = ("kata penentu", "modalitas", "data gudang", "provinsi/tidak disebut", "pantau reference load", "gudang")
# Names that stay as they are: products, programmes, the loanword "batch" (explained in the report).
ALLOWED = ("Great Expectations", "Data Docs", "SHA-256", "Satu Data", "Paritrana Award", "Sakernas Agustus",
           "Dumisake", "batch", "Batch")
URL = re.compile(r"(?:https?|file)://\S+|\bdata-docs/\S+|\b[\w.-]+\.(?:csv|xlsx|yaml|html|pdf)\b|\b[0-9a-f]{64}\b")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(path: Path) -> list[str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return [p for p in parser.parts if p.strip()]


def excel_text(path: Path) -> list[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    texts = list(workbook.sheetnames)
    for sheet in workbook.worksheets:
        texts += [str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    return texts


def problems(texts: Iterable[str], quoted: set[str]) -> list[str]:
    """Each code or English word found, with the text it is in (press quotes are the press's words)."""
    found = []
    for text in texts:
        for words in quoted:
            text = text.replace(words, " ")
        clean = URL.sub(" ", text)
        for allowed in ALLOWED:
            clean = clean.replace(allowed, " ")
        found += [f"code {m[0]!r} in {text[:90]!r}" for m in CODES.finditer(clean)]
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", clean)}
        found += [f"English {w!r} in {text[:90]!r}" for w in sorted(words & ENGLISH)]
        found += [f"phrase {p!r} in {text[:90]!r}" for p in PHRASES if p in clean.lower()]
    return found


def _quoted(path: Path) -> set[str]:
    """Press text the report quotes (sentences, article titles, the sites' names): the press's own words."""
    import sqlalchemy as sa

    from warehouse.db import get_engine

    with get_engine().connect() as conn:
        rows = conn.execute(sa.text("SELECT sentence, article_title, figure_text, actor, site_name FROM rpt_claim_reconciliation"))
        return {str(v).strip() for row in rows for v in row if v}


def test_the_june_report_speaks_indonesian_only(sample_month: Path) -> None:
    from typer.testing import CliRunner

    from pantau.cli import app
    from pantau.tasks.quality import rebuild_data_docs
    from pantau.tasks.report import build, build_index

    rebuild_data_docs()
    paths = build("2024-06")
    for month in ("2024-04", "2024-05"):
        build(month)
    index = build_index()
    quoted = _quoted(sample_month)

    html = Path(paths["html"])
    texts = html_text(html)
    assert any("Temuan Audit" in t for t in texts)  # the checker reads the rendered text
    assert problems(texts, quoted) == []
    assert problems(excel_text(Path(paths["xlsx"])), quoted) == []
    for page in [Path(index["index"]), *map(Path, index["regions"])]:
        assert problems(html_text(page), quoted) == [], page.name

    table = CliRunner().invoke(app, ["coverage", "report", "--period", "2024-06", "--format", "table"],
                               env={"COLUMNS": "250"})
    assert table.exit_code == 0, table.output
    assert problems(table.output.splitlines(), quoted) == []

    # Times are WIB, written the Indonesian way.
    assert re.search(r"Dibuat \d{1,2} (?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
                     r"November|Desember) 20\d\d \d{2}\.\d{2} WIB", " ".join(texts))


def test_the_checker_finds_codes_and_english() -> None:
    said = problems(["Sumber dana APBD_KAB", "status published", "2024-04..2024-06", "announced to the press",
                     "Provinsi/tidak disebut", "kata penentu: iuran", "Cakupan 41,0% (Juni 2024)"], set())
    assert len([p for p in said if "APBD_KAB" in p]) == 1
    assert any("'published'" in p for p in said) and any("'announced'" in p for p in said)
    assert any("2024-04..2024-06" in p for p in said)
    assert any("provinsi/tidak disebut" in p for p in said) and any("kata penentu" in p for p in said)
    assert not [p for p in said if "41,0%" in p]
