"""News sites whose answers would make a crawl endless, against a real loopback server: a robots.txt
asking for a Crawl-delay of 100,000 seconds, a sitemap index that names itself and its child twice."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from core.settings import Settings
from extractors.news import crawler as crawler_module
from extractors.news.crawler import Crawler
from extractors.news.registry import SiteProfile
from extractors.news.state import MemoryCrawlState

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


class HostileSite:
    def __init__(self, robots: str) -> None:
        self.hits: dict[str, int] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                if self.path == "/robots.txt":
                    body, kind = robots.encode(), "text/plain"
                elif self.path == "/sitemap.xml":  # an index naming itself, and its child twice
                    entries = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>"
                                      for p in ("/sitemap.xml", "/child.xml", "/child.xml", "/sitemap.xml"))
                    body, kind = f'<sitemapindex xmlns="{NS}">{entries}</sitemapindex>'.encode(), "application/xml"
                elif self.path == "/child.xml":
                    entries = f"<sitemap><loc>{base}/sitemap.xml</loc></sitemap>"
                    body, kind = f'<sitemapindex xmlns="{NS}">{entries}</sitemapindex>'.encode(), "application/xml"
                else:
                    body, kind = b"<html><body>ok</body></html>", "text/html"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _settings(**overrides: object) -> Settings:
    values: dict[str, object] = {"crawl_rate_per_host": 100.0, "http_retries": 0, "allow_private_addresses": True,
                                 **overrides}
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def polite_site() -> Iterator[HostileSite]:
    site = HostileSite("User-agent: *\nAllow: /\n")
    yield site
    site.close()


@pytest.fixture
def slow_site() -> Iterator[HostileSite]:
    site = HostileSite("User-agent: *\nCrawl-delay: 100000\nAllow: /\n")
    yield site
    site.close()


def test_a_sitemap_index_naming_itself_is_fetched_once(polite_site: HostileSite) -> None:
    profile = SiteProfile("hostile", polite_site.url + "/", sitemaps=("sitemap.xml", "/sitemap.xml"))
    crawler = Crawler([profile], state=MemoryCrawlState(), settings=_settings())
    outcomes: list[Any] = []
    crawler.discover(profile, outcomes)
    assert polite_site.hits["/sitemap.xml"] == 1 and polite_site.hits["/child.xml"] == 1


def test_a_huge_crawl_delay_is_capped_and_counted_in_the_deadline(slow_site: HostileSite,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crawler_module, "MAX_CRAWL_DELAY_SECONDS", 3.0)
    profile = SiteProfile("slow", slow_site.url + "/")
    crawler = Crawler([profile], state=MemoryCrawlState(), settings=_settings(http_deadline=2.0))
    started = time.monotonic()
    first = crawler.fetch(slow_site.url + "/a")  # robots.txt, then the page in the first slot
    second = crawler.fetch(slow_site.url + "/b")  # the next slot is 3 s away (capped), past the 2 s deadline
    elapsed = time.monotonic() - started
    assert first.status == "ok"
    assert second.status != "ok" and "deadline" in (second.detail or "")
    assert slow_site.hits.get("/b") is None and elapsed < 2.5
    third = Crawler([profile], state=MemoryCrawlState(), settings=_settings(http_deadline=10.0))
    third.fetch(slow_site.url + "/a")
    started = time.monotonic()
    assert third.fetch(slow_site.url + "/c").status == "ok"
    assert 2.5 < time.monotonic() - started < 5  # waited the capped 3 s, not 100,000 s
