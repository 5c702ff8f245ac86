"""Training and scoring the listing model (``transforms/article/listing_model.py``) on the WCXB dev pages.

``--train`` fits it on the ``tune`` half only (article pages against listing and collection pages):
the features as ``transforms.article`` computes them, standardised, an L2-regularised logistic
regression (scikit-learn), and a threshold chosen by five-fold cross-validation on that half (three
shuffles, pooled) so that at most ``ARTICLE_SHARE`` of its article pages score above it. It writes the
model file with how it was made, and an estimate, on the tune half alone, of what the whole procedure
does on pages it has not seen: the procedure run on one half of the tune pages and scored on the
other, both ways, three times over; once with the pages halved at random and once with each site's
pages kept on one side (some sites give the benchmark several pages: a site seen in training tells
little about a site never seen). ``C`` and ``ARTICLE_SHARE`` were chosen by that estimate.

Without ``--train`` (and after it) the model in the file is scored through the whole extractor:
listing and article pages refused on each half, and article pages refused on the article-extraction
benchmark and on the team's Indonesian layouts, none of which it was trained on. Only the tune half's
refused article pages are named (the held half is scored as a whole).

``--frontier`` only estimates, on the tune half alone and by the same halvings, what the procedure
trades at other article shares: how many listings it would refuse for how many articles; and, for the
model fitted on the whole tune half at each share, how many pages of the article-extraction
benchmark's ``ae_tune`` half (articles of another benchmark, never trained on) it would refuse
(``bench/results/listing_frontier.json``).

``python -m bench.listing_model [--train | --frontier]``; results: ``bench/results/listing_model.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.errors import InputRejected
from tests.news import wcxb
from transforms.article import read_page
from transforms.article.listing_model import FEATURES, MIN_LINKS, MODEL_FILE, listing_features, model, scaled

RESULTS = Path(__file__).resolve().parent / "results"
# The share of the tune half's article pages allowed above the threshold in cross-validation, and the
# regularisation: both chosen before the held half was scored with them.
ARTICLE_SHARE = 0.0
C = 0.1
FOLDS = 5
SEEDS = (0, 1, 2)
# The article shares ``--frontier`` estimates the trade at.
FRONTIER_SHARES = (0.0, 0.0025, 0.005, 0.0075, 0.01, 0.02, 0.05)
# Pages refused before the model is asked are read anyway: the model learns from every page with a body.
_READ_ALL = frozenset({"listing_path", "listing_type"})


def features_of(url: str, html: str) -> dict[str, float] | None:
    """The model's features for one page, or None when no body of text is found on it."""

    try:
        reading = read_page(html, url, disabled=_READ_ALL)
    except InputRejected:
        return None
    if sum(len(p) for p in reading.paragraphs) < 80:
        return None
    return listing_features(reading.root, reading.paragraphs, reading.meta, url)


def _fit(x: Any, y: Any, share: float = ARTICLE_SHARE) -> tuple[Any, float]:
    """The procedure: the pipeline fitted on (x, y), and its threshold from cross-validation on the same pages
    (at most ``share`` of their article pages above it)."""
    # Heavy: numpy, loaded only when this runs.
    import numpy as np

    # Heavy: scikit-learn, loaded only when this runs.
    from sklearn.linear_model import LogisticRegression

    # Heavy: scikit-learn, loaded only when this runs.
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    # Heavy: scikit-learn, loaded only when this runs.
    from sklearn.pipeline import make_pipeline

    # Heavy: scikit-learn, loaded only when this runs.
    from sklearn.preprocessing import StandardScaler

    pipeline = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=5000))
    chances = [cross_val_predict(pipeline, x, y, cv=StratifiedKFold(FOLDS, shuffle=True, random_state=seed),
                                 method="predict_proba")[:, 1] for seed in SEEDS]
    pooled = np.sort(np.concatenate([chance[y == 0] for chance in chances]))[::-1]
    threshold = float(pooled[min(len(pooled) - 1, math.floor(share * len(pooled)))])
    pipeline.fit(x, y)
    return pipeline, threshold


def _unseen_estimate(x: Any, y: Any, share: float = ARTICLE_SHARE, sites: Any = None) -> dict[str, Any]:
    """The procedure fitted on half of the tune pages and scored on the other half, both ways, three times;
    with ``sites``, each site's pages on the same side."""
    # Heavy: scikit-learn, loaded only when this runs.
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    caught = wrongly = listings = articles = 0
    for repeat in range(3):
        halves = (StratifiedKFold(2, shuffle=True, random_state=100 + repeat).split(x, y) if sites is None else
                  StratifiedGroupKFold(2, shuffle=True, random_state=100 + repeat).split(x, y, sites))
        for fit_on, score_on in halves:
            pipeline, threshold = _fit(x[fit_on], y[fit_on], share)
            above = pipeline.predict_proba(x[score_on])[:, 1] > threshold
            caught += int((above & (y[score_on] == 1)).sum())
            wrongly += int((above & (y[score_on] == 0)).sum())
            listings += int((y[score_on] == 1).sum())
            articles += int((y[score_on] == 0).sum())
    return {"listing_share_refused": round(caught / listings, 4), "article_share_refused": round(wrongly / articles, 4),
            "article_pages_refused": f"{wrongly} of {articles}"}


