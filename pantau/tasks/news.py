"""Task bodies of the ``news_monitor`` DAG (and of ``pantau news crawl``).

crawl → archive raw pages (checksummed) → extract articles → mentions, regions and figures →
validate (GX; failing records quarantined) → load (idempotent by URL) → re-cluster copies.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pantau.core.logs import event
from pantau.core.settings import Settings, get_settings
from pantau.tasks import task_body
from transforms.dates import JAKARTA

log = logging.getLogger("pantau.tasks.news")

MENTION_COLUMNS = ("kind", "key", "matched", "start_offset", "end_offset", "sentence")
FIGURE_COLUMNS = ("kind", "value_number", "value_text", "unit", "text", "start_offset", "end_offset", "sentence",
                  "quantity", "region_code", "period", "programme", "plausible", "plausibility_reason")


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
    periods: list[str] = field(default_factory=list)


def load_site_profiles(settings: Settings | None = None) -> list[Any]:
    from extractors.news.registry import load_sites

    settings = settings or get_settings()
    return list(load_sites(settings.sites_file))


def parse_window(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    from transforms.dates import parse_datetime_id

    return (parse_datetime_id(since) if since else None, parse_datetime_id(until) if until else None)


@task_body
def crawl(*, site: str | None = None, since: str | None = None, until: str | None = None,
          max_pages: int | None = None, run_id: str | None = None, progress: Any = None) -> CrawlSummary:
    """Crawl the registered sites politely; archive each fetched page; open a news batch."""
    from extractors.news.crawler import Crawler
    from warehouse.db import get_engine, session_scope
    from warehouse.models import AuditIngestBatch
    from warehouse.news_loader import WarehouseCrawlState

    settings = get_settings()
    engine = get_engine()
    start, end = parse_window(since, until)
    crawler = Crawler(load_site_profiles(settings), state=WarehouseCrawlState(engine), settings=settings)
    result = crawler.crawl(site=site, since=start, until=end, max_pages=max_pages, progress=progress)
    raw_dir = settings.archive_dir / "news"
    entries = []
    for page in result.pages:
        sha = hashlib.sha256(page.content).hexdigest()
        target = raw_dir / sha[:2] / f"{sha}.html"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".part")
            tmp.write_bytes(page.content)
            tmp.replace(target)
        entries.append({"url": page.url, "final_url": page.final_url, "sha256": sha, "path": str(target),
                        "encoding": page.encoding, "site": _site_of(crawler, page),
                        "fetched_at": page.fetched_at.isoformat() if page.fetched_at else None})
    outcomes: dict[str, int] = {}
    for outcome in result.outcomes:
        status = str(getattr(outcome, "status", "unknown"))
        outcomes[status] = outcomes.get(status, 0) + 1
    digest = hashlib.sha256("\n".join(sorted(str(e["sha256"]) for e in entries)).encode()).hexdigest()
    with session_scope(engine) as session:
        batch = AuditIngestBatch(source_name=site or "news", dataset="news",
                                 file_name=f"crawl {run_id or datetime.now(UTC).isoformat(timespec='seconds')}",
                                 sha256=digest, received_at=datetime.now(UTC), status="received",
                                 rows_read=len(entries), rows_loaded=0, rows_quarantined=0, run_id=run_id)
        session.add(batch)
        session.flush()
        batch_id = batch.batch_id
    manifest = settings.data_dir / "news" / f"batch-{batch_id}.json"
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps({"batch_id": batch_id, "pages": entries, "outcomes": outcomes}, indent=1))
    event(log, "crawl finished", batch_id=batch_id, pages=len(entries), **outcomes)
    return CrawlSummary(batch_id=batch_id, pages=len(entries), outcomes=outcomes, manifest=str(manifest))


def _site_of(crawler: Any, page: Any) -> str | None:
    site = getattr(page, "site", None) or getattr(page, "site_name", None)
    return str(site) if site else None


def _period_key(published_at: datetime | None) -> int | None:
    if published_at is None:
        return None
    local = published_at.astimezone(JAKARTA)
    return local.year * 100 + local.month


def _drop_failed(records: list[Any], attribute: str, failed: set[Any], batch_id: int, check: str,
                 shown: str) -> list[Any]:
    """Remove the items (mentions or figures) GX failed, by their position across all records;
    return their quarantine rows."""
    from warehouse.models import AuditQuarantineRow

    quarantined = []
    position = 0
    for record_ in records:
        kept = []
        for item in getattr(record_, attribute):
            if position in failed:
                quarantined.append(AuditQuarantineRow(
                    batch_id=batch_id, row_number=None, column_name=None, check_name=check,
                    reason=f"{attribute[:-1]} failed validation", raw={"url": record_.url, shown: item[shown]}))
            else:
                kept.append(item)
            position += 1
        setattr(record_, attribute, kept)
    return quarantined


def analyse_text(text: str, published_at: datetime | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Mentions (programmes and regions) and figures of one article, as warehouse rows."""
    from transforms.figures import extract_figures
    from transforms.mentions import find_programme_mentions, find_regions
    from warehouse.reference import PROVINCE_POPULATION, PROVINCIAL_BUDGET_IDR

    mentions = [{"kind": "programme", "key": m.programme, "matched": m.matched, "start_offset": m.start,
                 "end_offset": m.end, "sentence": m.sentence} for m in find_programme_mentions(text)]
    for r in find_regions(text):
        sentence = _sentence_around(text, r.start, r.end)
        mentions.append({"kind": "region", "key": r.code, "matched": r.matched, "start_offset": r.start,
                         "end_offset": r.end, "sentence": sentence})
    figures = []
    for f in extract_figures(text, published_at=published_at, budget_idr=PROVINCIAL_BUDGET_IDR,
                             population=PROVINCE_POPULATION):
        number = float(f.value) if isinstance(f.value, int | float) else None
        figures.append({"kind": f.kind, "value_number": number, "value_text": str(f.value), "unit": f.unit,
                        "text": f.text, "start_offset": f.start, "end_offset": f.end, "sentence": f.sentence,
                        "quantity": f.quantity, "region_code": f.region_code, "period": f.period,
                        "programme": f.programme, "plausible": bool(f.plausible),
                        "plausibility_reason": f.plausibility_reason})
    return mentions, figures


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left + 1:right].strip()


