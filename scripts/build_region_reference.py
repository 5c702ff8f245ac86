"""Build reference/regions/indonesia-regions.yaml from the two official code lists.

Inputs (paths given on the command line, kept outside the repository):
- the Kemendagri code list of Kepmendagri No. 300.2.2-2138 Tahun 2025 (as the list's header names it) as an SQL dump of
  ``('code','name')`` pairs (provinces "11", regencies and cities "11.01");
- BPS's bridging table of regency/city codes (``kode_bps,nama_bps,kode_dagri,nama_dagri``,
  BPS working-area codes of 2020 semester 2 against the Kemendagri codes of 2020) and its
  province table.

Regencies keep their Kemendagri 2020 code except in Papua, split into six provinces in 2022:
there the BPS row is matched by kind and name within the old provinces 91 and 92. BPS codes are
the 2020 ones; for the regencies of the four provinces formed in 2022 the file says so.

    python scripts/build_region_reference.py KEMENDAGRI.sql BPS_KABKOTA.csv BPS_PROVINSI.csv
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "reference" / "regions" / "indonesia-regions.yaml"
PAPUA_2020 = {"91", "92"}
PAPUA_2025 = {"91", "92", "93", "94", "95", "96"}


def _key(name: str) -> str:
    text = re.sub(r"^(KAB\.?|KABUPATEN|KOTA)\s+", "", name.strip().upper())
    return re.sub(r"[^A-Z]", "", text)


def _kind(code: str, name: str) -> str:
    if "." not in code:
        return "province"
    return "city" if name.lower().startswith("kota ") else "regency"


def main(sql_path: str, kabkota_path: str, provinsi_path: str) -> None:
    pairs = re.findall(r"\('(\d{2}(?:\.\d{2})?)','([^']*)'\)", Path(sql_path).read_text(encoding="utf-8"))
    with open(kabkota_path, encoding="utf-8") as handle:
        bridge = list(csv.DictReader(handle))
    with open(provinsi_path, encoding="utf-8") as handle:
        bps_provinces = {row["kode_dagri"]: row["kode_bps"] for row in csv.DictReader(handle)}
    by_dagri = {row["kode_dagri"]: row for row in bridge}
    papua = {}
    for row in bridge:
        if row["kode_dagri"][:2] in PAPUA_2020:
            kind = "city" if row["nama_dagri"].upper().startswith("KOTA") else "regency"
            papua[(kind, _key(row["nama_dagri"]))] = row
    lines = []
    for code, name in pairs:
        kind = _kind(code, name)
        note = ""
        if kind == "province":
            bps = bps_provinces.get(code, "")
            if not bps:
                note = "provinsi dibentuk 2022; kode BPS belum ada dalam tabel jembatan 2020"
        else:
            found = by_dagri.get(code.replace(".", "")) if code[:2] not in PAPUA_2025 else papua.get((kind, _key(name)))
            if found is None:
                raise SystemExit(f"no BPS row for {code} {name}")
            row = found
            bps = row["kode_bps"]
            if code[:2] in PAPUA_2025 - PAPUA_2020:
                note = f"kode BPS 2020, sebelum pemekaran Papua 2022 (kode Kemendagri 2020: {row['kode_dagri']})"
            elif code[:2] in PAPUA_2020 and row["kode_dagri"] != code.replace(".", ""):
                note = f"kode Kemendagri 2020: {row['kode_dagri']}"
        differs = bps != code.replace(".", "") if bps else None
        fields = [f'kemendagri: "{code}"', f'bps: "{bps}"' if bps else "bps: null", f"name: {name}", f"kind: {kind}"]
        if kind != "province":
            fields.append(f'province: "{code[:2]}"')
        fields.append(f"codes_differ: {str(differs).lower() if differs is not None else 'null'}")
        if note:
            fields.append(f'note: "{note}"')
        lines.append("  - {" + ", ".join(fields) + "}")
    provinces = sum(1 for code, _ in pairs if "." not in code)
    header = f"""# Every province and regency/city of Indonesia with its Kemendagri and BPS code.
# Kemendagri: Kepmendagri No. 300.2.2-2138 Tahun 2025 (kode dan data wilayah administrasi
# pemerintahan). BPS: the BPS-Kemendagri bridging table (sig.bps.go.id, bridging kode),
# BPS working-area codes of 2020 semester 2 against Kemendagri's codes of 2020, retrieved
# 2022-05-22. Built by scripts/build_region_reference.py; never edited by hand.
# codes_differ: the BPS code is not the Kemendagri code without its dot (never join on a bare
# code). The four Papua provinces formed in 2022 have no BPS code in the 2020 table; their
# regencies carry the BPS code of 2020, under the province they belonged to then.
series: indonesia-regions
version: 1
kemendagri_source: Kepmendagri No. 300.2.2-2138 Tahun 2025
bps_source: BPS bridging kode wilayah kerja statistik 2020 semester 2, retrieved 2022-05-22
provinces: {provinces}
regencies_and_cities: {len(pairs) - provinces}
regions:
"""
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {provinces} provinces, {len(pairs) - provinces} regencies and cities")


if __name__ == "__main__":
    main(*sys.argv[1:4])
