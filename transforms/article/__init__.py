"""Article extraction: a pure function of a page's bytes and URL (no network).

The page is parsed once. Metadata comes from the page's own declarations first, then from
Indonesian text (``metadata``). Boxes of other stories (related-story lists, "Baca Juga" links,
"Terpopuler" columns, teaser cards) are taken out of the tree (``boxes``). The body is found by
trafilatura on that same tree, Pantau's own container finder standing in when it finds nothing
(``body``); Pantau then cleans what it found (``cleanup``). A page where no article is found
raises :class:`NoArticle` with the kind of reason (no block of text, paywall, not an article:
``kind``); any other unusable page raises ``InputRejected``.

Each of Pantau's own steps on top of trafilatura has a name in ``STEPS`` and can be switched off
with ``disabled=frozenset({...})``: the benchmark (``bench/article_bench.py``) measures what each
one is worth on pages nobody tuned on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from core.errors import InputRejected
from transforms.article.body import library_body, own_body
from transforms.article.boxes import headline_links, remove_story_boxes
from transforms.article.cleanup import CLEANUP_STEPS, clean_lines
from transforms.article.kind import LISTING_PATH, listing_by_structure, mostly_links, why_no_article
from transforms.article.listing_model import listing_probability
from transforms.article.metadata import Metadata, read_metadata
from transforms.article.page import (
    NO_ARTICLE_KINDS,
    Article,
    AttributeNames,
    NoArticle,
    binary_share,
    decode_html,
    parse_page,
)

__all__ = ["NO_ARTICLE_KINDS", "STEPS", "Article", "NoArticle", "Reading", "decode_html", "extract_article",
           "join_pages", "read_page"]

STEPS = {
    **CLEANUP_STEPS,
    "story_boxes": "related-story boxes, headline lists and teaser cards (\"Berita Terkait\", \"Baca Juga\", "
                   "\"Terpopuler\") taken out of the page before the body is looked for",
    "fallback": "Pantau's container finder when trafilatura finds nothing (under 80 characters)",
    "site_hints": "a site's `body` hint (CSS selector) names the body container",
    "fast_first": "trafilatura's fast mode with favor_recall first, its default extract() when that finds little "
                  "of the page's paragraph text (off: the default extract() on every page)",
    "listing_structure": "a page built as a listing (no prose paragraph, or most of its text links) refused as "
                         "not_article",
    "listing_type": "a page that declares itself a collection (og:type product, JSON-LD CollectionPage, "
                    "SearchResultsPage, OfferCatalog) and no article refused as not_article",
    "listing_model": "a page the listing model (a logistic model of the page's structure, its declarations and "
                     "its address, trained on the WCXB tune half) puts above its threshold refused as not_article",
    "listing_path": "an address that is a listing (/tag/, /kategori/, /search) refused as not_article, unless "
                    "the page declares itself an article",
}


def extract_article(html: bytes | str, url: str, *, encoding: str | None = None,
                    hints: dict[str, Any] | None = None, disabled: frozenset[str] = frozenset()) -> Article:
    reading = read_page(html, url, encoding=encoding, hints=hints, disabled=disabled)
    root, meta, paragraphs, selector = reading.root, reading.meta, reading.paragraphs, reading.selector
    if not paragraphs or sum(len(p) for p in paragraphs) < 80:
        raise why_no_article(root, url, meta.json_ld, "no paragraphs of text" if not paragraphs else "too little text")
    if mostly_links(root, paragraphs):
        raise NoArticle(url, "not_article", "the text found is a list of links")
    # A site's hint names where its bodies are: the operator's word outweighs the page's structure.
    if not selector and "listing_structure" not in disabled and (
            why := listing_by_structure(root, paragraphs, meta.declared_article)):
        raise NoArticle(url, "not_article", f"a listing page: {why}")
    if not selector and "listing_model" not in disabled:
        chance, threshold = listing_probability(root, paragraphs, meta, url)
        if chance > threshold:
            raise NoArticle(url, "not_article", f"a listing page by its structure (the listing model gives "
                                                f"{chance:.2f}, above {threshold:.2f})")
    return Article(url=url, canonical_url=meta.canonical_url, title=meta.title, published_at=meta.published_at,
                   author=meta.author or reading.byline, section=meta.section, tags=meta.tags,
                   text="\n\n".join(paragraphs), next_page_url=meta.next_page_url, language=meta.language)


@dataclass
class Reading:
    """A page read as far as its body: the tree (story boxes taken out), its metadata, the body's lines."""

    root: Any
    meta: Metadata
    paragraphs: list[str]
    byline: str | None
    selector: str | None


