"""The page parse: Pantau's (``transforms.article.page.parse_page``) against ``trafilatura.load_html``.

trafilatura's documented way to get a tree is ``load_html``; Pantau parses the page itself, with the
same repairs and parser settings, because ``load_html`` does not expose the parser's error log (the
one place libxml2 says it stopped at an element nested past its depth limit, and that the rest of
the page is missing) and because it is slower. This measures the second reason: every page of the
article-extraction and id-portals sets, each parsed by both in turn five times, its time the fastest
of the five (the least disturbed by other processes). Writes ``bench/results/page_parse.json``.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from core.errors import InputRejected
from transforms.article.page import parse_page

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT.parent / "shared" / "benchmarks" / name / "html" for name in ("article-extraction", "id-portals")]
RESULTS = ROOT / "bench" / "results" / "page_parse.json"
ROUNDS = 5


def pages(folders: list[Path]) -> list[str]:
    texts = []
    for folder in folders:
        for path in sorted(folder.glob("*.html*")):
            raw = path.read_bytes()
            texts.append((gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", errors="replace"))
    return texts


def _pantau(text: str) -> None:
    with contextlib.suppress(InputRejected):  # refused pages are timed too: the refusal is part of the work
        parse_page(text, "https://example.org/")


def _fastest(function: Callable[[str], object], text: str) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        function(text)
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:]] or SETS
    texts = pages(folders)
    if not texts:
        raise SystemExit(f"no pages in {', '.join(map(str, folders))}")
    ours, theirs = [], []
    for text in texts:
        ours.append(_fastest(_pantau, text))
        theirs.append(_fastest(trafilatura.load_html, text))
    result = {
        "pages": len(texts),
        "pantau_ms": {"median": round(statistics.median(ours), 2), "total": round(sum(ours))},
        "load_html_ms": {"median": round(statistics.median(theirs), 2), "total": round(sum(theirs))},
        "load_html_over_pantau": {"median": round(statistics.median(theirs) / statistics.median(ours), 2),
                                  "total": round(sum(theirs) / sum(ours), 2)},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
