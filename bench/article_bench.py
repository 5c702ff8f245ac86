"""Article-body extraction, side by side: Pantau, trafilatura's default ``extract()`` and its fast mode.

Four sets, each scored with its own metric, all in one process:

- the WCXB development split's article pages (``tests/news/wcxb.py``), mean per-page word-level F1, in
  two halves fixed once by a hash of the page id: ``tune`` (looked at) and ``held`` (only scored);
- the shared article-extraction benchmark (``../shared/benchmarks/article-extraction/``: 181 news
  and blog pages), scored as its README describes: ``\\w+`` tokens, 4-token shingles, per page
  counts normalised to sum to 1; precision averaged over pages with a prediction, recall over pages
  with a truth, F1 of the two averages; scored whole and in two halves fixed once by a hash of the
  page id (``half_of``): ``ae_tune`` (looked at) and ``ae_held`` (only scored);
- real Indonesian news portals (``tests/news/id_portals.py``: 26 article pages of nine portals), mean
  per-page word-level F1, in two halves fixed once by a hash of the file name: ``id_tune`` (looked
  at) and ``id_held`` (only scored); and how many of their 10 front pages Pantau refuses;
- the team's Indonesian layouts (``bench/news_bench.py``: 12 articles in 16 layouts), token F1;
- the WCXB listing and collection pages: how many Pantau refuses as ``not_article`` (and how many
  article pages it refuses).

Speed is timed page by page in turn (a busy machine slows every extractor alike) on the same pages.
The ablation switches each of Pantau's own steps (``transforms.article.STEPS``) off in turn.
Results: ``bench/results/article_extraction.json``; ``python -m bench.article_bench [--quick]
[--no-ablation] [--sets id_portals,article_extraction]``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.news import id_portals, wcxb
from tests.news.article_extraction import (
    BENCHMARK_DIR,
    Pages,
    half_of,
    load_pages,
    metrics,
    page_counts,
    pantau_pages,
)

RESULTS = Path(__file__).resolve().parent / "results"


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


# --- the extractors: each takes a document's pages [(url, html)] and returns its text ---------

def trafilatura_pages(pages: Pages) -> str:
    import trafilatura

    # As the benchmark's own runner calls it.
    return "\n\n".join(trafilatura.extract(html, include_comments=False) or "" for _, html in pages)


def trafilatura_fast_pages(pages: Pages) -> str:
    import trafilatura

    return "\n\n".join(trafilatura.extract(html, include_comments=False, fast=True) or "" for _, html in pages)


EXTRACTORS: dict[str, Callable[[Pages], str]] = {
    "pantau": lambda pages: pantau_pages(pages)[0], "trafilatura": trafilatura_pages,
    "trafilatura_fast": trafilatura_fast_pages}


# --- the sets ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Document:
    doc_id: str
    pages: Pages
    truth: str


@dataclass(frozen=True)
class BenchSet:
    name: str
    metric: str
    documents: list[Document]
    aggregate: Callable[[list[Document], list[str]], dict[str, float]]
    # The halves a set is also scored on (a document's id to its half), when it has them.
    half: Callable[[str], str] | None = None

    def f1(self, outputs: list[str]) -> dict[str, float]:
        """F1 on the whole set (``f1``) and, for a split set, on each half (keyed by the half's name)."""
        result = {"f1": self.aggregate(self.documents, outputs)["f1"]}
        if self.half is not None:
            for half in sorted({self.half(d.doc_id) for d in self.documents}, reverse=True):
                chosen = [i for i, d in enumerate(self.documents) if self.half(d.doc_id) == half]
                result[half] = self.aggregate([self.documents[i] for i in chosen], [outputs[i] for i in chosen])["f1"]
        return result


def _mean_of(page_f1: Callable[[str, str], float]) -> Callable[[list[Document], list[str]], dict[str, float]]:
    def aggregate(documents: list[Document], outputs: list[str]) -> dict[str, float]:
        scores = [page_f1(d.truth, o) for d, o in zip(documents, outputs, strict=True)]
        return {"f1": round(statistics.mean(scores), 4)}
    return aggregate


def _shingle_metric(documents: list[Document], outputs: list[str]) -> dict[str, float]:
    counts = [page_counts(d.truth, o) for d, o in zip(documents, outputs, strict=True)]
    return {k: round(v, 4) for k, v in metrics(counts).items()}


def bench_sets(quick: bool = False, only: list[str] | None = None) -> list[BenchSet]:
    """Every set that is present (a missing shared benchmark is skipped, and said so in the output), or
    those named in ``only``."""
    sets = _all_sets(quick)
    return [s for s in sets if not only or s.name in only]


def _all_sets(quick: bool) -> list[BenchSet]:
    from tests.news.layouts_set import labelled_pages, token_f1

    sets = []
    if wcxb.available():
        for half in wcxb.HALVES:
            pages = wcxb.load(half=half, sample=60 if quick else None)
            sets.append(BenchSet(f"wcxb_{half}", "mean per-page word F1 (WCXB)",
                                 [Document(p.page_id, [(p.url, p.html)], p.truth) for p in pages],
                                 _mean_of(wcxb.word_f1)))
    if (BENCHMARK_DIR / "ground-truth.json").exists():
        pages_ae = load_pages(sample=60 if quick else None)
        sets.append(BenchSet("article_extraction", "4-token shingles, F1 of mean P and mean R",
                             [Document(p.page_id, [(p.url, p.html)], p.truth) for p in pages_ae], _shingle_metric,
                             half_of))
    if id_portals.available():
        sets.append(BenchSet("id_portals", "mean per-page word F1 (WCXB's)",
                             [Document(p.page_id, [(p.url, p.html)], p.truth) for p in id_portals.load()],
                             _mean_of(wcxb.word_f1), id_portals.half_of))
    items = labelled_pages()
    sets.append(BenchSet("indonesian_layouts", "mean token F1 per document",
                         [Document(i["id"], i["pages"], i["text"]) for i in (items[::4] if quick else items)],
                         _mean_of(lambda truth, got: token_f1(got, truth))))
    return sets


def compare(bench_set: BenchSet, extractors: dict[str, Callable[[Pages], str]] = EXTRACTORS) -> dict[str, Any]:
    """The extractors (trafilatura's default among them) on one set, each document timed for each in turn.

    The order turns from one document to the next: the first extractor to read a page pays for it
    being new to the machine's caches (the same extractor run twice on a page takes ~7% longer the
    first time), so each one goes first on a third of the documents."""
    outputs: dict[str, list[str]] = {name: [] for name in extractors}
    seconds: dict[str, list[float]] = {name: [] for name in extractors}
    names = list(extractors)
    for index, document in enumerate(bench_set.documents):
        turn = index % len(names)
        for name in names[turn:] + names[:turn]:
            start = time.perf_counter()
            outputs[name].append(extractors[name](document.pages))
            seconds[name].append(time.perf_counter() - start)
    pages = sum(len(d.pages) for d in bench_set.documents)
    halves = [part for part in bench_set.f1(outputs[names[0]]) if part != "f1"]
    result: dict[str, Any] = {"metric": bench_set.metric, "documents": len(bench_set.documents), "pages": pages,
                              "halves": halves}
    for name in extractors:
        spent, default = sum(seconds[name]), sum(seconds["trafilatura"])
        result[name] = {**bench_set.aggregate(bench_set.documents, outputs[name]), **bench_set.f1(outputs[name]),
                        "pages_per_s": round(pages / spent, 1), "speed_vs_trafilatura": round(default / spent, 2),
                        "empty": sum(not o.strip() for o in outputs[name])}
        for half in halves:  # the speed on each half too (small sets: its own documents' times)
            half_of_doc = bench_set.half
            chosen = [i for i, d in enumerate(bench_set.documents) if half_of_doc and half_of_doc(d.doc_id) == half]
            mine = sum(seconds[name][i] for i in chosen)
            half_pages = sum(len(bench_set.documents[i].pages) for i in chosen)
            result[name][f"{half}_pages_per_s"] = round(half_pages / mine, 1)
            result[name][f"{half}_speed_vs_trafilatura"] = round(sum(seconds["trafilatura"][i] for i in chosen) / mine,
                                                                 2)
    return result


def ablation(sets: list[BenchSet], full: dict[str, float], steps: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """F1 on every set with each of Pantau's steps (or those named) switched off in turn, and the change."""
    from transforms.article import STEPS

    table: dict[str, dict[str, Any]] = {}
    for step, what in STEPS.items():
        if steps and step not in steps:
            continue
        row: dict[str, Any] = {"what": what}
        for bench_set in sets:
            outputs = [pantau_pages(d.pages, frozenset({step}))[0] for d in bench_set.documents]
            for part, f1 in bench_set.f1(outputs).items():
                name = bench_set.name if part == "f1" else f"{bench_set.name}_{part}"
                row[name] = {"f1": f1, "change_when_off": round(f1 - full[name], 4)}
        table[step] = row
        print(f"  ablation {step}: " + ", ".join(f"{k} {v['change_when_off']:+.4f}" for k, v in row.items()
                                                 if isinstance(v, dict)), file=sys.stderr, flush=True)
    return table


LISTING_STEPS = ("listing_model", "listing_type", "listing_structure", "listing_path")


def not_article_rates(quick: bool = False, disabled: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Share of WCXB listing and collection pages Pantau refuses as not_article, and of its article pages."""
    rates: dict[str, Any] = {}
    for half in wcxb.HALVES:
        sample = 40 if quick else None
        listings = wcxb.load(kinds=("listing", "collection"), half=half, sample=sample)
        articles = wcxb.load(half=half, sample=sample)
        refused = sum(pantau_pages([(p.url, p.html)], disabled)[1] == "not_article" for p in listings)
        wrongly = sum(pantau_pages([(p.url, p.html)], disabled)[1] == "not_article" for p in articles)
        rates[half] = {"listing_pages": len(listings), "listing_refused": refused,
                       "listing_refused_share": round(refused / len(listings), 4),
                       "article_pages": len(articles), "article_refused": wrongly,
                       "article_refused_share": round(wrongly / len(articles), 4)}
    return rates


def front_pages_refused(disabled: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The id-portals front pages Pantau refuses as ``not_article`` (each should be), and the others' outcome."""
    pages = id_portals.load_front_pages()
    outcomes = {p.page_id: pantau_pages([(p.url, p.html)], disabled)[1] or "extracted" for p in pages}
    refused = sum(kind == "not_article" for kind in outcomes.values())
    return {"front_pages": len(pages), "refused": refused, "refused_share": round(refused / max(1, len(pages)), 4),
            "outcomes": outcomes}


def run(quick: bool = False, with_ablation: bool = True, steps: list[str] | None = None,
        only: list[str] | None = None) -> dict[str, Any]:
    import trafilatura

    sets = bench_sets(quick, only)
    report: dict[str, Any] = {
        "trafilatura_version": trafilatura.__version__, "quick": quick,
        "split": "WCXB dev pages split once by sha256('wcxb-dev/<id>')[0] % 2: 0 tune (looked at), 1 held "
                 "(only scored); article-extraction pages by sha256('article-extraction/<id>')[0] % 2: 0 ae_tune "
                 "(looked at), 1 ae_held (only scored); id-portals article pages by "
                 "sha256('id-portals/<file name>')[0] % 2: 0 id_tune (looked at), 1 id_held (only scored)",
        "targets": {"wcxb_f1": ">= 0.935 and >= trafilatura on both halves", "article_extraction_f1": ">= 0.970",
                    "every_set": ">= trafilatura default", "speed_vs_trafilatura": ">= 1.0",
                    "id_portals_f1": ">= trafilatura default on both halves",
                    "not_article": ">= 90% of listing pages refused, <= 1% of article pages"},
        "stated_in_benchmark_readme": stated_f1() if (BENCHMARK_DIR / "README.md").exists() else {},
        "missing_sets": [name for name, there in (("wcxb-dev", wcxb.available()), (
            "article-extraction", (BENCHMARK_DIR / "ground-truth.json").exists()), (
            "id-portals", id_portals.available())) if not there]}
    report["sets"] = {}
    for bench_set in sets:
        print(f"==> {bench_set.name} ({len(bench_set.documents)} documents)", file=sys.stderr, flush=True)
        report["sets"][bench_set.name] = compare(bench_set)
    total = {name: sum(r["pages"] / r[name]["pages_per_s"] for r in report["sets"].values()) for name in EXTRACTORS}
    pages = sum(r["pages"] for r in report["sets"].values())
    report["speed_all_sets"] = {name: {"pages_per_s": round(pages / seconds, 1),
                                       "vs_trafilatura": round(total["trafilatura"] / seconds, 2)}
                                for name, seconds in total.items()}
    wcxb_wanted = wcxb.available() and (not only or any(name.startswith("wcxb") for name in only))
    if wcxb_wanted:
        report["not_article"] = not_article_rates(quick)
    if id_portals.available() and (not only or "id_portals" in only):
        report["id_portals_front_pages"] = front_pages_refused()
    if with_ablation:
        full = {name if part == "f1" else f"{name}_{part}": f1 for name, r in report["sets"].items()
                for part, f1 in r["pantau"].items() if part == "f1" or part in r["halves"]}
        report["ablation"] = ablation(sets, full, steps)
        if wcxb_wanted:
            report["not_article_ablation"] = {step: not_article_rates(quick, frozenset({step}))
                                              for step in LISTING_STEPS
                                              if not steps or step in steps}
    return report


def table(report: dict[str, Any]) -> str:
    """The report as the Markdown tables bench/README.md shows."""
    names = list(report["sets"])
    lines = ["| set | metric | Pantau | trafilatura `extract()` | trafilatura fast | Pantau pages/s (× default) |",
             "|---|---|---|---|---|---|"]
    for name in names:
        r = report["sets"][name]
        lines.append(f"| {name} ({r['documents']}) | {r['metric']} | {r['pantau']['f1']:.4f} | "
                     f"{r['trafilatura']['f1']:.4f} | {r['trafilatura_fast']['f1']:.4f} | "
                     f"{r['pantau']['pages_per_s']} ({r['pantau']['speed_vs_trafilatura']}×) |")
        for half in r.get("halves", ()):
            lines.append(f"| {name}, {half} | {r['metric']} | {r['pantau'][half]:.4f} | {r['trafilatura'][half]:.4f} | "
                         f"{r['trafilatura_fast'][half]:.4f} | {r['pantau'][f'{half}_pages_per_s']} "
                         f"({r['pantau'][f'{half}_speed_vs_trafilatura']}×) |")
    speed = report["speed_all_sets"]
    lines.append(f"| all sets | pages/s | {speed['pantau']['pages_per_s']} ({speed['pantau']['vs_trafilatura']}×) | "
                 f"{speed['trafilatura']['pages_per_s']} (1.0) | {speed['trafilatura_fast']['pages_per_s']} "
                 f"({speed['trafilatura_fast']['vs_trafilatura']}×) | |")
    if "ablation" in report:
        columns = [n for n in next(iter(report["ablation"].values()), {}) if n != "what"]
        lines += ["", "| step switched off | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
        for step, row in report["ablation"].items():
            lines.append(f"| `{step}` | " + " | ".join(f"{row[n]['f1']:.4f} ({row[n]['change_when_off']:+.4f})"
                                                      for n in columns) + " |")
    for step, rates in report.get("not_article_ablation", {}).items():
        lines.append(f"`{step}` off: listing pages refused " + ", ".join(
            f"{half} {r['listing_refused']} of {r['listing_pages']}, articles {r['article_refused']}"
            for half, r in rates.items()))
    if "id_portals_front_pages" in report:
        front = report["id_portals_front_pages"]
        lines += ["", f"id-portals front pages refused as not_article: {front['refused']} of {front['front_pages']}"]
    if "not_article" in report:
        lines += ["", "| WCXB half | listing/collection pages refused | article pages refused |", "|---|---|---|"]
        for half, r in report["not_article"].items():
            lines.append(f"| {half} | {r['listing_refused']} of {r['listing_pages']} "
                         f"({r['listing_refused_share']:.1%}) | {r['article_refused']} of {r['article_pages']} "
                         f"({r['article_refused_share']:.1%}) |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fixed sample of each set, no ablation")
    parser.add_argument("--no-ablation", action="store_true", help="skip the ablation table")
    parser.add_argument("--steps", default="", help="ablate only these steps (comma-separated)")
    parser.add_argument("--sets", default="", help="score only these sets (comma-separated: wcxb_tune, wcxb_held, "
                                                   "article_extraction, id_portals, indonesian_layouts)")
    args, _ = parser.parse_known_args()
    only = [s for s in args.sets.split(",") if s] or None
    report = run(args.quick, with_ablation=not (args.quick or args.no_ablation),
                 steps=[s for s in args.steps.split(",") if s] or None, only=only)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = ("article_extraction_quick.json" if args.quick else "article_extraction.json") if not only else \
        f"article_extraction_{'_'.join(only)}.json"
    (RESULTS / name).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    print(table(report))


if __name__ == "__main__":
    main()
