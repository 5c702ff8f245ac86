"""An export's header read by meaning: each column's full name and unit mapped to one measure.

Registered, new, active and exited participants are different measures; a split of one measure
(by sex, by age band) is summed only when its parts are complete; two columns that would give one
measure are refused naming both. :mod:`extractors.coverage` reads the rows under the header found.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from core.errors import InputRejected
from extractors.limits import column_letter
from extractors.tabular import cell_text

MEASURES = ("active_participants", "new_participants", "contributions_idr", "cases", "benefits_paid_idr")
PEOPLE_MEASURES = ("active_participants", "new_participants", "cases")  # whole numbers of people or cases
MONEY_MEASURES = ("contributions_idr", "benefits_paid_idr")  # whole rupiah
SYNONYMS: dict[str, tuple[str, ...]] = {
    "region_name": ("kabupaten kota", "kab kota", "kota kabupaten", "wilayah", "kabupaten", "nama kabupaten kota",
                    "nama wilayah", "daerah", "nama kab kota", "region"),
    "region_code": ("kode wilayah", "kode kab kota", "kode kabupaten kota", "kode kabupaten", "kode daerah",
                    "kode bps", "kode kemendagri"),
    "segment": ("segmen", "segmen peserta", "kategori peserta", "segment"),
    "programme": ("program", "program jaminan", "jenis program", "programme"),
    "funding": ("sumber dana", "sumber pendanaan", "pembiayaan", "sumber anggaran"),
    "active_participants": ("peserta aktif", "jumlah peserta", "tenaga kerja aktif", "tk aktif", "jumlah tk aktif",
                            "jumlah peserta aktif", "jml peserta aktif", "jumlah peserta bpjs ketenagakerjaan"),
    "new_participants": ("peserta baru", "tk baru", "jumlah peserta baru", "penambahan peserta"),
    "contributions_idr": ("iuran", "nominal iuran", "nominal iuran rp", "iuran rp", "jumlah iuran", "total iuran",
                          "iuran dibayar", "nilai iuran"),
    "cases": ("jumlah kasus", "kasus", "jumlah klaim", "klaim kasus", "jumlah kasus klaim"),
    "benefits_paid_idr": ("nominal klaim", "nominal manfaat", "manfaat dibayar", "jumlah manfaat", "nilai klaim",
                          "nominal klaim rp", "manfaat rp", "klaim dibayar"),
    "period": ("periode", "bulan", "bulan tahun", "periode laporan"),
    "row_no": ("no", "nomor", "no urut"),
}


def normalise_header(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text.lower())).strip()


_HEADER_INDEX = {normalise_header(s): canonical for canonical, spellings in SYNONYMS.items() for s in spellings}

# Measures an export may carry that the warehouse does not hold: recognised, so that they are never
# read as another measure, and named in the batch's record as not loaded.
OTHER_MEASURES: dict[str, tuple[str, ...]] = {
    "registered participants": ("peserta terdaftar", "jumlah peserta terdaftar", "tk terdaftar", "terdaftar",
                                "jumlah terdaftar", "total peserta terdaftar", "jumlah tk terdaftar"),
    "exited participants": ("peserta keluar", "jumlah peserta keluar", "tk keluar", "peserta berhenti",
                            "peserta non aktif", "peserta nonaktif", "peserta tidak aktif", "jumlah peserta non aktif",
                            "jumlah peserta nonaktif", "tk non aktif"),
}
_OTHER_INDEX = {normalise_header(s): label for label, spellings in OTHER_MEASURES.items() for s in spellings}
# Units a header may name; a measure is read only under a unit of its kind.
_PEOPLE_UNITS = ("orang", "jiwa", "org", "tk")
_MONEY_UNITS = ("rp", "rupiah", "idr")
_CASE_UNITS = ("kasus",)
_MEASURE_UNITS = {"active_participants": _PEOPLE_UNITS, "new_participants": _PEOPLE_UNITS,
                  "contributions_idr": _MONEY_UNITS, "benefits_paid_idr": _MONEY_UNITS, "cases": _CASE_UNITS}
# A measure split into parts that add up to it: each part's label, and the parts a complete split has.
SEX_PARTS: dict[str, tuple[str, ...]] = {
    "Laki-laki": ("laki laki", "laki", "lk", "l", "pria"),
    "Perempuan": ("perempuan", "pr", "p", "wanita"),
}
_SEX_INDEX = {spelling: part for part, spellings in SEX_PARTS.items() for spelling in spellings}
_AGE_BAND = re.compile(r"^(?:usia|umur)?\s*(?:(?P<below><|kurang dari|di bawah|dibawah|≤|<=)\s*(?P<upper>\d{1,3})"
                       r"|(?P<low>\d{1,3})\s*(?:-|–|s/?d|sampai)\s*(?P<high>\d{1,3})"
                       r"|(?P<above>>|lebih dari|di atas|diatas|≥|>=)\s*(?P<lower>\d{1,3})"
                       r"|(?P<from>\d{1,3})\s*(?:\+|tahun ke atas|th ke atas|thn ke atas|ke atas))"
                       r"\s*(?:tahun|thn|th)?$", re.IGNORECASE)


@dataclass(frozen=True)
class HeaderColumn:
    """What one column of a header holds: a canonical column, perhaps one part of a split measure."""

    index: int
    header: str
    canonical: str | None  # None: a column Pantau does not read
    part: str | None = None  # "Laki-laki", "Perempuan", an age band "15-24"
    other: str | None = None  # a measure the warehouse does not hold ("registered participants")


def _strip_unit(key: str, units: tuple[str, ...]) -> str:
    for unit in units:
        if key.endswith(" " + unit):
            return key[: -len(unit) - 1]
    return key


# Words after a people measure that say it is the whole, not a part: "Peserta Aktif (L+P)", "... Total".
_WHOLE_MARKERS = (" l p", " lp", " total", " jumlah", " l dan p")


def _canonical(key: str) -> tuple[str | None, str | None]:
    """A normalised header read as a whole: (canonical column, other measure), either may be None."""
    for marker in _WHOLE_MARKERS:
        unitless = _strip_unit(key, _PEOPLE_UNITS)
        if unitless.endswith(marker) and _HEADER_INDEX.get(unitless[: -len(marker)]) in PEOPLE_MEASURES:
            return _HEADER_INDEX[unitless[: -len(marker)]], None
    if key in _HEADER_INDEX:
        return _HEADER_INDEX[key], None
    if key in _OTHER_INDEX:
        return None, _OTHER_INDEX[key]
    for measure, units in _MEASURE_UNITS.items():  # "Peserta Aktif (orang)", "Iuran (Rp)"
        base = _strip_unit(key, units)
        if base != key and _HEADER_INDEX.get(base) == measure:
            return measure, None
        if base != key and base in _OTHER_INDEX:
            return None, _OTHER_INDEX[base]
    return None, None


def _age_label(text: str) -> str | None:
    match = _AGE_BAND.match(text.strip().lower().replace("thn.", "thn").strip("() "))
    if match is None:
        return None
    if match.group("below"):
        return f"<{match.group('upper')}"
    if match.group("low"):
        return f"{match.group('low')}-{match.group('high')}"
    return f">={int(match.group('lower')) + 1}" if match.group("above") else f">={match.group('from')}"


def read_column(index: int, header: str) -> HeaderColumn:
    """One header read as a whole, with its unit and, for a people count, a split by sex or age."""
    key = normalise_header(header)
    canonical, other = _canonical(key)
    if canonical or other or not key:
        return HeaderColumn(index, header, canonical, other=other)
    # A part of a split: the header is a people measure followed by a sex or an age band.
    unitless = _strip_unit(key, _PEOPLE_UNITS)
    for spelling, part in sorted(_SEX_INDEX.items(), key=lambda item: -len(item[0])):
        if unitless.endswith(" " + spelling):
            base, _ = _canonical(unitless[: -len(spelling) - 1])
            if base in PEOPLE_MEASURES:
                return HeaderColumn(index, header, base, part=part)
    raw = header.replace("\n", " ")
    for cut in re.finditer(r"\s+", raw):
        base, _ = _canonical(normalise_header(raw[: cut.start()]))
        age = _age_label(raw[cut.end():])
        if base in PEOPLE_MEASURES and age:
            return HeaderColumn(index, header, base, part=age)
    return HeaderColumn(index, header, None)


def match_header(cells: list[object]) -> dict[str, int]:
    """Canonical column → index (the first column that holds it), for a candidate header row."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        column = read_column(index, cell_text(cell))
        if column.canonical and column.canonical not in found:
            found[column.canonical] = index
    return found


