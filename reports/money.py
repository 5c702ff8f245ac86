"""The report's first screen: what the government's own budget (APBD, by its programmes) bought.

Participants and contributions per funding source are read from ``rpt_funding_source_month`` and kept
apart (the province's own, regencies' and villages' budgets, self-payers); the batches behind each from
``rpt_funding_lineage``; the programme's official target from ``rpt_programme_target`` (a reference
file with its source: targets quoted in the press are claims, checked in the Target section). The
realised figure beside a target is of the same funder, segment, programme package, place and period
(``rpt_coverage_detail_month``). Findings are counted by their state (``rpt_finding_state``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from core.government import current
from reports import glossary
from reports.model import FundingSourceMonth, ProgrammeTarget, ProvinceMoney
from transforms.dates import Period
from transforms.regions import PROVINCE_CODE
from warehouse.governments import government_code
from warehouse.reporting import rows as _rows

PROVINCE_BUDGET = current().own_funding_source  # the budget the government pays from
# The order a reader expects: the province's own budget, the other public budgets, then self-payers.
SOURCE_ORDER = ("APBD_PROV", "APBD_KAB", "APBDES", "MANDIRI")


def _batches(session: Session, source: str, first: int, last: int) -> list[int]:
    return [int(r["batch_id"]) for r in _rows(
        session, "SELECT DISTINCT batch_id FROM rpt_funding_lineage WHERE funding_source_code = :s "
                 "AND period_key BETWEEN :a AND :b ORDER BY batch_id", s=source, a=first, b=last)]


def collect_money(session: Session, period: Period) -> ProvinceMoney:
    sources: list[FundingSourceMonth] = []
    previous_key: int | None = None
    found = _rows(session, "SELECT * FROM rpt_funding_source_month WHERE period_key = :p AND government_code = :g",
                  p=period.key, g=government_code())
    for row in sorted(found, key=lambda r: (SOURCE_ORDER.index(r["funding_source_code"])
                                             if r["funding_source_code"] in SOURCE_ORDER else 99)):
        code = row["funding_source_code"]
        previous_key = int(row["previous_period_key"]) if row["previous_period_key"] is not None else None
        first = min(int(r["period_key"]) for r in _rows(
            session, "SELECT period_key FROM rpt_funding_source_month WHERE funding_source_code = :s AND year = :y "
                     "AND period_key <= :p AND government_code = :g", s=code, y=period.year, p=period.key,
            g=government_code()))
        sources.append(FundingSourceMonth(
            code=code, name=glossary.budget_name(code), is_apbd=bool(row["is_apbd"]),
            participants=int(row["participants"]), contributions_idr=int(row["contributions_idr"]),
            contributions_year_idr=int(row["contributions_year_idr"]), months_in_year=int(row["months_in_year"]),
            first_month=str(Period.from_key(first)),
            previous_participants=_int(row["previous_participants"]),
            batches=_batches(session, code, period.key, period.key),
            year_batches=_batches(session, code, first, period.key)))
    province = next((s for s in sources if s.code == PROVINCE_BUDGET), None)

    months = {int(r["period_key"]): r for r in _rows(
        session, "SELECT period_key, active_participants, coverage_pct FROM rpt_coverage_province_month "
                 "WHERE period_key <= :p AND government_code = :g ORDER BY period_key", p=period.key,
        g=government_code())}
    now, before = months.get(period.key), months.get(previous_key) if previous_key else None
    active_change = coverage_change = None
    if now and before:
        active_change = int(now["active_participants"]) - int(before["active_participants"])
        if now["coverage_pct"] is not None and before["coverage_pct"] is not None:
            coverage_change = float(now["coverage_pct"]) - float(before["coverage_pct"])
    previous_batches = [int(r["batch_id"]) for r in _rows(
        session, "SELECT DISTINCT batch_id FROM rpt_funding_lineage WHERE period_key = :p ORDER BY batch_id",
        p=previous_key)] if previous_key else []

    states = _rows(session, "SELECT state, batch_id FROM rpt_finding_state WHERE period_key = :p", p=period.key)
    count = {s: sum(1 for r in states if r["state"] == s) for s in ("new", "recurring", "resolved")}
    return ProvinceMoney(
        previous_period=str(Period.from_key(previous_key)) if previous_key else None, province=province,
        others=[s for s in sources if s.code != PROVINCE_BUDGET], target=_target(session, period),
        active_change=active_change, coverage_change_points=coverage_change, previous_batches=previous_batches,
        open_findings=count["new"] + count["recurring"], new_findings=count["new"],
        recurring_findings=count["recurring"], resolved_findings=count["resolved"],
        finding_batches=sorted({int(r["batch_id"]) for r in states if r["state"] != "resolved"}))


def _target(session: Session, period: Period) -> ProgrammeTarget | None:
    """The province's programme target for the period's year, and the realised figures of exactly its kind."""
    found = _rows(session, "SELECT * FROM rpt_programme_target WHERE year = :y AND funding_source_code = :s "
                           "AND region_code = :r ORDER BY series, measure", y=period.year, s=PROVINCE_BUDGET,
                  r=PROVINCE_CODE)
    if not found:
        return None
    head = found[0]
    values = {r["measure"]: int(r["value"]) for r in found if r["series"] == head["series"]}
    where = "funding_source_code = :s AND year = :y"
    params: dict[str, Any] = {"s": head["funding_source_code"], "y": period.year, "p": period.key}
    if head["segment_code"]:
        where += " AND segment_code = :seg"
        params["seg"] = head["segment_code"]
    if head["programme_set"]:
        where += " AND programme_set = :set"
        params["set"] = head["programme_set"]
    month = _rows(session, f"SELECT SUM(active_participants) AS n, COUNT(*) AS lines FROM rpt_coverage_detail_month "
                           f"WHERE {where} AND period_key = :p", **params)[0]
    year = _rows(session, f"SELECT SUM(contributions_idr) AS rp, COUNT(*) AS lines FROM rpt_coverage_detail_month "
                          f"WHERE {where} AND period_key <= :p", **params)[0]
    return ProgrammeTarget(
        series=head["series"], programme=head["programme"], year=int(head["year"]),
        funding_source=head["funding_source_code"], segment=head["segment_code"],
        programme_set=head["programme_set"], region_code=head["region_code"],
        participants=values.get("participants"), contributions_idr=values.get("contributions_idr"),
        realised_participants=int(month["n"]) if month["lines"] else None,
        realised_contributions_idr=int(year["rp"]) if year["lines"] else None,
        publisher=head["publisher"], document=head["document"], document_verified=bool(head["document_verified"]),
        source_url=head["source_url"], file_name=head["file_name"])


def _int(value: Any) -> int | None:
    return None if value is None else int(value)
