"""Read CSV and XLSX files into rows of cells, refusing malformed files with a clear reason.

Everything that can go wrong with the container (encoding, truncation, a web page saved as
.xlsx, formulas without stored values, absurd cells) is detected here, so that parsers only
see rows. Row numbers are the ones a person sees in Excel or an editor (1-based).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputRejected

MAX_CELL_CHARS = 10_000
MAX_COLUMNS = 200
MAX_FILE_BYTES = 500 * 1024 * 1024


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list[object]]]  # (row number, cells)


@dataclass
class Table:
    file_name: str
    kind: str  # csv | xlsx
    encoding: str | None
    sheets: list[Sheet]


def decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise InputRejected(file_name, "binary content or UTF-16 without a byte-order mark: save it as UTF-8 CSV")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise InputRejected(file_name, f"text is neither UTF-8 nor Windows-1252 (byte {exc.start}): "
                                       "save it as UTF-8 CSV") from None


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


def read_csv(data: bytes, file_name: str) -> Table:
    text, encoding = decode_text(data, file_name)
    delimiter = _sniff_delimiter(text)
    rows: list[tuple[int, list[object]]] = []
    # Let oversized cells through the reader so the size check below can name them.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            rows.append((number, list(cells)))
    except csv.Error as exc:
        raise InputRejected(file_name, f"malformed CSV: {exc}", row=len(rows) + 1) from None
    return Table(file_name, "csv", encoding, [Sheet(Path(file_name).stem, rows)])


def read_xlsx(path: Path, file_name: str) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    head = path.read_bytes()[:512]
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
        raise InputRejected(file_name, "is an HTML/XML page saved with a spreadsheet name, not an XLSX workbook")
    if not head.startswith(b"PK"):
        raise InputRejected(file_name, "is not an XLSX workbook (no ZIP signature): export it again as .xlsx")
    try:
        formulas = _formula_cells(path)
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, EOFError) as exc:
        raise InputRejected(file_name, f"the XLSX workbook is truncated or corrupt ({type(exc).__name__})") from None
    except Exception as exc:  # openpyxl raises many types for broken parts
        raise InputRejected(file_name, f"the XLSX workbook cannot be read ({type(exc).__name__}: {exc})") from None
    sheets: list[Sheet] = []
    try:
        for worksheet in workbook.worksheets:
            if getattr(worksheet, "sheet_state", "visible") != "visible":
                continue
            rows: list[tuple[int, list[object]]] = []
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = list(values)
                for column, value in enumerate(cells, start=1):
                    if value is None and (worksheet.title, number, column) in formulas:
                        raise InputRejected(
                            file_name, "a formula has no stored value (open and save the file in Excel, "
                                       "or export values only)", row=number, column=_column_letter(column))
                rows.append((number, cells))
            sheets.append(Sheet(worksheet.title, rows))
    except InputRejected:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as exc:
        raise InputRejected(file_name, f"the XLSX workbook is truncated or corrupt ({type(exc).__name__})") from None
    finally:
        workbook.close()
    return Table(file_name, "xlsx", None, sheets)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _formula_cells(path: Path) -> set[tuple[str, int, int]]:
    """Positions of formula cells (a second, formula-preserving read)."""
    from openpyxl import load_workbook

    found: set[tuple[str, int, int]] = set()
    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        for worksheet in workbook.worksheets:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                for column, value in enumerate(values, start=1):
                    if isinstance(value, str) and value.startswith("="):
                        found.add((worksheet.title, number, column))
    finally:
        workbook.close()
    return found


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
        table = read_xlsx(path, name)
    elif suffix in (".csv", ".txt"):
        table = read_csv(path.read_bytes(), name)
    elif suffix == ".xls":
        raise InputRejected(name, "old Excel .xls files are not supported: save it as .xlsx or CSV")
    else:
        raise InputRejected(name, f"unsupported file type {suffix or '(none)'}: expected CSV or XLSX")
    for sheet in table.sheets:
        for number, cells in sheet.rows:
            if len(cells) > MAX_COLUMNS and any(c not in (None, "") for c in cells[MAX_COLUMNS:]):
                raise InputRejected(name, f"more than {MAX_COLUMNS} columns", row=number)
            for column, cell in enumerate(cells, start=1):
                if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                    raise InputRejected(name, f"a cell holds {len(cell):,} characters (limit {MAX_CELL_CHARS:,})",
                                        row=number, column=_column_letter(column))
    return table


def cell_text(value: object) -> str:
    """A cell as text, with Excel's float artefacts removed (12.0 → "12")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()

