"""The one parse and the names read once: trafilatura's repair of the text, faster; the names' searches;
the pages the parse refuses (binary data, nesting past the parser's depth) and those it still reads."""

from __future__ import annotations

import random
import re

import pytest
from trafilatura.utils import repair_faulty_html

from core.errors import InputRejected
from transforms.article import extract_article
from transforms.article.page import AttributeNames, parse_page, repair

_TEXTS = [
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/x.dtd">\n<html><body>a\x0bb</body></html>',
    "<!DOCTYPE html/>", "<!doctype html>", "<!DOCTYPE html>\r\n<html/>\n<body>\ufffe</body>",
    "<html lang='id' />\n<p>x</p>", "\x00<html>\x1f\uffff</html>", "<! DOCTYPE a/b>x\ny", "x\ud800y\x08",
    "<!DOCTYPE html>\n", "<!DOCTYPE a>\r<!DOCTYPE b/>\n", "<html><body><p>Harga naik 2,5%\t\r\n</p></body></html>",
]


@pytest.mark.parametrize("text", _TEXTS)
def test_repair_is_trafilatura_s(text: str) -> None:
    assert repair(text, text[:50].lower()) == repair_faulty_html(text, text[:50].lower())


def test_repair_is_trafilatura_s_on_random_texts() -> None:
    rnd = random.Random(17)
    pieces = ["<", ">", "!", "/", " ", "\n", "\r", "\t", "DOCTYPE", "doctype", "html", "\x00", "\x0b", "\x1f",
              "\ufffe", "\uffff", "\u00e9", "\u4e2d", "\U0001f600"]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30)))
        assert repair(text, text[:50].lower()) == repair_faulty_html(text, text[:50].lower()), repr(text)


def _by_regex(names: AttributeNames, pattern: re.Pattern[str]) -> list[object]:
    found: list[object] = []
    for name, node in zip(names._names, names._owners, strict=True):
        if pattern.search(name) and (not found or found[-1] is not node):
            found.append(node)
    return found


@pytest.mark.parametrize("extra", ["", "\u0130stanbul", "\u212aelvin"])
def test_a_pattern_of_words_finds_the_elements_its_regex_finds(extra: str) -> None:
    """A pattern of plain words is looked for with the string search: the same elements as the regex."""
    classes = ["post-date", "Author-Name", "datetime published", "meta", "BYLINE", "tgl", "x-time y-date",
               "writer", "waktu-terbit", extra, "AUTHOR date", "penulis\u0130"]
    html = "<html><body>" + "".join(f'<div class="{c}" id="{c[::-1]}"><span role="{c}">x</span></div>'
                                    for c in classes) + "</body></html>"
    names = AttributeNames(parse_page(html, "https://contoh.id/a"))
    for pattern in (re.compile("date|time|tanggal|waktu|tgl|publish", re.IGNORECASE),
                    re.compile("author|byline|penulis|reporter|writer", re.IGNORECASE), re.compile("date|Name")):
        assert names.elements(pattern) == _by_regex(names, pattern)


def test_the_byline_test_on_bytes_is_the_test_on_the_lowercased_text() -> None:
    from transforms.article.metadata import _may_open_byline

    rnd = random.Random(3)
    pieces = ["O", "l", "E", "h", "PENULIS", "Repo", "rter", "pewARTA", "\u0130", "\u212a", "\u00e9", "\u4e2d", " ",
              "ol", "eh", "p\u00c9nulis"]
    for _ in range(2000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        root = parse_page(f"<html><body><p>{text}</p></body></html>", "https://contoh.id/a")
        lowered = root.xpath("string()").lower()
        expected = any(word in lowered for word in ("oleh", "penulis", "reporter", "pewarta")) or any(
            char in root.xpath("string()") for char in "\u212a\u0130\u0131\u017f")
        assert _may_open_byline(root) == expected, repr(text)


_STORY = "<p>" + "Iuran pekerja rentan di Kabupaten Kerinci dibayar dari APBD provinsi tahun ini. " * 3 + "</p>"


def test_a_page_with_a_few_stray_control_characters_or_deep_but_readable_nesting_is_read() -> None:
    # An old CMS leaves a vertical tab or two in its pages; a theme nests its story 200 deep. Both are read.
    stray = f"<html><body><h1>Berita\x0b daerah</h1>\x1a{_STORY}</body></html>"
    deep = "<html><body>" + "<div>" * 200 + _STORY + "</div>" * 200 + "</body></html>"
    for page in (stray, deep):
        assert "APBD provinsi" in extract_article(page.encode(), "https://berita.example/2024/06/01/a/").text


def test_a_page_past_the_parsers_depth_is_refused_with_how_deep() -> None:
    deep = "<html><body>" + "<div>" * 256 + _STORY + "</div>" * 256 + "</body></html>"
    with pytest.raises(InputRejected, match=r"nested more than 255 levels deep, and the parser reads no further"):
        extract_article(deep, "https://berita.example/2024/06/01/a/")
