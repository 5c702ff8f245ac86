"""Claims benchmark: what press figures mean, scored on the labelled set of press phrasing.

``tests/data/claims_press.yaml`` (the set the model was tuned on) and
``tests/data/claims_press_holdout.yaml`` (written afterwards, never tuned on) hold articles written
in the way Jambi and Sumatra outlets report on BPJS Ketenagakerjaan, each figure labelled with
metric, modality, scope and dimensions. This
scores figure precision/recall, metric/modality/scope accuracy, dimension accuracy, and counts the
figures that are not realised levels (targets, changes, rates, entitlements, single cases) but
would be reconciled as if they were; the targets apply to the first set, the held-out sets' numbers
are reported beside them, with one table of decided share, accuracy among decided figures and
dangerous readings per set (``tests/data/claims_press_holdout3.yaml``, written before the real-press
round changed the code, is the one its targets are read on). Then it times figures + claims for
1,000 articles.
Results: ``bench/results/claims.json``.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "data" / "claims_press.yaml"
# Written after the model was tuned on LABELLED and never used to change it: wording it has not seen.
HELD_OUT = ROOT / "tests" / "data" / "claims_press_holdout.yaml"
# Written for issue 18 before the model learnt to say when it does not know, and never tuned on.
HELD_OUT_2 = ROOT / "tests" / "data" / "claims_press_holdout2.yaml"
# Written before the real-press round changed the claims code (heirs' payments, covered vs workforce,
# shares vs rates, programmes named once or through the agency), and never tuned on.
HELD_OUT_3 = ROOT / "tests" / "data" / "claims_press_holdout3.yaml"
SETS = {"tuned": LABELLED, "held_out": HELD_OUT, "held_out_2": HELD_OUT_2, "held_out_3": HELD_OUT_3}
RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {"figure_precision": 0.97, "figure_recall": 0.95, "metric_accuracy": 0.92, "modality_accuracy": 0.95,
           "not_realised_reconciled_as_realised": 0, "seconds_for_1000_articles": 10.0}
# Issue 18, on every held-out set: among the figures the model calls decided (needs_review false),
# none of the targets, changes, rates and entitlements read as realised, metric accuracy >= 0.95,
# and at least 80% of the figures decided.
DECIDED_TARGETS = {"decided_share": 0.80, "decided_metric_accuracy": 0.95, "decided_not_realised_as_realised": 0}
DIMENSIONS = ("region", "period", "prog", "seg", "fund")


def load_set(path: Path = LABELLED) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["articles"])


def _published(article: dict[str, Any]) -> datetime:
    value = article["published"]
    return datetime(value.year, value.month, value.day, 10, 0)


def _predicted_dimension(claim: Any, name: str) -> Any:
    if name == "region":
        return claim.region_code or "15"
    if name == "period":
        return claim.period
    if name == "prog":
        return sorted(claim.programmes)
    if name == "seg":
        return claim.segment
    return claim.funding_source


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def score(articles: list[dict[str, Any]]) -> dict[str, Any]:
    from reports.reconcile import PressClaim, compared_as_level
    from transforms.claims import extract_claims

    found = labelled = matched = 0
    right = {"metric": 0, "modality": 0, "scope": 0}
    dimension_right = dict.fromkeys(DIMENSIONS, 0)
    dimension_total = dict.fromkeys(DIMENSIONS, 0)
    misread_as_realised: list[str] = []
    decided = 0
    decided_right = {"metric": 0, "modality": 0, "typed": 0}
    decided_misread: dict[str, list[str]] = {"target": [], "change": [], "rate": [], "entitlement": []}
    review_agreement = {"labelled_review_sent_to_review": 0, "labelled_review": 0}
    errors: list[str] = []
    for article in articles:
        claims = extract_claims(article["text"], published_at=_published(article))
        found += len(claims)
        gold = list(article["figures"])
        labelled += len(gold)
        unused = list(claims)
        for want in gold:
            got = next((c for c in unused if c.kind == want["k"] and _same_value(c.value, float(want["v"]))), None)
            if got is None:
                errors.append(f"{article['id']}: missing {want['k']} {want['v']}")
                continue
            unused.remove(got)
            matched += 1
            expected = {"metric": want["metric"], "modality": want["modality"],
                        "scope": want.get("scope", "aggregate")}
            for field_name, value in expected.items():
                if getattr(got, field_name) == value:
                    right[field_name] += 1
                else:
                    errors.append(f"{article['id']}: {got.text!r} {field_name} {getattr(got, field_name)} "
                                  f"(labelled {value}; cue {got.cues.get(field_name)!r})")
            not_realised = (want["modality"] != "realised" or want["metric"] == "rate"
                            or want.get("scope") == "single")
            if not_realised and compared_as_level(PressClaim.from_claim(got)):
                misread_as_realised.append(f"{article['id']}: {got.text!r} ({want['metric']}, {want['modality']})")
            if want.get("review"):
                review_agreement["labelled_review"] += 1
                review_agreement["labelled_review_sent_to_review"] += int(got.needs_review)
            if not got.needs_review:
                decided += 1
                for field_name in ("metric", "modality"):
                    decided_right[field_name] += int(getattr(got, field_name) == expected[field_name])
                decided_right["typed"] += int(all(getattr(got, f) == expected[f] for f in ("metric", "modality",
                                                                                          "scope")))
                kind = "rate" if want["metric"] == "rate" else want["modality"]
                if kind in decided_misread and compared_as_level(PressClaim.from_claim(got)):
                    decided_misread[kind].append(f"{article['id']}: {got.text!r} ({want['metric']}, "
                                                 f"{want['modality']})")
            for name in DIMENSIONS:
                if name not in want and name != "prog":
                    continue
                expected_value = sorted(want.get("prog", [])) if name == "prog" else want[name]
                dimension_total[name] += 1
                if _predicted_dimension(got, name) == expected_value:
                    dimension_right[name] += 1
        errors += [f"{article['id']}: extra {c.kind} {c.value} ({c.text!r})" for c in unused]
    return {
        "articles": len(articles), "labelled_figures": labelled, "found_figures": found,
        "figure_precision": round(matched / max(1, found), 4), "figure_recall": round(matched / max(1, labelled), 4),
        "metric_accuracy": round(right["metric"] / max(1, matched), 4),
        "modality_accuracy": round(right["modality"] / max(1, matched), 4),
        "scope_accuracy": round(right["scope"] / max(1, matched), 4),
        "dimension_accuracy": {n: round(dimension_right[n] / max(1, dimension_total[n]), 4) for n in DIMENSIONS},
        "not_realised_reconciled_as_realised": len(misread_as_realised),
        "misread_as_realised": misread_as_realised, "errors": errors,
        "decided_share": round(decided / max(1, matched), 4),
        "decided_metric_accuracy": round(decided_right["metric"] / max(1, decided), 4),
        "decided_modality_accuracy": round(decided_right["modality"] / max(1, decided), 4),
        # Metric, modality and scope all right: the figure is typed right.
        "decided_typed_accuracy": round(decided_right["typed"] / max(1, decided), 4),
        "decided_as_realised": {k: len(v) for k, v in decided_misread.items()},
        "decided_not_realised_as_realised": sum(len(v) for v in decided_misread.values()),
        "decided_misread": [m for v in decided_misread.values() for m in v],
        **review_agreement,
    }


def decided_met(scores: dict[str, Any]) -> dict[str, bool]:
    """Issue 18's targets on one set."""
    return {"decided_share": scores["decided_share"] >= DECIDED_TARGETS["decided_share"],
            "decided_metric_accuracy": scores["decided_metric_accuracy"] >= DECIDED_TARGETS["decided_metric_accuracy"],
            "decided_not_realised_as_realised": scores["decided_not_realised_as_realised"] == 0}


