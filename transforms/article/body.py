"""Finding an article's body on the parsed page: trafilatura first, Pantau's own container finder beside it.

trafilatura (the field's reference extractor) finds the body on a copy of the tree Pantau parsed.
Pantau's own finder (boilerplate containers removed by class tokens, ``<br>`` text made into
paragraphs, containers scored by their text) stands in when trafilatura finds nothing, and serves
per-site CSS selectors (``hints``).
"""

from __future__ import annotations

import re
from typing import Any

from transforms.article.cleanup import BYLINE, INSERT
from transforms.article.page import text_of

_REMOVE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "iframe", "svg",
                "figcaption", "button", "select", "template", "object", "embed")
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


def library_body(root: Any, url: str, *, fast_first: bool = True) -> list[str]:
    """trafilatura's body on the already parsed tree (``extract`` works on a copy), one line a paragraph.

    ``fast_first``: its fast mode with ``favor_recall`` first; its default ``extract()`` (which
    compares with readability and jusText) only when that found under ``FAST_ENOUGH`` of the text
    of the page's paragraphs, or nothing. Off: the default ``extract()`` on every page. Only
    trafilatura's documented ``extract`` is called (pyproject pins the tested range)."""
    if fast_first:
        lines = _trafilatura(root, url, fast=True, favor_recall=True)
        found = sum(len(line) for line in lines)
        if found and _found_enough(found, root):
            return lines
    return _trafilatura(root, url, fast=False, favor_recall=False)


# The share of the page's paragraph text that the fast mode must find to be trusted.
FAST_ENOUGH = 0.3


def _trafilatura(root: Any, url: str, *, fast: bool, favor_recall: bool) -> list[str]:
    import trafilatura

    return _lines(trafilatura.extract(root, url=url, include_comments=False, include_tables=True, fast=fast,
                                      favor_recall=favor_recall, deduplicate=False, with_metadata=False,
                                      output_format="txt"))


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _found_enough(found: int, root: Any) -> bool:
    """Whether ``found`` characters are ``FAST_ENOUGH`` of the text of the page's paragraphs, whitespace
    collapsed. Their raw length bounds that from above, and decides alone on most pages."""
    pieces = root.xpath("//p//text()", smart_strings=False)
    if found >= FAST_ENOUGH * sum(map(len, pieces)):
        return True
    return found >= FAST_ENOUGH * sum(len(" ".join(piece.split())) for piece in pieces)


def own_body(root: Any, selector: str | None) -> list[str]:
    """Pantau's own finder (site hints, and the fallback): strip boilerplate, score containers by their text.

    It changes the tree: call it last."""
    _strip_boilerplate(root)
    chosen = select(root, selector) if selector else None
    if chosen is None:
        _split_br_divs(root)
    container = chosen if chosen is not None else _best_container(root)
    return _paragraphs(container) if container is not None else []


def select(root: Any, selector: str) -> Any:
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
        text = text_of(block)
        if not text or INSERT.match(text) or BYLINE.match(text):
            continue
        links = sum(len(text_of(a)) for a in block.iter("a"))
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
        text = text_of(paragraph)
        if len(text) < 25 or INSERT.match(text):
            continue
        weight = len(text) + 10 * text.count(",") + 5 * text.count(".")
        parent = paragraph.getparent()
        for depth, node in enumerate((parent, parent.getparent() if parent is not None else None)):
            if node is not None:
                scores[node] = scores.get(node, 0) + weight / (1 + depth)
    if not scores:
        return None
    return max(scores, key=lambda node: scores[node])


