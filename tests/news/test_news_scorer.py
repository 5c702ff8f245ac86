"""The labelled set (every article in every layout): extraction and figure accuracy floors."""

from __future__ import annotations

from tests.news.layouts_set import labelled_pages, score_figures, token_f1


def test_labelled_set_covers_sixteen_layouts_and_two_hundred_pages() -> None:
    from samples.layouts import LAYOUTS

    items = labelled_pages()
    assert {i["layout"] for i in items} == {"wp_classic", "wp_newspaper", "custom_cms", "jsonld_portal", *LAYOUTS}
    assert len(LAYOUTS) >= 12
    assert sum(len(i["pages"]) for i in items) >= 200
    assert sum(len(i["figures"]) for i in items) >= 100


def test_body_f1_floor_on_every_page() -> None:
    from tests.news.layouts_set import ours

    scores = {i["id"]: token_f1(ours(i["pages"]), i["text"]) for i in labelled_pages()}
    assert min(scores.values()) >= 0.95, sorted(scores.items(), key=lambda kv: kv[1])[:3]
    assert sum(scores.values()) / len(scores) >= 0.98


def test_figure_precision_and_recall() -> None:
    result = score_figures(labelled_pages())
    assert result["precision"] >= 0.95 and result["recall"] >= 0.90, result["errors"]


def test_token_f1() -> None:
    assert token_f1("a b c", "a b c") == 1.0
    assert token_f1("", "a") == 0.0
    assert abs(token_f1("a b", "a b c d") - 2 / 3) < 1e-9
