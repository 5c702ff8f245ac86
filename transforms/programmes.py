"""Canonical programmes, participant segments and funding sources, with the names sources use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.government import current


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    synonyms: tuple[str, ...] = ()


PROGRAMMES: tuple[Code, ...] = (
    Code("JKK", "Jaminan Kecelakaan Kerja", ("jaminan kecelakaan kerja",)),
    Code("JKM", "Jaminan Kematian", ("jaminan kematian",)),
    Code("JHT", "Jaminan Hari Tua", ("jaminan hari tua",)),
    Code("JP", "Jaminan Pensiun", ("jaminan pensiun",)),
    Code("JKP", "Jaminan Kehilangan Pekerjaan", ("jaminan kehilangan pekerjaan",)),
)
SEGMENTS: tuple[Code, ...] = (
    Code("PU", "Penerima Upah", ("penerima upah", "ppu")),
    Code("BPU", "Bukan Penerima Upah", ("bukan penerima upah", "pekerja rentan", "informal")),
    Code("JAKON", "Jasa Konstruksi", ("jasa konstruksi", "jakon")),
    Code("PMI", "Pekerja Migran Indonesia", ("pekerja migran indonesia", "pekerja migran")),
)
# Who pays, with the words coverage exports use for it: the configured government's list.
FUNDING_SOURCES: tuple[Code, ...] = tuple(Code(f.code, f.name, f.synonyms) for f in current().funding_sources)
APBD_FUNDING = frozenset({"APBD_PROV", "APBD_KAB", "APBDES"})
# Funding sources the press names. Regencies pay some plantation workers' contributions from their share
# of the palm-oil revenue (DBH Sawit); coverage exports do not carry it yet, so the warehouse cannot.
PRESS_FUNDING_SOURCES: tuple[Code, ...] = (
    *FUNDING_SOURCES, Code("DBH_SAWIT", "DBH Sawit", ("dbh sawit", "dana bagi hasil sawit")))

# The government's programme pays this per person per month (JKK + JKM for vulnerable workers: Rp 16.800,
# JKK 1% of Rp 1 juta + JKM Rp 6.800); the configuration says so, with the programme's name.
PROGRAMME_MONTHLY_CONTRIBUTION_IDR = current().main_programme.monthly_contribution_idr
PROGRAMME_YEARLY_CONTRIBUTION_IDR = current().main_programme.yearly_contribution_idr
PROGRAMME_NAME = current().main_programme.name
# What the schemes pay for one case, where the rule fixes an amount (PP 44/2015 as amended by PP 82/2019):
# a JKM death benefit totals Rp 42 juta. JKK pays by wage and injury, so no fixed amount exists for it.
BENEFIT_PER_CASE_IDR = {"JKM": 42_000_000}
# The band one case's benefit falls in, per programme (a check at warn level, never a correction): JKM
# pays its Rp 42 juta, plus scholarships for up to two children on some deaths (together under Rp 250
# juta); JKK pays from a small treatment bill to death and disability sums by wage (a JKK death at the
# lowest band is about Rp 70 juta). A claims file whose cases average outside the band was likely read
# in the wrong number convention or in the wrong unit.
BENEFIT_SCALE_PER_CASE_IDR: dict[str, tuple[int, int]] = {
    "JKM": (21_000_000, 250_000_000),
    "JKK": (100_000, 1_000_000_000),
}


def benefit_scale(programme_set: str) -> tuple[int, int] | None:
    """The band of one case's benefit for a programme set ("JKK+JKM"); None when a programme has no scale."""
    bands = [BENEFIT_SCALE_PER_CASE_IDR.get(code) for code in programme_set.split("+") if code]
    if not bands or any(band is None for band in bands):
        return None
    return min(b[0] for b in bands if b), sum(b[1] for b in bands if b)


class UnknownCode(ValueError):
    pass


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9/]+", " ", str(text).lower()).strip()


def _resolve(text: str, table: tuple[Code, ...], what: str) -> Code:
    key = _key(text)
    for item in table:
        if key == item.code.lower() or key == _key(item.name) or key in item.synonyms:
            return item
    raise UnknownCode(f"unknown {what} {text!r}")


def resolve_segment(text: str) -> Code:
    return _resolve(text, SEGMENTS, "segment")


def resolve_funding_source(text: str) -> Code:
    return _resolve(text, FUNDING_SOURCES, "funding source")


def resolve_programmes(text: str) -> tuple[Code, ...]:
    """A programme or a bundle ("JKK-JKM", "JKK & JKM", "JKK, JKM") to its programmes."""
    parts = [p for p in re.split(r"\s*(?:[-+&,/]|\bdan\b)\s*", str(text).strip()) if p]
    if not parts:
        raise UnknownCode(f"unknown programme {text!r}")
    return tuple(_resolve(p, PROGRAMMES, "programme") for p in parts)


# --- the words the press uses: the configured government's programmes and funding sources -----------------

def programme_press_words(funding_source: str | None = None) -> str:
    """One alternation of the press words of the government's programmes (of one funding source's only)."""
    return "|".join(word for p in current().programmes if funding_source in (None, p.funding_source)
                    for word in p.press_words)


def own_budget_title_words() -> str:
    """Words that name the government's own budget in a file's title: its programmes or the budget itself
    (a programme's name, "APBD Provinsi")."""
    government = current()
    own = next(f for f in government.funding_sources if f.code == government.own_funding_source)
    words = [programme_press_words(own.code), *(re.escape(s) for s in own.synonyms), *own.press_words]
    return "|".join(w for w in words if w and "{" not in w)


def programme_names_pattern() -> str:
    """The government's programmes by their names alone, as word-bounded alternatives."""
    return "|".join(rf"\b{re.escape(p.name)}\b" for p in current().programmes)


def _region_names_pattern() -> str:
    from transforms.regions import REGENCIES

    names = sorted({n for r in REGENCIES for n in (r.name, *r.aliases)}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in names) or r"(?!)"


def funding_press_words(first: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(funding source code, one regular expression over news text) for every funding source the
    government's file gives press words for, those named in ``first`` first and in that order.

    ``{programmes}`` in a source's words stands for its programmes' press words, ``{regions}`` for
    the names of the government's regions."""
    sources = sorted(current().funding_sources,
                     key=lambda f: first.index(f.code) if f.code in first else len(first))
    found = []
    for source in sources:
        words = [w.replace("{programmes}", programme_press_words(source.code) or r"(?!)")
                  .replace("{regions}", _region_names_pattern()) for w in source.press_words]
        if words:
            found.append((source.code, "|".join(words)))
    return found
