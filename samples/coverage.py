"""Deterministic, realistic sample inputs: messy coverage exports, claims exports and rosters.

The files follow the configured government (core.government): its regions, names, programme and
own budget. The same arguments always produce byte-identical files. For Jambi, magnitudes follow
what is published: about 40% of a 1,31 million workforce covered, from about 27% (Tanjung Jabung
Timur) to about 51% (Batanghari); about 118 thousand BKBK participants paid at exactly Rp 16.800 a
month; a JKM death benefit of Rp 42 juta. A government without a published denominator gets a
synthetic workforce (45% of its population, split evenly). Every person, NIK and name is synthetic.

Each month also carries a few faults a real export has: an unknown region, text in a numeric
cell, a person enrolled twice, an invalid NIK.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from core.government import current
from core.settings import PROJECT_ROOT
from transforms.dates import MONTH_NAMES_ID, Period
from transforms.programmes import FUNDING_SOURCES, PROGRAMME_MONTHLY_CONTRIBUTION_IDR
from transforms.regions import REGENCIES

# Share of each regency's workforce covered (all segments), around the published spread.
COVERAGE_TARGET = {
    "15.01": 0.40, "15.02": 0.36, "15.03": 0.38, "15.04": 0.51, "15.05": 0.42, "15.06": 0.41,
    "15.07": 0.27, "15.08": 0.39, "15.09": 0.35, "15.71": 0.44, "15.72": 0.43,
}
GOVERNMENT = current()
PROGRAMME = GOVERNMENT.main_programme
# How many people the programme pays for: its official target, else a tenth of the covered workers.
PROGRAMME_TOTAL = PROGRAMME.targets[0].participants if PROGRAMME.targets else 0
OWN_FUNDING = next(f.name for f in FUNDING_SOURCES if f.code == GOVERNMENT.own_funding_source)


def _workforce() -> dict[str, int]:
    """Each region's workforce: the government's pekerja potensial series, or a synthetic one."""
    for denominator in GOVERNMENT.denominators:
        if denominator.measure == "pekerja_potensial":
            data = yaml.safe_load((PROJECT_ROOT / "reference" / denominator.file).read_text(encoding="utf-8"))
            found = {str(r["code"]): int(r["value"]) for r in data["rows"]}
            if all(r.code in found for r in REGENCIES):
                return {r.code: found[r.code] for r in REGENCIES}
    return {r.code: int(GOVERNMENT.population * 0.45 / len(REGENCIES)) for r in REGENCIES}


WORKFORCE = _workforce()


@dataclass(frozen=True)
class Mix:
    segment: str
    programme: str
    funding: str
    share: float  # of the regency's covered workers (BKBK handled separately)
    monthly_idr: int  # average contribution per person per month


# Covered workers outside the government's programme, by package and funding source (another level of
# government pays for some vulnerable workers too).
OTHER_BUDGET = "APBD Provinsi" if GOVERNMENT.own_funding_source == "APBD_KAB" else "APBD Kab/Kota"
MIXES = (
    Mix("PU", "JKK-JKM-JHT-JP", "Mandiri", 0.64, 277_000),
    Mix("BPU", "JKK-JKM", OTHER_BUDGET, 0.06, PROGRAMME_MONTHLY_CONTRIBUTION_IDR),
    Mix("BPU", "JKK-JKM", "APBDes", 0.05, PROGRAMME_MONTHLY_CONTRIBUTION_IDR),
    Mix("BPU", "JKK-JKM-JHT", "Mandiri", 0.15, 36_800),
    Mix("Jakon", "JKK-JKM", "Mandiri", 0.08, 31_500),
    Mix("PMI", "JKK-JKM", "Mandiri", 0.02, 37_500),
)

# Header spellings rotate between months, as different offices export differently.
HEADER_STYLES = (
    ("No", "Kabupaten/Kota", "Segmen", "Program", "Sumber Dana", "Peserta Aktif", "Peserta Baru", "Iuran (Rp)"),
    ("No.", "Wilayah", "Segmen Peserta", "Program Jaminan", "Sumber Pendanaan", "Tenaga Kerja Aktif", "TK Baru",
     "Nominal Iuran (Rp)"),
    ("NO", "Kab/Kota", "Segmen", "Program", "Sumber Dana", "Jumlah Peserta", "Peserta Baru", "Jumlah Iuran"),
)
# How region names are written in different months.
SPELLINGS = {
    "15.04": ("Kab. Batanghari", "BATANG HARI", "Batanghari"),
    "15.05": ("Kab. Muaro Jambi", "MUARO JAMBI", "Muarojambi"),
    "15.06": ("Kab. Tanjung Jabung Barat", "TANJAB BARAT", "Tanjabbar"),
    "15.07": ("Kab. Tanjung Jabung Timur", "TANJAB TIMUR", "Tanjabtim"),
    "15.72": ("Kota Sungai Penuh", "SUNGAIPENUH", "Kota Sungai Penuh"),
}
GIVEN = ("Ahmad", "Siti", "Budi", "Nur", "Rahmat", "Dewi", "Hendra", "Yuli", "Agus", "Rina", "Syaiful", "Fitri",
         "Iwan", "Lestari", "Joko", "Maya", "Rudi", "Wati", "Fajar", "Ayu", "Zulkifli", "Sri", "Eko", "Indah")
FAMILY = ("Saputra", "Harahap", "Nasution", "Lubis", "Siregar", "Hasibuan", "Rangkuti", "Pohan", "Effendi",
          "Sembiring", "Wijaya", "Kurniawan", "Pratama", "Hidayat", "Syahputra", "Ramadhan")
OCCUPATIONS = ("Petani karet", "Petani sawit", "Nelayan", "Pedagang kecil", "Buruh harian", "Ojek", "Tukang",
               "Pekebun", "Penjahit", "Pemulung")
VILLAGES = ("Desa Suka Maju", "Desa Tanjung", "Desa Pematang", "Kelurahan Talang Bakung", "Desa Sungai Gelam",
            "Desa Teluk Jambu", "Desa Muara Tembesi", "Kelurahan Pasar", "Desa Rantau Panjang", "Desa Bukit Baling")
FIXED_TIME = datetime(2024, 7, 1, 8, 0, 0)
SAMPLE_START = Period(2024, 4)
BENCH_PERIOD = Period(2024, 6)


def _fmt_id(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _fmt_en(value: int) -> str:
    return f"{value:,}.00"


def _coverage_rows(month_index: int, rng: random.Random) -> list[dict[str, object]]:
    """Canonical rows for one month; month-over-month growth of a few percent."""
    growth = 1 + 0.012 * month_index
    target = {r.code: COVERAGE_TARGET.get(r.code, 0.40) for r in REGENCIES}
    bkbk_weights = {code: WORKFORCE[code] * target[code] for code in target}
    weight_sum = sum(bkbk_weights.values())
    total = PROGRAMME_TOTAL or int(weight_sum / 10)
    rows = []
    for region in REGENCIES:
        code = region.kemendagri_code
        covered = int(WORKFORCE[code] * target[code] * growth * rng.uniform(0.995, 1.005))
        bkbk = int(total * bkbk_weights[code] / weight_sum * (1 + 0.004 * month_index))
        rows.append({"region": code, "segment": "BPU", "programme": "JKK-JKM", "funding": OWN_FUNDING,
                     "active": bkbk, "new": int(bkbk * rng.uniform(0.004, 0.012)),
                     "iuran": bkbk * PROGRAMME_MONTHLY_CONTRIBUTION_IDR})
        rest = covered - bkbk
        for mix in MIXES:
            active = int(rest * mix.share * rng.uniform(0.97, 1.03))
            monthly = mix.monthly_idr if mix.monthly_idr == PROGRAMME_MONTHLY_CONTRIBUTION_IDR else int(
                mix.monthly_idr * rng.uniform(0.95, 1.05))
            rows.append({"region": code, "segment": mix.segment, "programme": mix.programme, "funding": mix.funding,
                         "active": active, "new": int(active * rng.uniform(0.003, 0.02)),
                         "iuran": active * monthly})
    return rows


def _region_text(code: str, month_index: int) -> str:
    region = next(r for r in REGENCIES if r.kemendagri_code == code)
    variants = SPELLINGS.get(code)
    if variants:
        return variants[month_index % len(variants)]
    if region.kind == "city":
        return region.name
    if region.kind == "district":
        return ("Kec. " + region.name, region.name.upper(), "Kecamatan " + region.name)[month_index % 3]
    return ("Kab. " + region.name, region.name.upper(), "Kabupaten " + region.name)[month_index % 3]


def _export_table(period: Period, month_index: int, rows: list[dict[str, object]], rows_per_month: int,
                  english: bool) -> tuple[list[list[str]], list[str]]:
    """Title rows, header, data (with two faulty rows), a reconciling JUMLAH row, notes, signature."""
    header = list(HEADER_STYLES[month_index % len(HEADER_STYLES)])
    fmt = _fmt_en if english else _fmt_id
    chosen = rows[:rows_per_month]
    body: list[list[str]] = []
    total_active = total_iuran = 0
    for number, row in enumerate(chosen, start=1):
        active, iuran = int(row["active"]), int(row["iuran"])  # type: ignore[call-overload]
        new = int(row["new"])  # type: ignore[call-overload]
        body.append([str(number), _region_text(str(row["region"]), month_index), str(row["segment"]),
                     str(row["programme"]), str(row["funding"]), fmt(active), "-" if new == 0 else fmt(new),
                     fmt(iuran)])
        total_active += active
        total_iuran += iuran
    # Faults: a region that does not exist, and a typo in a count (both quarantined, not fatal).
    ghost_active = 37 + month_index
    body.append([str(len(body) + 1), f"Kab. {GOVERNMENT.short_name} Selatan", "BPU", "JKK-JKM", OWN_FUNDING,
                 fmt(ghost_active), "-",
                 fmt(ghost_active * PROGRAMME_MONTHLY_CONTRIBUTION_IDR)])
    total_active += ghost_active
    total_iuran += ghost_active * PROGRAMME_MONTHLY_CONTRIBUTION_IDR
    typo_region = next((r.name for r in REGENCIES if r.kind == "city"), REGENCIES[0].name)
    body.append([str(len(body) + 1), typo_region, "Jakon", "JKK-JKM", "Mandiri", "1.2O4", "-", fmt(0)])
    title = [f"REKAP KEPESERTAAN BPJS KETENAGAKERJAAN {GOVERNMENT.name.upper()}",
             f"BULAN {MONTH_NAMES_ID[period.month - 1].upper()} {period.year}"]
    footer = [["JUMLAH", "", "", "", "", fmt(total_active), "", fmt(total_iuran)],
              [],
              [f"Catatan: data sementara, diolah dari kantor cabang BPJS Ketenagakerjaan se-{GOVERNMENT.name}"],
              [f"{GOVERNMENT.short_name}, {28 if period.month == 2 else 30} {MONTH_NAMES_ID[period.month - 1]} "
               f"{period.year}"],
              ["Kepala Bidang Jaminan Sosial"],
              ["Drs. Contoh Pejabat, M.Si"],
              ["NIP. 19700101 199503 1 001"]]
    return [[t] for t in title] + [[]] + [header] + body + footer, header


def _write_csv(path: Path, table: list[list[str]], *, delimiter: str, encoding: str) -> None:
    buffer = io.StringIO()
    width = max(len(r) for r in table)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in table:
        writer.writerow(row + [""] * (width - len(row)))
    data = buffer.getvalue()
    path.write_bytes(data.encode("utf-8-sig") if encoding == "utf-8-sig" else data.encode(encoding))


def _write_xlsx(path: Path, table: list[list[str]], sheet: str) -> None:
    # Heavy: XlsxWriter, loaded only when this runs.
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    workbook.set_properties({"created": FIXED_TIME, "author": "Pantau sample generator"})
    worksheet = workbook.add_worksheet(sheet)
    bold = workbook.add_format({"bold": True, "align": "center"})
    width = max(len(r) for r in table)
    for row_index, row in enumerate(table):
        if len(row) == 1 and row_index < 3:
            worksheet.merge_range(row_index, 0, row_index, width - 1, row[0], bold)
            continue
        for column, value in enumerate(row):
            # Counts go in as numbers where they are clean, as Excel users type them.
            plain = value.replace(".", "") if value and value.replace(".", "").isdigit() else None
            if plain is not None and row_index > 3 and column >= 5:
                worksheet.write_number(row_index, column, int(plain))
            else:
                worksheet.write_string(row_index, column, value)
    workbook.close()


def _claims_table(period: Period, month_index: int, rng: random.Random) -> list[list[str]]:
    table: list[list[str]] = [[f"REKAP KLAIM JKK DAN JKM PEKERJA RENTAN BULAN {MONTH_NAMES_ID[period.month - 1]} "
                               f"{period.year}"], [],
                              ["No", "Kabupaten/Kota", "Program", "Jumlah Kasus", "Nominal Manfaat (Rp)"]]
    number = 0
    for region in REGENCIES:
        scale = WORKFORCE[region.kemendagri_code] / 100_000
        jkm = max(0, int(rng.gauss(4 * scale, 1.5)))
        jkk = max(0, int(rng.gauss(6 * scale, 2)))
        for programme, cases, amount in (("JKM", jkm, jkm * 42_000_000),
                                         ("JKK", jkk, sum(rng.randint(2, 70) * 1_000_000 for _ in range(jkk)))):
            number += 1
            table.append([str(number), _region_text(region.kemendagri_code, month_index), programme,
                          _fmt_id(cases), _fmt_id(amount)])
    return table


def _nik_place(rng: random.Random, region_code: str) -> str:
    """The first six digits of a NIK of a region: a regency's code and a district in it, or a district's code."""
    digits = region_code.replace(".", "")
    district = rng.randint(1, 12)
    return digits if len(digits) == 6 else f"{digits}{district:02d}"


def _nik(rng: random.Random, regency_code: str) -> str:
    born = date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
    day = born.day + (40 if rng.random() < 0.5 else 0)
    return (f"{_nik_place(rng, regency_code)}{day:02d}{born.month:02d}{born.year % 100:02d}"
            f"{rng.randint(1, 9999):04d}")


def _roster_table(period: Period, rng: random.Random, people: int) -> list[list[str]]:
    header = ["No", "NIK", "Nama", "Desa/Kelurahan", "Kabupaten/Kota", "Pekerjaan", "Segmen", "Program",
              "Tanggal Mulai", "Sumber Dana"]
    rows: list[list[str]] = []
    for number in range(1, people + 1):
        region = rng.choice(REGENCIES)
        start = date(period.year - rng.randint(0, 2), rng.randint(1, 12), 1)
        funding = OWN_FUNDING if rng.random() < 0.8 else rng.choice((OTHER_BUDGET, "APBDes"))
        rows.append([str(number), _nik(rng, region.kemendagri_code), f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                     rng.choice(VILLAGES), region.name, rng.choice(OCCUPATIONS), "BPU", "JKK-JKM",
                     start.strftime("%d/%m/%Y"), funding])
    # Faults an auditor must see: the same person enrolled by two regencies, and by the budget
    # while also paying themselves; and NIKs that cannot be right.
    twice = rows[3]
    other = next(r for r in REGENCIES if r.name != twice[4])
    rows.append([str(len(rows) + 1), twice[1], twice[2], twice[3], other.name, twice[5], "BPU", "JKK-JKM",
                 twice[8], OTHER_BUDGET])
    selfpaid = rows[7]
    rows.append([str(len(rows) + 1), selfpaid[1], selfpaid[2], selfpaid[3], selfpaid[4], selfpaid[5], "BPU",
                 "JKK-JKM-JHT", selfpaid[8], "Mandiri"])
    faulty = REGENCIES[min(4, len(REGENCIES) - 1)]
    digits = faulty.code.replace(".", "")
    place = digits if len(digits) == 6 else f"{digits}01"  # a district of the region
    rows.append([str(len(rows) + 1), f"{place}311299", "Data Tidak Lengkap", "Desa Tanjung", faulty.name,
                 "Petani karet", "BPU", "JKK-JKM", "01/01/2024", OWN_FUNDING])
    rows.append([str(len(rows) + 1), f"{place}3102900001", "Tanggal Salah", "Desa Tanjung", faulty.name,
                 "Petani karet", "BPU", "JKK-JKM", "01/01/2024", OWN_FUNDING])
    month = MONTH_NAMES_ID[period.month - 1].upper()
    title = [f"DAFTAR PESERTA {PROGRAMME.name.upper()} PEKERJA RENTAN BULAN {month} {period.year}"]
    return [title, [], header, *rows]


def generate_coverage_samples(out_dir: Path, *, months: int = 3, rows_per_month: int = 77,
                              start: Period = SAMPLE_START, seed: int = 20240601,
                              roster_people: int = 200) -> list[Path]:
    """Write ``months`` monthly coverage exports, claims exports and rosters into ``out_dir``.

    ``rows_per_month`` caps the data rows of each coverage export (there are 77 distinct
    region × segment × programme × funding combinations).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    period = start
    for index in range(months):
        rng = random.Random(f"{seed}-{period}")
        rows = _coverage_rows(index, rng)
        kind = index % 3
        table, _header = _export_table(period, index, rows, rows_per_month, english=(kind == 2))
        if kind == 0:
            path = out_dir / f"rekap-kepesertaan-{period}.xlsx"
            _write_xlsx(path, table, sheet=f"Rekap {MONTH_NAMES_ID[period.month - 1]} {period.year}")
        elif kind == 1:
            path = out_dir / f"rekap-kepesertaan-{period}.csv"
            _write_csv(path, table, delimiter=";", encoding="utf-8-sig")
        else:
            path = out_dir / f"rekap-kepesertaan-{period}.csv"
            _write_csv(path, table, delimiter=",", encoding="cp1252")
        written.append(path)
        claims = out_dir / f"klaim-jkk-jkm-{period}.csv"
        _write_csv(claims, _claims_table(period, index, rng), delimiter=";", encoding="utf-8")
        written.append(claims)
        roster = out_dir / f"daftar-peserta-{PROGRAMME.code.lower()}-{period}.csv"
        _write_csv(roster, _roster_table(period, rng, roster_people), delimiter=";", encoding="utf-8")
        written.append(roster)
        period = period.next()
    return written


