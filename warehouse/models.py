"""Warehouse schema as SQLAlchemy 2 typed models.

Layers, by name prefix (one pattern per layer):
- ``dim_*``  conformed dimensions (region, period, programme, segment, funding source);
- ``ref_*``  reference facts seeded by migrations with documented sources (workforce, budget);
- ``fact_*`` canonical facts, each row knowing the ingest batch it came from;
- ``news_*`` the news monitor's sites, crawl state, articles, clusters, mentions and figures;
- ``audit_*`` what auditors check: batches, data-quality results, quarantined rows, findings;
- ``rpt_*``  reporting views (created by migrations): the only objects report readers see.

The schema is created and changed only by Alembic migrations (``warehouse/migrations``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.government import current
from warehouse.base import Base
from warehouse.government_model import RefGovernment

__all__ = ["Base", "RefGovernment"]


def deployment_government() -> str:
    """Whose rows these are when the writer does not say (migration 0019): this deployment's government."""
    return current().code


# --- dimensions -------------------------------------------------------------------------------


class DimRegion(Base):
    __tablename__ = "dim_region"
    region_code: Mapped[str] = mapped_column(String(8), primary_key=True)  # Kemendagri, dotted ("64.09", "64.09.01")
    bps_code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(16))  # province | regency | city
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("dim_region.region_code"))


class DimRegionAlias(Base):
    __tablename__ = "dim_region_alias"
    alias: Mapped[str] = mapped_column(String(80), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("dim_region.region_code"))


class DimPeriod(Base):
    __tablename__ = "dim_period"
    period_key: Mapped[int] = mapped_column(Integer, primary_key=True)  # YYYYMM
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    first_day: Mapped[date] = mapped_column(Date)
    label_id: Mapped[str] = mapped_column(String(20))  # "Juni 2024"


class DimProgramme(Base):
    __tablename__ = "dim_programme"
    programme_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class DimProgrammeSet(Base):
    """A package of programmes a participant is enrolled in together ("JKK+JKM")."""

    __tablename__ = "dim_programme_set"
    programme_set: Mapped[str] = mapped_column(String(32), primary_key=True)


class DimProgrammeSetMember(Base):
    __tablename__ = "dim_programme_set_member"
    programme_set: Mapped[str] = mapped_column(ForeignKey("dim_programme_set.programme_set"), primary_key=True)
    programme_code: Mapped[str] = mapped_column(ForeignKey("dim_programme.programme_code"), primary_key=True)


class DimSegment(Base):
    __tablename__ = "dim_segment"
    segment_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class DimFundingSource(Base):
    __tablename__ = "dim_funding_source"
    funding_source_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    is_apbd: Mapped[bool] = mapped_column(Boolean)


# --- reference facts ---------------------------------------------------------------------------


