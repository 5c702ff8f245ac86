"""News crawls that fail safely: a failed load loses no article, a page that cannot be stored is
refused alone, an open news batch is never taken for an abandoned coverage load, and identity
numbers printed by the press never reach the warehouse, the logs or the report."""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from samples.site import SampleNewsSite, SiteArticle, load_articles
from transforms.dates import JAKARTA
from warehouse.db import get_engine

NIK_SPELLINGS = ("1571020304050006", "1571 0203 0405 0006", "1571-0203-0405-0006", "1571.0203.0405.0006")
# The identity number in any spelling: its 16 digits with anything but digits between them.
NIK_ANYWHERE = re.compile(r"1\D{0,2}5\D{0,2}7\D{0,2}1\D{0,2}0\D{0,2}2\D{0,2}0\D{0,2}3\D{0,2}0\D{0,2}4"
                          r"\D{0,2}0\D{0,2}5\D{0,2}0\D{0,2}0\D{0,2}0\D{0,2}6")


def _count(url: str, sql: str, **params: object) -> int:
    with get_engine(url).connect() as conn:
        return int(conn.execute(sa.text(sql), params).scalar() or 0)


def _serve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, site: SampleNewsSite) -> None:
    from core.settings import reset_settings

    monkeypatch.setenv("PANTAU_SITES_FILE", str(site.write_registry(tmp_path / "sites.yaml")))
    monkeypatch.setenv("PANTAU_ALLOW_PRIVATE_ADDRESSES", "true")
    monkeypatch.setenv("PANTAU_CRAWL_RATE_PER_HOST", "100")
    reset_settings()


@pytest.fixture
def news_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SampleNewsSite]:
    with SampleNewsSite() as site:
        _serve(monkeypatch, tmp_path, site)
        yield site


def _one_page_articles() -> list[SiteArticle]:
    """The sample articles in layouts with one page each (the multi-page layout fetches more)."""
    return [a for a in load_articles() if a.site != "sungaipenuh-today"]


# --- a failed load loses nothing ---------------------------------------------------------------


