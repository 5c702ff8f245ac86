"""The news monitor into the warehouse (SQLite and PostgreSQL) and through its Airflow DAG."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from samples.site import SampleNewsSite
from warehouse.db import get_engine


@pytest.fixture
def news_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SampleNewsSite]:
    from core.settings import reset_settings

    with SampleNewsSite() as site:
        monkeypatch.setenv("PANTAU_SITES_FILE", str(site.write_registry(tmp_path / "sites.yaml")))
        monkeypatch.setenv("PANTAU_ALLOW_PRIVATE_ADDRESSES", "true")
        monkeypatch.setenv("PANTAU_CRAWL_RATE_PER_HOST", "100")
        reset_settings()
        yield site


def _count(url: str, sql: str) -> int:
    with get_engine(url).connect() as conn:
        return int(conn.execute(sa.text(sql)).scalar() or 0)


def test_crawl_load_and_recrawl(news_site: SampleNewsSite, warehouse_url: str) -> None:
    from pantau.tasks.news import crawl, process

    first = process(crawl(run_id="one"))
    assert (first["articles"], first["inserted"], first["clusters"]) == (13, 13, 1)
    assert first["implausible_figures"] >= 1
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_article") == 13
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_article WHERE is_canonical = FALSE") == 1
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_mention WHERE key = 'BPJS_TK'") >= 8
    # The health-insurance story names no BPJS Ketenagakerjaan programme.
    assert _count(warehouse_url, """SELECT COUNT(*) FROM news_mention m JOIN news_article a
                                     ON a.article_id = m.article_id
                                     WHERE a.title LIKE 'BPJS Kesehatan%' AND m.kind = 'programme'""") == 0
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_figure WHERE plausible = FALSE") >= 1
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_crawl_state") >= 13
    served = len(news_site.article_bodies_served())
    again = process(crawl(run_id="two"))
    assert (again["articles"], again["inserted"]) == (0, 0)
    assert len(news_site.article_bodies_served()) == served  # no article body downloaded again
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_article") == 13


@pytest.mark.airflow
@pytest.mark.xdist_group("airflow")
@pytest.mark.slow
def test_news_monitor_dag(news_site: SampleNewsSite, dag_bag, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    dag = dag_bag.get_dag("news_monitor")
    run = dag.test(run_conf={"since": "2024-06-01", "until": "2024-06-30"})
    assert run.state == "success"
    june = {a.path for a in news_site.articles if a.published.month == 6}
    assert _count(sqlite_url, "SELECT COUNT(*) FROM news_article") == len(june)
    # The run's batch is closed as published, with its DQ results beside it.
    assert _count(sqlite_url, "SELECT COUNT(*) FROM audit_ingest_batch WHERE dataset = 'news' "
                              "AND status = 'published' AND finished_at IS NOT NULL") == 1
    assert _count(sqlite_url, "SELECT COUNT(*) FROM audit_dq_result") > 0


def test_cli_extract_prints_the_article_as_json(news_site: SampleNewsSite, tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    import requests

    article = next(a for a in news_site.articles if a.slug.startswith("cakupan-bpjs"))
    saved = tmp_path / "page.html"
    saved.write_bytes(requests.get(news_site.base_url + article.path, timeout=5).content)
    pantau = Path(sys.executable).parent / "pantau"
    done = subprocess.run([str(pantau), "news", "extract", str(saved), "--url", "https://kabarjambi.example/a",
                           "--format", "json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["title"] == article.title and data["published_at"] == "2024-09-02T14:30:00+07:00"
    assert "BPJS_TK" in data["programmes"]
    assert {"code": "15.04", "name": "Batanghari"} in data["regions"]
    coverage = next(f for f in data["figures"] if f["text"] == "39,52 persen")
    assert (coverage["kind"], coverage["value"], coverage["unit"], coverage["plausible"]) == (
        "percent", 39.52, "percent", True)
    people = next(f for f in data["figures"] if f["text"] == "518.632 pekerja")
    assert people["value"] == 518632 and people["kind"] == "count"
    # Every claim says whether the words settle it, and why not.
    claims = [f for f in data["figures"] if f["kind"] != "date"]
    assert claims and all(isinstance(f["needs_review"], bool) and isinstance(f["review_reasons"], list)
                          for f in claims)
    assert all(bool(f["review_reasons"]) == f["needs_review"] for f in claims)
    assert coverage["needs_review"] is False and coverage["review_reasons"] == []


def test_failed_mentions_are_removed_by_position_and_quarantined() -> None:
    from pantau.news import drop_failed
    from warehouse.news_loader import ArticleRecord, MentionRecord

    def record(url: str, matched: list[str]) -> ArticleRecord:
        return ArticleRecord(url=url, canonical_url=url, site_name=None, title="t", published_at=None, period_key=None,
                             author=None, section=None, tags=[], text="x", content_sha256="0",
                             mentions=[MentionRecord("programme", m, m, 0, 1, "s") for m in matched])

    records = [record("http://a.test/1", ["BPJS", "JKK"]), record("http://a.test/2", ["JKM"])]
    rows = drop_failed(records, "mentions", {1, 2}, 7, "news_mentions", "matched")
    assert [[m.matched for m in r.mentions] for r in records] == [["BPJS"], []]
    assert [(q.raw["url"], q.raw["matched"], q.check_name, q.batch_id) for q in rows] == [
        ("http://a.test/1", "JKK", "news_mentions", 7), ("http://a.test/2", "JKM", "news_mentions", 7)]


def test_region_mentions_keep_the_whole_sentence_across_abbreviations() -> None:
    from pantau.news import analyse_text

    text = ("Pemerintah Kab. Tebo mendaftarkan 1.200 pekerja rentan ke BPJS Ketenagakerjaan dengan iuran "
            "Rp. 16.800 per orang sesuai Perbup No. 7 tahun 2024. Di Kec. Rimbo Bujang, petani karet ikut terdaftar.")
    mentions, _ = analyse_text(text, None)
    tebo = next(m for m in mentions if m.kind == "region" and m.key == "15.09")
    assert tebo.sentence.startswith("Pemerintah Kab. Tebo mendaftarkan")
    assert tebo.sentence.endswith("No. 7 tahun 2024.")
    programme = next(m for m in mentions if m.kind == "programme" and m.key == "BPJS_TK")
    assert programme.sentence == tebo.sentence
    # "Kec." does not end the second sentence either.
    second = [m for m in mentions if m.start_offset > len(tebo.sentence)]
    assert all(m.sentence.startswith("Di Kec. Rimbo Bujang") for m in second)


def test_continuation_pages_are_archived_and_listed(news_site: SampleNewsSite, sqlite_url: str,
                                                   isolated_settings: Path) -> None:
    import hashlib
    import json
    import stat

    from pantau.tasks.news import crawl, process

    summary = process(crawl(run_id="pages"))
    assert summary["continuation_pages"] >= 1
    manifest = json.loads((isolated_settings / "news" / f"batch-{summary['batch_id']}.json").read_text())
    continued = [p for p in manifest["pages"] if p["continuation_of"]]
    assert continued and all("page=2" in p["url"] for p in continued)
    for page in continued:
        stored = Path(page["path"])
        assert stored.is_file() and stat.S_IMODE(stored.stat().st_mode) == 0o444  # archived read-only
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == page["sha256"]
        assert stored.is_relative_to(isolated_settings / "archive" / "news")


def test_a_batch_level_failure_names_the_expectation(news_site: SampleNewsSite, sqlite_url: str,
                                                     isolated_settings: Path) -> None:
    import json

    from pantau.news import crawl, process_batch

    crawled = crawl(run_id="dup")
    path = Path(crawled.manifest)
    manifest = json.loads(path.read_text())
    manifest["pages"].append(dict(manifest["pages"][0]))  # the same page twice in one crawl
    path.write_text(json.dumps(manifest))
    summary = process_batch(crawled.batch_id)
    assert summary.batch_failures == ["url: column values to be unique"]
    with get_engine(sqlite_url).connect() as conn:
        status, reason = conn.execute(sa.text("SELECT status, reason FROM audit_ingest_batch WHERE batch_id = :b"),
                                      {"b": crawled.batch_id}).one()
    assert status == "published" and "url: column values to be unique" in reason
    assert _count(sqlite_url, "SELECT COUNT(*) FROM news_article") == summary.articles


def _no_article_pages() -> dict[str, Any]:
    """Three pages at article addresses with no article: a menu that changes on every visit (no text),
    a subscriber-only teaser (paywall) and a list of headlines (not an article)."""
    menu = "<nav><a href='/'>Beranda</a> <a href='/daerah/'>Daerah</a></nav>"

    def empty(visit: int) -> str:
        return f"<html><body>{menu}<div class='kosong'>Kunjungan {visit}</div></body></html>"

    def paywall(visit: int) -> str:
        return ("<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                "\"isAccessibleForFree\": false}</script></head><body><h1>Laporan khusus</h1>"
                "<div class='paywall-box'>Berlangganan untuk membaca.</div></body></html>")

    def listing(visit: int) -> str:
        items = "".join(f"<li><a href='/kabarjambi/2024/06/0{i}/berita-{i}/'>Judul berita daerah nomor {i} hari ini"
                        f"</a></li>" for i in range(1, 9))
        return f"<html><body>{menu}<ul>{items}</ul></body></html>"

    return {"/kabarjambi/2024/06/01/halaman-kosong/": empty, "/kabarjambi/2024/06/02/laporan-khusus/": paywall,
            "/kabarjambi/2024/06/03/indeks-hari-ini/": listing}


def test_pages_without_an_article_are_outcomes_counted_and_given_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warehouse_url: str) -> None:
    import json
    import subprocess
    import sys

    from core.settings import reset_settings
    from pantau.tasks.news import crawl, process

    with SampleNewsSite(extra_pages=_no_article_pages()) as site:
        monkeypatch.setenv("PANTAU_SITES_FILE", str(site.write_registry(tmp_path / "sites.yaml")))
        monkeypatch.setenv("PANTAU_ALLOW_PRIVATE_ADDRESSES", "true")
        monkeypatch.setenv("PANTAU_CRAWL_RATE_PER_HOST", "100")
        reset_settings()
        first = process(crawl(run_id="one"))
        assert first["no_article"] == {"no_text": 1, "paywall": 1, "not_article": 1}
        assert first["articles"] == 13 and first["rejected_pages"] == 0
        assert first["gave_up"] == 1  # an index page will not become an article: not fetched again
        with get_engine(warehouse_url).connect() as conn:
            outcomes = {row[0].rsplit("/", 2)[-2]: row[1:] for row in conn.execute(
                sa.text("SELECT url, outcome, attempts, gave_up FROM news_crawl_outcome"))}
        assert outcomes == {"halaman-kosong": ("no_text", 1, False), "laporan-khusus": ("paywall", 1, False),
                            "indeks-hari-ini": ("not_article", 1, True)}
        # Re-running the step for the same batch changes nothing.
        batch = _count(warehouse_url, "SELECT MAX(batch_id) FROM audit_ingest_batch")
        process(batch)
        assert _count(warehouse_url, "SELECT SUM(attempts) FROM news_crawl_outcome") == 3
        # The empty page changes on every visit: three versions, then the crawler stops asking for it.
        for run in ("two", "three"):
            process(crawl(run_id=run))
        assert site.extra_served["/kabarjambi/2024/06/01/halaman-kosong/"] == 3
        assert site.extra_served["/kabarjambi/2024/06/03/indeks-hari-ini/"] == 1
        fourth = process(crawl(run_id="four"))
        assert site.extra_served["/kabarjambi/2024/06/01/halaman-kosong/"] == 3
        assert fourth["no_article"] == {}
        assert _count(warehouse_url, "SELECT COUNT(*) FROM news_crawl_outcome WHERE gave_up = TRUE") == 2
        # Auditors see them in `pantau dq show`.
        shown = subprocess.run([sys.executable, "-m", "pantau.cli", "dq", "show", "--format", "json"],
                               capture_output=True, text=True, check=True, timeout=120)
        pages = json.loads(shown.stdout)["pages_without_article"]
        assert sorted(p["outcome"] for p in pages) == ["no_text", "not_article", "paywall"]
        assert all(p["reason"].startswith("http://127.0.0.1") for p in pages)
