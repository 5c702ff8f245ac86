"""Real Indonesian news portals beside the repository: their article pages, front pages, split and metric.

``../shared/benchmarks/id-portals/`` holds 26 article pages of nine national portals (antaranews,
detik, kapanlagi, kompas, liputan6, okezone, republika, tempo, viva) with the story text each
should give, and 10 of their front pages, which a news monitor should refuse as not an article.
Scored as its README states: word-level F1 of lowercase ``\\w+`` bags (WCXB's ``word_f1``), mean
over pages, an empty extraction scoring 0 (``mean_f1``). The benchmark (``bench/article_bench.py``)
and the regression guard (``tests/news/test_article_benchmark.py``) both read the set from here.

The article pages are split once, by a hash of the file name (``half_of``): ``id_tune`` is the
half that may be looked at page by page; ``id_held`` is only ever scored as a whole. The split was
committed before any rule was written against the pages.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.news.wcxb import word_f1

ROOT = Path(__file__).resolve().parents[2]
ID_PORTALS_DIR = ROOT.parent / "shared" / "benchmarks" / "id-portals"
HALVES = ("id_tune", "id_held")


@dataclass(frozen=True)
class PortalPage:
    page_id: str  # the file name without .html.gz ("kompas-singlepage2")
    url: str
    html: str
    truth: str  # empty for a front page

    @property
    def half(self) -> str:
        return half_of(self.page_id)


def half_of(page_id: str) -> str:
    """``id_tune`` or ``id_held``: the first byte of the SHA-256 of ``id-portals/<file name>``, even or odd.

    Fixed once: 13 article pages in each half."""
    return HALVES[hashlib.sha256(f"id-portals/{page_id}".encode()).digest()[0] % 2]


def available(directory: Path = ID_PORTALS_DIR) -> bool:
    return (directory / "ground-truth.json").exists()


def _read(path: Path) -> str:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return handle.read()


def load(directory: Path = ID_PORTALS_DIR, *, half: str | None = None) -> list[PortalPage]:
    """The article pages (sorted by name), of one half or both."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    return [PortalPage(name, record.get("url") or f"https://id-portals.invalid/{name}",
                       _read(directory / "html" / f"{name}.html.gz"), record.get("articleBody") or "")
            for name, record in sorted(truth.items()) if half is None or half_of(name) == half]


def load_front_pages(directory: Path = ID_PORTALS_DIR) -> list[PortalPage]:
    """The portals' front pages (sorted by name): each should be refused as not an article."""
    site_roots = {"antara": "https://www.antaranews.com/", "detik": "https://news.detik.com/",
                  "kapanlagi": "https://www.kapanlagi.com/", "kompas": "https://www.kompas.com/",
                  "liputan6": "https://www.liputan6.com/", "okezone": "https://www.okezone.com/",
                  "republika": "https://www.republika.co.id/", "tempo": "https://www.tempo.co/",
                  "tempoen": "https://en.tempo.co/", "viva": "https://www.viva.co.id/"}
    pages = []
    for path in sorted((directory / "listings").glob("*.html.gz")):
        name = path.name.removesuffix(".html.gz")
        site = name.split("-")[0]
        pages.append(PortalPage(name, site_roots.get(site, f"https://{site}.invalid/"), _read(path), ""))
    return pages


def mean_f1(pages: Sequence[PortalPage], outputs: Sequence[str]) -> float:
    """The set's figure: the mean over pages of the word-level F1 of each output against its page's story."""
    return sum(word_f1(page.truth, text) for page, text in zip(pages, outputs, strict=True)) / max(1, len(pages))
