"""Parse BPJS Ketenagakerjaan coverage and claims exports (CSV or XLSX) into canonical rows.

What the parser copes with: title rows above the header ("REKAP KEPESERTAAN ... BULAN JUNI
2024"), a "No" column, blank spacer rows, column names that vary (matched through synonyms),
Indonesian or English number conventions decided per file from all numeric columns (per
column only when columns disagree; a count of people reads "8,410" as 8410), "-" for zero, region names in
any spelling the region dictionary knows (or BPS/Kemendagri codes), programme bundles
("JKK-JKM"), JUMLAH/TOTAL rows (kept for the reconciliation check, then dropped) and the notes
and signature block under the table (dropped: an official's name and NIP are personal data).

Whole-file problems raise :class:`InputRejected`; a malformed row is returned in ``rejected``
with the column and the reason, and the rest of the file still loads.

Defaults where a column is absent: no "Segmen" → BPU (the segment of vulnerable workers the
province pays for); no "Program" → JKK+JKM (their package); no "Sumber Dana" → APBD Provinsi
only when the title names BKBK or APBD Provinsi, otherwise the file is rejected.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import InputRejected
from extractors.table_layout import Body, split_body, stated_period
from extractors.tabular import Sheet, Table, cell_text, read_table
from transforms.dates import DateParseError, Period, find_period
from transforms.numbers import (
    INT64_MAX,
    NumberParseError,
    NumberStyle,
    decide_conventions,
    parse_count,
    parse_number,
    parse_rupiah,
)
from transforms.programmes import (
    PROGRAMMES,
    UnknownCode,
    resolve_funding_source,
    resolve_programmes,
    resolve_segment,
)
from transforms.regions import (
    CodeSystem,
    CodeSystemConflict,
    UnknownRegion,
    decide_code_system,
    resolve_code_and_name,
    resolve_region,
)

if TYPE_CHECKING:
    import pandas as pd

HEADER_SCAN_ROWS = 30

# Canonical column → header spellings (compared after normalising case and punctuation).
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
MEASURES = ("active_participants", "new_participants", "contributions_idr", "cases", "benefits_paid_idr")
PEOPLE_MEASURES = ("active_participants", "new_participants", "cases")  # whole numbers of people or cases
MONEY_MEASURES = ("contributions_idr", "benefits_paid_idr")  # whole rupiah
_LONG_DIGITS = re.compile(r"\d{15,}")
PROGRAMME_ORDER = [p.code for p in PROGRAMMES]


@dataclass
class RejectedRow:
    row_number: int
    column: str | None
    reason: str
    raw: dict[str, str]


@dataclass
class TotalRow:
    row_number: int
    column: str  # the file's own header of the measure
    stated: Decimal
    computed: Decimal


@dataclass
class ParsedExport:
    file_name: str
    dataset: str
    period: Period
    code_system: str | None
    number_style: str
    frame: pd.DataFrame
    rejected: list[RejectedRow] = field(default_factory=list)
    totals: list[TotalRow] = field(default_factory=list)
    rows_read: int = 0
    # Lines for the batch's record: each sheet read or not, each column not loaded.
    notes: list[str] = field(default_factory=list)


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
    from extractors.limits import column_letter

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


def _sub_header(header: list[object], below: list[object]) -> list[str] | None:
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
_ONLY_IN = {"coverage": ("segment", "funding", "active_participants", "new_participants", "contributions_idr"),
            "claims": ("cases", "benefits_paid_idr")}


def _resembles(columns: dict[str, int]) -> str:
    shared = {kind: sum(c in columns for c in only) for kind, only in _ONLY_IN.items()}
    return "claims" if shared["claims"] > shared["coverage"] else "coverage"


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int], list[str]] | None:
    for position, (_number, cells) in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        columns = match_header(cells)
        has_region = "region_name" in columns or "region_code" in columns
        has_measure = any(m in columns for m in MEASURES)
        if has_region and has_measure:
            return position, columns, [cell_text(c) for c in cells]
    return None


def _title_text(sheet: Sheet, header_position: int) -> str:
    return " ".join(cell_text(c) for _n, cells in sheet.rows[:header_position] for c in cells if cell_text(c))


def _cell(cells: list[object], index: int | None) -> object:
    if index is None or index >= len(cells):
        return None
    return cells[index]


def _raw(headers: list[str], cells: list[object]) -> dict[str, str]:
    raw: dict[str, str] = {}
    for index, header in enumerate(headers):
        value = cell_text(_cell(cells, index))
        if not header and not value:
            continue
        # Never keep anything that could be a NIK or an NIP.
        raw[header or f"column {index + 1}"] = _LONG_DIGITS.sub("<redacted>", value)[:200]
    return raw


def read_export(path: Path, *, expected_period: Period | None = None, file_name: str | None = None) -> ParsedExport:
    """Parse a coverage or claims export; see the module docstring for what is accepted."""
    name = file_name or Path(path).name
    table = read_table(Path(path), name)
    return parse_table(table, expected_period=expected_period)


def parse_table(table: Table, *, expected_period: Period | None = None) -> ParsedExport:
    """Parse every visible sheet of a file; each is read, or the file refused, or (empty, or text
    only) named in the batch's record. Sheets of one month are read together; a file whose sheets
    or tables state different months is refused."""
    name = table.file_name
    sheets: list[tuple[Sheet, _Located]] = []
    notes: list[str] = []
    without_table: list[Sheet] = []
    for sheet in table.sheets:
        located = _find_header(sheet)
        if located is not None:
            sheets.append((sheet, located))
        elif any(cell_text(c) for _n, cells in sheet.rows for c in cells):
            without_table.append(sheet)
        elif table.kind == "xlsx":
            notes.append(f"sheet {sheet.name!r}: empty; nothing to read")
    if not sheets:
        if not without_table:
            raise InputRejected(name, "no data: the file has no cells with content")
        raise InputRejected(name, "no header row found in the first 30 rows: expected a region column "
                                  "(Kabupaten/Kota, Wilayah, Kode Wilayah) and a measure column "
                                  "(Peserta Aktif, Iuran, Jumlah Kasus, ...)")
    for sheet in without_table:
        numbers = _numeric_cells(sheet)
        if numbers:
            raise InputRejected(name, f"sheet {sheet.name!r} holds {len(numbers)} numbers (first at {numbers[0]}) "
                                      "under no header Pantau can read (a region column and a measure column): "
                                      "name its columns, or send it as a file of its own")
        notes.append(f"sheet {sheet.name!r}: text only, no table; not read")
    several = len(sheets) > 1
    parsed = [_parse_sheet(table, sheet, located, several) for sheet, located in sheets]
    periods = {p.period for p in parsed}
    if len(periods) > 1:
        listed = "; ".join(f"sheet {sheet.name!r} is {p.period.label_id()}" for (sheet, _), p in zip(sheets, parsed,
                                                                                                   strict=True))
        raise InputRejected(name, f"the workbook carries several months ({listed}): send one file per month")
    datasets = {p.dataset for p in parsed}
    if len(datasets) > 1:
        listed = "; ".join(f"sheet {sheet.name!r} is a {p.dataset} export" for (sheet, _), p in zip(
            sheets, parsed, strict=True))
        raise InputRejected(name, f"the workbook mixes kinds of export ({listed}): send one kind per file")
    if expected_period is not None and parsed[0].period != expected_period:
        sheet, located = sheets[0]
        _parse_sheet(table, sheet, located, several, expected_period=expected_period)  # says where, and raises
    if several:
        notes[:0] = [f"sheet {sheet.name!r}: read, {p.rows_read} rows" for (sheet, _), p in zip(sheets, parsed,
                                                                                               strict=True)]
    if len(parsed) == 1:
        only = parsed[0]
        only.notes = notes + only.notes
        return only
    import pandas

    first = parsed[0]
    return ParsedExport(
        file_name=name, dataset=first.dataset, period=first.period,
        code_system=next((p.code_system for p in parsed if p.code_system), None),
        number_style="; ".join(dict.fromkeys(p.number_style for p in parsed)),
        frame=pandas.concat([p.frame for p in parsed], ignore_index=True),
        rejected=[r for p in parsed for r in p.rejected], totals=[t for p in parsed for t in p.totals],
        rows_read=sum(p.rows_read for p in parsed), notes=notes + [n for p in parsed for n in p.notes])


_NUMBER_TEXT = re.compile(r"^\s*(rp\.?\s*)?\d[\d.,]*\s*$", re.IGNORECASE)


def _numeric_cells(sheet: Sheet) -> list[str]:
    from extractors.limits import column_letter

    found = []
    for number, cells in sheet.rows:
        for index, cell in enumerate(cells):
            if isinstance(cell, bool):
                continue
            if isinstance(cell, int | float | Decimal) or (isinstance(cell, str) and _NUMBER_TEXT.match(cell)
                                                           and sum(ch.isdigit() for ch in cell) >= 3):
                found.append(f"{column_letter(index + 1)}{number}")
    return found if len(found) >= 2 else []


def _check_merged(name: str, sheet: Sheet, body_from: int, parts: dict[str, list[int]], headers: list[str]) -> None:
    """A merged range over several rows or columns of a measure holds one number for several cells:
    it cannot be read as any one row's, so the file is refused naming the range."""
    measure_columns = {index + 1: measure for measure, indexes in parts.items() for index in indexes}
    for merged in sheet.merged:
        if merged.last_row < body_from or (merged.last_row == merged.first_row and
                                           merged.last_column == merged.first_column):
            continue
        hit = [c for c in range(merged.first_column, merged.last_column + 1) if c in measure_columns]
        if not hit:
            continue
        header = headers[hit[0] - 1] if hit[0] - 1 < len(headers) else measure_columns[hit[0]]
        cells = (merged.last_row - merged.first_row + 1) * (merged.last_column - merged.first_column + 1)
        raise InputRejected(name, f"sheet {sheet.name!r}: the cells {merged} are merged, so one value stands for "
                                  f"{cells} "
                                  f"cells of the column {header!r}: whose is it? Unmerge them and give each row its "
                                  "number", row=merged.first_row, column=header)


