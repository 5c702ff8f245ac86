"""Like with like: a press figure or target is compared only with the count of the same funder,
segment, place and period; a yearly table the warehouse holds is used where no export covers the
year; nothing states a period or deadline the sentence does not."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from reports.reconcile import PressClaim, reconcile


class _Counts:
    """A warehouse of one month (June 2024) whose participants are split by funder."""

    BY_FUNDER: ClassVar[dict[str, float]] = {"APBD_PROV": 9_000.0, "APBD_KAB": 4_585.0, "APBDES": 700.0, "MANDIRI": 28_522.0}

    def months(self, metric: str, region_code: str) -> list[int]:
        return [202406]

    def total(self, metric: str, region_code: str, months: list[int], segment: str | None,
              funding_source: str | None, programmes: tuple[str, ...]) -> float | None:
        if funding_source:
            return self.BY_FUNDER.get(funding_source)
        return sum(self.BY_FUNDER.values())

    def published(self, region_code: str, year: int, funding_source: str | None) -> tuple[float, str] | None:
        return (67_600.0, "tabel data terbuka · batch 9") if (year, funding_source) == (2022, "APBD_PROV") else None


SENTENCE = "Pemerintah kota menargetkan 15 ribu pekerja rentan terlindungi BPJS Ketenagakerjaan."


def test_vulnerable_workers_without_a_funder_are_never_compared_with_self_payers() -> None:
    target = PressClaim("count", "participants", 15_000, region_code="15.71", modality="target", segment="BPU",
                        sentence=SENTENCE)
    verdict = reconcile(target, _Counts())
    assert verdict.status == "target" and verdict.progress_pct is None and verdict.warehouse_value is None
    assert "tanpa sumber dana" in (verdict.note or "") and "4.585" in (verdict.note or "")
    assert "28.522" not in (verdict.note or "")  # the self-payers are not a count of vulnerable workers
    level = PressClaim("count", "participants", 15_000, region_code="15.71", period="2024-06", segment="BPU",
                       sentence=SENTENCE.replace("menargetkan", "mencatat"))
    assert reconcile(level, _Counts()).status == "no_comparable_data"
    # With the funder in its words the same figure is compared with that funder's count alone.
    funded = PressClaim("count", "participants", 4_600, region_code="15.71", period="2024-06", segment="BPU",
                        funding_source="APBD_KAB", sentence=SENTENCE)
    verdict = reconcile(funded, _Counts())
    assert (verdict.status, verdict.warehouse_value) == ("consistent", 4_585.0)


def test_a_year_without_exports_is_compared_with_the_published_yearly_table_of_the_same_funder() -> None:
    claim = PressClaim("count", "participants", 76_000, period="2022", segment="BPU", funding_source="APBD_PROV",
                       sentence="Pada 2022 sebanyak 76 ribu pekerja rentan dibiayai BKBK.")
    verdict = reconcile(claim, _Counts())
    assert verdict.status == "differs" and verdict.warehouse_value == 67_600.0
    assert verdict.difference_pct is not None and round(verdict.difference_pct) == 12
    assert "tabel data terbuka" in (verdict.basis or "")
    # A year of another funder has no such table: not comparable, with the reason.
    other = PressClaim("count", "participants", 76_000, period="2022", segment="BPU", funding_source="APBD_KAB",
                       sentence="Pada 2022 sebanyak 76 ribu pekerja rentan dibiayai APBD kabupaten.")
    assert reconcile(other, _Counts()).status == "no_comparable_data"


def test_the_demo_month_compares_like_with_like_and_invents_no_deadline(sample_month: Path) -> None:
    from pantau.tasks.report import reconcile_claims
    from warehouse.db import session_scope
    from warehouse.reporting import rows

    reconcile_claims()
    with session_scope() as session:
        stored = list(rows(session, "SELECT figure_text, sentence, status, period, warehouse_value, basis, note, "
                                    "funding_source FROM rpt_claim_reconciliation"))
    by_text = {r["figure_text"]: r for r in stored}
    city = by_text["15 ribu pekerja rentan"]
    assert city["status"] == "target" and city["warehouse_value"] is None and "tanpa sumber dana" in city["note"]
    # The open-data BKBK table holds 2022 and 2023: the press figures are compared with it.
    for text, published in (("76 ribu pekerja rentan", 67_600), ("112 ribu peserta", 100_300)):
        row = by_text[text]
        assert (row["status"], row["warehouse_value"]) == ("differs", published), row
        assert "batch" in row["basis"]
    # The city's target names no month: the report gives it no deadline (the article's month is not one).
    assert city["period"] is None, city
