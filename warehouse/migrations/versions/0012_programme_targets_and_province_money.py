"""The province's money first: funding sources kept apart, the programme's official target, finding states.

- ``ref_programme_target``: a programme's official target for a year (people, rupiah) with its source,
  seeded from ``reference/targets/bkbk-target-2024.yaml`` as it stood (frozen here); press targets stay
  claims (``fact_claim_reconciliation``);
- ``rpt_funding_source_month``: participants and contributions per funding source and month, the
  year's contributions so far and the previous month's figures, so the province's own (APBD Provinsi:
  BKBK, Dumisake) are never lumped with other budgets or self-payers; ``rpt_funding_lineage`` names
  the batches behind each;
- ``rpt_programme_target``: the targets, for the report;
- ``rpt_roster_month``: how many people the month's rosters hold (the scale of a double-funding check);
- ``rpt_finding_state``: each finding's state in a month (new, recurring since its first month, or
  resolved: found the roster month before, not in this one), without the pseudonym;
- ``rpt_dq_result``: every check of every suite run on a batch, with its counts and Data Docs page (never
  the observed values, which may quote a row), for the report's audit record in Indonesian.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations


import sqlalchemy as sa
from alembic import op

from warehouse.migrations.seed_files import seed_data
from warehouse.migrations.view_files import create_views, drop_views

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TARGET_COLUMNS = ("series", "series_version", "programme", "funding_source_code", "segment_code", "programme_set",
                  "region_code", "year", "measure", "value", "unit", "publisher", "document", "document_verified",
                  "source_url", "retrieved_on", "file_name")
# The rows of reference/targets/*.yaml as they stood (frozen in seeds/0012.yaml).
TARGET_ROWS: tuple[tuple[object, ...], ...] = tuple(tuple(row) for row in seed_data("0012")["target_rows"])
VIEWS: dict[str, int] = {
    "rpt_funding_source_month": 1,
    "rpt_funding_lineage": 1,
    "rpt_programme_target": 1,
    "rpt_roster_month": 1,
    "rpt_finding_state": 1,
    "rpt_dq_result": 1,
}


def upgrade() -> None:
    table = op.create_table(
        "ref_programme_target",
        sa.Column("series", sa.String(120), nullable=False),
        sa.Column("measure", sa.String(32), nullable=False),
        sa.Column("series_version", sa.Integer(), nullable=False),
        sa.Column("programme", sa.String(40), nullable=False),
        sa.Column("funding_source_code", sa.String(16), nullable=False),
        sa.Column("segment_code", sa.String(8), nullable=True),
        sa.Column("programme_set", sa.String(32), nullable=True),
        sa.Column("region_code", sa.String(8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("document_verified", sa.Boolean(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("retrieved_on", sa.Date(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["dim_region.region_code"],
                                name="fk_ref_programme_target_region_code_dim_region"),
        sa.PrimaryKeyConstraint("series", "measure", name="pk_ref_programme_target"),
    )
    op.bulk_insert(table, [dict(zip(TARGET_COLUMNS, row, strict=True)) for row in TARGET_ROWS])
    create_views(VIEWS)


def downgrade() -> None:
    drop_views(list(reversed(VIEWS)))
    op.drop_table("ref_programme_target")
