"""Processing a crawl batch: build each article from its pages, mask identity numbers, analyse it,
refuse alone a page that cannot be stored, validate, and load (:mod:`pantau.news.loading`)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from core.errors import InputRejected
from core.logs import event
from core.redact import mask_nik, mask_nik_in_name
from core.settings import Settings, get_settings
from pantau.news.batch import NewsBatch
from pantau.news.checks import check_articles, check_mentions_and_figures
from pantau.news.crawling import FetchMore, Manifest, PageEntry, archive_page, manifest_path
from pantau.news.loading import REFUSED, LoadNotes, publish
from transforms.article import Article, NoArticle, extract_article, join_pages
from transforms.dates import JAKARTA, DateParseError, Period
from transforms.mentions import find_programme_mentions, find_regions
from transforms.quoted import QuotedFigure, quote_figures
from warehouse.db import get_engine
from warehouse.models import AuditQuarantineRow
from warehouse.news_loader import ArticleRecord, MentionRecord, NoArticleRecord, unstorable
from warehouse.reference import PROVINCE_POPULATION, PROVINCIAL_BUDGET_IDR

log = logging.getLogger("pantau.news")

MAX_PAGES_PER_ARTICLE = 20


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


@dataclass
class BuiltArticle:
    """An article built from its first page and any continuation pages (all archived)."""

    entry: PageEntry
    article: Article
    continuation_pages: list[PageEntry]


def mask_identity_numbers(article: Article) -> Article:
    """The article with NIK and KK numbers masked in its title, byline, section, tags and text (in
    every spelling, :mod:`core.redact`): figures and mentions are then found in masked text."""
    return replace(article, title=mask_nik(article.title), author=mask_nik(article.author) if article.author else None,
                   section=mask_nik(article.section) if article.section else None,
                   tags=[mask_nik(tag) for tag in article.tags], text=mask_nik(article.text))


def build_article(settings: Settings, entry: PageEntry, fetch_more: FetchMore | None) -> BuiltArticle:
    """Extract the article of ``entry``; follow and archive its continuation pages; join them."""

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
        fetched = fetch_more(next_url, entry.final_url or entry.url)
        if fetched is None:
            break
        more, encoding = fetched
        continuation.append(archive_page(settings, more, url=next_url, final_url=next_url, encoding=encoding,
                                         site=entry.site, fetched_at=datetime.now(UTC), continuation_of=entry.url))
        parts.append(extract_article(more, next_url, encoding=encoding))
    article = join_pages(parts) if len(parts) > 1 else first
    return BuiltArticle(entry=entry, article=mask_identity_numbers(article), continuation_pages=continuation)


def analyse_text(text: str, published_at: datetime | None) -> tuple[list[MentionRecord], list[QuotedFigure]]:
    """Mentions (programmes and regions) and figures (each with its claim) of one article.

    Every mention keeps the sentence the mention finder found (abbreviations such as "Kab." or
    "Rp." do not end a sentence there).
    """

    mentions = [MentionRecord(kind="programme", key=m.programme, matched=m.matched, start_offset=m.start,
                              end_offset=m.end, sentence=m.sentence) for m in find_programme_mentions(text)]
    mentions += [MentionRecord(kind="region", key=r.code, matched=r.matched, start_offset=r.start,
                               end_offset=r.end, sentence=r.sentence) for r in find_regions(text)]
    figures = quote_figures(text, published_at, budget_idr=PROVINCIAL_BUDGET_IDR, population=PROVINCE_POPULATION)
    return mentions, figures


def period_key(published_at: datetime | None) -> int | None:
    """The month of publication in Jambi (WIB), as a period key."""
    if published_at is None:
        return None
    local = published_at.astimezone(JAKARTA)
    return Period(local.year, local.month).key


def to_record(built: BuiltArticle) -> ArticleRecord:
    """The warehouse record of a built article; ``InputRejected`` (naming the page) when the
    warehouse cannot hold it: a publication date outside the periods it knows, a value longer
    than its column."""

    article, entry = built.article, built.entry
    try:
        # Stored in UTC on every database; the period is the month in Jambi (WIB).
        published = article.published_at.astimezone(UTC) if article.published_at else None
        period = period_key(article.published_at)
    except (DateParseError, OverflowError, ValueError):
        raise InputRejected(entry.url, f"publication date {article.published_at:%Y-%m-%d} is outside the periods "
                                       "the warehouse holds (1990-2100)") from None
    mentions, figures = analyse_text(article.text, article.published_at)
    record = ArticleRecord(
        url=mask_nik_in_name(entry.url), canonical_url=mask_nik_in_name(article.canonical_url or entry.url),
        site_name=entry.site, title=article.title,
        published_at=published, period_key=period, author=article.author, section=article.section,
        tags=list(article.tags), text=article.text,
        content_sha256=hashlib.sha256(article.text.encode()).hexdigest(), mentions=mentions, figures=figures)
    problem = unstorable(record)
    if problem:
        raise InputRejected(entry.url, f"cannot be stored: {problem}")
    return record


@dataclass
class Built:
    """What the pages of a batch became."""

    records: list[ArticleRecord] = field(default_factory=list)
    refused: list[AuditQuarantineRow] = field(default_factory=list)
    outcomes: list[NoArticleRecord] = field(default_factory=list)  # no article, or refused
    continuation: list[PageEntry] = field(default_factory=list)


def build_batch(settings: Settings, batch_id: int, first_pages: list[PageEntry],
                fetch_more: FetchMore | None) -> Built:
    """Every page on its own: a page without an article, or one that cannot be read or stored, is
    refused alone (an outcome with its reason, and a quarantine row); the others go on."""

    built = Built()
    for index, entry in enumerate(first_pages):
        shown_url = mask_nik_in_name(entry.url)  # what is stored and logged of the address
        try:
            article = build_article(settings, entry, fetch_more)
            built.continuation += article.continuation_pages
            built.records.append(to_record(article))
        except NoArticle as exc:
            built.outcomes.append(NoArticleRecord(url=shown_url, site_name=entry.site, outcome=exc.kind,
                                                  reason=mask_nik(str(exc)), content_sha256=entry.sha256))
        except InputRejected as exc:
            reason = mask_nik(str(exc))
            built.refused.append(AuditQuarantineRow(batch_id=batch_id, row_number=index + 1, column_name=None,
                                                    reason=reason, check_name="extract",
                                                    raw={"url": shown_url, "sha256": entry.sha256}))
            built.outcomes.append(NoArticleRecord(url=shown_url, site_name=entry.site, outcome=REFUSED,
                                                  reason=reason, content_sha256=entry.sha256))
            event(log, "news page refused", batch_id=batch_id, url=shown_url, reason=reason)
    return built


def process_batch(batch_id: int, *, fetch_more: FetchMore | None = None,
                  settings: Settings | None = None) -> NewsRunSummary:
    """Extract, analyse, validate and load the pages a crawl batch fetched, holding the batch.

    A page without an article is no error of the batch: it is stored as a crawl outcome with its
    reason (``news_crawl_outcome``) and counted in the summary; so is a page refused alone."""

    settings = settings or get_settings()
    engine = get_engine()
    path = manifest_path(settings, batch_id)
    with NewsBatch(engine, batch_id).taken():
        manifest = Manifest.read(path)
        first_pages = [p for p in manifest.pages if p.continuation_of is None]
        summary = NewsRunSummary(batch_id=batch_id, pages=len(first_pages))
        built = build_batch(settings, batch_id, first_pages, fetch_more)
        if built.continuation:
            # The manifest lists every archived page an article was built from.
            known = {(p.url, p.sha256) for p in manifest.pages}
            manifest.pages += [p for p in built.continuation if (p.url, p.sha256) not in known]
            manifest.write(path)
        checked = check_articles(settings, batch_id, built.records)
        checked.quarantine[:0] = built.refused
        check_mentions_and_figures(settings, batch_id, checked)
        summary.rejected_pages = len(built.refused)
        summary.continuation_pages = len(built.continuation)
        summary.articles = 0 if checked.rejected else len(checked.records)
        summary.quarantined = len(checked.quarantine)
        summary.batch_failures = checked.batch_failures
        summary.implausible_figures = sum(1 for r in checked.records for f in r.figures if not f.figure.plausible)
        summary.periods = sorted({str(r.period_key) for r in checked.records if r.period_key})
        for page in built.outcomes:
            if page.outcome != REFUSED:
                summary.no_article[page.outcome] = summary.no_article.get(page.outcome, 0) + 1
        notes = LoadNotes(no_article=summary.no_article, refused=len(built.refused))
        counts, summary.gave_up = publish(engine, batch_id, checked, manifest.pages, built.outcomes, notes)
    summary = replace(summary, **asdict(counts))
    event(log, "news batch loaded", **asdict(summary))
    return summary
