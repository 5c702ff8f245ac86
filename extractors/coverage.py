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
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import InputRejected
from extractors.table_layout import split_body, stated_period
from extractors.tabular import Sheet, Table, cell_text, read_table
from transforms.dates import DateParseError, Period, find_period
from transforms.numbers import (
    INT64_MAX,
    NumberParseError,
    NumberStyle,
    decide_conventions,
    parse_count,
    parse_number,
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


def normalise_header(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text.lower())).strip()


_HEADER_INDEX = {normalise_header(s): canonical for canonical, spellings in SYNONYMS.items() for s in spellings}


def match_header(cells: list[object]) -> dict[str, int]:
    """Canonical column → index, for a candidate header row."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = normalise_header(cell_text(cell))
        canonical = _HEADER_INDEX.get(key)
        if canonical is None and key:
            # "Jumlah Peserta (orang)", "Iuran (Rp)": match on the leading words.
            for spelling, name in _HEADER_INDEX.items():
                if key.startswith(spelling + " ") and len(spelling) > 4:
                    canonical = name
                    break
        if canonical and canonical not in found:
            found[canonical] = index
    return found


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


def _duplicate_headers(headers: list[str]) -> str | None:
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if key and _HEADER_INDEX.get(key) and key in seen:
            return header
        if key:
            seen[key] = index
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
    name = table.file_name
    located = None
    sheet = None
    for candidate in table.sheets:
        located = _find_header(candidate)
        if located:
            sheet = candidate
            break
    if sheet is None or located is None:
        if not any(cell_text(c) for s in table.sheets for _n, cells in s.rows for c in cells):
            raise InputRejected(name, "no data: the file has no cells with content")
        raise InputRejected(name, "no header row found in the first 30 rows: expected a region column "
                                  "(Kabupaten/Kota, Wilayah, Kode Wilayah) and a measure column "
                                  "(Peserta Aktif, Iuran, Jumlah Kasus, ...)")
    header_position, columns, headers = located
    header_row = sheet.rows[header_position][0]
    duplicate = _duplicate_headers(headers)
    if duplicate:
        raise InputRejected(name, f"the header {duplicate!r} appears twice", row=header_row)
    dataset = _resembles(columns)
    missing = [label for column, label in REQUIRED[dataset] if column not in columns]
    if missing:
        found = ", ".join(h for h in headers if h) or "no headers"
        raise InputRejected(name, f"this looks like a {dataset} export, but the column "
                                  f"{' and '.join(repr(m) for m in missing)} is missing from its header "
                                  f"(found: {found})", row=header_row)

    title = _title_text(sheet, header_position)
    body = sheet.rows[header_position + 1:]

    body_rows = split_body(name, table.kind, sheet.rows[header_position], body,
                           measure_indexes=[columns[m] for m in MEASURES if m in columns],
                           region_indexes=[columns[c] for c in ("region_name", "region_code") if c in columns])
    data_rows = body_rows.data

    period = _resolve_period(name, sheet.name if table.kind == "xlsx" else None, title, columns, data_rows,
                             expected_period)

    code_system = None
    if "region_code" in columns:  # decided where codes and names agree, never by the look of the codes
        try:
            code_system = decide_code_system([(cell_text(_cell(c, columns["region_code"])),
                                               cell_text(_cell(c, columns.get("region_name")))) for _n, c in data_rows])
        except CodeSystemConflict as exc:
            raise InputRejected(name, str(exc), column=headers[columns["region_code"]]) from None
    # One convention for the file from all numeric columns; per column only when they disagree.
    styles, style_overall = decide_conventions(
        {m: [_cell(c, columns[m]) for _n, c in data_rows] for m in MEASURES if m in columns})
    convention = _describe_convention(style_overall, headers, columns)

    defaults = _defaults(name, title, columns, dataset, header_row)
    records: list[dict[str, object]] = []
    rejected: list[RejectedRow] = []
    values: list[dict[str, Decimal]] = []  # each data row's numbers, for the total and subtotal checks
    for number, cells in data_rows:
        try:
            record, problem = _parse_row(number, cells, columns, styles, code_system, defaults, dataset, period)
        except _BeyondColumn as exc:
            raise InputRejected(name, str(exc), row=number, column=headers[columns[exc.measure]]) from None
        row_values: dict[str, Decimal] = {}
        for measure in styles:  # totals are checked against every row that holds a number
            with contextlib.suppress(NumberParseError):
                row_values[measure] = _parse_measure(measure, _cell(cells, columns[measure]), styles[measure])
        values.append(row_values)
        if problem is not None:
            canonical, reason = problem
            header = headers[columns[canonical]] if canonical in columns else canonical
            rejected.append(RejectedRow(number, header, reason, _raw(headers, cells)))
        else:
            records.append(record)

    totals: list[TotalRow] = []
    for number, cells, first, last in body_rows.totals:
        for measure, style in styles.items():
            stated_cell = _cell(cells, columns[measure])
            if not cell_text(stated_cell):
                continue
            try:
                stated = _parse_measure(measure, stated_cell, style)
            except NumberParseError:
                raise InputRejected(name, f"the total row holds {cell_text(stated_cell)!r}, not a number",
                                    row=number, column=headers[columns[measure]]) from None
            computed = sum((v.get(measure, Decimal(0)) for v in values[first:last]), Decimal(0))
            totals.append(TotalRow(number, headers[columns[measure]], stated, computed))

    if not data_rows:
        raise InputRejected(name, "no data rows below the header", row=header_row)
    frame = _frame(records, dataset)
    return ParsedExport(file_name=name, dataset=dataset, period=period,
                        code_system=str(code_system) if code_system else None, number_style=convention,
                        frame=frame, rejected=rejected, totals=totals, rows_read=len(data_rows))


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


def _parse_row(number: int, cells: list[object], columns: dict[str, int], styles: dict[str, NumberStyle],
               code_system: CodeSystem | None, defaults: dict[str, str], dataset: str,
               period: Period) -> tuple[dict[str, object], tuple[str | None, str] | None]:
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
    for measure, style in styles.items():
        value = _cell(cells, columns[measure])
        text = cell_text(value)
        if measure == "new_participants" and not text:
            record[measure] = None
            continue
        try:
            number_value = _parse_measure(measure, value, style)
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