def process_batch(batch_id: int, *, fetch_more: Any = None) -> NewsRunSummary:
    """Extract, analyse, validate and load the pages a crawl batch fetched."""
    import pandas as pd

    from expectations import suites
    from expectations.runner import record, run_suite
    from pantau.core.errors import InputRejected
    from transforms.article import extract_article, join_pages
    from warehouse.db import get_engine, session_scope
    from warehouse.models import AuditIngestBatch, AuditQuarantineRow
    from warehouse.news_loader import ArticleRecord, load_articles

    settings = get_settings()
    manifest = json.loads((settings.data_dir / "news" / f"batch-{batch_id}.json").read_text())
    pages = manifest["pages"]
    summary = NewsRunSummary(batch_id=batch_id, pages=len(pages))
    quarantine: list[AuditQuarantineRow] = []
    records: list[ArticleRecord] = []
    for index, entry in enumerate(pages):
        content = Path(entry["path"]).read_bytes()
        try:
            article = extract_article(content, entry["final_url"] or entry["url"], encoding=entry.get("encoding"))
            parts = [article]
            seen = {article.url}
            while parts[-1].next_page_url and fetch_more is not None and len(parts) < 20:
                nxt = parts[-1].next_page_url
                if nxt in seen:
                    break
                seen.add(nxt)
                extra = fetch_more(nxt)
                if extra is None:
                    break
                parts.append(extract_article(extra[0], nxt, encoding=extra[1]))
            if len(parts) > 1:
                article = join_pages(parts)
        except InputRejected as exc:
            summary.rejected_pages += 1
            quarantine.append(AuditQuarantineRow(batch_id=batch_id, row_number=index + 1, column_name=None,
                                                 reason=str(exc), check_name="extract",
                                                 raw={"url": entry["url"], "sha256": entry["sha256"]}))
            continue
        mentions, figures = analyse_text(article.text, article.published_at)
        records.append(ArticleRecord(
            url=entry["url"], canonical_url=article.canonical_url or entry["url"], site_name=entry.get("site"),
            title=article.title,
            # Stored in UTC on every database; the period is the month in Jambi (WIB).
            published_at=article.published_at.astimezone(UTC) if article.published_at else None,
            period_key=_period_key(article.published_at),
            author=article.author, section=article.section, tags=list(article.tags), text=article.text,
            content_sha256=hashlib.sha256(article.text.encode()).hexdigest(), mentions=mentions,
            figures=figures))

    now = datetime.now(UTC)
    frame = pd.DataFrame([{
        "url": r.url, "title": r.title, "text": r.text,
        "published_age_hours": ((now - r.published_at).total_seconds() / 3600) if r.published_at else None,
    } for r in records], columns=["url", "title", "text", "published_age_hours"])
    validations = []
    if len(frame):
        articles_check = run_suite(frame, suites.news_articles_suite, asset_name="news_articles",
                                   run_name=f"batch-{batch_id}", gx_dir=settings.gx_dir)
        validations.append(articles_check)
        failing = articles_check.row_failures()
        for index, outcomes in sorted(failing.items()):
            quarantine.append(AuditQuarantineRow(
                batch_id=batch_id, row_number=int(index) + 1, column_name=outcomes[0].column,
                reason="; ".join(o.describe() for o in outcomes), check_name="news_articles",
                raw={"url": records[index].url, "title": records[index].title[:200]}))
        records = [r for i, r in enumerate(records) if i not in failing]
        if articles_check.batch_failures:
            # Duplicate URLs within one crawl: keep the first copy of each.
            unique: dict[str, ArticleRecord] = {}
            for r in records:
                unique.setdefault(r.url, r)
            records = list(unique.values())
        for attribute, columns, build, check, shown in (
                ("mentions", MENTION_COLUMNS, suites.news_mentions_suite, "news_mentions", "matched"),
                ("figures", FIGURE_COLUMNS, suites.news_figures_suite, "news_figures", "text")):
            frame_rows = pd.DataFrame([item for r in records for item in getattr(r, attribute)], columns=list(columns))
            if not len(frame_rows):
                continue
            validation = run_suite(frame_rows, build, asset_name=check, run_name=f"batch-{batch_id}",
                                   gx_dir=settings.gx_dir)
            validations.append(validation)
            quarantine += _drop_failed(records, attribute, set(validation.row_failures()), batch_id, check, shown)
    summary.articles = len(records)
    summary.quarantined = len(quarantine)
    summary.implausible_figures = sum(1 for r in records for f in r.figures if not f["plausible"])
    summary.periods = sorted({str(r.period_key) for r in records if r.period_key})
    engine = get_engine()
    with session_scope(engine) as session:
        for validation in validations:
            record(session, batch_id, validation)
        session.add_all(quarantine)
        counts = load_articles(session, batch_id, records)
        batch = session.get_one(AuditIngestBatch, batch_id)
        batch.status = "published"
        batch.rows_loaded = counts.inserted + counts.updated
        batch.rows_quarantined = len(quarantine)
        batch.dq_success = all(v.passed for v in validations)
        batch.data_docs_url = validations[0].data_docs_url if validations else None
        batch.finished_at = datetime.now(UTC)
        batch.reason = f"{counts.unchanged} unchanged article(s)" if counts.unchanged else None
    for key in ("inserted", "updated", "unchanged", "mentions", "figures", "clusters"):
        setattr(summary, key, getattr(counts, key))
    event(log, "news batch loaded", **summary.__dict__)
    return summary


