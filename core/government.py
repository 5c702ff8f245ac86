"""The one government a deployment serves, read from its configuration file.

A deployment of Pantau serves one regional government (a province, or a regency or city) that pays
BPJS Ketenagakerjaan contributions for vulnerable workers from its own budget. Everything that is
particular to that government is data in one YAML file named by the setting ``government_file``
(``PANTAU_GOVERNMENT_FILE``; by default the bundled ``reference/governments/jambi.yaml``): its
region's Kemendagri code, its programmes (names, the words the press uses for them, the monthly
contribution, the funding source, official targets with their source), the funding sources and the
words for them, its news registry, its denominators and the names its report uses.

Its regions are not listed here: they are the national region reference's rows under ``code``
(:mod:`transforms.national_regions`). Code reads the government through :func:`current`.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.errors import InputRejected
from core.settings import PROJECT_ROOT, get_settings

GOVERNMENTS_DIR = PROJECT_ROOT / "reference" / "governments"
DEFAULT_GOVERNMENT_FILE = GOVERNMENTS_DIR / "jambi.yaml"
GovernmentLevel = Literal["province", "regency", "city"]


def _check_patterns(words: tuple[str, ...]) -> tuple[str, ...]:
    for word in words:
        try:
            re.compile(word.replace("{programmes}", "x").replace("{regions}", "x"))
        except re.error as error:
            raise ValueError(f"{word!r} is not a regular expression: {error}") from None
    return words


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TargetSource(_Strict):
    publisher: str
    document: str
    document_verified: bool = False
    url: str = ""
    retrieved: date


class ProgrammeTarget(_Strict):
    """An official target: how many people the government budgets to pay for in a year, and for how much."""

    series: str  # names the target series in ref_programme_target ("bkbk-target-2024")
    version: int = 1
    year: int = Field(ge=2000, le=2100)
    participants: int = Field(gt=0)
    contributions_idr: int | None = Field(default=None, gt=0)
    source: TargetSource


class Programme(_Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")  # the code claims and mentions carry ("BKBK")
    name: str  # as the report names it ("BKBK")
    full_name: str = ""  # what the letters stand for ("Bantuan Keuangan Bersifat Khusus")
    press_words: tuple[str, ...] = Field(min_length=1)  # regular expressions over news text
    monthly_contribution_idr: int = Field(gt=0)
    funding_source: str  # a funding source code ("APBD_PROV")
    segment: str = "BPU"
    programmes: str = "JKK+JKM"
    targets: tuple[ProgrammeTarget, ...] = ()

    @field_validator("press_words")
    @classmethod
    def _compiles(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        return _check_patterns(words)

    @property
    def yearly_contribution_idr(self) -> int:
        return self.monthly_contribution_idr * 12


class FundingSource(_Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    name: str  # "APBD Provinsi"
    budget_name: str = ""  # as the report's first screen names it ("APBD Provinsi (BKBK, Dumisake)")
    synonyms: tuple[str, ...] = ()  # lower-case words a coverage export uses for it
    press_words: tuple[str, ...] = ()  # regular expressions over news text

    @field_validator("press_words")
    @classmethod
    def _compiles(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        return _check_patterns(words)


class Denominator(_Strict):
    """A reference series file the government's coverage rates are measured against."""

    file: str  # relative to reference/ ("workforce/bpjstk-pekerja-potensial-2024.yaml")
    measure: str  # pekerja_potensial | penduduk_bekerja | angkatan_kerja


class Names(_Strict):
    """The names the report and the outputs use."""

    own_budget: str  # "APBD Provinsi": the budget the government pays from
    payer: str  # "Pemerintah Provinsi Jambi": who pays, as the first screen says it


class Government(_Strict):
    code: str = Field(pattern=r"^\d{2}(\.\d{2})?$")  # Kemendagri code of the government's own region
    level: GovernmentLevel
    name: str  # "Provinsi Jambi"
    short_name: str  # "Jambi"
    own_funding_source: str  # the funding source the government pays from ("APBD_PROV")
    programmes: tuple[Programme, ...] = Field(min_length=1)
    funding_sources: tuple[FundingSource, ...] = Field(min_length=1)
    news_sites_file: str  # relative to the repository root ("reference/news/jambi-sites.yaml")
    denominators: tuple[Denominator, ...] = ()
    # Other spellings of the government's regions (the national reference has the official names):
    # Kemendagri code -> names the sources use ("15.06": ["Tanjab Barat", ...]).
    region_aliases: dict[str, tuple[str, ...]] = {}
    # Words the press uses for a region beyond its names (regular expressions): code -> patterns.
    press_region_words: dict[str, tuple[str, ...]] = {}
    # Districts (kecamatan) per regency, relative to reference/: names found in the news for a province,
    # the government's regions (with their codes) for a regency or city.
    districts_file: str = ""
    population: int = Field(gt=0)  # upper end of the region's population (plausibility bound for counts)
    annual_budget_idr: int = Field(gt=0)  # upper end of the government's APBD (plausibility bound)
    names: Names

    @field_validator("press_region_words")
    @classmethod
    def _region_words_compile(cls, words: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for patterns in words.values():
            _check_patterns(patterns)
        return words

    @model_validator(mode="after")
    def _consistent(self) -> Government:
        codes = {f.code for f in self.funding_sources}
        for programme in self.programmes:
            if programme.funding_source not in codes:
                raise ValueError(f"programme {programme.code} names funding source {programme.funding_source!r} "
                                 f"that funding_sources does not list ({', '.join(sorted(codes))})")
        if self.own_funding_source not in codes:
            raise ValueError(f"own_funding_source {self.own_funding_source!r} is not in funding_sources")
        if (self.level == "province") != ("." not in self.code):
            raise ValueError(f"a {self.level} has a code like {'15' if self.level == 'province' else '64.09'}, "
                             f"not {self.code!r}")
        return self

    @property
    def province_code(self) -> str:
        """The Kemendagri code of the province the government is in (its own for a province)."""
        return self.code.split(".")[0]

    def programme(self, code: str) -> Programme:
        return next(p for p in self.programmes if p.code == code)

    @property
    def main_programme(self) -> Programme:
        """The first programme listed: the one whose rate the press's (people, rupiah) pairs are checked against."""
        return self.programmes[0]

    def path(self, relative: str) -> Path:
        """A file the configuration names, relative to the repository (or an absolute path)."""
        candidate = Path(relative)
        return candidate if candidate.is_absolute() else PROJECT_ROOT / candidate


def read_government(path: Path) -> Government:
    """Read and check one government file; a malformed one is refused naming the file and the field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputRejected(str(path), f"the government file cannot be read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise InputRejected(str(path), f"the government file is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise InputRejected(str(path), "the government file must be a mapping of fields")
    try:
        return Government.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(file)"
        raise InputRejected(str(path), f"{first['msg']} ({len(error.errors())} problem(s) in all)",
                            column=field) from None


@lru_cache(maxsize=1)
def current() -> Government:
    """The government this deployment serves (``PANTAU_GOVERNMENT_FILE``), read once."""
    path = get_settings().government_file
    if not path.exists() and len(path.parts) == 1:  # a bare name: one of the bundled governments
        path = GOVERNMENTS_DIR / (path.name if path.suffix else f"{path.name}.yaml")
    return read_government(path)


def reset() -> None:
    """Forget the cached government (tests change ``PANTAU_GOVERNMENT_FILE``)."""
    current.cache_clear()