_Located = tuple[int, dict[str, int], list[str]]


def _parse_sheet(table: Table, sheet: Sheet, located: _Located, several: bool, *,
                 expected_period: Period | None = None) -> ParsedExport:
    name = table.file_name
    header_position, _columns, headers = located
    header_row = sheet.rows[header_position][0]
    body_start = header_position + 1
    if body_start < len(sheet.rows):
        joined = _sub_header(sheet.rows[header_position][1], sheet.rows[body_start][1])
        if joined is not None:
            headers, body_start = joined, body_start + 1
    header_map = read_header(name, header_row, headers)
    columns, parts = header_map.columns, header_map.parts
    dataset = _resembles(columns)
    missing = [label for column, label in REQUIRED[dataset] if column not in columns]
    if missing:
        found = ", ".join(h for h in headers if h) or "no headers"
        raise InputRejected(name, f"this looks like a {dataset} export, but the column "
                                  f"{' and '.join(repr(m) for m in missing)} is missing from its header "
                                  f"(found: {found})", row=header_row)
    body_first_row = sheet.rows[body_start][0] if body_start < len(sheet.rows) else header_row + 1
    _check_merged(name, sheet, body_first_row, parts, headers)

    title = _title_text(sheet, header_position)
    body = sheet.rows[body_start:]

    body_rows = split_body(name, table.kind, (header_row, list(headers)), body,
                           measure_indexes=[i for m in MEASURES if m in parts for i in parts[m]],
                           region_indexes=[columns[c] for c in ("region_name", "region_code") if c in columns])
    data_rows = body_rows.data

    period = _resolve_period(name, sheet.name if table.kind == "xlsx" else None, title, columns, data_rows,
                             expected_period)
    for row, text, titled in body_rows.titles:
        if titled != period:
            raise InputRejected(name, f"row {row} starts a second table, titled {titled.label_id()} ({text!r}), "
                                      f"inside the table of {period.label_id()}: one month per file", row=row)

    code_system = None
    if "region_code" in columns:  # decided where codes and names agree, never by the look of the codes
        try:
            code_system = decide_code_system([(cell_text(_cell(c, columns["region_code"])),
                                               cell_text(_cell(c, columns.get("region_name")))) for _n, c in data_rows])
        except CodeSystemConflict as exc:
            raise InputRejected(name, str(exc), column=headers[columns["region_code"]]) from None
    # One convention for the file from all numeric columns; per column only when they disagree.
    styles, style_overall = decide_conventions(
        {m: [_cell(c, i) for _n, c in data_rows for i in parts[m]] for m in MEASURES if m in parts})
    convention = _describe_convention(style_overall, headers, columns)

    defaults = _defaults(name, title, columns, dataset, header_row)
    records: list[dict[str, object]] = []
    rejected: list[RejectedRow] = []
    values: list[dict[str, Decimal]] = []  # each data row's numbers, for the total and subtotal checks
    reading = _Reading(name, headers, columns, parts, styles)
    for number, cells in data_rows:
        try:
            record, problem = _parse_row(number, cells, reading, code_system, defaults, dataset, period)
        except _BeyondColumn as exc:
            raise InputRejected(name, str(exc), row=number, column=headers[columns[exc.measure]]) from None
        row_values: dict[str, Decimal] = {}
        for measure in styles:  # totals are checked against every row that holds a number
            with contextlib.suppress(NumberParseError, InputRejected):
                row_values[measure] = reading.value(number, cells, measure)[0]
        values.append(row_values)
        if problem is not None:
            canonical, reason = problem
            header = headers[columns[canonical]] if canonical in columns else canonical
            if several:
                reason = f"sheet {sheet.name!r}: {reason}"
            rejected.append(RejectedRow(number, header, reason, _raw(headers, cells)))
        else:
            records.append(record)

    totals: list[TotalRow] = []
    for number, cells, first, last in body_rows.totals:
        for measure in styles:
            stated_cells = [_cell(cells, i) for i in parts[measure]]
            if not any(cell_text(c) for c in stated_cells):
                continue
            try:
                stated = reading.value(number, cells, measure)[0]
            except NumberParseError:
                shown = " + ".join(cell_text(c) for c in stated_cells)
                raise InputRejected(name, f"the total row holds {shown!r}, not a number",
                                    row=number, column=headers[columns[measure]]) from None
            computed = sum((v.get(measure, Decimal(0)) for v in values[first:last]), Decimal(0))
            totals.append(TotalRow(number, headers[columns[measure]], stated, computed))

    if not data_rows:
        raise InputRejected(name, "no data rows below the header", row=header_row)
    frame = _frame(records, dataset)
    return ParsedExport(file_name=name, dataset=dataset, period=period,
                        code_system=str(code_system) if code_system else None, number_style=convention,
                        frame=frame, rejected=rejected, totals=totals, rows_read=len(data_rows),
                        notes=[f"sheet {sheet.name!r}: {n}" if several else n
                               for n in [*header_map.not_read, *_layout_notes(body_rows)]])


