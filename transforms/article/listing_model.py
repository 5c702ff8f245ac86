"""Listing pages told by a learned model of their structure: a logistic model over a page's features.

The structural rules (``kind.listing_by_structure``) catch listings that hold no prose at all; a
shop's category page with a paragraph of product text, or a section front that declares itself an
article, passes them. Many weak signals together tell those apart: how much of the body is prose,
how much of the page is links, how many headings are links, prices, how long the address's last
segment is and how many words it holds, what the page declares (``og:type``, JSON-LD types).

The weights come from ``bench/listing_model.py``, trained on the WCXB development pages' ``tune``
half only (its ``held`` half is only scored); the threshold is chosen by cross-validation on that
half so that none of its article pages falls above it. The model file ``listing_model.json``
records how it was made. Scoring is a dot product: nothing is imported to run it, and the page's
visible text, the costliest of its passes, is read only when the rest leave the verdict open.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from transforms.article.kind import is_prose
from transforms.article.metadata import Metadata

MODEL_FILE = Path(__file__).with_name("listing_model.json")

# Every feature, and whether it is a count (taken as log(1 + n): a page of 400 links is not ten times
# a page of 40) or a share or yes/no (taken as it is).
COUNTS = ("links", "page_chars", "headings", "heading_links", "images", "prices", "body_chars", "prose_chars",
          "prose_lines", "longest_prose", "title_chars", "path_depth", "slug_chars", "slug_words")
SHARES = ("link_share", "body_share", "headline_share", "short_share", "declared_article", "declared_listing",
          "dated", "has_author", "query", "file_suffix", "og_website", "og_none", "ld_item_list", "ld_product",
          "ld_article", "published_meta")
FEATURES = COUNTS + SHARES
# Pages with fewer links are not judged (on the WCXB tune half: 2 of 118 listing pages, 3 of 411 articles).
MIN_LINKS = 10

# A price: a currency sign or code before a number ("$ 25", "Rp 150.000", "IDR 2,1").
_PRICE_SIGN = re.compile(r"[$€£¥]\s?\d")
_PRICE_CODE = re.compile(r"\b(?:Rp\.?|IDR|USD)\s?\d")
_FILE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?)$", re.IGNORECASE)
_LD_ARTICLE = re.compile(r'"(?:NewsArticle|Article|BlogPosting|ReportageNewsArticle)"')
# Elements whose own text a reader does not see: code, styles, fallbacks and templates.
_HIDDEN = frozenset({"script", "style", "noscript", "template"})


# The features read off the page's tree (one pass over its links, images and headings, and its
# visible text); the rest come from the body found, the metadata (declarations included) and the address.
PAGE_FEATURES = ("links", "page_chars", "headings", "heading_links", "images", "prices", "link_share", "body_share",
                 "headline_share")
# Of those, the ones read off the visible text: the costliest pass, made only for a page the others leave
# open (``ListingModel.most``).
TEXT_FEATURES = ("page_chars", "link_share", "prices", "body_share")


@dataclass(frozen=True)
class ListingModel:
    """Standardised features, a weight each, an intercept, and the probability above which a page is a listing.

    A feature is held to the range it had on the training pages (``low``, ``high``): a page with a
    hundred thousand prices weighs as the most priced page the model was fitted on, no more."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, values: dict[str, float]) -> float:
        return _logistic(self.intercept + sum(
            w * (min(hi, max(lo, scaled(name, values[name]))) - m) / s for name, m, s, w, lo, hi in zip(
                self.features, self.mean, self.scale, self.weights, self.low, self.high, strict=True)))

    def most(self, values: dict[str, float]) -> float:
        """The highest probability a page can have whatever the features missing from ``values`` hold:
        each missing one at the end of its training range that weighs most towards a listing."""
        return _logistic(self.intercept + sum(
            w * (min(hi, max(lo, scaled(name, values[name]))) - m) / s if name in values
            else max(w * (lo - m) / s, w * (hi - m) / s) for name, m, s, w, lo, hi in zip(
                self.features, self.mean, self.scale, self.weights, self.low, self.high, strict=True)))


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def scaled(name: str, value: float) -> float:
    """A feature as the model reads it: counts as log(1 + n), shares and yes/no as they are."""
    return math.log1p(value) if name in COUNTS else value


@lru_cache(maxsize=1)
def model() -> ListingModel:
    """The model in ``listing_model.json``; it must name exactly the features computed here."""
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{MODEL_FILE.name} was trained on other features than transforms/article computes: "
                         f"retrain it with python -m bench.listing_model --train")
    return ListingModel(tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]),
                        tuple(data["low"]), tuple(data["high"]), float(data["intercept"]), float(data["threshold"]))


def listing_features(root: Any, paragraphs: list[str], meta: Metadata, url: str) -> dict[str, float]:
    """The features of a page: its tree (links, headings, images, prices), its body, what it declares, its address."""
    return {**own_features(paragraphs, meta, url), **page_features(root, paragraphs)}


def page_features(root: Any, paragraphs: list[str]) -> dict[str, float]:
    """The features read off the tree (``PAGE_FEATURES``): links, images, headings, prices, declarations."""
    values, linked = link_features(root, paragraphs)
    return {**values, **text_features(root, paragraphs, linked)}


