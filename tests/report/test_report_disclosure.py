"""Disclosure control that holds: a reader of the month's regency table (HTML, Excel or CSV) who tries
to work a suppressed cell out of the totals, the other cells or the rupiah amounts (an amount divided
by the benefit or contribution rate) finds more than one possible value every time."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import text

MARKS = ("<", "•")
COUNTS = {"claims_cases": "benefits_paid_idr", "active_participants": "contributions_idr"}


def _number(shown: str) -> int | None:
    shown = shown.replace("Rp", "").replace(".", "").strip()
    return None if shown.startswith(MARKS) or not shown else int(shown)


def _html_table(html: Path) -> dict[str, dict[str, str]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    tables = soup.select("#kabupaten table")
    out: dict[str, dict[str, str]] = {}
    for row in tables[0].select("tbody tr"):
        cells = [" ".join(td.get_text(" ", strip=True).split()) for td in row.find_all("td")]
        if len(cells) >= 5:
            out.setdefault(cells[0].split(" kode ")[0], {})["active_participants"] = cells[1]
    for row in tables[1].select("tbody tr"):
        cells = [" ".join(td.get_text(" ", strip=True).split()) for td in row.find_all("td")]
        out.setdefault(cells[0], {}).update(contributions_idr=cells[1], claims_cases=cells[2],
                                            benefits_paid_idr=cells[3])
    return out


def _attack(table: dict[str, dict[str, str]], truth: dict[str, dict[str, int]], threshold: int,
            rates: dict[str, float]) -> list[str]:
    """Every way a reader could pin a suppressed cell down; what it recovered."""
    recovered = []
    regions = [name for name in table if name != "Provinsi Jambi"]
    for column in (*COUNTS, *COUNTS.values()):
        hidden = [n for n in regions if _number(table[n][column]) is None]
        if not hidden:
            continue
        rest = sum(_number(table[n][column]) or 0 for n in regions if n not in hidden)
        total = _number(table["Provinsi Jambi"][column])
        assert total is not None
        remainder = total - rest
        # Bounds a reader knows: "<5" is 1..4; "•" anything from 0 to the remainder.
        bounds = {n: (1, threshold - 1) if table[n][column].startswith("<") else (0, remainder) for n in hidden}
        for name in hidden:
            others = [bounds[o] for o in hidden if o != name]
            low = max(bounds[name][0], remainder - sum(hi for _lo, hi in others))
            high = min(bounds[name][1], remainder - sum(lo for lo, _hi in others))
            if low >= high:
                recovered.append(f"{name} {column} = {low} by subtraction")
    for count, amount in COUNTS.items():
        shown_rows = [n for n in regions if _number(table[n][count]) and _number(table[n][amount])]
        average = sum(_number(table[n][amount]) or 0 for n in shown_rows) / \
            sum(_number(table[n][count]) or 0 for n in shown_rows)
        for name in regions:
            money = _number(table[name][amount])
            if _number(table[name][count]) is not None or money is None:
                continue
            for rate in (rates[amount], average):
                if round(money / rate) == truth[name][count]:
                    recovered.append(f"{name} {count} = {money} / {rate:.0f}")
    return recovered


def test_no_suppressed_cell_can_be_recovered_by_subtraction_or_division(sample_month: Path) -> None:
    from openpyxl import load_workbook

    from core.settings import get_settings
    from pantau.tasks.report import build
    from transforms.programmes import BENEFIT_PER_CASE_IDR, PROGRAMME_MONTHLY_CONTRIBUTION_IDR
    from transforms.regions import REGENCIES
    from warehouse.db import get_engine

    threshold = get_settings().small_cell_threshold
    names = {r.code: r.name for r in REGENCIES}
    truth: dict[str, dict[str, int]] = {name: {} for name in names.values()}
    with get_engine().connect() as db:
        for code, cases in db.execute(text("SELECT region_code, SUM(cases) FROM fact_benefit_claims "
                                           "WHERE period_key = 202406 GROUP BY region_code")):
            truth[names[code]]["claims_cases"] = int(cases)
        for code, people in db.execute(text("SELECT region_code, SUM(active_participants) FROM fact_coverage_monthly "
                                            "WHERE period_key = 202406 GROUP BY region_code")):
            truth[names[code]]["active_participants"] = int(people)
    small = [n for n, t in truth.items() if 0 < t.get("claims_cases", 0) < threshold]
    assert small, "the sample month has small claim counts to protect"

    paths = build("2024-06")
    rates = {"benefits_paid_idr": float(BENEFIT_PER_CASE_IDR["JKM"]),
             "contributions_idr": float(PROGRAMME_MONTHLY_CONTRIBUTION_IDR)}
    table = _html_table(Path(paths["html"]))
    for name in small:
        assert table[name]["claims_cases"] == f"<{threshold}"
    assert _attack(table, truth, threshold, rates) == []

    # The workbook and the CSV show the same cells hidden, so neither leaks what the page hides.
    sheet = load_workbook(paths["xlsx"])["Kabupaten-Kota"]
    header = [c.value for c in sheet[1]]
    columns = {"active_participants": "Peserta aktif", "contributions_idr": "Iuran (Rp)",
               "claims_cases": "Klaim (kasus)", "benefits_paid_idr": "Manfaat (Rp)"}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        name = "Provinsi Jambi" if row[0] == "15" else row[1]
        for column, title in columns.items():
            value = row[header.index(title)]
            assert (isinstance(value, str) and value.startswith(MARKS)) == (_number(table[name][column]) is None)
    with open(paths["csv"], encoding="utf-8-sig", newline="") as handle:
        for line in csv.DictReader(handle):
            name = "Provinsi Jambi" if line["kode_wilayah"] == "15" else line["wilayah"]
            for column, key in (("active_participants", "peserta_aktif"), ("contributions_idr", "iuran_rp"),
                                ("claims_cases", "klaim_kasus"), ("benefits_paid_idr", "manfaat_rp")):
                assert line[key].startswith(MARKS) == (_number(table[name][column]) is None), (name, column)


def test_primary_suppression_alone_is_recoverable_which_is_why_secondary_exists() -> None:
    """The attack finds what the old rule left open: one small cell beside a published total and amount."""
    from reports.disclosure import suppress

    rows = {"a": {"claims_cases": 3, "benefits_paid_idr": 126_000_000}, "b": {"claims_cases": 40,
            "benefits_paid_idr": 1_680_000_000}, "c": {"claims_cases": 20, "benefits_paid_idr": 840_000_000}}
    hidden = suppress(rows, 5, links=(("claims_cases", "benefits_paid_idr"),))
    assert hidden[("a", "claims_cases")] == "primary" and ("a", "benefits_paid_idr") in hidden
    # A second, larger cell of each column goes too, so the total gives only a sum.
    assert {k for k, c in hidden if c == "claims_cases"} == {"a", "c"}
    assert {k for k, c in hidden if c == "benefits_paid_idr"} == {"a", "c"}
