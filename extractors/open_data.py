"""Parse open-data tables of yearly statistics (the Satu Data Indonesia template) into canonical rows.

Two shapes, told apart by the header (the file's shape decides, whatever its name says):

- **long**: one row per region and year, ``kode_provinsi, nama_provinsi, kode_kabupaten_kota,
  nama_kabupaten_kota, <measure>, satuan, tahun`` (an ``id`` column is ignored); the one column
  that is none of these is the measure;
- **wide**: a region column (code and/or name) and one column per year ("2019", "Tahun 2020");
  the measure is named by the title rows above the header, else by the file name. A "0" in a
  year column means "not yet filled" and is not a value.

Both come as CSV, XLSX or a CKAN DataStore dump (the CKAN extractor writes one CSV), through
the drop folder and ``pantau coverage ingest`` like any export. Codes may be BPS or Kemendagri
numbering: the code system is decided by codes AND names agreeing, never by codes alone
(``transforms.regions.decide_code_system``); a table with no names may only hold codes that
mean the same region in both systems. A province row is kept as published (region "15") and
its total is checked against the regencies as a warning. Numbers follow one convention per
file (``transforms.numbers.decide_conventions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import InputRejected
from core.government import current
from extractors.coverage import RejectedRow
from extractors.export_headers import SYNONYMS, normalise_header
from extractors.tabular import Sheet, Table, cell_text
from transforms.numbers import NumberParseError, NumberStyle, decide_conventions, parse_number
from transforms.programmes import programme_press_words
from transforms.regions import (
    PROVINCE,
    PROVINCE_CODE,
    REGENCIES,
    CodeSystem,
    CodeSystemConflict,
    Region,
    UnknownRegion,
    decide_code_system,
    resolve_code_and_name,
    resolve_region,
)

if TYPE_CHECKING:
    import pandas as pd

HEADER_SCAN_ROWS = 30
DATASET = "published_statistics"
_CODE_HEADERS = {normalise_header(s) for s in SYNONYMS["region_code"]} | {"kode"}
_NAME_HEADERS = {normalise_header(s) for s in SYNONYMS["region_name"]}
_PROVINCE_HEADERS = {"kode provinsi", "nama provinsi"}
_IGNORED_HEADERS = {"id", "no", "nomor", "no urut", "_id"}
_YEAR_HEADER = re.compile(r"^(tahun )?((19|20)\d{2})$")
# Measures a monthly export also holds, so the report can set them side by side. BPJS
# Kesehatan is another agency: its participants are not ours.
_METRICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # The government's own programme (the metric keeps its first name): vulnerable workers whose
    # contributions the government pays.
    ("bkbk_participants", re.compile(programme_press_words(current().own_funding_source), re.I)),
    ("active_participants", re.compile(
        r"^(?!.*kesehatan).*peserta.*(ketenagakerjaan|bpjs ?tk|bpjstk|jamsostek|bpjamsostek|tenaga kerja)", re.I)),
)


@dataclass
class StatisticsTotal:
    year: int
    stated: Decimal
    computed: Decimal


@dataclass
class ParsedStatistics:
    file_name: str
    shape: str  # long | wide
    measure: str
    measure_label: str
    unit: str | None
    code_system: str | None
    number_style: str
    frame: object  # pandas.DataFrame
    rejected: list[RejectedRow] = field(default_factory=list)
    totals: list[StatisticsTotal] = field(default_factory=list)
    rows_read: int = 0
    dataset: str = DATASET
    period: None = None  # yearly: no reporting month


@dataclass
class _Layout:
    shape: str
    header_position: int
    headers: list[str]
    code: int | None
    name: int | None
    year: int | None  # long: the tahun column
    unit: int | None
    measure: int | None  # long: the measure column
    year_columns: dict[int, int] = field(default_factory=dict)  # wide: column index -> year


def _layout(sheet: Sheet, file_name: str) -> _Layout | None:
    for position, (number, cells) in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        headers = [cell_text(c) for c in cells]
        keys = [normalise_header(h) for h in headers]
        code = next((i for i, k in enumerate(keys) if k in _CODE_HEADERS), None)
        name = next((i for i, k in enumerate(keys) if k in _NAME_HEADERS), None)
        if code is None and name is None:
            continue
        unit = next((i for i, k in enumerate(keys) if k == "satuan"), None)
        if "tahun" in keys:
            known = {i for i, k in enumerate(keys)
                     if not k or k in _IGNORED_HEADERS | _PROVINCE_HEADERS | {"satuan", "tahun"}}
            known |= {i for i in (code, name) if i is not None}
            measures = [i for i in range(len(keys)) if i not in known]
            if len(measures) != 1:
                listed = ", ".join(repr(headers[i]) for i in measures) or "none"
                raise InputRejected(file_name, f"a long open-data table needs exactly one measure column beside "
                                               f"region, satuan and tahun; found {listed}", row=number)
            return _Layout("long", position, headers, code, name, keys.index("tahun"), unit, measures[0])
        years = {i: int(m.group(2)) for i, k in enumerate(keys) if (m := _YEAR_HEADER.match(k))}
        if years:
            known = {i for i, k in enumerate(keys) if not k or k in _IGNORED_HEADERS | _PROVINCE_HEADERS}
            known |= {i for i in (code, name, unit) if i is not None} | set(years)
            stray = [headers[i] for i in range(len(keys)) if i not in known]
            if stray:
                raise InputRejected(file_name, f"column {stray[0]!r} of a wide open-data table is neither a "
                                               "region, a year nor 'satuan'", row=number)
            return _Layout("wide", position, headers, code, name, None, unit, None, years)
    return None


def looks_like_open_data(table: Table) -> bool:
    """A yearly open-data table (long or wide), as opposed to a monthly export."""
    for sheet in table.sheets:
        for _number, cells in sheet.rows[:HEADER_SCAN_ROWS]:
            keys = [normalise_header(cell_text(c)) for c in cells]
            has_region = any(k in _CODE_HEADERS | _NAME_HEADERS for k in keys)
            if has_region and ("tahun" in keys or any(_YEAR_HEADER.match(k) for k in keys)):
                return True
    return False


def _measure_key(label: str) -> str:
    return normalise_header(label).replace(" ", "_")[:120] or "statistik"


def _metric(label: str) -> str | None:
    text = normalise_header(label)
    return next((metric for metric, pattern in _METRICS if pattern.search(text)), None)


def parse_open_data(table: Table) -> ParsedStatistics:
    """Parse a long or wide open-data table; whole-file problems raise InputRejected."""
    name = table.file_name
    sheet, layout = _first_layout(table)
    header_row = sheet.rows[layout.header_position][0]
    body = [(n, c) for n, c in sheet.rows[layout.header_position + 1:] if any(cell_text(x) for x in c)]
    if not body:
        raise InputRejected(name, "no data rows below the header", row=header_row)
    label = _label(name, sheet, layout)
    unit = _unit(name, layout, body)
    system = _code_system(name, layout, body)
    value_columns = [layout.measure] if layout.shape == "long" else list(layout.year_columns)
    styles, convention = decide_conventions({str(i): [_at(c, i) for _n, c in body] for i in value_columns
                                             if i is not None})
    measure = _Measure(label, unit, system, styles)
    records: list[dict[str, object]] = []
    rejected: list[RejectedRow] = []
    for number, cells in body:
        _read_row(number, cells, layout, measure, records, rejected)
    return ParsedStatistics(file_name=name, shape=layout.shape, measure=_measure_key(label), measure_label=label,
                            unit=unit, code_system=str(system) if system else None, number_style=convention,
                            frame=_frame(records), rejected=rejected, totals=_totals(records), rows_read=len(body))


def _first_layout(table: Table) -> tuple[Sheet, _Layout]:
    """The first sheet with an open-data header, and its layout; refused when no sheet has one."""
    for candidate in table.sheets:
        layout = _layout(candidate, table.file_name)
        if layout:
            return candidate, layout
    raise InputRejected(table.file_name, "no open-data header found: expected a region column "
                                         "(kode/nama_kabupaten_kota) and a 'tahun' column or one column per year")


def _label(name: str, sheet: Sheet, layout: _Layout) -> str:
    """What the table measures: a long table's measure column header, else the title above a wide
    table's header, else the file's name."""
    if layout.shape == "long":
        assert layout.measure is not None
        written = layout.headers[layout.measure].strip().replace("_", " ")
        return written[:1].upper() + written[1:]
    title = " ".join(cell_text(c) for _n, cells in sheet.rows[:layout.header_position] for c in cells
                     if cell_text(c))
    return title or Path(name).stem.replace("_", " ").replace("-", " ")


def _unit(name: str, layout: _Layout, body: list[tuple[int, list[object]]]) -> str | None:
    """The one unit of the satuan column, if any; several refuse the file."""
    units = {cell_text(_at(c, layout.unit)) for _n, c in body} - {""} if layout.unit is not None else set()
    if len(units) > 1:
        raise InputRejected(name, f"the table mixes units ({', '.join(sorted(units))}): one measure per table",
                            column="satuan")
    return units.pop() if units else None


@dataclass
class _Measure:
    """What every row of one table shares: its measure's label and unit, the region code system and
    each value column's number convention (keyed by column index as text)."""

    label: str
    unit: str | None
    system: CodeSystem | None
    styles: dict[str, NumberStyle]


