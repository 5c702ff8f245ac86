"""Pantau's body from trafilatura: its documented ``extract`` on the tree Pantau parsed, which stays as it was.

The fast pass (``fast=True, favor_recall=True``) is trusted when it finds enough of the page's
paragraph text, and trafilatura's default ``extract()`` reads the page otherwise. Pantau reads the
same tree again after the body is found (its own finder, the listing model), so the tree must come
back unchanged: pages built here, the team's layouts and a fixed sample of the shared benchmarks.
"""

from __future__ import annotations

import pytest
from lxml import etree

from tests.news import wcxb
from tests.news.article_extraction import BENCHMARK_DIR, load_pages
from tests.news.layouts_set import labelled_pages
from transforms.article.body import FAST_ENOUGH, library_body
from transforms.article.boxes import remove_story_boxes
from transforms.article.page import parse_page


def _extract(root: object, url: str, *, fast: bool) -> list[str]:
    import trafilatura

    text = trafilatura.extract(root, url=url, include_comments=False, include_tables=True, fast=fast,
                               favor_recall=fast, deduplicate=False, with_metadata=False, output_format="txt")
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _left_as_it_was(url: str, html: str) -> list[str]:
    root = parse_page(html, url)
    remove_story_boxes(root)
    before = etree.tostring(root)
    lines = library_body(root, url)
    assert etree.tostring(root) == before, "the parsed tree was changed"
    return lines


_PROSE = ("Pemerintah daerah menyalurkan bantuan kepada 1.250 keluarga penerima manfaat di tiga kecamatan, "
          "kata kepala dinas sosial pada Selasa pagi.")
_BUILT = {
    "short": "<html><body><div><span>Harga cabai naik.</span></div></body></html>",
    "nothing": "<html><body><nav><a href='/a'>Beranda</a></nav></body></html>",
    "forum": ("<html><head><script type='application/ld+json'>{\"@type\": \"DiscussionForumPosting\"}</script>"
              "</head><body><div class='comments'><p>" + _PROSE + "</p></div><p>" + _PROSE + "</p></body></html>"),
    "comments": ("<html><body><article><p>" + _PROSE + "</p><p>" + _PROSE + "</p></article>"
                 "<div id='comments'><p>" + _PROSE + "</p></div></body></html>"),
}


@pytest.mark.parametrize("name", sorted(_BUILT))
def test_built_pages_leave_the_tree_as_it_was(name: str) -> None:
    _left_as_it_was(f"https://contoh.id/{name}", _BUILT[name])


def test_the_fast_pass_is_trusted_when_it_finds_enough_of_the_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    from transforms.article import body

    passes: list[bool] = []
    run = body._trafilatura

    def recorded(root: object, url: str, *, fast: bool, favor_recall: bool) -> list[str]:
        passes.append(fast)
        return run(root, url, fast=fast, favor_recall=favor_recall)

    monkeypatch.setattr(body, "_trafilatura", recorded)
    url = "https://contoh.id/berita"
    story = "<article>" + "".join(f"<p>{_PROSE}</p>" for _ in range(3)) + "</article>"
    root = parse_page(f"<html><body>{story}</body></html>", url)
    assert library_body(root, url) == _extract(root, url, fast=True) and passes == [True]
    # A page whose paragraphs the fast pass mostly misses (they sit in a comment section it leaves out)
    # is read again by the default extract().
    buried = ("<html><body><article><p>Harga cabai naik lagi pekan ini di pasar.</p></article><div id='comments'>"
              + "".join(f"<p>{_PROSE}</p>" for _ in range(12)) + "</div></body></html>")
    root = parse_page(buried, url)
    paragraph_text = sum(len(" ".join(t.split())) for t in root.xpath("//p//text()"))
    assert sum(map(len, _extract(root, url, fast=True))) < FAST_ENOUGH * paragraph_text
    passes.clear()
    assert library_body(root, url) == _extract(root, url, fast=False) and passes == [True, False]


def test_the_layouts_leave_the_tree_as_it_was() -> None:
    for item in labelled_pages()[::3]:
        for url, html in item["pages"]:
            assert _left_as_it_was(url, html)


def test_benchmark_pages_leave_the_tree_as_it_was() -> None:
    if not wcxb.available() or not (BENCHMARK_DIR / "ground-truth.json").exists():
        pytest.skip("shared benchmarks not found beside the repository")
    pages = [(p.url, p.html) for p in wcxb.load(kinds=("article", "listing", "collection"))[::25]]
    pages += [(p.url, p.html) for p in load_pages()[::15]]
    for url, html in pages:
        _left_as_it_was(url, html)
