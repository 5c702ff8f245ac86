"""The one dictionary of Jambi's regions and the only place region names become codes.

Kemendagri (dotted, used in NIKs and by regional governments) and BPS (undotted, used in
statistics and open data) number four regencies differently, so every region carries both
codes and callers say which system a source uses. Codes are always strings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum


class CodeSystem(StrEnum):
    KEMENDAGRI = "kemendagri"
    BPS = "bps"


@dataclass(frozen=True)
class Region:
    kemendagri_code: str
    bps_code: str
    name: str
    kind: str  # province | regency | city
    parent_code: str | None
    aliases: tuple[str, ...] = field(default=())

    @property
    def code(self) -> str:
        """The canonical code used across Pantau (Kemendagri, as in "15.05")."""
        return self.kemendagri_code


# Jambi Province: the same code in both systems, and the parent of every regency and city.
PROVINCE_CODE = "15"
PROVINCE = Region(PROVINCE_CODE, PROVINCE_CODE, "Jambi", "province", None,
                  ("Prov. Jambi", "Provinsi Jambi", "Prov Jambi"))

REGIONS: tuple[Region, ...] = (
    PROVINCE,
    Region("15.01", "1501", "Kerinci", "regency", PROVINCE_CODE, ("Kab. Kerinci",)),
    Region("15.02", "1502", "Merangin", "regency", PROVINCE_CODE),
    Region("15.03", "1503", "Sarolangun", "regency", PROVINCE_CODE),
    Region("15.04", "1504", "Batanghari", "regency", PROVINCE_CODE, ("Batang Hari",)),
    Region("15.05", "1505", "Muaro Jambi", "regency", PROVINCE_CODE, ("Muarojambi", "Muara Jambi", "Muarajambi")),
    Region(
        "15.06", "1507", "Tanjung Jabung Barat", "regency", PROVINCE_CODE,
        ("Tanjab Barat", "Tanjabbar", "Tanjungjabung Barat", "Tanjab Bar"),
    ),
    Region(
        "15.07", "1506", "Tanjung Jabung Timur", "regency", PROVINCE_CODE,
        ("Tanjab Timur", "Tanjabtim", "Tanjungjabung Timur", "Tanjab Tim"),
    ),
    Region("15.08", "1509", "Bungo", "regency", PROVINCE_CODE),
    Region("15.09", "1508", "Tebo", "regency", PROVINCE_CODE),
    Region("15.71", "1571", "Kota Jambi", "city", PROVINCE_CODE),
    Region("15.72", "1572", "Kota Sungai Penuh", "city", PROVINCE_CODE, ("Sungaipenuh", "Sungai Penuh")),
)

REGENCIES: tuple[Region, ...] = tuple(r for r in REGIONS if r.kind != "province")

BY_KEMENDAGRI: dict[str, Region] = {r.kemendagri_code: r for r in REGIONS}
BY_BPS: dict[str, Region] = {r.bps_code: r for r in REGIONS}


class UnknownRegion(ValueError):
    """A name or code that is not in the dictionary (or is ambiguous). Never guessed."""


_PREFIX = re.compile(r"^(kabupaten|kab\.?|provinsi|prov\.?|kota|pemkab|pemkot)\s+")


def normalise_name(text: str) -> str:
    """A comparison key: case, accents, punctuation, spacing and Muaro/Muara, Hulu/Ulu folded.

    "Kota" is kept as a marker because "Jambi" alone is ambiguous with the province.
    """
    s = unicodedata.normalize("NFKC", text).strip().lower()
    s = re.sub(r"[\u00a0\s]+", " ", s)
    is_city = bool(re.match(r"^kota\b", s))
    is_province = bool(re.match(r"^(provinsi|prov\.?)\s", s))
    while True:
        stripped = _PREFIX.sub("", s)
        if stripped == s:
            break
        s = stripped
    s = re.sub(r"[^a-z0-9]+", "", s)
    s = s.replace("muaro", "muara").replace("hulu", "ulu")
    if is_city:
        return f"kota:{s}"
    if is_province:
        return f"prov:{s}"
    return s


def _build_name_index() -> dict[str, Region]:
    index: dict[str, Region] = {}
    for region in REGIONS:
        for name in (region.name, *region.aliases):
            index[normalise_name(name)] = region
        if region.kind == "regency":
            index[normalise_name(f"Kabupaten {region.name}")] = region
        if region.kind == "city":
            bare = region.name.removeprefix("Kota ")
            index[f"kota:{normalise_name(bare)}"] = region
    # "Jambi" alone is ambiguous between the province and the city: refuse it.
    index.pop("jambi", None)
    return index


_NAME_INDEX = _build_name_index()


def resolve_region(text: str, *, code_system: CodeSystem | None = None) -> Region:
    """Resolve a name or a code (in the given system, or either when they agree) to a region."""
    raw = str(text).strip()
    if not raw:
        raise UnknownRegion("empty region")
    compact = raw.replace(" ", "")
    if re.fullmatch(r"15(\.\d{2})?", compact) and code_system in (None, CodeSystem.KEMENDAGRI):
        if compact in BY_KEMENDAGRI:
            return BY_KEMENDAGRI[compact]
        raise UnknownRegion(f"unknown Kemendagri code {raw!r}")
    if re.fullmatch(r"15\d{2}", compact):
        if code_system is CodeSystem.KEMENDAGRI:  # Kemendagri written without its dot ("1506")
            dotted = f"{compact[:2]}.{compact[2:]}"
            if dotted in BY_KEMENDAGRI:
                return BY_KEMENDAGRI[dotted]
            raise UnknownRegion(f"unknown Kemendagri code {raw!r}")
        if code_system is CodeSystem.BPS:
            if compact in BY_BPS:
                return BY_BPS[compact]
            raise UnknownRegion(f"unknown BPS code {raw!r}")
        if code_system is None:
            # An undotted code is BPS; refuse it when it would mean another regency in the
            # dotted system read without dots (1506 is Tanjung Jabung Timur in BPS but
            # 15.06 Tanjung Jabung Barat in Kemendagri).
            dotted = f"{compact[:2]}.{compact[2:]}"
            bps = BY_BPS.get(compact)
            kem = BY_KEMENDAGRI.get(dotted)
            if bps is not None and (kem is None or kem is bps):
                return bps
            raise UnknownRegion(
                f"code {raw!r} is ambiguous: say whether the source uses BPS or Kemendagri codes"
            )
        raise UnknownRegion(f"{raw!r} is not a {code_system} code")
    key = normalise_name(raw)
    region = _NAME_INDEX.get(key)
    if region is None:
        if key == "jambi":
            raise UnknownRegion(f"{raw!r} is ambiguous: write 'Kota Jambi' or 'Provinsi Jambi'")
        raise UnknownRegion(f"unknown region name {raw!r}")
    return region


def region_by_code(code: str) -> Region:
    try:
        return BY_KEMENDAGRI[code]
    except KeyError:
        raise UnknownRegion(f"unknown Kemendagri code {code!r}") from None


def iter_name_variants() -> list[tuple[str, Region]]:
    """Every spelling Pantau knows, longest first (for scanning free text)."""
    pairs: list[tuple[str, Region]] = []
    for region in REGIONS:
        names = {region.name, *region.aliases}
        if region.kind == "regency":
            names.add(f"Kabupaten {region.name}")
            names.add(f"Kab. {region.name}")
        pairs.extend((n, region) for n in names)
    return sorted(pairs, key=lambda p: -len(p[0]))


def systems_agreeing(code: str, name: str) -> set[CodeSystem]:
    """The code systems in which ``code`` numbers the region ``name`` names (empty: neither).

    Raises UnknownRegion when the name itself is unknown or ambiguous.
    """
    region = resolve_region(name)
    compact = str(code).strip().replace(" ", "")
    agreeing: set[CodeSystem] = set()
    if compact == region.bps_code:
        agreeing.add(CodeSystem.BPS)
    if compact in (region.kemendagri_code, region.kemendagri_code.replace(".", "")):
        agreeing.add(CodeSystem.KEMENDAGRI)
    return agreeing


class CodeSystemConflict(ValueError):
    """Rows of one source whose codes agree with their names in different code systems."""


def differs_between_systems(code: str) -> bool:
    """An undotted code that numbers one region in BPS and another in Kemendagri (1506-1509)."""
    compact = str(code).strip().replace(" ", "")
    bps = BY_BPS.get(compact)
    kem = BY_KEMENDAGRI.get(f"{compact[:2]}.{compact[2:]}") if re.fullmatch(r"15\d{2}", compact) else None
    return bps is not None and kem is not None and bps is not kem


def decide_code_system(pairs: list[tuple[str, str]]) -> CodeSystem | None:
    """The code system of a source, decided by codes AND names agreeing, never by codes alone.

    The one home of that rule, for every table with region codes. ``pairs`` are (code, name);
    a name may be blank. Rows whose code fits its name in both systems (1501-1505, 1571, 1572)
    decide nothing; rows that fit only one system decide; a dotted code without a name is
    Kemendagri's; rows that fit neither, or whose name is unknown, are left to the caller (a
    row-level problem). Returns None when no row decides (every code means the same region in
    both systems); raises CodeSystemConflict when rows disagree, or when codes that mean
    different regions in the two systems come without the names that would tell which.
    """
    votes: dict[CodeSystem, list[str]] = {CodeSystem.BPS: [], CodeSystem.KEMENDAGRI: []}
    nameless: set[str] = set()
    for code, name in pairs:
        code = str(code or "").strip()
        if not code:
            continue
        if not str(name or "").strip():
            if "." in code and code.replace(" ", "") in BY_KEMENDAGRI:
                votes[CodeSystem.KEMENDAGRI].append(code)
            elif differs_between_systems(code):
                nameless.add(code)
            continue
        try:
            agreeing = systems_agreeing(code, name)
        except UnknownRegion:
            continue
        if len(agreeing) == 1:
            system = next(iter(agreeing))
            votes[system].append(f"{code} {name}")
    if votes[CodeSystem.BPS] and votes[CodeSystem.KEMENDAGRI]:
        raise CodeSystemConflict(
            f"codes and names agree in BPS numbering for {', '.join(votes[CodeSystem.BPS][:3])} but in "
            f"Kemendagri numbering for {', '.join(votes[CodeSystem.KEMENDAGRI][:3])}: one source uses one system")
    if votes[CodeSystem.BPS]:
        return CodeSystem.BPS
    if votes[CodeSystem.KEMENDAGRI]:
        return CodeSystem.KEMENDAGRI
    if nameless:
        raise CodeSystemConflict(
            f"codes {', '.join(sorted(nameless))} mean different regencies in BPS and Kemendagri numbering and "
            "no region names come with them to tell which: add the region names (or write Kemendagri codes "
            "with their dots)")
    return None


def resolve_code_and_name(code: str, name: str, system: CodeSystem | None) -> Region:
    """The region a row names, when its code agrees with its name in ``system`` (None: either)."""
    region = resolve_region(name)
    agreeing = systems_agreeing(code, name)
    if (system is None and agreeing) or (system is not None and system in agreeing):
        return region
    try:
        other = resolve_region(code, code_system=system).name if system else None
    except UnknownRegion:
        other = None
    said = f"; in {system} numbering {code} is {other}" if other else ""
    raise UnknownRegion(f"code {code!r} and name {name!r} disagree{said}")