def read_page(html: bytes | str, url: str, *, encoding: str | None = None, hints: dict[str, Any] | None = None,
              disabled: frozenset[str] = frozenset()) -> Reading:
    """Decode, parse, read the metadata, refuse listing addresses and declared collections, find and clean the body."""
    unknown = disabled - STEPS.keys()
    if unknown:
        raise ValueError(f"unknown extraction steps: {sorted(unknown)}")
    text = decode_html(html, encoding)
    if (binary := binary_share(text)) is not None:
        raise InputRejected(url, f"not an HTML page: {binary[0]:,} of its first {binary[1]:,} characters are "
                                 f"control characters (binary data, not text)")
    if not text.strip() or "<" not in text[:2000]:
        raise InputRejected(url, "not an HTML page")
    root = parse_page(text, url)
    if root.find("body") is None:
        raise InputRejected(url, "the page has no body")
    address = urlsplit(url)
    names = AttributeNames(root)  # read once: metadata and the story boxes look elements up by their names
    meta = read_metadata(root, url, names)
    # A listing address (/tag/, /kategori/, /search) is refused unless the page declares itself an article.
    if "listing_path" not in disabled and not meta.declared_article and LISTING_PATH.search(
            address.path + ("?" if address.query else "")):
        raise NoArticle(url, "not_article", "the address is a listing page")
    if "listing_type" not in disabled and meta.declared_listing and not (hints and hints.get("body")):
        raise NoArticle(url, "not_article", "the page declares itself a collection of items (og:type, JSON-LD)")
    # Metadata is read. The body: a site hint names its container; otherwise trafilatura finds it
    # (on a copy of this tree) and Pantau's own finder stands in when it finds nothing.
    selector = str(hints["body"]) if hints and hints.get("body") and "site_hints" not in disabled else None
    headlines = headline_links(root, url, names) if "headline_lines" not in disabled else set()
    if "story_boxes" not in disabled:
        remove_story_boxes(root, names)
    lines = [] if selector else library_body(root, url, fast_first="fast_first" not in disabled)
    known = (meta.title, meta.site_name, meta.section)
    addresses = (url, meta.canonical_url)
    paragraphs, byline = clean_lines(lines, known, disabled, headlines, addresses)
    # One line for a page of several paragraphs is trafilatura's whole-page fallback: ask Pantau's finder.
    if selector or ("fallback" not in disabled and _too_little(paragraphs)):
        own, own_byline = clean_lines(own_body(root, selector), known, disabled, headlines, addresses)
        if sum(len(p) for p in own) >= 80 or not paragraphs:
            paragraphs, byline = own, byline or own_byline
    return Reading(root, meta, paragraphs, byline, selector)


def _too_little(paragraphs: list[str]) -> bool:
    """Whether trafilatura found (next to) nothing. A single line is kept: replacing it by Pantau's own
    finder whenever the page had two paragraphs lost on the held half of the WCXB pages."""
    return not paragraphs or sum(len(p) for p in paragraphs) < 80


def join_pages(pages: list[Article]) -> Article:
    """A multi-page article as one: the first page's metadata, every page's text in order.

    A paragraph a later page repeats from an earlier one (a lead or a box printed on every page) is
    dropped; a page's own repeats stay (a recipe's "Eat every 2-3 hours" under each meal is text)."""
    if not pages:
        raise ValueError("no pages to join")
    first = pages[0]
    texts: list[str] = []
    for page in pages:
        earlier = set(texts)
        texts += [paragraph for paragraph in page.text.split("\n\n") if paragraph not in earlier]
    return replace(first, text="\n\n".join(texts), next_page_url=None)
