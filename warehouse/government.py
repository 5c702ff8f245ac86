"""The configured government's rows in the warehouse's dimensions, written at every upgrade.

Migrations hold frozen data only (the first government's regions, as they stood); the regions,
funding sources and official targets of the government a deployment serves come from its
configuration (core.government) and are added here when missing, so a warehouse can serve any
government, or several side by side. Rows already present are never changed: a name or target
corrected later is a new series version, loaded as such.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from core.government import Government, current
from core.settings import get_settings
from transforms.national_regions import national_regions
from transforms.programmes import APBD_FUNDING
from transforms.regions import REGIONS


def _insert_missing(connection: Connection, table: str, keys: tuple[str, ...], rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose key is not in ``table`` yet; returns how many were added."""
    added = 0
    for row in rows:
        where = " AND ".join(f"{k} = :{k}" for k in keys)
        if connection.execute(sa.text(f"SELECT 1 FROM {table} WHERE {where}"), {k: row[k] for k in keys}).first():
            continue
        columns = ", ".join(row)
        connection.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + c for c in row)})"), row)
        added += 1
    return added


def region_rows() -> list[dict[str, Any]]:
    """``dim_region`` rows of the government's regions, the province it lies in first (a parent before its children)."""
    top = REGIONS[0]
    rows = []
    if top.parent_code:
        province = national_regions().by_code(top.parent_code)
        rows.append({"region_code": province.kemendagri_code, "bps_code": province.bps_code or province.kemendagri_code,
                     "name": province.name, "kind": "province", "parent_code": None})
    rows += [{"region_code": r.kemendagri_code, "bps_code": r.bps_code, "name": r.name, "kind": r.kind,
              "parent_code": r.parent_code} for r in REGIONS]
    return rows


def target_rows(government: Government) -> list[dict[str, Any]]:
    """``ref_programme_target`` rows of the government's programmes' official targets."""
    rows = []
    for programme in government.programmes:
        for target in programme.targets:
            measures = [("participants", target.participants, "orang")]
            if target.contributions_idr is not None:
                measures.append(("contributions_idr", target.contributions_idr, "rupiah"))
            rows += [{"series": target.series, "series_version": target.version, "programme": programme.code,
                      "funding_source_code": programme.funding_source, "segment_code": programme.segment,
                      "programme_set": programme.programmes, "region_code": government.code, "year": target.year,
                      "measure": measure, "value": value, "unit": unit, "publisher": target.source.publisher,
                      "document": target.source.document, "document_verified": target.source.document_verified,
                      "source_url": target.source.url or None, "retrieved_on": target.source.retrieved,
                      "file_name": government_file_name()} for measure, value, unit in measures]
    return rows


def government_file_name() -> str:
    return get_settings().government_file.name


def seed_government(connection: Connection) -> dict[str, int]:
    """Add the configured government's regions, aliases, funding sources and targets where missing."""
    government = current()
    added = {"regions": _insert_missing(connection, "dim_region", ("region_code",), region_rows())}
    aliases = [{"alias": alias, "region_code": r.kemendagri_code} for r in REGIONS for alias in r.aliases]
    added["aliases"] = _insert_missing(connection, "dim_region_alias", ("alias",), aliases)
    sources = [{"funding_source_code": f.code, "name": f.name, "is_apbd": f.code in APBD_FUNDING}
               for f in government.funding_sources]
    added["funding_sources"] = _insert_missing(connection, "dim_funding_source", ("funding_source_code",), sources)
    added["targets"] = _insert_missing(connection, "ref_programme_target", ("series", "measure"),
                                       target_rows(government))
    return added
