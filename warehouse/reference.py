"""Reference series (coverage denominators) read from versioned files under ``reference/``.

Each file holds one row per region × year × measure with its source (publisher, table title,
URL, date retrieved) and method; ``read_reference_file`` turns a YAML or CSV file into typed
rows, refusing a malformed one with the file, row and column named. Migration 0006 seeds
``ref_workforce`` from the files in ``SEED_FILES``; ``pantau reference load`` loads later ones.
Measures are kept apart, never mixed (``MEASURES``). Codes are checked against names: a row
whose code and name disagree is refused (``transforms.regions.resolve_code_and_name``).

Also here: plausibility bounds (provincial budget, population), and the historic derived
per-regency workforce that migration 0002 seeded (replaced by 0006).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from core.errors import InputRejected
from core.government import current
from transforms.regions import CodeSystem, UnknownRegion, resolve_code_and_name

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"

# The denominators, by publisher; a coverage rate always says which one it uses.
MEASURES: dict[str, str] = {
    "pekerja_potensial": "Pekerja potensial (BPJS Ketenagakerjaan)",
    "penduduk_bekerja": "Penduduk bekerja (BPS, Sakernas Agustus)",
    "angkatan_kerja": "Angkatan kerja (BPS, Sakernas Agustus)",
}
# BPJS's own coverage rates are against its potential workers: the headline denominator.
HEADLINE_MEASURE = "pekerja_potensial"

# Files seeded by migration 0006, at the versions they hold. Later files: `pantau reference load`.
SEED_FILES = (
    "workforce/bpjstk-pekerja-potensial-2024.yaml",
    "workforce/bps-penduduk-bekerja-kabupaten-2019-2021.yaml",
    "workforce/bps-ketenagakerjaan-provinsi-2023.yaml",
)


@dataclass(frozen=True)
class ReferenceRow:
    region_code: str  # Kemendagri
    year: int
    measure: str
    value: int
    unit: str
    publisher: str
    table_title: str
    source_url: str
    retrieved_on: date
    method: str
    is_derived: bool
    note: str | None
    series: str
    series_version: int
    line: int  # where the row is in its file

    def as_record(self) -> dict[str, Any]:
        return {"region_code": self.region_code, "year": self.year, "measure": self.measure, "value": self.value,
                "unit": self.unit, "publisher": self.publisher, "table_title": self.table_title,
                "source_url": self.source_url, "retrieved_on": self.retrieved_on, "method": self.method,
                "is_derived": self.is_derived, "note": self.note, "series": self.series,
                "series_version": self.series_version}


@dataclass(frozen=True)
class ReferenceSeries:
    series: str
    version: int
    file_name: str
    rows: tuple[ReferenceRow, ...]


REQUIRED_SOURCE = ("publisher", "table_title", "url", "retrieved")


def read_reference_file(path: Path) -> ReferenceSeries:
    """Parse a reference file (YAML or CSV); InputRejected names the file, row and column."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise InputRejected(str(path), "no such file")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        header, raw_rows = _read_yaml(path)
    elif suffix == ".csv":
        header, raw_rows = _read_csv(path)
    else:
        raise InputRejected(name, "unsupported reference file type: use .yaml or .csv")
    series = str(header.get("series") or path.stem)
    try:
        version = int(header.get("version", 1))
    except (TypeError, ValueError):
        raise InputRejected(name, f"version {header.get('version')!r} is not a whole number",
                            column="version") from None
    system_text = str(header.get("code_system") or "").strip().lower()
    if system_text and system_text not in ("bps", "kemendagri"):
        raise InputRejected(name, f"code_system {system_text!r} is neither 'bps' nor 'kemendagri'",
                            column="code_system")
    system = CodeSystem(system_text) if system_text else None
    if not raw_rows:
        raise InputRejected(name, "no rows")
    rows: list[ReferenceRow] = []
    seen: dict[tuple[str, int, str], int] = {}
    for line, raw in raw_rows:
        merged = {**header, **{k: v for k, v in raw.items() if v not in (None, "")}}
        source = {**(header.get("source") or {}), **(raw.get("source") or {})}
        for key in REQUIRED_SOURCE:
            if key in merged and key not in source:
                source[key] = merged[key]
        row = _row(name, line, merged, source, system, series, version)
        row_key = (row.region_code, row.year, row.measure)
        if row_key in seen:
            raise InputRejected(name, f"{row.region_code} {row.year} {row.measure} appears twice (also row "
                                      f"{seen[row_key]})", row=line)
        seen[row_key] = line
        rows.append(row)
    return ReferenceSeries(series=series, version=version, file_name=name, rows=tuple(rows))


