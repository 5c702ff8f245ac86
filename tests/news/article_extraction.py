"""The shared article-extraction benchmark beside the repository: its pages, its halves and its scoring.

``../shared/benchmarks/article-extraction/`` holds 181 news and blog pages, scored as its README
describes: ``\\w+`` tokens, 4-token shingles, per page counts normalised to sum to 1; precision averaged
over pages with a prediction, recall over pages with a truth, F1 of the two averages. The pages are split
once by a hash of the page id (``half_of``): ``ae_tune`` (looked at) and ``ae_held`` (only scored).
Used by the tests and by ``bench/article_bench.py``, which runs every extractor side by side.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BENCHMARK_DIR = ROOT.parent / "shared" / "benchmarks" / "article-extraction"
SHINGLE = 4
_TOKEN = re.compile(r"\w+", re.UNICODE)


AE_HALVES = ("ae_tune", "ae_held")


def half_of(page_id: str) -> str:
    """``ae_tune`` or ``ae_held``: the first byte of the SHA-256 of ``article-extraction/<id>``, even or odd.

    Fixed once. Earlier work looked at every page of this set; from the split on, only ``ae_tune``
    pages are looked at one by one, and ``ae_held`` is scored as a whole."""
    return AE_HALVES[hashlib.sha256(f"article-extraction/{page_id}".encode()).digest()[0] % 2]


@dataclass(frozen=True)
class Page:
    page_id: str
    url: str
    html: str
    truth: str


def load_pages(directory: Path = BENCHMARK_DIR, sample: int | None = None) -> list[Page]:
    """Every page of the benchmark (sorted by id), or a fixed, evenly spread sample of ``sample`` pages."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    if sample is not None and sample < len(ids):
        step = len(ids) / sample
        ids = [ids[int(i * step)] for i in range(sample)]
    pages = []
    for page_id in ids:
        with gzip.open(directory / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as handle:
            html = handle.read()
        pages.append(Page(page_id, truth[page_id].get("url") or f"https://benchmark.invalid/{page_id}",
                          html, truth[page_id].get("articleBody") or ""))
    return pages


# --- the benchmark's scoring --------------------------------------------------------------------

def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    # A text shorter than n tokens is one (short) shingle, an empty text none.
    grams = [tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))]
    return Counter(g for g in grams if g)


def page_counts(truth: str, prediction: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of shingles on one page, normalised to sum to 1 (all zero when both are empty)."""
    want, got = shingles(truth), shingles(prediction)
    tp = float(sum((want & got).values()))
    fp = float(sum((got - want).values()))
    fn = float(sum((want - got).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def metrics(counts: Iterable[tuple[float, float, float]]) -> dict[str, float]:
    counts = list(counts)
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    return {"f1": 2 * precision * recall / (precision + recall), "precision": precision, "recall": recall}


# --- Pantau on a document: its pages [(url, html)] -------------------------------------------

Pages = list[tuple[str, str]]


def pantau_pages(pages: Pages, disabled: frozenset[str] = frozenset()) -> tuple[str, str | None]:
    """Pantau's text of a document, and the kind of refusal when it found no article."""
    from core.errors import InputRejected
    from transforms.article import NoArticle, extract_article, join_pages

    try:
        return join_pages([extract_article(html, url, disabled=disabled) for url, html in pages]).text, None
    except NoArticle as refusal:
        return "", refusal.kind
    except InputRejected:
        return "", "rejected"


def pantau_text(page: Page) -> str:
    return pantau_pages([(page.url, page.html)])[0]


def score(pages: list[Page], extractor: Callable[[Page], str]) -> dict[str, Any]:
    """Accuracy of one extractor on the article-extraction ``pages``: F1 (whole and on each half), precision,
    recall, empty pages."""
    outputs = [extractor(page) for page in pages]
    counts = [page_counts(page.truth, out) for page, out in zip(pages, outputs, strict=True)]
    result: dict[str, Any] = {k: round(v, 4) for k, v in metrics(counts).items()}
    result["empty_pages"] = sorted(p.page_id for p, o in zip(pages, outputs, strict=True) if not o.strip())
    for half in AE_HALVES:
        chosen = [c for page, c in zip(pages, counts, strict=True) if half_of(page.page_id) == half]
        if chosen:
            result[half] = round(metrics(chosen)["f1"], 4)
    per_page = [page_f1(c) for c in counts]
    result["median_page_f1"] = round(statistics.median(per_page), 4)
    result["_per_page_f1"] = per_page
    return result


def page_f1(c: tuple[float, float, float]) -> float:
    p, r = _precision(*c), _recall(*c)
    return 2 * p * r / (p + r) if p + r else 0.0