@dataclass
class HeaderMap:
    """A header read as a whole: each canonical column's index, the columns each measure sums, and a
    line for every column that is not read."""

    columns: dict[str, int]
    parts: dict[str, list[int]]
    not_read: list[str]


def _letter(index: int) -> str:
    return column_letter(index + 1)


def _complete_ages(bands: list[str]) -> bool:
    """Age bands that cover every age once: from an open lower band to an open upper one, contiguous."""
    spans: list[tuple[int, int]] = []
    for band in bands:
        if band.startswith("<"):
            spans.append((0, int(band[1:]) - 1))
        elif band.startswith(">="):
            spans.append((int(band[2:]), 999))
        else:
            low, high = band.split("-")
            spans.append((int(low), int(high)))
    spans.sort()
    if not spans or spans[0][0] != 0 or spans[-1][1] != 999:
        return False
    return all(later[0] == earlier[1] + 1 for earlier, later in itertools.pairwise(spans))


def read_header(name: str, header_row: int, headers: list[str]) -> HeaderMap:
    """Map a header row by meaning. Refused, naming the columns: two columns that would give one
    measure, and a split (by sex or age) whose parts are incomplete."""
    read = [read_column(i, h) for i, h in enumerate(headers)]
    columns: dict[str, int] = {}
    parts: dict[str, list[HeaderColumn]] = {}
    whole: dict[str, HeaderColumn] = {}
    not_read: list[str] = []
    for column in read:
        if not column.header:
            continue
        if column.canonical is None:
            what = f"a measure the warehouse does not hold ({column.other})" if column.other else \
                "not a column Pantau reads"
            not_read.append(f"column {_letter(column.index)} {column.header!r}: {what}; not loaded")
            continue
        if column.part is not None:
            parts.setdefault(column.canonical, []).append(column)
            continue
        if column.canonical in whole:
            first = whole[column.canonical]
            if normalise_header(first.header) == normalise_header(column.header):
                raise InputRejected(name, f"the header {column.header!r} appears twice (columns "
                                          f"{_letter(first.index)} and {_letter(column.index)})", row=header_row)
            if column.canonical != "row_no":
                raise InputRejected(name, f"columns {_letter(first.index)} {first.header!r} and "
                                          f"{_letter(column.index)} {column.header!r} both hold "
                                          f"{column.canonical.replace('_', ' ')}: which one is meant? Keep one",
                                    row=header_row)
            continue
        whole[column.canonical] = column
    for canonical, found in parts.items():
        labels = [c.part or "" for c in found]
        named = ", ".join(f"{_letter(c.index)} {c.header!r}" for c in found)
        if len(set(labels)) != len(labels):
            raise InputRejected(name, f"the columns {named} hold the same part of {canonical.replace('_', ' ')} "
                                      "twice", row=header_row)
        by_sex = all(label in SEX_PARTS for label in labels)
        complete = set(labels) == set(SEX_PARTS) if by_sex else (
            not any(label in SEX_PARTS for label in labels) and _complete_ages(labels))
        if canonical in whole:
            not_read.append(f"columns {named}: parts of {whole[canonical].header!r}, which is read whole; "
                            "not loaded")
            continue
        if not complete:
            missing = ", ".join(sorted(set(SEX_PARTS) - set(labels))) if by_sex else "the bands that cover every age"
            raise InputRejected(name, f"{canonical.replace('_', ' ')} is split into {named}, but the split is "
                                      f"incomplete (no column for {missing}): its total cannot be read",
                                row=header_row)
        columns[canonical] = found[0].index
        not_read.extend([])
    for canonical, column in whole.items():
        columns[canonical] = column.index
    measure_parts = {m: ([whole[m].index] if m in whole else [c.index for c in parts[m]])
                     for m in MEASURES if m in columns}
    return HeaderMap(columns=columns, parts=measure_parts, not_read=not_read)