class RefWorkforce(Base):
    """Coverage denominators: one row per region × year × measure, each with its source and method.

    Loaded from the versioned files under ``reference/`` (``warehouse/reference.py``); the
    measures (BPJS potential workers, BPS employed persons, BPS labour force) are never mixed.
    """

    __tablename__ = "ref_workforce"
    region_code: Mapped[str] = mapped_column(ForeignKey("dim_region.region_code"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure: Mapped[str] = mapped_column(String(32), primary_key=True)  # warehouse.reference.MEASURES
    value: Mapped[int] = mapped_column(BigInteger)
    unit: Mapped[str] = mapped_column(String(16))
    publisher: Mapped[str] = mapped_column(Text)
    table_title: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(Text)
    retrieved_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(Text)  # "published" or "derived: how"
    is_derived: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    series: Mapped[str] = mapped_column(String(120))  # the reference file's series name
    series_version: Mapped[int] = mapped_column(Integer)


class RefProgrammeTarget(Base):
    """A programme's official target for a year (people, or a budget in rupiah), from a reference file
    in the government file (``reference/governments/``) with its source. Targets quoted in the press are claims, kept in
    ``fact_claim_reconciliation``, never here."""

    __tablename__ = "ref_programme_target"
    series: Mapped[str] = mapped_column(String(120), primary_key=True)
    measure: Mapped[str] = mapped_column(String(32), primary_key=True)  # participants | contributions_idr
    series_version: Mapped[int] = mapped_column(Integer)
    programme: Mapped[str] = mapped_column(String(40))
    funding_source_code: Mapped[str] = mapped_column(String(16))
    segment_code: Mapped[str | None] = mapped_column(String(8))
    programme_set: Mapped[str | None] = mapped_column(String(32))
    region_code: Mapped[str] = mapped_column(ForeignKey("dim_region.region_code"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(BigInteger)
    unit: Mapped[str] = mapped_column(String(16))
    publisher: Mapped[str] = mapped_column(Text)
    document: Mapped[str] = mapped_column(Text)
    document_verified: Mapped[bool] = mapped_column(Boolean)
    source_url: Mapped[str | None] = mapped_column(Text)
    retrieved_on: Mapped[date] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(Text)



class RefProvincialBudget(Base):
    """The province's annual budget (APBD): an upper plausibility bound for money figures."""

    __tablename__ = "ref_provincial_budget"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount_idr: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(Text)


# --- audit ---------------------------------------------------------------------------------------


class AuditIngestBatch(Base):
    __tablename__ = "audit_ingest_batch"
    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_name: Mapped[str] = mapped_column(String(80))
    dataset: Mapped[str] = mapped_column(String(32))  # coverage | claims | roster | news
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    archive_path: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    period_key: Mapped[int | None] = mapped_column(Integer)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_loaded: Mapped[int] = mapped_column(Integer, default=0)
    rows_quarantined: Mapped[int] = mapped_column(Integer, default=0)
    # received -> published | rejected | failed (an error other than the input's; reason says which);
    # published -> superseded when a later batch of the same source and period replaces it.
    # A file delivered again opens no batch: the ingest result answers "duplicate".
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    dq_success: Mapped[bool | None] = mapped_column(Boolean)
    data_docs_url: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[str | None] = mapped_column(String(250))
    # The number convention the parser read the file with: "id", "en", or per column.
    number_convention: Mapped[str | None] = mapped_column(String(400))
    # What became of each part of the file: sheets read or not, columns not loaded, files replaced or added to.
    notes: Mapped[list | None] = mapped_column(JSON)
    # Migration 0019: whose deployment wrote the batch, and the rows of other regions it set aside.
    government_code: Mapped[str | None] = mapped_column(String(8), default=deployment_government)
    rows_set_aside: Mapped[int | None] = mapped_column(Integer)


Index("ix_audit_ingest_batch_source_period", AuditIngestBatch.source_name, AuditIngestBatch.dataset,
      AuditIngestBatch.period_key)
Index("ix_audit_ingest_batch_government_code", AuditIngestBatch.government_code, AuditIngestBatch.period_key)


class AuditDqResult(Base):
    __tablename__ = "audit_dq_result"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("audit_ingest_batch.batch_id", ondelete="CASCADE"), index=True)
    suite_name: Mapped[str] = mapped_column(String(120))
    expectation_type: Mapped[str] = mapped_column(String(120))
    column_name: Mapped[str | None] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(8))  # row | batch | warn
    success: Mapped[bool] = mapped_column(Boolean)
    element_count: Mapped[int | None] = mapped_column(Integer)
    unexpected_count: Mapped[int | None] = mapped_column(Integer)
    observed_value: Mapped[str | None] = mapped_column(Text)
    kwargs: Mapped[dict] = mapped_column(JSON, default=dict)
    run_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    data_docs_url: Mapped[str | None] = mapped_column(Text)


class AuditQuarantineRow(Base):
    __tablename__ = "audit_quarantine_row"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("audit_ingest_batch.batch_id", ondelete="CASCADE"), index=True)
    row_number: Mapped[int | None] = mapped_column(Integer)
    column_name: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text)
    check_name: Mapped[str] = mapped_column(String(120))  # "parse" or the expectation that failed
    raw: Mapped[dict] = mapped_column(JSON, default=dict)  # never holds NIK or names


