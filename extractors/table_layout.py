"""Where an export's table ends and what surrounds it: total and subtotal rows, notes and the
signature block under the table, and the reporting month its title, sheet and file name state.

Shared by the monthly exports and the rosters, so the rules are written once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.errors import InputRejected
from extractors.tabular import cell_at, cell_text, field_count
from transforms.dates import (
    FIRST_REPORTING_YEAR,
    LAST_REPORTING_YEAR,
    DateParseError,
    Period,
    agreed_period,
    check_reporting_period,
    find_period,
)
from transforms.regions import UnknownRegion, resolve_region

_TOTAL = re.compile(r"^\s*(grand\s+)?(?P<sub>sub\s*-?\s*)?(jumlah|total)\b", re.IGNORECASE)
_SIGNATURE = re.compile(r"\b(mengetahui|kepala\s|nip\b|nip\.|ttd|a\.n\.|plt\.|plh\.|disahkan)", re.IGNORECASE)
_TITLE = re.compile(r"\b(bulan|periode|rekap|rekapitulasi|laporan|keadaan|posisi|data)\b", re.IGNORECASE)
_NOTE = re.compile(r"^\s*(catatan|keterangan|ket\.|sumber\s*:|\*|note)", re.IGNORECASE)


@dataclass
class Body:
    data: list[tuple[int, list[object]]]
    # (row number, cells, first and end index into ``data`` of the rows it sums)
    totals: list[tuple[int, list[object], int, int]]
    # Rows inside or below the table that title a table with a month: (row number, text, month)
    titles: list[tuple[int, str, Period]] = field(default_factory=list)
    # Rows with content that are not data, for the batch's record (row numbers only: a signature block
    # holds an official's name): sub-headings inside the table, rows below its total, notes and signature.
    skipped: list[int] = field(default_factory=list)
    notes_from: int | None = None  # the row where notes or the signature block begin


def total_kind(text: str) -> str | None:
    """'subtotal' for a row summing a block ("Sub Total Kabupaten Merangin", "Jumlah Kab. Tebo"),
    'total' for the grand total ("JUMLAH", "TOTAL", "Grand Total", "Jumlah Provinsi")."""
    match = _TOTAL.match(text)
    if match is None:
        return None
    if match.group("sub"):
        return "subtotal"
    rest = text[match.end():].strip(" :-")
    if rest:
        try:
            region = resolve_region(rest)
        except UnknownRegion:
            return "total"
        return "subtotal" if region.kind != "province" else "total"
    return "total"


def _width(cells: list[object]) -> int:
    """The number of fields up to the last one holding something."""
    return max((i + 1 for i, c in enumerate(cells) if cell_text(c)), default=0)


def split_body(name: str, kind: str, header: tuple[int, list[object]], body: list[tuple[int, list[object]]], *,
               measure_indexes: list[int], region_indexes: list[int]) -> Body:
    """The data rows below the header, and the total and subtotal rows with the rows each sums.

    A subtotal sums the data rows since the previous subtotal and is dropped after its check; the
    grand total sums every data row and ends the table (notes and the signature block follow).
    A row that looks like data below the grand total is refused: the table did not end there.
    In a CSV file a data or total row with more fields than the header (or fewer than it names)
    is refused: a stray delimiter or quote has shifted its values.
    """
    header_row, header_cells = header
    header_keys = [_key(c) for c in header_cells]
    data: list[tuple[int, list[object]]] = []
    totals: list[tuple[int, list[object], int, int]] = []
    titles: list[tuple[int, str, Period]] = []
    block_start = 0
    ended_at: int | None = None
    skipped: list[int] = []
    notes_from: int | None = None
    for number, cells in body:
        texts = [cell_text(c) for c in cells]
        if not any(texts):
            continue
        leading = " ".join(t for t in texts[:4] if t)
        if _SIGNATURE.search(" ".join(texts)) or _NOTE.match(leading):
            notes_from = number
            break
        has_measure = any(cell_text(cell_at(cells, i)) for i in measure_indexes)
        title = _title(texts) if not has_measure else None
        if title is not None:
            titles.append((number, " ".join(t for t in texts if t), title))
            continue
        _refuse_repeated_header(name, number, texts, header_row, header_keys, titles)
        kind_of_total = total_kind(leading) or next(
            (k for i in region_indexes if i < len(texts) and (k := total_kind(texts[i]))), None)
        has_region = any(cell_text(cell_at(cells, i)) for i in region_indexes)
        if ended_at is not None:
            if kind_of_total is None and has_measure and has_region and _names_a_region(cells, region_indexes):
                raise InputRejected(name, f"a data row below the total row {ended_at}: the table does not end at "
                                          "its total (one table per file)", row=number)
            skipped.append(number)
            continue
        if kind_of_total is None and not has_measure and not has_region:
            skipped.append(number)
            continue  # a note or sub-heading inside the table
        if kind == "csv":
            _refuse_shifted_fields(name, number, cells, header)
        if kind_of_total == "subtotal":
            totals.append((number, cells, block_start, len(data)))
            block_start = len(data)
        elif kind_of_total == "total":
            totals.append((number, cells, 0, len(data)))
            ended_at = number
        else:
            data.append((number, cells))
    return Body(data, totals, titles, skipped, notes_from)


def _refuse_repeated_header(name: str, number: int, texts: list[str], header_row: int, header_keys: list[str],
                            titles: list[tuple[int, str, Period]]) -> None:
    """A row that repeats the header starts a second table: refused, naming the title above it if any."""
    repeated = sum(1 for i, t in enumerate(texts) if t and i < len(header_keys) and _key(t) == header_keys[i])
    if repeated >= 2:
        above = f", titled {titles[-1][2].label_id()} ({titles[-1][1]!r}) at row {titles[-1][0]}" if titles else ""
        raise InputRejected(name, f"row {number} repeats the header of row {header_row}: a second table starts "
                                  f"below the first{above}. One table per sheet and one month per file: send "
                                  "it as a file of its own", row=titles[-1][0] if titles else number)


def _refuse_shifted_fields(name: str, number: int, cells: list[object], header: tuple[int, list[object]]) -> None:
    """A CSV row with more fields than the header, or fewer than it names: a stray delimiter or quote."""
    header_row, header_cells = header
    if _width(cells) > field_count(header_cells) or field_count(cells) < _width(header_cells):
        raise InputRejected(name, f"the row has {field_count(cells)} fields but the header (row {header_row}) has "
                                  f"{_width(header_cells)}: a stray delimiter or quote shifts its values "
                                  f"(line {number} of the file)", row=number)


def _key(value: object) -> str:
    return re.sub(r"[^a-z0-9]+", " ", cell_text(value).lower()).strip()


def _title(texts: list[str]) -> Period | None:
    """The month a title row inside a table states ("REKAP ... BULAN MEI 2024"), if it is one."""
    text = " ".join(t for t in texts if t)
    if not _TITLE.search(text):
        return None
    try:
        return find_period(text)
    except DateParseError:
        return None


def _names_a_region(cells: list[object], region_indexes: list[int]) -> bool:
    for index in region_indexes:
        try:
            resolve_region(cell_text(cell_at(cells, index)))
            return True
        except UnknownRegion:
            continue
    return False


def stated_period(name: str, texts: list[tuple[str, str | None]], expected: Period | None, *,
                  stated: list[tuple[str, Period]] | None = None, noun: str = "file") -> Period:
    """The reporting month of a file: every place that states one must agree
    (``transforms.dates.agreed_period``), the warehouse must hold it, and it must be the run's."""
    found = list(stated or [])
    for where, text in texts:
        try:
            period = find_period(text.replace("_", " ")) if text else None
        except DateParseError as exc:
            raise InputRejected(name, f"{where} states a month outside the reporting periods the warehouse holds "
                                      f"(Januari {FIRST_REPORTING_YEAR} to Desember {LAST_REPORTING_YEAR}): "
                                      f"{exc}") from None
        if period is not None:
            found.append((where, period))
    try:
        agreed = agreed_period(found)
        if agreed is not None:
            check_reporting_period(agreed[0])
    except DateParseError as exc:
        raise InputRejected(name, str(exc)) from None
    if agreed is None:
        raise InputRejected(name, "no reporting period found: state it in a title row (e.g. 'BULAN JUNI 2024'), "
                                  "a Periode column or the file name")
    period, where = agreed
    if expected is not None and period != expected:
        raise InputRejected(name, f"the {noun} is for {period.label_id()} ({where}) but this run is for "
                                  f"{expected.label_id()}")
    return period


def sheet_period(name: str, sheet_name: str | None, title: str, columns: dict[str, int],
                 data_rows: list[tuple[int, list[object]]], expected: Period | None) -> Period:
    """The month a sheet's table is about: the one its period column holds (several refuse the file),
    agreeing with its title, sheet name and file name (see ``stated_period``)."""
    column: list[tuple[str, Period]] = []
    if "period" in columns:
        periods = set()
        for number, cells in data_rows:
            value = cell_at(cells, columns["period"])
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
