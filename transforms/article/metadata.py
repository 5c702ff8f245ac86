"""An article's metadata, read from the page's own declarations first, then from Indonesian text.

Open Graph and ``article:*`` meta, JSON-LD NewsArticle and ``<time datetime>`` come first; then the
headline element, bylines ("Penulis: ...", "Diposting oleh ...") and date lines ("Selasa, 11 Juni 2024
09:14 WIB"); the link to a next page ("Halaman selanjutnya", ``?page=2``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin

from core.errors import InputRejected
from transforms.article.page import FOLDS_TO_ASCII, AttributeNames, text_of
from transforms.dates import JAKARTA, DateParseError, parse_datetime_id

DATE_TEXT = re.compile(r"(?:(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu),?\s*)?\d{1,2}\s+"
                       r"(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember)"
                       r"\s+\d{4}(?:\s*[,|-]?\s*(?:pukul\s*)?\d{1,2}[:.]\d{2}(?:\s*(?:WIB|WITA|WIT))?)?",
                       re.IGNORECASE)
# What every date that DATE_TEXT finds holds: the day's last digit, blanks, and the first letter of a month
# (in either case, or the long s that a case-blind match takes for "s"). A cheap search rules most texts out.
_DATE_HINT = re.compile(r"\d\s+[JFMASONDjfmasond\u017f]")
_AUTHOR_PREFIX = re.compile(
    r"^\s*(diposting\s+oleh|ditulis\s+oleh|oleh|penulis|reporter|pewarta|wartawan|by)\s*[:\-–]?\s*", re.IGNORECASE)
_TITLE_CLASS = re.compile(r"(?:^|\s)(?:entry-title|post-title|judul-berita|detail__title|read__title)(?:\s|$)")
_TITLE_WORDS = ("entry-title", "post-title", "judul-berita", "detail__title", "read__title")  # one is in each match
_AUTHOR_CLASS = re.compile(r"author|byline|penulis|reporter|writer", re.IGNORECASE)
_DATE_CLASS = re.compile(r"date|time|tanggal|waktu|tgl|publish", re.IGNORECASE)
# A byline's opening word, whole: "Oleh: Nama", not "Oleh-oleh khas Jambi" (souvenirs) or "Olehnya".
_AUTHOR_TEXT = re.compile(r"^\s*(Diposting\s+oleh|Ditulis\s+oleh|Penulis|Reporter|Oleh|Pewarta)(?![-\w])",
                          re.IGNORECASE)
_NEXT_LABEL = re.compile(r"(halaman\s+)?selanjutnya|next( page)?|halaman\s+berikutnya|lanjut( baca)?")
# An anchor without ``page=`` in its address is a "next page" link only if one piece of its text holds one
# of these, and its text one of the label's words.
_NEXT_WORDS = ("elanjutnya", "ELANJUTNYA", "ext", "EXT", "erikutnya", "ERIKUTNYA", "anjut", "ANJUT")
_NEXT_LABEL_WORDS = ("selanjutnya", "next", "berikutnya", "lanjut")


@dataclass
class Metadata:
    title: str
    canonical_url: str
    published_at: datetime | None
    author: str | None
    section: str | None
    site_name: str | None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    next_page_url: str | None = None
    json_ld: dict[str, Any] = field(default_factory=dict)
    declared_article: bool = False  # og:type article, or JSON-LD Article/NewsArticle/BlogPosting
    # og:type product..., or JSON-LD CollectionPage/SearchResultsPage/OfferCatalog and no article type
    declared_listing: bool = False
    og_type: str = ""  # lowercased
    ld_text: str = ""  # every JSON-LD script of the page, joined
    published_declared: bool = False  # a <meta> names the publication time (article:published_time, date...)


def read_metadata(root: Any, url: str, names: AttributeNames | None = None) -> Metadata:
    """The page's metadata; ``names``: the page's class, id and role values, if already read."""
    names = names or AttributeNames(root)
    meta = _meta_index(root)
    scripts = _ld_scripts(root)
    ld = _json_ld(scripts)
    site_name = _first(meta, "og:site_name")
    title = _first(meta, "og:title") or str(ld.get("headline") or "")
    # The headline element: one marked as the post's title (a blog's <h1> is often the blog's name), else <h1>.
    # (Looked for only when some class of the page could mark it.)
    heading = None
    if any(word in names.joined for word in _TITLE_WORDS) and _TITLE_CLASS.search(names.joined):
        heading = next((node for node in root.iter("h1", "h2", "h3", "span")
                        if _TITLE_CLASS.search(node.get("class") or "")), None)
    if heading is None:
        heading = next(root.iter("h1"), None)
    if heading is not None and text_of(heading):
        title = text_of(heading)
    if not title:
        title_tag = root.find(".//title")
        title = text_of(title_tag) if title_tag is not None else ""
    canonical = next((link.get("href") for link in root.iter("link")
                      if (link.get("rel") or "").lower() == "canonical" and link.get("href")), None)
    section = _first(meta, "article:section") or (ld.get("articleSection") if isinstance(
        ld.get("articleSection"), str) else None)
    tags = [t.strip() for t in (_first(meta, "news_keywords", "keywords") or "").split(",") if t.strip()]
    for value in meta.get("article:tag", []):
        if value not in tags:
            tags.append(value)
    language = root.get("lang")
    og_type = (_first(meta, "og:type") or "").lower()
    try:
        published = _published(root, ld, meta, names)
    except DateOutOfRange as exc:
        raise InputRejected(url, str(exc)) from None
    return Metadata(title=_clean_title(str(title), site_name),
                    canonical_url=urljoin(url, canonical) if canonical else (_first(meta, "og:url") or url),
                    published_at=published, author=_author(root, ld, meta, names),
                    section=section, site_name=site_name, tags=tags, language=str(language) if language else None,
                    next_page_url=_next_page(root, url, names.link_texts()), json_ld=ld,
                    declared_article=bool(ld) or og_type == "article",
                    declared_listing=og_type.startswith("product") or _declares_listing(scripts),
                    og_type=og_type, ld_text=" ".join(scripts),
                    published_declared=bool(_first(meta, "article:published_time", "datePublished", "date")))


def find_date(text: str) -> re.Match[str] | None:
    """The first date (``DATE_TEXT``) in a text."""
    return DATE_TEXT.search(text) if _DATE_HINT.search(text) else None


def byline_name(text: str) -> str | None:
    """The name in a byline: its prefix off, cut at a separator ("Nama - Situs", "Nama | Editor")."""
    name = re.split(r"\s+[-–|]\s+|\s*\|\s*|\s+di\s+\d", _AUTHOR_PREFIX.sub("", text))[0].strip(" .,:")
    return name if name and len(name) < 60 else None


def _meta_index(root: Any) -> dict[str, list[str]]:
    """Every <meta> content by its property/name/itemprop, read in one pass."""
    index: dict[str, list[str]] = {}
    for tag in root.iter("meta"):
        content = tag.get("content")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = tag.get(attribute)
            if key:
                index.setdefault(key.lower(), []).append(content.strip())
    return index


def _first(index: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        values = index.get(name.lower())
        if values:
            return values[0]
    return None


def _ld_scripts(root: Any) -> list[str]:
    """The text of every JSON-LD script of the page."""
    return [script.text or "" for script in root.iter("script")
            if (script.get("type") or "").lower() == "application/ld+json"]


def _json_ld(scripts: list[str]) -> dict[str, Any]:
    for script in scripts:
        try:
            data = json.loads(script)
        except (json.JSONDecodeError, TypeError):
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and str(item.get("@type", "")).lower() in (
                    "newsarticle", "article", "reportagenewsarticle", "blogposting"):
                return item
    return {}


# A schema.org type that names a page of many items (a category grid, search results, a shop's
# catalogue); ItemList is not one of them: articles ranking "ten best" things declare it too.
_LISTING_TYPE = re.compile(r'"@type"\s*:\s*"(?:CollectionPage|SearchResultsPage|OfferCatalog)"')
_ARTICLE_TYPE = re.compile(r'"@type"\s*:\s*"(?:NewsArticle|Article|ReportageNewsArticle|BlogPosting)"')


def _declares_listing(scripts: list[str]) -> bool:
    """Whether the page's JSON-LD (anywhere in it) names a collection or results page and no article."""
    return any(_LISTING_TYPE.search(s) for s in scripts) and not any(_ARTICLE_TYPE.search(s) for s in scripts)