def _layout_notes(body: Body) -> list[str]:
    """The rows of a table that are not data, in the batch's record by number (never their text)."""
    def rows(numbers: list[int]) -> str:
        listed = ", ".join(str(n) for n in numbers[:20]) + (" and more" if len(numbers) > 20 else "")
        return f"{'rows' if len(numbers) > 1 else 'row'} {listed}"

    notes = []
    if body.skipped:
        notes.append(f"{rows(body.skipped)}: no region and no number (a sub-heading, or below the total); "
                     "not loaded")
    if body.totals:
        notes.append(f"{rows([t[0] for t in body.totals])}: totals, checked against the rows they sum; not loaded")
    if body.notes_from is not None:
        notes.append(f"rows from {body.notes_from} on: notes and signature block under the table; not read")
    return notes


@dataclass
class _Reading:
    """How a sheet's measures are read: the columns each sums and the number convention of each."""

    name: str
    headers: list[str]
    columns: dict[str, int]
    parts: dict[str, list[int]]
    styles: dict[str, NumberStyle]

    def value(self, number: int, cells: list[object], measure: str) -> tuple[Decimal, str]:
        """A measure's value in a row (the sum of its parts) and its text as written. A money amount
        that cannot be read without guessing refuses the file, naming the cell."""
        total = Decimal(0)
        texts = []
        for index in self.parts[measure]:
            value = _cell(cells, index)
            texts.append(cell_text(value))
            if measure in MONEY_MEASURES:
                try:
                    total += parse_rupiah(value)
                except NumberParseError as exc:
                    raise InputRejected(self.name, str(exc), row=number, column=self.headers[index]) from None
            else:
                total += _parse_measure(measure, value, self.styles[measure])
        return total, " + ".join(t for t in texts if t) if len(texts) > 1 else texts[0]


