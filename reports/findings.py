"""The report's "Temuan Audit" section: double funding, quarantined rows and what they change,
superseded and refused files of the month.

Read from the reporting views of migration 0010 (``rpt_finding_summary``, ``rpt_quarantine_row``)
and ``rpt_batch_quality``. What a reader's report may show: how many people were found funded
twice, in which regencies and from which funding sources, in which batch; never a pseudonym,
NIK or name (auditors read ``audit_finding`` for those). Quarantined rows of the aggregate
exports are shown cell by cell (regions and counts); roster rows only by number and reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from reports import glossary
from transforms.dates import Period
from transforms.numbers import NumberParseError, NumberStyle, parse_number
from transforms.programmes import PROGRAMME_MONTHLY_CONTRIBUTION_IDR
from warehouse.batches import BatchStatus
from warehouse.governments import government_code
from warehouse.reporting import rows as _rows

# How a quarantined cell is read back: the header words the coverage and claims exports use for
# the counts that the report's totals are made of.
_PARTICIPANTS = re.compile(r"peserta|tenaga kerja|\btk\b", re.IGNORECASE)
_NOT_PARTICIPANTS = re.compile(r"baru|penambahan|kode|\bno\b", re.IGNORECASE)
_CONTRIBUTIONS = re.compile(r"iuran", re.IGNORECASE)


@dataclass(frozen=True)
class DoubleFunding:
    batch_id: int
    file_name: str
    period: str
    people: int
    regions: list[str]
    funding_sources: list[str]
    across_regions: int  # people found in two regencies
    across_sources: int  # people funded from two sources


@dataclass(frozen=True)
class QuarantinedRow:
    row_number: int | None
    column: str | None
    reason: str  # Indonesian
    cells: dict[str, str] | None  # aggregate exports only


@dataclass(frozen=True)
class QuarantineEffect:
    batch_id: int
    dataset: str
    file_name: str
    published_participants: int | None
    quarantined_participants: int
    quarantined_contributions: int
    rows: list[QuarantinedRow] = field(default_factory=list)

    @property
    def file_participants(self) -> int | None:
        """What the file's own JUMLAH row says: every row that holds a number, published or not."""
        if self.published_participants is None:
            return None
        return self.published_participants + self.quarantined_participants


@dataclass(frozen=True)
class BatchEvent:
    batch_id: int
    dataset: str
    file_name: str
    status: BatchStatus
    reason: str  # Indonesian


@dataclass(frozen=True)
class FindingLine:
    """One person found funded twice (never who): the state the finding is in this month, and its scale."""

    finding_id: int
    batch_id: int
    state: str  # new | recurring | resolved (glossary.FINDING_STATES)
    first_period: str  # the first month the same person was found ("2024-04")
    months: int  # months found funded twice, up to this one
    regions: list[str]
    funding_sources: list[str]

    @property
    def paid_twice_idr(self) -> int:
        """Contributions paid twice: one extra month's contribution at the programme's rate per month found."""
        return self.months * PROGRAMME_MONTHLY_CONTRIBUTION_IDR


@dataclass(frozen=True)
class DoubleFundingScale:
    """How big the month's double funding is, and how much of the funded roster was checked."""

    people: int  # open findings (new and recurring)
    person_months: int
    paid_twice_idr: int
    roster_people: int  # people in the month's rosters (the check's reach)
    funded_participants: int  # participants funded by a public budget this month (coverage export)

    @property
    def checked_pct(self) -> float | None:
        return 100.0 * self.roster_people / self.funded_participants if self.funded_participants else None


@dataclass(frozen=True)
class AuditSection:
    double_funding: list[DoubleFunding]
    quarantine: list[QuarantineEffect]
    events: list[BatchEvent]
    findings: list[FindingLine] = field(default_factory=list)
    scale: DoubleFundingScale | None = None


def _number(text: str, convention: str | None) -> int | None:
    style = NumberStyle.ENGLISH if (convention or "").strip() == "en" else NumberStyle.INDONESIAN
    try:
        return int(parse_number(text, style))
    except (NumberParseError, ValueError, ArithmeticError):
        return None


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in (json.loads(value) if isinstance(value, str) else value)]


