"""Every province and regency/city of Indonesia with both official codes, read from the bundled
reference file ``reference/regions/indonesia-regions.yaml`` (its header names the sources).

Kemendagri codes are the canonical ones (dotted, as in NIKs); BPS codes are the statistics
office's and differ for about two regions in five, so a source's code system is always stated
and a bare code is never joined across systems. The file is data: a new Kepmendagri list or
BPS bridging table replaces it (with its ``version`` raised), never an edit to this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from core.errors import InputRejected

REGION_FILE = Path(__file__).resolve().parent.parent / "reference" / "regions" / "indonesia-regions.yaml"
RegionKind = Literal["province", "regency", "city"]


class CodeSystem(StrEnum):
    KEMENDAGRI = "kemendagri"
    BPS = "bps"


@dataclass(frozen=True)
class NationalRegion:
    kemendagri_code: str
    bps_code: str | None  # None: a province formed after the BPS table the file was built from
    name: str
    kind: RegionKind
    province_code: str  # Kemendagri code of the province (its own code for a province)
    codes_differ: bool | None
    note: str = ""


@dataclass(frozen=True)
class RegionReference:
    series: str
    version: int
    kemendagri_source: str
    bps_source: str
    regions: tuple[NationalRegion, ...]

    def provinces(self) -> tuple[NationalRegion, ...]:
        return tuple(r for r in self.regions if r.kind == "province")

    def within(self, province_code: str) -> tuple[NationalRegion, ...]:
        """The regencies and cities of one province (Kemendagri code)."""
        return tuple(r for r in self.regions if r.kind != "province" and r.province_code == province_code)

    def by_code(self, code: str, system: CodeSystem = CodeSystem.KEMENDAGRI) -> NationalRegion:
        """A region by its code in the named system: "94" is Papua Tengah for Kemendagri, Papua for BPS."""
        attribute = "kemendagri_code" if system is CodeSystem.KEMENDAGRI else "bps_code"
        for region in self.regions:
            if getattr(region, attribute) == code:
                return region
        raise KeyError(f"{system} {code}")


def read_region_reference(path: Path = REGION_FILE) -> RegionReference:
    """Read and check the file: counts as declared, codes unique in each system, parents known."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    regions = []
    for index, row in enumerate(data["regions"], start=1):
        code = str(row["kemendagri"])
        kind = row["kind"]
        if kind not in ("province", "regency", "city"):
            raise InputRejected(path.name, f"region {code} has kind {kind!r}", row=index, column="kind")
        regions.append(NationalRegion(
            kemendagri_code=code, bps_code=None if row["bps"] is None else str(row["bps"]), name=str(row["name"]),
            kind=kind, province_code=code if kind == "province" else str(row["province"]),
            codes_differ=row["codes_differ"], note=str(row.get("note", ""))))
    reference = RegionReference(str(data["series"]), int(data["version"]), str(data["kemendagri_source"]),
                                str(data["bps_source"]), tuple(regions))
    _check(reference, data, path.name)
    return reference


def _check(reference: RegionReference, data: dict[str, int], name: str) -> None:
    provinces = reference.provinces()
    lower = [r for r in reference.regions if r.kind != "province"]
    if (len(provinces), len(lower)) != (data["provinces"], data["regencies_and_cities"]):
        raise InputRejected(name, f"declares {data['provinces']} provinces and {data['regencies_and_cities']} "
                            f"regencies and cities, holds {len(provinces)} and {len(lower)}")
    for system in ("kemendagri_code", "bps_code"):
        codes = [getattr(r, system) for r in reference.regions if getattr(r, system)]
        if len(codes) != len(set(codes)):
            twice = sorted({c for c in codes if codes.count(c) > 1})
            raise InputRejected(name, f"{system} {', '.join(twice)} given to more than one region")
    known = {p.kemendagri_code for p in provinces}
    for region in lower:
        if region.province_code not in known or not region.kemendagri_code.startswith(region.province_code + "."):
            raise InputRejected(name, f"{region.kemendagri_code} {region.name} names province "
                                f"{region.province_code}, which is not in the file")


@cache
def national_regions() -> RegionReference:
    """The bundled reference, read once per process."""
    return read_region_reference()
