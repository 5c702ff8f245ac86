"""Article-body extraction on the shared public benchmark: Pantau, trafilatura and ``<body>`` text.

The benchmark (``../shared/benchmarks/article-extraction/`` beside the repository: 181 real news
and blog pages, each with a human-written article body) is scored the way its README describes:
``\\w+`` tokens, 4-token shingles, per page true/false positives and false negatives normalised to
sum to 1; precision averaged over pages with any prediction, recall over pages with any truth, F1
the harmonic mean of those two averages. All three extractors run in one process on the same pages;
speed is timed page by page in turn, best of a few passes. Results: ``bench/results/article_extraction.json``.

``python -m bench.article_bench [--sample N]``; the regression test in ``tests/`` uses ``score``
on a fixed sample.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARK_DIR = ROOT.parent / "shared" / "benchmarks" / "article-extraction"
RESULTS = Path(__file__).resolve().parent / "results"
SHINGLE = 4
_TOKEN = re.compile(r"\w+", re.UNICODE)


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


def stated_f1(directory: Path = BENCHMARK_DIR) -> dict[str, float]:
    """The F1 figures the benchmark's README states for Pantau (if any) and trafilatura run here."""
    text = (directory / "README.md").read_text(encoding="utf-8")
    stated: dict[str, float] = {}
    match = re.search(r"trafilatura [\d.]+,\s*measured here.*?F1 (0\.\d+)", text, re.DOTALL)
    if match:
        stated["trafilatura"] = float(match.group(1))
    match = re.search(r"Pantau[^\n]*?F1 (0\.\d+)", text)
    if match:
        stated["pantau"] = float(match.group(1))
    return stated


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


# --- the extractors -----------------------------------------------------------------------------

def pantau_text(page: Page) -> str:
    from core.errors import InputRejected
    from transforms.article import extract_article

    try:
        return extract_article(page.html, page.url).text
    except InputRejected:
        return ""


def trafilatura_text(page: Page) -> str:
    import trafilatura

    # As the benchmark's own runner calls it.
    return trafilatura.extract(page.html, include_comments=False) or ""


def body_text(page: Page) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.html, "html.parser")
    return (soup.body or soup).get_text(separator=" ", strip=True)


EXTRACTORS: dict[str, Callable[[Page], str]] = {
    "pantau": pantau_text, "trafilatura": trafilatura_text, "body_text": body_text}


def score(pages: list[Page], extractor: Callable[[Page], str]) -> dict[str, Any]:
    """Accuracy of one extractor on ``pages``: F1, precision, recall, exact pages, empty pages."""
    outputs = [extractor(page) for page in pages]
    counts = [page_counts(page.truth, out) for page, out in zip(pages, outputs, strict=True)]
    result: dict[str, Any] = {k: round(v, 4) for k, v in metrics(counts).items()}
    result["accuracy"] = round(sum(_TOKEN.findall(p.truth) == _TOKEN.findall(o)
                                   for p, o in zip(pages, outputs, strict=True)) / len(pages), 4)
    result["empty_pages"] = sorted(p.page_id for p, o in zip(pages, outputs, strict=True) if not o.strip())
    per_page = [_f1(c) for c in counts]
    result["median_page_f1"] = round(statistics.median(per_page), 4)
    result["pages_below_0_5"] = sum(f < 0.5 for f in per_page)
    result["_outputs"] = outputs
    result["_per_page_f1"] = per_page
    return result


def _f1(c: tuple[float, float, float]) -> float:
    p, r = _precision(*c), _recall(*c)
    return 2 * p * r / (p + r) if p + r else 0.0


def speeds(pages: list[Page], passes: int) -> dict[str, float]:
    """Pages per second of every extractor: page by page in turn (so a busy machine slows all alike),
    best of ``passes`` passes."""
    best = dict.fromkeys(EXTRACTORS, float("inf"))
    for _ in range(passes):
        spent = dict.fromkeys(EXTRACTORS, 0.0)
        for page in pages:
            for name, extractor in EXTRACTORS.items():
                start = time.perf_counter()
                extractor(page)
                spent[name] += time.perf_counter() - start
        best = {name: min(best[name], spent[name]) for name in EXTRACTORS}
    return {name: len(pages) / seconds for name, seconds in best.items()}


def run(sample: int | None = None, passes: int = 3) -> dict[str, Any]:
    pages = load_pages(sample=sample)
    report: dict[str, Any] = {
        "benchmark": "shared/benchmarks/article-extraction", "pages": len(pages),
        "scoring": "4-token shingles of \\w+ tokens, per-page normalised; P over pages with a prediction, "
                   "R over pages with truth; F1 of the two means",
        "targets": {"pantau_f1": ">= 0.965 and above trafilatura", "empty_where_trafilatura_has_text": 0,
                    "speed_ratio_vs_trafilatura": ">= 1.0"},
        "stated_in_benchmark_readme": stated_f1()}
    scores = {name: score(pages, extractor) for name, extractor in EXTRACTORS.items()}
    for name, pages_per_s in speeds(pages, passes).items():
        scores[name]["pages_per_s"] = round(pages_per_s, 1)
    for result in scores.values():
        result["speed_vs_trafilatura"] = round(result["pages_per_s"] / scores["trafilatura"]["pages_per_s"], 2)
    ours, theirs = scores["pantau"], scores["trafilatura"]
    report["pantau_empty_where_trafilatura_has_text"] = sorted(
        page.page_id for page, a, b in zip(pages, ours["_outputs"], theirs["_outputs"], strict=True)
        if not a.strip() and b.strip())
    report["pantau_worst_pages"] = sorted(
        ({"id": page.page_id, "url": page.url, "pantau_f1": round(a, 3), "trafilatura_f1": round(b, 3)}
         for page, a, b in zip(pages, ours["_per_page_f1"], theirs["_per_page_f1"], strict=True)),
        key=lambda item: item["pantau_f1"] - item["trafilatura_f1"])[:10]
    for result in scores.values():
        result.pop("_outputs")
        result.pop("_per_page_f1")
    report["extractors"] = scores
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=None, help="a fixed sample of N pages instead of all")
    parser.add_argument("--passes", type=int, default=3, help="timed passes per extractor (best one counts)")
    args, _ = parser.parse_known_args()
    if not (BENCHMARK_DIR / "ground-truth.json").exists():
        raise SystemExit(f"the shared benchmark is missing: {BENCHMARK_DIR}")
    report = run(args.sample, args.passes)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "article_extraction.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
