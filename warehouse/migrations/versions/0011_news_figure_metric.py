"""news_figure.quantity is called metric, the name the figure's meaning has everywhere else.

The claim views that read the column (``rpt_news_claim``, ``rpt_claim_reconciliation`` and the two
views over it, as revision 0009 defined them) are dropped, the column renamed, and the views
created again reading ``metric``; ``rpt_claim_reconciliation`` no longer carries the old
``quantity`` column beside ``c.metric`` (the reconciled metric, a reviewer's where one decided).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _views_of_0009() -> dict[str, str]:
    """The claim views as revision 0009 defined them (read from it, not copied here)."""
    spec = importlib.util.spec_from_file_location("pantau_migration_0009",
                                                  Path(__file__).with_name("0009_claim_review.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.VIEWS)


def _renamed(sql: str) -> str:
    return sql.replace("f.quantity AS metric", "f.metric").replace("fig.quantity, c.metric", "c.metric")


def upgrade() -> None:
    views = _views_of_0009()
    for name in reversed(list(views)):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table("news_figure") as batch:
        batch.alter_column("quantity", new_column_name="metric")
    for name, sql in views.items():
        op.execute(f"CREATE VIEW {name} AS {_renamed(sql)}")


def downgrade() -> None:
    views = _views_of_0009()
    for name in reversed(list(views)):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table("news_figure") as batch:
        batch.alter_column("metric", new_column_name="quantity")
    for name, sql in views.items():
        op.execute(f"CREATE VIEW {name} AS {sql}")
