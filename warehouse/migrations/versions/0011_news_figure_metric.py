"""news_figure.quantity is called metric, the name the figure's meaning has everywhere else.

The claim views that read the column (``rpt_news_claim``, ``rpt_claim_reconciliation`` and the two
views over it, as revision 0009 defined them) are dropped, the column renamed, and the views
created again reading ``metric``; ``rpt_claim_reconciliation`` no longer carries the old
``quantity`` column beside ``c.metric`` (the reconciled metric, a reviewer's where one decided).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

from warehouse.migrations.view_files import create_views, drop_views

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# The claim views in the order revision 0009 created them, at the versions each revision reads.
VIEWS_0009: dict[str, int] = {"rpt_news_claim": 2, "rpt_claim_reconciliation": 3, "rpt_announced_target": 2,
                              "rpt_claim_review": 1}
VIEWS: dict[str, int] = {"rpt_news_claim": 3, "rpt_claim_reconciliation": 4, "rpt_announced_target": 2,
                         "rpt_claim_review": 1}


def upgrade() -> None:
    drop_views(list(reversed(VIEWS_0009)))
    with op.batch_alter_table("news_figure") as batch:
        batch.alter_column("quantity", new_column_name="metric")
    create_views(VIEWS)


def downgrade() -> None:
    drop_views(list(reversed(VIEWS)))
    with op.batch_alter_table("news_figure") as batch:
        batch.alter_column("metric", new_column_name="quantity")
    create_views(VIEWS_0009)
