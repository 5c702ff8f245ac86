"""Write the corpus of malformed exports (run: python -m tests.bad_inputs.make_corpus).

Each file is malformed in one way. ``EXPECTED`` says what Pantau must do with it: reject the
whole file with a message containing the given fragments, or quarantine the given rows with a
reason containing the fragment. The generated files are committed; this script documents them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = "No;Kabupaten/Kota;Segmen;Program;Sumber Dana;Peserta Aktif;Iuran (Rp)"
TITLE = "REKAP KEPESERTAAN BPJS KETENAGAKERJAAN\nBULAN JUNI 2024\n"
GOOD = ["1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10.000;168.000.000",
        "2;Merangin;BPU;JKK-JKM;APBD Provinsi;2.000;33.600.000"]

# file name -> ("rejected", [fragments]) | ("quarantined", {row_number: fragment})
EXPECTED: dict[str, tuple[str, object]] = {}


def csv_file(name: str, lines: list[str], expected: tuple[str, object], *, encoding: str = "utf-8",
             title: str = TITLE) -> None:
    (HERE / name).write_bytes((title + "\n".join(lines) + "\n").encode(encoding))
    EXPECTED[name] = expected


def raw_file(name: str, data: bytes, expected: tuple[str, object]) -> None:
    (HERE / name).write_bytes(data)
    EXPECTED[name] = expected


def xlsx_file(name: str, rows: list[list[object]], expected: tuple[str, object], *, sheets: int = 1,
              formula_at: tuple[int, int] | None = None, hidden_first: bool = False) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(HERE / name))
    workbook.set_properties({"created": __import__("datetime").datetime(2024, 7, 1)})
    if hidden_first or sheets > 1:
        empty = workbook.add_worksheet("Kosong")
        if hidden_first:
            empty.hide()
    sheet = workbook.add_worksheet("Rekap Juni 2024")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if formula_at == (r, c):
                sheet.write_formula(r, c, str(value))  # no cached value is stored
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    workbook.close()
    if formula_at is not None:
        _drop_cached_values(HERE / name)
    EXPECTED[name] = expected


def _workbook(name: str, sheets: dict[str, list[list[object]]], merges: dict[str, list[str]],
              expected: tuple[str, object]) -> None:
    """A workbook of several sheets, or with merged ranges (each cell of a range empty but the first)."""
    import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.created = workbook.properties.modified = datetime.datetime(2024, 7, 1)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for merged in merges.get(title, []):
            sheet.merge_cells(merged)
    workbook.save(HERE / name)
    EXPECTED[name] = expected


def _drop_cached_values(path: Path) -> None:
    """Remove stored formula results, as a file written by a non-Excel tool may have none."""
    import re

    source = zipfile.ZipFile(path)
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    source.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            if name.startswith("xl/worksheets/"):
                data = re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", data)
            target.writestr(zipfile.ZipInfo(name, date_time=(2024, 7, 1, 0, 0, 0)), data)


def rows_for_xlsx(extra: list[list[object]] | None = None) -> list[list[object]]:
    return [["REKAP KEPESERTAAN BULAN JUNI 2024"], [],
            ["No", "Kabupaten/Kota", "Segmen", "Program", "Sumber Dana", "Peserta Aktif", "Iuran (Rp)"],
            [1, "Kab. Kerinci", "BPU", "JKK-JKM", "APBD Provinsi", 10000, 168000000],
            *(extra or [])]


def build() -> dict[str, tuple[str, object]]:
    EXPECTED.clear()
    raw_file("empty.csv", b"", ("rejected", ["empty.csv", "empty"]))
    raw_file("whitespace_only.csv", b"\n\n  \n;;;\n", ("rejected", ["no data"]))
    raw_file("binary_garbage.csv", bytes(range(256)) * 8, ("rejected", ["binary"]))
    raw_file("utf16_no_bom.csv", (TITLE + HEADER + "\n" + GOOD[0]).encode("utf-16-le"), ("rejected", ["UTF-16"]))
    buffer = io.BytesIO()
    xlsx_file("_good.xlsx", rows_for_xlsx(), ("published", None))
    good_xlsx = (HERE / "_good.xlsx").read_bytes()
    (HERE / "_good.xlsx").unlink()
    EXPECTED.pop("_good.xlsx")
    raw_file("truncated.xlsx", good_xlsx[: len(good_xlsx) // 2], ("rejected", ["truncated or corrupt"]))
    raw_file("html_saved_as.xlsx", b"<!DOCTYPE html><html><body><table><tr><td>Kerinci</td></tr></table></body></html>",
             ("rejected", ["HTML"]))
    raw_file("not_a_zip.xlsx", b"ID;Kerinci;10\n" * 20, ("rejected", ["not an XLSX workbook"]))
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    raw_file("zip_without_workbook.xlsx", buffer.getvalue(), ("rejected", ["XLSX"]))
    raw_file("old_excel.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ("rejected", [".xls", "not supported"]))
    raw_file("unknown_type.json", b'{"a": 1}', ("rejected", ["unsupported file type"]))
    csv_file("title_only.csv", [], ("rejected", ["no header row"]))
    csv_file("header_only.csv", [HEADER], ("rejected", ["no data rows"]))
    csv_file("no_header.csv", ["Kerinci;10;20", "Merangin;30;40"], ("rejected", ["no header row"]))
    csv_file("missing_contributions.csv", ["No;Kabupaten/Kota;Segmen;Program;Sumber Dana;Peserta Aktif",
                                           "1;Kerinci;BPU;JKK-JKM;APBD Provinsi;10"],
             ("rejected", ["'Iuran'", "missing", "row 3"]))
    csv_file("missing_funding.csv", ["No;Kabupaten/Kota;Peserta Aktif;Iuran", "1;Kerinci;10;168.000"],
             ("rejected", ["Sumber Dana", "missing"]))
    csv_file("duplicate_header.csv", ["No;Kabupaten/Kota;Sumber Dana;Peserta Aktif;Peserta Aktif;Iuran",
                                      "1;Kerinci;APBD Provinsi;10;10;168.000"],
             ("rejected", ["appears twice", "Peserta Aktif"]))
    csv_file("wrong_period.csv", [HEADER, *GOOD], ("rejected", ["Mei 2024", "Juni 2024"]),
             title="REKAP KEPESERTAAN\nBULAN MEI 2024\n")
    csv_file("no_period.csv", [HEADER, *GOOD], ("rejected", ["no reporting period"]), title="REKAP KEPESERTAAN\n")
    csv_file("several_periods.csv", ["Periode;Kabupaten/Kota;Sumber Dana;Peserta Aktif;Iuran",
                                     "Juni 2024;Kerinci;APBD Provinsi;10;168.000",
                                     "Mei 2024;Merangin;APBD Provinsi;10;168.000"],
             ("rejected", ["several periods"]), title="")
    csv_file("huge_cell.csv", [HEADER, GOOD[0] + ";" + "x" * 1_000_000], ("rejected", ["characters", "row 4", "column 'H'"]))
    csv_file("too_many_columns.csv", [HEADER + ";" * 300, GOOD[0] + ";1" * 300], ("rejected", ["columns"]))
    csv_file("undecodable.csv", [HEADER, "1;Kerinci;BPU;JKK-JKM;APBD Provinsi;10;168.000"],
             ("rejected", ["neither UTF-8 nor Windows-1252"]), encoding="utf-8")
    (HERE / "undecodable.csv").write_bytes((HERE / "undecodable.csv").read_bytes() + b"\x81\x8d\x8f\x90\x9d\n")
    csv_file("total_not_a_number.csv", [HEADER, *GOOD, "JUMLAH;;;;;banyak;201.600.000"],
             ("rejected", ["total row", "banyak", "row 6", "Peserta Aktif"]))
    xlsx_file("formula_without_value.xlsx", rows_for_xlsx([[2, "Merangin", "BPU", "JKK-JKM", "APBD Provinsi",
                                                            "=F4*2", 1]]),
              ("rejected", ["formula", "row 5", "column 'F'"]), formula_at=(4, 5))
    xlsx_file("data_on_second_sheet.xlsx", rows_for_xlsx(), ("published", None), sheets=2)
    xlsx_file("hidden_first_sheet.xlsx", rows_for_xlsx(), ("published", None), hidden_first=True)
    # Row-level faults: the file loads, the bad rows are quarantined with their reason.
    csv_file("unknown_region.csv", [HEADER, *GOOD, "3;Kab. Atlantis;BPU;JKK-JKM;APBD Provinsi;5;84.000"],
             ("quarantined", {6: "unknown region name 'Kab. Atlantis'"}))
    csv_file("ambiguous_jambi.csv", [HEADER, *GOOD, "3;Jambi;BPU;JKK-JKM;APBD Provinsi;5;84.000"],
             ("quarantined", {6: "ambiguous"}))
    csv_file("text_in_numeric.csv", [HEADER, *GOOD, "3;Tebo;BPU;JKK-JKM;APBD Provinsi;12a;201.600"],
             ("quarantined", {6: "'12a' is not a number"}))
    csv_file("negative_count.csv", [HEADER, *GOOD, "3;Tebo;BPU;JKK-JKM;APBD Provinsi;-5;84.000"],
             ("quarantined", {6: "negative value"}))
    csv_file("fractional_people.csv", [HEADER, *GOOD, "3;Tebo;BPU;JKK-JKM;APBD Provinsi;12,5;210.000"],
             ("quarantined", {6: "not a whole number"}))
    csv_file("unknown_funding.csv", [HEADER, *GOOD, "3;Tebo;BPU;JKK-JKM;CSR Perusahaan;5;84.000"],
             ("quarantined", {6: "unknown funding source"}))
    csv_file("unknown_programme.csv", [HEADER, *GOOD, "3;Tebo;BPU;JKK-XYZ;APBD Provinsi;5;84.000"],
             ("quarantined", {6: "unknown programme"}))
    csv_file("blank_region.csv", [HEADER, *GOOD, "3;;BPU;JKK-JKM;APBD Provinsi;5;84.000"],
             ("quarantined", {6: "region is blank"}))
    csv_file("implausible_contribution.csv", [HEADER, *GOOD, "3;Tebo;BPU;JKK-JKM;APBD Provinsi;500;1.000"],
             ("quarantined", {6: "contribution_per_participant"}))
    # Batch-level faults: parsed, then refused whole by the data-quality checks.
    csv_file("duplicate_keys.csv", [HEADER, *GOOD, "3;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10;168.000"],
             ("dq_rejected", ["compound columns to be unique"]))
    csv_file("total_mismatch.csv", [HEADER, *GOOD, "JUMLAH;;;;;12.345;201.600.000"],
             ("dq_rejected", ["column pair values to be equal"]))
    csv_file("mixed_conventions.csv", ["No;Kabupaten/Kota;Sumber Dana;Peserta Aktif;Iuran",
                                       "1;Kerinci;APBD Provinsi;10.000;168.000.000",
                                       "2;Merangin;APBD Provinsi;2,000;33,600,000.00",
                                       "3;Tebo;APBD Provinsi;1.500;25.200.000"],
             # "33,600,000.00" is whole rupiah in any convention (a separator before three digits groups
             # thousands), and "2,000" a whole count of people: the row is read, not quarantined.
             ("published", {"active_participants": 13_500, "rows": 3}), title="REKAP BKBK BULAN JUNI 2024\n")
    # English-style numbers in a whole file are accepted: the money column's convention settles
    # the count column's "8,410" (a count of people is whole: a comma and three digits group
    # thousands), in an English file and as the odd cell of an Indonesian one.
    csv_file("english_whole_file.csv", [HEADER, "1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;8,410;141,288,000.00",
                                        "2;Merangin;BPU;JKK-JKM;APBD Provinsi;2,000;33,600,000.00"],
             ("published", None))
    csv_file("english_count_in_indonesian_file.csv",
             [HEADER, *GOOD, "3;Tebo;BPU;JKK-JKM;APBD Provinsi;1,500;25.200.000"], ("published", None))
    # What a column means: read by its whole name and unit, or refused naming the columns.
    csv_file("registered_beside_active.csv", ["No;Kabupaten/Kota;Sumber Dana;Peserta Terdaftar;Peserta Aktif;Iuran",
                                              "1;Kerinci;APBD Provinsi;12.000;10.000;168.000.000"],
             ("published", {"active_participants": 10_000, "rows": 1}))
    csv_file("two_columns_one_measure.csv", ["No;Kabupaten/Kota;Sumber Dana;Jumlah Peserta;Tenaga Kerja Aktif;Iuran",
                                             "1;Kerinci;APBD Provinsi;10.000;10.100;168.000.000"],
             ("rejected", ["'Jumlah Peserta'", "'Tenaga Kerja Aktif'", "both hold active participants"]))
    csv_file("split_by_sex_incomplete.csv", ["No;Kabupaten/Kota;Sumber Dana;Peserta Aktif (P);Iuran",
                                             "1;Kerinci;APBD Provinsi;4.000;168.000.000"],
             ("rejected", ["split", "Laki-laki"]))
    csv_file("second_table_of_may.csv", [HEADER, *GOOD, "", "DATA BULAN MEI 2024", HEADER,
                                         "1;Tebo;BPU;JKK-JKM;APBD Provinsi;5;84.000"],
             ("rejected", ["second table", "Mei 2024", "row 8"]))
    csv_file("rupiah_with_cents.csv", [HEADER, *GOOD, "3;Tebo;BPU;JKK-JKM;APBD Provinsi;5;84.000,50"],
             ("rejected", ["cents", "row 6", "column 'Iuran (Rp)'"]))
    csv_file("coverage_above_workforce.csv", [HEADER, "1;Kota Sungai Penuh;BPU;JKK-JKM;APBD Provinsi;40.000;"
                                              "672.000.000"],
             ("dq_rejected", ["Kota Sungai Penuh (15.72): 40.000 active participants against 35.733"]))
    _workbook("merged_number_over_rows.xlsx", {"Rekap Juni 2024": rows_for_xlsx([
        [2, "Merangin", "BPU", "JKK-JKM", "APBD Provinsi", None, 33600000]])}, {"Rekap Juni 2024": ["F4:F5"]},
        ("rejected", ["the cells F4:F5 are merged", "column 'Peserta Aktif'"]))
    _workbook("sheets_of_two_months.xlsx", {"Mei 2024": [["REKAP KEPESERTAAN BULAN MEI 2024"], *rows_for_xlsx()[1:]],
                                            "Juni 2024": rows_for_xlsx()}, {},
              ("rejected", ["several months", "sheet 'Mei 2024' is Mei 2024"]))
    _workbook("numbers_sheet_without_header.xlsx", {"Rekap Juni 2024": rows_for_xlsx(),
                                                    "Lampiran": [["x", 5000, 84000000], ["y", 6000, 100800000]]}, {},
              ("rejected", ["sheet 'Lampiran' holds 4 numbers", "no header"]))
    # Rosters.
    roster_header = "No;NIK;Nama;Desa/Kelurahan;Kabupaten/Kota;Segmen;Program;Tanggal Mulai;Sumber Dana"
    csv_file("roster_invalid_niks.csv",
             [roster_header, "1;1505014101900001;Siti A;Desa X;Muaro Jambi;BPU;JKK-JKM;01/01/2024;APBD Provinsi",
              "2;150501410190;Budi B;Desa X;Muaro Jambi;BPU;JKK-JKM;01/01/2024;APBD Provinsi",
              "3;9905014101900001;Ani C;Desa X;Muaro Jambi;BPU;JKK-JKM;01/01/2024;APBD Provinsi",
              "4;1505013102900001;Iwan D;Desa X;Muaro Jambi;BPU;JKK-JKM;01/01/2024;APBD Provinsi"],
             ("quarantined", {4: "12 digits", 5: "province code 99", 6: "birth date 31/02"}),
             title="DAFTAR PESERTA BULAN JUNI 2024\n")
    csv_file("roster_nik_as_float.csv",
             [roster_header, "1;1.5050141019E+15;Siti A;Desa X;Muaro Jambi;BPU;JKK-JKM;01/01/2024;APBD Provinsi",
              "2;1505014101900001;Budi B;Desa X;Muaro Jambi;BPU;JKK-JKM;01/01/2024;APBD Provinsi"],
             ("quarantined", {3: "NIK invalid"}), title="DAFTAR PESERTA BULAN JUNI 2024\n")
    csv_file("roster_missing_nik.csv", ["No;Nama;Kabupaten/Kota;Sumber Dana", "1;Siti;Tebo;APBD Provinsi"],
             ("rejected", ["no header row"]), title="DAFTAR PESERTA BULAN JUNI 2024\n")
    _hostile()
    return dict(EXPECTED)


GOOD_TJB = "1;Tanjung Jabung Barat;BPU;JKK-JKM;APBD Provinsi;"


def _hostile() -> None:
    """Inputs that broke Pantau in ways nobody here wrote down first."""
    from extractors.limits import MAX_ROWS
    from tests.bad_inputs import hostile

    # Wrong data that was published with exit 0.
    by_regency = [HEADER, "1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10.000;168.000.000",
                  "2;Kab. Kerinci;BPU;JKK-JKM;APBDes;2.000;33.600.000",
                  "Sub Total Kabupaten Kerinci;;;;;12.000;201.600.000",
                  "3;Merangin;BPU;JKK-JKM;APBD Provinsi;50.000;840.000.000",
                  "4;Merangin;BPU;JKK-JKM;APBDes;26.381;443.200.800",
                  "Sub Total Kabupaten Merangin;;;;;76.381;1.283.200.800"]
    csv_file("subtotal_mid_file.csv", [*by_regency, "JUMLAH;;;;;88.381;1.484.800.800"],
             ("published", {"active_participants": 88381, "rows": 4}))
    csv_file("subtotal_wrong.csv", [*by_regency[:3], "Sub Total Kabupaten Kerinci;;;;;12.001;201.600.000",
                                    *by_regency[4:], "JUMLAH;;;;;88.381;1.484.800.800"],
             ("dq_rejected", ["column pair values to be equal"]))
    csv_file("data_below_total.csv", [HEADER, *GOOD, "JUMLAH;;;;;12.000;201.600.000",
                                      "3;Tebo;BPU;JKK-JKM;APBD Provinsi;5;84.000"],
             ("rejected", ["below the total row 6", "row 7"]))
    undotted = ["Kode Wilayah;Kabupaten/Kota;Sumber Dana;Peserta Aktif;Iuran",
                "1506;Tanjung Jabung Barat;APBD Provinsi;100;1.680.000",
                "1507;Tanjung Jabung Timur;APBD Provinsi;200;3.360.000",
                "1508;Bungo;APBD Provinsi;300;5.040.000", "1509;Tebo;APBD Provinsi;400;6.720.000"]
    csv_file("kemendagri_codes_without_dots.csv", undotted,
             ("published", {"by_region": {"15.06": 100, "15.07": 200, "15.08": 300, "15.09": 400}}),
             title="REKAP BKBK BULAN JUNI 2024\n")
    csv_file("codes_without_names.csv", ["Kode Wilayah;Sumber Dana;Peserta Aktif;Iuran",
                                         "1506;APBD Provinsi;100;1.680.000", "1501;APBD Provinsi;10;168.000"],
             ("rejected", ["1506", "no region names"]), title="REKAP BKBK BULAN JUNI 2024\n")
    csv_file("code_and_name_disagree.csv", [*undotted[:4], "1509;Merangin;APBD Provinsi;400;6.720.000"],
             ("quarantined", {6: "disagree"}), title="REKAP BKBK BULAN JUNI 2024\n")
    csv_file("rekap_juni_2024_says_mei.csv", [HEADER, *GOOD], ("rejected", ["the title says Mei 2024",
                                                                            "the file name says Juni 2024"]),
             title="REKAP KEPESERTAAN\nBULAN MEI 2024\n")
    csv_file("unbalanced_quote.csv", [HEADER, '1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10.000;"168.000.000',
                                      '2;Merangin;BPU;JKK-JKM;APBD Provinsi;2.000;33.600.000"'],
             ("rejected", ["unbalanced quote", "line 4 to line 5", "row 4"]))
    csv_file("quote_never_closed.csv", [HEADER, *GOOD, '3;"Tebo;BPU;JKK-JKM;APBD Provinsi;5;84.000'],
             ("rejected", ["never closed", "line 6"]))
    csv_file("ragged_long_row.csv", [HEADER, GOOD[0], "2;Merangin;BPU;JKK-JKM;APBD;Provinsi;2.000;33.600.000"],
             ("rejected", ["8 fields", "header (row 3) has 7", "row 5"]))
    csv_file("ragged_short_row.csv", [HEADER, GOOD[0], "2;Merangin;BPU;JKK-JKM;APBD Provinsi"],
             ("rejected", ["5 fields", "row 5"]))
    csv_file("amount_above_2_63.csv", [HEADER, *GOOD, "3;Tebo;BPU;JKK-JKM;APBD Provinsi;5;9.223.372.036.854.775.808"],
             ("rejected", ["beyond the largest whole number", "row 6", "column 'Iuran (Rp)'"]))
    csv_file("count_10_24.csv", [HEADER, *GOOD, "3;Tebo;BPU;JKK-JKM;APBD Provinsi;1.000.000.000.000.000.000.000.000;84.000"],
             ("rejected", ["beyond the largest whole number", "row 6", "column 'Peserta Aktif'"]))
    csv_file("claims_cases_beyond_integer.csv", ["No;Kabupaten/Kota;Program;Jumlah Kasus;Nominal Klaim",
                                                 "1;Kab. Kerinci;JKM;3.000.000.000;42.000.000"],
             ("rejected", ["3,000,000,000 is beyond what the warehouse column holds", "row 4", "column 'cases'"]))
    csv_file("period_2099.csv", [HEADER, *GOOD], ("rejected", ["Juni 2099", "outside the reporting periods"]),
             title="REKAP KEPESERTAAN\nBULAN JUNI 2099\n")
    csv_file("period_1989.csv", [HEADER, *GOOD], ("rejected", ["1989-06", "outside the reporting periods"]),
             title="REKAP KEPESERTAAN\nBULAN JUNI 1989\n")
    roster_header = "No;NIK;Nama;Desa/Kelurahan;Kabupaten/Kota;Segmen;Program;Tanggal Mulai;Sumber Dana"
    csv_file("roster_2099.csv", [roster_header, "1;1505014101900001;Siti A;Desa X;Muaro Jambi;BPU;JKK-JKM;"
                                                "01/01/2099;APBD Provinsi"],
             ("rejected", ["Juni 2099", "outside the reporting periods"]), title="DAFTAR PESERTA BULAN JUNI 2099\n")
    csv_file("roster_village_too_long.csv", [roster_header, "1;1505014101900001;Siti A;Desa " + "Panjang " * 20
                                             + ";Muaro Jambi;BPU;JKK-JKM;01/01/2024;APBD Provinsi"],
             ("rejected", ["longer than the 120", "row 3", "column 'village'"]), title="DAFTAR PESERTA BULAN JUNI 2024\n")
    csv_file("[x]-2024-06.csv", [HEADER, *GOOD, "3;[/x]Tebo;BPU;JKK-JKM;APBD Provinsi;5;84.000"],
             ("quarantined", {6: "unknown region name '[/x]Tebo'"}))
    # Small files that cost minutes or gigabytes before; the big ones are made at runtime (hostile.GENERATED).
    for name, maker, fragments in (
            ("far_cell.xlsx", hostile.far_cell_xlsx, ["XFD1048576", "200 columns"]),
            ("far_row.xlsx", hostile.far_row_xlsx, [f"B{MAX_ROWS + 1}", f"{MAX_ROWS:,}-row limit"]),
            ("long_shared_string.xlsx", hostile.long_shared_string_xlsx, ["shared string 1", "10,000 characters"]),
            ("doctype_entities.xlsx", hostile.doctype_xlsx, ["DOCTYPE"])):
        maker(HERE / name)
        EXPECTED[name] = ("rejected", fragments)
    hostile.alias_bomb_yaml(HERE / "alias_bomb.yaml")
    EXPECTED["alias_bomb.yaml"] = ("rejected", ["aliases", "100,000 nodes"], hostile.REFERENCE)  # type: ignore[assignment]
    reference = ("series: {series}\nversion: 1\nunit: {unit}\ncode_system: bps\nsource:\n  publisher: BPS Provinsi Jambi\n"
                 "  table_title: Keadaan ketenagakerjaan\n  url: https://jambi.bps.go.id/\n  retrieved: 2026-11-26\n"
                 "rows:\n  - {{code: \"1501\", name: Kerinci, year: 2023, measure: penduduk_bekerja, value: {value}}}\n")
    for name, fields, fragments in (
            ("reference_unit_too_long.yaml", {"unit": "orang yang bekerja di Jambi", "value": 1000, "series": "s"},
             ["longer than the 16", "row 11", "column 'unit'"]),
            ("reference_value_beyond_bigint.yaml", {"unit": "orang", "value": 10**20, "series": "s"},
             ["100,000,000,000,000,000,000 is beyond", "column 'value'"]),
            ("reference_series_too_long.yaml", {"unit": "orang", "value": 1000, "series": "s" * 200},
             ["longer than the 120", "column 'series'"])):
        raw_file(name, reference.format(**fields).encode(), ("rejected", fragments))
        EXPECTED[name] = (*EXPECTED[name], hostile.REFERENCE)  # type: ignore[assignment]
    raw_file("reference_key_twice.yaml", reference.format(series="s", unit="orang", value=95000).replace(
        "value: 95000}", "value: 95000, value: 950}").encode(), ("rejected", ["'value' is written twice", "row 11"]))
    raw_file("reference_worker_count_of_one.yaml", reference.format(series="s", unit="orang", value=1).encode(),
             ("rejected", ["implausible", "Kerinci (15.01) 2023 penduduk_bekerja 1 is outside"]))
    for name in ("reference_key_twice.yaml", "reference_worker_count_of_one.yaml"):
        EXPECTED[name] = (*EXPECTED[name], hostile.REFERENCE)  # type: ignore[assignment]
    for name, (_maker, outcome, detail, options) in hostile.GENERATED.items():
        EXPECTED[name] = (outcome, detail, {**options, "generated": "yes"})  # type: ignore[assignment]


if __name__ == "__main__":
    import json

    expected = build()
    (HERE / "EXPECTED.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"{len(expected)} files")
