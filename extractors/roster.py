"""Beneficiary rosters: one row per enrolled person, read as a stream.

Each NIK is validated structurally and replaced by a keyed pseudonym at once; the NIK and the
name never leave this module (rejected rows say why a NIK is invalid, never what it was).
A person funded twice (by two regencies, or by the budget and by themselves) is a finding for
auditors (:func:`find_double_funding`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.errors import InputRejected
from core.government import current
from core.logs import scrub
from extractors.coverage import OutsideRow, RejectedRow
from extractors.export_headers import normalise_header
from extractors.export_rows import PROGRAMME_ORDER
from extractors.limits import MAX_ROSTER_ROWS
from extractors.table_layout import stated_period
from extractors.tabular import (
    _sniff_delimiter,
    cell_text,
    csv_records,
    file_encoding,
    read_table,
    sniff_delimiter,
    workbook_head,
)
from transforms.dates import DateParseError, Period, parse_date
from transforms.nik import InvalidNik, checked_nik
from transforms.outside_region import find_elsewhere
from transforms.programmes import UnknownCode, resolve_funding_source, resolve_programmes, resolve_segment
from transforms.pseudonyms import Pseudonymiser
from transforms.regions import UnknownRegion, resolve_region

ROSTER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "nik": ("nik", "no nik", "nomor nik", "nomor induk kependudukan", "nik peserta", "no nik peserta",
            "nomor nik peserta", "nik ktp", "no ktp", "nomor ktp", "no ktp peserta", "nomor ktp peserta", "ktp",
            "no ktp nik", "nik no ktp", "nik tenaga kerja", "nik tk", "nik anggota"),
    "name": ("nama", "nama peserta", "nama lengkap", "nama tenaga kerja"),
    "village": ("desa", "desa kelurahan", "kelurahan", "desa kel"),
    "region": ("kabupaten kota", "kab kota", "kabupaten", "wilayah", "kota kabupaten"),
    "occupation": ("pekerjaan", "jenis pekerjaan", "profesi"),
    "segment": ("segmen", "segmen peserta"),
    "programme": ("program", "program jaminan"),
    "funding": ("sumber dana", "sumber pendanaan", "pembiayaan"),
    "start_date": ("tanggal mulai", "tmt", "tgl mulai", "tanggal kepesertaan", "mulai kepesertaan", "tmt kepesertaan"),
    "row_no": ("no", "nomor"),
}
PERSONAL = ("nik", "name")
_INDEX = {normalise_header(s): key for key, spellings in ROSTER_SYNONYMS.items() for s in spellings}
REQUIRED = ("nik", "region", "funding")


@dataclass
class DoubleFunding:
    person_pseudonym: str
    regions: tuple[str, ...]
    funding_sources: tuple[str, ...]
    rows: tuple[int, ...]


@dataclass
class ParsedRoster:
    file_name: str
    period: Period
    frame: Any
    rejected: list[RejectedRow] = field(default_factory=list)
    rows_read: int = 0
    dataset: str = "roster"
    totals: list[Any] = field(default_factory=list)
    outside: list[OutsideRow] = field(default_factory=list)  # rows of regions outside the government's


def _match(cells: list[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _INDEX.get(normalise_header(cell_text(cell)))
        if key and key not in found:
            found[key] = index
    return found


def is_roster_header(cells: list[object]) -> bool:
    """A header row that names a NIK column, under any name rosters give it."""
    return "nik" in _match(cells)


def looks_like_roster(path: Path, file_name: str | None = None) -> bool:
    """Whether a file's first rows hold a roster's header (a NIK column), read without loading the file."""

    path = Path(path)
    name = file_name or path.name
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:  # under the reader's limits: a workbook bomb is refused by the parse, not opened here
            first_rows = workbook_head(path, name)
        except InputRejected:
            return False
        return any(is_roster_header(row) for row in first_rows)
    try:  # a UTF-16 or UTF-32 file is read in its own encoding (the reader names a wrong one)
        encoding = file_encoding(path, name)
        with path.open("r", encoding=encoding, errors="replace") as handle:
            text = handle.read(64 * 1024)
    except (InputRejected, OSError):
        return False
    lines = text.lstrip("\ufeff").splitlines()[:30]
    try:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=_sniff_delimiter(text)))
    except csv.Error:
        return False
    return any(is_roster_header(list(row)) for row in rows)


# Start dates a roster may hold: BPJS Ketenagakerjaan (then Jamsostek) has enrolled workers since 1977;
# a start more than a year after the roster's month is a typing error, not an enrolment.
FIRST_START_YEAR = 1977
START_DATE_LEAD_DAYS = 366


@lru_cache(maxsize=4096)
def _region(text: str) -> str:
    region = resolve_region(text)
    if region.kind == "province":
        raise UnknownRegion(f"{text!r} is the province, not a regency or city")
    return region.kemendagri_code


@lru_cache(maxsize=256)
def _segment(text: str) -> str:
    return resolve_segment(text or "BPU").code


@lru_cache(maxsize=256)
def _funding(text: str) -> str:
    return resolve_funding_source(text).code


@lru_cache(maxsize=256)
def _programmes(text: str) -> str:
    codes = {p.code for p in resolve_programmes(text or "JKK-JKM")}
    return "+".join(c for c in PROGRAMME_ORDER if c in codes)


@lru_cache(maxsize=8192)
def _start(text: str) -> date | None:
    return parse_date(text) if text else None


def _csv_rows(path: Path, name: str) -> Iterator[tuple[int, list[str]]]:
    """A roster's records, streamed (a roster can be long) with the limits every CSV is read under, but
    for its length: a roster's own (``MAX_ROSTER_ROWS``, a record a person)."""
    encoding = file_encoding(path, name)
    return csv_records(path, name, encoding, sniff_delimiter(path, encoding), max_rows=MAX_ROSTER_ROWS)