def generate_roster_csv(path: Path, rows: int, *, seed: int = 1, period: Period = BENCH_PERIOD) -> Path:
    """A large, clean roster for benchmarks (a handful of invalid NIKs included), streamed to disk."""
    rng = random.Random(seed)
    path = Path(path)
    codes = [r.kemendagri_code for r in REGENCIES]
    names = [r.name for r in REGENCIES]
    fundings = (OWN_FUNDING,) * 8 + (OTHER_BUDGET, "APBDes")
    places = [c.replace(".", "") for c in codes]
    with path.open("w", encoding="utf-8", newline="") as handle:
        month = MONTH_NAMES_ID[period.month - 1].upper()
        handle.write(f"DAFTAR PESERTA {PROGRAMME.name.upper()} BULAN {month} {period.year}\r\n\r\n")
        handle.write("No;NIK;Nama;Desa/Kelurahan;Kabupaten/Kota;Pekerjaan;Segmen;Program;Tanggal Mulai;Sumber Dana\r\n")
        chunk: list[str] = []
        randint, choice = rng.randint, rng.choice
        for number in range(1, rows + 1):
            region = randint(0, len(codes) - 1)
            day = randint(1, 28) + (40 if number & 1 else 0)
            place = places[region] if len(places[region]) == 6 else f"{places[region]}{randint(1, 12):02d}"
            nik = f"{place}{day:02d}{randint(1, 12):02d}{randint(60, 99):02d}{randint(1, 9999):04d}"
            if number % 100_003 == 0:
                nik = nik[:15]  # an invalid NIK now and then
            chunk.append(f"{number};{nik};{choice(GIVEN)} {choice(FAMILY)};{choice(VILLAGES)};{names[region]};"
                         f"{choice(OCCUPATIONS)};BPU;JKK-JKM;01/{randint(1, 12):02d}/2023;{choice(fundings)}\r\n")
            if len(chunk) >= 50_000:
                handle.write("".join(chunk))
                chunk.clear()
        handle.write("".join(chunk))
    return path
