"""Pages that hold no article: listings (index, tag, section, search pages), paywalls, pages without text.

A listing page is told by its structure: the body found is a list of headlines that are the page's
own links, or most of the page's text is links.
"""

from __future__ import annotations

import re
from typing import Any

from transforms.article.page import NoArticle, text_of, words

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
