"""The national load the national bench runs: every province's government configuration, its monthly
coverage export and its beneficiary roster, written for one month.

A province's configuration is Jambi's file with the province's code and names (its regions come from the
national region reference); its export has one row per regency/city paid from APBD Provinsi; its roster
lists ``people`` synthetic people (structurally valid NIKs of the province, names, villages) spread over
its regencies. Every person and NIK is synthetic. The four Papua provinces formed in 2022 are left out:
``dim_region`` cannot hold them until BPS numbers them (migration 0019).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from core.government import DEFAULT_GOVERNMENT_FILE
from transforms.national_regions import NationalRegion, national_regions

PERIOD = "2024-06"
RATE = 16_800
GIVEN = ("Ahmad", "Siti", "Budi", "Dewi", "Rudi", "Nur", "Agus", "Sri", "Hendra", "Rina", "Joko", "Wati")
FAMILY = ("Saputra", "Lestari", "Hidayat", "Pratama", "Wijaya", "Utami", "Santoso", "Rahmawati", "Nasution")
OCCUPATIONS = ("Petani", "Nelayan", "Pedagang", "Buruh harian lepas", "Pengemudi ojek", "Pekebun")


@dataclass(frozen=True)
class ProvinceLoad:
    code: str
    name: str
    government_file: Path
    export: Path
    roster: Path
    people: int


def provinces() -> list[tuple[NationalRegion, list[NationalRegion]]]:
    reference = national_regions()
    return [(p, list(reference.within(p.kemendagri_code))) for p in reference.provinces() if p.bps_code]


def _short(region: NationalRegion) -> str:
    return region.name.removeprefix("Kabupaten ")


def write_government(folder: Path, province: NationalRegion) -> Path:
    data = yaml.safe_load(DEFAULT_GOVERNMENT_FILE.read_text(encoding="utf-8"))
    name = f"Provinsi {province.name}"
    data.update(code=province.kemendagri_code, level="province", name=name, short_name=province.name,
                region_aliases={}, districts_file="", denominators=[])
    data["programmes"] = [{**p, "targets": []} for p in data["programmes"]]
    data["names"] = {**data["names"], "payer": f"Pemerintah {name}"}
    path = folder / f"government-{province.kemendagri_code}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def write_export(folder: Path, province: NationalRegion, regions: list[NationalRegion], people: dict[str, int]) -> Path:
    lines = [f"REKAP KEPESERTAAN BPJS KETENAGAKERJAAN PEKERJA RENTAN APBD PROVINSI {province.name.upper()}",
             "BULAN JUNI 2024", "", "No;Kode Wilayah;Kabupaten/Kota;Sumber Dana;Peserta Aktif;Iuran (Rp)"]
    for number, region in enumerate(regions, start=1):
        count = max(people.get(region.kemendagri_code, 0), 1)
        lines.append(f"{number};{region.kemendagri_code};{_short(region)};APBD Provinsi;"
                     f"{count:,};{count * RATE:,}".replace(",", "."))
    path = folder / f"rekap-{province.kemendagri_code}-{PERIOD}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_roster(folder: Path, province: NationalRegion, regions: list[NationalRegion], rows: int,
                 seed: int) -> tuple[Path, dict[str, int]]:
    """A roster of ``rows`` people of the province (streamed to disk), and how many each regency has."""
    rng = random.Random(seed)
    randint, choice = rng.randint, rng.choice
    counts: dict[str, int] = {}
    path = folder / f"daftar-peserta-{province.kemendagri_code}-{PERIOD}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"DAFTAR PESERTA PEKERJA RENTAN PROVINSI {province.name.upper()} BULAN JUNI 2024\r\n\r\n")
        handle.write("No;NIK;Nama;Desa/Kelurahan;Kabupaten/Kota;Pekerjaan;Segmen;Program;Tanggal Mulai;"
                     "Sumber Dana\r\n")
        chunk: list[str] = []
        for number in range(1, rows + 1):
            region = regions[randint(0, len(regions) - 1)]
            counts[region.kemendagri_code] = counts.get(region.kemendagri_code, 0) + 1
            day = randint(1, 28) + (40 if number & 1 else 0)
            nik = (f"{region.kemendagri_code.replace('.', '')}{randint(1, 20):02d}{day:02d}{randint(1, 12):02d}"
                   f"{randint(60, 99):02d}{randint(1, 9999):04d}")
            chunk.append(f"{number};{nik};{choice(GIVEN)} {choice(FAMILY)};Desa {randint(1, 60)};{_short(region)};"
                         f"{choice(OCCUPATIONS)};BPU;JKK-JKM;01/{randint(1, 12):02d}/2023;APBD Provinsi\r\n")
            if len(chunk) >= 50_000:
                handle.write("".join(chunk))
                chunk.clear()
        handle.write("".join(chunk))
    return path, counts


def write_national_load(folder: Path, roster_rows: int) -> list[ProvinceLoad]:
    """Every province's configuration, export and roster; ``roster_rows`` people in all, shared evenly."""
    folder.mkdir(parents=True, exist_ok=True)
    found = provinces()
    loads = []
    for index, (province, regions) in enumerate(found):
        rows = roster_rows // len(found) + (1 if index < roster_rows % len(found) else 0)
        roster, counts = write_roster(folder, province, regions, max(rows, 1), seed=index + 1)
        loads.append(ProvinceLoad(province.kemendagri_code, province.name, write_government(folder, province),
                                  write_export(folder, province, regions, counts), roster, max(rows, 1)))
    return loads
