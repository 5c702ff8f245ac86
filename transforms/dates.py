"""Indonesian (and printout-English) month names, reporting periods and dates.

A reporting period is a calendar month. Sources write it as "Juni 2024", "JUNI 2024",
"06/2024", "2024-06", "Jun-24"; dates come as "22-SEP-2023", "10/6/2024" (day first),
"Senin (10/6/2024)", "Selasa, 11 Juni 2024 09:14 WIB" or ISO 8601.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

JAKARTA = timezone(timedelta(hours=7), "WIB")

MONTHS_ID = (
    "januari", "februari", "maret", "april", "mei", "juni",
    "juli", "agustus", "september", "oktober", "november", "desember",
)
MONTH_NAMES_ID = tuple(m.capitalize() for m in MONTHS_ID)

_MONTH_ALIASES: dict[str, int] = {}
for _i, _name in enumerate(MONTHS_ID, start=1):
    _MONTH_ALIASES[_name] = _i
    _MONTH_ALIASES[_name[:3]] = _i
_MONTH_ALIASES.update({
    "pebruari": 2, "nopember": 11, "agt": 8, "ags": 8, "agus": 8, "sept": 9, "okt": 10, "des": 12,
    # English printouts ("22-SEP-2023")
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "december": 12, "aug": 8, "oct": 10, "dec": 12,
})
MONTH_PATTERN = "|".join(sorted(_MONTH_ALIASES, key=len, reverse=True))
_DAYS_ID = "senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad"


class DateParseError(ValueError):
    """A value that is not a recognisable date or period."""


def month_number(name: str) -> int:
    try:
        return _MONTH_ALIASES[name.strip().lower().rstrip(".")]
    except KeyError:
        raise DateParseError(f"{name!r} is not a month name") from None


@dataclass(frozen=True, order=True)
class Period:
    """A reporting month."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1990 <= self.year <= 2100:
            raise DateParseError(f"{self.year}-{self.month:02d} is not a valid period")

    @property
    def key(self) -> int:
        """YYYYMM, the period dimension's key."""
        return self.year * 100 + self.month

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def previous(self) -> Period:
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def next(self) -> Period:
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    def label_id(self) -> str:
        return f"{MONTH_NAMES_ID[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse a period written on its own ("2024-06", "Juni 2024", "06/2024", "Jun-24")."""
        found = find_period(str(text), whole=True)
        if found is None:
            raise DateParseError(f"{text!r} is not a period (expected e.g. 2024-06 or 'Juni 2024')")
        return found

    @classmethod
    def from_key(cls, key: int) -> Period:
        return cls(key // 100, key % 100)


# The months the warehouse's period dimension holds (migration 0002 seeds 2015-01 to 2035-12):
# a file stating a month outside them is refused, never loaded against a missing period.
FIRST_REPORTING_YEAR, LAST_REPORTING_YEAR = 2015, 2035


def check_reporting_period(period: Period) -> Period:
    """``period`` if the warehouse holds it; else DateParseError saying the range."""
    if not FIRST_REPORTING_YEAR <= period.year <= LAST_REPORTING_YEAR:
        raise DateParseError(f"{period.label_id()} is outside the reporting periods the warehouse holds "
                             f"(Januari {FIRST_REPORTING_YEAR} to Desember {LAST_REPORTING_YEAR})")
    return period


def agreed_period(stated: list[tuple[str, Period]]) -> tuple[Period, str] | None:
    """The one month that every place stating it (title, file name, sheet, a column) agrees on,
    with where it was first stated; None when nothing states one. Two places that disagree are
    refused naming both (a file named for June whose title says May is neither month)."""
    if not stated:
        return None
    first_where, first = stated[0]
    for where, period in stated[1:]:
        if period != first:
            raise DateParseError(f"{first_where} says {first.label_id()} but {where} says {period.label_id()}: "
                                 "which month is it? Correct one of them")
    return first, first_where


def _year(text: str) -> int:
    y = int(text)
    return 2000 + y if y < 100 else y


_PERIOD_PATTERNS = (
    re.compile(rf"\b(?P<month>{MONTH_PATTERN})\.?[\s\-/]+(?P<year>(19|20)\d\d|\d\d)\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(19|20)\d\d)[\-/](?P<mnum>0?[1-9]|1[0-2])\b"),
    re.compile(r"\b(?P<mnum>0?[1-9]|1[0-2])[\-/](?P<year>(19|20)\d\d)\b"),
)


def find_period(text: str, *, whole: bool = False) -> Period | None:
    """The first reporting period written in ``text`` (a title row, a sheet or file name)."""
    s = str(text).strip()
    for pattern in _PERIOD_PATTERNS:
        m = pattern.fullmatch(s) if whole else pattern.search(s)
        if m:
            month = month_number(m.group("month")) if "month" in m.groupdict() and m.group("month") \
                else int(m.group("mnum"))
            return Period(_year(m.group("year")), month)
    return None


_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"), "ymd"),
    (re.compile(rf"(?P<d>\d{{1,2}})[\s\-](?P<mon>{MONTH_PATTERN})\.?[\s\-,]+(?P<y>\d{{4}}|\d{{2}})\b",
                re.IGNORECASE), "dmony"),
    (re.compile(r"(?P<d>\d{1,2})[/\-.](?P<m>\d{1,2})[/\-.](?P<y>\d{4}|\d{2})\b"), "dmy"),
)
_TIME_RE = re.compile(r"\b(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*(?P<tz>WIB|WITA|WIT)?\b")
_TZ = {"WIB": 7, "WITA": 8, "WIT": 9}


def parse_date(value: object) -> date:
    """A calendar date from a cell or text; day first for slashed dates (Indonesian usage)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    for pattern, kind in _DATE_PATTERNS:
        m = pattern.search(s)
        if not m:
            continue
        try:
            if kind == "ymd":
                return date(int(m["y"]), int(m["m"]), int(m["d"]))
            if kind == "dmony":
                return date(_year(m["y"]), month_number(m["mon"]), int(m["d"]))
            return date(_year(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError as exc:
            raise DateParseError(f"{s!r} is not a valid date: {exc}") from None
    raise DateParseError(f"{s!r} is not a date")


def parse_datetime_id(text: str) -> datetime:
    """Parse Indonesian date-time text ("Selasa, 11 Juni 2024 09:14 WIB") as an aware datetime.

    ISO 8601 strings are accepted too. Without a zone, Asia/Jakarta (WIB) is assumed.
    """
    s = re.sub(rf"^\s*({_DAYS_ID})\s*,?\s*", "", str(text).strip(), flags=re.IGNORECASE)
    # Year first with slashes ("2024/09/02 14:30:00", a common meta format) is unambiguous: ISO it.
    s = re.sub(r"^(\d{4})/(\d{1,2})/(\d{1,2})\b", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", s)
    try:
        iso = datetime.fromisoformat(s.replace("Z", "+00:00"))
        return iso if iso.tzinfo else iso.replace(tzinfo=JAKARTA)
    except ValueError:
        pass
    day = parse_date(s)
    hour = minute = second = 0
    offset = 7
    t = _TIME_RE.search(s[s.find(str(day.year)) + 4:] if str(day.year) in s else s)
    if t:
        hour, minute, second = int(t["h"]), int(t["mi"]), int(t["s"] or 0)
        offset = _TZ.get((t["tz"] or "WIB").upper(), 7)
    tz = JAKARTA if offset == 7 else timezone(timedelta(hours=offset))
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
