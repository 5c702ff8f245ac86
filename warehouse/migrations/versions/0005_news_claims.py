"""News claims: what each figure claims, and like-with-like reconciliation views.

``news_figure`` gains the claim model (``transforms.claims``): modality, scope, programmes,
segment, funding source, occupation, branch office, the actor who said it and the cue words that decided each
field (its ``quantity`` column holds the metric). ``fact_claim_reconciliation`` records what
each claim was compared with (basis, the warehouse period) and, for targets, the progress.

Views: ``rpt_coverage_detail_month`` and ``rpt_benefit_claims_month`` keep every dimension
(segment, programme package, funding source) so a claim is compared with exactly its own;
``rpt_news_claim`` lists the claims to reconcile; ``rpt_claim_reconciliation`` is rebuilt with
the claim's fields; ``rpt_announced_target`` is the report's section of announced targets.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from warehouse.migrations.view_files import create_view, create_views, drop_views

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FIGURE_COLUMNS: tuple[sa.Column[Any], ...] = (
    sa.Column("modality", sa.String(length=16), nullable=True),
    sa.Column("scope", sa.String(length=16), nullable=True),
    sa.Column("programmes", sa.String(length=40), nullable=True),
    sa.Column("segment", sa.String(length=8), nullable=True),
    sa.Column("funding_source", sa.String(length=16), nullable=True),
    sa.Column("occupation", sa.String(length=60), nullable=True),
    sa.Column("branch", sa.String(length=60), nullable=True),
    sa.Column("actor", sa.String(length=160), nullable=True),
    sa.Column("cues", sa.JSON(), nullable=True),
)
RECONCILIATION_COLUMNS: tuple[sa.Column[Any], ...] = (
    sa.Column("modality", sa.String(length=16), nullable=True),
    sa.Column("scope", sa.String(length=16), nullable=True),
    sa.Column("programmes", sa.String(length=40), nullable=True),
    sa.Column("segment", sa.String(length=8), nullable=True),
    sa.Column("funding_source", sa.String(length=16), nullable=True),
    sa.Column("basis", sa.Text(), nullable=True),
    sa.Column("warehouse_period", sa.String(length=8), nullable=True),
    sa.Column("progress_pct", sa.Float(), nullable=True),
)

VIEWS: dict[str, int] = {
    "rpt_coverage_detail_month": 1,
    "rpt_benefit_claims_month": 1,
    "rpt_news_claim": 1,
    "rpt_claim_reconciliation": 2,
    "rpt_announced_target": 1,
}


def upgrade() -> None:
    drop_views(["rpt_claim_reconciliation"])
    for table, columns in (("news_figure", FIGURE_COLUMNS), ("fact_claim_reconciliation", RECONCILIATION_COLUMNS)):
        for added in columns:
            op.add_column(table, sa.Column(added.name, added.type, nullable=added.nullable))
    create_views(VIEWS)


def downgrade() -> None:
    drop_views(list(reversed(VIEWS)))
    for table, columns in (("fact_claim_reconciliation", RECONCILIATION_COLUMNS), ("news_figure", FIGURE_COLUMNS)):
        with op.batch_alter_table(table) as batch:
            for dropped in columns:
                batch.drop_column(dropped.name)
    create_view("rpt_claim_reconciliation", 1)
