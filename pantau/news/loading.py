"""The load of a news batch: one transaction for DQ results, quarantine rows, articles, page
outcomes, the pages' crawl state and the batch status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.redact import mask_nik_in_name
from expectations.runner import record
from extractors.news.state import GAVE_UP
from pantau.news.batch import PUBLISHED, REJECTED, NewsBatch
from pantau.news.checks import Checked
from pantau.news.crawling import PageEntry
from warehouse import news_loader
from warehouse.db import session_scope
from warehouse.models import NewsCrawlState
from warehouse.news_loader import NewsLoadCounts, NoArticleRecord, forget_no_article, record_no_article

# Versions of a page without an article (or refused) after which the crawler stops fetching it, by
# kind of reason (transforms.article.NO_ARTICLE_KINDS, and ``refused``): an index or tag page will
# not turn into an article; a page behind a paywall, without text, or refused might, once or twice.
GIVE_UP_AFTER = {"not_article": 1, "paywall": 2, "no_text": 3, "refused": 3}
REFUSED = "refused"  # a page the warehouse cannot hold, or whose article could not be read


@dataclass
class LoadNotes:
    """What the batch's reason says beside the counts."""

    no_article: dict[str, int] = field(default_factory=dict)
    refused: int = 0


def remember_pages(session: Session, pages: list[PageEntry]) -> None:
    """Save the crawl state (validators, checksum) of the batch's first pages, so the next crawl
    asks only for changes. Called only inside the load of their batch."""

    for page in pages:
        key = mask_nik_in_name(page.final_url or page.url)  # a URL is stored with its NIKs masked
        row = session.get(NewsCrawlState, key) or NewsCrawlState(url=key, record={})
        row.site_name, row.etag, row.last_modified = page.site, page.etag, page.last_modified
        row.content_sha256 = page.sha256
        row.last_status = GAVE_UP if row.last_status == GAVE_UP else "ok"  # a re-run does not revive a page
        row.last_fetched_at = datetime.fromisoformat(page.fetched_at) if page.fetched_at else None
        session.add(row)
    session.flush()


def publish(engine: Engine, batch_id: int, checked: Checked, pages: list[PageEntry],
            outcomes: list[NoArticleRecord], notes: LoadNotes) -> tuple[NewsLoadCounts, int]:
    """DQ results, quarantine rows, articles, page outcomes, crawl state and the batch status, in
    one transaction; returns what the load did and how many pages the crawler now gives up on.

    A rejected batch saves no crawl state for its pages (their next crawl fetches them again);
    the pages without an article and the refused pages are recorded either way."""

    batch = NewsBatch(engine, batch_id)
    with session_scope(engine) as session:
        now = datetime.now(UTC)
        outcome_urls = {page.url for page in outcomes}
        remember_pages(session, [p for p in pages if p.continuation_of is None
                                 and (not checked.rejected or mask_nik_in_name(p.url) in outcome_urls)])
        gave_up = sum(record_no_article(session, batch_id, page, now, gave_up_status=GAVE_UP,
                                        give_up_after=GIVE_UP_AFTER[page.outcome]) for page in outcomes)
        if not checked.rejected:
            forget_no_article(session, [r.url for r in checked.records])
        for validation in checked.validations:
            record(session, batch_id, validation)
        session.add_all(checked.quarantine)
        if checked.rejected:
            counts = NewsLoadCounts()
            row = batch.close(session, REJECTED, rows_loaded=0,
                              reason="data-quality checks failed: " + "; ".join(checked.batch_failures))
        else:
            # Through the module, so that a test can make the load fail at this point.
            counts = news_loader.load_articles(session, batch_id, checked.records)
            reasons = [f"{counts.unchanged} unchanged article(s)"] if counts.unchanged else []
            reasons += [f"repaired: {failure}" for failure in checked.batch_failures]
            if notes.no_article:
                reasons.append(f"{sum(notes.no_article.values())} page(s) without an article ("
                               + ", ".join(f"{kind} {n}" for kind, n in sorted(notes.no_article.items())) + ")")
            if notes.refused:
                reasons.append(f"{notes.refused} page(s) refused (news_crawl_outcome says why)")
            row = batch.close(session, PUBLISHED, rows_loaded=counts.inserted + counts.updated,
                              reason="; ".join(reasons) or None)
        row.rows_quarantined = len(checked.quarantine)
        row.dq_success = all(v.passed for v in checked.validations)
        row.data_docs_url = checked.validations[0].data_docs_url if checked.validations else None
    return counts, gave_up
