"""Reference series from files, published yearly statistics, the number convention of a batch.

- ``ref_workforce`` becomes one row per region × year × measure with its source (publisher,
  table title, URL, date retrieved) and method, seeded from the versioned files under
  ``reference/`` that ``warehouse.reference.SEED_FILES`` names (the derived-only rows of 0002
  are replaced);
- ``fact_published_statistic``: yearly statistics as open-data tables publish them;
- ``audit_ingest_batch.number_convention``: the convention a file's numbers were read in;
- the coverage views are replaced so that the coverage rate is defined once, in
  ``rpt_coverage_rate``, against every denominator measure (the headline one, BPJS's potential
  workers, feeds ``rpt_coverage_region_month``/``rpt_coverage_province_month`` as before);
  ``rpt_reference_series``, ``rpt_reference_totals`` (a province total against the sum of its
  regencies) and ``rpt_published_statistic`` (beside the monthly exports) are new.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

REPLACED_VIEWS = ("rpt_coverage_province_month", "rpt_coverage_region_month")


def _views() -> dict[str, str]:
    from warehouse.reference import HEADLINE_MEASURE

    headline = HEADLINE_MEASURE.replace("'", "")
    return {
        # The one definition of a coverage rate: active participants over a denominator, for
        # each measure; the denominator is the measure's latest year not after the period's
        # year, else its earliest year.
        "rpt_coverage_rate": """
WITH active AS (
    SELECT period_key, region_code, SUM(active_participants) AS active_participants
    FROM fact_coverage_monthly GROUP BY period_key, region_code
    UNION ALL
    SELECT period_key, '15' AS region_code, SUM(active_participants) AS active_participants
    FROM fact_coverage_monthly GROUP BY period_key
), measures AS (
    SELECT DISTINCT measure FROM ref_workforce
), chosen AS (
    SELECT a.period_key, a.region_code, a.active_participants, m.measure,
           COALESCE(
               (SELECT MAX(w.year) FROM ref_workforce w
                 WHERE w.region_code = a.region_code AND w.measure = m.measure AND w.year <= p.year),
               (SELECT MIN(w.year) FROM ref_workforce w
                 WHERE w.region_code = a.region_code AND w.measure = m.measure)) AS denominator_year
    FROM active a
    JOIN dim_period p ON p.period_key = a.period_key
    CROSS JOIN measures m
)
SELECT c.period_key, c.region_code, c.measure, c.active_participants, c.denominator_year,
       w.value AS denominator, w.is_derived, w.method, w.note, w.publisher, w.table_title, w.source_url,
       w.retrieved_on, w.series,
       CASE WHEN w.value > 0 THEN 100.0 * c.active_participants / w.value END AS coverage_pct
FROM chosen c
JOIN ref_workforce w ON w.region_code = c.region_code AND w.measure = c.measure AND w.year = c.denominator_year
""",
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
)
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
       rate.denominator AS workforce, rate.denominator_year AS workforce_year,
       rate.is_derived AS workforce_is_derived, rate.coverage_pct
FROM keyed k
JOIN dim_period p ON p.period_key = k.period_key
JOIN dim_region r ON r.region_code = k.region_code
LEFT JOIN cov ON cov.period_key = k.period_key AND cov.region_code = k.region_code
LEFT JOIN clm ON clm.period_key = k.period_key AND clm.region_code = k.region_code
LEFT JOIN rpt_coverage_rate rate ON rate.period_key = k.period_key AND rate.region_code = k.region_code
      AND rate.measure = '{headline}'
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
)
SELECT totals.*, '15' AS region_code, 'Jambi' AS region_name, 'province' AS kind,
       rate.denominator AS workforce, rate.denominator_year AS workforce_year,
       rate.is_derived AS workforce_is_derived, rate.coverage_pct
FROM totals
LEFT JOIN rpt_coverage_rate rate ON rate.period_key = totals.period_key AND rate.region_code = '15'
      AND rate.measure = '{headline}'
""",
        "rpt_reference_series": """
SELECT w.region_code, r.bps_code, r.name AS region_name, r.kind, w.year, w.measure, w.value, w.unit,
       w.publisher, w.table_title, w.source_url, w.retrieved_on, w.method, w.is_derived, w.note, w.series,
       w.series_version
FROM ref_workforce w
JOIN dim_region r ON r.region_code = w.region_code
""",
        # A province's stated total beside the sum of its regencies (kept as published).
        "rpt_reference_totals": """
SELECT p.measure, p.year, p.series, p.value AS stated, SUM(r.value) AS computed,
       COUNT(r.region_code) AS regions
FROM ref_workforce p
JOIN ref_workforce r ON r.measure = p.measure AND r.year = p.year AND r.region_code <> '15'
WHERE p.region_code = '15'
GROUP BY p.measure, p.year, p.series, p.value
""",
        # Published yearly statistics beside the monthly exports: a stock (active participants)
        # is compared with the latest exported month of that year for the same region.
        "rpt_published_statistic": """
WITH monthly AS (
    SELECT period_key, year, region_code, active_participants FROM rpt_coverage_region_month
    UNION ALL
    SELECT period_key, year, '15' AS region_code, active_participants FROM rpt_coverage_province_month
), latest AS (
    SELECT region_code, year, MAX(period_key) AS period_key FROM monthly GROUP BY region_code, year
)
SELECT s.batch_id, s.source_name, s.region_code, r.name AS region_name, r.kind, s.year, s.measure,
       s.measure_label, s.unit, s.value, s.metric, s.code_system, b.file_name,
       l.period_key AS export_period_key,
       CASE WHEN s.metric = 'active_participants' THEN m.active_participants END AS export_value
FROM fact_published_statistic s
JOIN dim_region r ON r.region_code = s.region_code
JOIN audit_ingest_batch b ON b.batch_id = s.batch_id
LEFT JOIN latest l ON l.region_code = s.region_code AND l.year = s.year
LEFT JOIN monthly m ON m.region_code = l.region_code AND m.period_key = l.period_key
""",
    }


