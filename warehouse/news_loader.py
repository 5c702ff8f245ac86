"""Load extracted articles, mentions and figures; rebuild near-duplicate clusters.

Articles are keyed by URL: an unchanged page (same content checksum) is left as it is, a
changed one has its mentions and figures replaced. Clusters are recomputed over all stored
articles in the same transaction, so every syndicated copy keeps its URL and exactly one
copy per cluster is canonical.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from warehouse.models import NewsArticle, NewsCluster, NewsCrawlOutcome, NewsCrawlState, NewsFigure, NewsMention


@dataclass(frozen=True)
class MentionRecord:
    """A programme or region named in an article, with the sentence it stands in."""

    kind: str  # programme | region
    key: str  # programme key or Kemendagri region code
    matched: str
    start_offset: int
    end_offset: int
    sentence: str


@dataclass(frozen=True)
class FigureRecord:
    """A figure quoted in an article (one ``news_figure`` row)."""

    kind: str  # money | count | percent | date
    value_number: float | None
    value_text: str
    unit: str
    text: str
    start_offset: int
    end_offset: int
    sentence: str
    quantity: str | None
    region_code: str | None
    period: str | None
    programme: str | None
    plausible: bool
    plausibility_reason: str | None
    # What the figure claims (transforms.claims); ``quantity`` is its metric.
    modality: str | None = None
    scope: str | None = None
    programmes: str | None = None  # "JKK+JKM"
    segment: str | None = None
    funding_source: str | None = None
    occupation: str | None = None
    branch: str | None = None
    actor: str | None = None
    cues: dict[str, str] | None = None
    needs_review: bool | None = None  # the words do not settle the claim (transforms.claim_review)
    review_reasons: list[str] | None = None


@dataclass
class ArticleRecord:
    url: str
    canonical_url: str
    site_name: str | None
    title: str
    published_at: datetime | None
    period_key: int | None
    author: str | None
    section: str | None
    tags: list[str]
    text: str
    content_sha256: str
    mentions: list[MentionRecord] = field(default_factory=list)
    figures: list[FigureRecord] = field(default_factory=list)


@dataclass
class NewsLoadCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    mentions: int = 0
    figures: int = 0
    clusters: int = 0


def load_articles(session: Session, batch_id: int, records: list[ArticleRecord]) -> NewsLoadCounts:
    counts = NewsLoadCounts()
    for record in records:
        existing = session.scalar(select(NewsArticle).where(NewsArticle.url == record.url))
        if existing is not None and existing.content_sha256 == record.content_sha256:
            counts.unchanged += 1
            continue
        values = {k: getattr(record, k) for k in (
            "canonical_url", "site_name", "title", "published_at", "period_key", "author", "section", "tags",
            "text", "content_sha256")}
        if existing is None:
            article = NewsArticle(url=record.url, batch_id=batch_id, **values)
            session.add(article)
            session.flush()
            counts.inserted += 1
        else:
            article = existing
            session.execute(delete(NewsMention).where(NewsMention.article_id == article.article_id))
            session.execute(delete(NewsFigure).where(NewsFigure.article_id == article.article_id))
            for key, value in values.items():
                setattr(article, key, value)
            article.batch_id = batch_id
            counts.updated += 1
        session.add_all(NewsMention(article_id=article.article_id, batch_id=batch_id, **asdict(m))
                        for m in record.mentions)
        session.add_all(NewsFigure(article_id=article.article_id, batch_id=batch_id, **asdict(f))
                        for f in record.figures)
        counts.mentions += len(record.mentions)
        counts.figures += len(record.figures)
    session.flush()
    counts.clusters = rebuild_clusters(session)
    return counts


def rebuild_clusters(session: Session, threshold: float = 0.8) -> int:
    """Cluster near-duplicate stories across all stored articles; one canonical URL per cluster."""
    from transforms.dedup import cluster_articles

    rows = session.execute(select(NewsArticle.article_id, NewsArticle.url, NewsArticle.text,
                                  NewsArticle.published_at)).all()
    if not rows:
        return 0
    by_url = {r.url: r for r in rows}
    clusters = cluster_articles([(r.url, r.text) for r in rows], threshold=threshold,
                                published_at={r.url: r.published_at for r in rows if r.published_at})
    session.execute(update(NewsArticle).values(cluster_id=None, is_canonical=True))
    session.execute(delete(NewsCluster))
    for cluster in clusters:
        row = NewsCluster(canonical_url=cluster.canonical_key, size=len(cluster.member_keys))
        session.add(row)
        session.flush()
        member_ids = [by_url[key].article_id for key in cluster.member_keys]
        session.execute(update(NewsArticle).where(NewsArticle.article_id.in_(member_ids))
                        .values(cluster_id=row.cluster_id, is_canonical=False))
        session.execute(update(NewsArticle).where(NewsArticle.url == cluster.canonical_key)
                        .values(is_canonical=True))
    return len(clusters)


def read_crawl_state(engine: Any, url: str) -> dict[str, Any] | None:
    """The stored crawl record of ``url`` (validators, checksum, status), or None."""
    from warehouse.db import session_scope

    with session_scope(engine) as session:
        row = session.get(NewsCrawlState, url)
        return None if row is None else dict(row.record or {})


def write_crawl_state(engine: Any, data: dict[str, Any]) -> None:
    """Store the crawl record ``data`` (keyed by its ``url``)."""
    from warehouse.db import session_scope

    with session_scope(engine) as session:
        row = session.get(NewsCrawlState, data["url"]) or NewsCrawlState(url=data["url"])
        row.etag = data.get("etag")
        row.last_modified = data.get("last_modified")
        row.content_sha256 = data.get("content_sha256")
        row.last_status = str(data.get("status") or data.get("last_status") or "")
        row.site_name = data.get("site") or data.get("site_name")
        row.record = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in data.items()}
        session.add(row)


# --- pages without an article -----------------------------------------------------------------------

@dataclass(frozen=True)
class NoArticleRecord:
    """A page of a batch where no article was found."""

    url: str
    site_name: str | None
    outcome: str  # no_text | paywall | not_article
    reason: str
    content_sha256: str


def record_no_article(session: Session, batch_id: int, page: NoArticleRecord, now: datetime, *,
                      give_up_after: int, gave_up_status: str) -> bool:
    """Store (or update) the page's crawl outcome; returns whether the crawler now gives up on it.

    A new version of the page (another checksum) in a later batch is one more attempt; the same
    version seen again (a re-run of the step) changes nothing. At ``give_up_after`` attempts the
    URL's crawl state gets ``gave_up_status``, and the crawler stops fetching it.
    """
    row = session.get(NewsCrawlOutcome, page.url)
    if row is None:
        row = NewsCrawlOutcome(url=page.url, site_name=page.site_name, outcome=page.outcome, reason=page.reason,
                               attempts=1, content_sha256=page.content_sha256, first_batch_id=batch_id,
                               last_batch_id=batch_id, first_seen_at=now, last_seen_at=now, gave_up=False)
        session.add(row)
    elif row.content_sha256 != page.content_sha256:
        row.attempts += 1
        row.outcome, row.reason, row.content_sha256 = page.outcome, page.reason, page.content_sha256
        row.last_batch_id, row.last_seen_at = batch_id, now
    if row.attempts >= give_up_after and not row.gave_up:
        row.gave_up = True
        state = session.get(NewsCrawlState, page.url)
        if state is not None:
            state.last_status = gave_up_status
            state.record = {**(state.record or {}), "status": gave_up_status}
    return row.gave_up


def forget_no_article(session: Session, urls: list[str]) -> None:
    """Pages that now yield an article are no longer pages without one."""
    if urls:
        session.execute(delete(NewsCrawlOutcome).where(NewsCrawlOutcome.url.in_(urls)))
