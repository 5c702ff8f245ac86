"""Crawl outcomes: pages where no article was found, with the reason, so none is silently empty.

One row per URL: the kind of reason (no block of text, paywall, not an article), the extractor's
message, how many distinct versions of the page failed, and whether the crawler has given up on it.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "news_crawl_outcome",
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("site_name", sa.String(length=80), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("first_batch_id", sa.Integer(), nullable=False),
        sa.Column("last_batch_id", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gave_up", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["first_batch_id"], ["audit_ingest_batch.batch_id"],
                                name=op.f("fk_news_crawl_outcome_first_batch_id_audit_ingest_batch")),
        sa.ForeignKeyConstraint(["last_batch_id"], ["audit_ingest_batch.batch_id"],
                                name=op.f("fk_news_crawl_outcome_last_batch_id_audit_ingest_batch")),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_news_crawl_outcome")),
    )
    op.create_index(op.f("ix_news_crawl_outcome_last_batch_id"), "news_crawl_outcome", ["last_batch_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_news_crawl_outcome_last_batch_id"), table_name="news_crawl_outcome")
    op.drop_table("news_crawl_outcome")