class _BeyondColumn(ValueError):
    """A number larger than the warehouse's whole-number columns (64 bits) hold."""

    def __init__(self, measure: str, text: str) -> None:
        self.measure = measure
        super().__init__(f"{text} is beyond the largest whole number the warehouse holds ({INT64_MAX:,})")


def _frame(records: list[dict[str, object]], dataset: str) -> pd.DataFrame:
    import pandas

    if dataset == "coverage":
        columns = ["source_row", "period_key", "region_code", "segment_code", "programme_set", "funding_source_code",
                   "active_participants", "new_participants", "contributions_idr"]
    else:
        columns = ["source_row", "period_key", "region_code", "programme_set", "cases", "benefits_paid_idr"]
    frame = pandas.DataFrame.from_records(records, columns=columns)
    for column in ("source_row", "period_key", "active_participants", "contributions_idr", "cases",
                   "benefits_paid_idr"):
        if column in frame:
            frame[column] = frame[column].astype("int64")
    if "new_participants" in frame:
        frame["new_participants"] = frame["new_participants"].astype("Int64")
    for column in ("region_code", "segment_code", "programme_set", "funding_source_code"):
        if column in frame:
            frame[column] = frame[column].astype(object)
    return frame


def _resolve_period(name: str, sheet_name: str | None, title: str, columns: dict[str, int],
                    data_rows: list[tuple[int, list[object]]], expected: Period | None) -> Period:
    column: list[tuple[str, Period]] = []
    if "period" in columns:
        periods = set()
        for number, cells in data_rows:
            value = _cell(cells, columns["period"])
            text = cell_text(value)
            if not text:
                continue
            try:
                period = Period(value.year, value.month) if isinstance(value, date) else find_period(text)
            except DateParseError as exc:
                raise InputRejected(name, str(exc), row=number, column="Periode") from None
            if period is None:
                raise InputRejected(name, f"{text!r} is not a period", row=number, column="Periode")
            periods.add(period)
        if len(periods) > 1:
            listed = ", ".join(str(p) for p in sorted(periods))
            raise InputRejected(name, f"the file holds several periods ({listed}): send one file per month")
        column = [("the period column", p) for p in periods]
    return stated_period(name, [("the title", title), ("the sheet name", sheet_name),
                                ("the file name", Path(name).stem)], expected, stated=column)