_SUB_HEADER = re.compile(r"^(l|p|lk|pr|laki laki|laki|perempuan|pria|wanita|jumlah|total)$")


def sub_header(header: list[object], below: list[object]) -> list[str] | None:
    """The header joined with the row below it when that row labels parts of a column above it
    ("Peserta Aktif" over "L" and "P"); None when the row below is not such a row."""
    texts = [cell_text(c) for c in header]
    subs = [cell_text(c) for c in below]
    labelled = False
    for index, sub in enumerate(subs):
        if not sub or (index < len(texts) and sub == texts[index]):
            continue
        if isinstance(below[index], int | float) or not (_SUB_HEADER.match(normalise_header(sub)) or
                                                           _age_label(sub)):
            return None
        labelled = True
    if not labelled:
        return None
    joined: list[str] = []
    above = ""
    for index in range(max(len(texts), len(subs))):
        text = texts[index] if index < len(texts) else ""
        sub = subs[index] if index < len(subs) else ""
        above = text or (above if sub else "")
        joined.append(f"{above} {sub}".strip() if sub and sub != text else text)
    return joined


# The measures each kind of export must carry, with the header a person would look for.
REQUIRED: dict[str, tuple[tuple[str, str], ...]] = {
    "coverage": (("active_participants", "Peserta Aktif"), ("contributions_idr", "Iuran")),
    "claims": (("cases", "Jumlah Kasus"), ("benefits_paid_idr", "Nominal Klaim/Manfaat")),
}
# Columns only one kind of export has: the kind a header resembles most is the one it shares most with.
