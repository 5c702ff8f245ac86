"""The national roll-up: the governments one warehouse holds, side by side for one month, like with like.

Each government that pays BPJS Ketenagakerjaan contributions for vulnerable workers from its own budget
(a province, a regency or a city) has its own deployment; they may share one PostgreSQL warehouse, where
every batch and fact carries the government's code. The roll-up reads only reporting views:

- ``rpt_government_month``: per government and month, the participants and contributions of the funding
  source the government pays from (its own budget: APBD Provinsi for a province, APBD Kabupaten/Kota for a
  regency), the cost per participant per month, and the share of its denominator;
- ``rpt_government_lineage``: the batches (file, SHA-256) behind each of those figures;
- ``rpt_programme_target``: each government's official targets, progress measured against its own;
- ``rpt_government_finding``: the audit findings open in the month's published rosters, counted.

Like with like: shares of a denominator are ranked only among governments measured against the same kind
of denominator (BPJS potential workers, BPS employed persons and BPS labour force are different
populations); costs per participant only among governments paying for the same programme package. Where
the kinds differ, the roll-up says why instead of comparing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from transforms.dates import Period
from warehouse.reporting import rows as _rows

DENOMINATORS: dict[str, str] = {
    "pekerja_potensial": "pekerja potensial (BPJS Ketenagakerjaan)",
    "penduduk_bekerja": "penduduk bekerja (BPS, Sakernas Agustus)",
    "angkatan_kerja": "angkatan kerja (BPS, Sakernas Agustus)",
}
LEVELS: dict[str, str] = {"province": "provinsi", "regency": "kabupaten", "city": "kota"}


@dataclass(frozen=True)
class BatchLineage:
    batch_id: int
    file_name: str
    sha256: str
    participants: int
    contributions_idr: int


@dataclass(frozen=True)
class TargetProgress:
    series: str
    programme: str
    year: int
    target: int
    participants: int  # of the target's funding source, in the month
    progress_pct: float
    publisher: str
    document: str
    document_verified: bool


@dataclass
class GovernmentMonth:
    code: str
    name: str
    level: str
    own_funding_source: str
    participants: int
    contributions_idr: int
    cost_per_participant_idr: float | None
    monthly_contribution_idr: int  # as the government's configuration states its programme's rate
    programme_set: str | None  # None: several packages in the month's rows
    denominator_measure: str | None
    denominator: int | None
    denominator_year: int | None
    denominator_is_derived: bool
    denominator_publisher: str | None
    share_pct: float | None
    regions_reporting: int
    targets: list[TargetProgress] = field(default_factory=list)
    roster_batches: int = 0
    findings_open: int | None = None  # None: no roster of the month, so nothing was checked
    lineage: list[BatchLineage] = field(default_factory=list)

    @property
    def batch_ids(self) -> list[int]:
        return [b.batch_id for b in self.lineage]


@dataclass(frozen=True)
class Ranking:
    """Governments compared on one figure, on one basis (the same kind of denominator, or package)."""

    figure: str  # "share" | "cost"
    basis: str  # the denominator measure or the programme package
    codes: tuple[str, ...]  # best first: the highest share, the lowest cost


@dataclass
class NationalRollup:
    period: Period
    generated_at: datetime
    governments: list[GovernmentMonth]
    without_data: list[tuple[str, str]]  # governments in the warehouse without a published month
    rankings: list[Ranking]
    not_compared: list[str]  # why figures are not set side by side, in Indonesian

    def government(self, code: str) -> GovernmentMonth:
        return next(g for g in self.governments if g.code == code)


def collect_national(session: Session, period: Period) -> NationalRollup:
    """The roll-up of ``period`` from the reporting views, for every government the warehouse holds."""
    governments = [_government(session, row) for row in _rows(
        session, "SELECT * FROM rpt_government_month WHERE period_key = :p ORDER BY government_code", p=period.key)]
    known = _rows(session, "SELECT government_code, name FROM ref_government ORDER BY government_code")
    present = {g.code for g in governments}
    without = [(r["government_code"], r["name"]) for r in known if r["government_code"] not in present]
    rankings, reasons = compare(governments)
    return NationalRollup(period=period, generated_at=datetime.now(UTC), governments=governments,
                          without_data=without, rankings=rankings, not_compared=reasons)


def _government(session: Session, row: dict[str, Any]) -> GovernmentMonth:
    code, period_key = str(row["government_code"]), int(row["period_key"])
    month = GovernmentMonth(
        code=code, name=str(row["government_name"]), level=str(row["level"]),
        own_funding_source=str(row["own_funding_source_code"]), participants=int(row["participants"]),
        contributions_idr=int(row["contributions_idr"]),
        cost_per_participant_idr=None if row["cost_per_participant_idr"] is None
        else float(row["cost_per_participant_idr"]),
        monthly_contribution_idr=int(row["monthly_contribution_idr"]),
        programme_set=str(row["programme_set"]) if int(row["programme_sets"]) == 1 else None,
        denominator_measure=row["denominator_measure"],
        denominator=None if row["denominator"] is None else int(row["denominator"]),
        denominator_year=row["denominator_year"], denominator_is_derived=bool(row["denominator_is_derived"]),
        denominator_publisher=row["denominator_publisher"],
        share_pct=None if row["share_pct"] is None else float(row["share_pct"]),
        regions_reporting=int(row["regions_reporting"]))
    month.lineage = [BatchLineage(int(b["batch_id"]), str(b["file_name"]), str(b["sha256"]), int(b["participants"]),
                                  int(b["contributions_idr"])) for b in _rows(
        session, "SELECT * FROM rpt_government_lineage WHERE government_code = :g AND period_key = :p "
                 "AND funding_source_code = :s AND status = 'published' ORDER BY batch_id",
        g=code, p=period_key, s=month.own_funding_source)]
    month.targets = _targets(session, month, int(row["year"]), period_key)
    checked = _rows(session, "SELECT roster_batches, findings_open FROM rpt_government_finding "
                             "WHERE government_code = :g AND period_key = :p", g=code, p=period_key)
    if checked:
        month.roster_batches, month.findings_open = int(checked[0]["roster_batches"]), int(checked[0]["findings_open"])
    return month


def _targets(session: Session, month: GovernmentMonth, year: int, period_key: int) -> list[TargetProgress]:
    """Progress against each official target of the government for the month's year, in people, each
    against the participants of the funding source the target is for."""
    found = []
    for t in _rows(session, "SELECT * FROM rpt_programme_target WHERE region_code = :g AND year = :y "
                            "AND measure = 'participants' ORDER BY series", g=month.code, y=year):
        funded = _rows(session, "SELECT COALESCE(SUM(participants), 0) AS n FROM rpt_government_lineage "
                                "WHERE government_code = :g AND period_key = :p AND funding_source_code = :s "
                                "AND status = 'published'", g=month.code, p=period_key, s=t["funding_source_code"])
        participants = int(funded[0]["n"])
        found.append(TargetProgress(
            series=str(t["series"]), programme=str(t["programme"]), year=int(t["year"]), target=int(t["value"]),
            participants=participants, progress_pct=100.0 * participants / int(t["value"]),
            publisher=str(t["publisher"]), document=str(t["document"]),
            document_verified=bool(t["document_verified"])))
    return found


def compare(governments: list[GovernmentMonth]) -> tuple[list[Ranking], list[str]]:
    """Rank like with like; for the rest, the reasons they are not compared (in Indonesian)."""
    rankings: list[Ranking] = []
    reasons: list[str] = []
    by_measure: dict[str, list[GovernmentMonth]] = {}
    for g in governments:
        if g.denominator is None or g.denominator_measure is None:
            reasons.append(f"{g.name}: tidak ada penyebut {_measure(g.denominator_measure)} untuk wilayahnya, "
                           "jadi porsinya tidak dihitung dan tidak dibandingkan.")
            continue
        by_measure.setdefault(g.denominator_measure, []).append(g)
    for measure, group in sorted(by_measure.items()):
        ranked = sorted(group, key=lambda g: -(g.share_pct or 0.0))
        rankings.append(Ranking("share", measure, tuple(g.code for g in ranked)))
    if len(by_measure) > 1:
        said = "; ".join(f"{', '.join(g.name for g in group)} terhadap {_measure(m)}"
                         for m, group in sorted(by_measure.items()))
        reasons.append(f"Porsi peserta tidak dibandingkan antar kelompok: penyebutnya berbeda jenis ({said}). "
                       "Pekerja potensial, penduduk bekerja dan angkatan kerja adalah populasi yang berbeda; "
                       "porsi hanya diurutkan di dalam kelompok penyebut yang sama.")
    rankings_cost, cost_reasons = _compare_costs(governments)
    return rankings + rankings_cost, reasons + cost_reasons


def _compare_costs(governments: list[GovernmentMonth]) -> tuple[list[Ranking], list[str]]:
    by_package: dict[str, list[GovernmentMonth]] = {}
    reasons: list[str] = []
    for g in governments:
        if g.programme_set is None or g.cost_per_participant_idr is None:
            reasons.append(f"{g.name}: baris bulan ini mencakup lebih dari satu paket program, jadi biaya per "
                           "peserta tidak dibandingkan.")
            continue
        by_package.setdefault(g.programme_set, []).append(g)
    rankings = [Ranking("cost", package, tuple(g.code for g in sorted(group, key=lambda g: g.cost_per_participant_idr
                                                                        or 0.0)))
                for package, group in sorted(by_package.items())]
    if len(by_package) > 1:
        said = "; ".join(f"{', '.join(g.name for g in group)}: {p}" for p, group in sorted(by_package.items()))
        reasons.append(f"Biaya per peserta tidak dibandingkan antar paket program ({said}): iuran paket yang "
                       "berbeda berbeda pula besarnya.")
    return rankings, reasons


def _measure(measure: str | None) -> str:
    return DENOMINATORS.get(measure or "", measure or "yang ditetapkan")