def _defaults(name: str, title: str, columns: dict[str, int], dataset: str, header_row: int) -> dict[str, str]:
    defaults: dict[str, str] = {}
    if dataset != "coverage":
        if "programme" not in columns:
            raise InputRejected(name, "required column 'Program' is missing (claims export)", row=header_row)
        return defaults
    if "segment" not in columns:
        defaults["segment"] = "BPU"
    if "programme" not in columns:
        defaults["programme"] = "JKK+JKM"
    if "funding" not in columns:
        if re.search(r"\bbkbk\b|apbd\s+prov", title, re.IGNORECASE):
            defaults["funding"] = "APBD_PROV"
        else:
            raise InputRejected(name, "required column 'Sumber Dana' (funding source) is missing", row=header_row)
    return defaults


def _parse_measure(measure: str, value: object, style: NumberStyle) -> Decimal:
    return parse_count(value, style) if measure in PEOPLE_MEASURES else parse_number(value, style)


def _describe_convention(description: str, headers: list[str], columns: dict[str, int]) -> str:
    """The batch record's wording: canonical column names replaced by the file's headers."""
    for measure, index in columns.items():
        if measure in MEASURES and index < len(headers) and headers[index]:
            description = description.replace(f"{measure} ", f"{headers[index]} ")
    return description


