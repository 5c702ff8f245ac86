"""The crawler against the bundled news site on a real loopback HTTP server (never a mock)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.settings import Settings
from extractors.news.crawler import Crawler
from extractors.news.registry import SiteProfile, load_sites
from extractors.news.state import JsonFileCrawlState, MemoryCrawlState
from samples.site import SampleNewsSite


@pytest.fixture(scope="module")
def site() -> Iterator[SampleNewsSite]:
    with SampleNewsSite() as server:
        yield server


def _settings(**overrides: object) -> Settings:
    values: dict[str, object] = {"crawl_rate_per_host": 100.0, "http_retries": 2, "http_backoff": 0.05,
                                 "http_timeout_read": 2.0, "allow_private_addresses": True, **overrides}
    return Settings(**values)  # type: ignore[arg-type]


def _sites(site: SampleNewsSite, tmp_path: Path) -> list[SiteProfile]:
    return load_sites(site.write_registry(tmp_path / "sites.yaml"))


def test_crawl_finds_every_article_and_recrawl_downloads_no_body(site: SampleNewsSite, tmp_path: Path) -> None:
    state = JsonFileCrawlState(tmp_path / "state.json")
    first = Crawler(_sites(site, tmp_path), state=state, settings=_settings()).crawl()
    assert {p.url.removeprefix(site.base_url) for p in first.pages} == {a.path for a in site.articles}
    assert all(p.site for p in first.pages)
    served_before = len(site.article_bodies_served())
    # A new process with the persisted state: conditional GETs, so unchanged pages come back 304.
    second = Crawler(_sites(site, tmp_path), state=JsonFileCrawlState(tmp_path / "state.json"),
                     settings=_settings()).crawl()
    assert second.pages == []
    assert second.counts.get("not_modified") == len(site.articles)
    assert len(site.article_bodies_served()) == served_before


def test_crawl_window_and_max_pages(site: SampleNewsSite, tmp_path: Path) -> None:
    crawler = Crawler(_sites(site, tmp_path), state=MemoryCrawlState(), settings=_settings())
    june = crawler.crawl(since=datetime(2024, 6, 1, tzinfo=UTC), until=datetime(2024, 6, 30, tzinfo=UTC))
    expected = {a.path for a in site.articles if a.published.month == 6}
    assert {p.url.removeprefix(site.base_url) for p in june.pages} == expected
    bounded = Crawler(_sites(site, tmp_path), state=MemoryCrawlState(), settings=_settings()).crawl(max_pages=2)
    assert len(bounded.pages) == 2


def test_user_agent_names_the_project(site: SampleNewsSite, tmp_path: Path) -> None:
    Crawler(_sites(site, tmp_path), settings=_settings()).fetch(site.base_url + "/kabarjambi/")
    agent = site.requests[-1][2].get("User-Agent", "")
    assert agent.startswith("PantauBot/") and "@" in agent


@pytest.mark.parametrize(("path", "status", "attempts"), [
    ("/__fault/429?times=1&after=1", "ok", 2),
    ("/__fault/500?times=1", "ok", 2),
    ("/__fault/500?times=99", "http_error", 3),
    ("/__fault/reset", "connection_error", 1),
    ("/__fault/oversize", "too_large", 1),
    ("/__fault/redirect-loop", "redirect_loop", 1),
    ("/__fault/offsite", "redirect_refused", 1),
    ("/__fault/private", "robots_disallowed", 0),
    ("/__fault/slow?seconds=3", "timeout", 3),
])
def test_faults_have_bounded_outcomes(site: SampleNewsSite, tmp_path: Path, path: str, status: str,
                                      attempts: int) -> None:
    site.fault_counts.clear()
    crawler = Crawler(_sites(site, tmp_path), settings=_settings(http_timeout_read=0.5))
    outcome = crawler.fetch(site.base_url + path)
    assert (outcome.status, outcome.attempts) == (status, attempts), outcome
    assert outcome.elapsed < 20


def test_retry_after_is_honoured(site: SampleNewsSite, tmp_path: Path) -> None:
    site.fault_counts.clear()
    crawler = Crawler(_sites(site, tmp_path), settings=_settings(http_backoff=0.0))
    started = time.monotonic()
    outcome = crawler.fetch(site.base_url + "/__fault/429?times=1&after=1")
    assert outcome.status == "ok" and time.monotonic() - started >= 0.95


def test_wrong_charset_is_returned_untouched_with_the_declared_encoding(site: SampleNewsSite, tmp_path: Path) -> None:
    from transforms.article import decode_html

    outcome = Crawler(_sites(site, tmp_path), settings=_settings()).fetch(site.base_url + "/__fault/wrong-charset")
    assert outcome.page is not None and outcome.page.encoding == "utf-8"
    assert "“resmi”" in decode_html(outcome.page.content, outcome.page.encoding)


def test_private_addresses_are_refused_unless_allowed(site: SampleNewsSite, tmp_path: Path) -> None:
    crawler = Crawler(_sites(site, tmp_path), settings=_settings(allow_private_addresses=False))
    before = len(site.requests)
    outcome = crawler.fetch(site.base_url + "/kabarjambi/")
    assert outcome.status == "private_address_refused"
    assert len(site.requests) == before  # refused before any connection


def test_rate_limit_spaces_requests_to_one_host(site: SampleNewsSite, tmp_path: Path) -> None:
    crawler = Crawler(_sites(site, tmp_path), settings=_settings(crawl_rate_per_host=10.0))
    crawler.fetch(site.base_url + "/kabarjambi/")  # robots.txt fetched and cached first
    # The limiter spaces the moments requests are sent; a response may come back late on a busy
    # machine, so gaps between completions prove nothing. What holds whatever the load: the k-th
    # request after ``start`` is not sent (so not finished) before k intervals have passed.
    start = time.monotonic()
    finished = []
    for _ in range(4):
        crawler.fetch(site.base_url + "/kabarjambi/feed/", kind="feed", conditional=False)
        finished.append(time.monotonic() - start)
    assert all(t >= 0.1 * k - 1e-6 for k, t in enumerate(finished)), finished  # 10 requests a second at most
