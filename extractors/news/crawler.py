"""The polite crawler: robots.txt, per-host rate limit, bounded concurrency, conditional GET,
retries with backoff (honouring Retry-After), timeouts, a size cap, redirects only within a
site's allowed hosts, and refusal of private addresses. It fetches; it never parses articles.

Every URL ends in a :class:`FetchOutcome` with a status, so no fault crashes a crawl:
ok, not_modified, robots_disallowed, too_large, http_error, timeout, connection_error,
redirect_refused, redirect_loop, bad_content_type, private_address_refused.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import re
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests

from core.logs import event
from core.settings import Settings, get_settings
from extractors.news.registry import SiteProfile
from extractors.news.state import GAVE_UP, CrawlRecord, CrawlStateStore, MemoryCrawlState

log = logging.getLogger("pantau.crawler")

MAX_REDIRECTS = 5
MAX_RETRY_WAIT_S = 30.0
MAX_LISTING_PAGES = 10
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


class HostLimiter:
    """At most one request per ``interval`` seconds per host, across threads."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, interval: float) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + interval
        if slot > now:
            time.sleep(slot - now)


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset=([\w-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def _parse_when(text: str | None) -> datetime | None:
    if not text:
        return None
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Crawler:
    def __init__(self, sites: list[SiteProfile], *, state: CrawlStateStore | None = None,
                 settings: Settings | None = None, allow_private: bool | None = None,
                 session: requests.Session | None = None) -> None:
        self.sites = list(sites)
        self.state = state or MemoryCrawlState()
        self.settings = settings or get_settings()
        self.allow_private = self.settings.allow_private_addresses if allow_private is None else allow_private
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.settings.user_agent
        self.limiter = HostLimiter()
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_lock = threading.Lock()

    # --- politeness ----------------------------------------------------------------------------

    def _site_for(self, url: str) -> SiteProfile | None:
        for site in self.sites:
            if url.startswith(site.base_url):
                return site
        host = urlsplit(url).hostname
        return next((s for s in self.sites if host in s.allowed_hosts), None)

    def _address_refused(self, url: str) -> str | None:
        host = urlsplit(url).hostname
        if not host:
            return "no host in URL"
        try:
            infos = socket.getaddrinfo(host, None)
        except OSError as exc:
            return f"cannot resolve {host}: {exc.strerror or exc}"
        if self.allow_private:
            return None
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
                    or address.is_multicast or address.is_unspecified):
                return f"{host} resolves to a non-public address ({address})"
        return None

    def _interval(self, url: str) -> float:
        interval = 1.0 / max(self.settings.crawl_rate_per_host, 0.001)
        robots = self._robots.get(self._origin(url))
        if robots is not None:
            delay = robots.crawl_delay(self.settings.user_agent)
            if delay:
                interval = max(interval, float(delay))
        return interval

    @staticmethod
    def _origin(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def _robots_for(self, url: str) -> RobotFileParser | None:
        origin = self._origin(url)
        with self._robots_lock:
            if origin in self._robots:
                return self._robots[origin]
        outcome = self._request(f"{origin}/robots.txt", kind="robots", conditional=False, check_robots=False)
        parser: RobotFileParser | None = RobotFileParser()
        assert parser is not None
        if outcome.status == "ok" and outcome.page is not None:
            parser.parse(outcome.page.content.decode("utf-8", "replace").splitlines())
        elif outcome.http_status is not None and 400 <= outcome.http_status < 500:
            parser.parse([])  # no robots.txt: everything allowed
        else:
            log.warning("robots.txt unavailable; treating %s as disallowed (%s)", origin, outcome.status)
            parser = None  # 5xx or no answer: disallow all, as the convention asks
        with self._robots_lock:
            self._robots[origin] = parser
        return parser

    def allowed_by_robots(self, url: str) -> bool:
        parser = self._robots_for(url)
        return parser is not None and parser.can_fetch(self.settings.user_agent, url)

    # --- fetching ------------------------------------------------------------------------------

    def fetch(self, url: str, *, kind: str = "article", conditional: bool = True) -> FetchOutcome:
        """Fetch one URL politely; never raises for a network or server fault."""
        return self._request(url, kind=kind, conditional=conditional, check_robots=True)

    def _request(self, url: str, *, kind: str, conditional: bool, check_robots: bool) -> FetchOutcome:
        started = time.monotonic()
        url = urldefrag(url)[0]
        site = self._site_for(url)
        current = url
        seen = {current}
        attempts = 0
        outcome: FetchOutcome
        while True:
            refused = self._address_refused(current)
            if refused:
                status = "private_address_refused" if "non-public" in refused else "connection_error"
                outcome = FetchOutcome(url, status, attempts=attempts, detail=refused)
                break
            if check_robots and not self.allowed_by_robots(current):
                outcome = FetchOutcome(url, "robots_disallowed", attempts=attempts, detail=current)
                break
            headers: dict[str, str] = {}
            record = self.state.get(current) if conditional else None
            if record is not None:
                if record.etag:
                    headers["If-None-Match"] = record.etag
                if record.last_modified:
                    headers["If-Modified-Since"] = record.last_modified
            response, attempts, failure = self._get_with_retries(current, headers, attempts)
            if response is None:
                last_status = int(failure[1].split()[1]) if failure[1].startswith("HTTP ") else None
                outcome = FetchOutcome(url, failure[0], last_status, attempts=attempts, detail=failure[1])
                break
            try:
                if response.status_code in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                    target = urldefrag(urljoin(current, response.headers["Location"]))[0]
                    allowed = site.allows_host(target) if site else urlsplit(target).hostname == urlsplit(
                        url).hostname
                    if not allowed:
                        outcome = FetchOutcome(url, "redirect_refused", response.status_code, attempts,
                                               detail=f"redirect to {target} leaves the site's allowed hosts")
                        break
                    if target in seen or len(seen) > MAX_REDIRECTS:
                        outcome = FetchOutcome(url, "redirect_loop", response.status_code, attempts, detail=target)
                        break
                    seen.add(target)
                    current = target
                    continue
                if response.status_code == 304:
                    outcome = FetchOutcome(url, "not_modified", 304, attempts)
                    break
                if response.status_code >= 400:
                    outcome = FetchOutcome(url, "http_error", response.status_code, attempts,
                                           detail=f"HTTP {response.status_code}")
                    break
                content_type = response.headers.get("Content-Type", "")
                if kind != "robots" and content_type and content_type.split(";")[0].strip().lower() not in TEXT_TYPES:
                    outcome = FetchOutcome(url, "bad_content_type", response.status_code, attempts,
                                           detail=content_type)
                    break
                body = self._read_capped(response)
                if body is None:
                    outcome = FetchOutcome(url, "too_large", response.status_code, attempts,
                                           detail=f"body over {self.settings.crawl_max_bytes} bytes")
                    break
                page = FetchedPage(url=url, final_url=current, status=response.status_code, content=body,
                                   encoding=_charset(content_type), content_type=content_type,
                                   etag=response.headers.get("ETag"),
                                   last_modified=response.headers.get("Last-Modified"),
                                   fetched_at=datetime.now(UTC), kind=kind, site=site.name if site else None)
                outcome = FetchOutcome(url, "ok", response.status_code, attempts, page=page)
                if kind in ("article", "listing"):
                    self.state.put(CrawlRecord(url=current, site=page.site, etag=page.etag,
                                               last_modified=page.last_modified,
                                               content_sha256=hashlib.sha256(body).hexdigest(), status="ok",
                                               fetched_at=page.fetched_at.isoformat()))
                break
            except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError) as exc:
                outcome = FetchOutcome(url, "connection_error", attempts=attempts, detail=type(exc).__name__)
                break
            except requests.exceptions.Timeout:
                outcome = FetchOutcome(url, "timeout", attempts=attempts, detail="read timed out")
                break
            finally:
                response.close()
        outcome.elapsed = time.monotonic() - started
        if outcome.status not in ("ok", "not_modified"):
            event(log, "fetch outcome", url=url, status=outcome.status, http_status=outcome.http_status,
                  attempts=outcome.attempts, detail=outcome.detail)
        return outcome

    def _get_with_retries(self, url: str, headers: dict[str, str],
                          attempts: int) -> tuple[requests.Response | None, int, tuple[str, str]]:
        retries = self.settings.http_retries
        timeout = (self.settings.http_timeout_connect, self.settings.http_timeout_read)
        failure = ("connection_error", "")
        for attempt in range(retries + 1):
            self.limiter.wait(urlsplit(url).netloc, self._interval(url))
            attempts += 1
            try:
                response = self.session.get(url, headers=headers, timeout=timeout, stream=True,
                                            allow_redirects=False)
            except requests.exceptions.Timeout:
                failure = ("timeout", "no answer within the timeout")
            except requests.exceptions.RequestException as exc:
                failure = ("connection_error", type(exc).__name__)
            else:
                if response.status_code != 429 and response.status_code < 500:
                    return response, attempts, failure
                failure = ("http_error", f"HTTP {response.status_code}")
                wait = self._retry_after(response.headers.get("Retry-After"))
                response.close()
                if attempt < retries:
                    time.sleep(wait if wait is not None else self._backoff(attempt))
                continue
            if attempt < retries:
                time.sleep(self._backoff(attempt))
        return None, attempts, failure

    def _backoff(self, attempt: int) -> float:
        return float(min(MAX_RETRY_WAIT_S, self.settings.http_backoff * (2 ** attempt)))

    @staticmethod
    def _retry_after(value: str | None) -> float | None:
        if not value:
            return None
        if value.strip().isdigit():
            return min(MAX_RETRY_WAIT_S, float(value))
        when = _parse_when(value)
        if when is None:
            return None
        return max(0.0, min(MAX_RETRY_WAIT_S, (when - datetime.now(UTC)).total_seconds()))

    def _read_capped(self, response: requests.Response) -> bytes | None:
        limit = self.settings.crawl_max_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            return None
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

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
                    items.append((link.strip(), _parse_when(when)))
            elif tag == "entry":  # Atom
                link_el = next((c for c in item if c.tag.split("}")[-1] == "link" and c.get("href")), None)
                when = next((c.text for c in item if c.tag.split("}")[-1] in ("published", "updated")), None)
                if link_el is not None:
                    items.append((str(link_el.get("href")), _parse_when(when)))
        return items

    def _sitemap_items(self, content: bytes, depth: int = 0) -> list[tuple[str, datetime | None]]:
        try:
            root = ET.fromstring(content)
        except ET.ParseError:
            return []
        items: list[tuple[str, datetime | None]] = []
        kind = root.tag.split("}")[-1]
        for node in root:
            loc = next((c.text for c in node if c.tag.split("}")[-1] == "loc"), None)
            if not loc:
                continue
            if kind == "sitemapindex":
                if depth < 2:
                    nested = self.fetch(loc.strip(), kind="sitemap", conditional=False)
                    if nested.page is not None:
                        items.extend(self._sitemap_items(nested.page.content, depth + 1))
                continue
            when = None
            for child in node.iter():
                if child.tag.split("}")[-1] in ("publication_date", "lastmod") and child.text:
                    when = _parse_when(child.text)
                    break
            items.append((loc.strip(), when))
        return items

    def _listing_items(self, site: SiteProfile, start_url: str, outcomes: list[FetchOutcome]
                       ) -> list[tuple[str, datetime | None]]:
        from bs4 import BeautifulSoup

        items: list[tuple[str, datetime | None]] = []
        pattern = re.compile(site.article_pattern)
        url: str | None = start_url
        seen: set[str] = set()
        while url and url not in seen and len(seen) < MAX_LISTING_PAGES:
            seen.add(url)
            outcome = self.fetch(url, kind="listing", conditional=False)
            outcomes.append(outcome)
            if outcome.page is None:
                break
            soup = BeautifulSoup(outcome.page.content, "lxml")
            for anchor in soup.find_all("a", href=True):
                href = urldefrag(urljoin(outcome.page.final_url, str(anchor["href"])))[0]
                if site.allows_host(href) and pattern.search(urlsplit(href).path):
                    items.append((href, None))
            next_link = soup.find("a", rel="next") or soup.find("link", rel="next")
            url = urljoin(outcome.page.final_url, str(next_link["href"])) if next_link and next_link.get(
                "href") else None
        return items

    def discover(self, site: SiteProfile, outcomes: list[FetchOutcome]) -> list[tuple[str, datetime | None]]:
        found: list[tuple[str, datetime | None]] = []
        for feed in site.feeds:
            outcome = self.fetch(site.url(feed), kind="feed", conditional=False)
            outcomes.append(outcome)
            if outcome.page is not None:
                found.extend(self._feed_items(outcome.page.content))
        for sitemap in site.sitemaps:
            outcome = self.fetch(site.url(sitemap), kind="sitemap", conditional=False)
            outcomes.append(outcome)
            if outcome.page is not None:
                found.extend(self._sitemap_items(outcome.page.content))
        for section in site.sections:
            found.extend(self._listing_items(site, site.url(section), outcomes))
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
            for url, when in self.discover(profile, result.outcomes):
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