def speed(articles: list[dict[str, Any]], count: int = 1000) -> dict[str, Any]:
    """Figures and claims for ``count`` articles (the labelled texts, cycled), best of three passes."""
    from transforms.claims import extract_claims

    texts = [(a["text"], _published(a)) for a in articles]
    batch = [texts[i % len(texts)] for i in range(count)]
    best = float("inf")
    claims = 0
    for _ in range(3):
        start = time.perf_counter()
        claims = sum(len(extract_claims(text, published_at=when)) for text, when in batch)
        best = min(best, time.perf_counter() - start)
    return {"articles": count, "claims": claims, "seconds": round(best, 3),
            "articles_per_s": round(count / best, 1)}


def table(scores: dict[str, dict[str, Any]]) -> str:
    """Decided share, accuracy among decided and dangerous readings, one row a set (the bench's Markdown)."""
    lines = ["| claims set | articles / figures | decided share | typed right among decided (metric) | "
             "dangerous readings among decided | programmes right |", "|---|---|---|---|---|---|"]
    for name, result in scores.items():
        lines.append(f"| {name} | {result['articles']} / {result['labelled_figures']} | "
                     f"{result['decided_share']:.3f} | "
                     f"{result['decided_typed_accuracy']:.3f} ({result['decided_metric_accuracy']:.3f}) | "
                     f"{result['decided_not_realised_as_realised']} | {result['dimension_accuracy']['prog']:.3f} |")
    return "\n".join(lines)


def main() -> None:
    articles = load_set()
    accuracy = score(articles)
    held_out = score(load_set(HELD_OUT))
    held_out_2 = score(load_set(HELD_OUT_2))
    held_out_3 = score(load_set(HELD_OUT_3))
    report = {"targets": TARGETS, "decided_targets": DECIDED_TARGETS, "accuracy": accuracy, "held_out": held_out,
              "held_out_2": held_out_2, "held_out_3": held_out_3, "speed": speed(articles)}
    met = {
        "figure_precision": accuracy["figure_precision"] >= TARGETS["figure_precision"],
        "figure_recall": accuracy["figure_recall"] >= TARGETS["figure_recall"],
        "metric_accuracy": accuracy["metric_accuracy"] >= TARGETS["metric_accuracy"],
        "modality_accuracy": accuracy["modality_accuracy"] >= TARGETS["modality_accuracy"],
        "not_realised_reconciled_as_realised": accuracy["not_realised_reconciled_as_realised"] == 0,
        "seconds_for_1000_articles": report["speed"]["seconds"] < TARGETS["seconds_for_1000_articles"],
    }
    report["met"] = met
    report["decided_met"] = {"tuned": decided_met(accuracy), "held_out": decided_met(held_out),
                             "held_out_2": decided_met(held_out_2), "held_out_3": decided_met(held_out_3)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "claims.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    hidden = ("errors", "misread_as_realised", "decided_misread")
    print(json.dumps({k: v for k, v in accuracy.items() if k not in hidden}, indent=2))
    print(json.dumps({"held_out": {k: v for k, v in held_out.items() if k not in hidden},
                      "held_out_2": {k: v for k, v in held_out_2.items() if k not in hidden},
                      "held_out_3": {k: v for k, v in held_out_3.items() if k not in hidden},
                      "speed": report["speed"], "met": met, "decided_met": report["decided_met"]}, indent=2))
    print(table({"tuned": accuracy, "held_out": held_out, "held_out_2": held_out_2, "held_out_3": held_out_3}))


if __name__ == "__main__":
    main()
