"""What the listing model costs: Pantau with and without ``listing_model`` beside trafilatura's default ``extract()``.

Every third WCXB tune page and every sixth held page, timed by ``article_bench.compare`` (each
extractor in turn on each page, the order turning from page to page); printed as pages/s relative
to trafilatura. ``python -m bench.listing_cost``.
"""

from __future__ import annotations

import json

from bench.article_bench import BenchSet, Document, _mean_of, compare, trafilatura_pages
from tests.news import wcxb
from tests.news.article_extraction import pantau_pages


def main() -> None:
    pages = wcxb.load(half="tune")[::3] + wcxb.load(half="held")[::6]
    sample = BenchSet("wcxb_sample", "mean per-page word F1 (WCXB)",
                      [Document(p.page_id, [(p.url, p.html)], p.truth) for p in pages], _mean_of(wcxb.word_f1))
    extractors = {"trafilatura": trafilatura_pages, "pantau": lambda d: pantau_pages(d)[0],
                  "pantau_without_listing_model": lambda d: pantau_pages(d, frozenset({"listing_model"}))[0]}
    result = compare(sample, extractors)
    print(json.dumps({"pages": len(pages),
                      "vs_trafilatura": {name: result[name]["speed_vs_trafilatura"] for name in extractors}}))


if __name__ == "__main__":
    main()
