"""Seed dimensions (regions, periods, programmes, segments, funding sources) and reference facts.

The data is frozen here as it stood when this revision was written: regions, programmes,
segments and funding sources as their canonical definitions in ``transforms`` held them then;
workforce and budget figures as ``warehouse.reference`` documented them (a later change to
either is a later revision, never an edit of this one).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import date
from itertools import combinations

import sqlalchemy as sa
from alembic import op

from warehouse.migrations.seed_files import seed_data

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FIRST_YEAR, LAST_YEAR = 2015, 2035
SEED = seed_data("0002")
# (Kemendagri code, BPS code, name, kind, parent code, aliases)
REGIONS: tuple[tuple[str, str, str, str, str | None, tuple[str, ...]], ...] = tuple(
    (code, bps, name, kind, parent, tuple(aliases)) for code, bps, name, kind, parent, aliases in SEED["regions"])
MONTH_NAMES_ID = ('Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember')
PROGRAMMES = (('JKK', 'Jaminan Kecelakaan Kerja'), ('JKM', 'Jaminan Kematian'), ('JHT', 'Jaminan Hari Tua'), ('JP', 'Jaminan Pensiun'), ('JKP', 'Jaminan Kehilangan Pekerjaan'))
SEGMENTS = (('PU', 'Penerima Upah'), ('BPU', 'Bukan Penerima Upah'), ('JAKON', 'Jasa Konstruksi'), ('PMI', 'Pekerja Migran Indonesia'))
FUNDING_SOURCES = (('APBD_PROV', 'APBD Provinsi'), ('APBD_KAB', 'APBD Kabupaten/Kota'), ('APBDES', 'APBDes'), ('MANDIRI', 'Mandiri'))
APBD_FUNDING = ('APBDES', 'APBD_KAB', 'APBD_PROV')
WORKFORCE_SOURCE: str = SEED["workforce_source"]
WORKFORCE_2024: dict[str, int] = SEED["workforce_2024"]
PROVINCE_WORKFORCE_2024: int = SEED["province_workforce_2024"]
PROVINCIAL_BUDGET_IDR: int = SEED["provincial_budget_idr"]
BUDGET_SOURCE: str = SEED["budget_source"]
BUDGET_YEARS = range(2020, 2027)


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns))


def upgrade() -> None:
    op.bulk_insert(
        _table("dim_region", "region_code", "bps_code", "name", "kind", "parent_code"),
        [
            {"region_code": code, "bps_code": bps, "name": name, "kind": kind, "parent_code": parent}
            for code, bps, name, kind, parent, _ in REGIONS
        ],
    )
    op.bulk_insert(
        _table("dim_region_alias", "alias", "region_code"),
        [{"alias": a, "region_code": code} for code, *_, aliases in REGIONS for a in aliases],
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
                   [{"programme_code": code, "name": name} for code, name in PROGRAMMES])
    op.bulk_insert(_table("dim_segment", "segment_code", "name"),
                   [{"segment_code": code, "name": name} for code, name in SEGMENTS])
    op.bulk_insert(
        _table("dim_funding_source", "funding_source_code", "name", "is_apbd"),
        [{"funding_source_code": code, "name": name, "is_apbd": code in APBD_FUNDING}
         for code, name in FUNDING_SOURCES],
    )
    # Every package of programmes, in the canonical order ("JKK+JKM").
    codes = [code for code, _ in PROGRAMMES]
    sets = ["+".join(c) for n in range(1, len(codes) + 1) for c in combinations(codes, n)]
    op.bulk_insert(_table("dim_programme_set", "programme_set"), [{"programme_set": s} for s in sets])
    op.bulk_insert(
        _table("dim_programme_set_member", "programme_set", "programme_code"),
        [{"programme_set": s, "programme_code": code} for s in sets for code in s.split("+")],
    )
    workforce = [
        {"region_code": code, "year": 2024, "workforce": n, "source": WORKFORCE_SOURCE}
        for code, n in WORKFORCE_2024.items()
    ]
    province = REGIONS[0]
    workforce.append({"region_code": province[0], "year": 2024, "workforce": PROVINCE_WORKFORCE_2024,
                      "source": f"BPJS Ketenagakerjaan potential workers for {province[2]}, August 2024"})
    op.bulk_insert(_table("ref_workforce", "region_code", "year", "workforce", "source"), workforce)
    op.bulk_insert(
        _table("ref_provincial_budget", "year", "amount_idr", "source"),
        [{"year": y, "amount_idr": PROVINCIAL_BUDGET_IDR, "source": BUDGET_SOURCE}
         for y in BUDGET_YEARS],
    )


def downgrade() -> None:
    for table in ("ref_provincial_budget", "ref_workforce", "dim_programme_set_member", "dim_programme_set",
                  "dim_funding_source", "dim_segment", "dim_programme", "dim_period", "dim_region_alias"):
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.execute(sa.text("DELETE FROM dim_region WHERE parent_code IS NOT NULL"))
    op.execute(sa.text("DELETE FROM dim_region"))
