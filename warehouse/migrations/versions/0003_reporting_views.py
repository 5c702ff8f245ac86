"""Reporting views (``rpt_*``): the only objects report readers see.

Coverage per regency and month, province totals, funding by programme package, news
attention, claim reconciliation, data-quality status per batch, and lineage from every
reported (period, region) figure to the batches and files it came from. Plain SQL that runs
unchanged on SQLite and PostgreSQL, read from ``warehouse/views/<name>_v1.sql``.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from warehouse.migrations.view_files import create_views, drop_views

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

VIEWS: dict[str, int] = {
    "rpt_coverage_region_month": 1,
    "rpt_coverage_province_month": 1,
    "rpt_funding_month": 1,
    "rpt_coverage_lineage": 1,
    "rpt_batch_quality": 1,
    "rpt_news_attention": 1,
    "rpt_claim_reconciliation": 1,
}


def upgrade() -> None:
    create_views(VIEWS)


def downgrade() -> None:
    drop_views(list(reversed(VIEWS)))
