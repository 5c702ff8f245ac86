"""Districts (kecamatan) of the configured government, read from its districts file under reference/.

For a province, a modest list of unambiguous district names for finding regions in news text, each
under its regency's Kemendagri code: a district mention counts for its regency. For a regency or
city, its districts with their codes: they are the government's regions (transforms/regions.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from core.errors import InputRejected
from core.government import current
from core.settings import PROJECT_ROOT

REFERENCE_DIR = PROJECT_ROOT / "reference"

@dataclass(frozen=True)
class District:
    name: str
    regency_code: str  # Kemendagri code of its regency or city
    kemendagri_code: str | None = None  # given where the districts are a government's own regions
    bps_code: str | None = None


def read_districts(path: Path) -> tuple[District, ...]:
    """A districts file: under each regency's code, names, or rows with the district's codes."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    districts: list[District] = []
    for regency_code, entries in (data.get("regencies") or {}).items():
        for index, entry in enumerate(entries or (), start=1):
            if isinstance(entry, str):
                districts.append(District(entry, str(regency_code)))
            elif isinstance(entry, dict) and entry.get("name"):
                districts.append(District(str(entry["name"]), str(regency_code),
                                          entry.get("kemendagri") and str(entry["kemendagri"]),
                                          entry.get("bps") and str(entry["bps"])))
            else:
                raise InputRejected(path.name, f"district {index} of {regency_code} has no name",
                                    row=index, column=str(regency_code))
    return tuple(districts)


@cache
def government_districts() -> tuple[District, ...]:
    """The districts the configured government's file lists (none when it names no file)."""
    government = current()
    if not government.districts_file:
        return ()
    return read_districts(REFERENCE_DIR / government.districts_file)


# Districts found in news text count for their regency; districts that are regions themselves (a
# regency's government, whose regions are its districts) are found as regions instead.
DISTRICTS: dict[str, tuple[str, ...]] = {}
for _district in government_districts():
    if _district.kemendagri_code is None:
        DISTRICTS.setdefault(_district.regency_code, ())
        DISTRICTS[_district.regency_code] += (_district.name,)


@dataclass(frozen=True)
class DistrictMention:
    code: str  # the regency's Kemendagri code
    name: str
    matched: str
    start: int
    end: int


_PATTERNS = sorted(((name, code) for code, names in DISTRICTS.items() for name in names), key=lambda p: -len(p[0]))


def _pattern(name: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in name.split())
    return re.compile(r"(?<![\w-])(?:Kecamatan\s+|Kec\.\s*)?" + words + r"(?![\w-])", re.IGNORECASE)


_COMPILED = [(_pattern(n), n, c) for n, c in _PATTERNS]


def find_districts(text: str) -> list[DistrictMention]:
    found: list[DistrictMention] = []
    taken: list[tuple[int, int]] = []
    for pattern, name, code in _COMPILED:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(DistrictMention(code, name, match.group(), match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)
