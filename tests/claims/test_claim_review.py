"""Claims an auditor can trust. What the words do not settle goes to a person, never into a
verdict; a reviewer's decision (CLI or spreadsheet) overrides the machine's reading, survives a
re-crawl, is flagged when its sentence changes, and is never updated or deleted."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from reports.reconcile import PressClaim, compared_as_level
from transforms.claims import Claim, extract_claims

PANTAU = Path(sys.executable).parent / "pantau"
PUBLISHED = datetime(2024, 6, 10, 2, 0, tzinfo=UTC)
URL = "http://news.test/pekerja-rentan"
LEAD = "JAMBI - Pemkot Jambi memperluas perlindungan pekerja rentan dengan membayar iuran mereka dari APBD kota."
TOTAL = "Total peserta di Kota Jambi per Mei 2024 mencapai 30.958 orang."
ARTICLE = "\n\n".join([
    LEAD, TOTAL, "Program ini dimaksudkan untuk melindungi sekitar 15 ribu pekerja rentan.",
    "Pemkot membayar iuran 1.000 pekerja rentan dengan biaya Rp 500 juta setahun.",
    "Iuran pekerja rentan cukup Rp 16.800 per bulan."])


def claim(text: str, figure: str) -> Claim:
    return next(c for c in extract_claims(text, published_at=PUBLISHED) if c.text.startswith(figure))


def test_what_the_words_do_not_settle_needs_review() -> None:
    regent = ("MUARA BULIAN - Bupati mengatakan, dari sekitar 112 ribu pekerja di kabupaten ini, baru 40 persen "
              "yang terlindungi. Lewat APBD Perubahan cakupan dinaikkan menjadi 65 persen.")
    assert claim(regent, "112 ribu").metric == "workforce" and not claim(regent, "112 ribu").needs_review
    assert not claim(regent, "40 persen").needs_review
    # The revised budget and "dimaksudkan untuk melindungi" speak of what is to come: plans, never levels.
    for text, figure, word in ((regent, "65 persen", "APBD Perubahan"), (ARTICLE, "15 ribu", "dimaksudkan")):
        planned = claim(text, figure)
        assert planned.modality == "target" and planned.cues["modality"] == word
        assert not compared_as_level(PressClaim.from_claim(planned))
    # A figure with no word of its own in a sentence whose other clause speaks of next year: a person looks.
    later = claim("JAMBI - Kepala cabang menyebut, tahun depan, cakupan di Bungo 65 persen.", "65 persen")
    assert later.needs_review and any("tahun depan" in r for r in later.review_reasons)
    total = claim(ARTICLE, "30.958")
    assert total.needs_review and any("pekerja rentan" in r and "segmen" in r for r in total.review_reasons)
    assert not claim(ARTICLE, "Rp 16.800").needs_review
    for figure in ("1.000", "Rp 500 juta"):  # Rp 500.000 a person a year is not the BKBK rate
        assert any("tarif BKBK" in r for r in claim(ARTICLE, figure).review_reasons)
    fits = "Pemprov menanggung iuran 96.000 pekerja rentan dengan anggaran Rp 19,35 miliar setahun."
    paid = claim(fits, "Rp 19,35 miliar")
    assert not any("tarif" in r for r in paid.review_reasons) and "tarif BKBK" in paid.cues["rate_check"]
    for c in extract_claims(ARTICLE, published_at=PUBLISHED):
        assert c.needs_review == bool(c.review_reasons)


def _load(url: str, text: str) -> None:
    from pantau.news import analyse_text
    from warehouse.db import session_scope
    from warehouse.models import AuditIngestBatch
    from warehouse.news_loader import ArticleRecord, load_articles

    mentions, figures = analyse_text(text, PUBLISHED)
    with session_scope() as session:
        batch = AuditIngestBatch(source_name="news", dataset="news", file_name="crawl", sha256="1" * 64,
                                 received_at=datetime.now(UTC), status="published")
        session.add(batch)
        session.flush()
        load_articles(session, batch.batch_id, [ArticleRecord(
            url=url, canonical_url=url, site_name="kabar", title="Pekerja rentan", published_at=PUBLISHED,
            period_key=202406, author=None, section=None, tags=[], text=text,
            content_sha256=hashlib.sha256(text.encode()).hexdigest(), mentions=mentions, figures=figures)])


def _reconciled() -> dict[str, tuple[str, str | None, str | None]]:
    """figure text -> (status, reviewer, segment) after reconciling, as the warehouse holds them."""
    from reports.reconcile import reconcile_claims
    from warehouse.db import session_scope

    with session_scope() as session:
        reconcile_claims(session)
    with session_scope() as session:
        rows = session.execute(sa.text("SELECT figure_text, status, reviewer, segment FROM rpt_claim_reconciliation"))
        return {r.figure_text: (r.status, r.reviewer, r.segment) for r in rows}


def _cli(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(PANTAU), *args], capture_output=True, text=True, timeout=180)
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def _figure_id(text: str, column: str = "figure_id") -> int:
    from warehouse.db import session_scope

    with session_scope() as session:
        return int(session.execute(sa.text(f"SELECT {column} FROM news_figure WHERE text = :t"), {"t": text}).scalar())


def _decisions() -> int:
    from warehouse.db import session_scope

    with session_scope() as session:
        return int(session.execute(sa.text("SELECT COUNT(*) FROM audit_claim_review")).scalar() or 0)


def test_a_review_overrides_survives_a_recrawl_and_is_flagged_when_the_sentence_changes(
        warehouse_url: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from reports.build import collect
    from tests.claims.test_claims import _seed
    from transforms.dates import Period
    from warehouse.db import session_scope

    _seed(warehouse_url)
    _load(URL, ARTICLE)
    before = _reconciled()
    assert before["30.958 orang"][0] == "needs_review"  # the article speaks of one group; the sentence names none
    assert before["Rp 16.800"][0] == "no_comparable_data"
    with session_scope() as session:
        data = collect(session, Period(2024, 6))
    assert "30.958 orang" in {r.figure_text for r in data.review}
    assert "30.958 orang" not in {c.figure_text for c in data.claims}  # no verdict on a claim that needs review

    queued = json.loads(_cli("claims", "review", "--format", "json").stdout)
    total = next(q for q in queued if q["figure_text"] == "30.958 orang")
    assert total["reasons"] and total["metric"] == "participants"
    _cli("claims", "review", "--figure", str(total["figure_id"]), "--segment", "BPU", "--reviewer", "Rina",
         "--note", "seluruh peserta BPU Kota Jambi")
    after = _reconciled()
    assert after["30.958 orang"] == ("consistent", "Rina", "BPU")  # the reviewer's reading, marked
    assert "30.958 orang" not in {q["figure_text"] for q in json.loads(_cli("claims", "review", "--format",
                                                                             "json").stdout)}
    with session_scope() as session:
        shown = next(c for c in collect(session, Period(2024, 6)).claims if c.figure_text == "30.958 orang")
    assert (shown.status, shown.reviewer) == ("consistent", "Rina")

    # The spreadsheet round trip: a bad row rejects the whole file, naming the row and the column.
    sheet_path = tmp_path / "review.xlsx"
    _cli("claims", "export-review", "--out", str(sheet_path))
    book = load_workbook(sheet_path)
    sheet = book["Perlu Ditinjau"]
    header = [c.value for c in sheet[1]]
    rows = {sheet.cell(row=n, column=header.index("figure_text") + 1).value: n for n in range(2, sheet.max_row + 1)}
    assert {"1.000 pekerja rentan", "Rp 500 juta"} <= set(rows) and "30.958 orang" not in rows

    def put(figure: str, column: str, value: str) -> None:
        sheet.cell(row=rows[figure], column=header.index(column) + 1, value=value)

    put("Rp 500 juta", "reviewer", "Budi")
    put("Rp 500 juta", "modality", "target")
    put("1.000 pekerja rentan", "reviewer", "Budi")
    put("1.000 pekerja rentan", "metric", "peserta")
    book.save(sheet_path)
    refused = _cli("claims", "import-review", str(sheet_path), ok=False)
    assert refused.returncode == 2
    assert f"row {rows['1.000 pekerja rentan']}" in refused.stderr and "metric" in refused.stderr
    assert _decisions() == 1  # nothing of the refused file was recorded
    put("1.000 pekerja rentan", "metric", "participants")
    put("1.000 pekerja rentan", "not_a_claim", "ya")
    book.save(sheet_path)
    imported = json.loads(_cli("claims", "import-review", str(sheet_path)).stdout)
    assert (imported["decisions"], imported["not_a_claim"]) == (2, 1)
    after = _reconciled()
    assert after["1.000 pekerja rentan"] == ("not_a_claim", "Budi", "BPU")
    assert after["Rp 500 juta"][:2] == ("target", "Budi")

    # Re-crawl: the page changed elsewhere, its figures are analysed and stored again; the decisions hold.
    old_batch = _figure_id("30.958 orang", "batch_id")
    _load(URL, ARTICLE + "\n\nBerita ini diperbarui.")
    assert _figure_id("30.958 orang", "batch_id") != old_batch
    after = _reconciled()
    assert after["30.958 orang"] == ("consistent", "Rina", "BPU")
    assert after["1.000 pekerja rentan"][:2] == ("not_a_claim", "Budi")

    # The sentence changed: the decision is flagged, not applied.
    _load(URL, ARTICLE.replace(TOTAL, "Total peserta di Kota Jambi per Mei 2024 mencapai hampir 30.958 orang."))
    after = _reconciled()
    assert after["30.958 orang"] == ("needs_review", None, None)
    with session_scope() as session:
        reasons = session.execute(sa.text("SELECT review_reasons FROM rpt_claim_review WHERE figure_text = :t"),
                                  {"t": "30.958 orang"}).scalar()
    reasons = json.loads(reasons) if isinstance(reasons, str) else reasons
    assert any("kalimatnya sudah berubah" in r and "Rina" in r for r in reasons)
    flagged = next(q for q in json.loads(_cli("claims", "review", "--format", "json").stdout)
                   if q["figure_text"] == "30.958 orang")
    assert any("kalimatnya sudah berubah" in r for r in flagged["reasons"])

    # Decisions are never updated or deleted.
    for statement in ("UPDATE audit_claim_review SET reviewer = 'x'", "DELETE FROM audit_claim_review"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), session_scope() as session:
            session.execute(sa.text(statement))
    assert _decisions() == 3


def test_a_decision_names_a_valid_reading(sqlite_url: str) -> None:
    _load(URL, ARTICLE)
    figure = _figure_id("30.958 orang")
    for args, column in ((["--modality", "maybe"], "modality"), (["--region", "99.99"], "region_code"),
                         (["--period", "2024-13"], "period"), (["--programmes", "JKX"], "programmes")):
        done = _cli("claims", "review", "--figure", str(figure), "--reviewer", "Rina", *args, ok=False)
        assert done.returncode == 2 and column in done.stderr, done.stderr
    done = _cli("claims", "review", "--figure", "999999", "--reviewer", "Rina", ok=False)
    assert done.returncode == 2 and "999999" in done.stderr
    assert _decisions() == 0


def test_the_demo_report_sends_doubtful_claims_to_perlu_ditinjau(tmp_path: Path, sqlite_url: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample news site and coverage exports, as the demo runs them: the article whose sentences the
    words do not settle lands in Perlu Ditinjau, with its reasons, and in no verdict."""
    from core.settings import reset_settings
    from pantau.ingest import ingest_file
    from pantau.tasks.news import crawl, process
    from pantau.tasks.report import build, reconcile_claims
    from samples.site import SampleNewsSite

    for path in sorted((Path(__file__).resolve().parents[2] / "samples" / "data" / "coverage").glob("*2024-0[56]*")):
        assert ingest_file(path).status == "published"
    with SampleNewsSite() as site:
        monkeypatch.setenv("PANTAU_SITES_FILE", str(site.write_registry(tmp_path / "sites.yaml")))
        monkeypatch.setenv("PANTAU_ALLOW_PRIVATE_ADDRESSES", "true")
        monkeypatch.setenv("PANTAU_CRAWL_RATE_PER_HOST", "100")
        reset_settings()
        process(crawl(run_id="demo"))
    counts = reconcile_claims()
    assert counts.get("needs_review", 0) >= 3
    html_path = build("2024-06", str(tmp_path / "out"))["html"]
    html = Path(html_path).read_text(encoding="utf-8")
    review = html.split('<section id="perlu-ditinjau">')[1].split("</section>")[0]
    verdicts = html.split('<section id="rekonsiliasi">')[1].split("</section>")[0]
    targets = html.split('<section id="target">')[1].split("</section>")[0]
    for sentence in ("Total peserta di Kota Jambi per Mei 2024", "membayar iuran 1.000 pekerja rentan"):
        assert sentence in review
        assert sentence not in verdicts and sentence not in targets
    # "dimaksudkan untuk melindungi": the words settle it as a goal, listed with the targets, never a level
    goal = "dimaksudkan untuk melindungi sekitar 15 ribu"
    assert goal in targets and goal not in verdicts and goal not in review
    assert "tarif BKBK" in review and "Pemkot Jambi Perluas Perlindungan" in review
    assert "b-consistent" in verdicts  # decided claims still get their verdicts
    from openpyxl import load_workbook

    sheet = load_workbook(Path(html_path).with_suffix(".xlsx"))["Perlu Ditinjau"]
    sentences = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(str(s).startswith("Total peserta di Kota Jambi per Mei 2024") for s in sentences)
