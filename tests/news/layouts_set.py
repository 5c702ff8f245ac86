"""Pantau's labelled Indonesian set: every bundled article rendered in each of sixteen layouts.

The bundled site's four layouts and twelve modelled on Indonesian portals (``samples/layouts.py``;
two of them split long articles over two pages), with the hand-written body and figures as ground
truth; body token F1 and figure precision/recall. Used by the tests and by ``bench/news_bench.py``
and ``bench/article_bench.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from samples.layouts import LAYOUTS as MORE_LAYOUTS
from samples.layouts import MULTI_PAGE as MORE_MULTI_PAGE

LAYOUTS = ("wp_classic", "wp_newspaper", "custom_cms", "jsonld_portal", *MORE_LAYOUTS)
MULTI_PAGE = {"custom_cms", *MORE_MULTI_PAGE}


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def token_f1(got: str, want: str) -> float:
    a, b = Counter(tokens(got)), Counter(tokens(want))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def labelled_pages() -> list[dict[str, Any]]:
    """[{id, layout, pages: [(url, html)], text, figures}] for every article in every layout."""
    from samples.site import load_articles, render_article

    articles = load_articles()
    items = []
    for article in articles:
        others = [a for a in articles if a.slug != article.slug]
        for layout in LAYOUTS:
            url = f"http://127.0.0.1/{article.site}/{article.slug}/"
            pages = [(url, render_article(article, others, 1, layout)[0])]
            if layout in MULTI_PAGE and len(article.paragraphs) >= 4:
                pages.append((url + "?page=2", render_article(article, others, 2, layout)[0]))
            items.append({"id": f"{article.slug}@{layout}", "layout": layout, "pages": pages,
                          "text": "\n\n".join(article.paragraphs), "figures": article.figures})
    return items


def ours(pages: list[tuple[str, str]]) -> str:
    from transforms.article import extract_article, join_pages

    return join_pages([extract_article(html, url) for url, html in pages]).text


def score_figures(items: list[dict[str, Any]]) -> dict[str, Any]:
    from transforms.figures import extract_figures

    tp = fp = fn = 0
    misses: list[str] = []
    for item in items:
        got = {(f.kind, str(f.value)) for f in extract_figures(ours(item["pages"]))}
        want = {(f["kind"], str(f["value"])) for f in item["figures"]}
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        misses += [f"{item['id']}: missing {w}" for w in want - got] + [f"{item['id']}: extra {g}" for g in got - want]
    return {"labelled_figures": tp + fn, "precision": round(tp / max(1, tp + fp), 4),
            "recall": round(tp / max(1, tp + fn), 4), "errors": misses[:20]}
