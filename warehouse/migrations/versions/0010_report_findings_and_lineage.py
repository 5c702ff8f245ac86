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

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _json(column: str, key: str, dialect: str) -> str:
    if dialect == "postgresql":
        return f"({column}::jsonb -> '{key}')::text"
    return f"json_extract({column}, '$.{key}')"


def views(dialect: str) -> dict[str, str]:
    return {
        "rpt_figure_lineage": """
SELECT f.period_key, f.region_code, b.batch_id, b.dataset, b.file_name, b.sha256, b.status, b.dq_success
FROM (SELECT DISTINCT period_key, region_code, batch_id FROM fact_coverage_monthly
      UNION SELECT DISTINCT period_key, region_code, batch_id FROM fact_benefit_claims
      UNION SELECT DISTINCT period_key, region_code, batch_id FROM fact_roster_participant) f
JOIN audit_ingest_batch b ON b.batch_id = f.batch_id
""",
        "rpt_finding_summary": f"""
SELECT a.id AS finding_id, a.batch_id, b.period_key, b.file_name, b.dataset, a.kind,
       {_json("a.detail", "regions", dialect)} AS regions,
       {_json("a.detail", "funding_sources", dialect)} AS funding_sources
FROM audit_finding a
JOIN audit_ingest_batch b ON b.batch_id = a.batch_id
WHERE b.status IN ('published', 'superseded')
""",
        "rpt_quarantine_row": """
SELECT q.batch_id, b.period_key, b.dataset, b.file_name, b.status, b.number_convention, q.row_number,
       q.column_name, q.reason, q.check_name,
       CASE WHEN b.dataset IN ('coverage', 'claims') THEN q.raw END AS cells
FROM audit_quarantine_row q
JOIN audit_ingest_batch b ON b.batch_id = q.batch_id
""",
    }


def upgrade() -> None:
    for name, sql in views(op.get_bind().dialect.name).items():
        op.execute(f"CREATE VIEW {name} AS {sql}")


def downgrade() -> None:
    for name in reversed(list(views(op.get_bind().dialect.name))):
        op.execute(f"DROP VIEW IF EXISTS {name}")
