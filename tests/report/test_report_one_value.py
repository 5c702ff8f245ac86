"""One figure, one value: every figure that appears in more than one output of a period (the report's
tables and charts, the index, the regency pages, the Excel workbook, the CSV) shows the same value,
rounded once, half up."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path


def _soup(path: Path):  # type: ignore[no-untyped-def]
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _text(cell) -> str:  # type: ignore[no-untyped-def]
    return " ".join(cell.get_text(" ", strip=True).split())


def _excel_shown(value: float, number_format: str) -> str:
    """What Excel displays for a number under the workbook's formats (Indonesian locale)."""
    if number_format == "0.0%":
        shown = Decimal(repr(value * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return f"{shown:f}".replace(".", ",") + "%"
    assert number_format == "#,##0", number_format
    return f"{round(value):,}".replace(",", ".")


def test_every_figure_shared_between_outputs_has_one_value(sample_month: Path) -> None:
    from openpyxl import load_workbook

    from pantau.tasks.report import build, build_index
    from transforms.regions import REGENCIES

    for month in ("2024-04", "2024-05"):
        build(month)
    paths = build("2024-06")
    pages = build_index()
    names = {r.name: r.code for r in REGENCIES}
    seen: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (region, figure) → output → shown

    report = _soup(Path(paths["html"]))
    table = report.select_one("#kabupaten table")
    for row in table.select("tbody tr"):
        cells = row.find_all("td")
        name = _text(cells[0]).split(" kode ")[0]
        code = names.get(name, "15" if name == "Provinsi Jambi" else None)
        if code is None or len(cells) < 5:
            continue
        seen[(code, "peserta")]["laporan"] = _text(cells[1])
        seen[(code, "cakupan")]["laporan"] = _text(cells[4])
    bars = report.select_one("#kabupaten svg")
    for bar in bars.select("rect > title"):
        label, value = _text(bar).rsplit(": ", 1)
        seen[(names[label.rstrip("*")], "cakupan")]["grafik batang"] = value
    for card in report.select("#ringkasan .card"):
        label = _text(card.select_one(".label"))
        if label == "Peserta aktif":
            seen[("15", "peserta")]["kartu"] = _text(card.select_one(".value"))
        if label.startswith("Cakupan"):
            seen[("15", "cakupan")]["kartu"] = _text(card.select_one(".value"))

    index = _soup(Path(pages["index"]))
    for row in index.select("#kabupaten table tr"):
        cells = row.find_all("td")
        if cells and _text(cells[0]) in names:
            last = cells[-1]
            seen[(names[_text(cells[0])], "cakupan")]["indeks"] = _text(last).split()[0]
            seen[(names[_text(cells[0])], "peserta")]["indeks"] = _text(last.select_one(".note"))
    for row in index.select("#bulan table tr"):  # the months' figures (#kiriman lists deliveries)
        cells = row.find_all("td")
        if cells and _text(cells[0]) == "Juni 2024":
            seen[("15", "peserta")]["indeks"] = _text(cells[1])
            seen[("15", "cakupan")]["indeks"] = _text(cells[2])
    for page in map(Path, pages["regions"]):
        soup = _soup(page)
        code = names[_text(soup.find("h1")).split(":")[0]]
        for row in soup.select("#cakupan table tr"):
            cells = row.find_all("td")
            if cells and _text(cells[0]) == "Juni 2024":
                seen[(code, "peserta")]["halaman wilayah"] = _text(cells[1])
                seen[(code, "cakupan")]["halaman wilayah"] = _text(cells[2].find("strong"))

    sheet = load_workbook(paths["xlsx"])["Kabupaten-Kota"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        code = row[header.index("Kode")].value
        for figure, column in (("peserta", "Peserta aktif"), ("cakupan", "Cakupan (%)")):
            cell = row[header.index(column)]
            seen[(code, figure)]["Excel"] = cell.value if isinstance(cell.value, str) else \
                _excel_shown(cell.value, cell.number_format)

    with open(paths["csv"], encoding="utf-8-sig", newline="") as handle:
        for line in csv.DictReader(handle):
            people = line["peserta_aktif"]
            seen[(line["kode_wilayah"], "peserta")]["CSV"] = people if people.startswith("<") else \
                f"{int(people):,}".replace(",", ".")
            seen[(line["kode_wilayah"], "cakupan")]["CSV"] = line["cakupan_persen"].replace(".", ",") + "%"

    assert len(seen) == 2 * (len(REGENCIES) + 1)
    for (code, figure), shown in seen.items():
        # Each figure is in at least four outputs, and shows one value in all of them.
        assert len(shown) >= 4, (code, figure, shown)
        assert len(set(shown.values())) == 1, (code, figure, shown)


def test_rounding_is_once_and_half_up() -> None:
    from transforms.numbers import format_percent, round_half_up

    assert format_percent(52.45) == "52,5%"  # not 52,4% (binary) nor a second rounding of 52,449 → 52,45 → 52,5
    assert format_percent(52.449) == "52,4%"
    assert format_percent(0.25, 1) == "0,3%" and format_percent(0.35, 1) == "0,4%"  # half up, not to even
    assert str(round_half_up(2.675, 2)) == "2.68"
