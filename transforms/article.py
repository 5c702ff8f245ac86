"""Article extraction: a pure function of a page's bytes and URL (no network).

The page is parsed once. Metadata comes from the page's own declarations first (Open Graph,
``article:*`` meta, JSON-LD NewsArticle, ``<time datetime>``), then from Indonesian text ("Selasa,
11 Juni 2024 09:14 WIB", "Penulis: ..."). The body is found by trafilatura on that same tree (the
field's reference extractor, in its fast mode); Pantau then cleans what it found: inline inserts
("BACA JUGA", "Simak juga", "Baca selengkapnya", "Read more"), bylines ("Oleh", "Penulis",
"Pewarta": read into ``author``, kept out of the body), date lines, photo credits, desk signatures
and the page's own labels. Pantau's own finder (boilerplate containers removed by class tokens,
``<br>`` text made into paragraphs, containers scored by their text) takes over when trafilatura
finds nothing, and serves per-site CSS selectors (``hints``), which take precedence.

A page where no article is found raises :class:`NoArticle` with the kind of reason (no block of
text, paywall, not an article); any other unusable page raises ``InputRejected``. Measured on a
public benchmark of real pages in ``bench/article_bench.py``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from core.errors import InputRejected
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


class NoArticle(InputRejected):
    """A page where no article was found, with the kind of reason (``NO_ARTICLE_KINDS``)."""

    def __init__(self, url: str, kind: str, detail: str) -> None:
        if kind not in NO_ARTICLE_KINDS:
            raise ValueError(f"unknown kind of page without an article: {kind!r}")
        self.kind = kind
        super().__init__(url, f"no article body found: {NO_ARTICLE_KINDS[kind]} ({detail})")


NO_ARTICLE_KINDS = {
    "no_text": "no block of text",
    "paywall": "behind a paywall",
    "not_article": "not an article (an index, tag, section or search page)",
}
# Listing pages by their path: /tag/x/, /kategori/daerah/, /indeks/, /search?q=, /page/2/.
_LISTING_PATH = re.compile(r"/(?:tags?|topik|topic|kategori|category|categories|rubrik|kanal|indeks|index-berita|"
                           r"search|cari|author|penulis|arsip|archive)(?:/|$|\?)|/page/\d+/?$", re.IGNORECASE)
_PAYWALL_XPATH = ('//*[contains(@class, "paywall") or contains(@id, "paywall") or contains(@class, "premium-content")'
                  ' or contains(@class, "subscriber-only") or contains(@class, "konten-premium")]')


_BOILERPLATE = re.compile(
    r"share|sharing|social|sosmed|related|terkait|baca-?juga|comment|komentar|disqus|sidebar|widget|popular|"
    r"populer|terpopuler|trending|advert|iklan|\bads?\b|ads-|banner|promo|newsletter|subscribe|breadcrumb|"
    r"pagination|paging|footer|header|menu|navbar|\bnav\b|caption|wp-caption|figcaption|tags?-|tag-list|"
    r"author-box|byline|meta-|post-meta|entry-meta|rekomendasi|recommended|more-news|berita-lain|lainnya",
    re.IGNORECASE)
_REMOVE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "iframe", "svg",
                "figcaption", "button", "select", "template", "object", "embed")
_INSERT = re.compile(r"^\s*(baca\s+juga|simak\s+(juga|berita)|lihat\s+juga|baca\s+selengkapnya|artikel\s+terkait|"
                     r"berita\s+terkait|tonton\s+juga|ikuti\s+(kami|berita)|dapatkan\s+update)\b", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*(oleh|penulis|reporter|pewarta|wartawan|editor|penyunting|redaktur)\s*[:\-–]?\s*",
                     re.IGNORECASE)
_AUTHOR_PREFIX = re.compile(
    r"^\s*(diposting\s+oleh|ditulis\s+oleh|oleh|penulis|reporter|pewarta|wartawan|by)\s*[:\-–]?\s*", re.IGNORECASE)
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
    return re.sub(r"\s+", " ", " ".join(t.strip() for t in node.itertext() if t and t.strip())).strip()


def _classes(node: Any) -> str:
    return f"{node.get('class') or ''} {node.get('id') or ''} {node.get('role') or ''}"


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


def _json_ld(root: Any) -> dict[str, Any]:
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
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


_TITLE_CLASS = re.compile(r"(?:^|\s)(?:entry-title|post-title|judul-berita|detail__title|read__title)(?:\s|$)")
_AUTHOR_CLASS = re.compile(r"author|byline|penulis|reporter|writer", re.IGNORECASE)
_DATE_CLASS = re.compile(r"date|time|tanggal|waktu|tgl|publish", re.IGNORECASE)
_AUTHOR_TEXT = re.compile(r"^\s*(Diposting\s+oleh|Ditulis\s+oleh|Penulis|Reporter|Oleh|Pewarta)\b", re.IGNORECASE)


def _byline_name(text: str) -> str | None:
    """The name in a byline: its prefix off, cut at a separator ("Nama - Situs", "Nama | Editor")."""
    name = re.split(r"\s+[-–|]\s+|\s*\|\s*|\s+di\s+\d", _AUTHOR_PREFIX.sub("", text))[0].strip(" .,:")
    return name if name and len(name) < 60 else None


def _author(root: Any, ld: dict[str, Any], meta: dict[str, list[str]]) -> str | None:
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
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if _AUTHOR_CLASS.search(_classes(node)):
            # The innermost element that names the author ("author-and-share" wraps "detail__author").
            if any(isinstance(d.tag, str) and _AUTHOR_CLASS.search(_classes(d)) for d in node.iterdescendants()):
                continue
            text = _text(node)
            if text and len(text) < 80 and not re.match(r"^\s*editor", text, re.IGNORECASE):
                return _byline_name(text)
        elif node.text and _AUTHOR_TEXT.match(node.text):
            if not _AUTHOR_TEXT.sub("", node.text).strip(" :") and len(node):
                return _byline_name(_text(node[0]))  # "Diposting oleh <span>Nama</span>"
            name = _byline_name(_text(node))
            if name:
                return name
    return None


def _published(root: Any, ld: dict[str, Any], meta: dict[str, list[str]]) -> datetime | None:
    for candidate in (_first(meta, "article:published_time", "datePublished", "pubdate", "publishdate",
                             "og:published_time"), ld.get("datePublished")):
        moment = _parse_time(candidate)
        if moment:
            return moment
    for tag in root.iter("time"):
        moment = _parse_time(tag.get("datetime"))
        if moment:
            return moment
    for node in root.iter():
        if isinstance(node.tag, str) and _DATE_CLASS.search(_classes(node)):
            match = _DATE_TEXT.search(_text(node))
            if match and (moment := _parse_time(match.group())):
                return moment
    body = root.find("body")
    match = _DATE_TEXT.search(_text(body if body is not None else root)[:3000])
    return _parse_time(match.group()) if match else None


# A boilerplate word must *start* a class token (``sidebar``, ``share-buttons``, ``related_posts``):
# inside a token it names the article itself (``theiaStickySidebar``, ``has-section-nav``,
# ``Page-ad-margins``, ``elementor-widget-container``), which used to drop whole articles.
_BOILERPLATE_TOKEN = re.compile(
    r"^(?:share|sharing|social|sosmed|related|terkait|baca-?juga|comments?$|comment-|komentar|disqus|sidebar|"
    r"widget(?!-container)|popular|populer|terpopuler|trending|advert|iklan|ads?$|ads?-|banner|promo|newsletter|"
    r"subscribe|breadcrumb|pagination|paging|footer|site-header|menu|navbar|nav$|caption|wp-caption|"
    r"figcaption|tags?-|tag-list|author-box|post-meta|entry-meta|rekomendasi|recommended|more-news|"
    r"berita-lain|lainnya|cookie|consent|modal|popup)", re.IGNORECASE)
_CONTENT_TOKEN = re.compile(r"article|content|body|post|entry|story|isi|berita|detail|text|main", re.IGNORECASE)


def _is_boilerplate(node: Any) -> bool:
    tokens = f"{node.get('class') or ''} {node.get('id') or ''}".split()
    role = (node.get("role") or "").lower()
    if role in ("navigation", "complementary", "contentinfo", "banner"):
        return True
    if not tokens or any(_CONTENT_TOKEN.search(t) and not _BOILERPLATE_TOKEN.match(t) for t in tokens):
        return False
    return any(_BOILERPLATE_TOKEN.match(t) for t in tokens)


def _strip_boilerplate(root: Any) -> None:
    doomed = []
    for node in root.iter():
        if not isinstance(node.tag, str):
            doomed.append(node)  # comments and processing instructions
            continue
        if node.tag in _REMOVE_TAGS:
            doomed.append(node)
            continue
        if node.tag not in ("html", "body", "article", "main") and _is_boilerplate(node):
            doomed.append(node)
    for node in doomed:
        if node.getparent() is not None:
            node.drop_tree()


def _split_br_divs(root: Any) -> None:
    """Text written straight into a ``<div>`` between ``<br>``s becomes ``<p>``s, as if it had been marked up."""
    from lxml import etree

    for div in list(root.iter("div", "td", "section", "article", "span", "font")):
        if div.find("br") is None:
            continue
        pieces: list[list[Any]] = [[]]
        leading = div.text
        for child in list(div):
            if child.tag == "br":
                pieces.append([])
                if child.tail:
                    pieces[-1].append(child.tail)
            else:
                pieces[-1].append(child)
                if child.tail:
                    pieces[-1].append(child.tail)
        long_text = any(isinstance(x, str) and len(x.strip()) > 40 for piece in pieces for x in piece)
        if len(pieces) <= 1 or not (long_text or (leading and len(leading.strip()) > 40)):
            continue
        if leading:
            pieces[0].insert(0, leading)
        for child in list(div):
            div.remove(child)
        div.text = None
        for piece in pieces:
            if not any((x.strip() if isinstance(x, str) else True) for x in piece):
                continue
            paragraph = etree.SubElement(div, "p")
            for part in piece:
                if isinstance(part, str):
                    if len(paragraph):
                        paragraph[-1].tail = (paragraph[-1].tail or "") + part
                    else:
                        paragraph.text = (paragraph.text or "") + part
                else:
                    part.tail = None
                    paragraph.append(part)


def _paragraphs(container: Any) -> list[str]:
    texts: list[str] = []
    blocks = [n for n in container.iter("p", "h2", "h3", "li", "blockquote")] or [container]
    for block in blocks:
        text = _text(block)
        if not text or _INSERT.match(text) or _BYLINE.match(text):
            continue
        links = sum(len(_text(a)) for a in block.iter("a"))
        if links > 0.6 * len(text):
            continue
        if block.tag == "li" and len(text) < 40:
            continue
        if texts and texts[-1] == text:
            continue
        texts.append(text)
    return texts


def _best_container(root: Any) -> Any:
    scores: dict[Any, float] = {}
    for paragraph in root.iter("p"):
        text = _text(paragraph)
        if len(text) < 25 or _INSERT.match(text):
            continue
        weight = len(text) + 10 * text.count(",") + 5 * text.count(".")
        parent = paragraph.getparent()
        for depth, node in enumerate((parent, parent.getparent() if parent is not None else None)):
            if node is not None:
                scores[node] = scores.get(node, 0) + weight / (1 + depth)
    if not scores:
        return None
    return max(scores, key=lambda node: scores[node])


def _own_body(root: Any, selector: str | None) -> list[str]:
    """Pantau's own finder (site hints, and the fallback): strip boilerplate, score containers by their text."""
    _strip_boilerplate(root)
    chosen = _select(root, selector) if selector else None
    if chosen is None:
        _split_br_divs(root)
    container = chosen if chosen is not None else _best_container(root)
    return _paragraphs(container) if container is not None else []


