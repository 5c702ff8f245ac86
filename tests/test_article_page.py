"""Pantau's repair of a page's text before its one parse is trafilatura's ``repair_faulty_html``, faster."""

from __future__ import annotations

import random

import pytest
from trafilatura.utils import repair_faulty_html

from transforms.article.page import repair

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
