"""Read CSV and XLSX files into rows of cells, refusing malformed files with a clear reason.

Everything that can go wrong with the container (encoding, truncation, a web page saved as
.xlsx, formulas without stored values, absurd cells, broken quoting) is detected here, so that
parsers only see rows. Every file is read under the limits of ``extractors.limits``: a CSV is
streamed line by line, a workbook measured by its content before openpyxl reads it, and only as
far as its content goes. Row numbers are the ones a person sees in Excel or an editor (1-based).
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress, count
from pathlib import Path
from typing import IO, Any, TextIO

from core.errors import InputRejected
from extractors.limits import (
    MAX_CELLS,
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    MAX_ROWS,
    SheetScan,
    WorkbookScan,
    check_row,
    check_text_row,
    column_letter,
    scan_workbook,
)

_HEAD = 64 * 1024
MAX_MERGED_RANGES = 20_000
_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode():
        number = number * 26 + ord(letter) - 64
    return number


def merged_ranges(source: IO[bytes], file_name: str, part: str) -> list[MergedRange]:
    """The merged ranges a worksheet part declares, found by streaming it (never read whole)."""
    found: list[MergedRange] = []
    tail = b""
    while chunk := source.read(1 << 20):
        data = tail + chunk
        last_end = 0
        for match in _MERGE_CELL.finditer(data):
            first_col, first_row, last_col, last_row = match.groups()
            found.append(MergedRange(int(first_row), _column_number(first_col), int(last_row or first_row),
                                     _column_number(last_col or first_col)))
            last_end = match.end()
            if len(found) > MAX_MERGED_RANGES:
                raise InputRejected(file_name, f"{part} declares more than {MAX_MERGED_RANGES:,} merged ranges "
                                               "(limit)")
        tail = data[max(last_end, len(data) - 200):]
    return found


def _spread_merged(rows: list[tuple[int, list[object]]], merged: list[MergedRange]) -> None:
    """Give every cell of a merged range the range's value (Excel stores it in the top-left cell only)."""
    by_number = {number: cells for number, cells in rows}
    for merge in merged:
        top = by_number.get(merge.first_row)
        if top is None or merge.first_column > len(top):
            continue
        value = top[merge.first_column - 1]
        for number in range(merge.first_row, merge.last_row + 1):
            cells = by_number.get(number)
            if cells is None:
                continue
            for column in range(merge.first_column, min(merge.last_column, len(cells)) + 1):
                cells[column - 1] = value


@dataclass(frozen=True)
class MergedRange:
    """A workbook's merged range, 1-based and inclusive; its value is its top-left cell's."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    def __str__(self) -> str:
        return (f"{column_letter(self.first_column)}{self.first_row}:"
                f"{column_letter(self.last_column)}{self.last_row}")


class Fields(list[object]):
    """A CSV record's cells up to its last filled one, with the number of fields the record has."""

    __slots__ = ("fields",)

    def __init__(self, cells: list[str], fields: int) -> None:
        super().__init__(cells)
        self.fields = fields


def field_count(cells: list[object]) -> int:
    """How many fields a row has in its file (a CSV record's trailing empty fields included)."""
    return cells.fields if isinstance(cells, Fields) else len(cells)


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list[object]]]  # (row number, cells)
    # Merged ranges (workbooks only): each cell of a range holds the range's value in ``rows``.
    merged: list[MergedRange] = field(default_factory=list)


@dataclass
class Table:
    file_name: str
    kind: str  # csv | xlsx
    encoding: str | None
    sheets: list[Sheet]


def _wide_encoding(head: bytes) -> str:
    """Which wide encoding text without a byte-order mark looks like: UTF-32 has three NULs to a
    Latin character, UTF-16 one."""
    return "UTF-32" if head.count(b"\x00") > len(head) * 0.6 else "UTF-16"


