"""Well-known districts (kecamatan) of Jambi's regencies, for finding regions in news text.

A modest list of unambiguous names (common words and names shared by many places are left
out), each mapped to its regency's Kemendagri code. District codes differ between the
Kemendagri and BPS schemes and are not converted here: a district mention counts for its
regency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DISTRICTS: dict[str, tuple[str, ...]] = {
    "15.01": ("Gunung Kerinci", "Kayu Aro", "Sitinjau Laut", "Danau Kerinci", "Air Hangat"),
    "15.02": ("Bangko", "Sungai Manau", "Pamenang"),
    "15.03": ("Mandiangin", "Pelawan", "Singkut"),
    "15.04": ("Muara Tembesi", "Muara Bulian", "Pemayung", "Mersam", "Bajubang", "Maro Sebo Ulu"),
    "15.05": ("Sungai Bahar", "Sekernan", "Jambi Luar Kota", "Kumpeh Ulu", "Kumpeh", "Mestong", "Sungai Gelam",
              "Taman Rajo"),
    "15.06": ("Tungkal Ilir", "Betara", "Pengabuan", "Merlung"),
    "15.07": ("Muara Sabak Timur", "Muara Sabak Barat", "Mendahara Ulu", "Mendahara", "Nipah Panjang",
              "Rantau Rasau", "Geragai", "Kuala Jambi", "Berbak", "Dendang", "Sadu"),
    "15.08": ("Rimbo Tengah", "Pelepat", "Tanah Tumbuh", "Jujuhan"),
    "15.09": ("Rimbo Bujang", "Tebo Tengah", "Tebo Ilir", "Tebo Ulu"),
    "15.71": ("Telanaipura", "Jambi Selatan", "Jelutung", "Danau Teluk"),
    "15.72": ("Pesisir Bukit", "Hamparan Rawang", "Kumun Debai"),
}


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
