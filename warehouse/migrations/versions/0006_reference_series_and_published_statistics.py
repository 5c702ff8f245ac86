"""Reference series from files, published yearly statistics, the number convention of a batch.

- ``ref_workforce`` becomes one row per region × year × measure with its source (publisher,
  table title, URL, date retrieved) and method, seeded from the versioned files under
  ``reference/`` (``workforce/*.yaml``) (the derived-only rows of 0002
  are replaced);
- ``fact_published_statistic``: yearly statistics as open-data tables publish them;
- ``audit_ingest_batch.number_convention``: the convention a file's numbers were read in;
- the coverage views are replaced so that the coverage rate is defined once, in
  ``rpt_coverage_rate``, against every denominator measure (the headline one, BPJS's potential
  workers, feeds ``rpt_coverage_region_month``/``rpt_coverage_province_month`` as before);
  ``rpt_reference_series``, ``rpt_reference_totals`` (a province total against the sum of its
  regencies) and ``rpt_published_statistic`` (beside the monthly exports) are new.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations


import sqlalchemy as sa
from alembic import op

from warehouse.migrations.seed_files import seed_data
from warehouse.migrations.view_files import create_view, create_views, drop_views

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

REPLACED_VIEWS = ("rpt_coverage_province_month", "rpt_coverage_region_month")


SEED_COLUMNS = ('region_code', 'year', 'measure', 'value', 'unit', 'publisher', 'table_title', 'source_url', 'retrieved_on', 'method', 'is_derived', 'note', 'series', 'series_version')
SEED = seed_data("0006")
# The rows of reference/workforce/*.yaml as they stood (series version 1 of each file).
SEED_ROWS: tuple[tuple[object, ...], ...] = tuple(tuple(row) for row in SEED["seed_rows"])
# What revision 0002 seeded, restored on downgrade.
WORKFORCE_SOURCE_0002: str = SEED["workforce_source_0002"]
WORKFORCE_2024_0002: dict[str, int] = SEED["workforce_2024_0002"]
PROVINCE_WORKFORCE_2024_0002: int = SEED["province_workforce_2024_0002"]
PROVINCE_CODE_0002 = SEED_ROWS[0][0]  # the province whose total revision 0002 seeded

# The coverage rate is defined once, in rpt_coverage_rate, against every denominator measure; the
# headline one (BPJS's potential workers) feeds the region and province views.
NEW_VIEWS: dict[str, int] = {
    "rpt_coverage_rate": 1, "rpt_coverage_region_month": 2, "rpt_coverage_province_month": 2,
    "rpt_reference_series": 1, "rpt_reference_totals": 1, "rpt_published_statistic": 1,
}


def upgrade() -> None:
    drop_views(REPLACED_VIEWS)
    op.drop_table("ref_workforce")
    ref = op.create_table(
        "ref_workforce",
        sa.Column("region_code", sa.String(8), sa.ForeignKey("dim_region.region_code",
                                                             name="fk_ref_workforce_region_code_dim_region"),
                  primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("measure", sa.String(32), primary_key=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("table_title", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("retrieved_on", sa.Date(), nullable=False),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("is_derived", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("series", sa.String(120), nullable=False),
        sa.Column("series_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "year", "measure", name="pk_ref_workforce"),
    )
    op.bulk_insert(ref, [dict(zip(SEED_COLUMNS, row, strict=True)) for row in SEED_ROWS])

    op.add_column("audit_ingest_batch", sa.Column("number_convention", sa.String(400), nullable=True))
    op.create_table(
        "fact_published_statistic",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(80), nullable=False),
        sa.Column("region_code", sa.String(8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(120), nullable=False),
        sa.Column("measure_label", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(40), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("metric", sa.String(40), nullable=True),
        sa.Column("code_system", sa.String(16), nullable=True),
        sa.Column("source_row", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["audit_ingest_batch.batch_id"],
                                name="fk_fact_published_statistic_batch_id_audit_ingest_batch"),
        sa.ForeignKeyConstraint(["region_code"], ["dim_region.region_code"],
                                name="fk_fact_published_statistic_region_code_dim_region"),
        sa.PrimaryKeyConstraint("id", name="pk_fact_published_statistic"),
        sa.UniqueConstraint("source_name", "measure", "region_code", "year",
                            name="uq_fact_published_statistic_source_name"),
    )
    op.create_index("ix_fact_published_statistic_batch_id", "fact_published_statistic", ["batch_id"])
    create_views(NEW_VIEWS)


def downgrade() -> None:
    drop_views(list(reversed(NEW_VIEWS)))
    op.drop_index("ix_fact_published_statistic_batch_id", table_name="fact_published_statistic")
    op.drop_table("fact_published_statistic")
    # Plain ALTER (SQLite 3.35+): a batch copy would trip over the views that read the table.
    op.execute("ALTER TABLE audit_ingest_batch DROP COLUMN number_convention")
    op.drop_table("ref_workforce")
    old = op.create_table(
        "ref_workforce",
        sa.Column("region_code", sa.String(8), sa.ForeignKey("dim_region.region_code",
                                                             name="fk_ref_workforce_region_code_dim_region"),
                  primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("workforce", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "year", name="pk_ref_workforce"),
    )
    rows = [{"region_code": code, "year": 2024, "workforce": n, "source": WORKFORCE_SOURCE_0002}
            for code, n in WORKFORCE_2024_0002.items()]
    rows.append({"region_code": PROVINCE_CODE_0002, "year": 2024, "workforce": PROVINCE_WORKFORCE_2024_0002,
                 "source": "BPJS Ketenagakerjaan potential workers for Jambi, August 2024"})
    op.bulk_insert(old, rows)
    for name in reversed(REPLACED_VIEWS):
        create_view(name, 1)