def _rows(path: Path, name: str) -> tuple[str, Iterator[tuple[int, list[object]]]]:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        if path.stat().st_size == 0:
            raise InputRejected(name, "the file is empty (0 bytes)")
        return path.stem, _csv_rows(path, name)  # type: ignore[return-value]
    table = read_table(path, name)
    sheet = table.sheets[0] if table.sheets else None
    for candidate in table.sheets:
        if any(is_roster_header(cells) for _n, cells in candidate.rows[:30]):
            sheet = candidate
            break
    if sheet is None:
        raise InputRejected(name, "the workbook has no visible sheet")
    return sheet.name, iter(sheet.rows)


ROSTER_COLUMNS = ("source_row", "person_pseudonym", "region_code", "village", "occupation", "segment_code",
                  "programme_set", "funding_source_code", "start_date")


def read_roster(path: Path, pseudonymiser: Pseudonymiser, *, expected_period: Period | None = None,
                file_name: str | None = None) -> ParsedRoster:
    """Read a roster; NIKs become pseudonyms and names are dropped as each row is read."""
    # Heavy: pandas, loaded only when a roster is read.
    import pandas as pd

    path = Path(path)
    name = file_name or path.name
    sheet_name, rows = _rows(path, name)
    columns, header_row, title = _header(rows, name)
    is_csv = path.suffix.lower() in (".csv", ".txt")
    period = stated_period(name, [("the title", title), ("the sheet name", None if is_csv else sheet_name),
                                  ("the file name", Path(name).stem)], expected_period, noun="roster")

    out, rejected, outside, rows_read = _people(rows, columns, pseudonymiser, period)
    if rows_read == 0:
        raise InputRejected(name, "no data rows below the header", row=header_row)
    frame = pd.DataFrame(out)
    frame["source_row"] = frame["source_row"].astype("int64")
    return ParsedRoster(file_name=name, period=period, frame=frame, rejected=rejected, rows_read=rows_read,
                        outside=outside)


def _header(rows: Iterator[tuple[int, list[object]]], name: str) -> tuple[dict[str, int], int, str]:
    """The roster's columns (by key), its header row and the title above it; the rows iterator is left
    just below the header."""
    title_parts: list[str] = []
    for number, cells in rows:
        found = _match(cells)
        if "nik" in found:
            missing = [c for c in REQUIRED if c not in found]
            if missing:
                labels = {"nik": "NIK", "region": "Kabupaten/Kota", "funding": "Sumber Dana"}
                raise InputRejected(name, f"required column {labels[missing[0]]!r} is missing", row=number)
            return found, number, " ".join(title_parts)
        title_parts.extend(cell_text(c) for c in cells if cell_text(c))
        if number >= 30:
            break
    raise InputRejected(name, "no roster header found in the first 30 rows (expected a NIK column)")


_END_OF_TABLE = re.compile(r"\s*(jumlah|total|catatan|mengetahui)", re.IGNORECASE)
# The columns a row's facts are read from, in the order :func:`_people` takes them.
_FACT_KEYS = ("region", "segment", "funding", "programme", "start_date", "village", "occupation", "name")


