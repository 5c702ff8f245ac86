"""How much work one input file may cause, and the streaming checks that hold it to that.

Every limit is refused quickly with a message naming it, before the work it bounds is done:
a workbook is measured by its ZIP directory (declared sizes, which ``zipfile`` never reads
past) and by a streaming scan of its XML (what cells hold content, how long each string is),
not by the dimensions it declares; a CSV is read line by line with a bound on each line.
"""

from __future__ import annotations

import math
import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat

from core.errors import InputRejected

MAX_FILE_BYTES = 500 * 1024 * 1024  # a file on disk
MAX_DECOMPRESSED_BYTES = 200 * 1024 * 1024  # all parts of a workbook, unpacked
MAX_ZIP_MEMBERS = 2_000
# Rows with content (a workbook: the last row holding a value; a CSV export: a record). A coverage or
# claims export has a row per region, segment and programme (village level: a few thousand); 100,000
# rows that all go to quarantine are read, checked and recorded within the time and memory targets.
MAX_ROWS = 100_000
# A roster CSV (one record a person), read a record at a time: its frame, checks and load still grow with
# it, about 35 CPU microseconds a record through the CLI on this 2-core machine under load, beside 11 s for
# the process itself. At 1,100,000 records that was 50 CPU seconds (705 MB): past the 30 s target, so the
# limit is what 30 s allows. Every participant enrolled in the province (about 520,000 in 2024) fits in
# one file; bench/coverage_bench.py reads a roster of this size.
MAX_ROSTER_ROWS = 600_000
MAX_COLUMNS = 200
# Cells with content in a whole file: a workbook this full is read in about 20 s here. A province-wide
# roster comes as CSV, streamed a record at a time (MAX_ROSTER_ROWS).
MAX_CELLS = 750_000
MAX_CELL_CHARS = 10_000  # one cell, or one shared string of a workbook
MAX_LINE_CHARS = 2_000_000  # one physical line of a CSV file
# Every part of a workbook but its sheets and shared strings (styles, the workbook part, relationships,
# themes), unpacked: openpyxl reads styles whole even in read-only mode, and a real one is well under 1 MB.
MAX_OTHER_PART_BYTES = 4 * 1024 * 1024
# Cell elements in a sheet, with content or not (an empty <c/> costs parsing time all the same), and in
# one row: no more than the columns a sheet can have (openpyxl holds a whole row, however empty).
MAX_CELL_ELEMENTS = 1_500_000
MAX_ROW_ELEMENTS = 16_384

_CHUNK = 1 << 16
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
# Element names as expat reports them (namespace, a space, the local name), for the two
# SpreadsheetML namespaces (transitional and strict): looked up, not split, on every element.
_NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
_LOCAL = {f"{ns} {local}": local for ns in _NAMESPACES for local in ("row", "c", "v", "t", "f", "is", "si")}


