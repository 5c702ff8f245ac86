"""What is masked before text is stored, logged or printed: the one home of these rules.

- **NIK and KK numbers** (both 16 digits) in every spelling people write them: a run of 16 digits,
  or 16 digits in groups separated by any characters that are neither letters nor digits (spaces,
  dashes, dots, slashes, underscores, up to three at a time: "1571 0203 0405 0006",
  "1571/0203/0405/0006", "1571 / 0203 / 0405 / 0006"), with invisible characters (zero-width
  spaces, soft hyphens, direction marks) anywhere inside. The groups of one number share one
  separator (or mix single spaces, dashes, dots and slashes), so a list of figures ("2022: 76.000;
  2023: 112.000") is not taken for one. Digits are any script's ("１５７１..." too). A digit group
  longer than 16 is another kind of number and is kept;
- **the same in URLs and file names**, masked with :data:`NIK_REDACTED_IN_NAME` (no characters a URL
  or a file name cannot hold);
- **secrets in URLs**: a password in the authority part, a token or key in the query.
"""

from __future__ import annotations

import re
from itertools import pairwise
from urllib.parse import unquote

NIK_REDACTED = "<nik-redacted>"
NIK_REDACTED_IN_NAME = "nik-redacted"
NIK_DIGITS = 16
# Characters that render as nothing: zero-width spaces and joiners, direction marks, word joiners,
# the soft hyphen, the byte-order mark.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufeff\uffa0]")
_SEPARATOR = r"(?:[^\w\n]|_)"
# A run of at least 16 digits joined by at most three separators at a time (the run is maximal:
# separators are never digits, so the leftmost match starts at the run's first digit).
_RUN = re.compile(rf"\d(?:{_SEPARATOR}{{0,3}}\d){{{NIK_DIGITS - 1},}}")
_GROUPS = re.compile(r"\d+")
_MIXABLE = frozenset(" -./")
_URL_PASSWORD = re.compile(r"://([^:/@]+):[^@]*@")
_URL_SECRET_PARAM = re.compile(r"([?&](?:token|api_key|key|access_token|password)=)[^&#]+", re.IGNORECASE)


def _separators_agree(separators: list[str]) -> bool:
    return len(set(separators)) <= 1 or all(len(s) == 1 and s in _MIXABLE for s in separators)


def _spans_in_run(run: re.Match[str]) -> list[tuple[int, int]]:
    """The NIK-like numbers inside one run of digit groups: consecutive groups of 16 digits in all."""
    groups = list(_GROUPS.finditer(run.group()))
    separators = [run.group()[a.end():b.start()] for a, b in pairwise(groups)]
    spans: list[tuple[int, int]] = []
    first = 0
    while first < len(groups):
        digits, last = 0, first
        while last < len(groups) and digits < NIK_DIGITS:
            digits += len(groups[last].group())
            last += 1
        if digits == NIK_DIGITS and _separators_agree(separators[first:last - 1]):
            spans.append((run.start() + groups[first].start(), run.start() + groups[last - 1].end()))
            first = last
        else:
            first += 1
    return spans


def nik_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a NIK- or KK-like number, as (start, end) offsets into ``text``."""
    visible, offsets = text, None
    if _INVISIBLE.search(text):
        kept = [i for i, char in enumerate(text) if not _INVISIBLE.match(char)]
        visible, offsets = "".join(text[i] for i in kept), kept
    spans = [span for run in _RUN.finditer(visible) for span in _spans_in_run(run)]
    if offsets is None:
        return spans
    return [(offsets[start], offsets[end - 1] + 1) for start, end in spans]


def _replace(text: str, mask: str) -> str:
    spans = nik_spans(text)
    for start, end in reversed(spans):
        text = text[:start] + mask + text[end:]
    return text


def mask_nik(text: str) -> str:
    """``text`` with every NIK- or KK-like number replaced by :data:`NIK_REDACTED`."""
    return _replace(text, NIK_REDACTED) if len(text) >= NIK_DIGITS else text


def mask_nik_in_name(name: str) -> str:
    """A URL or a file name with every NIK- or KK-like number replaced by :data:`NIK_REDACTED_IN_NAME`
    (percent-encoded separators count: ``1505%2F0422...`` is masked too)."""
    if len(name) < NIK_DIGITS:
        return name
    if "%" in name:
        decoded = unquote(name)
        if nik_spans(decoded):
            name = decoded
    return _replace(name, NIK_REDACTED_IN_NAME)


def mask_nik_bytes(data: bytes) -> bytes:
    return mask_nik(data.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")


def has_nik(text: str) -> bool:
    return len(text) >= NIK_DIGITS and bool(nik_spans(text))


def redact_url(url: str) -> str:
    """A URL fit to print: a password or a token in it replaced by ``***``, a NIK masked."""
    return mask_nik_in_name(_URL_SECRET_PARAM.sub(r"\1***", _URL_PASSWORD.sub(r"://\1:***@", url)))
