"""Small exports and rosters written the ways other offices write them, for the tests of what a file
means: which column holds which measure, every sheet and table, merged cells, money in either
convention, implausible totals, and people (NIKs that arrived as numbers, rosters in parts).

Each builder writes one file into a folder and returns its path; the numbers are chosen so that a
wrong reading gives a different total from the right one.
"""

from __future__ import annotations

from pathlib import Path

TITLE = ["REKAP KEPESERTAAN BPJS KETENAGAKERJAAN PROGRAM BKBK", "BULAN JUNI 2024", ""]
ROSTER_TITLE = ["DAFTAR PESERTA BPJS KETENAGAKERJAAN", "BULAN JUNI 2024", ""]


def rupiah(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def english(amount: int) -> str:
    return f"{amount:,}"


def write_csv(path: Path, rows: list[list[object]], *, title: list[str] | None = None) -> Path:
    lines = list(TITLE if title is None else title)
    lines += [";".join("" if c is None else str(c) for c in row) for row in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]], *, merges: dict[str, list[str]] | None = None,
               hidden: tuple[str, ...] = ()) -> Path:
    """A workbook with one sheet per entry; ``merges`` lists each sheet's merged ranges ("C4:D4"),
    whose value is the top-left cell's (the other cells of a range are empty, as Excel stores them)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for merged in (merges or {}).get(name, []):
            sheet.merge_cells(merged)
        if name in hidden:
            sheet.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


# --- one measure, one column -------------------------------------------------------------------

def registered_and_active(folder: Path) -> Path:
    """Registered 9.000 / 5.000, active 7.000 / 4.000: active is 11.000."""
    return write_csv(folder / "rekap-terdaftar-aktif-2024-06.csv", [
        ["No", "Kabupaten/Kota", "Jumlah Peserta Terdaftar", "Peserta Aktif", "Iuran (Rp)"],
        [1, "Kerinci", rupiah(9_000), rupiah(7_000), rupiah(7_000 * 16_800)],
        [2, "Merangin", rupiah(5_000), rupiah(4_000), rupiah(4_000 * 16_800)],
    ])


def new_and_active_with_units(folder: Path) -> Path:
    """New 300 / 200 (read as new participants), active 6.000 / 3.500 (orang): active is 9.500."""
    return write_csv(folder / "rekap-baru-aktif-2024-06.csv", [
        ["No", "Kabupaten/Kota", "Jumlah Peserta Baru (orang)", "Peserta Aktif (orang)", "Iuran (Rp)"],
        [1, "Sarolangun", 300, rupiah(6_000), rupiah(6_000 * 16_800)],
        [2, "Tebo", 200, rupiah(3_500), rupiah(3_500 * 16_800)],
    ])


def active_by_sex(folder: Path, *, women: bool = True) -> Path:
    """Men 2.500 / 1.200 and women 1.500 / 800: active is 6.000 (without the women's column: refused)."""
    header = ["No", "Kabupaten/Kota", "Peserta Aktif Laki-laki", "Peserta Aktif Perempuan", "Iuran (Rp)"]
    rows = [[1, "Bungo", rupiah(2_500), rupiah(1_500), rupiah(4_000 * 16_800)],
            [2, "Batanghari", rupiah(1_200), rupiah(800), rupiah(2_000 * 16_800)]]
    if not women:
        header.pop(3)
        for row in rows:
            row.pop(3)
    return write_csv(folder / f"rekap-per-jenis-kelamin{'' if women else '-laki'}-2024-06.csv", [header, *rows])


def active_by_sex_letters(folder: Path) -> Path:
    """"Peserta Aktif (L)" and "(P)": 700 + 300 and 450 + 550, active is 2.000."""
    return write_csv(folder / "rekap-lp-2024-06.csv", [
        ["No", "Kabupaten/Kota", "Peserta Aktif (L)", "Peserta Aktif (P)", "Iuran (Rp)"],
        [1, "Kota Jambi", 700, 300, rupiah(1_000 * 16_800)],
        [2, "Kota Sungai Penuh", 450, 550, rupiah(1_000 * 16_800)],
    ])


def two_columns_one_measure(folder: Path) -> Path:
    """"Peserta Aktif" and "TK Aktif" both mean active participants: refused naming both."""
    return write_csv(folder / "rekap-dua-aktif-2024-06.csv", [
        ["No", "Kabupaten/Kota", "Peserta Aktif", "TK Aktif", "Iuran (Rp)"],
        [1, "Kerinci", 1_000, 1_100, rupiah(1_000 * 16_800)],
    ])


def exited_and_active(folder: Path) -> Path:
    """Exited 400 (not a measure the warehouse holds: recorded as not loaded), active 2.600."""
    return write_csv(folder / "rekap-keluar-aktif-2024-06.csv", [
        ["No", "Kabupaten/Kota", "Peserta Keluar", "Peserta Aktif", "Iuran (Rp)"],
        [1, "Merangin", 400, rupiah(2_600), rupiah(2_600 * 16_800)],
    ])


def only_last_month_active(folder: Path) -> Path:
    """The only 'active' column is last month's: not this month's measure, so refused as missing."""
    return write_csv(folder / "rekap-bulan-lalu-2024-06.csv", [
        ["No", "Kabupaten/Kota", "Peserta Aktif Bulan Lalu", "Iuran (Rp)"],
        [1, "Kerinci", 1_000, rupiah(1_000 * 16_800)],
    ])


# --- every sheet and table ---------------------------------------------------------------------

def _sheet(month: str, rows: list[tuple[str, int]]) -> list[list[object]]:
    body: list[list[object]] = [[f"REKAP KEPESERTAAN BKBK BULAN {month}"], [],
                                ["No", "Kabupaten/Kota", "Peserta Aktif", "Iuran (Rp)"]]
    body += [[i, region, count, count * 16_800] for i, (region, count) in enumerate(rows, start=1)]
    return body


def two_sheets_one_month(folder: Path) -> Path:
    """Sheet one: Kerinci 1.000, Merangin 2.000; sheet two: Tebo 3.000, Bungo 4.000. Total 10.000."""
    return write_xlsx(folder / "rekap-dua-sheet-2024-06.xlsx", {
        "Wilayah Barat": _sheet("JUNI 2024", [("Kerinci", 1_000), ("Merangin", 2_000)]),
        "Wilayah Timur": _sheet("JUNI 2024", [("Tebo", 3_000), ("Bungo", 4_000)]),
    })


def sheets_of_two_months(folder: Path) -> Path:
    return write_xlsx(folder / "rekap-triwulan.xlsx", {
        "Mei 2024": _sheet("MEI 2024", [("Kerinci", 1_000)]),
        "Juni 2024": _sheet("JUNI 2024", [("Kerinci", 1_100)]),
    })


def second_table_of_another_month(folder: Path) -> Path:
    """June's table, then below it a table titled May: not published as June."""
    return write_csv(folder / "rekap-2024-06.csv", [
        ["No", "Kabupaten/Kota", "Peserta Aktif", "Iuran (Rp)"],
        [1, "Kerinci", rupiah(1_000), rupiah(16_800_000)],
        [2, "Merangin", rupiah(2_000), rupiah(33_600_000)],
        [],
        ["REKAP KEPESERTAAN BKBK BULAN MEI 2024"],
        ["No", "Kabupaten/Kota", "Peserta Aktif", "Iuran (Rp)"],
        [1, "Sarolangun", rupiah(900), rupiah(15_120_000)],
    ])


def notes_sheet_beside_data(folder: Path) -> Path:
    """A data sheet and a sheet of notes (text only): the data is read, the notes sheet accounted for."""
    return write_xlsx(folder / "rekap-dengan-catatan-2024-06.xlsx", {
        "Rekap": _sheet("JUNI 2024", [("Kerinci", 1_000), ("Merangin", 2_000)]),
        "Catatan": [["Catatan"], ["Data bersumber dari kantor cabang"], ["Diolah oleh Dinas"]],
    })


def numbers_sheet_without_header(folder: Path) -> Path:
    """A second sheet holding numbers under no header anyone can read: refused naming the sheet."""
    return write_xlsx(folder / "rekap-sheet-tanpa-header-2024-06.xlsx", {
        "Rekap": _sheet("JUNI 2024", [("Kerinci", 1_000)]),
        "Lampiran": [["A", "B", "C"], ["x", 5_000, 84_000_000], ["y", 6_000, 100_800_000]],
    })


# --- merged cells ------------------------------------------------------------------------------

def merged_header_over_sexes(folder: Path) -> Path:
    """"Peserta Aktif" merged over L and P: Kerinci 600 + 400, Tebo 1.000 + 1.500. Active 3.500."""
    rows: list[list[object]] = [
        ["REKAP KEPESERTAAN BKBK BULAN JUNI 2024"], [],
        ["No", "Kabupaten/Kota", "Peserta Aktif", None, "Iuran (Rp)"],
        [None, None, "L", "P", None],
        [1, "Kerinci", 600, 400, 1_000 * 16_800],
        [2, "Tebo", 1_000, 1_500, 2_500 * 16_800],
    ]
    return write_xlsx(folder / "rekap-merge-lp-2024-06.xlsx", {"Rekap": rows},
                      merges={"Rekap": ["C3:D3", "A3:A4", "B3:B4", "E3:E4"]})


def regency_merged_over_rows(folder: Path) -> Path:
    """Kerinci merged over three funding rows (3.000 + 2.500 + 1.200 = 6.700), Merangin one row 900."""
    rows: list[list[object]] = [
        ["REKAP KEPESERTAAN BULAN JUNI 2024"], [],
        ["No", "Kabupaten/Kota", "Sumber Dana", "Peserta Aktif", "Iuran (Rp)"],
        [1, "Kerinci", "APBD Provinsi", 3_000, 3_000 * 16_800],
        [None, None, "APBD Kab/Kota", 2_500, 2_500 * 16_800],
        [None, None, "APBDes", 1_200, 1_200 * 16_800],
        [2, "Merangin", "APBD Provinsi", 900, 900 * 16_800],
    ]
    return write_xlsx(folder / "rekap-merge-wilayah-2024-06.xlsx", {"Rekap": rows},
                      merges={"Rekap": ["A4:A6", "B4:B6"]})


def number_merged_over_regencies(folder: Path) -> Path:
    """One count merged over two regencies' rows: whose is it? Refused naming the range."""
    rows: list[list[object]] = [
        ["REKAP KEPESERTAAN BKBK BULAN JUNI 2024"], [],
        ["No", "Kabupaten/Kota", "Peserta Aktif", "Iuran (Rp)"],
        [1, "Kerinci", 5_000, 5_000 * 16_800],
        [2, "Merangin", None, 3_000 * 16_800],
    ]
    return write_xlsx(folder / "rekap-merge-angka-2024-06.xlsx", {"Rekap": rows}, merges={"Rekap": ["C4:C5"]})


# --- money -------------------------------------------------------------------------------------

CLAIMS_TITLE = ["REKAP KLAIM JKK JKM", "BULAN JUNI 2024", ""]
CLAIMS_HEADER = ["No", "Kabupaten/Kota", "Program", "Jumlah Kasus", "Nominal Manfaat (Rp)"]


def claims_english_small_amounts(folder: Path) -> Path:
    """English separators, every amount below a million: 725,000 and 940,000 are rupiah, not 725."""
    return write_csv(folder / "klaim-kecil-2024-06.csv", [
        CLAIMS_HEADER,
        [1, "Kerinci", "JKK", 1, "725,000"],
        [2, "Merangin", "JKK", 2, "940,000"],
    ], title=CLAIMS_TITLE)


def claims_english_with_one_dotted(folder: Path) -> Path:
    """An English file whose one amount "310.000" is three hundred and ten thousand."""
    return write_csv(folder / "klaim-campur-2024-06.csv", [
        CLAIMS_HEADER,
        [1, "Kerinci", "JKM", 1, "42,000,000.00"],
        [2, "Merangin", "JKM", 2, "84,000,000.00"],
        [3, "Tebo", "JKK", 1, "310.000"],
    ], title=CLAIMS_TITLE)


def claims_amount_needs_a_guess(folder: Path) -> Path:
    """"12.5" rupiah: twelve and a half, or a typo? Refused naming the cell."""
    return write_csv(folder / "klaim-tebak-2024-06.csv", [
        CLAIMS_HEADER,
        [1, "Kerinci", "JKM", 1, "42.000.000"],
        [2, "Merangin", "JKK", 1, "12.5"],
    ], title=CLAIMS_TITLE)


def claims_below_benefit_scale(folder: Path) -> Path:
    """Four JKM deaths paid Rp 1.200.000 in all (Rp 300.000 a case, against about Rp 42 juta): a warning."""
    return write_csv(folder / "klaim-skala-2024-06.csv", [
        CLAIMS_HEADER,
        [1, "Kerinci", "JKM", 4, rupiah(1_200_000)],
        [2, "Merangin", "JKM", 1, rupiah(42_000_000)],
    ], title=CLAIMS_TITLE)


# --- plausibility ------------------------------------------------------------------------------

def regencies_beyond_workforce(folder: Path) -> Path:
    """Every regency 2.000.000 active: each beyond its potential workers, the province about 1.700%."""
    from transforms.regions import REGENCIES

    rows: list[list[object]] = [["No", "Kabupaten/Kota", "Peserta Aktif", "Iuran (Rp)"]]
    rows += [[i, r.name, rupiah(2_000_000), rupiah(2_000_000 * 16_800)] for i, r in enumerate(REGENCIES, start=1)]
    return write_csv(folder / "rekap-mustahil-2024-06.csv", rows)


def month_of(folder: Path, month: int, counts: dict[str, int]) -> Path:
    names = {5: "MEI", 6: "JUNI", 7: "JULI"}
    rows: list[list[object]] = [["No", "Kabupaten/Kota", "Peserta Aktif", "Iuran (Rp)"]]
    rows += [[i, region, rupiah(n), rupiah(n * 16_800)] for i, (region, n) in enumerate(counts.items(), start=1)]
    return write_csv(folder / f"rekap-2024-{month:02d}.csv", rows,
                     title=["REKAP KEPESERTAAN BKBK", f"BULAN {names[month]} 2024", ""])


def reference_yaml(folder: Path, name: str, rows: list[str], *, year: int = 2025) -> Path:
    text = "\n".join([
        f"series: uji-{name}", "version: 1", "measure: pekerja_potensial", "unit: orang",
        "code_system: kemendagri", "source:", "  publisher: BPJS Ketenagakerjaan",
        "  table_title: Pekerja potensial", "  url: https://example.org/tabel", "  retrieved: 2026-01-05",
        "method: published", "rows:", *rows]) + "\n"
    path = folder / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("YEAR", str(year)), encoding="utf-8")
    return path


