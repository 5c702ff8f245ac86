"""One quality vocabulary: a batch's data-quality state is the same word (lulus, lulus dengan peringatan,
gagal) wherever it appears; every suite run on a batch is linked; each batch's audit record reads in
Indonesian, rendered from its stored validation results, and leads back to the report."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tests.report.test_report_language import _quoted, html_text, problems

WORDS = {"lulus", "lulus dengan peringatan", "gagal", "tidak diperiksa"}


def test_a_batch_has_one_quality_word_everywhere_and_an_indonesian_audit_record(sample_month: Path) -> None:
    from bs4 import BeautifulSoup
    from openpyxl import load_workbook

    from pantau.tasks.quality import rebuild_data_docs
    from pantau.tasks.report import build
    from warehouse.db import get_engine

    rebuild_data_docs()
    paths = build("2024-06")
    html = Path(paths["html"])
    with get_engine().connect() as db:
        results = [tuple(r) for r in db.execute(text(
            "SELECT batch_id, suite_name, level, success FROM audit_dq_result"))]
    expected: dict[int, str] = {}
    suites: dict[int, set[str]] = {}
    for batch_id, suite, level, success in results:
        suites.setdefault(batch_id, set()).add(suite)
        state = expected.get(batch_id, "lulus")
        if not success and level != "warn":
            state = "gagal"
        elif not success and state == "lulus":
            state = "lulus dengan peringatan"
        expected[batch_id] = state
    assert "lulus dengan peringatan" in expected.values()  # the reference series whose total does not add up

    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    in_report: dict[int, str] = {}
    for row in soup.select("#kualitas tbody tr"):
        batch_id = int(row["id"].split("-")[1])
        cell = row.find_all("td")[-1]
        in_report[batch_id] = cell.select_one(".badge").get_text(strip=True)
        if batch_id in suites:
            # Every suite run on the batch has its technical page linked, besides the audit record.
            docs = [a for a in cell.find_all("a") if "data-docs/" in a["href"]]
            assert len(docs) == len(suites[batch_id]), batch_id
            for link in docs:
                assert (html.parent / link["href"]).exists()
    sheet = load_workbook(paths["xlsx"])["Asal Data"]
    header = [c.value for c in sheet[1]]
    in_excel = {int(r[0]): r[header.index("Mutu data")] for r in sheet.iter_rows(min_row=2, values_only=True)}

    quoted = _quoted(sample_month)
    for batch_id, word in in_report.items():
        assert word in WORDS and in_excel[batch_id] == word, (batch_id, word, in_excel[batch_id])
        if batch_id in expected:
            assert word == expected[batch_id], batch_id
        page = html.parent / "jejak-audit" / f"batch-{batch_id}.html"
        audit = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert audit.select_one("h2 .badge").get_text(strip=True) == word
        back = [a["href"] for a in audit.find_all("a") if a.get_text(strip=True) == "Kembali ke laporan"]
        assert back and (page.parent / back[0].split("#")[0]).resolve() == html.resolve()
        checks = audit.select("#pemeriksaan tbody tr")
        assert len(checks) == sum(1 for r in results if r[0] == batch_id)
        assert problems(html_text(page), quoted) == [], page.name
