"""The news service, beside the coverage ingest service (:mod:`pantau.ingest`).

1. ``crawl``: fetch the registered sites politely, archive every page under its checksum, open a
   news batch (``received``) and write its manifest of pages;
2. ``process_batch``: build each article from its pages (continuation pages fetched and archived
   too), analyse it (programme and region mentions, figures), validate with Great Expectations
   (failing records quarantined with the expectation that failed), then load articles, mentions,
   figures, DQ results, quarantine rows and the batch status in one transaction.

Each step is a small function over typed records; the Airflow task bodies and the CLI call
``crawl`` and ``process_batch`` (through :mod:`pantau.tasks.news`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.errors import InputRejected
from core.logs import event
from core.settings import Settings, get_settings
from transforms.dates import JAKARTA, Period

log = logging.getLogger("pantau.news")

# Fetches one continuation page: its bytes and encoding, or None when it could not be fetched.
FetchMore = Callable[[str], tuple[bytes, str | None] | None]
MAX_PAGES_PER_ARTICLE = 20
# Versions of a page without an article after which the crawler stops fetching it, by kind of reason
# (transforms.article.NO_ARTICLE_KINDS): an index or tag page will not turn into an article; a page
# behind a paywall or without text might, once or twice.
GIVE_UP_AFTER = {"not_article": 1, "paywall": 2, "no_text": 3}
UNIQUE_URL_CHECK = "expect_column_values_to_be_unique"


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


@dataclass
class NewsRunSummary:
    batch_id: int
    pages: int
    articles: int = 0
    rejected_pages: int = 0
    quarantined: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    mentions: int = 0
    figures: int = 0
    implausible_figures: int = 0
    clusters: int = 0
    continuation_pages: int = 0
    no_article: dict[str, int] = field(default_factory=dict)  # pages without an article, by kind of reason
    gave_up: int = 0  # of those, pages the crawler will no longer fetch
    periods: list[str] = field(default_factory=list)
    batch_failures: list[str] = field(default_factory=list)


def manifest_path(settings: Settings, batch_id: int) -> Path:
    return settings.data_dir / "news" / f"batch-{batch_id}.json"


def page_archive(settings: Settings) -> Path:
    return settings.archive_dir / "news"


def load_site_profiles(settings: Settings | None = None) -> list[Any]:
    from extractors.news.registry import load_sites

    settings = settings or get_settings()
    return list(load_sites(settings.sites_file))


def parse_window(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    from transforms.dates import parse_datetime_id

    return (parse_datetime_id(since) if since else None, parse_datetime_id(until) if until else None)


class WarehouseCrawlState:
    """The crawler's state store over ``news_crawl_state`` (conditional GET across runs)."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def get(self, url: str) -> Any:
        from dataclasses import fields

        from extractors.news.state import CrawlRecord
        from warehouse.news_loader import read_crawl_state

        stored = read_crawl_state(self.engine, url)
        if stored is None:
            return None
        names = {f.name for f in fields(CrawlRecord)}
        return CrawlRecord(**{k: v for k, v in stored.items() if k in names})

    def put(self, record: Any) -> None:
        from warehouse.news_loader import write_crawl_state

        write_crawl_state(self.engine, asdict(record))


def polite_crawler(settings: Settings | None = None, state: Any = None) -> Any:
    from extractors.news.crawler import Crawler

    settings = settings or get_settings()
    return Crawler(load_site_profiles(settings), state=state, settings=settings)


def fetch_through(crawler: Any) -> FetchMore:
    """Continuation pages go through the same polite crawler (robots, rate limit, retries)."""

    def fetch_more(url: str) -> tuple[bytes, str | None] | None:
        page = getattr(crawler.fetch(url), "page", None)
        return None if page is None else (page.content, page.encoding)

    return fetch_more


# --- crawl -------------------------------------------------------------------------------------


def archive_page(settings: Settings, content: bytes, *, url: str, final_url: str | None, encoding: str | None,
                 site: str | None, fetched_at: datetime | None, continuation_of: str | None = None) -> PageEntry:
    from extractors.archive import archive_bytes

    archived = archive_bytes(content, page_archive(settings), "page.html")
    return PageEntry(url=url, final_url=final_url, sha256=archived.sha256, path=str(archived.archive_path),
                     encoding=encoding, site=site, fetched_at=fetched_at.isoformat() if fetched_at else None,
                     continuation_of=continuation_of)