def _people(rows: Iterator[tuple[int, list[object]]], index: dict[str, int], pseudonymiser: Pseudonymiser,
            period: Period) -> tuple[dict[str, list[Any]], list[RejectedRow], list[OutsideRow], int]:
    """The rows below the header as columns of facts (a pseudonym for the NIK, no name), the rows refused,
    the rows of regions outside the government's, and how many rows were read. Runs once a person: lean."""
    out: dict[str, list[Any]] = {k: [] for k in ROSTER_COLUMNS}
    appends = [column.append for column in out.values()]
    rejected: list[RejectedRow] = []
    outside: list[OutsideRow] = []
    rows_read = 0
    nik_at = index["nik"]
    positions = [index.get(key) for key in _FACT_KEYS]
    safe_headers = {k: v for k, v in index.items() if k not in PERSONAL}
    today = date.today()
    latest = period.next().first_day + timedelta(days=START_DATE_LEAD_DAYS - 1)

    def reject(number: int, cells: list[object], column: str | None, reason: str, region_text: str = "") -> None:
        # A cell in the wrong column can carry this row's NIK or name into a message: neither leaves.
        mine = tuple(cell_text(cells[index[k]]).strip() for k in PERSONAL if k in index and index[k] < len(cells))
        raw = {k: without_personal(v, mine) for k, v in _raw(cells, safe_headers).items()}
        if region_text and (elsewhere := _elsewhere(number, region_text, raw)) is not None:
            outside.append(elsewhere)  # someone else's row, not a malformed one
            return
        rejected.append(RejectedRow(number, column, without_personal(reason, mine), raw))

    for number, cells in rows:
        if not any(cell_text(c) for c in cells):
            continue
        if cells and _END_OF_TABLE.match(cell_text(cells[0])):
            break
        rows_read += 1
        try:
            nik = checked_nik(cells[nik_at] if nik_at < len(cells) else "", today=today)
        except InvalidNik as exc:
            reject(number, cells, "NIK", f"NIK invalid: {exc}")
            continue
        width = len(cells)
        region_text, segment, funding, programme, start, village, occupation, name = [
            "" if at is None or at >= width else (v.strip() if isinstance(v := cells[at], str) else cell_text(v))
            for at in positions]
        try:
            facts = (_region(region_text), _segment(segment), _funding(funding), _programmes(programme), _start(start))
        except UnknownRegion as exc:
            reject(number, cells, "Kabupaten/Kota", str(exc), region_text)
            continue
        except UnknownCode as exc:
            reject(number, cells, None, str(exc))
            continue
        except DateParseError as exc:
            reject(number, cells, "Tanggal Mulai", str(exc))
            continue
        started = facts[4]
        if started is not None and (problem := _start_problem(started, latest)):
            reject(number, cells, "Tanggal Mulai", problem)
            continue
        if village or occupation:
            village, occupation = _free_text(village, name), _free_text(occupation, name)
        for append, value in zip(appends, (number, pseudonymiser.pseudonym(nik), facts[0], village or None,
                                           occupation or None, facts[1], facts[3], facts[2], started), strict=True):
            append(value)
    return out, rejected, outside, rows_read


def _start_problem(started: date, latest: date) -> str | None:
    """Why a start date cannot be an enrolment's, or None."""
    if date(FIRST_START_YEAR, 1, 1) <= started <= latest:
        return None
    return (f"start date {started:%d/%m/%Y} is outside the plausible window (01/01/{FIRST_START_YEAR} to "
            f"{latest:%d/%m/%Y}, a year after the roster's month)")


def _elsewhere(number: int, region_text: str, raw: dict[str, str]) -> OutsideRow | None:
    """A row naming a region of Indonesia outside the government's (a regional office's roster covers
    several provinces): set aside or refused as ``outside_rows`` says (:mod:`pantau.outside_rows`), as an
    export's rows are; None when the name is unknown everywhere or ambiguous."""
    government = current()
    other = find_elsewhere("", region_text, government.code)
    if other is None:
        return None
    return OutsideRow.of(number, other, government.name, raw)


def without_personal(text: str, personal: tuple[str, ...]) -> str:
    """``text`` with the row's own NIK and name, and anything else shaped like a NIK, masked."""
    for value in personal:
        text = _without(text, value)
    return scrub(text) if len(text) >= 16 else text


def _free_text(text: str, name: str) -> str:
    """A free-text cell kept as a fact (village, occupation), without the row's name or a NIK."""
    if not text:
        return text
    text = _without(text, name)
    return scrub(text) if len(text) >= 16 else text


def _without(text: str, value: str) -> str:
    """``text`` with ``value`` (a name, a NIK) masked wherever it appears, in any case and spacing
    ("SITI  AMINAH" for "Siti Aminah")."""
    words = value.split()
    if len(value.strip()) < 3 or not words or words[0].lower() not in text.lower():  # the common case, cheaply
        return text
    if " ".join(words).lower() not in " ".join(text.split()).lower():
        return text
    pattern = r"\s+".join(re.escape(word) for word in words)
    return re.sub(pattern, "<redacted>", text, flags=re.IGNORECASE)


def _raw(cells: list[object], headers: dict[str, int]) -> dict[str, str]:
    """A rejected row for the quarantine, without the NIK and the name."""
    return {key: cell_text(cells[pos])[:120] for key, pos in headers.items() if pos < len(cells)}


def find_double_funding(frame: Any) -> list[DoubleFunding]:
    """People enrolled more than once: by two regencies, by two funders of any kind (the province and a
    regency, a budget and the person), or twice by the same funder. Every pair counts."""
    # Only a person on two or more rows can be funded twice; most rosters have none.
    frame = frame[frame["person_pseudonym"].duplicated(keep=False)] if len(frame) else frame
    if len(frame) == 0:
        return []
    findings = []
    for person, rows in frame.groupby("person_pseudonym", sort=True):
        findings.append(DoubleFunding(
            person_pseudonym=str(person), regions=tuple(sorted(set(rows["region_code"]))),
            funding_sources=tuple(sorted(set(rows["funding_source_code"]))),
            rows=tuple(int(r) for r in rows["source_row"])))
    return findings