# --- people ------------------------------------------------------------------------------------

ROSTER_HEADER = ["No", "NIK", "Nama", "Kabupaten/Kota", "Segmen", "Program", "Tanggal Mulai", "Sumber Dana"]
# Structurally valid NIKs (Jambi codes, real birth dates, serials other than 0000).
NIKS = ["1501024506880003", "1502031207790011", "1503046101950007", "1504051503820021",
        "1505064410910002", "1508072209850015", "1509015508930004", "1571020101700009"]


def roster(folder: Path, name: str, people: list[tuple[str, str, str]], *, nik_header: str = "NIK",
           starts: list[str] | None = None) -> Path:
    """A roster CSV: one row per (NIK, regency, funding source)."""
    header = [nik_header if h == "NIK" else h for h in ROSTER_HEADER]
    rows: list[list[object]] = [header]
    for i, (nik, region, funding) in enumerate(people, start=1):
        start = starts[i - 1] if starts else "01/02/2024"
        rows.append([i, nik, f"Peserta {i}", region, "BPU", "JKK-JKM", start, funding])
    return write_csv(folder / name, rows, title=ROSTER_TITLE)


def roster_xlsx_numeric_niks(folder: Path) -> Path:
    """A workbook roster whose NIK cells are numbers (Excel keeps 15 significant digits)."""
    rows: list[list[object]] = [["DAFTAR PESERTA BULAN JUNI 2024"], [], ROSTER_HEADER]
    rows.append([1, NIKS[0], "Peserta 1", "Kerinci", "BPU", "JKK-JKM", "01/02/2024", "APBD Provinsi"])
    rows.append([2, float(NIKS[1]), "Peserta 2", "Merangin", "BPU", "JKK-JKM", "01/02/2024", "APBD Provinsi"])
    rows.append([3, int(NIKS[2]), "Peserta 3", "Sarolangun", "BPU", "JKK-JKM", "01/02/2024", "APBD Provinsi"])
    return write_xlsx(folder / "daftar-angka-2024-06.xlsx", {"Daftar": rows})


def active_by_age(folder: Path, *, complete: bool = True) -> Path:
    """Active participants in three age bands (600 + 900 + 500 = 2.000); without the top band: refused."""
    header = ["No", "Kabupaten/Kota", "Peserta Aktif < 25 Tahun", "Peserta Aktif 25-44 Tahun",
              "Peserta Aktif 45 Tahun ke Atas", "Iuran (Rp)"]
    row: list[object] = [1, "Sarolangun", 600, 900, 500, rupiah(2_000 * 16_800)]
    if not complete:
        header.pop(4)
        row.pop(4)
    return write_csv(folder / f"rekap-usia{'' if complete else '-sebagian'}-2024-06.csv", [header, row])


def active_whole_beside_its_parts(folder: Path) -> Path:
    """Men, women and "(L+P)": the whole is read (1.900, not 1.900 + 1.000 + 900), the parts noted."""
    return write_csv(folder / "rekap-lp-jumlah-2024-06.csv", [
        ["No", "Kabupaten/Kota", "Peserta Aktif L", "Peserta Aktif P", "Jumlah Peserta Aktif (L+P)", "Iuran (Rp)"],
        [1, "Tebo", rupiah(1_000), 900, rupiah(1_900), rupiah(1_900 * 16_800)],
    ])