def column_letter(index: int) -> str:
    """1 → A, 27 → AA (1-based, as Excel names columns)."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def check_workbook_container(archive: zipfile.ZipFile, file_name: str) -> None:
    """Refuse a workbook whose parts are too many or unpack to more than the limit.

    The sizes are the ones the ZIP directory declares: ``zipfile`` stops at a member's declared
    size (a member that lies fails its CRC check), so they bound what reading can unpack.
    """
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise InputRejected(file_name, f"the workbook holds {len(members):,} parts (limit {MAX_ZIP_MEMBERS:,})")
    total = sum(member.file_size for member in members)
    if total > MAX_DECOMPRESSED_BYTES:
        biggest = max(members, key=lambda m: m.file_size)
        raise InputRejected(file_name, f"the workbook unpacks to {total / 1_048_576:,.0f} MB (limit "
                                       f"{MAX_DECOMPRESSED_BYTES // 1_048_576} MB of decompressed size; "
                                       f"{biggest.filename} alone is {biggest.file_size / 1_048_576:,.0f} MB)")
    for member in members:  # entity expansion needs a DOCTYPE, which no OOXML part has: refused unread
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as part:
                if b"<!DOCTYPE" in part.read(4096).upper():
                    raise InputRejected(file_name, f"the workbook part {member.filename} declares a DOCTYPE, "
                                                   "which no XLSX part has")


def _parser(file_name: str, part: str) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = _CHUNK

    def no_doctype(*_args: object) -> None:  # no OOXML part has one; entity expansion bombs need one
        raise InputRejected(file_name, f"the workbook part {part} declares a DOCTYPE, which no XLSX part has")

    parser.StartDoctypeDeclHandler = no_doctype
    return parser


def _feed(parser: expat.XMLParserType, source: IO[bytes], file_name: str, part: str) -> None:
    try:
        while chunk := source.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise InputRejected(file_name, f"the workbook part {part} is not well-formed XML ({exc})") from None


def scan_shared_strings(archive: zipfile.ZipFile, file_name: str) -> int:
    """Check every shared string's length while streaming (a string is never held whole)."""
    names = [n for n in archive.namelist() if n.lower().lstrip("/").endswith("sharedstrings.xml")]
    count = 0
    for part in names:
        parser = _parser(file_name, part)
        state = {"chars": 0, "in_si": False, "index": -1}

        def start(name: str, _attrs: dict[str, str], state: dict[str, int] = state) -> None:
            nonlocal count
            if _LOCAL.get(name) == "si":
                state["in_si"], state["chars"], state["index"] = True, 0, state["index"] + 1
                count += 1
                if count > MAX_CELLS:
                    raise InputRejected(file_name, f"the workbook holds more than {MAX_CELLS:,} shared strings "
                                                   f"(limit {MAX_CELLS:,} cells)")

        def end(name: str, state: dict[str, int] = state) -> None:
            if _LOCAL.get(name) == "si":
                state["in_si"] = False

        def text(data: str, state: dict[str, int] = state) -> None:
            if state["in_si"]:
                state["chars"] += len(data)
                if state["chars"] > MAX_CELL_CHARS:
                    raise InputRejected(
                        file_name, f"shared string {state['index'] + 1:,} holds more than {MAX_CELL_CHARS:,} "
                                   f"characters (limit {MAX_CELL_CHARS:,} per cell, shared-string size)")

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        with archive.open(part) as source:
            _feed(parser, source, file_name, part)
    return count


@dataclass
class SheetScan:
    """A worksheet measured by its content: the cells that hold a value or a formula."""

    rows: int = 0  # the last row holding content
    columns: int = 0  # the last column holding content
    cells: int = 0
    elements: int = 0  # <c> elements, empty or not
    _row_elements: int = 0
    wide_row: int | None = None  # first row with content beyond MAX_COLUMNS
    formula_without_value: tuple[int, int] | None = None  # (row, column) of the first one
    _row: int = 0
    _column: int = 0
    _has_value: bool = False
    _has_formula: bool = False
    _chars: int = 0
    _in_text: bool = False
    _cell_open: bool = False
    _numeric: bool = False  # the open cell is a number (no type, or t="n"): its <v> must read as one
    _number: str = ""


def scan_worksheet(source: IO[bytes], file_name: str, part: str, *, cells_before: int = 0) -> SheetScan:
    """Stream a worksheet part; refuse it as soon as it breaks a limit (rows, columns, cells, cell size)."""
    scanner = _SheetScanner(file_name, part, cells_before)
    parser = _parser(file_name, part)
    parser.StartElementHandler = scanner.start
    parser.EndElementHandler = scanner.end
    parser.CharacterDataHandler = scanner.text
    _feed(parser, source, file_name, part)
    return scanner.scan


