"""Article extraction: a pure function of a page's bytes and URL (no network).

Metadata comes from the page's own declarations first (Open Graph, ``article:*`` meta, JSON-LD
NewsArticle, ``<time datetime>``), then from Indonesian text ("Selasa, 11 Juni 2024 09:14 WIB",
"Penulis: ..."). The body is found without a site profile: boilerplate containers (navigation,
share widgets, related posts, comments, sidebars, ads, captions) are removed, every paragraph
scores its container by its text, and the best container's paragraphs are kept, minus the
inline "BACA JUGA" inserts. Optional per-site CSS selectors (``hints``) take precedence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from pantau.errors import InputRejected
from transforms.dates import JAKARTA, DateParseError, parse_datetime_id


@dataclass
class Article:
    url: str
    canonical_url: str
    title: str
    published_at: datetime | None
    author: str | None
    section: str | None
    tags: list[str] = field(default_factory=list)
    text: str = ""
    next_page_url: str | None = None
    language: str | None = None


_BOILERPLATE = re.compile(
    r"share|sharing|social|sosmed|related|terkait|baca-?juga|comment|komentar|disqus|sidebar|widget|popular|"
    r"populer|terpopuler|trending|advert|iklan|\bads?\b|ads-|banner|promo|newsletter|subscribe|breadcrumb|"
    r"pagination|paging|footer|header|menu|navbar|\bnav\b|caption|wp-caption|figcaption|tags?-|tag-list|"
    r"author-box|byline|meta-|post-meta|entry-meta|rekomendasi|recommended|more-news|berita-lain|lainnya",
    re.IGNORECASE)
_REMOVE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
                "figcaption", "button", "select", "template", "object", "embed")
_INSERT = re.compile(r"^\s*(baca\s+juga|simak\s+juga|lihat\s+juga|baca\s+selengkapnya|artikel\s+terkait|"
                     r"berita\s+terkait|tonton\s+juga|ikuti\s+(kami|berita)|dapatkan\s+update)\b", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*(oleh|penulis|reporter|pewarta|wartawan|editor|penyunting|redaktur)\s*[:\-–]?\s*",
                     re.IGNORECASE)
_AUTHOR_PREFIX = re.compile(r"^\s*(oleh|penulis|reporter|pewarta|wartawan|by)\s*[:\-–]?\s*", re.IGNORECASE)
_DATE_TEXT = re.compile(r"(?:(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu),?\s*)?\d{1,2}\s+"
                        r"(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember)"
                        r"\s+\d{4}(?:\s*[,|-]?\s*(?:pukul\s*)?\d{1,2}[:.]\d{2}(?:\s*(?:WIB|WITA|WIT))?)?",
                        re.IGNORECASE)


def decode_html(html: bytes | str, encoding: str | None) -> str:
    """Bytes to text: BOM, then the declared encoding if the bytes fit it, then meta charset, then cp1252."""
    if isinstance(html, str):
        return html
    if html.startswith(b"\xef\xbb\xbf"):
        return html[3:].decode("utf-8", errors="replace")
    candidates: list[str] = []
    if encoding:
        candidates.append(encoding)
    meta = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", html[:4096], re.IGNORECASE)
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "cp1252"]
    for candidate in candidates:
        try:
            return html.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return html.decode("utf-8", errors="replace")


def _text(node: Any) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True)).strip()


def _meta(soup: Any, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name}) or \
            soup.find("meta", attrs={"itemprop": name})
        if tag and tag.get("content"):
            return str(tag["content"]).strip()
    return None


def _json_ld(soup: Any) -> dict[str, Any]:
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError):
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and str(item.get("@type", "")).lower() in (
                    "newsarticle", "article", "reportagenewsarticle", "blogposting"):
                return item
    return {}


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parse_datetime_id(value)
    except (DateParseError, ValueError):
        return None
    return moment.astimezone(JAKARTA)


def _clean_title(title: str, site_name: str | None) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    if site_name and title.endswith(site_name):
        title = title[: -len(site_name)].rstrip(" -|–—:")
    parts = re.split(r"\s+[|–—]\s+|\s+-\s+", title)
    if len(parts) > 1 and len(parts[-1]) < 30 and len(parts[0]) > 20:
        title = " - ".join(parts[:-1])
    return title


def _author(soup: Any, ld: dict[str, Any]) -> str | None:
    author = ld.get("author")
    if isinstance(author, list) and author:
        author = author[0]
    if isinstance(author, dict):
        author = author.get("name")
    if isinstance(author, str) and author.strip():
        return _AUTHOR_PREFIX.sub("", author).strip()
    meta = _meta(soup, "author", "article:author", "dable:author")
    if meta and not meta.startswith("http"):
        return _AUTHOR_PREFIX.sub("", meta).strip()
    for node in soup.find_all(class_=re.compile(r"author|byline|penulis|reporter|writer", re.I)):
        text = _text(node)
        if text and len(text) < 80 and not re.match(r"^\s*editor", text, re.I):
            return _AUTHOR_PREFIX.sub("", text).split("|")[0].strip() or None
    for node in soup.find_all(string=re.compile(r"^\s*(Penulis|Reporter|Oleh|Pewarta)\s*[:\-–]?", re.I)):
        text = re.sub(r"\s+", " ", str(node)).strip()
        name = _AUTHOR_PREFIX.sub("", text).split("|")[0].strip()
        if not name and node.parent is not None:
            name = _AUTHOR_PREFIX.sub("", _text(node.parent)).split("|")[0].strip()
        if name and len(name) < 80:
            return name
    return None


def _published(soup: Any, ld: dict[str, Any]) -> datetime | None:
    for candidate in (_meta(soup, "article:published_time", "datePublished", "pubdate", "publishdate",
                             "og:published_time"), ld.get("datePublished")):
        moment = _parse_time(candidate)
        if moment:
            return moment
    time_tag = soup.find("time", attrs={"datetime": True})
    if time_tag:
        moment = _parse_time(str(time_tag["datetime"]))
        if moment:
            return moment
    for node in soup.find_all(class_=re.compile(r"date|time|tanggal|waktu|publish", re.I)):
        match = _DATE_TEXT.search(_text(node))
        if match:
            moment = _parse_time(match.group())
            if moment:
                return moment
    match = _DATE_TEXT.search(_text(soup.body or soup)[:3000])
    return _parse_time(match.group()) if match else None


def _strip_boilerplate(root: Any) -> None:
    for tag in root.find_all(_REMOVE_TAGS):
        tag.decompose()
    for tag in list(root.find_all(True)):
        if tag.decomposed if hasattr(tag, "decomposed") else False:
            continue
        attrs = getattr(tag, "attrs", None)
        if attrs is None:
            continue
        marker = " ".join([*tag.get("class", []), tag.get("id", "") or "", tag.get("role", "") or ""])
        if marker.strip() and _BOILERPLATE.search(marker) and tag.name not in ("html", "body", "article", "main"):
            tag.decompose()


def _paragraphs(container: Any) -> list[str]:
    texts: list[str] = []
    blocks = container.find_all(["p", "h2", "h3", "li", "blockquote"]) or [container]
    for block in blocks:
        if block.find_parent(["li", "blockquote"]) is not None and block.name == "p":
            pass
        text = _text(block)
        if not text or _INSERT.match(text) or _BYLINE.match(text):
            continue
        links = sum(len(_text(a)) for a in block.find_all("a"))
        if links > 0.6 * len(text):
            continue
        if block.name == "li" and len(text) < 40:
            continue
        if texts and texts[-1] == text:
            continue
        texts.append(text)
    return texts


def _best_container(soup: Any) -> Any:
    scores: dict[int, float] = {}
    nodes: dict[int, Any] = {}
    for paragraph in soup.find_all("p"):
        text = _text(paragraph)
        if len(text) < 25 or _INSERT.match(text):
            continue
        parent = paragraph.parent
        weight = len(text) + 10 * text.count(",") + 5 * text.count(".")
        for depth, node in enumerate((parent, parent.parent if parent else None)):
            if node is None:
                continue
            scores[id(node)] = scores.get(id(node), 0) + weight / (1 + depth)
            nodes[id(node)] = node
    if not scores:
        return None
    return nodes[max(scores, key=lambda k: scores[k])]


def _next_page(soup: Any, url: str, container: Any) -> str | None:
    link = soup.find("link", rel="next") or (container.find("a", rel="next") if container else None)
    if link and link.get("href"):
        return urljoin(url, str(link["href"]))
    for anchor in soup.find_all("a", href=True):
        label = _text(anchor).lower()
        if re.fullmatch(r"(halaman\s+)?selanjutnya|next( page)?|halaman\s+berikutnya|lanjut( baca)?", label):
            return urljoin(url, str(anchor["href"]))
    current = re.search(r"[?&]page=(\d+)", url)
    wanted = int(current.group(1)) + 1 if current else 2
    for anchor in soup.find_all("a", href=True):
        href = str(anchor["href"])
        if re.search(rf"[?&]page={wanted}\b", href) and re.search(r"halaman|^\s*\d+\s*$", _text(anchor), re.I):
            return urljoin(url, href)
    return None


def extract_article(html: bytes | str, url: str, *, encoding: str | None = None,
                    hints: dict[str, Any] | None = None) -> Article:
    from bs4 import BeautifulSoup

    text = decode_html(html, encoding)
    if not text.strip() or "<" not in text[:2000]:
        raise InputRejected(url, "not an HTML page")
    soup = BeautifulSoup(text, "lxml")
    if soup.body is None:
        raise InputRejected(url, "the page has no body")
    ld = _json_ld(soup)
    site_name = _meta(soup, "og:site_name")
    title = _meta(soup, "og:title") or ld.get("headline") or ""
    h1 = soup.find("h1")
    if h1 and _text(h1):
        title = _text(h1)
    if not title and soup.title:
        title = soup.title.get_text()
    canonical = soup.find("link", rel="canonical")
    canonical_url = urljoin(url, str(canonical["href"])) if canonical and canonical.get("href") else (
        _meta(soup, "og:url") or url)
    published = _published(soup, ld)
    author = _author(soup, ld)
    section = _meta(soup, "article:section") or (ld.get("articleSection") if isinstance(
        ld.get("articleSection"), str) else None)
    tags = [t.strip() for t in (_meta(soup, "article:tag", "news_keywords", "keywords") or "").split(",")
            if t.strip()]
    for tag in soup.find_all("meta", attrs={"property": "article:tag"}):
        value = str(tag.get("content", "")).strip()
        if value and value not in tags:
            tags.append(value)
    language = soup.html.get("lang") if soup.html else None

    next_page = _next_page(soup, url, None)
    container = None
    if hints and hints.get("body"):
        container = soup.select_one(str(hints["body"]))
    body_soup = BeautifulSoup(text, "lxml")
    _strip_boilerplate(body_soup)
    if container is None:
        chosen = body_soup.select_one(str(hints["body"])) if hints and hints.get("body") else None
        container = chosen or _best_container(body_soup)
    if container is None:
        raise InputRejected(url, "no article body found (no paragraphs of text)")
    paragraphs = _paragraphs(container)
    if not paragraphs or sum(len(p) for p in paragraphs) < 80:
        raise InputRejected(url, "no article body found (too little text)")
    return Article(url=url, canonical_url=canonical_url, title=_clean_title(str(title), site_name),
                   published_at=published, author=author, section=section, tags=tags,
                   text="\n\n".join(paragraphs), next_page_url=next_page,
                   language=str(language) if language else None)


def join_pages(pages: list[Article]) -> Article:
    """A multi-page article as one: the first page's metadata, every page's text in order."""
    if not pages:
        raise ValueError("no pages to join")
    first = pages[0]
    texts: list[str] = []
    for page in pages:
        for paragraph in page.text.split("\n\n"):
            if paragraph not in texts:
                texts.append(paragraph)
    return replace(first, text="\n\n".join(texts), next_page_url=None)
