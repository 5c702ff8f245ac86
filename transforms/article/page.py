"""What every part of article extraction shares: the result, the refusal, decoding and the one parse."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from core.errors import InputRejected


@dataclass
class Article:
    url: str
    canonical_url: str
    title: str
    published_at: datetime | None
    author: str | None
    section: str | None
    tags: list[str] = field(default_factory=list)
    text: str = ""
    next_page_url: str | None = None
    language: str | None = None


NO_ARTICLE_KINDS = {
    "no_text": "no block of text",
    "paywall": "behind a paywall",
    "not_article": "not an article (an index, tag, section or search page)",
}


class NoArticle(InputRejected):
    """A page where no article was found, with the kind of reason (``NO_ARTICLE_KINDS``)."""

    def __init__(self, url: str, kind: str, detail: str) -> None:
        if kind not in NO_ARTICLE_KINDS:
            raise ValueError(f"unknown kind of page without an article: {kind!r}")
        self.kind = kind
        super().__init__(url, f"no article body found: {NO_ARTICLE_KINDS[kind]} ({detail})")


def decode_html(html: bytes | str, encoding: str | None) -> str:
    """Bytes to text: BOM, then the declared encoding if the bytes fit it, then meta charset, then cp1252."""
    if isinstance(html, str):
        return html
    if html.startswith(b"\xef\xbb\xbf"):
        return html[3:].decode("utf-8", errors="replace")
    candidates: list[str] = []
    if encoding:
        candidates.append(encoding)
    meta = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", html[:4096], re.IGNORECASE)
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "cp1252"]
    for candidate in candidates:
        try:
            return html.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return html.decode("utf-8", errors="replace")


def parse_page(text: str, url: str) -> Any:
    """One parse of the page, as trafilatura parses a text (so its copy needs no re-parse).

    A page that goes past one of the parser's limits is refused: the parser stops reading there (an
    element nested deeper than 255 levels, and everything after it, is left out of the tree), and a
    page read in part is not read."""
    import lxml.html
    from lxml import etree

    try:
        root = _parse(text)
        if root is None or root.find("body") is None:
            root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputRejected(url, f"the page cannot be parsed as HTML ({exc})") from None
    for error in _parser().error_log:
        if error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            depth = _DEPTH.search(error.message)
            beyond = (f"its elements are nested more than {int(depth.group(1)) - 1} levels deep" if depth
                      else f"it goes past a limit of the HTML parser ({error.message})")
            raise InputRejected(url, f"the page cannot be read whole: {beyond}, and the parser reads no further "
                                     f"(line {error.line})")
    return root


# libxml2's message for a tree nested past its limit ("Excessive depth in document: 256, ...").
_DEPTH = re.compile(r"depth in document: (\d+)")
# Characters no text page holds (C0 controls other than tab, line feed, form feed and carriage return):
# a page with more than a few of them among its first characters is binary data, not HTML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_CONTROL_LOOKED_AT = 2000
_CONTROL_ALLOWED = 0.01


def binary_share(text: str) -> tuple[int, int] | None:
    """How many of the text's first characters are control characters, and of how many, when that is
    more than ``_CONTROL_ALLOWED`` of them (binary data); None for a text."""
    start = text[:_CONTROL_LOOKED_AT]
    found = len(_CONTROL.findall(start))
    return (found, len(start)) if found > max(2, _CONTROL_ALLOWED * len(start)) else None


def _parse(text: str) -> Any:
    """The tree trafilatura's ``load_html`` makes of a text: its repairs of the text, its parser settings,
    the text's UTF-8 bytes parsed when the text cannot be (or gives an empty tree), and no tree for a
    fragment. One difference: the elements' class (lxml.html's ``HtmlElement``) comes from a lookup in C
    rather than lxml.html's own, a Python call for each element Pantau or trafilatura (on its copy)
    touches; only form elements lose their own subclasses, which neither uses."""
    beginning = text[:50].lower()
    text = repair(text, beginning)
    try:
        root = _from(text)
    except Exception:  # an encoding declaration in a text (ValueError), or a parser error
        root = _from_bytes(text)
    else:
        if root is None or len(root) < 1:
            root = _from_bytes(text)
    # A text whose beginning names no html (no tag, no declaration) and that gives one element is a fragment.
    return None if root is not None and "html" not in beginning and len(root) < 2 else root


def repair(text: str, beginning: str) -> str:
    """The text trafilatura's ``repair_faulty_html`` makes of a page, without its two passes over every page
    that change nothing on most: the search for characters XML cannot hold (here a C-level scan of the
    text's UTF-8 bytes first) and the rebuilding of the text around its first line (here only when the
    line's DOCTYPE is rewritten, or the text has no line break, to which it then adds one)."""
    encoded = text.encode("utf-8", "surrogatepass")
    # The control characters among them are single bytes in UTF-8 (never part of a longer sequence).
    if len(encoded.translate(None, _XML_INVALID_BYTES)) != len(encoded) or "\ufffe" in text or "\uffff" in text:
        text = _XML_INVALID_CHARS.sub("", text)
    if "doctype" in beginning:
        end = text.find("\n")
        if end < 0:
            text = _DOCTYPE_WITH_SLASH.sub("", text, count=1) + "\n"
        elif _DOCTYPE_WITH_SLASH.search(text, 0, end):
            text = _DOCTYPE_WITH_SLASH.sub("", text[:end], count=1) + text[end:]
    for line in text[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            text = _SELF_CLOSED_HTML.sub(r"\1>", text, count=1)
            break
    return text


# Characters XML cannot hold: C0 controls other than tab, line feed and carriage return, U+FFFE, U+FFFF.
_XML_INVALID_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A DOCTYPE declaration at the start of a text with a slash in it (XHTML's public identifier), which
# libxml2's HTML parser reads badly: dropped, as trafilatura does.
_DOCTYPE_WITH_SLASH = re.compile(r"^< ?! ?DOCTYPE[^>]*/[^<>]*>", re.IGNORECASE)
# An ``<html ... />`` start tag written self-closed, which would close the document at once.
_SELF_CLOSED_HTML = re.compile(r"(<html.*?)\s*/>", re.IGNORECASE)
_XML_INVALID_BYTES = bytes(code for code in range(0x20) if code not in (0x09, 0x0A, 0x0D))


def _from(markup: str | bytes) -> Any:
    import lxml.html

    return lxml.html.fromstring(markup, parser=_parser())


def _from_bytes(text: str) -> Any:
    try:
        return _from(text.encode("utf8", "surrogatepass"))
    except Exception:  # no tree, as in trafilatura
        return None


@lru_cache(maxsize=1)
def _parser() -> Any:
    """trafilatura's parser settings, with lxml.html's element classes looked up in C."""
    import lxml.html
    from lxml import etree

    parser = etree.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                              remove_pis=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity))
    return parser


def text_of(node: Any) -> str:
    """An element's text, whitespace collapsed (no word runs across two pieces of text)."""
    return " ".join(" ".join(node.itertext()).split())


def text_length(node: Any) -> int:
    """The length of an element's text, whitespace collapsed (the cheap way: lengths only)."""
    return len(" ".join(node.text_content().split()))


def linked_length(node: Any) -> int:
    """The length of the text of the element's links (``text_length`` of each)."""
    return sum(text_length(anchor) for anchor in node.iter("a"))


def words(text: str) -> str:
    """Lowercase words separated by single spaces: two texts compared without their punctuation."""
    return _NON_WORD.sub(" ", text).strip().lower()


_NON_WORD = re.compile(r"\W+")


# The letters other than ASCII ones that a case-blind match takes for ASCII letters (Kelvin sign, dotted and
# dotless i, long s); without them, lowercasing a text and matching case-sensitively finds the same matches.
FOLDS_TO_ASCII = "\u212a\u0130\u0131\u017f"


class AttributeNames:
    """Every ``class``, ``id`` and ``role`` value of the page, read once (in page order) and searched
    as one string; a match points back to its element. Pantau's passes that look for elements by their
    names (bylines, date lines, story boxes) share it: the tree must not change in between.

    A pattern of lowercase words that ignores case is run on the lowercased names (a case-sensitive search is
    many times faster) unless they hold one of ``FOLDS_TO_ASCII``; a pattern of words never spans the line
    break between two values."""

    def __init__(self, root: Any) -> None:
        self._names: list[str] = []
        self._owners: list[Any] = []
        self._attributes: list[str] = []
        # Every element of the document: a page can parse into two <html> elements side by side.
        for top in (root, *root.itersiblings()):
            for node in top.iter():
                for attribute in ("class", "id", "role"):
                    value = node.get(attribute)
                    if value is not None:
                        self._names.append(value)
                        self._owners.append(node)
                        self._attributes.append(attribute)
        self.joined = "\n".join(self._names)
        self._lowered: tuple[str, list[int]] | None = None
        self._starts: list[int] | None = None
        self._root = root
        self._links: dict[Any, str] | None = None

    def link_texts(self) -> dict[Any, str]:
        """Every ``<a>`` under the root (in page order) and its text (``text_content``), read once when first
        asked: the next-page link and the headline links both read them."""
        if self._links is None:
            self._links = {anchor: anchor.text_content() for anchor in self._root.iter("a")}
        return self._links

    def elements(self, pattern: re.Pattern[str], *, attributes: tuple[str, ...] = ("class", "id", "role"),
                 lowercase: bool = False) -> list[Any]:
        """The elements one of whose ``attributes`` the pattern finds, in page order, each once.

        ``lowercase``: the pattern is run on the lowercased names (a pattern of lowercase words)."""
        blind = bool(pattern.flags & re.IGNORECASE)
        lowered = lowercase or (blind and pattern.pattern == pattern.pattern.lower()
                                and not any(char in self.joined for char in FOLDS_TO_ASCII))
        text, starts = self._lowercased() if lowered else (self.joined, self._offsets())
        words = _words_of(pattern) if lowered or not blind else None
        if words is not None:  # a name holds one of the words: found with the string search, not the regex
            indices = _holding(text, starts, words)
        else:
            run = _case_sensitive(pattern) if lowered else pattern
            indices = {bisect_right(starts, hit.start()) - 1 for hit in run.finditer(text)}
        found: list[Any] = []
        for index in sorted(indices):
            if self._attributes[index] not in attributes:
                continue
            node = self._owners[index]
            if not found or found[-1] is not node:
                found.append(node)
        return found

    def _offsets(self) -> list[int]:
        if self._starts is None:
            self._starts = _starts(self._names)
        return self._starts

    def _lowercased(self) -> tuple[str, list[int]]:
        if self._lowered is None:
            if "\u0130" not in self.joined:  # the one letter whose lowercase is two characters
                self._lowered = self.joined.lower(), self._offsets()
            else:
                lowered = [name.lower() for name in self._names]
                self._lowered = "\n".join(lowered), _starts(lowered)
        return self._lowered


@lru_cache(maxsize=32)
def _case_sensitive(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


_PLAIN_WORDS = re.compile(r"[\w-]+(?:\|[\w-]+)*")


@lru_cache(maxsize=32)
def _words_of(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The words of a pattern that is nothing but words (letters, digits, hyphens) separated by ``|``: a
    name the pattern matches in is one holding one of them (a match never spans two names)."""
    return tuple(pattern.pattern.split("|")) if _PLAIN_WORDS.fullmatch(pattern.pattern) else None


def _holding(text: str, starts: list[int], words: tuple[str, ...]) -> set[int]:
    """The indexes of the names (beginning at ``starts`` in ``text``) that hold one of the words."""
    found: set[int] = set()
    last = len(starts) - 1
    for word in words:
        at = text.find(word)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            found.add(index)
            at = text.find(word, starts[index + 1]) if index < last else -1
    return found


def _starts(names: list[str]) -> list[int]:
    """Where each name begins in the names joined by line breaks."""
    starts, offset = [], 0
    for name in names:
        starts.append(offset)
        offset += len(name) + 1
    return starts