class DateOutOfRange(ValueError):
    """A page states a publication time no calendar here can hold, or years ahead of today."""

    def __init__(self, value: str, field: str) -> None:
        self.value, self.field = value, field
        super().__init__(f"the published date {value[:60]!r} ({field}) is out of range: a page is not published "
                         f"after {date.today().year + 1}")


def _parse_time(value: str | None, field: str | None) -> datetime | None:
    """A stated time (``field`` names where the page states it: out of range there, the page is refused);
    a date only found in the page's text (``field`` None) out of range is no publication time."""
    if not value:
        return None
    try:
        moment = parse_datetime_id(value)
    except (DateParseError, ValueError):
        return None
    local: datetime | None
    try:
        local = moment.astimezone(JAKARTA)
    except OverflowError:  # 9999-12-31T23:59-05:00 is in year 10000 in Jakarta
        local = None
    if local is None or local.year > date.today().year + 1:
        if field is None:
            return None
        raise DateOutOfRange(value, field)
    return local


def _clean_title(title: str, site_name: str | None) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    if site_name and title.endswith(site_name):
        title = title[: -len(site_name)].rstrip(" -|–—:")
    parts = re.split(r"\s+[|–—]\s+|\s+-\s+", title)
    if len(parts) > 1 and len(parts[-1]) < 30 and len(parts[0]) > 20:
        title = " - ".join(parts[:-1])
    return title


