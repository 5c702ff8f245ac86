"""Claims an auditor can trust: needs_review on every figure, and reviewers' decisions kept for good.

``news_figure`` gains ``needs_review`` and ``review_reasons`` (``transforms.claim_review``).
``fact_claim_reconciliation`` gains the review that set the reading it was reconciled with
(``review_id``, ``reviewer``; null: the machine's reading) and ``review_reasons`` (why a claim went to
review instead of a verdict, including a decision whose sentence has since changed).
``warehouse_period`` widens to 24 characters (an interval such as "2024-05..2024-06" did not fit).
``audit_claim_review`` holds every reviewer's decision: who, when, the figure's keys, the reading
before and after, the note. It is append-only: triggers refuse UPDATE and DELETE on SQLite and
PostgreSQL alike, so a decision is never changed, only followed by a later one.

Views: ``rpt_news_claim`` carries needs_review, the reasons and the article's URL (a decision's key);
``rpt_claim_reconciliation`` (and ``rpt_announced_target`` on top of it) carry the review
columns; ``rpt_claim_review`` lists the claims that went to review, for the report's Perlu
Ditinjau section.

Revision ID: 0009
Revises: 0007
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from warehouse.migrations.view_files import create_views, drop_views

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

FIGURE_COLUMNS: tuple[sa.Column[Any], ...] = (
    sa.Column("needs_review", sa.Boolean(), nullable=True),
    sa.Column("review_reasons", sa.JSON(), nullable=True),
)
RECONCILIATION_COLUMNS: tuple[sa.Column[Any], ...] = (
    sa.Column("review_id", sa.Integer(), nullable=True),
    sa.Column("reviewer", sa.String(length=120), nullable=True),
    sa.Column("review_reasons", sa.JSON(), nullable=True),
)

VIEWS: dict[str, int] = {
    "rpt_news_claim": 2,
    "rpt_claim_reconciliation": 3,
    "rpt_announced_target": 2,
    "rpt_claim_review": 1,
}
# The versions revision 0005 created, restored on downgrade.
PREVIOUS: dict[str, int] = {"rpt_news_claim": 1, "rpt_claim_reconciliation": 2, "rpt_announced_target": 1}
APPEND_ONLY = "audit_claim_review is append-only: a decision is never changed or deleted, record a new one"


def upgrade() -> None:
    drop_views(("rpt_announced_target", "rpt_claim_reconciliation", "rpt_news_claim"))
    for table, columns in (("news_figure", FIGURE_COLUMNS), ("fact_claim_reconciliation", RECONCILIATION_COLUMNS)):
        for added in columns:
            op.add_column(table, sa.Column(added.name, added.type, nullable=added.nullable))
    # An interval ("2024-05..2024-06", a change or a year's flow so far) did not fit in 8 characters.
    with op.batch_alter_table("fact_claim_reconciliation") as batch:
        batch.alter_column("warehouse_period", type_=sa.String(length=24), existing_type=sa.String(length=8))
    op.create_table(
        "audit_claim_review",
        sa.Column("review_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("figure_key", sa.String(length=64), nullable=False),
        sa.Column("review_key", sa.String(length=64), nullable=False),
        sa.Column("article_url", sa.Text(), nullable=False),
        sa.Column("figure_text", sa.Text(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("not_a_claim", sa.Boolean(), nullable=False),
        sa.Column("reading_before", sa.JSON(), nullable=False),
        sa.Column("reading_after", sa.JSON(), nullable=True),
        sa.Column("reviewer", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_audit_claim_review_figure_key", "audit_claim_review", ["figure_key"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""CREATE FUNCTION audit_claim_review_append_only() RETURNS trigger AS $$
                       BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$ LANGUAGE plpgsql""")
        op.execute("""CREATE TRIGGER audit_claim_review_append_only BEFORE UPDATE OR DELETE ON audit_claim_review
                      FOR EACH ROW EXECUTE FUNCTION audit_claim_review_append_only()""")
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""CREATE TRIGGER audit_claim_review_no_{event.lower()} BEFORE {event} ON audit_claim_review
                           BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""")
    create_views(VIEWS)


def downgrade() -> None:
    drop_views(list(reversed(VIEWS)))  # before SQLite rebuilds news_figure below
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_claim_review_append_only ON audit_claim_review")
        op.execute("DROP FUNCTION IF EXISTS audit_claim_review_append_only()")
    op.drop_index("ix_audit_claim_review_figure_key", table_name="audit_claim_review")
    op.drop_table("audit_claim_review")
    for table, columns in (("fact_claim_reconciliation", RECONCILIATION_COLUMNS), ("news_figure", FIGURE_COLUMNS)):
        with op.batch_alter_table(table) as batch:
            for dropped in columns:
                batch.drop_column(dropped.name)
            if table == "fact_claim_reconciliation":
                batch.alter_column("warehouse_period", type_=sa.String(length=8), existing_type=sa.String(length=24))
    create_views(PREVIOUS)
