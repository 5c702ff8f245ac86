"""Seed dimensions (regions, periods, programmes, segments, funding sources) and reference facts.

Regions, programmes, segments and funding sources come from their one canonical definition
in ``transforms``; workforce and budget figures from ``warehouse.reference``, whose docstring
documents their sources.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import date
from itertools import combinations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FIRST_YEAR, LAST_YEAR = 2015, 2035


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns))


def upgrade() -> None:
    from transforms.dates import MONTH_NAMES_ID
    from transforms.programmes import APBD_FUNDING, FUNDING_SOURCES, PROGRAMMES, SEGMENTS
    from transforms.regions import REGIONS
    from warehouse import reference

    op.bulk_insert(
        _table("dim_region", "region_code", "bps_code", "name", "kind", "parent_code"),
        [
            {"region_code": r.kemendagri_code, "bps_code": r.bps_code, "name": r.name, "kind": r.kind,
             "parent_code": r.parent_code}
            for r in REGIONS
        ],
    )
    op.bulk_insert(
        _table("dim_region_alias", "alias", "region_code"),
        [{"alias": a, "region_code": r.kemendagri_code} for r in REGIONS for a in r.aliases],
    )
    op.bulk_insert(
        _table("dim_period", "period_key", "year", "month", "first_day", "label_id"),
        [
            {"period_key": y * 100 + m, "year": y, "month": m, "first_day": date(y, m, 1),
             "label_id": f"{MONTH_NAMES_ID[m - 1]} {y}"}
            for y in range(FIRST_YEAR, LAST_YEAR + 1)
            for m in range(1, 13)
        ],
    )
    op.bulk_insert(_table("dim_programme", "programme_code", "name"),
                   [{"programme_code": p.code, "name": p.name} for p in PROGRAMMES])
    op.bulk_insert(_table("dim_segment", "segment_code", "name"),
                   [{"segment_code": s.code, "name": s.name} for s in SEGMENTS])
    op.bulk_insert(
        _table("dim_funding_source", "funding_source_code", "name", "is_apbd"),
        [{"funding_source_code": f.code, "name": f.name, "is_apbd": f.code in APBD_FUNDING}
         for f in FUNDING_SOURCES],
    )
    # Every package of programmes, in the canonical order ("JKK+JKM").
    codes = [p.code for p in PROGRAMMES]
    sets = ["+".join(c) for n in range(1, len(codes) + 1) for c in combinations(codes, n)]
    op.bulk_insert(_table("dim_programme_set", "programme_set"), [{"programme_set": s} for s in sets])
    op.bulk_insert(
        _table("dim_programme_set_member", "programme_set", "programme_code"),
        [{"programme_set": s, "programme_code": code} for s in sets for code in s.split("+")],
    )
    workforce = [
        {"region_code": code, "year": 2024, "workforce": n, "source": reference.WORKFORCE_SOURCE}
        for code, n in reference.WORKFORCE_2024.items()
    ]
    workforce.append({"region_code": "15", "year": 2024, "workforce": reference.PROVINCE_WORKFORCE_2024,
                      "source": "BPJS Ketenagakerjaan potential workers for Jambi, August 2024"})
    op.bulk_insert(_table("ref_workforce", "region_code", "year", "workforce", "source"), workforce)
    op.bulk_insert(
        _table("ref_provincial_budget", "year", "amount_idr", "source"),
        [{"year": y, "amount_idr": reference.PROVINCIAL_BUDGET_IDR, "source": reference.BUDGET_SOURCE}
         for y in reference.BUDGET_YEARS],
    )


def downgrade() -> None:
    for table in ("ref_provincial_budget", "ref_workforce", "dim_programme_set_member", "dim_programme_set",
                  "dim_funding_source", "dim_segment", "dim_programme", "dim_period", "dim_region_alias"):
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.execute(sa.text("DELETE FROM dim_region WHERE parent_code IS NOT NULL"))
    op.execute(sa.text("DELETE FROM dim_region"))