def _tune_pages() -> tuple[Any, Any, Any]:
    """The tune half's pages with a body: their features as the model reads them, 1 for a listing, their site."""
    # Heavy: numpy, loaded only when this runs.
    import numpy as np

    rows, labels, sites = [], [], []
    for page in wcxb.load(kinds=("article", "listing", "collection"), half="tune"):
        values = features_of(page.url, page.html)
        if values is not None:
            rows.append([scaled(name, values[name]) for name in FEATURES])
            labels.append(int(page.kind != "article"))
            sites.append(urlsplit(page.url).netloc.lower().removeprefix("www."))
    return np.array(rows), np.array(labels), np.array(sites)


def _estimates(x: Any, y: Any, sites: Any, share: float = ARTICLE_SHARE) -> dict[str, Any]:
    return {"pages_halved_at_random": _unseen_estimate(x, y, share),
            "sites_kept_apart": _unseen_estimate(x, y, share, sites)}


def frontier() -> list[dict[str, Any]]:
    """What the procedure trades on unseen pages, estimated on the tune half alone: for each share of
    article pages allowed above the threshold in cross-validation, the listing and article pages refused."""
    # Heavy: numpy, loaded only when this runs.
    import numpy as np

    from tests.news.article_extraction import half_of, load_pages

    x, y, sites = _tune_pages()
    others = [values for page in load_pages() if half_of(page.page_id) == "ae_tune"
              and (values := features_of(page.url, page.html)) is not None and values["links"] >= MIN_LINKS]
    other_x = np.array([[scaled(name, values[name]) for name in FEATURES] for values in others])
    trade = []
    for share in FRONTIER_SHARES:
        pipeline, threshold = _fit(x, y, share)
        refused = int((pipeline.predict_proba(other_x)[:, 1] > threshold).sum())
        trade.append({"article_share_allowed": share, **_estimates(x, y, sites, share),
                      "ae_tune_articles_refused": f"{refused} of {len(others)} judged"})
    return trade


def train() -> dict[str, Any]:
    """Fit the model on the tune half and write ``listing_model.json``; what cross-validation measured."""
    # Heavy: scikit-learn, loaded only when this runs.
    import sklearn

    x, y, sites = _tune_pages()
    pipeline, threshold = _fit(x, y)
    scaler, regression = pipeline[0], pipeline[-1]
    measured = {"tune_article_pages": int((y == 0).sum()), "tune_listing_pages": int(y.sum()),
                "unseen_estimate_on_tune": _estimates(x, y, sites)}
    model = {"about": "listing model for transforms/article: logistic regression over standardised features "
                      "(counts as log(1 + n)); a page whose probability is above threshold is a listing",
             "trained_on": "WCXB dev tune half (bench/wcxb.py), article pages against listing and collection "
                           "pages; the held half was not used",
             "made_by": f"python -m bench.listing_model --train (scikit-learn {sklearn.__version__}, C={C}, "
                        f"{FOLDS}-fold stratified cross-validation with seeds {list(SEEDS)} pooled, threshold with "
                        f"at most {ARTICLE_SHARE:.2%} of the half's article pages above)",
             "made_on": date.today().isoformat(), "measured": measured,
             "features": list(FEATURES), "mean": [round(float(v), 6) for v in scaler.mean_],
             "scale": [round(float(v), 6) for v in scaler.scale_],
             "weights": [round(float(v), 6) for v in regression.coef_[0]],
             "low": [round(float(v), 6) for v in x.min(axis=0)], "high": [round(float(v), 6) for v in x.max(axis=0)],
             "intercept": round(float(regression.intercept_[0]), 6), "threshold": round(threshold, 6)}
    MODEL_FILE.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    return measured


def score() -> dict[str, Any]:
    """The model in the file, through the whole extractor, on pages it was and was not trained on."""
    # The labelled pages live with the tests, which a deployed bench run need not have.
    from tests.news.article_extraction import load_pages, pantau_pages
    from tests.news.layouts_set import labelled_pages

    model.cache_clear()
    result: dict[str, Any] = {}
    for half in wcxb.HALVES:
        for kinds, name in ((("listing", "collection"), "listing"), (("article",), "article")):
            pages = wcxb.load(kinds=kinds, half=half)
            refused = [p.page_id for p in pages if pantau_pages([(p.url, p.html)])[1] == "not_article"]
            by_model = [p.page_id for p in pages if p.page_id in refused
                        and pantau_pages([(p.url, p.html)], frozenset({"listing_model"}))[1] != "not_article"]
            result[f"wcxb_{half}_{name}"] = {"pages": len(pages), "refused": len(refused),
                                            "refused_only_by_model": len(by_model),
                                            **({"refused_ids": refused} if name == "article" and half == "tune"
                                               else {})}
    others = {"article_extraction": [[(p.url, p.html)] for p in load_pages()],
              "indonesian_layouts": [item["pages"] for item in labelled_pages()]}
    for name, documents in others.items():
        result[name] = {"article_documents": len(documents),
                        "refused": sum(pantau_pages(d)[1] == "not_article" for d in documents)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", action="store_true", help="fit the model on the tune half and write its file")
    parser.add_argument("--frontier", action="store_true",
                        help="only estimate, on the tune half, the listings refused at each share of articles refused")
    args, _ = parser.parse_known_args()
    if args.frontier:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "listing_frontier.json").write_text(json.dumps(trade := frontier(), indent=1) + "\n")
        print(json.dumps(trade, indent=1))
        return
    report: dict[str, Any] = {}
    if args.train:
        report["training"] = train()
        print(f"trained: {report['training']}", file=sys.stderr, flush=True)
    report["scored"] = score()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "listing_model.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
