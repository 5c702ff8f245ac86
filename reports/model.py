"""The accountability report's data: plain, frozen values filled from the reporting views."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reports.findings import AuditSection
from reports.glossary import quality_state
from reports.reconcile import VerdictStatus
from reports.reference import ReferenceSection
from reports.reviewed_claims import ReviewItem
from transforms.claim_cues import Scope
from warehouse.batches import BatchStatus
from warehouse.reporting import RegionStatus

SECONDARY_MARK = "•"  # a cell hidden so that a small one cannot be worked out from the total


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
    status: RegionStatus = "reported"
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
    status: VerdictStatus
    difference_pct: float | None
    note: str | None
    modality: str | None = None  # realised | change | entitlement (targets are AnnouncedTarget)
    scope: Scope | None = None
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
    status: BatchStatus
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    dq_success: bool | None
    dq_failed_expectations: int
    data_docs_url: str | None
    reason: str | None
    dq_warnings: int = 0
    checks: list[CheckResult] = field(default_factory=list)  # every check of every suite run on the batch

    @property
    def quality(self) -> str:
        """passed | warned | failed | unchecked: the one word every medium shows (glossary.QUALITY_STATES)."""
        checked = bool(self.checks) or self.dq_success is not None
        failed = self.dq_failed_expectations + (0 if self.dq_success is not False else 1)
        return quality_state(checked, failed, self.dq_warnings)

    @property
    def suites(self) -> list[tuple[str, str | None]]:
        """(suite, its Data Docs page) for each suite run on the batch, in run order."""
        seen: dict[str, str | None] = {}
        for check in self.checks:
            if check.suite not in seen or (seen[check.suite] is None and check.data_docs_url):
                seen[check.suite] = check.data_docs_url
        return list(seen.items())


@dataclass(frozen=True)
class CheckResult:
    """One expectation of one suite, as stored after a batch's validation (``rpt_dq_result``)."""

    suite: str
    expectation: str
    column: str | None
    level: str  # row | batch | warn
    success: bool
    checked: int | None
    unexpected: int | None
    data_docs_url: str | None


@dataclass(frozen=True)
class FundingSourceMonth:
    """One funding source's participants and contributions in the month, the year so far, the month before."""

    code: str  # APBD_PROV | APBD_KAB | APBDES | MANDIRI
    name: str  # Indonesian, the programmes named for the province's own budget
    is_apbd: bool
    participants: int
    contributions_idr: int
    contributions_year_idr: int  # January (or the first month at hand) to this month
    months_in_year: int  # months of the year at hand behind contributions_year_idr
    first_month: str | None  # the first month of the year at hand ("2024-04")
    previous_participants: int | None
    batches: list[int] = field(default_factory=list)
    year_batches: list[int] = field(default_factory=list)

    @property
    def change(self) -> int | None:
        return None if self.previous_participants is None else self.participants - self.previous_participants


@dataclass(frozen=True)
class ProgrammeTarget:
    """A programme's official target for the year (a reference file), with the realised figure of the same
    funder, segment, programme package, place and period beside it."""

    series: str
    programme: str
    year: int
    funding_source: str
    segment: str | None
    programme_set: str | None
    region_code: str
    participants: int | None
    contributions_idr: int | None
    realised_participants: int | None  # the same funder, segment and package, this month
    realised_contributions_idr: int | None  # the same, January (or first month at hand) to this month
    publisher: str
    document: str
    document_verified: bool
    source_url: str | None
    file_name: str

    @property
    def participants_pct(self) -> float | None:
        if not self.participants or self.realised_participants is None:
            return None
        return 100.0 * self.realised_participants / self.participants

    @property
    def contributions_pct(self) -> float | None:
        if not self.contributions_idr or self.realised_contributions_idr is None:
            return None
        return 100.0 * self.realised_contributions_idr / self.contributions_idr


@dataclass(frozen=True)
class ProvinceMoney:
    """The first screen: what the province's own budget bought this month, kept apart from every other budget."""

    previous_period: str | None  # the month before with data ("2024-05")
    province: FundingSourceMonth | None  # the government's own budget (APBD Provinsi) and its programmes
    others: list[FundingSourceMonth]  # every other budget, and self-payers, one line each
    target: ProgrammeTarget | None
    active_change: int | None  # all segments, since the month before
    coverage_change_points: float | None
    previous_batches: list[int] = field(default_factory=list)
    open_findings: int = 0  # new and recurring
    new_findings: int = 0
    recurring_findings: int = 0
    resolved_findings: int = 0
    finding_batches: list[int] = field(default_factory=list)


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
    # What the sections without coverage figures say: nothing published, or what was and what is missing.
    empty_note: str = ""
    reference: ReferenceSection | None = None  # denominators, yearly statistics, sources
    review: list[ReviewItem] = field(default_factory=list)  # Perlu Ditinjau
    lineage: dict[str, list[int]] = field(default_factory=dict)  # region code → the month's batches behind it
    audit: AuditSection | None = None  # Temuan Audit
    index_href: str | None = None  # the reports' index (all months), relative to the report
    money: ProvinceMoney | None = None  # the first screen: the province's own money
    # (region code, column) → "primary" | "secondary": the regency table's cells to hide (reports.disclosure)
    suppressed: dict[tuple[str, str], str] = field(default_factory=dict)

    def shown(self, region_code: str, column: str) -> str | None:
        """The mark a hidden cell shows instead of its value ("<5" or "•"), None for a published cell."""
        state = self.suppressed.get((region_code, column))
        if state is None:
            return None
        return f"<{self.small_cell_threshold}" if state == "primary" else SECONDARY_MARK
