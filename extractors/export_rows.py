"""One row of an export read into canonical values: region, segment, programmes, funding, measures.

A row that cannot be read is returned as a :class:`~extractors.coverage.RejectedRow` by the caller;
whole rupiah, whole people, and the file's number convention are applied here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.errors import InputRejected
from core.government import current
from extractors.export_headers import MEASURES, MONEY_MEASURES, PEOPLE_MEASURES
from extractors.tabular import cell_at, cell_text
from transforms.dates import Period
from transforms.numbers import (
    INT64_MAX,
    NumberParseError,
    NumberStyle,
    parse_count,
    parse_number,
    parse_rupiah,
)
from transforms.outside_region import OutsideGovernment, elsewhere_of, find_elsewhere
from transforms.programmes import (
    PROGRAMMES,
    UnknownCode,
    resolve_funding_source,
    resolve_programmes,
    resolve_segment,
)
from transforms.regions import CodeSystem, UnknownRegion, resolve_code_and_name, resolve_region

PROGRAMME_ORDER = [p.code for p in PROGRAMMES]


@dataclass
class Reading:
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
            value = cell_at(cells, index)
            texts.append(cell_text(value))
            if measure in MONEY_MEASURES:
                try:
                    total += parse_rupiah(value)
                except NumberParseError as exc:
                    raise InputRejected(self.name, str(exc), row=number, column=self.headers[index]) from None
            else:
                total += _parse_measure(measure, value, self.styles[measure])
        return total, " + ".join(t for t in texts if t) if len(texts) > 1 else texts[0]


class BeyondColumn(ValueError):
    """A number larger than the warehouse's whole-number columns (64 bits) hold."""

    def __init__(self, measure: str, text: str) -> None:
        self.measure = measure
        super().__init__(f"{text} is beyond the largest whole number the warehouse holds ({INT64_MAX:,})")


def _parse_measure(measure: str, value: object, style: NumberStyle) -> Decimal:
    return parse_count(value, style) if measure in PEOPLE_MEASURES else parse_number(value, style)


def describe_convention(description: str, headers: list[str], columns: dict[str, int]) -> str:
    """The batch record's wording: canonical column names replaced by the file's headers."""
    for measure, index in columns.items():
        if measure in MEASURES and index < len(headers) and headers[index]:
            description = description.replace(f"{measure} ", f"{headers[index]} ")
    return description


def _programme_set(text: str) -> str:
    codes = {p.code for p in resolve_programmes(text)}
    return "+".join(code for code in PROGRAMME_ORDER if code in codes)


def parse_row(number: int, cells: list[object], reading: Reading,
               code_system: CodeSystem | None, defaults: dict[str, str], dataset: str,
               period: Period) -> tuple[dict[str, object], tuple[str | None, str] | None]:
    columns, styles = reading.columns, reading.styles
    record: dict[str, object] = {"source_row": number, "period_key": period.key}
    # Region: a code is read with its name (they must agree in the file's code system).
    code_text = cell_text(cell_at(cells, columns.get("region_code")))
    name_text = cell_text(cell_at(cells, columns.get("region_name")))
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
        elsewhere = find_elsewhere(code_text, name_text, current().code)
        if elsewhere is not None:  # a row of another government's region: the caller sets it aside
            raise OutsideGovernment(elsewhere) from None
        column = "region_code" if "region_code" in columns and cell_text(cell_at(cells, columns["region_code"])) \
            else "region_name"
        return record, (column, str(exc))
    elsewhere = elsewhere_of(region.kemendagri_code, current().code)
    if elsewhere is not None:
        raise OutsideGovernment(elsewhere)
    if region.kind == "province":
        return record, (None, "a province row inside the table (only regencies/cities are data rows)")
    record["region_code"] = region.kemendagri_code
    try:
        if dataset == "coverage":
            segment = cell_text(cell_at(cells, columns.get("segment"))) or defaults.get("segment", "")
            record["segment_code"] = resolve_segment(segment).code
            funding = cell_text(cell_at(cells, columns.get("funding"))) or defaults.get("funding", "")
            record["funding_source_code"] = resolve_funding_source(funding).code
        programme = cell_text(cell_at(cells, columns.get("programme"))) or defaults.get("programme", "")
        record["programme_set"] = _programme_set(programme)
    except UnknownCode as exc:
        what = str(exc).removeprefix("unknown ")
        column = "funding" if what.startswith("funding") else what.split()[0]
        return record, (column, str(exc))
    for measure in styles:
        if measure == "new_participants" and not any(cell_text(cell_at(cells, i)) for i in reading.parts[measure]):
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
            raise BeyondColumn(measure, text)
        record[measure] = whole
    return record, None