def link_features(root: Any, paragraphs: list[str]) -> tuple[dict[str, float], int]:
    """The features one pass over the body's links, images and headings gives, and the length of the
    links' text (for ``text_features``)."""
    body = root.find("body")
    values = dict.fromkeys(("links", "headings", "heading_links", "images", "headline_share"), 0.0)
    anchors: set[str] = set()
    linked = 0
    for node in body.iter("a", "img", "h2", "h3", "h4") if body is not None else ():
        if node.tag == "a":
            text = " ".join(node.text_content().split())
            linked += len(text)
            values["links"] += 1
            anchors.add(text.lower())
        elif node.tag == "img":
            values["images"] += 1
        else:
            values["headings"] += 1
            parent = node.getparent()
            values["heading_links"] += node.find(".//a") is not None or (parent is not None and parent.tag == "a")
    found = sum(len(p) for p in paragraphs)
    values["headline_share"] = sum(len(p) for p in paragraphs if p.lower() in anchors) / found if found else 0.0
    return values, linked


def text_features(root: Any, paragraphs: list[str], linked_chars: int) -> dict[str, float]:
    """The features of the page's visible text (``TEXT_FEATURES``): its length, the share of it in links
    and in the body found, its prices."""
    body = root.find("body")
    page_text = " ".join(visible_text(body).split()) if body is not None else ""
    found = sum(len(p) for p in paragraphs)
    return {"page_chars": len(page_text), "link_share": linked_chars / len(page_text) if page_text else 0.0,
            "prices": len(_PRICE_SIGN.findall(page_text)) + (len(_PRICE_CODE.findall(page_text)) if (
                "Rp" in page_text or "IDR" in page_text or "USD" in page_text) else 0),
            "body_share": found / len(page_text) if page_text else 0.0}


def visible_text(body: Any) -> str:
    """The text of ``body`` as a reader sees it, in document order, without the text ``<script>``,
    ``<style>``, ``<noscript>`` and ``<template>`` hold themselves (one walk over the tree: a third faster
    than an XPath asking each text node for its parent)."""
    parts: list[str] = []
    for event, node in etree.iterwalk(body, events=("start", "end")):
        if event == "start":
            if node.text and isinstance(node.tag, str) and node.tag not in _HIDDEN:
                parts.append(node.text)
        elif node.tail and node is not body and node.getparent().tag not in _HIDDEN:
            parts.append(node.tail)
    return " ".join(parts)


def own_features(paragraphs: list[str], meta: Metadata, url: str) -> dict[str, float]:
    """The features of the body found, the metadata and the address: no pass over the tree."""
    values: dict[str, float] = {}
    found = sum(len(p) for p in paragraphs)
    prose = [p for p in paragraphs if is_prose(p)]
    values["body_chars"] = found
    values["prose_chars"] = sum(len(p) for p in prose)
    values["prose_lines"] = len(prose)
    values["longest_prose"] = max((len(p) for p in prose), default=0)
    values["short_share"] = sum(len(p) for p in paragraphs if len(p) < 80) / found if found else 0.0
    values["title_chars"] = len(meta.title or "")
    values["declared_article"] = float(meta.declared_article)
    values["declared_listing"] = float(meta.declared_listing)
    values["dated"] = float(meta.published_at is not None)
    values["has_author"] = float(bool(meta.author))
    _declarations(meta, values)
    address = urlsplit(url)
    segments = [s for s in unquote(address.path).split("/") if s]
    slug = segments[-1] if segments else ""
    values["path_depth"] = len(segments)
    values["slug_chars"] = len(slug)
    values["slug_words"] = len(re.findall(r"[-_]", slug))
    values["query"] = float(bool(address.query))
    values["file_suffix"] = float(bool(_FILE_SUFFIX.search(slug)))
    return values


def _declarations(meta: Metadata, values: dict[str, float]) -> None:
    """What the page's ``<meta>`` and JSON-LD declare, as the metadata read them."""
    values["published_meta"] = float(meta.published_declared)
    values["og_website"] = float(meta.og_type == "website")
    values["og_none"] = float(not meta.og_type)
    values["ld_item_list"] = float("ItemList" in meta.ld_text)
    values["ld_product"] = float('"Product"' in meta.ld_text)
    values["ld_article"] = float(bool(_LD_ARTICLE.search(meta.ld_text)))


def listing_probability(root: Any, paragraphs: list[str], meta: Metadata, url: str) -> tuple[float, float]:
    """The model's probability that the page is a listing, and the threshold above which it is refused.

    A page with fewer than ``MIN_LINKS`` links is not judged (probability 0): a listing links to its
    items, and a page that small says too little about its structure for the model to weigh. When
    the features read before the page's visible text already keep the page at or below the threshold
    whatever that text holds (``ListingModel.most``), the text is not read and that highest
    probability is given: the verdict is the same, at a fraction of the cost (most articles)."""
    current = model()
    links, linked = link_features(root, paragraphs)
    values = {**own_features(paragraphs, meta, url), **links}
    if values["links"] < MIN_LINKS:
        return 0.0, current.threshold
    if (most := current.most(values)) <= current.threshold:
        return most, current.threshold
    values.update(text_features(root, paragraphs, linked))
    return current.probability(values), current.threshold