@task_body
def process(batch_id: int) -> dict[str, Any]:
    """``process_batch`` with continuation pages fetched through the same polite crawler."""
    from dataclasses import asdict

    fetch_more = None
    try:
        from extractors.news.crawler import Crawler

        crawler = Crawler(load_site_profiles(), settings=get_settings())

        def fetch_more(url: str) -> tuple[bytes, str | None] | None:
            outcome = crawler.fetch(url)
            page = getattr(outcome, "page", None)
            if page is None:
                return None
            return page.content, page.encoding
    except ImportError:  # pragma: no cover
        pass
    return asdict(process_batch(batch_id, fetch_more=fetch_more))


def extract_one(source: str, *, url: str | None = None) -> dict[str, Any]:
    """``pantau news extract``: one page from a file or a URL (fetched politely), analysed."""
    from transforms.article import extract_article

    encoding = None
    if source.startswith(("http://", "https://")):
        from extractors.news.crawler import Crawler

        crawler = Crawler(load_site_profiles(), settings=get_settings())
        outcome = crawler.fetch(source)
        page = getattr(outcome, "page", None)
        if page is None:
            from pantau.core.errors import InputRejected

            raise InputRejected(source, f"could not fetch the page ({getattr(outcome, 'status', 'error')})")
        content, encoding, url = page.content, page.encoding, url or page.final_url
    else:
        content = Path(source).read_bytes()
        url = url or Path(source).resolve().as_uri()
    article = extract_article(content, url, encoding=encoding)
    mentions, figures = analyse_text(article.text, article.published_at)
    from transforms.regions import region_by_code

    regions = []
    for code in dict.fromkeys(m["key"] for m in mentions if m["kind"] == "region"):
        try:
            regions.append({"code": code, "name": region_by_code(code).name})
        except ValueError:
            regions.append({"code": code, "name": None})
    return {
        "url": article.canonical_url or url, "title": article.title,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "author": article.author, "text": article.text,
        "programmes": sorted({m["key"] for m in mentions if m["kind"] == "programme"}),
        "regions": regions,
        "figures": [{"kind": f["kind"], "value": f["value_number"] if f["value_number"] is not None
                     else f["value_text"], "unit": f["unit"], "text": f["text"], "sentence": f["sentence"],
                     "quantity": f["quantity"], "region_code": f["region_code"], "period": f["period"],
                     "plausible": f["plausible"], "plausibility_reason": f["plausibility_reason"]}
                    for f in figures],
    }


def search(term: str, *, since: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Canonical stored articles whose title or text contains every word of ``term``."""
    from sqlalchemy import and_, or_, select

    from warehouse.db import session_scope
    from warehouse.models import NewsArticle

    conditions = [or_(NewsArticle.title.ilike(f"%{word}%"), NewsArticle.text.ilike(f"%{word}%"))
                  for word in term.split()]
    query = select(NewsArticle).where(and_(*conditions), NewsArticle.is_canonical.is_(True))
    if since:
        start, _ = parse_window(since, None)
        query = query.where(NewsArticle.published_at >= start)
    with session_scope() as session:
        rows = session.scalars(query.order_by(NewsArticle.published_at.desc()).limit(limit)).all()
        return [{"published_at": _as_utc(r.published_at).isoformat() if r.published_at else None,
                 "site_name": r.site_name,
                 "title": r.title, "url": r.url} for r in rows]


def _as_utc(moment: datetime) -> datetime:
    """SQLite returns stored UTC times without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
