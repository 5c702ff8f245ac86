"""Reporting views (``rpt_*``): the only objects report readers see.

Coverage per regency and month, province totals, funding by programme package, news
attention, claim reconciliation, data-quality status per batch, and lineage from every
reported (period, region) figure to the batches and files it came from. Plain SQL that runs
unchanged on SQLite and PostgreSQL.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Workforce of the latest reference year not after the period's year, else the earliest one.
_WORKFORCE = """COALESCE(
    (SELECT w.workforce FROM ref_workforce w WHERE w.region_code = {region} AND w.year =
        (SELECT MAX(w2.year) FROM ref_workforce w2 WHERE w2.region_code = {region} AND w2.year <= {year})),
    (SELECT w.workforce FROM ref_workforce w WHERE w.region_code = {region} AND w.year =
        (SELECT MIN(w2.year) FROM ref_workforce w2 WHERE w2.region_code = {region})))"""

VIEWS: dict[str, str] = {
    "rpt_coverage_region_month": f"""
WITH cov AS (
    SELECT f.period_key, f.region_code,
           SUM(f.active_participants) AS active_participants,
           SUM(f.new_participants) AS new_participants,
           SUM(f.contributions_idr) AS contributions_idr,
           SUM(CASE WHEN fs.is_apbd THEN f.active_participants ELSE 0 END) AS apbd_funded_participants,
           SUM(CASE WHEN f.funding_source_code = 'APBD_PROV' THEN f.active_participants ELSE 0 END)
               AS bkbk_participants,
           SUM(CASE WHEN f.funding_source_code = 'APBD_PROV' THEN f.contributions_idr ELSE 0 END)
               AS bkbk_contributions_idr
    FROM fact_coverage_monthly f
    JOIN dim_funding_source fs ON fs.funding_source_code = f.funding_source_code
    GROUP BY f.period_key, f.region_code
), clm AS (
    SELECT period_key, region_code, SUM(cases) AS claims_cases, SUM(benefits_paid_idr) AS benefits_paid_idr
    FROM fact_benefit_claims GROUP BY period_key, region_code
), keyed AS (
    SELECT period_key, region_code FROM cov UNION SELECT period_key, region_code FROM clm
), joined AS (
    SELECT k.period_key, p.year, p.month, p.label_id AS period_label,
           r.region_code, r.bps_code, r.name AS region_name, r.kind,
           COALESCE(cov.active_participants, 0) AS active_participants,
           cov.new_participants,
           COALESCE(cov.contributions_idr, 0) AS contributions_idr,
           COALESCE(cov.apbd_funded_participants, 0) AS apbd_funded_participants,
           COALESCE(cov.bkbk_participants, 0) AS bkbk_participants,
           COALESCE(cov.bkbk_contributions_idr, 0) AS bkbk_contributions_idr,
           COALESCE(clm.claims_cases, 0) AS claims_cases,
           COALESCE(clm.benefits_paid_idr, 0) AS benefits_paid_idr,
           {_WORKFORCE.format(region="r.region_code", year="p.year")} AS workforce
    FROM keyed k
    JOIN dim_period p ON p.period_key = k.period_key
    JOIN dim_region r ON r.region_code = k.region_code
    LEFT JOIN cov ON cov.period_key = k.period_key AND cov.region_code = k.region_code
    LEFT JOIN clm ON clm.period_key = k.period_key AND clm.region_code = k.region_code
)
SELECT joined.*,
       CASE WHEN workforce > 0 THEN 100.0 * active_participants / workforce END AS coverage_pct
FROM joined
""",
    "rpt_coverage_province_month": f"""