def _row(name: str, line: int, merged: dict[str, Any], source: dict[str, Any], system: CodeSystem | None,
         series: str, version: int) -> ReferenceRow:
    for column in ("code", "name", "year", "measure", "value"):
        if merged.get(column) in (None, ""):
            raise InputRejected(name, f"{column!r} is missing", row=line, column=column)
    for column in REQUIRED_SOURCE:
        if not str(source.get(column) or "").strip():
            raise InputRejected(name, f"source {column!r} is missing: every figure names where it came from",
                                row=line, column=column)
    measure = str(merged["measure"]).strip()
    if measure not in MEASURES:
        raise InputRejected(name, f"unknown measure {measure!r} (one of {', '.join(MEASURES)})", row=line,
                            column="measure")
    try:
        region = resolve_code_and_name(str(merged["code"]), str(merged["name"]), system)
    except UnknownRegion as exc:
        raise InputRejected(name, str(exc), row=line, column="code") from None
    year, value = _whole(name, line, "year", merged["year"]), _whole(name, line, "value", merged["value"])
    if not 1990 <= year <= 2100:
        raise InputRejected(name, f"year {year} is implausible", row=line, column="year")
    if value <= 0:
        raise InputRejected(name, f"value {value} is not a positive count", row=line, column="value")
    retrieved = source["retrieved"]
    if not isinstance(retrieved, date):
        try:
            retrieved = date.fromisoformat(str(retrieved).strip())
        except ValueError:
            raise InputRejected(name, f"retrieved {retrieved!r} is not a date (YYYY-MM-DD)", row=line,
                                column="retrieved") from None
    method = str(merged.get("method") or "published").strip()
    url = str(source["url"]).strip()
    if not url.startswith(("https://", "http://")):
        raise InputRejected(name, f"url {url!r} is not a web address", row=line, column="url")
    return ReferenceRow(
        region_code=region.kemendagri_code, year=year, measure=measure, value=value,
        unit=str(merged.get("unit") or "orang"), publisher=str(source["publisher"]).strip(),
        table_title=str(source["table_title"]).strip(), source_url=url, retrieved_on=retrieved, method=method,
        is_derived=method.lower().startswith("derived"), note=str(merged["note"]) if merged.get("note") else None,
        series=series, series_version=version, line=line)


def _whole(name: str, line: int, column: str, value: Any) -> int:
    if isinstance(value, bool):
        raise InputRejected(name, f"{value!r} is not a whole number", row=line, column=column)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    # Reference files write plain digits, or Indonesian thousands ("1.746.840").
    if text.isdigit() or (text.replace(".", "").isdigit() and all(len(p) == 3 for p in text.split(".")[1:])):
        return int(text.replace(".", ""))
    raise InputRejected(name, f"{text!r} is not a whole number", row=line, column=column)


MAX_REFERENCE_BYTES = 5 * 1024 * 1024
MAX_YAML_NODES = 100_000  # nodes after aliases are expanded: a reference file has a few thousand


def _expanded_nodes(root: Any) -> int:
    """How many nodes ``root`` stands for once every alias is expanded (a node counted once per
    reference to it), computed without expanding anything: an alias bomb is measured, not built.
    A node that contains itself through an alias counts as unbounded."""

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        collection = isinstance(node, yaml.SequenceNode | yaml.MappingNode)
        children = [] if not collection else (
            node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair])
        if collection and not children_done:
            if id(node) in open_nodes:
                return MAX_YAML_NODES + 1  # it contains itself
            open_nodes.add(id(node))
            stack.append((node, True))
            for child in children:
                if id(child) in open_nodes:
                    return MAX_YAML_NODES + 1
                if id(child) not in sizes:
                    stack.append((child, False))
            continue
        sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        open_nodes.discard(id(node))
        if sizes[id(node)] > MAX_YAML_NODES:
            return sizes[id(node)]
    return sizes.get(id(root), 0)


