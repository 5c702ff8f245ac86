"""Rows of an export about a region outside the government this deployment serves.

A BPJS Ketenagakerjaan regional office serves several provinces, and its exports carry rows of all of
them. A row whose region the government's own dictionary (:mod:`transforms.regions`) does not know is
looked up in the national region reference (:mod:`transforms.national_regions`): when it names a
region of Indonesia outside the government's (another province, or for a regency another regency),
it is not a malformed row but someone else's, and the caller sets it aside or refuses the file
(setting ``outside_rows``), counted by province. A name that several regions share, or that no region
of Indonesia bears, stays a malformed row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from transforms.national_regions import NationalRegion, national_regions
from transforms.regions import normalise_name


@dataclass(frozen=True)
class Elsewhere:
    """The region of Indonesia a row names, outside the government's region."""

    region: NationalRegion
    province: NationalRegion

    def describe(self, government_name: str) -> str:
        where = self.province.name if self.region is self.province else \
            f"{self.region.name}, {self.province.name}"
        return f"a row of {where} ({self.region.kemendagri_code}), outside {government_name}"


class OutsideGovernment(Exception):
    """The row names a region of Indonesia outside the government's region."""

    def __init__(self, elsewhere: Elsewhere) -> None:
        super().__init__(elsewhere.region.kemendagri_code)
        self.elsewhere = elsewhere


@cache
def _names() -> dict[str, tuple[NationalRegion, ...]]:
    index: dict[str, list[NationalRegion]] = {}
    for region in national_regions().regions:
        keys = {normalise_name(region.name)}
        if region.kind == "province":
            keys.add(normalise_name(f"Provinsi {region.name}"))
        elif region.kind == "regency":
            keys.add(normalise_name(region.name.removeprefix("Kabupaten ")))
        for key in keys:
            index.setdefault(key, []).append(region)
    return {key: tuple(regions) for key, regions in index.items()}


def _by_code(code: str) -> tuple[NationalRegion, ...]:
    """The regions a code may mean: Kemendagri (dotted or not) and BPS, when they are one province's."""
    compact = code.replace(" ", "")
    reference = national_regions()
    found: list[NationalRegion] = []
    for candidate, attribute in ((compact, "kemendagri_code"), (compact, "bps_code"),
                                 (f"{compact[:2]}.{compact[2:]}" if re.fullmatch(r"\d{4}", compact) else "",
                                  "kemendagri_code")):
        found.extend(r for r in reference.regions if candidate and getattr(r, attribute) == candidate)
    return tuple(found)


def _is_inside(region: NationalRegion, government_code: str) -> bool:
    code = region.kemendagri_code
    return code == government_code or code.startswith(government_code + ".") or \
        government_code.startswith(code + ".")  # a regency's government: its own province's rows are not others'


def find_elsewhere(code_text: str, name_text: str, government_code: str) -> Elsewhere | None:
    """The region outside ``government_code`` the row names, or None (inside, unknown or ambiguous).

    Every reading of the row (its name, its code in either system) must point outside the government
    and into one province; a row that one reading puts inside stays the government's to judge.
    """
    candidates: list[NationalRegion] = []
    if name_text.strip():
        candidates.extend(_names().get(normalise_name(name_text), ()))
    if code_text.strip():
        by_code = _by_code(code_text.strip())
        candidates = [c for c in candidates if c in by_code] if candidates else list(by_code)
    if not candidates or any(_is_inside(c, government_code) for c in candidates):
        return None
    reference = national_regions()
    provinces = {c.province_code for c in candidates}
    if len(provinces) != 1:
        return None
    province = reference.by_code(provinces.pop())
    regions = {c.kemendagri_code for c in candidates}
    region = candidates[0] if len(regions) == 1 else province
    return Elsewhere(region, province)


def elsewhere_of(kemendagri_code: str, government_code: str) -> Elsewhere | None:
    """The same judgement for a region already resolved: None when it is the government's."""
    reference = national_regions()
    try:
        region = reference.by_code(kemendagri_code)
    except KeyError:
        return None
    if _is_inside(region, government_code):
        return None
    return Elsewhere(region, reference.by_code(region.province_code))
