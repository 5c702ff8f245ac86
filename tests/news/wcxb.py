"""The WCXB development split beside the repository: its pages, its metric, and the split into two halves.

Used by the tests and by ``bench/article_bench.py``, ``bench/listing_model.py`` and ``bench/listing_cost.py``.

``../shared/benchmarks/wcxb-dev/`` holds 793 article pages and 216 listing and collection pages of
the Web Content eXtraction Benchmark (CC-BY-4.0). Scored as its README states: per page, word-level
precision, recall and F1 between the extracted text and ``main_content`` over lowercase ``\\w+``
tokens as a bag of words, an empty extraction scoring 0; the figure is the mean over pages. Article
pages whose truth is empty (two of them) cannot be scored and are left out.

The pages are split once, by a hash of the page id (``half_of``): the ``tune`` half is the one the
team may look at page by page; the ``held`` half is only ever scored as a whole, so a rule that
helps only the pages it was written for shows up as no gain there.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WCXB_DIR = ROOT.parent / "shared" / "benchmarks" / "wcxb-dev"
HALVES = ("tune", "held")
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class WcxbPage:
    page_id: str
    url: str
    kind: str  # article, listing, collection
    truth: str
    path: Path

    @property
    def html(self) -> str:
        with gzip.open(self.path, "rt", encoding="utf-8") as handle:
            return handle.read()

    @property
    def half(self) -> str:
        return half_of(self.page_id)


def half_of(page_id: str) -> str:
    """``tune`` or ``held``: the first byte of the SHA-256 of ``wcxb-dev/<id>``, even or odd. Fixed once."""
    return HALVES[hashlib.sha256(f"wcxb-dev/{page_id}".encode()).digest()[0] % 2]


def available(directory: Path = WCXB_DIR) -> bool:
    return (directory / "ground-truth").is_dir()


def load(directory: Path = WCXB_DIR, *, kinds: tuple[str, ...] = ("article",), half: str | None = None,
         sample: int | None = None) -> list[WcxbPage]:
    """The pages of the given kinds (sorted by id), of one half or both, or a fixed, evenly spread sample."""
    pages = []
    for path in sorted((directory / "ground-truth").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        kind = record["_internal"]["page_type"]["primary"]
        truth = record.get("ground_truth", {}).get("main_content") or ""
        if kind not in kinds or (kind == "article" and not truth.strip()):
            continue
        if half and half_of(path.stem) != half:
            continue
        pages.append(WcxbPage(path.stem, record.get("url") or f"https://wcxb.invalid/{path.stem}", kind, truth,
                              directory / "html" / f"{path.stem}.html.gz"))
    if sample is not None and sample < len(pages):
        step = len(pages) / sample
        pages = [pages[int(i * step)] for i in range(sample)]
    return pages


def word_f1(truth: str, prediction: str) -> float:
    """The benchmark's per-page figure: F1 of lowercase ``\\w+`` word bags; 0 for an empty extraction."""
    want, got = Counter(_TOKEN.findall(truth.lower())), Counter(_TOKEN.findall(prediction.lower()))
    overlap = sum((want & got).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)