class _SheetScanner:
    """The parser's handlers for one worksheet part: they fill a :class:`SheetScan` and raise
    :class:`InputRejected` at the first limit the part breaks."""

    def __init__(self, file_name: str, part: str, cells_before: int) -> None:
        self.scan = SheetScan()
        self.name = file_name
        self.part = part
        self.cells_before = cells_before

    def start(self, qualified: str, attrs: dict[str, str]) -> None:
        scan = self.scan
        name = _LOCAL.get(qualified)
        if name is None:
            return
        if name == "row":
            scan._row = int(attrs["r"]) if attrs.get("r", "").isdigit() else scan._row + 1
            scan._column = 0
            scan._row_elements = 0
        elif name == "c":
            scan.elements += 1
            scan._row_elements += 1
            if scan._row_elements > MAX_ROW_ELEMENTS:
                raise InputRejected(self.name, f"row {scan._row:,} holds more than {MAX_ROW_ELEMENTS:,} cell elements, "
                                               f"more than a sheet has columns (limit {MAX_ROW_ELEMENTS:,})",
                                    row=scan._row)
            if scan.elements > MAX_CELL_ELEMENTS:
                raise InputRejected(self.name, f"the sheet part {self.part} holds more than {MAX_CELL_ELEMENTS:,} cell "
                                               f"elements, empty or not (limit {MAX_CELL_ELEMENTS:,})", row=scan._row)
            match = _CELL_REF.match(attrs.get("r", ""))
            if match:
                scan._column = _column_index(match.group(1))
                scan._row = int(match.group(2))
            else:
                scan._column += 1
            scan._has_value = scan._has_formula = False
            scan._chars = 0
            scan._cell_open = True
            scan._numeric = attrs.get("t", "n") == "n"
            scan._number = ""
        elif scan._cell_open and name in ("v", "t"):
            scan._in_text = True
        elif scan._cell_open and name == "f":
            scan._has_formula = True

    def end(self, qualified: str) -> None:
        scan = self.scan
        name = _LOCAL.get(qualified)
        if name in ("v", "t"):
            scan._in_text = False
            if name == "v" and scan._numeric and scan._cell_open:
                self._check_number(scan._number.strip())
        elif name == "c":
            scan._cell_open = False
            if scan._has_formula and not scan._has_value and scan.formula_without_value is None:
                scan.formula_without_value = (scan._row, scan._column)
            if scan._has_value or scan._has_formula:
                self._content(scan._row, scan._column)

    def text(self, data: str) -> None:
        scan = self.scan
        if scan._in_text:
            scan._chars += len(data)
            if scan._numeric:
                scan._number += data
            if data.strip():
                scan._has_value = True
            if scan._chars > MAX_CELL_CHARS:
                raise InputRejected(self.name, f"a cell holds more than {MAX_CELL_CHARS:,} characters "
                                               f"(limit {MAX_CELL_CHARS:,})", row=scan._row,
                                    column=column_letter(scan._column))

    def _check_number(self, text: str) -> None:
        scan = self.scan
        # openpyxl reads a number cell with float(): "NaN" would fail inside it as a corrupt file and
        # "1E999" become infinity; either is named here, with its cell.
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is None or not math.isfinite(number):
            what = "is not a number" if number is None or number != number else "is beyond any finite number"
            shown = text if len(text) <= 40 else text[:40] + "..."
            raise InputRejected(self.name, f"cell {column_letter(scan._column)}{scan._row} is stored as a number "
                                           f"but holds {shown!r}, which {what}", row=scan._row,
                                column=column_letter(scan._column))

    def _content(self, row: int, column: int) -> None:
        scan = self.scan
        scan.cells += 1
        if column > MAX_COLUMNS:
            raise InputRejected(self.name, f"more than {MAX_COLUMNS} columns: cell {column_letter(column)}{row} "
                                           f"holds a value (limit {MAX_COLUMNS} columns, read by content)", row=row)
        if row > MAX_ROWS:
            raise InputRejected(self.name, f"cell {column_letter(column)}{row} holds a value below the "
                                           f"{MAX_ROWS:,}-row limit (rows are counted by content, not by the "
                                           "sheet's declared range)", row=row)
        if scan.cells + self.cells_before > MAX_CELLS:
            raise InputRejected(self.name, f"more than {MAX_CELLS:,} cells with content (limit)", row=row)
        scan.rows = max(scan.rows, row)
        scan.columns = max(scan.columns, column)


def check_text_row(file_name: str, number: int, cells: list[str]) -> None:
    """:func:`check_row` for a record of strings (a CSV's), measured with C-level list operations."""
    if len(cells) > MAX_COLUMNS and any(cells[MAX_COLUMNS:]):
        raise InputRejected(file_name, f"more than {MAX_COLUMNS} columns (limit)", row=number)
    if cells and max(map(len, cells)) > MAX_CELL_CHARS:
        check_row(file_name, number, list[object](cells))  # names the column


def check_row(file_name: str, number: int, cells: list[object]) -> None:
    """One row of any table: not wider than the column limit, no cell above the size limit."""
    if len(cells) > MAX_COLUMNS and any(c not in (None, "") for c in cells[MAX_COLUMNS:]):
        raise InputRejected(file_name, f"more than {MAX_COLUMNS} columns (limit)", row=number)
    for column, cell in enumerate(cells, start=1):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise InputRejected(file_name, f"a cell holds {len(cell):,} characters (limit {MAX_CELL_CHARS:,})",
                                row=number, column=column_letter(column))