def _programme_set(text: str) -> str:
    codes = {p.code for p in resolve_programmes(text)}
    return "+".join(code for code in PROGRAMME_ORDER if code in codes)


def _parse_row(number: int, cells: list[object], reading: _Reading,
               code_system: CodeSystem | None, defaults: dict[str, str], dataset: str,
               period: Period) -> tuple[dict[str, object], tuple[str | None, str] | None]:
    columns, styles = reading.columns, reading.styles
    record: dict[str, object] = {"source_row": number, "period_key": period.key}
    # Region: a code is read with its name (they must agree in the file's code system).
    code_text = cell_text(_cell(cells, columns.get("region_code")))
    name_text = cell_text(_cell(cells, columns.get("region_name")))
    try:
        if code_text and name_text:
            region = resolve_code_and_name(code_text, name_text, code_system)
        elif code_text:
            region = resolve_region(code_text, code_system=code_system)
        elif name_text:
            region = resolve_region(name_text)
        else:
            return record, ("region_name" if "region_name" in columns else "region_code", "the region is blank")
    except UnknownRegion as exc:
        column = "region_code" if "region_code" in columns and cell_text(_cell(cells, columns["region_code"])) \
            else "region_name"
        return record, (column, str(exc))
    if region.kind == "province":
        return record, (None, "a province row inside the table (only regencies/cities are data rows)")
    record["region_code"] = region.kemendagri_code
    try:
        if dataset == "coverage":
            segment = cell_text(_cell(cells, columns.get("segment"))) or defaults.get("segment", "")
            record["segment_code"] = resolve_segment(segment).code
            funding = cell_text(_cell(cells, columns.get("funding"))) or defaults.get("funding", "")
            record["funding_source_code"] = resolve_funding_source(funding).code
        programme = cell_text(_cell(cells, columns.get("programme"))) or defaults.get("programme", "")
        record["programme_set"] = _programme_set(programme)
    except UnknownCode as exc:
        what = str(exc).removeprefix("unknown ")
        column = "funding" if what.startswith("funding") else what.split()[0]
        return record, (column, str(exc))
    for measure in styles:
        if measure == "new_participants" and not any(cell_text(_cell(cells, i)) for i in reading.parts[measure]):
            record[measure] = None
            continue
        try:
            number_value, text = reading.value(number, cells, measure)
        except NumberParseError as exc:
            return record, (measure, str(exc))
        if number_value < 0:
            return record, (measure, f"negative value {text}")
        if measure in PEOPLE_MEASURES and \
                number_value != number_value.to_integral_value():
            return record, (measure, f"{text!r} is not a whole number of people")
        whole = int(number_value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if whole > INT64_MAX:
            raise _BeyondColumn(measure, text)
        record[measure] = whole
    return record, None
