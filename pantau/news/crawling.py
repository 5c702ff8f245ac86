"""Crawling: fetch the registered sites politely, archive each page, open a news batch with its
manifest. Nothing is remembered of a fetch here: the pages' validators travel in the manifest
and become crawl state only when their batch is loaded (:mod:`pantau.news.loading`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from core.logs import event
from core.redact import mask_nik_in_name
from core.settings import Settings, get_settings
from extractors.archive import archive_bytes
from extractors.news.crawler import Crawler, FetchOutcome
from extractors.news.registry import SiteProfile, load_sites
from extractors.news.state import CrawlRecord
from pantau.news.batch import NewsBatch
from transforms.dates import parse_datetime_id
from warehouse.db import get_engine, session_scope, stored_utc
from warehouse.models import NewsCrawlState

log = logging.getLogger("pantau.news")

# Fetches one page an article links to (``url``, found on ``found_on``): its bytes and encoding, or
# None when it could not be fetched.
FetchMore = Callable[[str, str], tuple[bytes, str | None] | None]


@dataclass(frozen=True)
class PageEntry:
    """One archived page of a crawl batch, as listed in the batch manifest."""

    url: str
    final_url: str | None
    sha256: str
    path: str
    encoding: str | None = None
    site: str | None = None
    fetched_at: str | None = None
    continuation_of: str | None = None  # the first page's URL, for pages 2..n of an article
    etag: str | None = None  # the validators the crawl state gets once the batch is loaded
    last_modified: str | None = None


@dataclass
class Manifest:
    batch_id: int
    pages: list[PageEntry]
    outcomes: dict[str, int]

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"batch_id": self.batch_id, "pages": [asdict(p) for p in self.pages], "outcomes": self.outcomes}
        tmp = path.with_suffix(".part")
        tmp.write_text(json.dumps(payload, indent=1))
        tmp.replace(path)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        data = json.loads(path.read_text())
        return cls(batch_id=int(data["batch_id"]), pages=[PageEntry(**p) for p in data["pages"]],
                   outcomes=dict(data.get("outcomes") or {}))


@dataclass
class CrawlSummary:
    batch_id: int
    pages: int
    outcomes: dict[str, int]
    manifest: str


def manifest_path(settings: Settings, batch_id: int) -> Path:
    return settings.data_dir / "news" / f"batch-{batch_id}.json"


def page_archive(settings: Settings) -> Path:
    return settings.archive_dir / "news"


def load_site_profiles(settings: Settings | None = None) -> list[SiteProfile]:
    settings = settings or get_settings()
    return list(load_sites(settings.sites_file))


def parse_window(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    return (parse_datetime_id(since) if since else None, parse_datetime_id(until) if until else None)


class WarehouseCrawlState:
    """What the crawler knows of a URL from ``news_crawl_state`` (validators for a conditional GET,
    whether it gave up on the page). Writes are not the crawler's: a page's state is saved with
    its batch (:func:`pantau.news.loading.remember_pages`), so ``put`` keeps nothing."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, url: str) -> CrawlRecord | None:
        with session_scope(self.engine) as session:
            row = session.get(NewsCrawlState, mask_nik_in_name(url))  # stored with its NIKs masked
            if row is None:
                return None
            fetched = stored_utc(row.last_fetched_at)
            return CrawlRecord(url=row.url, site=row.site_name, etag=row.etag, last_modified=row.last_modified,
                               content_sha256=row.content_sha256, status=row.last_status,
                               fetched_at=fetched.isoformat() if fetched else None)

    def put(self, record: CrawlRecord) -> None:
        """Nothing: the state of a fetched page is saved when its batch is loaded."""


def polite_crawler(settings: Settings | None = None, state: WarehouseCrawlState | None = None) -> Crawler:
    settings = settings or get_settings()
    return Crawler(load_site_profiles(settings), state=state, settings=settings)


def fetch_through(crawler: Crawler) -> FetchMore:
    """Continuation pages go through the same polite crawler (robots, rate limit, retries), held
    to the policy of the site of the page that links to them."""

    def fetch_more(url: str, found_on: str) -> tuple[bytes, str | None] | None:
        page = crawler.fetch(url, found_on=found_on).page
        return None if page is None else (page.content, page.encoding)

    return fetch_more


def archive_page(settings: Settings, content: bytes, *, url: str, final_url: str | None, encoding: str | None,
                 site: str | None, fetched_at: datetime | None, continuation_of: str | None = None,
                 etag: str | None = None, last_modified: str | None = None) -> PageEntry:

    archived = archive_bytes(content, page_archive(settings), "page.html")
    return PageEntry(url=url, final_url=final_url, sha256=archived.sha256, path=str(archived.archive_path),
                     encoding=encoding, site=site, fetched_at=fetched_at.isoformat() if fetched_at else None,
                     continuation_of=continuation_of, etag=etag, last_modified=last_modified)


def count_outcomes(outcomes: Iterable[FetchOutcome]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts


def crawl(*, site: str | None = None, since: str | None = None, until: str | None = None,
          max_pages: int | None = None, run_id: str | None = None,
          progress: Callable[[FetchOutcome], None] | None = None, settings: Settings | None = None) -> CrawlSummary:
    """Crawl the registered sites politely; archive each fetched page; open a news batch.

    News batches an earlier run left open (its process died, or its pages were never processed)
    are closed first: their pages' state was never saved, so this crawl fetches them again."""

    settings = settings or get_settings()
    engine = get_engine()
    NewsBatch.close_abandoned(engine)
    start, end = parse_window(since, until)
    crawler = polite_crawler(settings, state=WarehouseCrawlState(engine))
    result = crawler.crawl(site=site, since=start, until=end, max_pages=max_pages, progress=progress)
    pages = [archive_page(settings, page.content, url=page.url, final_url=page.final_url, encoding=page.encoding,
                          site=page.site, fetched_at=page.fetched_at, etag=page.etag, last_modified=page.last_modified)
             for page in result.pages]
    outcomes = count_outcomes(result.outcomes)
    batch_id = NewsBatch.open(engine, [p.sha256 for p in pages], site=site, run_id=run_id)
    path = manifest_path(settings, batch_id)
    Manifest(batch_id=batch_id, pages=pages, outcomes=outcomes).write(path)
    event(log, "crawl finished", batch_id=batch_id, pages=len(pages), **outcomes)
    return CrawlSummary(batch_id=batch_id, pages=len(pages), outcomes=outcomes, manifest=str(path))
