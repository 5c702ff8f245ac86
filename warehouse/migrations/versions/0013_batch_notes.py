"""The batch record says what became of every part of a file: ``audit_ingest_batch.notes``.

A list of lines, one for each sheet read or not read (empty, text only) and each column not loaded
(a measure the warehouse does not hold, a header Pantau does not read), and for a roster or a
branch file whether it replaced or added to the month's earlier files. Null for batches before it.

Revision ID: 0013
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases: a batch-mode copy of the table would break the views over it.
def upgrade() -> None:
    op.add_column("audit_ingest_batch", sa.Column("notes", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("audit_ingest_batch", "notes")
