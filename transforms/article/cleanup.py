"""Pantau's cleanup of a body found on the page, one line a paragraph.

Each step has a name in ``CLEANUP_STEPS`` and can be switched off (``disabled``), so the benchmark
can show what each one is worth: inline inserts ("BACA JUGA", "Simak juga", "Read more"), the
page's own labels (title, site name, section), bylines (read into ``author``), date lines, photo
credits and desk signatures, a closing box of headlines, and short label lines at the edges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from transforms.article.boxes import is_headline_line
from transforms.article.metadata import find_date
from transforms.article.page import words

CLEANUP_STEPS = {
    "inserts": "inline inserts (\"Baca juga\", \"Simak juga\", \"Read more\") dropped",
    "labels": "lines that are the page's own title, site name or section dropped",
    "bylines": "byline lines (\"Oleh\", \"Penulis\", \"Pewarta\") dropped, the name kept for author",
    "date_lines": "date lines (\"Selasa, 11 Juni 2024 09:14 WIB\") dropped",
    "credits": "photo credits and closing desk signatures dropped",
    "closing_box": "a closing box of headlines (a label and headline lines) cut off",
    "edge_noise": "up to three short label lines at each edge dropped",
    "headline_lines": "a line that is the whole text of a headline link to another page of the site dropped",
    "own_address": "a line that is the page's own address (its URL or canonical URL) dropped",
    "repeated_line": "a line that repeats the line right before it dropped",
}

INSERT = re.compile(r"^\s*(baca\s+juga|simak\s+(juga|berita)|lihat\s+juga|baca\s+selengkapnya|artikel\s+terkait|"
                    r"berita\s+terkait|tonton\s+juga|ikuti\s+(kami|berita)|dapatkan\s+update)\b", re.IGNORECASE)
BYLINE = re.compile(r"^\s*(oleh|penulis|reporter|pewarta|wartawan|editor|penyunting|redaktur)(?![-\w])\s*[:\-–]?\s*",
                    re.IGNORECASE)
_CREDIT = re.compile(r"^\(?\s*(foto|photo|ilustrasi|sumber\s+foto|video|grafis)\s*[:/]", re.IGNORECASE)
# Lines that are a site's furniture, not the story: link boxes, ad labels, comment and tag labels.
READ_MORE = re.compile(
    r"^\s*(read\s+more\s*:|related\s*:|see\s+also\s*:|also\s+on\s|you\s+may\s+also\s+like|more\s*:|"
    r"advertisement$|iklan$|pasang\s+iklan|scroll\s+to\s+continue|isi\s+komentar|\d*\s*comments?$|"
    r"post\s+comment|share\s+this|tags?\s*:|topik\s*:|editor\s*:|\[?related(\s+post)?\s*:|sign\s+up\b|"
    r"subscribe\b|thanks\s+for\s+signing|get\s+the\s+latest\b.*\binbox|like\s+this\s+story|"
    r"follow\b.{0,80}\bon\s+(facebook|twitter|instagram)\b|popular\s+on\s|berita\s+terpopuler|terpopuler$)",
    re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\"”’)]\s*$")
# "(Tribunjambi.com/Nama)": a desk signature closing the last paragraph.
_SIGNATURE = re.compile(r"\s*\([\w-]+\.(?:com|co\.id|id|net|org)\s*/\s*[^()]{2,60}\)\s*$",
                        re.IGNORECASE)


def is_insert(line: str) -> bool:
    return bool(INSERT.match(line) or READ_MORE.match(line))


def clean_lines(lines: list[str], known: Iterable[str | None], disabled: frozenset[str] = frozenset(),
                headlines: set[str] | None = None, addresses: Iterable[str] = ()) -> tuple[list[str], str | None]:
    """The kept paragraphs and the first byline's name (for ``author``).

    ``known`` are the page's own labels (title, site name, section): a line that is one of them is
    not body text. ``headlines`` are the texts of the page's headline links (``boxes.headline_links``):
    a line that is one of them is another story's headline. ``addresses`` are the page's own URLs."""
    byline: str | None = None
    kept: list[str] = []
    if "closing_box" not in disabled:
        lines = _cut_closing_box(lines)
    labels = [label for label in known if label] if "labels" not in disabled else []
    longest = max((len(label) for label in labels), default=0)
    label_words = [words(label) for label in labels]
    own = {address.rstrip("/") for address in addresses if address} if "own_address" not in disabled else set()
    for line in lines:
        if own and line.rstrip("/") in own:
            continue
        if "inserts" not in disabled and is_insert(line):
            continue
        if headlines and "headline_lines" not in disabled and is_headline_line(line, headlines):
            continue
        if line and len(line) <= longest + 5 and _is_label(words(line), label_words):
            continue
        if "bylines" not in disabled and BYLINE.match(line) and len(line) < 120:
            name = BYLINE.sub("", line).split("|")[0].strip(" .,-–")
            if byline is None and name and not re.match(r"^\s*(editor|penyunting|redaktur)", line, re.IGNORECASE):
                byline = name
            continue
        if "date_lines" not in disabled and len(line) < 90:
            date = find_date(line)
            if date and len(line) < len(date.group()) + 30:
                continue
        if "credits" not in disabled and _CREDIT.match(line) and len(line) < 100:
            continue
        kept.append(line)
    # Repeats are judged on the text left: a title, dateline or label before a copy hides where it starts.
    if "repeated_line" not in disabled:
        kept = [line for index, line in enumerate(kept) if not index or line != kept[index - 1]]
    if kept and "credits" not in disabled:
        kept[-1] = _SIGNATURE.sub("", kept[-1]) or kept[-1]
    if "edge_noise" not in disabled:
        _drop_edge_noise(kept)
    return kept, byline


def _cut_closing_box(lines: list[str]) -> list[str]:
    """A box of links closing the page ("Baca juga", "You may also like" and a few headlines): cut off."""
    for index in range(len(lines) - 1, len(lines) // 2 - 1, -1):
        following = lines[index + 1:]
        if len(lines[index]) < 40 and is_insert(lines[index]) and following and \
                all(len(rest) < 120 and not rest.endswith(".") for rest in following):  # headlines, not prose
            return lines[:index]
    return lines


def _drop_edge_noise(kept: list[str]) -> None:
    """At most a few short non-prose lines at each edge, and never most of the text: a list is a body too."""
    total = sum(len(line) for line in kept)
    for edge in (0, -1):
        dropped, dropped_chars = 0, 0
        while len(kept) > 1 and dropped < 3 and _is_edge_noise(kept[edge]) and \
                dropped_chars + len(kept[edge]) <= 0.25 * total:
            dropped_chars += len(kept.pop(edge))
            dropped += 1


def _is_edge_noise(line: str) -> bool:
    """A short line at the edge of the body that is not prose (a label, a heading of a box, a credit)."""
    return len(line) < 60 and not _SENTENCE_END.search(line)


def _is_label(line: str, labels: list[str]) -> bool:
    """The line is one of the labels, or (a long line) the part of one that is the headline ("Berita -
    <headline>"); both as ``words``."""
    return any(line == label or (len(line) > 30 and label.endswith(line)) for label in labels)
