"""The one writer of every workbook Pantau writes (the report's Excel, the claims review sheet).

Nothing written from text becomes a formula or a link: xlsxwriter is told never to infer either
from a string, and text that a spreadsheet would take for a formula once a person edits its cell
(starting with =, +, -, @, a tab or a carriage return: a scraped page title ``=HYPERLINK(...)``)
is written with Excel's quote prefix, whichever call writes it (``write``, ``write_string``) and
whatever format it carries. A workbook is written under a temporary name and renamed into place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


class GuardedWorksheet(Worksheet):
    """A worksheet whose every string cell that starts like a formula gets the quote prefix."""

    quoted: Any = None  # set by GuardedWorkbook: format -> its quote-prefixed twin

    def write_string(self, row: Any, col: Any = None, string: Any = None, cell_format: Format | None = None,
                     *args: Any) -> Any:
        if isinstance(row, str):  # "A1" notation: (cell, string, format)
            cell, string, cell_format = row, col, string
            if isinstance(string, str) and starts_formula(string):
                cell_format = self.quoted(cell_format)
            return super().write_string(cell, string, cell_format)
        if isinstance(string, str) and starts_formula(string):
            cell_format = self.quoted(cell_format)
        return super().write_string(row, col, string, cell_format)


def _write_text(worksheet: GuardedWorksheet, row: int, col: int, text: str, cell_format: Format | None = None,
                *_args: Any) -> Any:
    return worksheet.write_string(row, col, text, cell_format)


class GuardedWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter workbook written to ``<out>.part.xlsx`` and renamed to ``out`` on :meth:`finish`."""

    def __init__(self, out_path: Path, options: dict[str, Any] | None = None) -> None:
        self.out_path = Path(out_path)
        self.out_path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = self.out_path.with_suffix(".part.xlsx")
        self._properties: dict[int, dict[str, Any]] = {}
        self._quoted: dict[int | None, Format] = {}
        super().__init__(str(self._tmp), {**(options or {}), "strings_to_formulas": False,
                                          "strings_to_urls": False})

    def add_format(self, properties: dict[str, Any] | None = None) -> Format:
        made = super().add_format(properties)
        self._properties[id(made)] = dict(properties or {})
        return made

    def quoted(self, cell_format: Format | None) -> Format:
        key = None if cell_format is None else id(cell_format)
        if key not in self._quoted:
            properties = {} if cell_format is None else self._properties.get(key or 0, {})
            self._quoted[key] = self.add_format({**properties, "quote_prefix": True})
        return self._quoted[key]

    def add_worksheet(self, name: str | None = None, worksheet_class: Any = None) -> Any:
        worksheet = super().add_worksheet(name, worksheet_class=worksheet_class or GuardedWorksheet)
        worksheet.quoted = self.quoted
        worksheet.add_write_handler(str, _write_text)
        return worksheet

    def finish(self) -> Path:
        self.close()
        self._tmp.replace(self.out_path)
        return self.out_path
