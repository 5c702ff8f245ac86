"""Reading: search the stored articles; analyse one page for ``pantau news extract``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, or_, select

from core.errors import InputRejected
from core.redact import mask_nik_in_name
from pantau.news.crawling import parse_window, polite_crawler
from pantau.news.processing import analyse_text, mask_identity_numbers
from transforms.article import extract_article
from transforms.regions import region_by_code
from warehouse.db import session_scope, stored_utc
from warehouse.models import NewsArticle
from warehouse.news_loader import figure_values

# The news_figure columns ``pantau news extract`` leaves out (offsets, the raw value columns).
_NOT_SHOWN = ("value_number", "value_text", "start_offset", "end_offset", "programme")


@dataclass
class ExtractedPage:
    """One page as ``pantau news extract`` shows it (``figures``: the news_figure columns each would get)."""

    url: str
    title: str
    published_at: str | None
    author: str | None
    text: str
    programmes: list[str]
    regions: list[dict[str, str | None]]
    figures: list[dict[str, object]]


def extract_one(source: str, *, url: str | None = None) -> ExtractedPage:
    """``pantau news extract``: one page from a file or a URL (fetched politely), analysed, with
    identity numbers masked as they would be in the warehouse."""

    encoding = None
    if source.startswith(("http://", "https://")):
        outcome = polite_crawler().fetch(source)
        page = outcome.page
        if page is None:
            raise InputRejected(mask_nik_in_name(source), f"could not fetch the page ({outcome.status})")
        content, encoding, url = page.content, page.encoding, url or page.final_url
    else:
        content = Path(source).read_bytes()
        url = url or Path(source).resolve().as_uri()
    article = mask_identity_numbers(extract_article(content, url, encoding=encoding))
    mentions, figures = analyse_text(article.text, article.published_at)
    regions: list[dict[str, str | None]] = []
    for code in dict.fromkeys(m.key for m in mentions if m.kind == "region"):
        try:
            regions.append({"code": code, "name": region_by_code(code).name})
        except ValueError:
            regions.append({"code": code, "name": None})
    shown: list[dict[str, object]] = []
    for quoted in figures:
        values = figure_values(quoted)
        value = values["value_number"] if values["value_number"] is not None else values["value_text"]
        shown.append({"kind": quoted.figure.kind, "value": value,
                      **{k: v for k, v in values.items() if k not in (*_NOT_SHOWN, "kind")}})
    return ExtractedPage(
        url=mask_nik_in_name(article.canonical_url or url), title=article.title,
        published_at=article.published_at.isoformat() if article.published_at else None,
        author=article.author, text=article.text,
        programmes=sorted({m.key for m in mentions if m.kind == "programme"}), regions=regions, figures=shown)


def search(term: str, *, since: str | None = None, limit: int = 50) -> list[dict[str, str | None]]:
    """Canonical stored articles whose title or text contains every word of ``term``."""

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