def _read_row(number: int, cells: list[object], layout: _Layout, measure: _Measure,
              records: list[dict[str, object]], rejected: list[RejectedRow]) -> None:
    """Add a row's values (one per year it publishes) to ``records``, or what is wrong with it to ``rejected``."""
    raw = {h or f"column {i + 1}": cell_text(_at(cells, i))[:200] for i, h in enumerate(layout.headers)}
    try:
        region = _region(cells, layout, measure.system)
    except UnknownRegion as exc:
        column = layout.headers[layout.code if layout.code is not None else layout.name or 0]
        rejected.append(RejectedRow(number, column, str(exc), raw))
        return
    if region is None:
        rejected.append(RejectedRow(number, None, f"a row outside {current().name}", raw))
        return
    cells_by_year: list[tuple[int | None, int]] = []
    if layout.shape == "long":
        assert layout.year is not None and layout.measure is not None
        year_text = cell_text(_at(cells, layout.year))
        year = int(year_text) if re.fullmatch(r"(19|20)\d{2}", year_text) else None
        if year is None:
            rejected.append(RejectedRow(number, layout.headers[layout.year], f"{year_text!r} is not a year", raw))
            return
        cells_by_year.append((year, layout.measure))
    else:
        cells_by_year.extend((year, index) for index, year in layout.year_columns.items())
    for year, index in cells_by_year:
        value = _at(cells, index)
        text = cell_text(value)
        if not text or (layout.shape == "wide" and text in ("0", "-")):
            continue  # not published (a wide table's "0" means not yet filled)
        try:
            number_value = parse_number(value, measure.styles[str(index)])
        except NumberParseError as exc:
            rejected.append(RejectedRow(number, layout.headers[index], str(exc), raw))
            continue
        records.append({"source_row": number, "region_code": region.kemendagri_code, "year": year,
                        "measure": _measure_key(measure.label), "measure_label": measure.label,
                        "unit": measure.unit, "value": float(number_value), "metric": _metric(measure.label),
                        "code_system": str(measure.system) if measure.system else None})


