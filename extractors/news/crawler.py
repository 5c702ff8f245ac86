"""The polite crawler: robots.txt, bounded concurrency, conditional GET and discovery (feeds,
sitemaps, listings, bounded by ``max_pages``), over the one downloader
(:mod:`extractors.downloader`: host and address policy, rate limit, retries, size cap, deadline).
Every URL it fetches, continuation pages and nested sitemaps included, is held to the policy of its
site. It fetches; it never parses articles.

Every URL ends in a :class:`FetchOutcome` with a status, so no fault crashes a crawl:
ok, not_modified, robots_disallowed, too_large, http_error, timeout, connection_error,
redirect_refused, redirect_loop, bad_content_type, private_address_refused, host_refused
(a URL outside its site's hosts or port), gave_up_no_article.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from core.logs import event
from core.settings import Settings, get_settings
from extractors.downloader import Downloader, HostPolicy, parse_http_date
from extractors.news.registry import SiteProfile
from extractors.news.state import GAVE_UP, CrawlRecord, CrawlStateStore, MemoryCrawlState

log = logging.getLogger("pantau.crawler")

MAX_LISTING_PAGES = 10
# A robots.txt Crawl-delay above this is cut to it (and logged): one slow site cannot hold a crawl for
# days; the wait also counts in each fetch's deadline (``http_deadline``).
MAX_CRAWL_DELAY_SECONDS = 60.0
MAX_DISCOVERY_FETCHES = 200  # sitemaps and listing pages per site, when no --max-pages bounds it
TEXT_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "application/rss+xml",
              "application/atom+xml", "text/plain")


@dataclass
class FetchedPage:
    url: str
    final_url: str
    status: int
    content: bytes
    encoding: str | None
    content_type: str
    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    kind: str  # article | listing | feed | sitemap | robots
    site: str | None = None


@dataclass
class FetchOutcome:
    url: str
    status: str
    http_status: int | None = None
    attempts: int = 0
    elapsed: float = 0.0
    detail: str | None = None
    page: FetchedPage | None = None


@dataclass
class CrawlResult:
    pages: list[FetchedPage] = field(default_factory=list)
    outcomes: list[FetchOutcome] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        return counts


@dataclass
class _Budget:
    """What discovery of one site may still do: fetch documents, find URLs."""

    outcomes: list[FetchOutcome]
    max_pages: int | None
    site_url: str
    fetched: int = 0
    urls: int = 0
    sitemaps: set[str] = field(default_factory=set)  # fetched already: an index naming itself is read once

    def first_sitemap(self, url: str) -> bool:
        """Whether ``url`` is a sitemap not fetched yet in this discovery (and note it)."""
        key = urldefrag(url.strip())[0]
        if key in self.sitemaps:
            return False
        self.sitemaps.add(key)
        return True

    @property
    def spent(self) -> bool:
        return self.max_pages is not None and self.urls >= self.max_pages

    def fetch(self) -> bool:
        """Whether one more document named by another (a nested sitemap, a next listing page) may be
        fetched (and count it)."""
        limit = MAX_DISCOVERY_FETCHES if self.max_pages is None else self.max_pages
        if self.spent or self.fetched >= limit:
            return False
        self.fetched += 1
        return True

    def found(self, count: int) -> None:
        self.urls += count


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset=([\w-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def _text_type(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() in TEXT_TYPES


class Crawler:
    def __init__(self, sites: list[SiteProfile], *, state: CrawlStateStore | None = None,
                 settings: Settings | None = None, allow_private: bool | None = None,
                 downloader: Downloader | None = None) -> None:
        self.sites = list(sites)
        self.state = state or MemoryCrawlState()
        self.settings = settings or get_settings()
        self.allow_private = self.settings.allow_private_addresses if allow_private is None else allow_private
        self.downloader = downloader or Downloader(self.settings, interval=self._interval)
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_lock = threading.Lock()
        self._delay_capped: set[str] = set()

    # --- politeness ----------------------------------------------------------------------------

    def _site_for(self, url: str) -> SiteProfile | None:
        for site in self.sites:
            if url.startswith(site.base_url):
                return site
        host = urlsplit(url).hostname
        return next((s for s in self.sites if host in s.allowed_hosts), None)

    def policy(self, url: str) -> HostPolicy:
        """Where a fetch that starts at ``url`` may go: its site's hosts on its site's port (a URL of
        no registered site: its own host and port)."""
        site = self._site_for(url)
        if site is None:
            return HostPolicy.for_base(url, allow_private=self.allow_private)
        return HostPolicy.for_base(site.base_url, site.allowed_hosts, allow_private=self.allow_private)

    def _interval(self, url: str) -> float:
        interval = 1.0 / max(self.settings.crawl_rate_per_host, 0.001)
        robots = self._robots.get(self._origin(url))
        if robots is not None:
            delay = robots.crawl_delay(self.settings.user_agent)
            if delay:
                asked = float(delay)
                if asked > MAX_CRAWL_DELAY_SECONDS and self._origin(url) not in self._delay_capped:
                    self._delay_capped.add(self._origin(url))
                    event(log, "Crawl-delay capped", origin=self._origin(url), asked_s=asked,
                          waited_s=MAX_CRAWL_DELAY_SECONDS)
                interval = max(interval, min(asked, MAX_CRAWL_DELAY_SECONDS))
        return interval

    @staticmethod
    def _origin(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def _robots_for(self, url: str) -> RobotFileParser | None:
        """The origin's robots.txt (RFC 9309): read when it answers; a 4xx other than 429 means no
        rules (everything allowed); a 429, a 5xx or no answer means "disallow for now" (None)."""
        origin = self._origin(url)
        with self._robots_lock:
            if origin in self._robots:
                return self._robots[origin]
        download = self.downloader.get(f"{origin}/robots.txt", policy=self.policy(url))
        parser: RobotFileParser | None = RobotFileParser()
        assert parser is not None
        status = download.http_status
        if download.status == "ok":
            parser.parse(download.content.decode("utf-8", "replace").splitlines())
        elif status is not None and 400 <= status < 500 and status != 429:
            parser.parse([])  # no robots.txt: everything allowed
        else:
            event(log, "robots.txt unavailable; origin disallowed for now", origin=origin, status=download.status,
                  http_status=status)
            parser = None
        with self._robots_lock:
            self._robots[origin] = parser
        return parser

    def allowed_by_robots(self, url: str) -> bool:
        parser = self._robots_for(url)
        return parser is not None and parser.can_fetch(self.settings.user_agent, url)

    # --- fetching ------------------------------------------------------------------------------

    def fetch(self, url: str, *, kind: str = "article", conditional: bool = True,
              found_on: str | None = None) -> FetchOutcome:
        """Fetch one URL politely; never raises for a network or server fault.

        A URL a page or index named (a continuation page, a nested sitemap, the next listing page)
        is fetched with the policy of the page it was ``found_on``: its site's hosts and port."""
        url = urldefrag(url)[0]
        site = self._site_for(found_on or url)

        def robots(hop: str) -> tuple[str, str] | None:
            return None if self.allowed_by_robots(hop) else ("robots_disallowed", hop)

        download = self.downloader.get(url, policy=self.policy(found_on or url), gate=robots,
                                       conditional=self._validators if conditional else None,
                                       accept_type=_text_type)
        outcome = FetchOutcome(url, download.status, download.http_status, download.attempts, download.elapsed,
                               download.detail)
        if download.status == "ok":
            content_type = download.content_type
            body = download.content
            final_url = download.final_url or url
            page = FetchedPage(url=url, final_url=final_url, status=download.http_status or 200, content=body,
                               encoding=_charset(content_type), content_type=content_type,
                               etag=download.headers.get("etag"), last_modified=download.headers.get("last-modified"),
                               fetched_at=datetime.now(UTC), kind=kind, site=site.name if site else None)
            outcome.page = page
            if kind in ("article", "listing"):
                self.state.put(CrawlRecord(url=final_url, site=page.site, etag=page.etag,
                                           last_modified=page.last_modified,
                                           content_sha256=hashlib.sha256(body).hexdigest(), status="ok",
                                           fetched_at=page.fetched_at.isoformat()))
        return outcome

    def _validators(self, url: str) -> dict[str, str]:
        record = self.state.get(url)
        headers: dict[str, str] = {}
        if record is not None:
            if record.etag:
                headers["If-None-Match"] = record.etag
            if record.last_modified:
                headers["If-Modified-Since"] = record.last_modified
        return headers

    # --- discovery -----------------------------------------------------------------------------

    def _feed_items(self, content: bytes) -> list[tuple[str, datetime | None]]:
        items: list[tuple[str, datetime | None]] = []
        try:
            root = ET.fromstring(content)
        except ET.ParseError:
            return items
        for item in root.iter():
            tag = item.tag.split("}")[-1]
            if tag == "item":  # RSS 2.0
                link = item.findtext("link")
                when = item.findtext("pubDate")
                if link:
                    items.append((link.strip(), parse_http_date(when)))
            elif tag == "entry":  # Atom
                link_el = next((c for c in item if c.tag.split("}")[-1] == "link" and c.get("href")), None)
                when = next((c.text for c in item if c.tag.split("}")[-1] in ("published", "updated")), None)
                if link_el is not None:
                    items.append((str(link_el.get("href")), parse_http_date(when)))
        return items

    def _sitemap_items(self, content: bytes, budget: _Budget, depth: int = 0) -> list[tuple[str, datetime | None]]:
        try:
            root = ET.fromstring(content)
        except ET.ParseError:
            return []
        items: list[tuple[str, datetime | None]] = []
        kind = root.tag.split("}")[-1]
        for node in root:
            if budget.spent:
                break
            loc = next((c.text for c in node if c.tag.split("}")[-1] == "loc"), None)
            if not loc:
                continue
            if kind == "sitemapindex":
                if depth < 2 and budget.first_sitemap(loc) and budget.fetch():
                    nested = self.fetch(loc.strip(), kind="sitemap", conditional=False, found_on=budget.site_url)
                    budget.outcomes.append(nested)
                    if nested.page is not None:
                        items.extend(self._sitemap_items(nested.page.content, budget, depth + 1))
                continue
            when = None
            for child in node.iter():
                if child.tag.split("}")[-1] in ("publication_date", "lastmod") and child.text:
                    when = parse_http_date(child.text)
                    break
            items.append((loc.strip(), when))
            budget.found(1)
        return items

    def _listing_items(self, site: SiteProfile, start_url: str, budget: _Budget) -> list[tuple[str, datetime | None]]:
        # Heavy: BeautifulSoup, loaded only when this runs.
        from bs4 import BeautifulSoup

        items: list[tuple[str, datetime | None]] = []
        pattern = re.compile(site.article_pattern)
        url: str | None = start_url
        seen: set[str] = set()
        while url and url not in seen and len(seen) < MAX_LISTING_PAGES and (
                (not seen and not budget.spent) or budget.fetch()):
            seen.add(url)
            outcome = self.fetch(url, kind="listing", conditional=False, found_on=site.base_url)
            budget.outcomes.append(outcome)
            if outcome.page is None:
                break
            soup = BeautifulSoup(outcome.page.content, "lxml")
            for anchor in soup.find_all("a", href=True):
                href = urldefrag(urljoin(outcome.page.final_url, str(anchor["href"])))[0]
                if site.allows_host(href) and pattern.search(urlsplit(href).path):
                    items.append((href, None))
                    budget.found(1)
            next_link = soup.find("a", rel="next") or soup.find("link", rel="next")
            url = urljoin(outcome.page.final_url, str(next_link["href"])) if next_link and next_link.get(
                "href") else None
        return items

    def discover(self, site: SiteProfile, outcomes: list[FetchOutcome], *,
                 max_pages: int | None = None) -> list[tuple[str, datetime | None]]:
        """Article URLs from the site's feeds, sitemaps (nested ones too) and section listings.

        With ``max_pages``, discovery stops once it has found that many URLs, and fetches at most that
        many documents named by other documents (nested sitemaps, further listing pages); without,
        at most ``MAX_DISCOVERY_FETCHES`` of those per site."""
        budget = _Budget(outcomes, max_pages, site.base_url)
        found: list[tuple[str, datetime | None]] = []
        for feed in site.feeds:
            if budget.spent:
                break
            outcome = self.fetch(site.url(feed), kind="feed", conditional=False)
            outcomes.append(outcome)
            if outcome.page is not None:
                items = self._feed_items(outcome.page.content)
                found.extend(items)
                budget.found(len(items))
        for sitemap in site.sitemaps:
            if budget.spent:
                break
            if not budget.first_sitemap(site.url(sitemap)):
                continue
            outcome = self.fetch(site.url(sitemap), kind="sitemap", conditional=False)
            outcomes.append(outcome)
            if outcome.page is not None:
                found.extend(self._sitemap_items(outcome.page.content, budget))
        for section in site.sections:
            if budget.spent:
                break
            found.extend(self._listing_items(site, site.url(section), budget))
        return found

    def crawl(self, *, site: str | None = None, since: datetime | None = None, until: datetime | None = None,
              max_pages: int | None = None, progress: Callable[[FetchOutcome], None] | None = None
              ) -> CrawlResult:
        result = CrawlResult()
        sites = [s for s in self.sites if site is None or s.name == site]
        if site is not None and not sites:
            raise ValueError(f"no site named {site!r} in the registry")
        # Every sighting of a URL first (feeds and sitemaps carry dates, listings do not), then
        # the window: a URL whose date is known anywhere is judged by it.
        wanted: dict[str, datetime | None] = {}
        for profile in sites:
            for url, when in self.discover(profile, result.outcomes, max_pages=max_pages):
                if not profile.allows_host(url):
                    continue
                if url not in wanted or (wanted[url] is None and when is not None):
                    wanted[url] = when
        wanted = {url: when for url, when in wanted.items()
                  if when is None or not ((since and when < _aware(since)) or (until and when > _aware(until)))}
        # A page where no article was found often enough is not fetched again (news_crawl_outcome says why).
        for url in [u for u in wanted if (record := self.state.get(u)) is not None and record.status == GAVE_UP]:
            del wanted[url]
            result.outcomes.append(FetchOutcome(url, "gave_up_no_article", detail="no article found on it before"))
        urls = list(wanted)[: max_pages] if max_pages else list(wanted)
        with ThreadPoolExecutor(max_workers=max(1, self.settings.crawl_concurrency)) as pool:
            for outcome in pool.map(lambda u: self.fetch(u, kind="article"), urls):
                result.outcomes.append(outcome)
                if outcome.page is not None:
                    result.pages.append(outcome.page)
                if progress is not None:
                    progress(outcome)
        event(log, "crawl done", sites=len(sites), urls=len(urls), **result.counts)
        return result


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def describe(outcome: FetchOutcome) -> dict[str, Any]:
    return {"url": outcome.url, "status": outcome.status, "http_status": outcome.http_status,
            "attempts": outcome.attempts, "detail": outcome.detail}
