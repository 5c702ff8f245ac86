"""What the listing model costs: Pantau with and without ``listing_model`` beside trafilatura's default ``extract()``.

Every third WCXB tune page and every sixth held page, each extractor in turn on each page (the order
turning from page to page, as ``article_bench.compare`` does); printed as pages/s relative to
trafilatura. ``python -m bench.listing_cost``.
"""

from __future__ import annotations

import json
import time

from bench import wcxb
from bench.article_bench import pantau_pages, trafilatura_pages


def main() -> None:
    pages = wcxb.load(half="tune")[::3] + wcxb.load(half="held")[::6]
    extractors = {"trafilatura": trafilatura_pages, "pantau": lambda d: pantau_pages(d)[0],
                  "pantau_without_listing_model": lambda d: pantau_pages(d, frozenset({"listing_model"}))[0]}
    names = list(extractors)
    spent = dict.fromkeys(names, 0.0)
    for index, page in enumerate(pages):
        document = [(page.url, page.html)]
        for turn in range(len(names)):
            name = names[(index + turn) % len(names)]
            start = time.perf_counter()
            extractors[name](document)
            spent[name] += time.perf_counter() - start
    print(json.dumps({"pages": len(pages), "vs_trafilatura": {
        name: round(spent["trafilatura"] / seconds, 3) for name, seconds in spent.items()}}))


if __name__ == "__main__":
    main()
