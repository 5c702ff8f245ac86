"""Other stories on the page: related-story boxes, headline lists and teaser cards, wherever they sit.

Indonesian portals put other stories' headlines (each with its own figures) after the story ("Berita
Terkait"), inside it ("Baca Juga: ..."), and beside it ("Terpopuler", "Berita Lainnya"). Left in the
body, the claims stage would report another story's numbers. Two passes:

- ``remove_story_boxes`` (before the body is looked for): a box's label ("Berita Terkait", "Baca Juga",
  "Terpopuler", "Related stories"...) and the smallest element around it that holds only headlines
  and teaser cards are taken out of the tree, and so are elements whose class names such a box
  (``box-terkait``, ``bacajuga``, ``terpopuler``);
- ``headline_links``/``is_headline_line`` (after): a body line that is, word for word, the text of a
  link to another page of the site is a headline, not the story.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from transforms.article.page import AttributeNames, linked_length, text_length, words

_BOX_LABEL = re.compile(
    r"^(?:baca\s+(?:juga|pula)|simak\s+juga|lihat\s+juga|(?:berita|artikel|video|foto|kabar)\s+"
    r"(?:terkait|lainnya|lain|terpopuler|populer|terbaru|terkini|pilihan|rekomendasi|menarik)|"
    r"terpopuler|populer|terkini|terbaru|pilihan\s+redaksi|rekomendasi(?:\s+untuk\s+anda)?|"
    r"paling\s+banyak\s+dibaca|banyak\s+dibaca|related(?:\s+(?:stories|articles|posts|news|content))?|"
    r"more\s+(?:stories|news|from\s+[\w\s]{1,30})|you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?|"
    r"(?:our\s+)?latest\s+(?:stories|news|articles|posts)|don['’]?t\s+miss|"
    r"most\s+(?:read|popular|viewed)|trending(?:\s+now)?|read\s+next|also\s+read|read\s+also)\s*[:.]?$",
    re.IGNORECASE)
# Class or id words that name such a box (inside a token too: ``box-terkait``, ``artikelTerkait``).
_BOX_CLASS = re.compile(r"terkait|baca-?juga|bacajuga|terpopuler|berita-?lain|rekomendasi|related-?(?:post|article|"
                        r"stor|news|content|link)|more-?stories|read-?next|most-?popular")  # on lowercased names
_LABEL_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "span", "div", "p", "em", "dt", "header", "a")
_HEADLINE_WORDS = 4
# An address's host when it is plain (letters, digits, dots and hyphens, no port): read without urlsplit.
_PLAIN_HOST = re.compile(r"(?:https?:)?//([A-Za-z0-9.-]+)(?=[/?#]|$)")


def remove_story_boxes(root: Any, names: AttributeNames | None = None) -> int:
    """Take the story boxes out of the tree; how many were removed. ``names``: the page's class, id and
    role values, if already read."""
    body = root.find("body")
    if body is None:
        return 0
    doomed: list[Any] = []
    _labelled_boxes(body, doomed)
    _named_boxes(names or AttributeNames(root), doomed)
    for node in doomed:
        if node.getparent() is not None:
            node.drop_tree()
    return len(doomed)


def _labelled_boxes(body: Any, doomed: list[Any]) -> None:
    for label in body.iter(_LABEL_TAGS):
        own = label.text
        if not own or len(own) > 60 or not _BOX_LABEL.match(own.strip()):
            continue
        if not _inside(label, doomed):
            doomed.append(_box_around(label))


def _named_boxes(names: AttributeNames, doomed: list[Any]) -> None:
    for node in names.elements(_BOX_CLASS, attributes=("class", "id"), lowercase=True):
        if node.tag not in ("article", "main") and _in_body(node) and not _inside(node, doomed) and \
                _all_teasers(node):
            doomed.append(node)


def _in_body(node: Any) -> bool:
    return node.tag == "body" or any(ancestor.tag == "body" for ancestor in node.iterancestors())


def headline_links(root: Any, url: str, names: AttributeNames | None = None) -> set[str]:
    """The words of every link to another page of the same site that reads like a headline (four words
    or more). Links to other sites are sources and further reading, often part of the story. ``names``:
    the page's names (and link texts), if already read."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    found = set()
    for anchor, text in (names or AttributeNames(root)).link_texts().items():
        if text.count(" ") < _HEADLINE_WORDS - 1:
            continue
        href = (anchor.get("href") or "").strip()
        if not href or href[0] == "#" or href.startswith(("javascript:", "mailto:")):
            continue
        if href.startswith(("http:", "https:", "//")):
            plain = _PLAIN_HOST.match(href)
            target = (plain.group(1).lower() if plain else urlsplit(href).hostname or "").removeprefix("www.")
            if host and target and target != host:
                continue
        text = words(text)
        if text.count(" ") + 1 >= _HEADLINE_WORDS:
            found.add(text)
    return found


def is_headline_line(line: str, headlines: set[str]) -> bool:
    """A body line that is the whole text of a headline link ("- " list marks and a closing date aside)."""
    return bool(headlines) and len(line) < 250 and words(line.lstrip("-•* ")) in headlines


def _inside(node: Any, doomed: list[Any]) -> bool:
    ancestors = set(node.iterancestors())
    return any(box is node or box in ancestors for box in doomed)


def _box_around(label: Any) -> Any:
    """The label and the elements next to it that are headlines or teaser cards, as one box.

    Climb from the label while the parent adds only teasers (links, short lines, cards that open with a
    link); stop at the first parent that adds prose of its own (the story)."""
    box = label
    while True:
        parent = box.getparent()
        if parent is None or parent.tag in ("body", "html", "main", "article"):
            return box
        siblings = [child for child in parent if child is not box and isinstance(child.tag, str)]
        added = (parent.text or "").strip() + "".join((c.tail or "").strip() for c in parent)
        if len(added) > 40 or not all(_is_teaser(child) for child in siblings):
            return box
        box = parent


def _all_teasers(node: Any) -> bool:
    """Whether an element holds links and nothing but teasers (so a class word alone never drops a story)."""
    if node.find(".//a") is None:
        return False
    return not _has_prose(node) and all(_is_teaser(child) for child in node if isinstance(child.tag, str)) and \
        _unlinked_chars(node) <= max(300, linked_length(node))


def _is_teaser(node: Any) -> bool:
    """A headline link, a teaser card (a link first, then a short summary), a short label, an image or an ad."""
    text = text_length(node)
    if text < 40 or node.tag in ("img", "figure", "picture", "script", "style", "ins", "iframe", "br", "hr"):
        return True
    if _has_prose(node):
        return False
    linked = linked_length(node)
    if linked >= 0.5 * text:
        return True
    if text < 400 and linked >= 15:
        first = next((t.strip() for t in node.itertext() if t.strip()), "")
        return any(first in a.text_content() for a in node.iter("a"))
    return False


def _has_prose(node: Any) -> bool:
    """Two paragraphs of a hundred characters that are not link text: a story, not a box of teasers."""
    prose = 0
    for paragraph in node.iter("p"):
        length = text_length(paragraph)
        if length >= 100 and length - linked_length(paragraph) >= 100:
            prose += 1
            if prose >= 2:
                return True
    return False


def _unlinked_chars(node: Any) -> int:
    return text_length(node) - linked_length(node)