WITH totals AS (
    SELECT period_key, year, month, period_label,
           SUM(active_participants) AS active_participants,
           SUM(new_participants) AS new_participants,
           SUM(contributions_idr) AS contributions_idr,
           SUM(apbd_funded_participants) AS apbd_funded_participants,
           SUM(bkbk_participants) AS bkbk_participants,
           SUM(bkbk_contributions_idr) AS bkbk_contributions_idr,
           SUM(claims_cases) AS claims_cases,
           SUM(benefits_paid_idr) AS benefits_paid_idr,
           COUNT(*) AS regions_reporting
    FROM rpt_coverage_region_month
    GROUP BY period_key, year, month, period_label
), joined AS (
    SELECT totals.*, '15' AS region_code, 'Jambi' AS region_name, 'province' AS kind,
           {_WORKFORCE.format(region="'15'", year="totals.year")} AS workforce
    FROM totals
)
SELECT joined.*,
       CASE WHEN workforce > 0 THEN 100.0 * active_participants / workforce END AS coverage_pct
FROM joined
""",
    "rpt_funding_month": """
SELECT f.period_key, f.programme_set, f.funding_source_code, fs.name AS funding_source_name,
       fs.is_apbd, SUM(f.active_participants) AS participants, SUM(f.contributions_idr) AS contributions_idr
FROM fact_coverage_monthly f
JOIN dim_funding_source fs ON fs.funding_source_code = f.funding_source_code
GROUP BY f.period_key, f.programme_set, f.funding_source_code, fs.name, fs.is_apbd
""",
    "rpt_coverage_lineage": """
SELECT f.period_key, f.region_code, b.batch_id, b.source_name, b.dataset, b.file_name, b.sha256,
       b.archive_path, b.received_at, b.status, b.dq_success, b.data_docs_url,
       COUNT(*) AS fact_rows, SUM(f.active_participants) AS active_participants
FROM fact_coverage_monthly f
JOIN audit_ingest_batch b ON b.batch_id = f.batch_id
GROUP BY f.period_key, f.region_code, b.batch_id, b.source_name, b.dataset, b.file_name, b.sha256,
         b.archive_path, b.received_at, b.status, b.dq_success, b.data_docs_url
""",
    "rpt_batch_quality": """
SELECT b.batch_id, b.source_name, b.dataset, b.file_name, b.sha256, b.received_at, b.period_key,
       b.status, b.rows_read, b.rows_loaded, b.rows_quarantined, b.dq_success, b.data_docs_url, b.reason,
       (SELECT COUNT(*) FROM audit_dq_result d
         WHERE d.batch_id = b.batch_id AND d.success = FALSE AND d.level <> 'warn') AS dq_failed_expectations,
       (SELECT COUNT(*) FROM audit_dq_result d
         WHERE d.batch_id = b.batch_id AND d.success = FALSE AND d.level = 'warn') AS dq_warnings,
       (SELECT COUNT(*) FROM audit_dq_result d WHERE d.batch_id = b.batch_id) AS dq_expectations
FROM audit_ingest_batch b
""",
    "rpt_news_attention": """
SELECT a.period_key, m.key AS programme, rm.key AS region_code,
       COUNT(*) AS mentions, COUNT(DISTINCT a.article_id) AS articles
FROM news_mention m
JOIN news_article a ON a.article_id = m.article_id AND a.is_canonical = TRUE
LEFT JOIN (SELECT DISTINCT article_id, key FROM news_mention WHERE kind = 'region') rm
       ON rm.article_id = m.article_id
WHERE m.kind = 'programme'
GROUP BY a.period_key, m.key, rm.key
""",
    "rpt_claim_reconciliation": """
SELECT a.period_key AS article_period_key, a.url AS article_url, a.title AS article_title,
       a.site_name, a.published_at, fig.figure_id, fig.sentence, fig.text AS figure_text, fig.kind,
       fig.quantity, c.metric, c.region_code, c.period, c.claimed_value, c.warehouse_value,
       c.difference_pct, c.status, c.tolerance, c.note, a.batch_id
FROM fact_claim_reconciliation c
JOIN news_figure fig ON fig.figure_id = c.figure_id
JOIN news_article a ON a.article_id = fig.article_id
""",
}


def upgrade() -> None:
    for name, sql in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql}")


def downgrade() -> None:
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW IF EXISTS {name}")
