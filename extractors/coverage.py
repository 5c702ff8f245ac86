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
province pays for); no "Program" → JKK+JKM (their package); no "Sumber Dana" → the government's own budget
only when the title names it or one of its programmes (core.government), otherwise the file is rejected.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import InputRejected
from core.government import current
from extractors.export_headers import (
    MEASURES,
    REQUIRED,
    HeaderMap,
    match_header,
    read_header,
    sub_header,
)
from extractors.export_rows import BeyondColumn, Reading, describe_convention, parse_row
from extractors.table_layout import Body, sheet_period, split_body
from extractors.tabular import Sheet, Table, cell_at, cell_text, read_table
from transforms.dates import Period
from transforms.numbers import (
    NumberParseError,
    decide_conventions,
)
from transforms.outside_region import Elsewhere, OutsideGovernment
from transforms.programmes import own_budget_title_words
from transforms.regions import (
    CodeSystem,
    CodeSystemConflict,
    decide_code_system,
)

if TYPE_CHECKING:
    import pandas as pd

HEADER_SCAN_ROWS = 30

# Canonical column → header spellings (compared after normalising case and punctuation).
_LONG_DIGITS = re.compile(r"\d{15,}")


@dataclass
class RejectedRow:
    row_number: int
    column: str | None
    reason: str
    raw: dict[str, str]


@dataclass
class OutsideRow:
    """A row about a region outside the government's: not loaded, set aside or refused (``outside_rows``)."""

    row_number: int
    region_code: str  # Kemendagri code of the region it names
    province_code: str
    province_name: str
    reason: str
    raw: dict[str, str]

    @classmethod
    def of(cls, row_number: int, elsewhere: Elsewhere, government_name: str, raw: dict[str, str]) -> OutsideRow:
        """The row naming ``elsewhere``, a region outside the government called ``government_name``."""
        return cls(row_number, elsewhere.region.kemendagri_code, elsewhere.province.kemendagri_code,
                   elsewhere.province.name, elsewhere.describe(government_name), raw)


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
    outside: list[OutsideRow] = field(default_factory=list)  # rows of other governments' regions


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


def _raw(headers: list[str], cells: list[object]) -> dict[str, str]:
    raw: dict[str, str] = {}
    for index, header in enumerate(headers):
        value = cell_text(cell_at(cells, index))
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
    sheets, notes = _sheets_with_tables(table)
    several = len(sheets) > 1
    parsed = [_parse_sheet(table, sheet, located, several) for sheet, located in sheets]
    _check_one_export(table.file_name, sheets, parsed)
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
    return _combined(table.file_name, parsed, notes)


def _sheets_with_tables(table: Table) -> tuple[list[tuple[Sheet, _Located]], list[str]]:
    """The sheets that hold a table Pantau can read, with where its header is, and a note for each
    sheet that is empty or text only. A sheet of numbers under no readable header refuses the file."""
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
    return sheets, notes


def _check_one_export(name: str, sheets: list[tuple[Sheet, _Located]], parsed: list[ParsedExport]) -> None:
    """Sheets read together must be one month and one kind of export."""
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


def _combined(name: str, parsed: list[ParsedExport], notes: list[str]) -> ParsedExport:
    """One export of the sheets of a workbook, read one by one."""
    import pandas

    first = parsed[0]
    return ParsedExport(
        file_name=name, dataset=first.dataset, period=first.period,
        code_system=next((p.code_system for p in parsed if p.code_system), None),
        number_style="; ".join(dict.fromkeys(p.number_style for p in parsed)),
        frame=pandas.concat([p.frame for p in parsed], ignore_index=True),
        rejected=[r for p in parsed for r in p.rejected], totals=[t for p in parsed for t in p.totals],
        rows_read=sum(p.rows_read for p in parsed), notes=notes + [n for p in parsed for n in p.notes],
        outside=[o for p in parsed for o in p.outside])


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
    header = _sheet_header(name, sheet, located)
    headers, columns = header.headers, header.map.columns
    title = _title_text(sheet, located[0])
    body_rows = split_body(name, table.kind, (header.row, list(headers)), sheet.rows[header.body_start:],
                           measure_indexes=[i for m in MEASURES if m in header.map.parts for i in header.map.parts[m]],
                           region_indexes=[columns[c] for c in ("region_name", "region_code") if c in columns])
    data_rows = body_rows.data

    period = sheet_period(name, sheet.name if table.kind == "xlsx" else None, title, columns, data_rows,
                          expected_period)
    for row, text, titled in body_rows.titles:
        if titled != period:
            raise InputRejected(name, f"row {row} starts a second table, titled {titled.label_id()} ({text!r}), "
                                      f"inside the table of {period.label_id()}: one month per file", row=row)
    code_system = _code_system(name, headers, columns, data_rows)
    # One convention for the file from all numeric columns; per column only when they disagree.
    styles, style_overall = decide_conventions(
        {m: [cell_at(c, i) for _n, c in data_rows for i in header.map.parts[m]] for m in MEASURES
         if m in header.map.parts})
    convention = describe_convention(style_overall, headers, columns)

    reading = Reading(name, headers, columns, header.map.parts, styles)
    defaults = _defaults(name, title, columns, header.dataset, header.row)
    rows = _read_rows(reading, data_rows, code_system, defaults, header.dataset, period,
                      sheet.name if several else None)
    totals = _totals(reading, body_rows, rows.values)
    if not data_rows:
        raise InputRejected(name, "no data rows below the header", row=header.row)
    frame = _frame(rows.records, header.dataset)
    return ParsedExport(file_name=name, dataset=header.dataset, period=period,
                        code_system=str(code_system) if code_system else None, number_style=convention,
                        frame=frame, rejected=rows.rejected, totals=totals, rows_read=len(data_rows),
                        notes=[f"sheet {sheet.name!r}: {n}" if several else n
                               for n in [*header.map.not_read, *_layout_notes(body_rows)]], outside=rows.outside)


