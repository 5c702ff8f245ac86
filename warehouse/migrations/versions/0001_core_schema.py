"""Core schema: dimensions, reference facts, coverage facts, news monitor and audit tables.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-24 13:58:27.930869
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_ingest_batch',
    sa.Column('batch_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source_name', sa.String(length=80), nullable=False),
    sa.Column('dataset', sa.String(length=32), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('archive_path', sa.Text(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('period_key', sa.Integer(), nullable=True),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('rows_loaded', sa.Integer(), nullable=False),
    sa.Column('rows_quarantined', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('dq_success', sa.Boolean(), nullable=True),
    sa.Column('data_docs_url', sa.Text(), nullable=True),
    sa.Column('run_id', sa.String(length=250), nullable=True),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_audit_ingest_batch'))
    )
    with op.batch_alter_table('audit_ingest_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_ingest_batch_sha256'), ['sha256'], unique=False)
        batch_op.create_index('ix_audit_ingest_batch_source_period', ['source_name', 'dataset', 'period_key'], unique=False)

    op.create_table('dim_funding_source',
    sa.Column('funding_source_code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('is_apbd', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('funding_source_code', name=op.f('pk_dim_funding_source'))
    )
    op.create_table('dim_period',
    sa.Column('period_key', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('label_id', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('period_key', name=op.f('pk_dim_period'))
    )
    op.create_table('dim_programme',
    sa.Column('programme_code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('programme_code', name=op.f('pk_dim_programme'))
    )
    op.create_table('dim_programme_set',
    sa.Column('programme_set', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('programme_set', name=op.f('pk_dim_programme_set'))
    )
    op.create_table('dim_region',
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.Column('bps_code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('parent_code', sa.String(length=8), nullable=True),
    sa.ForeignKeyConstraint(['parent_code'], ['dim_region.region_code'], name=op.f('fk_dim_region_parent_code_dim_region')),
    sa.PrimaryKeyConstraint('region_code', name=op.f('pk_dim_region')),
    sa.UniqueConstraint('bps_code', name=op.f('uq_dim_region_bps_code'))
    )
    op.create_table('dim_segment',
    sa.Column('segment_code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('segment_code', name=op.f('pk_dim_segment'))
    )
    op.create_table('news_cluster',
    sa.Column('cluster_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('canonical_url', sa.String(length=2000), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('cluster_id', name=op.f('pk_news_cluster')),
    sa.UniqueConstraint('canonical_url', name=op.f('uq_news_cluster_canonical_url'))
    )
    op.create_table('news_crawl_state',
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('site_name', sa.String(length=80), nullable=True),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.Text(), nullable=True),
    sa.Column('content_sha256', sa.String(length=64), nullable=True),
    sa.Column('last_status', sa.String(length=40), nullable=True),
    sa.Column('last_fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('url', name=op.f('pk_news_crawl_state'))
    )
    op.create_table('news_site',
    sa.Column('site_name', sa.String(length=80), nullable=False),
    sa.Column('base_url', sa.Text(), nullable=False),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('site_name', name=op.f('pk_news_site'))
    )
    op.create_table('ref_provincial_budget',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount_idr', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_ref_provincial_budget'))
    )
    op.create_table('audit_dq_result',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('suite_name', sa.String(length=120), nullable=False),
    sa.Column('expectation_type', sa.String(length=120), nullable=False),
    sa.Column('column_name', sa.String(length=120), nullable=True),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('success', sa.Boolean(), nullable=False),
    sa.Column('element_count', sa.Integer(), nullable=True),
    sa.Column('unexpected_count', sa.Integer(), nullable=True),
    sa.Column('observed_value', sa.Text(), nullable=True),
    sa.Column('kwargs', sa.JSON(), nullable=False),
    sa.Column('run_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data_docs_url', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['audit_ingest_batch.batch_id'], name=op.f('fk_audit_dq_result_batch_id_audit_ingest_batch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_dq_result'))
    )
    with op.batch_alter_table('audit_dq_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_dq_result_batch_id'), ['batch_id'], unique=False)

    op.create_table('audit_finding',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=128), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['audit_ingest_batch.batch_id'], name=op.f('fk_audit_finding_batch_id_audit_ingest_batch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_finding'))
    )
    with op.batch_alter_table('audit_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_finding_batch_id'), ['batch_id'], unique=False)

    op.create_table('audit_quarantine_row',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=True),
    sa.Column('column_name', sa.String(length=120), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('check_name', sa.String(length=120), nullable=False),
    sa.Column('raw', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['audit_ingest_batch.batch_id'], name=op.f('fk_audit_quarantine_row_batch_id_audit_ingest_batch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_quarantine_row'))
    )
    with op.batch_alter_table('audit_quarantine_row', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_quarantine_row_batch_id'), ['batch_id'], unique=False)

    op.create_table('dim_programme_set_member',
    sa.Column('programme_set', sa.String(length=32), nullable=False),
    sa.Column('programme_code', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['programme_code'], ['dim_programme.programme_code'], name=op.f('fk_dim_programme_set_member_programme_code_dim_programme')),
    sa.ForeignKeyConstraint(['programme_set'], ['dim_programme_set.programme_set'], name=op.f('fk_dim_programme_set_member_programme_set_dim_programme_set')),
    sa.PrimaryKeyConstraint('programme_set', 'programme_code', name=op.f('pk_dim_programme_set_member'))
    )
    op.create_table('dim_region_alias',
    sa.Column('alias', sa.String(length=80), nullable=False),
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['dim_region.region_code'], name=op.f('fk_dim_region_alias_region_code_dim_region')),
    sa.PrimaryKeyConstraint('alias', name=op.f('pk_dim_region_alias'))
    )
    op.create_table('fact_benefit_claims',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('source_name', sa.String(length=80), nullable=False),
    sa.Column('period_key', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.Column('programme_set', sa.String(length=32), nullable=False),
    sa.Column('cases', sa.Integer(), nullable=False),
    sa.Column('benefits_paid_idr', sa.BigInteger(), nullable=False),
    sa.Column('source_row', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['audit_ingest_batch.batch_id'], name=op.f('fk_fact_benefit_claims_batch_id_audit_ingest_batch')),
    sa.ForeignKeyConstraint(['period_key'], ['dim_period.period_key'], name=op.f('fk_fact_benefit_claims_period_key_dim_period')),
    sa.ForeignKeyConstraint(['programme_set'], ['dim_programme_set.programme_set'], name=op.f('fk_fact_benefit_claims_programme_set_dim_programme_set')),
    sa.ForeignKeyConstraint(['region_code'], ['dim_region.region_code'], name=op.f('fk_fact_benefit_claims_region_code_dim_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fact_benefit_claims')),
    sa.UniqueConstraint('source_name', 'period_key', 'region_code', 'programme_set', name=op.f('uq_fact_benefit_claims_source_name'))
    )
    with op.batch_alter_table('fact_benefit_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fact_benefit_claims_batch_id'), ['batch_id'], unique=False)

    op.create_table('fact_coverage_monthly',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('source_name', sa.String(length=80), nullable=False),
    sa.Column('period_key', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.Column('segment_code', sa.String(length=8), nullable=False),
    sa.Column('programme_set', sa.String(length=32), nullable=False),
    sa.Column('funding_source_code', sa.String(length=16), nullable=False),
    sa.Column('active_participants', sa.BigInteger(), nullable=False),
    sa.Column('new_participants', sa.BigInteger(), nullable=True),
    sa.Column('contributions_idr', sa.BigInteger(), nullable=False),
    sa.Column('source_row', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['audit_ingest_batch.batch_id'], name=op.f('fk_fact_coverage_monthly_batch_id_audit_ingest_batch')),
    sa.ForeignKeyConstraint(['funding_source_code'], ['dim_funding_source.funding_source_code'], name=op.f('fk_fact_coverage_monthly_funding_source_code_dim_funding_source')),
    sa.ForeignKeyConstraint(['period_key'], ['dim_period.period_key'], name=op.f('fk_fact_coverage_monthly_period_key_dim_period')),
    sa.ForeignKeyConstraint(['programme_set'], ['dim_programme_set.programme_set'], name=op.f('fk_fact_coverage_monthly_programme_set_dim_programme_set')),
    sa.ForeignKeyConstraint(['region_code'], ['dim_region.region_code'], name=op.f('fk_fact_coverage_monthly_region_code_dim_region')),
    sa.ForeignKeyConstraint(['segment_code'], ['dim_segment.segment_code'], name=op.f('fk_fact_coverage_monthly_segment_code_dim_segment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fact_coverage_monthly')),
    sa.UniqueConstraint('source_name', 'period_key', 'region_code', 'segment_code', 'programme_set', 'funding_source_code', name=op.f('uq_fact_coverage_monthly_source_name'))
    )
    with op.batch_alter_table('fact_coverage_monthly', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fact_coverage_monthly_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('ix_fact_coverage_monthly_period_region', ['period_key', 'region_code'], unique=False)

    op.create_table('fact_roster_participant',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('source_name', sa.String(length=80), nullable=False),
    sa.Column('period_key', sa.Integer(), nullable=False),
    sa.Column('person_pseudonym', sa.String(length=64), nullable=False),
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.Column('village', sa.String(length=120), nullable=True),
    sa.Column('occupation', sa.String(length=120), nullable=True),
    sa.Column('segment_code', sa.String(length=8), nullable=False),
    sa.Column('programme_set', sa.String(length=32), nullable=False),
    sa.Column('funding_source_code', sa.String(length=16), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('source_row', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['audit_ingest_batch.batch_id'], name=op.f('fk_fact_roster_participant_batch_id_audit_ingest_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fact_roster_participant'))
    )
    with op.batch_alter_table('fact_roster_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fact_roster_participant_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('ix_fact_roster_participant_source_period', ['source_name', 'period_key'], unique=False)

    op.create_table('news_article',
    sa.Column('article_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('canonical_url', sa.String(length=2000), nullable=False),
    sa.Column('site_name', sa.String(length=80), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('period_key', sa.Integer(), nullable=True),
    sa.Column('author', sa.String(length=200), nullable=True),
    sa.Column('section', sa.String(length=200), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.Column('is_canonical', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['audit_ingest_batch.batch_id'], name=op.f('fk_news_article_batch_id_audit_ingest_batch')),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_news_article')),
    sa.UniqueConstraint('url', name=op.f('uq_news_article_url'))
    )
    with op.batch_alter_table('news_article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_article_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_article_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_article_period_key'), ['period_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_article_published_at'), ['published_at'], unique=False)

    op.create_table('ref_workforce',
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('workforce', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['dim_region.region_code'], name=op.f('fk_ref_workforce_region_code_dim_region')),
    sa.PrimaryKeyConstraint('region_code', 'year', name=op.f('pk_ref_workforce'))
    )
    op.create_table('news_figure',
    sa.Column('figure_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value_number', sa.Float(), nullable=True),
    sa.Column('value_text', sa.String(length=40), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start_offset', sa.Integer(), nullable=False),
    sa.Column('end_offset', sa.Integer(), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('quantity', sa.String(length=40), nullable=True),
    sa.Column('region_code', sa.String(length=8), nullable=True),
    sa.Column('period', sa.String(length=8), nullable=True),
    sa.Column('programme', sa.String(length=40), nullable=True),
    sa.Column('plausible', sa.Boolean(), nullable=False),
    sa.Column('plausibility_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['news_article.article_id'], name=op.f('fk_news_figure_article_id_news_article'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['batch_id'], ['audit_ingest_batch.batch_id'], name=op.f('fk_news_figure_batch_id_audit_ingest_batch')),
    sa.PrimaryKeyConstraint('figure_id', name=op.f('pk_news_figure'))
    )
    with op.batch_alter_table('news_figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_figure_article_id'), ['article_id'], unique=False)

    op.create_table('news_mention',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('matched', sa.Text(), nullable=False),
    sa.Column('start_offset', sa.Integer(), nullable=False),
    sa.Column('end_offset', sa.Integer(), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['news_article.article_id'], name=op.f('fk_news_mention_article_id_news_article'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['batch_id'], ['audit_ingest_batch.batch_id'], name=op.f('fk_news_mention_batch_id_audit_ingest_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_mention'))
    )
    with op.batch_alter_table('news_mention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_mention_article_id'), ['article_id'], unique=False)

    op.create_table('fact_claim_reconciliation',
    sa.Column('figure_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=True),
    sa.Column('region_code', sa.String(length=8), nullable=True),
    sa.Column('period', sa.String(length=8), nullable=True),
    sa.Column('claimed_value', sa.Float(), nullable=False),
    sa.Column('warehouse_value', sa.Float(), nullable=True),
    sa.Column('difference_pct', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('tolerance', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reconciled_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['figure_id'], ['news_figure.figure_id'], name=op.f('fk_fact_claim_reconciliation_figure_id_news_figure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('figure_id', name=op.f('pk_fact_claim_reconciliation'))
    )


def downgrade() -> None:
    op.drop_table('fact_claim_reconciliation')
    with op.batch_alter_table('news_mention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_mention_article_id'))

    op.drop_table('news_mention')
    with op.batch_alter_table('news_figure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_figure_article_id'))

    op.drop_table('news_figure')
    op.drop_table('ref_workforce')
    with op.batch_alter_table('news_article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_article_published_at'))
        batch_op.drop_index(batch_op.f('ix_news_article_period_key'))
        batch_op.drop_index(batch_op.f('ix_news_article_cluster_id'))
        batch_op.drop_index(batch_op.f('ix_news_article_batch_id'))

    op.drop_table('news_article')
    with op.batch_alter_table('fact_roster_participant', schema=None) as batch_op:
        batch_op.drop_index('ix_fact_roster_participant_source_period')
        batch_op.drop_index(batch_op.f('ix_fact_roster_participant_batch_id'))

    op.drop_table('fact_roster_participant')
    with op.batch_alter_table('fact_coverage_monthly', schema=None) as batch_op:
        batch_op.drop_index('ix_fact_coverage_monthly_period_region')
        batch_op.drop_index(batch_op.f('ix_fact_coverage_monthly_batch_id'))

    op.drop_table('fact_coverage_monthly')
    with op.batch_alter_table('fact_benefit_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fact_benefit_claims_batch_id'))

    op.drop_table('fact_benefit_claims')
    op.drop_table('dim_region_alias')
    op.drop_table('dim_programme_set_member')
    with op.batch_alter_table('audit_quarantine_row', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_quarantine_row_batch_id'))

    op.drop_table('audit_quarantine_row')
    with op.batch_alter_table('audit_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_finding_batch_id'))

    op.drop_table('audit_finding')
    with op.batch_alter_table('audit_dq_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_dq_result_batch_id'))

    op.drop_table('audit_dq_result')
    op.drop_table('ref_provincial_budget')
    op.drop_table('news_site')
    op.drop_table('news_crawl_state')
    op.drop_table('news_cluster')
    op.drop_table('dim_segment')
    op.drop_table('dim_region')
    op.drop_table('dim_programme_set')
    op.drop_table('dim_programme')
    op.drop_table('dim_period')
    op.drop_table('dim_funding_source')
    with op.batch_alter_table('audit_ingest_batch', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_ingest_batch_source_period')
        batch_op.drop_index(batch_op.f('ix_audit_ingest_batch_sha256'))

    op.drop_table('audit_ingest_batch')