def test_a_load_that_raises_leaves_no_crawl_state_and_the_retries_load_every_article(
        news_site: SampleNewsSite, warehouse_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from pantau.tasks.news import crawl, process
    from warehouse import news_loader

    real_load = news_loader.load_articles

    def failing_load(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the database went away mid-load")

    batch = crawl(run_id="one")
    monkeypatch.setattr(news_loader, "load_articles", failing_load)
    with pytest.raises(RuntimeError, match="went away"):
        process(batch)
    # Nothing was loaded, and nothing remembers the pages: no validators to answer 304 to.
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_article") == 0
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_crawl_state") == 0
    assert _count(warehouse_url, "SELECT COUNT(*) FROM audit_ingest_batch WHERE batch_id = :b AND status = 'crawled'",
                  b=batch) == 1
    monkeypatch.setattr(news_loader, "load_articles", real_load)
    # The step's retry (Airflow's) loads the batch whole.
    retried = process(batch)
    assert retried["articles"] == retried["inserted"] == len(news_site.articles)
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_article") == len(news_site.articles)
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_crawl_state") == len(news_site.articles)


def test_after_a_failed_load_the_next_crawl_fetches_and_loads_every_article(
        news_site: SampleNewsSite, warehouse_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from pantau.news.batch import ABANDONED_REASON
    from pantau.tasks.news import crawl, process
    from warehouse import news_loader

    def failing_load(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the load failed")

    first = crawl(run_id="one")
    with monkeypatch.context() as patched:
        patched.setattr(news_loader, "load_articles", failing_load)
        with pytest.raises(RuntimeError):
            process(first)
    served = len(news_site.article_bodies_served())
    second = process(crawl(run_id="two"))
    # Every article body is fetched again (200, not 304) and loaded.
    assert len(news_site.article_bodies_served()) - served >= len(news_site.articles)
    assert second["articles"] == second["inserted"] == len(news_site.articles)
    with get_engine(warehouse_url).connect() as conn:
        status, reason = conn.execute(sa.text("SELECT status, reason FROM audit_ingest_batch WHERE batch_id = :b"),
                                      {"b": first}).one()
    assert (status, reason) == ("failed", ABANDONED_REASON)
    # The closed batch cannot be loaded late.
    from core.errors import InputRejected
    from pantau.news import process_batch

    with pytest.raises(InputRejected, match="closed as failed"):
        process_batch(first)


_KILLED_LOAD = """
import os, signal, sys
from core.settings import reset_settings
from warehouse import news_loader
from pantau.news import process_batch

def die(*args, **kwargs):
    if os.environ.get("HOLD"):
        open(os.environ["HOLD"], "w").close()
        import time
        time.sleep(120)
    os.kill(os.getpid(), signal.SIGKILL)

news_loader.load_articles = die
process_batch(int(sys.argv[1]))
"""


def _run_process_step(batch: int, tmp_path: Path, hold: Path | None = None) -> subprocess.Popen[bytes]:
    script = tmp_path / "killed_load.py"
    script.write_text(_KILLED_LOAD)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    if hold is not None:
        env["HOLD"] = str(hold)
    return subprocess.Popen([sys.executable, str(script), str(batch)], env=env)


def test_a_process_killed_mid_load_is_closed_by_the_next_crawl_which_loads_everything(
        news_site: SampleNewsSite, warehouse_url: str, tmp_path: Path) -> None:
    from pantau.tasks.news import crawl, process

    first = crawl(run_id="one")
    killed = _run_process_step(first, tmp_path)
    assert killed.wait(timeout=300) == -signal.SIGKILL
    # Left as being loaded, by a process that is gone.
    assert _count(warehouse_url, "SELECT COUNT(*) FROM audit_ingest_batch WHERE batch_id = :b AND status = 'received'",
                  b=first) == 1
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_crawl_state") == 0
    again = process(crawl(run_id="two"))
    assert again["articles"] == again["inserted"] == len(news_site.articles)
    assert _count(warehouse_url, "SELECT COUNT(*) FROM audit_ingest_batch WHERE batch_id = :b AND status = 'failed'",
                  b=first) == 1


def test_a_coverage_ingest_never_closes_an_open_news_batch(news_site: SampleNewsSite, warehouse_url: str,
                                                           tmp_path: Path) -> None:
    from pantau.ingest import fail_abandoned_batches
    from pantau.tasks.news import crawl

    engine = get_engine(warehouse_url)
    waiting = crawl(run_id="waiting")  # crawled, its process step not yet run
    assert fail_abandoned_batches(engine) == []
    loading = crawl(run_id="loading")
    hold = tmp_path / "holding"
    step = _run_process_step(loading, tmp_path, hold=hold)
    try:
        for _ in range(600):
            if hold.exists() or step.poll() is not None:
                break
            time.sleep(0.2)
        assert hold.exists(), "the process step never reached its load"
        # The step holds its batch's lease while it loads: a coverage ingest leaves it alone.
        assert fail_abandoned_batches(engine) == []
        with engine.connect() as conn:
            statuses = dict(conn.execute(sa.text("SELECT batch_id, status FROM audit_ingest_batch WHERE batch_id IN "
                                                 "(:a, :b)"), {"a": waiting, "b": loading}).all())
        assert statuses == {loading: "received", waiting: "failed"}  # the second crawl closed the first
    finally:
        step.kill()
        step.wait(timeout=60)


# --- a page that cannot be stored is refused alone --------------------------------------------


def _odd_article(base: SiteArticle, slug: str, **changes: object) -> SiteArticle:
    return replace(base, slug=slug, **changes)  # type: ignore[arg-type]


def test_pages_that_cannot_be_stored_are_refused_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       warehouse_url: str) -> None:
    from pantau.tasks.news import crawl, process

    articles = _one_page_articles()
    model = next(a for a in articles if a.site == "kabarjambi")
    odd = [
        _odd_article(model, "berita-tahun-1900", published=datetime(1900, 6, 3, 9, 0, tzinfo=JAKARTA)),
        _odd_article(model, "berita-tahun-9999", published=datetime(9999, 6, 3, 9, 0, tzinfo=JAKARTA)),
        _odd_article(model, "byline-panjang", author="Tim Redaksi " + "dan Kontributor Daerah " * 20),
    ]
    with SampleNewsSite(articles=articles + odd) as site:
        _serve(monkeypatch, tmp_path, site)
        summary = process(crawl(run_id="odd"))
    assert summary["articles"] == summary["inserted"] == len(articles)
    assert summary["rejected_pages"] == 3
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_article") == len(articles)
    with get_engine(warehouse_url).connect() as conn:
        refused = {row[0].rstrip("/").rsplit("/", 1)[-1]: (row[1], row[2]) for row in conn.execute(
            sa.text("SELECT url, outcome, reason FROM news_crawl_outcome"))}
        status = conn.execute(sa.text("SELECT status FROM audit_ingest_batch WHERE batch_id = :b"),
                              {"b": summary["batch_id"]}).scalar()
    assert status == "published"
    assert set(refused) == {"berita-tahun-1900", "berita-tahun-9999", "byline-panjang"}
    assert {outcome for outcome, _ in refused.values()} == {"refused"}
    for slug, (_, reason) in refused.items():
        assert reason.startswith("http://127.0.0.1") and slug in reason
    assert "publication date 1900-06-03" in refused["berita-tahun-1900"][1]
    assert "'9999-06-03" in refused["berita-tahun-9999"][1] and "out of range" in refused["berita-tahun-9999"][1]
    assert "news_article.author is" in refused["byline-panjang"][1] and "column's 200" in refused["byline-panjang"][1]


def _unreadable_pages() -> dict[str, Callable[[int], str]]:
    """Two pages at article addresses that cannot be read: bytes of a picture served as HTML, and a page
    whose story sits inside elements nested 300 deep (the parser stops at 255 and drops the rest)."""
    picture = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + "".join(chr(code % 32) for code in range(3000))
    story = "<p>" + "Iuran 1.200 pekerja rentan di Kota Jambi dibayar dari APBD provinsi. " * 4 + "</p>"
    deep = "<html><body><h1>Berita</h1>" + "<div>" * 300 + story + "</div>" * 300 + "</body></html>"
    return {"/kabarjambi/2024/06/04/foto-kegiatan/": lambda visit: picture,
            "/kabarjambi/2024/06/05/berita-bersarang/": lambda visit: deep}


def test_a_binary_page_and_a_page_nested_past_the_parser_are_refused_by_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warehouse_url: str) -> None:
    from pantau.tasks.news import crawl, process

    articles = _one_page_articles()
    with SampleNewsSite(articles=articles, extra_pages=_unreadable_pages()) as site:
        _serve(monkeypatch, tmp_path, site)
        summary = process(crawl(run_id="unreadable"))
        saved = tmp_path / "foto.html"
        saved.write_bytes(_unreadable_pages()["/kabarjambi/2024/06/04/foto-kegiatan/"](1).encode())
        done = subprocess.run([sys.executable, "-m", "pantau.cli", "news", "extract", str(saved),
                               "--url", site.base_url + "/kabarjambi/2024/06/04/foto-kegiatan/"],
                              capture_output=True, text=True, timeout=180)
    assert summary["articles"] == summary["inserted"] == len(articles)
    assert summary["rejected_pages"] == 2
    with get_engine(warehouse_url).connect() as conn:
        refused = {row[0].rstrip("/").rsplit("/", 1)[-1]: (row[1], row[2]) for row in conn.execute(
            sa.text("SELECT url, outcome, reason FROM news_crawl_outcome"))}
        texts = [row[0] for row in conn.execute(sa.text("SELECT text FROM news_article"))]
    assert {slug: outcome for slug, (outcome, _) in refused.items()} == {
        "foto-kegiatan": "refused", "berita-bersarang": "refused"}
    picture_reason, deep_reason = refused["foto-kegiatan"][1], refused["berita-bersarang"][1]
    assert re.search(r"not an HTML page: [\d,]+ of its first 2,000 characters are control characters", picture_reason)
    assert "nested more than 255 levels deep" in deep_reason and "reads no further" in deep_reason
    assert not any("APBD provinsi" in text for text in texts)  # no half of the nested page was stored
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if line.startswith("rejected:")] == [
        f"rejected: {site.base_url}/kabarjambi/2024/06/04/foto-kegiatan/: {picture_reason.split(': ', 1)[1]}"]


# --- identity numbers in the press ------------------------------------------------------------


def test_identity_numbers_in_press_text_are_masked_in_warehouse_logs_and_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warehouse_url: str, caplog: pytest.LogCaptureFixture) -> None:
    from pantau.tasks.news import crawl, process

    caplog.set_level(logging.DEBUG)
    articles = _one_page_articles()
    model = next(a for a in articles if a.site == "kabarjambi" and a.published.month == 6)
    leaky = replace(model, slug="data-warga-bocor", title=f"Data warga NIK {NIK_SPELLINGS[0]} beredar",
                    author=f"Redaksi (KK {NIK_SPELLINGS[3]})",
                    paragraphs=[f"Sebanyak 1.200 pekerja rentan di Kota Jambi terdaftar BPJS Ketenagakerjaan pada Juni "
                                f"2024, termasuk warga dengan NIK {NIK_SPELLINGS[1]}.",
                                f"Nomor KK {NIK_SPELLINGS[2]} tercatat untuk 4 orang penerima bantuan iuran.",
                                *model.paragraphs])
    with SampleNewsSite(articles=[*articles, leaky]) as site:
        _serve(monkeypatch, tmp_path, site)
        summary = process(crawl(run_id="nik"))
        # `pantau news extract` masks them as well.
        done = subprocess.run([sys.executable, "-m", "pantau.cli", "news", "extract",
                               site.base_url + leaky.path, "--format", "json"],
                              capture_output=True, text=True, timeout=180)
    assert summary["articles"] == len(articles) + 1
    assert done.returncode == 0, done.stderr
    assert "<nik-redacted>" in done.stdout and not NIK_ANYWHERE.search(done.stdout + done.stderr)
    with get_engine(warehouse_url).connect() as conn:
        stored = conn.execute(sa.text("SELECT title, author, text FROM news_article WHERE url LIKE '%data-warga%'")).one()
        dumped = [str(v) for table in ("news_article", "news_mention", "news_figure", "news_crawl_outcome",
                                       "audit_quarantine_row")
                  for row in conn.execute(sa.text(f"SELECT * FROM {table}")) for v in row]
    assert "<nik-redacted>" in stored.title and "<nik-redacted>" in stored.author
    assert stored.text.count("<nik-redacted>") == 2
    assert not any(NIK_ANYWHERE.search(v) for v in dumped)
    assert not NIK_ANYWHERE.search(caplog.text)
    out = tmp_path / "report"
    built = subprocess.run([sys.executable, "-m", "pantau.cli", "report", "build", "--period",
                            f"{model.published:%Y-%m}", "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    # The report quotes the article's sentence, masked.
    assert any("nik-redacted" in p.read_text("utf-8", "replace") for p in files if p.suffix == ".html")
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".xlsx":
            import zipfile

            with zipfile.ZipFile(path) as book:
                data = b"".join(book.read(name) for name in book.namelist())
        assert not NIK_ANYWHERE.search(data.decode("utf-8", "replace")), path


# --- continuation pages stay on their site ----------------------------------------------------


def test_a_continuation_page_on_another_host_is_not_merged_into_the_article(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_url: str) -> None:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    from pantau.tasks.news import crawl, process
    from samples.site import render_article

    asked: list[str] = []

    class Elsewhere(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return

        def do_GET(self) -> None:
            asked.append(self.path)
            body = b"<html><body><article><p>Konten situs lain yang disisipkan ke artikel.</p></article></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    other = ThreadingHTTPServer(("127.0.0.2", 0), Elsewhere)
    Thread(target=other.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        articles = _one_page_articles()
        model = next(a for a in articles if a.site == "kabarjambi")
        html, _ = render_article(model, [])
        next_link = f'<link rel="next" href="http://127.0.0.2:{other.server_address[1]}/halaman-2/">'
        hijacked = html.replace("</head>", next_link + "</head>", 1)
        assert hijacked != html
        path = "/kabarjambi/2024/06/04/berita-bersambung/"
        with SampleNewsSite(articles=articles, extra_pages={path: lambda visit: hijacked}) as site:
            _serve(monkeypatch, tmp_path, site)
            summary = process(crawl(run_id="next"))
        assert summary["articles"] == len(articles) + 1
    finally:
        other.shutdown()
        other.server_close()
    assert asked == []  # not even asked
    with get_engine(sqlite_url).connect() as conn:
        text = conn.execute(sa.text("SELECT text FROM news_article WHERE url LIKE '%berita-bersambung%'")).scalar()
    assert text and "situs lain" not in text