def _library_body(root: Any, url: str) -> list[str]:
    """trafilatura's body on the already parsed tree (it works on a copy), one line a paragraph."""
    import trafilatura

    text = trafilatura.extract(root, url=url, include_comments=False, include_tables=True, fast=True,
                               favor_recall=True, deduplicate=False, with_metadata=False, output_format="txt")
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


_CREDIT = re.compile(r"^\(?\s*(foto|photo|ilustrasi|sumber\s+foto|video|grafis)\s*[:/]", re.IGNORECASE)
# Lines that are a site's furniture, not the story: link boxes, ad labels, comment and tag labels.
_READ_MORE = re.compile(
    r"^\s*(read\s+more\s*:|related\s*:|see\s+also\s*:|also\s+on\s|you\s+may\s+also\s+like|more\s*:|"
    r"advertisement$|iklan$|pasang\s+iklan|scroll\s+to\s+continue|isi\s+komentar|\d*\s*comments?$|"
    r"post\s+comment|share\s+this|tags?\s*:|topik\s*:|editor\s*:|\[?related(\s+post)?\s*:|sign\s+up\b|"
    r"subscribe\b|thanks\s+for\s+signing|get\s+the\s+latest\b.*\binbox|like\s+this\s+story|"
    r"follow\b.{0,80}\bon\s+(facebook|twitter|instagram)\b|popular\s+on\s|berita\s+terpopuler|terpopuler$)",
    re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\"”’)]\s*$")


