"""Pantau's own run of trafilatura's fast mode gives the text ``trafilatura.extract`` gives.

``transforms.article.body`` drives trafilatura's steps itself for the fast pass (one copy of the tree
instead of three); on every page here it must return exactly what ``extract`` returns with the same
options: the team's layouts, pages built to reach its rescue and its refusals, and (when the shared
benchmarks are beside the repository) a fixed sample of their pages.
"""

from __future__ import annotations

import pytest

from tests.news import wcxb
from tests.news.article_extraction import BENCHMARK_DIR, load_pages
from tests.news.layouts_set import labelled_pages
from transforms.article.body import _fast_recall
from transforms.article.boxes import remove_story_boxes
from transforms.article.page import parse_page


def _extract(root: object, url: str) -> str | None:
    import trafilatura

    return trafilatura.extract(root, url=url, include_comments=False, include_tables=True, fast=True,
                               favor_recall=True, deduplicate=False, with_metadata=False, output_format="txt")


def _same(url: str, html: str) -> None:
    root = parse_page(html, url)
    remove_story_boxes(root)
    copy_before = _extract(root, url)
    assert _fast_recall(root, url) == copy_before
    assert _extract(root, url) == copy_before  # the tree was left as it was


_PROSE = ("Pemerintah daerah menyalurkan bantuan kepada 1.250 keluarga penerima manfaat di tiga kecamatan, "
          "kata kepala dinas sosial pada Selasa pagi.")
_BUILT = {
    "short": "<html><body><div><span>Harga cabai naik.</span></div></body></html>",
    "nothing": "<html><body><nav><a href='/a'>Beranda</a></nav></body></html>",
    "empty": "<html><body><div><img src='/a.jpg'></div></body></html>",
    "forum": ("<html><head><script type='application/ld+json'>{\"@type\": \"DiscussionForumPosting\"}</script>"
              "</head><body><div class='comments'><p>" + _PROSE + "</p></div><p>" + _PROSE + "</p></body></html>"),
    "comments": ("<html><body><article><p>" + _PROSE + "</p><p>" + _PROSE + "</p></article>"
                 "<div id='comments'><p>" + _PROSE + "</p></div></body></html>"),
    "lists": "<html><body><ul class='comment-list'><li>" + _PROSE + "</li></ul><p>" + _PROSE + "</p></body></html>",
}


@pytest.mark.parametrize("name", sorted(_BUILT))
def test_built_pages_give_extract_s_text(name: str) -> None:
    _same(f"https://contoh.id/{name}", _BUILT[name])


def test_a_page_without_an_address_gives_extract_s_text() -> None:
    _same("", "<html><body><article><p><a href='/a'>" + _PROSE + "</a></p><p>" + _PROSE + "</p></article></body></html>")


def test_the_layouts_give_extract_s_text() -> None:
    for item in labelled_pages()[::3]:
        for url, html in item["pages"]:
            _same(url, html)


def test_benchmark_pages_give_extract_s_text() -> None:
    if not wcxb.available() or not (BENCHMARK_DIR / "ground-truth.json").exists():
        pytest.skip("shared benchmarks not found beside the repository")
    pages = [(p.url, p.html) for p in wcxb.load(kinds=("article", "listing", "collection"))[::25]]
    pages += [(p.url, p.html) for p in load_pages()[::15]]
    for url, html in pages:
        _same(url, html)
