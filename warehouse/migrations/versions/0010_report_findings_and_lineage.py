"""Reporting views for the report's audit findings and the lineage of every figure.

- ``rpt_figure_lineage``: every published batch behind a (period, region) figure, whatever the
  dataset (coverage, claims, rosters), with file and SHA-256, so that each headline and regency
  figure names its batches;
- ``rpt_finding_summary``: one row per audit finding (double funding) with its batch, the
  regencies and funding sources it involves, but **without the pseudonym**: a reader's report
  shows counts, never who; auditors read ``audit_finding`` itself;
- ``rpt_quarantine_row``: why each row was quarantined, per batch; the row's cells only for the
  aggregate exports (coverage, claims: regions, segments and counts), never for rosters, whose
  rows may hold personal data (the auditor's column grants on ``audit_quarantine_row`` stay).

The views follow the ``rpt_`` prefix, so ``warehouse.roles`` grants them to readers.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from warehouse.migrations.view_files import create_views, drop_views

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


# The JSON lookups of rpt_finding_summary differ by dialect: its PostgreSQL file sits beside the SQLite one.
VIEWS: dict[str, int] = {"rpt_figure_lineage": 1, "rpt_finding_summary": 1, "rpt_quarantine_row": 1}


def upgrade() -> None:
    create_views(VIEWS)


def downgrade() -> None:
    drop_views(list(reversed(VIEWS)))
