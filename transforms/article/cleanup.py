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
    "teaser_tail": "a run of teasers closing the body (summaries cut off with \"...\", time-stamped headlines, "
                   "\"Selanjutnya\", \"Jangan Lewatkan\", copyright lines) cut off",
    "dateline_lead": "lines before the story's dateline (\"KOTA, Situs.com -\", \"Jakarta (ANTARA) -\") that are "
                     "not sentences (photo captions and credits, date lines) dropped",
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


# A teaser of another story: a summary cut off with an ellipsis, or a headline with its time stamp.
_CUT_OFF = re.compile(r"(?:\.\.\.|…)\s*(?:[»›>]\s*\w+)?\s*$")
_TIME_STAMP = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:WIB|WITA|WIT)\b|"
                         r"\b\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4},?\s+\d{1,2}[:.]\d{2}\b")
# The labels of what follows a story on a portal: the next teaser, a box of them, the site's copyright.
_TAIL_LABEL = re.compile(r"^\W*(?:selanjutnya|selengkapnya|read\s+more|load\s+more|jangan\s+lewatkan|"
                         r"(?:baca\s+)?berita\s+lain(?:nya)?|more\s+(?:news|stories)|copyright\b.*|©.*)\W*$",
                         re.IGNORECASE)
# The dateline that opens an Indonesian story: "LHOKSEUMAWE, KOMPAS.com -", "Jakarta (ANTARA News) -",
# "TEMPO.CO, Jakarta -", "JAKARTA -": a short place/outlet prefix, then a dash.
_DATELINE = re.compile(r"^(?P<prefix>\S.{1,58}?)\s*(?:-{1,2}|–|—)\s+\S")
_OUTLET = re.compile(r"\b[\w-]+\.(?:com|co|id|net|news)\b|\([A-Z][^()]{1,30}\)", re.IGNORECASE)
_PLACE = re.compile(r"[A-Z][A-Z .'’,-]{2,40}")
_FULL_STOP_END = re.compile(r"\.[\"”’)]*\s*$")
_DESK_CODE = re.compile(r"^\([\w\s/.-]{2,30}\)$")
_SENTENCE_INSIDE = re.compile(r"[.!?。！？][\"”’)]*(?:\s|$)")


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
    if "teaser_tail" not in disabled:
        kept = _cut_teaser_tail(kept)
    if "dateline_lead" not in disabled:
        kept = _from_dateline(kept)
    if "edge_noise" not in disabled:
        _drop_edge_noise(kept)
    return kept, byline


def _cut_teaser_tail(lines: list[str]) -> list[str]:
    """The run of teaser lines closing the body cut off: other stories' summaries cut off with an ellipsis,
    time-stamped headlines, "Selanjutnya" links, a box label or a copyright line, and the short headline
    lines among them. The run starts at such a teaser or label (short lines before it are the story's);
    it is cut only when two of its lines are teasers, or one is a label and another follows; never most
    of the text. A desk's signature closing the story ("(kpl/otx)") stays after the cut."""
    if len(lines) > 2 and _DESK_CODE.match(lines[-1]):
        return [*_cut_teaser_tail(lines[:-1]), lines[-1]]
    start, first_marked, teasers, labels = len(lines), len(lines), 0, 0
    while start > 1:
        line = lines[start - 1]
        if _TAIL_LABEL.match(line) and len(line) < 60:
            labels += 1
        elif len(line) < 300 and (_CUT_OFF.search(line) or _TIME_STAMP.search(line)):
            teasers += 1
        elif len(line) < 120 and not _FULL_STOP_END.search(line):  # a headline (it may ask or exclaim)
            start -= 1
            continue
        else:
            break
        start -= 1
        first_marked = start
    if first_marked == len(lines) or not (teasers >= 2 or (labels and len(lines) - first_marked >= 2)):
        return lines
    total = sum(map(len, lines))
    return lines[:first_marked] if sum(map(len, lines[first_marked:])) <= 0.5 * total else lines


def is_dateline(line: str) -> bool:
    """Whether the line opens with a dateline: a place and/or outlet of a few words, then a dash."""
    match = _DATELINE.match(line)
    if not match:
        return False
    prefix = match.group("prefix").strip()
    return len(prefix.split()) <= 6 and bool(_OUTLET.search(prefix) or _PLACE.fullmatch(prefix))


def _from_dateline(lines: list[str]) -> list[str]:
    """Lines before the dateline among the first few, none of them a sentence (a photo's caption and
    credit, a date line), dropped: the story starts at its dateline."""
    for index, line in enumerate(lines[:6]):
        if is_dateline(line):
            before = lines[:index]
            if before and not any(_SENTENCE_INSIDE.search(b) for b in before) and \
                    sum(map(len, before)) <= 0.3 * sum(map(len, lines)):
                return lines[index:]
            return lines
    return lines


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