def _author(root: Any, ld: dict[str, Any], meta: dict[str, list[str]], names: AttributeNames) -> str | None:
    author = ld.get("author")
    if isinstance(author, list) and author:
        author = author[0]
    if isinstance(author, dict):
        author = author.get("name")
    if isinstance(author, str) and author.strip():
        return _AUTHOR_PREFIX.sub("", author).strip()
    value = _first(meta, "author", "article:author", "dable:author") or next(
        (values[0] for key, values in meta.items() if key.endswith(":author") and values), None)
    if value and not value.startswith("http"):
        return _AUTHOR_PREFIX.sub("", value).strip()
    named = names.elements(_AUTHOR_CLASS)
    position = {node: index for index, node in enumerate(named)}
    # Only an element named as the author's, or one whose own text opens a byline, can give the name: on a
    # page whose text holds no byline word the named elements are the only ones to read (page order both).
    for node in root.iter() if _may_open_byline(root) else [node for node in named if _within(node, root)]:
        if not isinstance(node.tag, str):
            continue
        index = position.get(node)
        if index is not None:
            # The innermost element that names the author ("author-and-share" wraps "detail__author"):
            # the named elements are in page order, so a named descendant would be the next one.
            if index + 1 < len(named) and _under(named[index + 1], node):
                continue
            text = text_of(node)
            if text and len(text) < 80 and not re.match(r"^\s*editor", text, re.IGNORECASE):
                return byline_name(text)
        elif node.text and _AUTHOR_TEXT.match(node.text):
            if not _AUTHOR_TEXT.sub("", node.text).strip(" :") and len(node):
                return byline_name(text_of(node[0]))  # "Diposting oleh <span>Nama</span>"
            name = byline_name(text_of(node))
            if name:
                return name
    return None