def _is_edge_noise(line: str) -> bool:
    """A short line at the edge of the body that is not prose (a label, a heading of a box, a credit)."""
    return len(line) < 60 and not _SENTENCE_END.search(line)


def _words(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _same(line: str, label: str) -> bool:
    """The line is the label, or (a long line) the part of it that is the headline ("Berita - <headline>")."""
    if not line or not label:
        return False
    a, b = _words(line), _words(label)
    return a == b or (len(a) > 30 and b.endswith(a))


# "(Tribunjambi.com/Nama)": a desk signature closing the last paragraph.
_SIGNATURE = re.compile(r"\s*\([\w-]+\.(?:com|co\.id|id|net|org)\s*/\s*[^()]{2,60}\)\s*$",
                        re.IGNORECASE)


def _clean_lines(lines: list[str], known: tuple[str | None, ...]) -> tuple[list[str], str | None]:
    """Pantau's cleanup of a body: inserts, bylines, date lines, photo credits and edge noise removed.

    ``known`` are the page's own labels (title, site name, section): a line that is one of them is
    not body text. Returns the kept paragraphs and the first byline's name (for ``author``)."""
    byline: str | None = None
    kept: list[str] = []
    # A box of links closing the page ("Baca juga", "You may also like" and a few headlines): cut it off.
    for index in range(len(lines) - 1, len(lines) // 2 - 1, -1):
        line = lines[index]
        following = lines[index + 1:]
        if len(line) < 40 and (_INSERT.match(line) or _READ_MORE.match(line)) and following and \
                all(len(rest) < 120 and not rest.endswith(".") for rest in following):  # headlines, not prose
            lines = lines[:index]
            break
    labels = [label for label in known if label]
    longest = max((len(label) for label in labels), default=0)
    for line in lines:
        if _INSERT.match(line) or _READ_MORE.match(line):
            continue
        if len(line) <= longest + 5 and any(_same(line, label) for label in labels):
            continue
        if _BYLINE.match(line) and len(line) < 120:
            name = _BYLINE.sub("", line).split("|")[0].strip(" .,-–")
            if byline is None and name and not re.match(r"^\s*(editor|penyunting|redaktur)", line, re.IGNORECASE):
                byline = name
            continue
        date = _DATE_TEXT.search(line) if len(line) < 90 else None
        if date and len(line) < len(date.group()) + 30:
            continue
        if _CREDIT.match(line) and len(line) < 100:
            continue
        kept.append(line)
    if kept:
        kept[-1] = _SIGNATURE.sub("", kept[-1]) or kept[-1]
    # At most a few lines at each edge, and never most of the text: a list is a body too.
    total = sum(len(line) for line in kept)
    for edge in (0, -1):
        dropped, dropped_chars = 0, 0
        while len(kept) > 1 and dropped < 3 and _is_edge_noise(kept[edge]) and \
                dropped_chars + len(kept[edge]) <= 0.25 * total:
            dropped_chars += len(kept.pop(edge))
            dropped += 1
    return kept, byline


_NEXT_LABEL = re.compile(r"(halaman\s+)?selanjutnya|next( page)?|halaman\s+berikutnya|lanjut( baca)?")
# Only anchors that could be a "next page" link are looked at (libxml2 filters them, not Python).
_NEXT_WORDS = ("elanjutnya", "ELANJUTNYA", "ext", "EXT", "erikutnya", "ERIKUTNYA", "anjut", "ANJUT")
_NEXT_CANDIDATES = ("//a[@href][contains(@href, 'page=') or .//text()["
                    + " or ".join(f"contains(., '{word}')" for word in _NEXT_WORDS) + "]]")


def _next_page(root: Any, url: str) -> str | None:
    for link in root.xpath("//link[@rel='next'][@href] | //a[@rel='next'][@href]"):
        return urljoin(url, link.get("href"))
    current = re.search(r"[?&]page=(\d+)", url)
    wanted = int(current.group(1)) + 1 if current else 2
    for anchor in root.xpath(_NEXT_CANDIDATES):
        href = anchor.get("href")
        label = _text(anchor).lower()
        if _NEXT_LABEL.fullmatch(label):
            return urljoin(url, href)
        if re.search(rf"[?&]page={wanted}\b", href) and re.search(r"halaman|^\s*\d+\s*$", label):
            return urljoin(url, href)
    return None


def _select(root: Any, selector: str) -> Any:
    """The first element matching a simple selector: ``tag``, ``.class``, ``tag.class`` or ``#id``."""
    match = re.fullmatch(r"\s*([\w-]*)(?:\.([\w-]+))?(?:#([\w-]+))?\s*", selector)
    if not match:
        return None
    tag, cls, ident = match.groups()
    for node in root.iter(tag or None):
        if not isinstance(node.tag, str):
            continue
        if cls and cls not in (node.get("class") or "").split():
            continue
        if ident and node.get("id") != ident:
            continue
        return node
    return None


def _parse(text: str, url: str) -> Any:
    """One parse of the page, with the parser settings trafilatura uses (so its copy needs no re-parse)."""
    import lxml.html
    from lxml import etree
    from trafilatura import load_html

    try:
        root = load_html(text)
        if root is None or root.find("body") is None:
            root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputRejected(url, f"the page cannot be parsed as HTML ({exc})") from None
    return root


def extract_article(html: bytes | str, url: str, *, encoding: str | None = None,
                    hints: dict[str, Any] | None = None) -> Article:
    text = decode_html(html, encoding)
    if not text.strip() or "<" not in text[:2000]:
        raise InputRejected(url, "not an HTML page")
    root = _parse(text, url)
    if root.find("body") is None:
        raise InputRejected(url, "the page has no body")
    if _LISTING_PATH.search(urlsplit(url).path + ("?" if urlsplit(url).query else "")):
        raise NoArticle(url, "not_article", "the address is a listing page")
    meta = _meta_index(root)
    ld = _json_ld(root)
    site_name = _first(meta, "og:site_name")
    title = _first(meta, "og:title") or str(ld.get("headline") or "")
    # The headline element: one marked as the post's title (a blog's <h1> is often the blog's name), else <h1>.
    heading = next((node for node in root.iter("h1", "h2", "h3", "span")
                    if _TITLE_CLASS.search(node.get("class") or "")), None)
    if heading is None:
        heading = next(root.iter("h1"), None)
    if heading is not None and _text(heading):
        title = _text(heading)
    if not title:
        title_tag = root.find(".//title")
        title = _text(title_tag) if title_tag is not None else ""
    canonical = next((link.get("href") for link in root.iter("link")
                      if (link.get("rel") or "").lower() == "canonical" and link.get("href")), None)
    canonical_url = urljoin(url, canonical) if canonical else (_first(meta, "og:url") or url)
    published = _published(root, ld, meta)
    author = _author(root, ld, meta)
    section = _first(meta, "article:section") or (ld.get("articleSection") if isinstance(
        ld.get("articleSection"), str) else None)
    tags = [t.strip() for t in (_first(meta, "news_keywords", "keywords") or "").split(",") if t.strip()]
    for value in meta.get("article:tag", []):
        if value not in tags:
            tags.append(value)
    language = root.get("lang")
    next_page = _next_page(root, url)
    title = _clean_title(str(title), site_name)
    # Metadata is read. The body: a site hint names its container; otherwise trafilatura finds it
    # (on a copy of this tree) and Pantau's own finder stands in when it finds nothing.
    selector = str(hints["body"]) if hints and hints.get("body") else None
    lines = [] if selector else _library_body(root, url)
    known = (title, site_name, section)
    paragraphs, byline = _clean_lines(lines, known)
    # One line for a page of several paragraphs is trafilatura's whole-page fallback: ask Pantau's finder.
    if not paragraphs or sum(len(p) for p in paragraphs) < 80 or (
            len(lines) == 1 and len(root.xpath("//p[string-length(normalize-space()) > 25]")) >= 2):
        own, own_byline = _clean_lines(_own_body(root, selector), known)
        if sum(len(p) for p in own) >= 80 or not paragraphs:
            paragraphs, byline = own, byline or own_byline
    if not paragraphs or sum(len(p) for p in paragraphs) < 80:
        raise _why_no_article(root, url, ld, "no paragraphs of text" if not paragraphs else "too little text")
    if _mostly_links(root, paragraphs):
        raise NoArticle(url, "not_article", "the text found is a list of links")
    author = author or byline
    return Article(url=url, canonical_url=canonical_url, title=title,
                   published_at=published, author=author, section=section, tags=tags,
                   text="\n\n".join(paragraphs), next_page_url=next_page,
                   language=str(language) if language else None)


def _paywalled(root: Any, ld: dict[str, Any]) -> bool:
    free = ld.get("isAccessibleForFree")
    if free is False or str(free).strip().lower() == "false":
        return True
    return bool(root.xpath(_PAYWALL_XPATH))


def _mostly_links(root: Any, paragraphs: list[str]) -> bool:
    """Whether the body found is a list of headlines: nearly all of it the text of the page's links."""
    if len(paragraphs) < 3 or sum(len(p) < 150 for p in paragraphs) < 0.8 * len(paragraphs):
        return False  # headlines are short lines; prose is not
    anchors = {_words(_text(a)) for a in root.iter("a")}
    linked = sum(len(p) for p in paragraphs if _words(p.lstrip("-• ")) in anchors)
    return linked > 0.8 * sum(len(p) for p in paragraphs)


def _why_no_article(root: Any, url: str, ld: dict[str, Any], detail: str) -> NoArticle:
    """The kind of page this is, when no article body was found on it."""
    if _paywalled(root, ld):
        return NoArticle(url, "paywall", detail)
    body = root.find("body")
    text = len(_text(body)) if body is not None else 0
    linked = sum(len(_text(a)) for a in root.iter("a"))
    if text and linked > 0.5 * text:
        return NoArticle(url, "not_article", f"{detail}; most of the page's text is links")
    return NoArticle(url, "no_text", detail)


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