def file_encoding(path: Path, file_name: str) -> str:
    """The encoding of a text file, checked over the whole file in chunks (never read at once)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # before UTF-16: its mark starts alike
        candidates = ("utf-32",)
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    elif b"\x00" in head:
        raise InputRejected(file_name, f"binary content or {_wide_encoding(head)} without a byte-order mark: save it "
                                       "as UTF-8 CSV")
    else:
        candidates = ("utf-8", "cp1252")
    failed_at = 0
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        offset = 0
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                    offset += len(chunk)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError as exc:
            failed_at = offset + exc.start
    if candidates == ("utf-8", "cp1252"):
        raise InputRejected(file_name, f"text is neither UTF-8 nor Windows-1252 (byte {failed_at}): "
                                       "save it as UTF-8 CSV")
    raise InputRejected(file_name, f"text is not valid {candidates[0].upper().removesuffix('-SIG')} as its "
                                   f"byte-order mark says (byte {failed_at}): save it as UTF-8 CSV")


def _sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:60] if line.strip()]
    best, best_score = ",", -1
    for delimiter in (";", ",", "\t", "|"):
        # Title rows often hold no delimiter at all: judge by the lines that do.
        counts = [line.count(delimiter) for line in lines if line.count(delimiter) > 0]
        if not counts:
            continue
        # The delimiter splits many lines into the same number of fields.
        common = max(sorted(set(counts)), key=counts.count)
        score = counts.count(common) * 1000 + common
        if score > best_score:
            best, best_score = delimiter, score
    return best


def sniff_delimiter(path: Path, encoding: str) -> str:
    """The delimiter of a CSV file, judged by its first lines (at most 64 KB are read)."""
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        return _sniff_delimiter(handle.read(_HEAD))


def _bounded_lines(handle: TextIO, file_name: str) -> Iterator[str]:
    """The file's physical lines, refusing one longer than the limit before it is read whole."""
    number = 0
    while line := handle.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise InputRejected(file_name, f"line {number:,} is longer than {MAX_LINE_CHARS:,} characters "
                                           f"(limit {MAX_LINE_CHARS:,} per line): not a table", row=number)
        yield line


def csv_records(path: Path, file_name: str, encoding: str, delimiter: str,
                max_rows: int = MAX_ROWS) -> Iterator[tuple[int, list[str]]]:
    """Stream a CSV file's records (numbered from 1), each checked as it is read.

    Refused, naming the line: a quote never closed, text after a closing quote, a quoted field
    that runs over line breaks and swallows delimiters (an unbalanced quote merging rows), a row
    wider than the limit, a cell above the size limit, more than ``max_rows`` records.
    """
    csv.field_size_limit(MAX_LINE_CHARS)
    with path.open("r", encoding=encoding, newline="") as handle:
        reader = csv.reader(_bounded_lines(handle, file_name), delimiter=delimiter, strict=True)
        number = 0
        last_line = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                first = last_line + 1
                if "unexpected end of data" in str(exc) or "EOF" in str(exc):
                    reason = f"a quote opened on line {first:,} is never closed (unbalanced quote)"
                else:
                    reason = f"malformed CSV on line {reader.line_num:,}: {exc}"
                raise InputRejected(file_name, reason, row=number + 1) from None
            number += 1
            first, last_line = last_line + 1, reader.line_num
            if last_line > first and any("\n" in c or "\r" in c for c in cells if delimiter in c):
                raise InputRejected(file_name, f"a quoted field runs from line {first:,} to line {last_line:,} "
                                               f"and holds {delimiter!r} and line breaks: an unbalanced quote "
                                               "merges rows", row=number)
            if number > max_rows:
                raise InputRejected(file_name, f"more than {max_rows:,} rows (limit)", row=number)
            check_text_row(file_name, number, cells)
            yield number, cells


def read_csv(path: Path, file_name: str) -> Table:
    encoding = file_encoding(path, file_name)
    delimiter = sniff_delimiter(path, encoding)
    rows: list[tuple[int, list[object]]] = []
    cells_seen = 0
    for number, cells in csv_records(path, file_name, encoding, delimiter):
        width = len(cells)
        filled = width - cells.count("")  # counted in C: a record can have 200 fields
        if not filled:  # a blank record (only delimiters): nothing to keep, whatever its width
            continue
        cells_seen += filled
        if cells_seen > MAX_CELLS:
            raise InputRejected(file_name, f"more than {MAX_CELLS:,} cells with content (limit)", row=number)
        if cells[-1]:
            rows.append((number, list[object](cells)))
            continue
        # Empty fields after the last filled one are not kept (200 of them a row would cost memory, not
        # information); the record's field count is, for the check that rows agree with their header.
        trailing = next(compress(count(), map(bool, reversed(cells))))
        rows.append((number, Fields(cells[:width - trailing], width)))
    return Table(file_name, "csv", encoding, [Sheet(Path(file_name).stem, rows)])