def collect_audit(session: Session, period: Period) -> AuditSection:
    by_batch: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(session, "SELECT * FROM rpt_finding_summary WHERE period_key = :p AND kind = 'double_funding' "
                              "ORDER BY batch_id, finding_id", p=period.key):
        by_batch.setdefault(int(row["batch_id"]), []).append(row)
    double = []
    for batch_id, found in by_batch.items():
        regions = sorted({r for f in found for r in _split(f["regions"])})
        sources = sorted({s for f in found for s in _split(f["funding_sources"])})
        double.append(DoubleFunding(
            batch_id=batch_id, file_name=found[0]["file_name"], period=str(period), people=len(found),
            regions=[glossary.region_name(r) for r in regions],
            funding_sources=[glossary.funding_source(s) for s in sources],
            across_regions=sum(1 for f in found if len(_split(f["regions"])) > 1),
            across_sources=sum(1 for f in found if len(_split(f["funding_sources"])) > 1)))

    published = {int(r["batch_id"]): int(r["active_participants"] or 0) for r in _rows(
        session, "SELECT batch_id, SUM(active_participants) AS active_participants FROM rpt_coverage_lineage "
                 "WHERE period_key = :p GROUP BY batch_id", p=period.key)}
    effects: dict[int, dict[str, Any]] = {}
    for row in _rows(session, "SELECT * FROM rpt_quarantine_row WHERE period_key = :p AND status = 'published' "
                              "ORDER BY batch_id, row_number", p=period.key):
        entry = effects.setdefault(int(row["batch_id"]), {"row": row, "rows": [], "people": 0, "money": 0})
        cells = row["cells"]
        cells = json.loads(cells) if isinstance(cells, str) else cells
        if cells:
            for header, value in cells.items():
                amount = _number(str(value), row["number_convention"])
                if amount is None:
                    continue
                if _CONTRIBUTIONS.search(header):
                    entry["money"] += amount
                elif _PARTICIPANTS.search(header) and not _NOT_PARTICIPANTS.search(header):
                    entry["people"] += amount
        entry["rows"].append(QuarantinedRow(
            row_number=row["row_number"], column=row["column_name"],
            reason=glossary.quarantine_reason(row["reason"]),
            cells={k: v for k, v in cells.items() if k.strip().lower() not in ("no", "nomor")} if cells else None))
    quarantine = [QuarantineEffect(
        batch_id=batch_id, dataset=e["row"]["dataset"], file_name=e["row"]["file_name"],
        published_participants=published.get(batch_id) if e["row"]["dataset"] == "coverage" else None,
        quarantined_participants=e["people"], quarantined_contributions=e["money"], rows=e["rows"])
        for batch_id, e in effects.items()]

    events = [BatchEvent(batch_id=int(r["batch_id"]), dataset=r["dataset"], file_name=r["file_name"],
                         status=BatchStatus(r["status"]), reason=_event_reason(r))
              for r in _rows(session, "SELECT * FROM rpt_batch_quality WHERE period_key = :p "
                                      "AND status IN ('superseded', 'rejected', 'failed') ORDER BY batch_id",
                             p=period.key)]
    findings, scale = _finding_states(session, period)
    return AuditSection(double_funding=double, quarantine=quarantine, events=events, findings=findings, scale=scale)


def _finding_states(session: Session, period: Period) -> tuple[list[FindingLine], DoubleFundingScale | None]:
    """Each double-funding finding of the month with its state (``rpt_finding_state``), and the scale."""
    summary = {int(r["finding_id"]): r for r in _rows(
        session, "SELECT finding_id, regions, funding_sources FROM rpt_finding_summary WHERE kind = 'double_funding'")}
    lines = []
    for row in _rows(session, "SELECT * FROM rpt_finding_state WHERE period_key = :p AND kind = 'double_funding' "
                              "ORDER BY CASE state WHEN 'recurring' THEN 0 WHEN 'new' THEN 1 ELSE 2 END, finding_id",
                     p=period.key):
        about = summary.get(int(row["finding_id"]), {})
        lines.append(FindingLine(
            finding_id=int(row["finding_id"]), batch_id=int(row["batch_id"]), state=row["state"],
            first_period=str(Period.from_key(int(row["first_period_key"]))), months=int(row["months_found"]),
            regions=[glossary.region_name(r) for r in sorted(_split(about.get("regions")))],
            funding_sources=[glossary.funding_source(s) for s in sorted(_split(about.get("funding_sources")))]))
    roster = _rows(session, "SELECT SUM(people) AS people FROM rpt_roster_month WHERE period_key = :p", p=period.key)
    if not roster or roster[0]["people"] is None:
        return lines, None
    funded = _rows(session, "SELECT SUM(participants) AS n FROM rpt_funding_source_month WHERE period_key = :p "
                            "AND is_apbd AND government_code = :g", p=period.key, g=government_code())
    open_lines = [f for f in lines if f.state != "resolved"]
    return lines, DoubleFundingScale(
        people=len(open_lines), person_months=sum(f.months for f in open_lines),
        paid_twice_idr=sum(f.paid_twice_idr for f in open_lines), roster_people=int(roster[0]["people"]),
        funded_participants=int(funded[0]["n"] or 0) if funded else 0)


def _event_reason(row: dict[str, Any]) -> str:
    if row["status"] == "superseded":
        return "digantikan oleh berkas yang lebih baru untuk sumber dan bulan yang sama; angkanya tidak dipakai"
    reason = glossary.quarantine_reason(row["reason"]) if row["reason"] else ""
    if reason and "rinciannya" not in reason:
        return f"ditolak: {reason}"
    return f"ditolak; pesan teknisnya tercatat di jejak audit batch {row['batch_id']}"
