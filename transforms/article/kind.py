"""Pages that hold no article: listings (index, tag, section, search pages), paywalls, pages without text.

A listing page is told by its structure (``listing_by_structure``): a body without prose, a page
whose text is mostly links, a body that is a list of the page's own headlines; a listing address
(``/tag/``, ``/kategori/``, ``/search``) is refused before the page is read.
"""

from __future__ import annotations

import re
from typing import Any

from transforms.article.page import NoArticle, linked_length, text_length, text_of, words

# Listing pages by their path: /tag/x/, /kategori/daerah/, /indeks/, /search?q=, /page/2/. The listing
# word must be followed by at most two short segments without digits: /education/archive/2014/04/slug/
# is an article filed in an archive, not the archive.
LISTING_PATH = re.compile(r"/(?:tags?|topik|topic|kategori|category|categories|rubrik|kanal|indeks|index-berita|"
                          r"search|cari|author|penulis|arsip|archive)(?:/[^/\d?]{1,30}){0,2}/?(?:\?|$)|/page/\d+/?$",
                          re.IGNORECASE)
_PAYWALL_XPATH = ('//*[contains(@class, "paywall") or contains(@id, "paywall") or contains(@class, "premium-content")'
                  ' or contains(@class, "subscriber-only") or contains(@class, "konten-premium")]')


def paywalled(root: Any, ld: dict[str, Any]) -> bool:
    free = ld.get("isAccessibleForFree")
    if free is False or str(free).strip().lower() == "false":
        return True
    return bool(root.xpath(_PAYWALL_XPATH))


def mostly_links(root: Any, paragraphs: list[str]) -> bool:
    """Whether the body found is a list of headlines: nearly all of it the text of the page's links."""
    if len(paragraphs) < 3 or sum(len(p) < 150 for p in paragraphs) < 0.8 * len(paragraphs):
        return False  # headlines are short lines; prose is not
    anchors = {words(text_of(a)) for a in root.iter("a")}
    linked = sum(len(p) for p in paragraphs if words(p.lstrip("-• ")) in anchors)
    return linked > 0.8 * sum(len(p) for p in paragraphs)


# A paragraph of prose: eighty characters or more holding the end of a sentence (a word, then ".", "!"
# or "?"); headlines, product names and menu lines hold none.
_SENTENCE_END = re.compile(r"[^\W\d_]{2}[.!?][\"”’)]?(?:\s|$)")


def is_prose(line: str) -> bool:
    return len(line) >= 80 and bool(_SENTENCE_END.search(line))


def listing_by_structure(root: Any, paragraphs: list[str], declared_article: bool) -> str | None:
    """Why the page is a listing rather than an article, judged by its structure; None for an article.

    A page that declares itself an article (``og:type`` article, JSON-LD Article/NewsArticle/
    BlogPosting) is taken at its word. Any other page is a listing when the body found holds no
    paragraph of prose (no line of eighty characters with the end of a sentence in it: headlines,
    product names, teasers) or when three quarters of the page's text is the text of its links."""
    if declared_article:
        return None
    if not any(is_prose(p) for p in paragraphs):
        return "no paragraph of prose among its lines"
    share = _link_share(root)
    if share >= 0.75:
        return f"{share:.0%} of the page's text is links"
    return None


def _link_share(root: Any) -> float:
    body = root.find("body")
    if body is None:
        return 0.0
    total = text_length(body)
    return linked_length(body) / total if total else 0.0


def why_no_article(root: Any, url: str, ld: dict[str, Any], detail: str) -> NoArticle:
    """The kind of page this is, when no article body was found on it."""
    if paywalled(root, ld):
        return NoArticle(url, "paywall", detail)
    body = root.find("body")
    text = len(text_of(body)) if body is not None else 0
    linked = sum(len(text_of(a)) for a in root.iter("a"))
    if text and linked > 0.5 * text:
        return NoArticle(url, "not_article", f"{detail}; most of the page's text is links")
    return NoArticle(url, "no_text", detail)