def _read_yaml(path: Path) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    class LineLoader(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _value in node.value:  # YAML keeps the last of two equal keys silently: refuse instead
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key, line = str(key_node.value), key_node.start_mark.line + 1
            if key in seen:
                raise InputRejected(path.name, f"the key {key!r} is written twice in one mapping (lines {seen[key]} "
                                               f"and {line}): which value is meant?", row=line, column=key)
            seen[key] = line
        result = loader.construct_mapping(node, deep=True)
        result["__line__"] = node.start_mark.line + 1
        return result

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    size = path.stat().st_size
    if size > MAX_REFERENCE_BYTES:
        raise InputRejected(path.name, f"the file is {size / 1_048_576:,.1f} MB (limit "
                                       f"{MAX_REFERENCE_BYTES // 1_048_576} MB for a reference file)")
    try:
        loader = LineLoader(path.read_text(encoding="utf-8"))  # a SafeLoader subclass
        try:
            root = loader.get_single_node()  # the node graph: aliases are shared, not yet expanded
            expanded = _expanded_nodes(root) if root is not None else 0
            if expanded > MAX_YAML_NODES:
                raise InputRejected(path.name, f"the YAML expands through its aliases to more than "
                                               f"{MAX_YAML_NODES:,} nodes (limit on YAML aliases and size)")
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputRejected(path.name, f"not a readable YAML file: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise InputRejected(path.name, "the YAML nests too deeply (limit on nesting)") from None
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise InputRejected(path.name, "expected a mapping with a 'rows' list")
    header = {k: v for k, v in data.items() if k not in ("rows", "__line__")}
    rows = []
    for raw in data["rows"]:
        if not isinstance(raw, dict):
            raise InputRejected(path.name, f"row {raw!r} is not a mapping")
        line = int(raw.pop("__line__"))
        rows.append((line, raw))
    if isinstance(header.get("source"), dict):
        header["source"].pop("__line__", None)
    return header, rows


def _read_csv(path: Path) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    size = path.stat().st_size
    if size > MAX_REFERENCE_BYTES:
        raise InputRejected(path.name, f"the file is {size / 1_048_576:,.1f} MB (limit "
                                       f"{MAX_REFERENCE_BYTES // 1_048_576} MB for a reference file)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputRejected(path.name, f"not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise InputRejected(path.name, "the file is empty")
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    rows = [(number + 2, {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k})
            for number, raw in enumerate(reader)]
    header: dict[str, Any] = {}
    if rows and rows[0][1].get("code_system"):
        header["code_system"] = rows[0][1]["code_system"]
    if rows and rows[0][1].get("version"):
        header["version"] = rows[0][1]["version"]
    return header, rows


# --- plausibility bounds ------------------------------------------------------------------------

# Upper plausibility bounds: money figures above the government's annual budget (APBD, upper end of
# its range), counts of people above its population. The government's configuration gives both.
PROVINCIAL_BUDGET_IDR = current().annual_budget_idr
PROVINCE_POPULATION = current().population


TARGET_DIR = REFERENCE_DIR / "targets"
TARGET_MEASURES = ("participants", "contributions_idr")


def read_target_file(path: Path) -> list[dict[str, Any]]:
    """A programme's official targets (``reference/targets/*.yaml``) as ``ref_programme_target`` rows.

    Refuses a file without its source (publisher, document) or with a measure other than people or
    rupiah, naming the file and the field."""

    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    source = data.get("source") or {}
    for key in ("series", "version", "programme", "funding_source", "region_code", "year"):
        if data.get(key) in (None, ""):
            raise InputRejected(str(path), f"field {key!r} is missing", column=key)
    for key in ("publisher", "document", "retrieved"):
        if not source.get(key):
            raise InputRejected(str(path), f"source.{key} is missing", column=f"source.{key}")
    rows = []
    for number, target in enumerate(data.get("targets") or [], start=1):
        if target.get("measure") not in TARGET_MEASURES or not isinstance(target.get("value"), int):
            raise InputRejected(str(path), f"target {number} needs a measure of {TARGET_MEASURES} and a whole value, "
                                f"got {target!r}", row=number, column="targets")
        rows.append({"series": data["series"], "series_version": int(data["version"]),
                     "programme": data["programme"], "funding_source_code": data["funding_source"],
                     "segment_code": data.get("segment"), "programme_set": data.get("programmes"),
                     "region_code": str(data["region_code"]), "year": int(data["year"]),
                     "measure": target["measure"], "value": target["value"], "unit": target.get("unit") or "",
                     "publisher": source["publisher"], "document": source["document"],
                     "document_verified": bool(source.get("document_verified")),
                     "source_url": source.get("url") or None, "retrieved_on": source["retrieved"],
                     "file_name": path.relative_to(REFERENCE_DIR).as_posix()
                     if path.is_relative_to(REFERENCE_DIR) else path.name})
    return rows