def _frame(records: list[dict[str, object]]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame.from_records(records, columns=["source_row", "region_code", "year", "measure",
                                                        "measure_label", "unit", "value", "metric", "code_system"])
    frame["source_row"] = frame["source_row"].astype("int64")
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    for column in ("region_code", "measure", "measure_label", "unit", "metric", "code_system"):
        frame[column] = frame[column].astype(object)
    return frame


def _at(cells: list[object], index: int | None) -> object:
    if index is None or index >= len(cells):
        return None
    return cells[index]


def _code_system(name: str, layout: _Layout, body: list[tuple[int, list[object]]]) -> CodeSystem | None:
    if layout.code is None:
        return None
    pairs = [(cell_text(_at(c, layout.code)), cell_text(_at(c, layout.name))) for _n, c in body]
    try:
        return decide_code_system([(code, region) for code, region in pairs if code])
    except CodeSystemConflict as exc:
        raise InputRejected(name, str(exc), column=layout.headers[layout.code]) from None


def _region(cells: list[object], layout: _Layout, system: CodeSystem | None) -> Region | None:
    code = cell_text(_at(cells, layout.code))
    region_name = cell_text(_at(cells, layout.name))
    if code and region_name:
        if code.replace(".", "").startswith(PROVINCE_CODE):
            return resolve_code_and_name(code, region_name, system)
        return None
    if region_name:
        return resolve_region(region_name)
    if code:
        if not code.replace(".", "").startswith(PROVINCE_CODE):
            return None
        return resolve_region(code, code_system=system)
    raise UnknownRegion("the region is blank")


def _totals(records: list[dict[str, object]]) -> list[StatisticsTotal]:
    """A province row's value against the sum of all eleven regencies, per year."""
    regencies = {r.kemendagri_code for r in REGENCIES}
    totals = []
    for year in sorted({int(str(r["year"])) for r in records}):
        rows = [r for r in records if r["year"] == year]
        stated = [Decimal(str(r["value"])) for r in rows if r["region_code"] == PROVINCE.kemendagri_code]
        parts = {str(r["region_code"]): Decimal(str(r["value"])) for r in rows if r["region_code"] in regencies}
        if stated and set(parts) == regencies:
            totals.append(StatisticsTotal(year, stated[0], sum(parts.values(), Decimal(0))))
    return totals
