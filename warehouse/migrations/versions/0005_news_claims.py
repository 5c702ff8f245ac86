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

VIEWS: dict[str, str] = {
    "rpt_coverage_detail_month": """
SELECT f.period_key, p.year, p.month, f.region_code, f.segment_code, f.programme_set, f.funding_source_code,
       SUM(f.active_participants) AS active_participants, SUM(f.new_participants) AS new_participants,
       SUM(f.contributions_idr) AS contributions_idr
FROM fact_coverage_monthly f
JOIN dim_period p ON p.period_key = f.period_key
GROUP BY f.period_key, p.year, p.month, f.region_code, f.segment_code, f.programme_set, f.funding_source_code
""",
    "rpt_benefit_claims_month": """
SELECT c.period_key, p.year, p.month, c.region_code, c.programme_set,
       SUM(c.cases) AS cases, SUM(c.benefits_paid_idr) AS benefits_paid_idr
FROM fact_benefit_claims c
JOIN dim_period p ON p.period_key = c.period_key
GROUP BY c.period_key, p.year, p.month, c.region_code, c.programme_set
""",
    "rpt_news_claim": """
SELECT f.figure_id, f.kind, f.quantity AS metric, f.modality, f.scope, f.value_number, f.region_code, f.period,
       f.programmes, f.segment, f.funding_source, f.occupation, f.branch, f.actor, f.plausible,
       f.text AS figure_text,
       f.sentence, a.article_id, a.period_key AS article_period_key, a.published_at
FROM news_figure f
JOIN news_article a ON a.article_id = f.article_id
WHERE f.kind IN ('money', 'count', 'percent') AND f.value_number IS NOT NULL
  AND EXISTS (SELECT 1 FROM news_mention m WHERE m.article_id = a.article_id AND m.kind = 'programme')
""",
    "rpt_claim_reconciliation": """
SELECT a.period_key AS article_period_key, a.url AS article_url, a.title AS article_title,
       a.site_name, a.published_at, fig.figure_id, fig.sentence, fig.text AS figure_text, fig.kind,
       fig.quantity, c.metric, c.modality, c.scope, c.region_code, c.period, c.programmes, c.segment,
       c.funding_source, fig.occupation, fig.branch, fig.actor, fig.cues, c.claimed_value, c.warehouse_value,
       c.warehouse_period, c.difference_pct, c.progress_pct, c.status, c.tolerance, c.basis, c.note, a.batch_id,
       a.is_canonical
FROM fact_claim_reconciliation c
JOIN news_figure fig ON fig.figure_id = c.figure_id
JOIN news_article a ON a.article_id = fig.article_id
""",
    "rpt_announced_target": """
SELECT * FROM rpt_claim_reconciliation WHERE modality = 'target'
""",
}


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS rpt_claim_reconciliation")
    for table, columns in (("news_figure", FIGURE_COLUMNS), ("fact_claim_reconciliation", RECONCILIATION_COLUMNS)):
        for added in columns:
            op.add_column(table, added.copy())
    for name, sql in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql}")


def downgrade() -> None:
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for table, columns in (("fact_claim_reconciliation", RECONCILIATION_COLUMNS), ("news_figure", FIGURE_COLUMNS)):
        with op.batch_alter_table(table) as batch:
            for dropped in columns:
                batch.drop_column(dropped.name)
    op.execute(f"CREATE VIEW rpt_claim_reconciliation AS {_views_of_0003()['rpt_claim_reconciliation']}")


def _views_of_0003() -> dict[str, str]:
    """The views as revision 0003 defined them (restored on downgrade, not copied here)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("pantau_migration_0003",
                                                  Path(__file__).with_name("0003_reporting_views.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.VIEWS)