class AuditFinding(Base):
    """Findings for auditors, e.g. a person funded twice (stored by pseudonym only)."""

    __tablename__ = "audit_finding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("audit_ingest_batch.batch_id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(128))  # a pseudonym or a key, never personal data
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


# --- coverage facts --------------------------------------------------------------------------------


class FactCoverageMonthly(Base):
    __tablename__ = "fact_coverage_monthly"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("audit_ingest_batch.batch_id"), index=True)
    source_name: Mapped[str] = mapped_column(String(80))
    period_key: Mapped[int] = mapped_column(ForeignKey("dim_period.period_key"))
    region_code: Mapped[str] = mapped_column(ForeignKey("dim_region.region_code"))
    segment_code: Mapped[str] = mapped_column(ForeignKey("dim_segment.segment_code"))
    programme_set: Mapped[str] = mapped_column(ForeignKey("dim_programme_set.programme_set"))
    funding_source_code: Mapped[str] = mapped_column(ForeignKey("dim_funding_source.funding_source_code"))
    active_participants: Mapped[int] = mapped_column(BigInteger)
    new_participants: Mapped[int | None] = mapped_column(BigInteger)
    contributions_idr: Mapped[int] = mapped_column(BigInteger)
    source_row: Mapped[int | None] = mapped_column(Integer)
    government_code: Mapped[str | None] = mapped_column(String(8), default=deployment_government)
    __table_args__ = (
        UniqueConstraint("source_name", "period_key", "region_code", "segment_code", "programme_set",
                         "funding_source_code"),
        Index("ix_fact_coverage_monthly_period_region", "period_key", "region_code"),
        Index("ix_fact_coverage_monthly_government_code", "government_code", "period_key"),
    )


class FactPublishedStatistic(Base):
    """A yearly statistic as an open-data table publishes it (Satu Data long or wide form).

    Region × year × measure, with the table's unit and the code system its codes were read in
    (decided by codes and names agreeing). ``metric`` names the monthly-export metric it can be
    compared with, when there is one (e.g. active participants).
    """

    __tablename__ = "fact_published_statistic"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("audit_ingest_batch.batch_id"), index=True)
    source_name: Mapped[str] = mapped_column(String(80))
    region_code: Mapped[str] = mapped_column(ForeignKey("dim_region.region_code"))
    year: Mapped[int] = mapped_column(Integer)
    measure: Mapped[str] = mapped_column(String(120))  # normalised column or table name
    measure_label: Mapped[str] = mapped_column(Text)  # as the table writes it
    unit: Mapped[str | None] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    metric: Mapped[str | None] = mapped_column(String(40))
    code_system: Mapped[str | None] = mapped_column(String(16))
    source_row: Mapped[int | None] = mapped_column(Integer)
    government_code: Mapped[str | None] = mapped_column(String(8), default=deployment_government)
    __table_args__ = (UniqueConstraint("source_name", "measure", "region_code", "year"),)


class FactBenefitClaims(Base):
    __tablename__ = "fact_benefit_claims"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("audit_ingest_batch.batch_id"), index=True)
    source_name: Mapped[str] = mapped_column(String(80))
    period_key: Mapped[int] = mapped_column(ForeignKey("dim_period.period_key"))
    region_code: Mapped[str] = mapped_column(ForeignKey("dim_region.region_code"))
    programme_set: Mapped[str] = mapped_column(ForeignKey("dim_programme_set.programme_set"))
    cases: Mapped[int] = mapped_column(Integer)
    benefits_paid_idr: Mapped[int] = mapped_column(BigInteger)
    source_row: Mapped[int | None] = mapped_column(Integer)
    government_code: Mapped[str | None] = mapped_column(String(8), default=deployment_government)
    __table_args__ = (UniqueConstraint("source_name", "period_key", "region_code", "programme_set"),)