_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_DOC_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"


@dataclass
class SheetEntry:
    """A ``<sheet>`` of the workbook part and the part its relationship names."""

    name: str
    part: str
    state: str


@dataclass
class WorkbookScan:
    sheets: list[SheetEntry]
    scans: dict[str, SheetScan]  # by part name, each part scanned once


def _small_xml(archive: zipfile.ZipFile, part: str, file_name: str) -> ElementTree.Element:
    """A part that is not a sheet or the shared strings, parsed whole within its size limit."""
    _check_other_part(archive.getinfo(part), file_name)
    try:
        return ElementTree.fromstring(archive.read(part))
    except ElementTree.ParseError as exc:
        raise InputRejected(file_name, f"the workbook part {part} is not well-formed XML ({exc})") from None


def _relationships(archive: zipfile.ZipFile, source: str, file_name: str,
                   names: set[str]) -> dict[str, tuple[str, str]]:
    """Id -> (type, part name) of the relationships of part ``source`` ("" for the package)."""
    folder, _, base = source.rpartition("/")
    rels = f"{folder + '/' if folder else ''}_rels/{base}.rels"
    if rels not in names:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for rel in _small_xml(archive, rels, file_name).iter(_PKG_REL):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), path)
    return found


def _sheet_entries(archive: zipfile.ZipFile, file_name: str, names: set[str]) -> list[SheetEntry]:
    """The workbook's sheets, each with the part its relationship names, wherever that part lives."""
    workbook = next((path for kind, path in _relationships(archive, "", file_name, names).values()
                     if kind.endswith("/officeDocument")), "xl/workbook.xml")
    if workbook not in names:
        raise InputRejected(file_name, f"the workbook part {workbook} is missing: not a complete XLSX workbook")
    rels = _relationships(archive, workbook, file_name, names)
    entries: list[SheetEntry] = []
    for element in _small_xml(archive, workbook, file_name).iter():
        if not element.tag.endswith("}sheet"):
            continue
        rel_id = element.get(f"{{{_DOC_REL}}}id") or element.get(f"{{{_STRICT_DOC_REL}}}id") or ""
        kind, part = rels.get(rel_id, ("", ""))
        if part and part in names and kind.endswith("/worksheet"):
            entries.append(SheetEntry(element.get("name", ""), part, element.get("state", "visible")))
    return entries


def _check_other_part(member: zipfile.ZipInfo, file_name: str) -> None:
    if member.file_size > MAX_OTHER_PART_BYTES:
        raise InputRejected(file_name, f"the workbook part {member.filename} unpacks to "
                                       f"{member.file_size / 1_048_576:,.1f} MB (limit "
                                       f"{MAX_OTHER_PART_BYTES // 1_048_576} MB for a part that is not a "
                                       "sheet or the shared strings)")


def scan_workbook(archive: zipfile.ZipFile, file_name: str) -> WorkbookScan:
    """Measure a whole workbook before openpyxl opens it: its container, every part that is not a sheet
    (size), the shared strings, and each sheet part its relationships name, once."""
    check_workbook_container(archive, file_name)
    names = set(archive.namelist())
    sheets = _sheet_entries(archive, file_name, names)
    first_of: dict[str, str] = {}
    for sheet in sheets:
        if sheet.part in first_of:
            raise InputRejected(file_name, f"the sheets {first_of[sheet.part]!r} and {sheet.name!r} are one part "
                                           f"({sheet.part}): a workbook names each sheet's part once")
        first_of[sheet.part] = sheet.name
    for member in archive.infolist():
        lowered = member.filename.lower()
        if lowered.endswith((".xml", ".rels")) and member.filename not in first_of \
                and not lowered.endswith("sharedstrings.xml"):
            _check_other_part(member, file_name)
    scan_shared_strings(archive, file_name)
    scans: dict[str, SheetScan] = {}
    for sheet in sheets:
        with archive.open(sheet.part) as source:
            scans[sheet.part] = scan_worksheet(source, file_name, sheet.part,
                                               cells_before=sum(s.cells for s in scans.values()))
    return WorkbookScan(sheets, scans)
