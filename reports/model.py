"""The accountability report's data: plain, frozen values filled from the reporting views."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class RegionCoverage:
    region_code: str
    region_name: str
    kind: str
    active_participants: int | None
    workforce: int | None
    coverage_pct: float | None
    apbd_funded_participants: int | None
    contributions_idr: int | None
    claims_cases: int | None
    benefits_paid_idr: int | None
    new_participants: int | None = None
    status: str = "reported"  # reported | missing | no_data_published
    workforce_year: int | None = None
    workforce_is_derived: bool | None = None


@dataclass(frozen=True)
class TrendPoint:
    period: str  # "2024-04"
    region_code: str
    active_participants: int
    coverage_pct: float | None
    contributions_idr: int


@dataclass(frozen=True)
class FundingLine:
    programme_set: str
    funding_source: str
    funding_source_name: str
    participants: int
    contributions_idr: int


@dataclass(frozen=True)
class NewsAttention:
    programme: str
    region_code: str | None
    region_name: str | None
    mentions: int
    articles: int


@dataclass(frozen=True)
class ClaimCheck:
    article_url: str
    article_title: str
    site: str
    published_at: datetime | None
    sentence: str
    figure_text: str
    kind: str
    metric: str | None
    region_code: str | None
    period: str | None
    claimed_value: float
    warehouse_value: float | None
    status: str  # consistent | differs | no_comparable_data | implausible
    difference_pct: float | None
    note: str | None
    modality: str | None = None  # realised | change | entitlement (targets are AnnouncedTarget)
    scope: str | None = None  # aggregate | single
    dimensions: str | None = None  # "BPU · APBD_KAB · JKK+JKM": what the sentence states
    basis: str | None = None  # what the warehouse value is ("peserta aktif · BPU · ... · 2024-06")
    cues: str | None = None  # the words that decided metric and modality
    reviewer: str | None = None  # the reading is a reviewer's decision (audit_claim_review), not the machine's
    batch_id: int | None = None  # the news batch the article came in


@dataclass(frozen=True)
class AnnouncedTarget:
    """A target announced in the press, with the latest realised value beside it."""

    actor: str | None  # who announced it
    figure_text: str  # what
    metric: str | None
    dimensions: str | None
    region_code: str | None
    period: str | None  # by when
    target_value: float
    kind: str
    realised_value: float | None
    realised_period: str | None
    basis: str | None
    progress_pct: float | None
    note: str | None
    sentence: str
    article_url: str
    article_title: str
    site: str
    published_at: datetime | None
    reviewer: str | None = None  # the reading is a reviewer's decision, not the machine's


@dataclass(frozen=True)
class BatchInfo:
    batch_id: int
    source_name: str
    dataset: str
    file_name: str
    sha256: str
    received_at: datetime
    period: str | None
    status: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    dq_success: bool | None
    dq_failed_expectations: int
    data_docs_url: str | None
    reason: str | None


@dataclass(frozen=True)
class ReportData:
    period: str
    period_label: str  # "Juni 2024"
    generated_at: datetime
    province: RegionCoverage
    regions: list[RegionCoverage]
    trends: list[TrendPoint]
    funding: list[FundingLine]
    news: list[NewsAttention]
    claims: list[ClaimCheck]
    batches: list[BatchInfo]
    data_docs_index: str | None
    small_cell_threshold: int = 5
    notes: list[str] = field(default_factory=list)
    targets: list[AnnouncedTarget] = field(default_factory=list)
    published: bool = True  # a coverage batch is published for the month
    reference: Any = None  # reports.reference.ReferenceSection
    review: list[Any] = field(default_factory=list)  # reports.reviewed_claims.ReviewItem: Perlu Ditinjau
    lineage: dict[str, list[int]] = field(default_factory=dict)  # region code → the month's batches behind it
    audit: Any = None  # reports.findings.AuditSection
    index_href: str | None = None  # the reports' index (all months), relative to the report