class FactRosterParticipant(Base):
    """One row per enrolled person in a roster batch, by keyed pseudonym only."""

    __tablename__ = "fact_roster_participant"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("audit_ingest_batch.batch_id"), index=True)
    source_name: Mapped[str] = mapped_column(String(80))
    period_key: Mapped[int] = mapped_column(Integer)
    person_pseudonym: Mapped[str] = mapped_column(String(64))
    region_code: Mapped[str] = mapped_column(String(8))
    village: Mapped[str | None] = mapped_column(String(120))
    occupation: Mapped[str | None] = mapped_column(String(120))
    segment_code: Mapped[str] = mapped_column(String(8))
    programme_set: Mapped[str] = mapped_column(String(32))
    funding_source_code: Mapped[str] = mapped_column(String(16))
    start_date: Mapped[date | None] = mapped_column(Date)
    source_row: Mapped[int | None] = mapped_column(Integer)
    government_code: Mapped[str | None] = mapped_column(String(8), default=deployment_government)
    __table_args__ = (Index("ix_fact_roster_participant_source_period", "source_name", "period_key"),)


# --- news monitor -----------------------------------------------------------------------------------


class NewsSite(Base):
    __tablename__ = "news_site"
    site_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    base_url: Mapped[str] = mapped_column(Text)
    profile: Mapped[dict] = mapped_column(JSON, default=dict)


class NewsCrawlState(Base):
    __tablename__ = "news_crawl_state"
    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    site_name: Mapped[str | None] = mapped_column(String(80))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    last_status: Mapped[str | None] = mapped_column(String(40))
    last_fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    record: Mapped[dict] = mapped_column(JSON, default=dict)