def _open_workbook(path: Path, file_name: str) -> tuple[Any, WorkbookScan, dict[str, list[MergedRange]]]:
    """The workbook measured by its content (:func:`extractors.limits.scan_workbook`), then opened by
    openpyxl (read-only, values only). Every path that opens a workbook comes through here."""
    # Heavy: openpyxl, loaded only when this runs.
    from openpyxl import load_workbook

    # Heavy: openpyxl, loaded only when this runs.
    from openpyxl.utils.exceptions import InvalidFileException

    with path.open("rb") as handle:
        head = handle.read(512)
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
        raise InputRejected(file_name, "is an HTML/XML page saved with a spreadsheet name, not an XLSX workbook")
    if not head.startswith(b"PK"):
        raise InputRejected(file_name, "is not an XLSX workbook (no ZIP signature): export it again as .xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            measured = scan_workbook(archive, file_name)
            merges: dict[str, list[MergedRange]] = {}
            for part in measured.scans:  # each sheet part the workbook's relationships name, once
                with archive.open(part) as source:
                    merges[part] = merged_ranges(source, file_name, part)
        return load_workbook(path, read_only=True, data_only=True), measured, merges
    except InputRejected:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, EOFError) as exc:
        raise InputRejected(file_name, f"the XLSX workbook is truncated or corrupt ({type(exc).__name__})") from None
    except Exception as exc:  # openpyxl raises many types for broken parts
        raise InputRejected(file_name, f"the XLSX workbook cannot be read ({type(exc).__name__}: {exc})") from None


def _visible_sheets(workbook: Any, measured: WorkbookScan) -> Iterator[tuple[Any, SheetScan, str]]:
    """Each visible sheet with its scan and part, matched by the part openpyxl reads it from."""
    for worksheet in workbook.worksheets:
        if getattr(worksheet, "sheet_state", "visible") != "visible":
            continue
        part = str(getattr(worksheet, "_worksheet_path", "")).lstrip("/")
        yield worksheet, measured.scans.get(part, SheetScan()), part


def read_xlsx(path: Path, file_name: str) -> Table:
    """Read a workbook's visible sheets, each measured by its content before openpyxl reads it."""
    workbook, measured, merges = _open_workbook(path, file_name)
    sheets: list[Sheet] = []
    try:
        for worksheet, scan, part in _visible_sheets(workbook, measured):
            if scan.formula_without_value is not None:
                row, column = scan.formula_without_value
                raise InputRejected(file_name, "a formula has no stored value (open and save the file in Excel, "
                                               "or export values only)", row=row, column=column_letter(column))
            rows: list[tuple[int, list[object]]] = []
            if scan.rows:  # read only as far as content goes, whatever range the sheet declares
                for number, values in enumerate(worksheet.iter_rows(max_row=scan.rows, max_col=scan.columns,
                                                                    values_only=True), start=1):
                    cells = list(values)
                    check_row(file_name, number, cells)
                    rows.append((number, cells))
            merged = [m for m in merges.get(part, []) if m.first_row <= scan.rows and m.first_column <= scan.columns]
            _spread_merged(rows, merged)
            sheets.append(Sheet(worksheet.title, rows, merged))
    except InputRejected:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as exc:
        raise InputRejected(file_name, f"the XLSX workbook is truncated or corrupt ({type(exc).__name__})") from None
    finally:
        workbook.close()
    return Table(file_name, "xlsx", None, sheets)


def workbook_head(path: Path, file_name: str, rows: int = 30) -> list[list[object]]:
    """The first ``rows`` rows of each visible sheet of a workbook, read under the same limits as
    :func:`read_xlsx` (the whole workbook is measured before openpyxl opens it)."""
    workbook, measured, _ = _open_workbook(path, file_name)
    try:
        return [list(values) for sheet, scan, _ in _visible_sheets(workbook, measured) if scan.rows
                for values in sheet.iter_rows(max_row=min(rows, scan.rows), max_col=scan.columns, values_only=True)]
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as exc:
        raise InputRejected(file_name, f"the XLSX workbook is truncated or corrupt ({type(exc).__name__})") from None
    finally:
        workbook.close()


def read_table(path: Path, file_name: str | None = None) -> Table:
    """Read a CSV or XLSX file; every problem with the file itself is an InputRejected."""
    path = Path(path)
    name = file_name or path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputRejected(name, f"cannot be read: {exc.strerror}") from None
    if size == 0:
        raise InputRejected(name, "the file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1_048_576
        raise InputRejected(name, f"the file is {size // 1_048_576} MB, above the {limit} MB limit")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, name)
    if suffix in (".csv", ".txt"):
        return read_csv(path, name)
    if suffix == ".xls":
        raise InputRejected(name, "old Excel .xls files are not supported: save it as .xlsx or CSV")
    raise InputRejected(name, f"unsupported file type {suffix or '(none)'}: expected CSV or XLSX")


def cell_at(cells: list[object], index: int | None) -> object:
    """The cell at ``index`` of a row, or None when the column is absent or the row is shorter."""
    if index is None or index >= len(cells):
        return None
    return cells[index]


def cell_text(value: object) -> str:
    """A cell as text, with Excel's float artefacts removed (12.0 → "12")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()