def count_outcomes(outcomes: Iterable[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        status = str(getattr(outcome, "status", "unknown"))
        counts[status] = counts.get(status, 0) + 1
    return counts


def open_news_batch(engine: Any, pages: list[PageEntry], *, site: str | None, run_id: str | None) -> int:
    from warehouse.batches import open_batch

    digest = hashlib.sha256("\n".join(sorted(p.sha256 for p in pages)).encode()).hexdigest()
    with open_batch(engine, source_name=site or "news", dataset="news", sha256=digest, rows_read=len(pages),
                    file_name=f"crawl {run_id or datetime.now(UTC).isoformat(timespec='seconds')}",
                    run_id=run_id) as opened:
        return opened.batch_id


def crawl(*, site: str | None = None, since: str | None = None, until: str | None = None,
          max_pages: int | None = None, run_id: str | None = None, progress: Any = None,
          settings: Settings | None = None) -> CrawlSummary:
    """Crawl the registered sites politely; archive each fetched page; open a news batch."""
    from warehouse.db import get_engine

    settings = settings or get_settings()
    engine = get_engine()
    start, end = parse_window(since, until)
    crawler = polite_crawler(settings, state=WarehouseCrawlState(engine))
    result = crawler.crawl(site=site, since=start, until=end, max_pages=max_pages, progress=progress)
    pages = [archive_page(settings, page.content, url=page.url, final_url=page.final_url, encoding=page.encoding,
                          site=page.site, fetched_at=page.fetched_at) for page in result.pages]
    outcomes = count_outcomes(result.outcomes)
    batch_id = open_news_batch(engine, pages, site=site, run_id=run_id)
    path = manifest_path(settings, batch_id)
    Manifest(batch_id=batch_id, pages=pages, outcomes=outcomes).write(path)
    event(log, "crawl finished", batch_id=batch_id, pages=len(pages), **outcomes)
    return CrawlSummary(batch_id=batch_id, pages=len(pages), outcomes=outcomes, manifest=str(path))


# --- articles ----------------------------------------------------------------------------------


@dataclass
class BuiltArticle:
    """An article built from its first page and any continuation pages (all archived)."""

    entry: PageEntry
    article: Any  # transforms.article.Article
    continuation_pages: list[PageEntry]


def build_article(settings: Settings, entry: PageEntry, fetch_more: FetchMore | None) -> BuiltArticle:
    """Extract the article of ``entry``; follow and archive its continuation pages; join them."""
    from transforms.article import extract_article, join_pages

    content = Path(entry.path).read_bytes()
    first = extract_article(content, entry.final_url or entry.url, encoding=entry.encoding)
    parts = [first]
    continuation: list[PageEntry] = []
    seen = {first.url}
    while parts[-1].next_page_url and fetch_more is not None and len(parts) < MAX_PAGES_PER_ARTICLE:
        next_url = parts[-1].next_page_url
        if next_url in seen:
            break
        seen.add(next_url)
        fetched = fetch_more(next_url)
        if fetched is None:
            break
        more, encoding = fetched
        continuation.append(archive_page(settings, more, url=next_url, final_url=next_url, encoding=encoding,
                                         site=entry.site, fetched_at=datetime.now(UTC), continuation_of=entry.url))
        parts.append(extract_article(more, next_url, encoding=encoding))
    article = join_pages(parts) if len(parts) > 1 else first
    return BuiltArticle(entry=entry, article=article, continuation_pages=continuation)


def analyse_text(text: str, published_at: datetime | None) -> tuple[list[Any], list[Any]]:
    """Mentions (programmes and regions) and figures of one article, as warehouse records.

    Every mention keeps the sentence the mention finder found (abbreviations such as "Kab." or
    "Rp." do not end a sentence there).
    """
    from transforms.claims import claims_from_figures
    from transforms.figures import extract_figures
    from transforms.mentions import find_programme_mentions, find_regions
    from warehouse.news_loader import FigureRecord, MentionRecord
    from warehouse.reference import PROVINCE_POPULATION, PROVINCIAL_BUDGET_IDR

    mentions = [MentionRecord(kind="programme", key=m.programme, matched=m.matched, start_offset=m.start,
                              end_offset=m.end, sentence=m.sentence) for m in find_programme_mentions(text)]
    mentions += [MentionRecord(kind="region", key=r.code, matched=r.matched, start_offset=r.start,
                               end_offset=r.end, sentence=r.sentence) for r in find_regions(text)]
    found = extract_figures(text, published_at=published_at, budget_idr=PROVINCIAL_BUDGET_IDR,
                            population=PROVINCE_POPULATION)
    claims = {c.start: c for c in claims_from_figures(text, found, published_at)}
    figures = []
    for f in found:
        claim = claims.get(f.start)
        figures.append(FigureRecord(
            kind=f.kind, value_number=float(f.value) if isinstance(f.value, int | float) else None,
            value_text=str(f.value), unit=f.unit, text=f.text, start_offset=f.start, end_offset=f.end,
            sentence=f.sentence, quantity=claim.metric if claim else None, region_code=f.region_code,
            period=claim.period if claim else f.period, programme=f.programme, plausible=bool(f.plausible),
            plausibility_reason=f.plausibility_reason,
            modality=claim.modality if claim else None, scope=claim.scope if claim else None,
            programmes="+".join(claim.programmes) or None if claim else None,
            segment=claim.segment if claim else None, funding_source=claim.funding_source if claim else None,
            occupation=claim.occupation if claim else None, branch=claim.branch if claim else None,
            actor=claim.actor if claim else None,
            cues=dict(claim.cues) if claim else None))
    return mentions, figures


def period_key(published_at: datetime | None) -> int | None:
    """The month of publication in Jambi (WIB), as a period key."""
    if published_at is None:
        return None
    local = published_at.astimezone(JAKARTA)
    return Period(local.year, local.month).key


def to_record(built: BuiltArticle) -> Any:
    from warehouse.news_loader import ArticleRecord

    article, entry = built.article, built.entry
    mentions, figures = analyse_text(article.text, article.published_at)
    return ArticleRecord(
        url=entry.url, canonical_url=article.canonical_url or entry.url, site_name=entry.site, title=article.title,
        # Stored in UTC on every database; the period is the month in Jambi (WIB).
        published_at=article.published_at.astimezone(UTC) if article.published_at else None,
        period_key=period_key(article.published_at), author=article.author, section=article.section,
        tags=list(article.tags), text=article.text,
        content_sha256=hashlib.sha256(article.text.encode()).hexdigest(), mentions=mentions, figures=figures)


# --- validation --------------------------------------------------------------------------------


@dataclass
class Checked:
    """Records that passed validation, with what was quarantined and what GX said."""

    records: list[Any]
    quarantine: list[Any] = field(default_factory=list)
    validations: list[Any] = field(default_factory=list)
    batch_failures: list[str] = field(default_factory=list)
    rejected: bool = False


def drop_failed(records: list[Any], attribute: str, failed: set[int], batch_id: int, check: str,
                shown: str) -> list[Any]:
    """Remove the items (mentions or figures) GX failed, by their position across all records;
    return their quarantine rows."""
    from warehouse.models import AuditQuarantineRow

    quarantined = []
    position = 0
    for record in records:
        kept = []
        for item in getattr(record, attribute):
            if position in failed:
                quarantined.append(AuditQuarantineRow(
                    batch_id=batch_id, row_number=None, column_name=None, check_name=check,
                    reason=f"{attribute[:-1]} failed validation", raw={"url": record.url, shown: getattr(item, shown)}))
            else:
                kept.append(item)
            position += 1
        setattr(record, attribute, kept)
    return quarantined


def check_articles(settings: Settings, batch_id: int, records: list[Any]) -> Checked:
    """Article-level GX: failing rows quarantined; a failing batch-level check is named in the result.

    Duplicate URLs within one crawl are the one batch failure that is repaired (the first copy of
    each URL is kept); any other batch-level failure rejects the batch.
    """
    import pandas as pd

    from expectations import suites
    from expectations.runner import run_suite
    from warehouse.models import AuditQuarantineRow

    if not records:
        return Checked(records=[])
    now = datetime.now(UTC)
    frame = pd.DataFrame([{
        "url": r.url, "title": r.title, "text": r.text,
        "published_age_hours": ((now - r.published_at).total_seconds() / 3600) if r.published_at else None,
    } for r in records], columns=["url", "title", "text", "published_age_hours"])
    validation = run_suite(frame, suites.news_articles_suite, asset_name="news_articles",
                           run_name=f"batch-{batch_id}", gx_dir=settings.gx_dir)
    checked = Checked(records=records, validations=[validation])
    failing = validation.row_failures()
    for index, outcomes in sorted(failing.items()):
        checked.quarantine.append(AuditQuarantineRow(
            batch_id=batch_id, row_number=int(index) + 1, column_name=outcomes[0].column,
            reason="; ".join(o.describe() for o in outcomes), check_name="news_articles",
            raw={"url": records[index].url, "title": records[index].title[:200]}))
    checked.records = [r for i, r in enumerate(records) if i not in failing]
    checked.batch_failures = [o.describe() for o in validation.batch_failures]
    if any(o.expectation_type != UNIQUE_URL_CHECK or o.column != "url" for o in validation.batch_failures):
        checked.rejected = True
    elif validation.batch_failures:
        unique: dict[str, Any] = {}
        for record in checked.records:
            unique.setdefault(record.url, record)
        checked.records = list(unique.values())
    return checked


def check_mentions_and_figures(settings: Settings, batch_id: int, checked: Checked) -> None:
    import pandas as pd

    from expectations import suites
    from expectations.runner import run_suite
    from warehouse.news_loader import FigureRecord, MentionRecord

    for attribute, record_type, build, check, shown in (
            ("mentions", MentionRecord, suites.news_mentions_suite, "news_mentions", "matched"),
            ("figures", FigureRecord, suites.news_figures_suite, "news_figures", "text")):
        items = [asdict(item) for r in checked.records for item in getattr(r, attribute)]
        if not items:
            continue
        columns = [f for f in record_type.__dataclass_fields__]
        validation = run_suite(pd.DataFrame(items, columns=columns), build, asset_name=check,
                               run_name=f"batch-{batch_id}", gx_dir=settings.gx_dir)
        checked.validations.append(validation)
        checked.quarantine += drop_failed(checked.records, attribute, set(validation.row_failures()), batch_id,
                                          check, shown)


# --- load --------------------------------------------------------------------------------------


def publish(engine: Any, batch_id: int, checked: Checked, summary: NewsRunSummary,
            no_article: list[Any] | None = None) -> Any:
    """DQ results, quarantine rows, articles, pages without an article and the batch status, in one
    transaction; returns what the load did (``NewsLoadCounts``)."""
    from expectations.runner import record
    from extractors.news.state import GAVE_UP
    from warehouse import batches
    from warehouse.db import session_scope
    from warehouse.news_loader import NewsLoadCounts, forget_no_article, load_articles, record_no_article

    with session_scope(engine) as session:
        if not batches.is_open(session, batch_id):  # processed before: a second run changes nothing
            log.info("news batch already closed; nothing loaded", extra={"fields": {"batch_id": batch_id}})
            return NewsLoadCounts()
        now = datetime.now(UTC)
        summary.gave_up = sum(record_no_article(session, batch_id, page, now, gave_up_status=GAVE_UP,
                                                give_up_after=GIVE_UP_AFTER[page.outcome])
                              for page in no_article or [])
        if not checked.rejected:
            forget_no_article(session, [r.url for r in checked.records])
        for validation in checked.validations:
            record(session, batch_id, validation)
        session.add_all(checked.quarantine)
        values = dict(rows_quarantined=len(checked.quarantine), dq_success=all(v.passed for v in checked.validations),
                      data_docs_url=checked.validations[0].data_docs_url if checked.validations else None)
        if checked.rejected:
            batches.reject(session, batch_id, "data-quality checks failed: " + "; ".join(checked.batch_failures),
                           **values)
            counts = NewsLoadCounts()
        else:
            counts = load_articles(session, batch_id, checked.records)
            notes = [f"{counts.unchanged} unchanged article(s)"] if counts.unchanged else []
            notes += [f"repaired: {failure}" for failure in checked.batch_failures]
            if summary.no_article:
                notes.append(f"{sum(summary.no_article.values())} page(s) without an article ("
                             + ", ".join(f"{kind} {n}" for kind, n in sorted(summary.no_article.items())) + ")")
            batches.publish(session, batch_id, reason="; ".join(notes) or None,
                            rows_loaded=counts.inserted + counts.updated, **values)
    return counts


def process_batch(batch_id: int, *, fetch_more: FetchMore | None = None,
                  settings: Settings | None = None) -> NewsRunSummary:
    """Extract, analyse, validate and load the pages a crawl batch fetched.

    A page without an article is no error of the batch: it is stored as a crawl outcome with its
    reason (``news_crawl_outcome``) and counted in the summary."""
    from transforms.article import NoArticle
    from warehouse.db import get_engine
    from warehouse.models import AuditQuarantineRow
    from warehouse.news_loader import NoArticleRecord

    settings = settings or get_settings()
    path = manifest_path(settings, batch_id)
    manifest = Manifest.read(path)
    first_pages = [p for p in manifest.pages if p.continuation_of is None]
    summary = NewsRunSummary(batch_id=batch_id, pages=len(first_pages))
    records: list[Any] = []
    rejected: list[Any] = []
    continuation: list[PageEntry] = []
    no_article: list[Any] = []
    for index, entry in enumerate(first_pages):
        try:
            built = build_article(settings, entry, fetch_more)
        except NoArticle as exc:
            no_article.append(NoArticleRecord(url=entry.url, site_name=entry.site, outcome=exc.kind,
                                              reason=str(exc), content_sha256=entry.sha256))
            continue
        except InputRejected as exc:
            rejected.append(AuditQuarantineRow(batch_id=batch_id, row_number=index + 1, column_name=None,
                                               reason=str(exc), check_name="extract",
                                               raw={"url": entry.url, "sha256": entry.sha256}))
            continue
        continuation += built.continuation_pages
        records.append(to_record(built))
    if continuation:
        # The manifest lists every archived page an article was built from.
        known = {(p.url, p.sha256) for p in manifest.pages}
        manifest.pages += [p for p in continuation if (p.url, p.sha256) not in known]
        manifest.write(path)
    checked = check_articles(settings, batch_id, records)
    checked.quarantine[:0] = rejected
    check_mentions_and_figures(settings, batch_id, checked)
    summary.rejected_pages = len(rejected)
    summary.continuation_pages = len(continuation)
    summary.articles = 0 if checked.rejected else len(checked.records)
    summary.quarantined = len(checked.quarantine)
    summary.batch_failures = checked.batch_failures
    summary.implausible_figures = sum(1 for r in checked.records for f in r.figures if not f.plausible)
    summary.periods = sorted({str(r.period_key) for r in checked.records if r.period_key})
    for page in no_article:
        summary.no_article[page.outcome] = summary.no_article.get(page.outcome, 0) + 1
    from warehouse.batches import lease_batch

    with lease_batch(get_engine(), batch_id):  # closed while held: nobody takes it for abandoned
        counts = publish(get_engine(), batch_id, checked, summary, no_article)
    summary = replace(summary, **asdict(counts))
    event(log, "news batch loaded", **asdict(summary))
    return summary


# --- reading -----------------------------------------------------------------------------------


def extract_one(source: str, *, url: str | None = None) -> dict[str, Any]:
    """``pantau news extract``: one page from a file or a URL (fetched politely), analysed."""
    from transforms.article import extract_article
    from transforms.regions import region_by_code

    encoding = None
    if source.startswith(("http://", "https://")):
        outcome = polite_crawler().fetch(source)
        page = getattr(outcome, "page", None)
        if page is None:
            raise InputRejected(source, f"could not fetch the page ({getattr(outcome, 'status', 'error')})")
        content, encoding, url = page.content, page.encoding, url or page.final_url
    else:
        content = Path(source).read_bytes()
        url = url or Path(source).resolve().as_uri()
    article = extract_article(content, url, encoding=encoding)
    mentions, figures = analyse_text(article.text, article.published_at)
    regions = []
    for code in dict.fromkeys(m.key for m in mentions if m.kind == "region"):
        try:
            regions.append({"code": code, "name": region_by_code(code).name})
        except ValueError:
            regions.append({"code": code, "name": None})
    return {
        "url": article.canonical_url or url, "title": article.title,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "author": article.author, "text": article.text,
        "programmes": sorted({m.key for m in mentions if m.kind == "programme"}),
        "regions": regions,
        "figures": [{"kind": f.kind, "value": f.value_number if f.value_number is not None else f.value_text,
                     "unit": f.unit, "text": f.text, "sentence": f.sentence, "quantity": f.quantity,
                     "region_code": f.region_code, "period": f.period, "plausible": f.plausible,
                     "plausibility_reason": f.plausibility_reason, "modality": f.modality, "scope": f.scope,
                     "programmes": f.programmes, "segment": f.segment, "funding_source": f.funding_source,
                     "occupation": f.occupation, "branch": f.branch, "actor": f.actor, "cues": f.cues}
                    for f in figures],
    }


def search(term: str, *, since: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Canonical stored articles whose title or text contains every word of ``term``."""
    from sqlalchemy import and_, or_, select

    from warehouse.db import session_scope, stored_utc
    from warehouse.models import NewsArticle

    conditions = [or_(NewsArticle.title.ilike(f"%{word}%"), NewsArticle.text.ilike(f"%{word}%"))
                  for word in term.split()]
    query = select(NewsArticle).where(and_(*conditions), NewsArticle.is_canonical.is_(True))
    if since:
        start, _ = parse_window(since, None)
        query = query.where(NewsArticle.published_at >= start)
    with session_scope() as session:
        rows = session.scalars(query.order_by(NewsArticle.published_at.desc()).limit(limit)).all()
        found = []
        for r in rows:
            published = stored_utc(r.published_at)
            found.append({"published_at": published.isoformat() if published else None,
                          "site_name": r.site_name, "title": r.title, "url": r.url})
        return found