@dataclass
class _SheetHeader:
    """A sheet's header as read: its row number, its texts (two rows joined when the second is a
    sub-header), where the body starts, what each column holds and which export it makes."""

    row: int
    headers: list[str]
    body_start: int  # index into the sheet's rows
    map: HeaderMap
    dataset: str


def _sheet_header(name: str, sheet: Sheet, located: _Located) -> _SheetHeader:
    """Read the header found at ``located``: refused when a column the export needs is missing, or a
    measure's cells are merged across rows or columns."""
    header_position, _columns, headers = located
    header_row = sheet.rows[header_position][0]
    body_start = header_position + 1
    if body_start < len(sheet.rows):
        joined = sub_header(sheet.rows[header_position][1], sheet.rows[body_start][1])
        if joined is not None:
            headers, body_start = joined, body_start + 1
    header_map = read_header(name, header_row, headers)
    dataset = _resembles(header_map.columns)
    missing = [label for column, label in REQUIRED[dataset] if column not in header_map.columns]
    if missing:
        found = ", ".join(h for h in headers if h) or "no headers"
        raise InputRejected(name, f"this looks like a {dataset} export, but the column "
                                  f"{' and '.join(repr(m) for m in missing)} is missing from its header "
                                  f"(found: {found})", row=header_row)
    body_first_row = sheet.rows[body_start][0] if body_start < len(sheet.rows) else header_row + 1
    _check_merged(name, sheet, body_first_row, header_map.parts, headers)
    return _SheetHeader(header_row, headers, body_start, header_map, dataset)


def _code_system(name: str, headers: list[str], columns: dict[str, int],
                 data_rows: list[tuple[int, list[object]]]) -> CodeSystem | None:
    """The code system of the region code column, decided where codes and names agree, never by the
    look of the codes; None without such a column."""
    if "region_code" not in columns:
        return None
    try:
        return decide_code_system([(cell_text(cell_at(c, columns["region_code"])),
                                    cell_text(cell_at(c, columns.get("region_name"))))
                                   for _n, c in data_rows])
    except CodeSystemConflict as exc:
        raise InputRejected(name, str(exc), column=headers[columns["region_code"]]) from None


@dataclass
class _Rows:
    """A sheet's data rows as read: records to load, rows refused, rows of other governments' regions,
    and every row's numbers (for the total and subtotal checks)."""

    records: list[dict[str, object]] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    outside: list[OutsideRow] = field(default_factory=list)
    values: list[dict[str, Decimal]] = field(default_factory=list)


def _read_rows(reading: Reading, data_rows: list[tuple[int, list[object]]], code_system: CodeSystem | None,
               defaults: dict[str, str], dataset: str, period: Period, sheet_name: str | None) -> _Rows:
    """Read each data row; ``sheet_name`` (a workbook of several sheets) prefixes a refused row's reason."""
    name, headers, columns = reading.name, reading.headers, reading.columns
    rows = _Rows()
    government = current()
    for number, cells in data_rows:
        try:
            record, problem = parse_row(number, cells, reading, code_system, defaults, dataset, period)
        except BeyondColumn as exc:
            raise InputRejected(name, str(exc), row=number, column=headers[columns[exc.measure]]) from None
        except OutsideGovernment as exc:
            rows.outside.append(OutsideRow.of(number, exc.elsewhere, government.name, _raw(headers, cells)))
            record, problem = {}, None
        row_values: dict[str, Decimal] = {}
        for measure in reading.styles:  # totals are checked against every row that holds a number
            with contextlib.suppress(NumberParseError, InputRejected):
                row_values[measure] = reading.value(number, cells, measure)[0]
        rows.values.append(row_values)
        if not record:  # set aside above: counted in the totals, not loaded
            continue
        if problem is not None:
            canonical, reason = problem
            header = headers[columns[canonical]] if canonical in columns else canonical
            if sheet_name is not None:
                reason = f"sheet {sheet_name!r}: {reason}"
            rows.rejected.append(RejectedRow(number, header, reason, _raw(headers, cells)))
        else:
            rows.records.append(record)
    return rows


def _totals(reading: Reading, body: Body, values: list[dict[str, Decimal]]) -> list[TotalRow]:
    """Each total row's stated figure of each measure beside the sum of the rows it closes."""
    name, headers, columns, parts = reading.name, reading.headers, reading.columns, reading.parts
    totals: list[TotalRow] = []
    for number, cells, first, last in body.totals:
        for measure in reading.styles:
            stated_cells = [cell_at(cells, i) for i in parts[measure]]
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
    return totals


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
        own = current().own_funding_source
        if re.search(own_budget_title_words(), title, re.IGNORECASE):
            defaults["funding"] = own
        else:
            raise InputRejected(name, "required column 'Sumber Dana' (funding source) is missing", row=header_row)
    return defaults