def _under(node: Any, ancestor: Any) -> bool:
    """Whether ``ancestor`` is one of the node's ancestors."""
    return any(up is ancestor for up in node.iterancestors())


def _within(node: Any, root: Any) -> bool:
    return node is root or _under(node, root)


# The words one of which a text must hold for ``_AUTHOR_TEXT`` to match it.
_BYLINE_WORDS = (b"oleh", b"penulis", b"reporter", b"pewarta")


def _may_open_byline(root: Any) -> bool:
    """Whether some text of the page could open a byline (``_AUTHOR_TEXT``): a cheap test on all its text.

    The words are ASCII: its UTF-8 bytes with their ASCII letters lowered hold one wherever the lowercased
    text does (only the letters of ``FOLDS_TO_ASCII``, looked for apart, lowercase to ASCII letters), and
    lowering bytes is several times faster than lowering a text that is not all ASCII."""
    text = root.xpath("string()")
    lowered = text.encode("utf-8", "surrogatepass").lower()
    return any(word in lowered for word in _BYLINE_WORDS) or any(char in text for char in FOLDS_TO_ASCII)


def _published(root: Any, ld: dict[str, Any], meta: dict[str, list[str]], names: AttributeNames) -> datetime | None:
    for candidate, where in ((_first(meta, "article:published_time", "datePublished", "pubdate", "publishdate",
                                     "og:published_time"), "the page's meta published time"),
                             (ld.get("datePublished"), "JSON-LD datePublished")):
        moment = _parse_time(candidate, where)
        if moment:
            return moment
    for tag in root.iter("time"):
        moment = _parse_time(tag.get("datetime"), "a <time datetime> attribute")
        if moment:
            return moment
    barren = None  # the last named element without a date in its text: none of its descendants has one
    for node in names.elements(_DATE_CLASS):
        if barren is not None and _under(node, barren):
            continue
        match = find_date(text_of(node))
        if match is None:
            barren = node
        elif moment := _parse_time(match.group(), None):
            return moment
    match = find_date(_opening_text(root.find("body") if root.find("body") is not None else root, 3000))
    return _parse_time(match.group(), None) if match else None


def _opening_text(node: Any, chars: int) -> str:
    """The first ``chars`` characters of an element's text, whitespace collapsed, without reading the rest."""
    pieces: list[str] = []
    length = 0
    for piece in node.itertext():
        piece = " ".join(piece.split())
        if piece:
            pieces.append(piece)
            length += len(piece) + 1
            if length >= chars:
                break
    return " ".join(pieces)[:chars]


def _next_page(root: Any, url: str, texts: dict[Any, str]) -> str | None:
    """A ``rel="next"`` link or anchor; else the first anchor labelled as the next page, or linking to the
    next ``?page=`` and labelled "halaman ..." or with the page's number."""
    current = re.search(r"[?&]page=(\d+)", url)
    wanted = int(current.group(1)) + 1 if current else 2
    found = None
    for node in root.iter("link", "a"):
        href = node.get("href")
        if href is None:
            continue
        if node.get("rel") == "next":
            return urljoin(url, href)
        if found is not None or node.tag != "a" or ("page=" not in href and not _may_say_next(node, texts[node])):
            continue
        label = text_of(node).lower()
        if _NEXT_LABEL.fullmatch(label) or (
                re.search(rf"[?&]page={wanted}\b", href) and re.search(r"halaman|^\s*\d+\s*$", label)):
            found = urljoin(url, href)
    return found


def _may_say_next(anchor: Any, text: str) -> bool:
    """An anchor (whose ``text_content`` is ``text``) whose label could be a "next page" one: a label word
    in its text, and one of ``_NEXT_WORDS`` within one piece of it (the cheap test first)."""
    content = text.lower()
    return any(word in content for word in _NEXT_LABEL_WORDS) and any(
        word in piece for piece in anchor.itertext() for word in _NEXT_WORDS)