NEW_VIEWS = ("rpt_coverage_rate", "rpt_coverage_region_month", "rpt_coverage_province_month",
             "rpt_reference_series", "rpt_reference_totals", "rpt_published_statistic")


def upgrade() -> None:
    from warehouse.reference import REFERENCE_DIR, SEED_FILES, read_reference_file

    for name in REPLACED_VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.drop_table("ref_workforce")
    ref = op.create_table(
        "ref_workforce",
        sa.Column("region_code", sa.String(8), sa.ForeignKey("dim_region.region_code",
                                                             name="fk_ref_workforce_region_code_dim_region"),
                  primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("measure", sa.String(32), primary_key=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("table_title", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("retrieved_on", sa.Date(), nullable=False),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("is_derived", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("series", sa.String(120), nullable=False),
        sa.Column("series_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "year", "measure", name="pk_ref_workforce"),
    )
    rows = [row.as_record() for name in SEED_FILES for row in read_reference_file(REFERENCE_DIR / name).rows]
    op.bulk_insert(ref, rows)

    op.add_column("audit_ingest_batch", sa.Column("number_convention", sa.String(400), nullable=True))
    op.create_table(
        "fact_published_statistic",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(80), nullable=False),
        sa.Column("region_code", sa.String(8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(120), nullable=False),
        sa.Column("measure_label", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(40), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("metric", sa.String(40), nullable=True),
        sa.Column("code_system", sa.String(16), nullable=True),
        sa.Column("source_row", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["audit_ingest_batch.batch_id"],
                                name="fk_fact_published_statistic_batch_id_audit_ingest_batch"),
        sa.ForeignKeyConstraint(["region_code"], ["dim_region.region_code"],
                                name="fk_fact_published_statistic_region_code_dim_region"),
        sa.PrimaryKeyConstraint("id", name="pk_fact_published_statistic"),
        sa.UniqueConstraint("source_name", "measure", "region_code", "year",
                            name="uq_fact_published_statistic_source_name"),
    )
    op.create_index("ix_fact_published_statistic_batch_id", "fact_published_statistic", ["batch_id"])
    for name, sql in _views().items():
        op.execute(f"CREATE VIEW {name} AS {sql}")


def downgrade() -> None:
    from warehouse import reference

    for name in reversed(NEW_VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.drop_index("ix_fact_published_statistic_batch_id", table_name="fact_published_statistic")
    op.drop_table("fact_published_statistic")
    # Plain ALTER (SQLite 3.35+): a batch copy would trip over the views that read the table.
    op.execute("ALTER TABLE audit_ingest_batch DROP COLUMN number_convention")
    op.drop_table("ref_workforce")
    old = op.create_table(
        "ref_workforce",
        sa.Column("region_code", sa.String(8), sa.ForeignKey("dim_region.region_code",
                                                             name="fk_ref_workforce_region_code_dim_region"),
                  primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("workforce", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "year", name="pk_ref_workforce"),
    )
    rows = [{"region_code": code, "year": 2024, "workforce": n, "source": reference.WORKFORCE_SOURCE}
            for code, n in reference.WORKFORCE_2024.items()]
    rows.append({"region_code": "15", "year": 2024, "workforce": reference.PROVINCE_WORKFORCE_2024,
                 "source": "BPJS Ketenagakerjaan potential workers for Jambi, August 2024"})
    op.bulk_insert(old, rows)
    spec = importlib.util.spec_from_file_location("views_0003", Path(__file__).with_name("0003_reporting_views.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in reversed(REPLACED_VIEWS):
        op.execute(f"CREATE VIEW {name} AS {module.VIEWS[name]}")
