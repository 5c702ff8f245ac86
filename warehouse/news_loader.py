"""Load extracted articles, mentions and figures; rebuild near-duplicate clusters.

Articles are keyed by URL: an unchanged page (same content checksum) is left as it is, a
changed one has its mentions and figures replaced. Clusters are recomputed over all stored
articles in the same transaction, so every syndicated copy keeps its URL and exactly one
copy per cluster is canonical.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import delete, inspect, select, update
from sqlalchemy.orm import Session

from transforms.dedup import cluster_articles
from transforms.quoted import QuotedFigure
from warehouse.models import Base, NewsArticle, NewsCluster, NewsCrawlOutcome, NewsCrawlState, NewsFigure, NewsMention

# The columns of a claim stored as they are (``programmes`` and ``cues`` are mapped below).
CLAIM_COLUMNS = ("modality", "scope", "segment", "funding_source", "occupation", "branch", "actor")
ARTICLE_COLUMNS = ("canonical_url", "site_name", "title", "published_at", "period_key", "author", "section", "tags",
                   "text", "content_sha256")


@dataclass(frozen=True)
class MentionRecord:
    """A programme or region named in an article, with the sentence it stands in."""

    kind: str  # programme | region
    key: str  # programme key or Kemendagri region code
    matched: str
    start_offset: int
    end_offset: int
    sentence: str


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
    figures: list[QuotedFigure] = field(default_factory=list)


def article_values(record: ArticleRecord) -> dict[str, object]:
    """The ``news_article`` columns of ``record`` (besides its URL and batch)."""
    return {name: getattr(record, name) for name in ARTICLE_COLUMNS}


def figure_values(quoted: QuotedFigure) -> dict[str, object]:
    """The ``news_figure`` columns of one quoted figure: the figure's, then its claim's."""
    figure, claim = quoted.figure, quoted.claim
    values: dict[str, object] = {
        "kind": figure.kind, "value_number": float(figure.value) if isinstance(figure.value, int | float) else None,
        "value_text": str(figure.value), "unit": figure.unit, "text": figure.text, "start_offset": figure.start,
        "end_offset": figure.end, "sentence": figure.sentence, "metric": quoted.metric,
        "region_code": figure.region_code, "period": quoted.period, "programme": figure.programme,
        "plausible": bool(figure.plausible), "plausibility_reason": figure.plausibility_reason,
        "programmes": ("+".join(claim.programmes) or None) if claim else None,
        "cues": dict(claim.cues) if claim else None,
        # the words do not settle the claim (transforms.claim_review): why, for a person to decide
        "needs_review": claim.needs_review if claim else None,
        "review_reasons": list(claim.review_reasons) if claim else None}
    values.update({name: getattr(claim, name) if claim else None for name in CLAIM_COLUMNS})
    return values


def unstorable(record: ArticleRecord) -> str | None:
    """Why the warehouse cannot hold ``record``: a value longer than its column (the article's,
    a mention's or a figure's), said with the numbers; None when it fits. Checked before the
    database sees it, on every database (SQLite does not enforce lengths, PostgreSQL fails the
    whole transaction)."""
    rows: list[tuple[type[Base], dict[str, object]]] = [
        (NewsArticle, {"url": record.url, **article_values(record)})]
    rows += [(NewsMention, asdict(m)) for m in record.mentions]
    rows += [(NewsFigure, figure_values(f)) for f in record.figures]
    for model, values in rows:
        columns = inspect(model).columns  # keyed by attribute name
        for name, value in values.items():
            length = getattr(columns[name].type, "length", None)
            if isinstance(value, str) and length is not None and len(value) > length:
                return f"{model.__tablename__}.{name} is {len(value):,} characters long, above the column's {length}"
    return None


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
        values = article_values(record)
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
        session.add_all(NewsFigure(article_id=article.article_id, batch_id=batch_id, **figure_values(f))
                        for f in record.figures)
        counts.mentions += len(record.mentions)
        counts.figures += len(record.figures)
    session.flush()
    counts.clusters = rebuild_clusters(session)
    return counts


def rebuild_clusters(session: Session, threshold: float = 0.8) -> int:
    """Cluster near-duplicate stories across all stored articles; one canonical URL per cluster."""

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
    return row.gave_up


def forget_no_article(session: Session, urls: list[str]) -> None:
    """Pages that now yield an article are no longer pages without one."""
    if urls:
        session.execute(delete(NewsCrawlOutcome).where(NewsCrawlOutcome.url.in_(urls)))
