"""The one dictionary of the configured government's regions and the only place region names become codes.

Kemendagri (dotted, used in NIKs and by regional governments) and BPS (undotted, used in
statistics and open data) number many regencies differently, so every region carries both
codes and callers say which system a source uses. Codes are always strings. The regions are the
national region reference's rows under the government's code (core.government), never a list here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from core.government import current
from transforms.districts import government_districts
from transforms.national_regions import CodeSystem, NationalRegion, national_regions


@dataclass(frozen=True)
class Region:
    kemendagri_code: str
    bps_code: str
    name: str
    kind: str  # province | regency | city | district
    parent_code: str | None
    aliases: tuple[str, ...] = field(default=())

    @property
    def code(self) -> str:
        """The canonical code used across Pantau (Kemendagri, dotted)."""
        return self.kemendagri_code


def _short_name(region: NationalRegion) -> str:
    """The name the report uses: a regency without "Kabupaten", a city with "Kota"."""
    return region.name.removeprefix("Kabupaten ")


def _government_regions() -> tuple[Region, ...]:
    """The configured government's own region first, then its regions: for a province, its regencies
    and cities (the national reference's rows under its code); for a regency or city, its districts
    (the government's districts file)."""
    government = current()
    reference = national_regions()
    aliases = government.region_aliases
    own = reference.by_code(government.code)
    top = Region(own.kemendagri_code, own.bps_code or own.kemendagri_code, _short_name(own), own.kind,
                 None if own.kind == "province" else own.province_code, tuple(aliases.get(own.kemendagri_code, ())))
    if government.level == "province":
        lower = [Region(r.kemendagri_code, r.bps_code or r.kemendagri_code.replace(".", ""), _short_name(r), r.kind,
                        top.code, tuple(aliases.get(r.kemendagri_code, ()))) for r in reference.within(top.code)]
    else:
        lower = [Region(d.kemendagri_code, d.bps_code or d.kemendagri_code.replace(".", ""), d.name, "district",
                        top.code, tuple(aliases.get(d.kemendagri_code, ())))
                 for d in government_districts() if d.kemendagri_code and d.regency_code == top.code]
    return (top, *lower)


# The government's own region (a province, or a regency or city: the name is kept from when Pantau
# served a province only) and the regions under it. Read once per process: one deployment, one
# government (core.government).
REGIONS: tuple[Region, ...] = _government_regions()
PROVINCE = REGIONS[0]
PROVINCE_CODE = PROVINCE.code
# The regions under the government, the rows of its exports and the pages of its report.
REGENCIES: tuple[Region, ...] = REGIONS[1:]
# The name of the province the government is in ("Jambi", "Kalimantan Timur"), as the press writes it after
# "Provinsi", "Pemprov", "Gubernur".
HOME_PROVINCE_NAME = national_regions().by_code(current().province_code).name
# The first two digits of every code of the government's regions (the province's Kemendagri code).
_PREFIX_CODE = PROVINCE_CODE.split(".")[0]

BY_KEMENDAGRI: dict[str, Region] = {r.kemendagri_code: r for r in REGIONS}
BY_BPS: dict[str, Region] = {r.bps_code: r for r in REGIONS}


class UnknownRegion(ValueError):
    """A name or code that is not in the dictionary (or is ambiguous). Never guessed."""


_PREFIX = re.compile(r"^(kabupaten|kab\.?|provinsi|prov\.?|kota|pemkab|pemkot|kecamatan|kec\.?)\s+")


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
    # The government's own name alone is ambiguous when a city bears it ("Jambi": the province or
    # Kota Jambi): refuse it.
    for key in _AMBIGUOUS:
        index.pop(key, None)
    return index


def _ambiguous_names() -> dict[str, str]:
    """Comparison keys of names shared by the government's own region and one of its cities, with the
    message that says how to write each."""
    top = REGIONS[0]
    shared = {}
    for region in REGIONS[1:]:
        bare = region.name.removeprefix("Kota ")
        if region.kind == "city" and normalise_name(bare) == normalise_name(top.name):
            shared[normalise_name(bare)] = f"write '{region.name}' or '{current().name}'"
    return shared


_AMBIGUOUS = _ambiguous_names()
_NAME_INDEX = _build_name_index()
_DOTTED_CODE = re.compile(rf"{_PREFIX_CODE}(\.\d{{2}}){{0,2}}")
_UNDOTTED_CODE = re.compile(rf"{_PREFIX_CODE}\d{{2}}(\d{{2}}|\d{{3}})?")


def _dotted(compact: str) -> str:
    """A Kemendagri code written without its dots ("1506", "640901") with them."""
    return ".".join(compact[i:i + 2] for i in range(0, len(compact), 2))


def resolve_region(text: str, *, code_system: CodeSystem | None = None) -> Region:
    """Resolve a name or a code (in the given system, or either when they agree) to a region."""
    raw = str(text).strip()
    if not raw:
        raise UnknownRegion("empty region")
    compact = raw.replace(" ", "")
    if _DOTTED_CODE.fullmatch(compact) and code_system in (None, CodeSystem.KEMENDAGRI):
        if compact in BY_KEMENDAGRI:
            return BY_KEMENDAGRI[compact]
        raise UnknownRegion(f"unknown Kemendagri code {raw!r}")
    if _UNDOTTED_CODE.fullmatch(compact):
        if code_system is CodeSystem.KEMENDAGRI:  # Kemendagri written without its dot ("1506")
            dotted = _dotted(compact)
            if dotted in BY_KEMENDAGRI:
                return BY_KEMENDAGRI[dotted]
            raise UnknownRegion(f"unknown Kemendagri code {raw!r}")
        if code_system is CodeSystem.BPS:
            if compact in BY_BPS:
                return BY_BPS[compact]
            raise UnknownRegion(f"unknown BPS code {raw!r}")
        if code_system is None:
            # An undotted code is BPS; refuse it when it would mean another regency in the
            # dotted system read without dots (in Jambi, BPS's 1506 is Kemendagri's 1507).
            dotted = _dotted(compact)
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
        if key in _AMBIGUOUS:
            raise UnknownRegion(f"{raw!r} is ambiguous: {_AMBIGUOUS[key]}")
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
    kem = BY_KEMENDAGRI.get(_dotted(compact)) if _UNDOTTED_CODE.fullmatch(compact) else None
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