class NewsCrawlOutcome(Base):
    """A page where no article was found: why, how many versions of it failed, whether the crawler gave up."""

    __tablename__ = "news_crawl_outcome"
    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    site_name: Mapped[str | None] = mapped_column(String(80))
    outcome: Mapped[str] = mapped_column(String(32))  # transforms.article.NO_ARTICLE_KINDS
    reason: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer)
    content_sha256: Mapped[str] = mapped_column(String(64))
    first_batch_id: Mapped[int] = mapped_column(ForeignKey("audit_ingest_batch.batch_id"))
    last_batch_id: Mapped[int] = mapped_column(ForeignKey("audit_ingest_batch.batch_id"), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    gave_up: Mapped[bool] = mapped_column(Boolean, default=False)


class NewsArticle(Base):
    __tablename__ = "news_article"
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("audit_ingest_batch.batch_id"), index=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    canonical_url: Mapped[str] = mapped_column(String(2000))
    site_name: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    period_key: Mapped[int | None] = mapped_column(Integer, index=True)  # month of publication (WIB)
    author: Mapped[str | None] = mapped_column(String(200))
    section: Mapped[str | None] = mapped_column(String(200))
    tags: Mapped[list] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    cluster_id: Mapped[int | None] = mapped_column(Integer, index=True)
    is_canonical: Mapped[bool] = mapped_column(Boolean, default=True)


class NewsCluster(Base):
    __tablename__ = "news_cluster"
    cluster_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    canonical_url: Mapped[str] = mapped_column(String(2000), unique=True)
    size: Mapped[int] = mapped_column(Integer)


class NewsMention(Base):
    __tablename__ = "news_mention"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("news_article.article_id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("audit_ingest_batch.batch_id"))
    kind: Mapped[str] = mapped_column(String(16))  # programme | region
    key: Mapped[str] = mapped_column(String(40))  # programme key or region code
    matched: Mapped[str] = mapped_column(Text)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)


class NewsFigure(Base):
    __tablename__ = "news_figure"
    figure_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("news_article.article_id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("audit_ingest_batch.batch_id"))
    kind: Mapped[str] = mapped_column(String(16))
    value_number: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    # What the figure measures: its claim's metric (participants, coverage_rate, ...).
    metric: Mapped[str | None] = mapped_column(String(40))
    region_code: Mapped[str | None] = mapped_column(String(8))
    period: Mapped[str | None] = mapped_column(String(8))
    programme: Mapped[str | None] = mapped_column(String(40))
    plausible: Mapped[bool] = mapped_column(Boolean)
    plausibility_reason: Mapped[str | None] = mapped_column(Text)
    # The rest of the claim (transforms.claims), added by migration 0005.
    modality: Mapped[str | None] = mapped_column(String(16))  # realised | target | change | entitlement
    scope: Mapped[str | None] = mapped_column(String(16))  # aggregate | single
    programmes: Mapped[str | None] = mapped_column(String(40))  # "JKK+JKM"
    segment: Mapped[str | None] = mapped_column(String(8))
    funding_source: Mapped[str | None] = mapped_column(String(16))
    occupation: Mapped[str | None] = mapped_column(String(60))
    branch: Mapped[str | None] = mapped_column(String(60))  # a BPJS TK branch's work area, not a regency
    actor: Mapped[str | None] = mapped_column(String(160))
    cues: Mapped[dict | None] = mapped_column(JSON)  # field -> the words that decided it
    # Whether the words settle the claim (transforms.claim_review), added by migration 0009.
    needs_review: Mapped[bool | None] = mapped_column(Boolean)
    review_reasons: Mapped[list | None] = mapped_column(JSON)


class FactClaimReconciliation(Base):
    """A news figure matched against the warehouse metric it speaks of."""

    __tablename__ = "fact_claim_reconciliation"
    figure_id: Mapped[int] = mapped_column(ForeignKey("news_figure.figure_id", ondelete="CASCADE"),
                                           primary_key=True)
    metric: Mapped[str | None] = mapped_column(String(40))
    region_code: Mapped[str | None] = mapped_column(String(8))
    period: Mapped[str | None] = mapped_column(String(8))
    claimed_value: Mapped[float] = mapped_column(Float)
    warehouse_value: Mapped[float | None] = mapped_column(Float)
    difference_pct: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(24))
    tolerance: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    reconciled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Like with like (migration 0005): the claim's dimensions, what it was compared with, and for a
    # target its progress.
    modality: Mapped[str | None] = mapped_column(String(16))
    scope: Mapped[str | None] = mapped_column(String(16))
    programmes: Mapped[str | None] = mapped_column(String(40))
    segment: Mapped[str | None] = mapped_column(String(8))
    funding_source: Mapped[str | None] = mapped_column(String(16))
    basis: Mapped[str | None] = mapped_column(Text)
    warehouse_period: Mapped[str | None] = mapped_column(String(24))  # widened by 0009 ("2024-05..2024-06")
    progress_pct: Mapped[float | None] = mapped_column(Float)
    # Migration 0009: the reviewer's decision the reading came from (null: the machine's), and why a claim
    # went to review instead of a verdict.
    review_id: Mapped[int | None] = mapped_column(Integer)
    reviewer: Mapped[str | None] = mapped_column(String(120))
    review_reasons: Mapped[list | None] = mapped_column(JSON)


class AuditClaimReview(Base):
    """A reviewer's decision on a news claim (migration 0009). Append-only: triggers refuse UPDATE and
    DELETE; a later decision on the same figure supersedes an earlier one."""

    __tablename__ = "audit_claim_review"
    review_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    figure_key: Mapped[str] = mapped_column(String(64), index=True)  # article URL + figure text + occurrence
    review_key: Mapped[str] = mapped_column(String(64))  # figure_key + the normalised sentence
    article_url: Mapped[str] = mapped_column(Text)
    figure_text: Mapped[str] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text)  # as the reviewer read it
    not_a_claim: Mapped[bool] = mapped_column(Boolean)
    reading_before: Mapped[dict] = mapped_column(JSON)  # the machine's (or the previous) reading
    reading_after: Mapped[dict | None] = mapped_column(JSON)  # null when not a claim
    reviewer: Mapped[str] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(16))  # cli | excel
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
