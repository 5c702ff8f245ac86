"""Indonesian and English-style numbers, money and spelled units.

Indonesian sources write "1.234.567" and "12,5"; some BPJS and bank printouts write
"446,819,131.00". "1.234" alone is ambiguous, so the convention is detected per file or
column from the values that are not (:func:`detect_style`), never by one global rule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

# The largest whole number a 64-bit column holds (pandas int64, SQL BIGINT): an amount or count
# above it is refused, never wrapped round to a negative number.
INT64_MAX = 2**63 - 1


class NumberStyle(StrEnum):
    INDONESIAN = "id"  # 1.234.567,89
    ENGLISH = "en"  # 1,234,567.89


class NumberParseError(ValueError):
    """A value that is not a number in the expected convention."""


# Multipliers for spelled units. "M" for miliar is common in headlines ("Rp 7,7 M").
UNIT_MULTIPLIERS: dict[str, Decimal] = {
    "ribu": Decimal(10**3),
    "rb": Decimal(10**3),
    "juta": Decimal(10**6),
    "jt": Decimal(10**6),
    "miliar": Decimal(10**9),
    "milyar": Decimal(10**9),
    "m": Decimal(10**9),
    "triliun": Decimal(10**12),
    "trilyun": Decimal(10**12),
    "t": Decimal(10**12),
}

_ZERO_MARKERS = {"-", "–", "—", "nihil", "0", ""}
_UNIT_RE = re.compile(
    r"^(?P<num>.*?)\s*(?P<unit>ribu|rb|juta|jt|miliar|milyar|triliun|trilyun|m|t)\.?$", re.IGNORECASE
)
_CURRENCY_RE = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)


def _clean(text: str) -> str:
    s = str(text).replace("\u00a0", " ").strip()
    s = _CURRENCY_RE.sub("", s).strip()
    return s


def classify(text: str) -> NumberStyle | None:
    """The convention a single value proves, or None when it fits both (or neither)."""
    s = _clean(text)
    s = _UNIT_RE.sub(lambda m: m.group("num"), s).strip()
    s = s.lstrip("+-").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3}){2,}(,\d+)?", s) or re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", s):
        return NumberStyle.INDONESIAN
    if re.fullmatch(r"\d{1,3}(,\d{3}){2,}(\.\d+)?", s) or re.fullmatch(r"\d{1,3}(,\d{3})+\.\d+", s):
        return NumberStyle.ENGLISH
    # A single separator followed by other than three digits is a decimal mark.
    if re.fullmatch(r"\d+,(\d{1,2}|\d{4,})", s):
        return NumberStyle.INDONESIAN
    if re.fullmatch(r"\d+\.(\d{1,2}|\d{4,})", s):
        return NumberStyle.ENGLISH
    return None


def _votes(values: Iterable[object]) -> dict[NumberStyle, int]:
    votes = {NumberStyle.INDONESIAN: 0, NumberStyle.ENGLISH: 0}
    for value in values:
        if value is None or isinstance(value, int | float | Decimal):
            continue
        style = classify(str(value))
        if style is not None:
            votes[style] += 1
    return votes


def _majority(votes: dict[NumberStyle, int]) -> NumberStyle | None:
    if votes[NumberStyle.INDONESIAN] == votes[NumberStyle.ENGLISH]:
        return None
    return max(votes, key=lambda k: votes[k])


def detect_style(values: Iterable[object], default: NumberStyle = NumberStyle.INDONESIAN) -> NumberStyle:
    """The convention of a column: the majority of values that prove one; else ``default``."""
    return _majority(_votes(values)) or default


def decide_conventions(columns: dict[str, list[object]], default: NumberStyle = NumberStyle.INDONESIAN
                       ) -> tuple[dict[str, NumberStyle], str]:
    """The number convention of a file, decided from all its numeric columns together.

    The file's convention is the majority of the values that prove one, over every column (a
    money column's "141,288,000.00" settles a count column's "8,410"); a column follows it
    unless its own values prove the other convention, and only then is the convention per
    column. Returns each column's convention and a description for the batch record: "id",
    "en", or "per column: <column> id, <column> en".
    """
    votes = {name: _votes(values) for name, values in columns.items()}
    total = {style: sum(v[style] for v in votes.values()) for style in NumberStyle}
    file_style = _majority(total) or default
    styles = {name: _majority(v) or file_style for name, v in votes.items()}
    if len(set(styles.values())) <= 1:
        return styles, file_style.value
    return styles, "per column: " + ", ".join(f"{name} {style.value}" for name, style in styles.items())


def parse_count(value: object, style: NumberStyle = NumberStyle.INDONESIAN) -> Decimal:
    """Parse a count of people: a whole number, so a separator followed by exactly three digits
    groups thousands in either convention ("8,410" and "8.410" are 8410, never 8,41)."""
    if isinstance(value, str):
        text = _clean(value).replace(" ", "")
        if style is NumberStyle.INDONESIAN and re.fullmatch(r"\d{1,3}(,\d{3})+", text):
            return parse_number(value, NumberStyle.ENGLISH)
        if style is NumberStyle.ENGLISH and re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            return parse_number(value, NumberStyle.INDONESIAN)
    return parse_number(value, style)


def parse_number(value: object, style: NumberStyle = NumberStyle.INDONESIAN) -> Decimal:
    """Parse a number, money amount or spelled quantity ("2,3 juta") into a Decimal.

    "-" and blank are zero (as printed in Indonesian tables). Raises NumberParseError.
    """
    if isinstance(value, bool):
        raise NumberParseError(f"{value!r} is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if (isinstance(value, float) and not math.isfinite(value)) or (
            isinstance(value, Decimal) and not value.is_finite()):
        # A spreadsheet's NaN or an overflowed exponent ("1E999" read as infinity): no count of anything.
        raise NumberParseError(f"{value!r} is not a finite number" if value == value else
                               "NaN (not a number) is not a count or an amount")
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if value is None:
        return Decimal(0)
    original = str(value)
    s = _clean(original)
    if s.lower() in _ZERO_MARKERS:
        return Decimal(0)
    multiplier = Decimal(1)
    match = _UNIT_RE.match(s)
    if match and match.group("num").strip():
        multiplier = UNIT_MULTIPLIERS[match.group("unit").lower()]
        s = match.group("num").strip()
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s.startswith("-"):
        negative, s = True, s[1:].strip()
    s = s.lstrip("+").replace(" ", "")
    thousands, decimal = (".", ",") if style is NumberStyle.INDONESIAN else (",", ".")
    if not re.fullmatch(r"\d[\d.,]*", s):
        raise NumberParseError(f"{original!r} is not a number")
    if thousands in s and not re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})+(\{decimal}\d+)?", s):
        # "12.5" in Indonesian style is not 125: refuse rather than guess.
        if multiplier == 1 or s.count(thousands) > 1:
            raise NumberParseError(f"{original!r} does not fit the {style.value} number convention")
        # With a spelled unit the separator is a decimal mark in headlines ("7.7 miliar").
        s = s.replace(thousands, decimal)
    if s.count(decimal) > 1:
        raise NumberParseError(f"{original!r} has more than one decimal mark")
    s = s.replace(thousands, "").replace(decimal, ".")
    try:
        number = Decimal(s) * multiplier
    except InvalidOperation:
        raise NumberParseError(f"{original!r} is not a number") from None
    return -number if negative else number


_RUPIAH = re.compile(r"(?P<whole>\d{1,3}(?:(?P<group>[.,])\d{3})?(?:(?P=group)\d{3})*|\d+)"
                     r"(?:(?P<mark>[.,])(?P<cents>\d{1,2}))?")


def parse_rupiah(value: object) -> Decimal:
    """A rupiah amount: a whole number, in either convention.

    A separator followed by exactly three digits groups thousands ("850,000" and "162.000" are
    850000 and 162000 whatever the file's convention); a final separator followed by one or two
    zeros marks absent cents ("446,819,131.00"). Anything else (cents that are not zero, "12.5",
    "1,234.567", a spelled unit) cannot be read as whole rupiah without guessing and raises
    :class:`NumberParseError`. "-" and blank are zero, as printed in Indonesian tables.
    """
    if isinstance(value, bool):
        raise NumberParseError(f"{value!r} is not an amount")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float | Decimal):
        if value != value:  # NaN
            return Decimal(0)
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if number != number.to_integral_value():
            raise NumberParseError(f"{value!r} is not a whole rupiah amount (rupiah amounts have no cents)")
        return number
    if value is None:
        return Decimal(0)
    original = str(value)
    s = _clean(original).replace(" ", "")
    if s.lower() in _ZERO_MARKERS:
        return Decimal(0)
    unit = _UNIT_RE.match(s)
    if unit and unit.group("num").strip() and len(unit.group("unit")) > 1:  # "2,3 juta", "7,7 miliar"
        number = parse_number(s, NumberStyle.INDONESIAN)
        if number != number.to_integral_value():
            raise NumberParseError(f"{original!r} is not a whole rupiah amount")
        return number
    negative = s.startswith("-") or (s.startswith("(") and s.endswith(")"))
    s = s.strip("()").lstrip("-+")
    match = _RUPIAH.fullmatch(s)
    if match is None or (match.group("mark") and match.group("mark") == match.group("group")):
        raise NumberParseError(f"{original!r} cannot be read as a whole rupiah amount without guessing (a "
                               "separator before exactly three digits groups thousands; rupiah have no cents)")
    if match.group("cents") and int(match.group("cents")) != 0:
        raise NumberParseError(f"{original!r} has cents ({match.group('mark')}{match.group('cents')}): a rupiah "
                               "amount in these exports is whole, so it cannot be read without guessing")
    number = Decimal(re.sub(r"[.,]", "", match.group("whole")))
    return -number if negative else number


def parse_int(value: object, style: NumberStyle = NumberStyle.INDONESIAN) -> int:
    """Parse a count; a fractional value is an error, not a rounding."""
    number = parse_number(value, style)
    if number != number.to_integral_value():
        raise NumberParseError(f"{value!r} is not a whole number")
    return int(number)


def format_rupiah(amount: int | float | Decimal) -> str:
    """Rp 1.234.567 (Indonesian grouping, no decimals)."""
    return "Rp " + format_int(round(Decimal(amount)))


def format_int(value: int | float | Decimal) -> str:
    return f"{round(Decimal(value)):,}".replace(",", ".")


def round_half_up(value: float | Decimal, digits: int = 0) -> Decimal:
    """``value`` rounded once to ``digits`` decimals, halves away from zero (as statistical tables do):
    52,45 → 52,5, never a binary float's 52,4 nor a banker's even digit. A float is read as it prints
    (``repr``), not as its binary expansion."""
    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def format_percent(value: float | Decimal | None, digits: int = 1) -> str:
    """41,2% (Indonesian decimal comma), rounded half up once from the unrounded value."""
    if value is None:
        return "–"
    return f"{round_half_up(value, digits):f}".replace(".", ",") + "%"
