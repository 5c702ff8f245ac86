"""Like-with-like reconciliation of press claims with the warehouse: every rule, in one place.

A claim (``transforms.claims``) is compared only with what it speaks of:

- a claim the words do not settle (``needs_review``, ``transforms.claim_review``) gets no verdict:
  it is ``needs_review`` and goes to the report's Perlu Ditinjau section; a reviewer's decision
  (``warehouse.claim_reviews``) replaces the machine's reading, or says it is ``not_a_claim``;
- an implausible figure (flagged at extraction) is ``implausible`` whatever the warehouse says;
- a **target** is never checked as a fact: it goes to the report's announced targets with the
  latest realised value of the same metric and dimensions and the progress toward it;
- a **change** is compared with the warehouse change over the same interval (the sentence must
  say which: "dibanding bulan lalu", "dibanding tahun sebelumnya", "dibanding Juni 2023");
- a **single case** (one heir's benefit) and a scheme's **entitlement** are compared only with the
  scheme's rule where one fixes the amount (JKM: Rp 42 juta per death); rates per unit are not
  compared with totals;
- a **realised level** is compared with the warehouse value of exactly the same metric, region,
  period, segment, funding source and programmes. When the warehouse cannot match a dimension
  (DBH Sawit funding, claims by segment, a coverage rate of one segment) the claim is
  ``no_comparable_data`` with the reason, never ``differs``. A count of one occupation ("3.500
  nelayan") is inside its segment: it differs only when it exceeds the whole segment. A figure of
  a BPJS TK branch office's work area ("di wilayah kerjanya") is not a regency's.
- **"pekerja rentan"** are workers whose contributions a government pays: a count of them is never
  compared with a segment that holds self-payers. Without a funder in the words (APBD Provinsi,
  Kabupaten/Kota, APBDes) the claim is ``no_comparable_data`` (a target: no progress), with each
  funder's count named beside it.
- When no export covers the claim's period, a **published yearly table** of the same measure
  (open data, ``rpt_published_statistic``: all BPJS TK participants, or the government's own programme's
  participants) is the warehouse value, named in the basis with its batch.

Values: no region means the province; a month is that month; a year is, for a stock
(participants, coverage), its latest month in the warehouse and, for a flow (contributions,
benefits, cases), the sum of a complete year only. No period: the month the article appeared.
``consistent`` within 5% (1 percentage point for coverage rates and changes in percent), else
``differs`` with the signed difference.

The warehouse is read only through the reporting views (``rpt_*``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from reports.glossary import GOVERNMENT, METRICS, PROVINCE_NAME
from transforms.claim_cues import ClaimKind, Scope
from transforms.dates import MONTH_PATTERN, Period, month_number
from transforms.programmes import BENEFIT_PER_CASE_IDR, PRESS_FUNDING_SOURCES, SEGMENTS
from transforms.regions import PROVINCE_CODE

if TYPE_CHECKING:
    from transforms.claims import Claim

# Relative tolerance between a figure and the warehouse (news claims, published yearly tables).
TOLERANCE = 0.05
COVERAGE_POINTS_TOLERANCE = 1.0
STOCK_METRICS = frozenset({"participants", "coverage_rate"})
FLOW_METRICS = frozenset({"contributions", "benefits_paid", "claims_cases"})
LEVEL_METRICS = STOCK_METRICS | FLOW_METRICS
# Which view column holds each metric (views in warehouse/migrations/versions/0005_news_claims.py).
METRIC_SOURCES = {
    "participants": ("coverage", "active_participants"),
    "contributions": ("coverage", "contributions_idr"),
    "claims_cases": ("claims", "cases"),
    "benefits_paid": ("claims", "benefits_paid_idr"),
    "coverage_rate": ("rate", "coverage_pct"),
}
# Government budgets that pay contributions for vulnerable workers (never the self-payers, MANDIRI).
PUBLIC_FUNDING = ("APBD_PROV", "APBD_KAB", "APBDES")
_VULNERABLE = re.compile(r"\bpekerja\s+rentan\b|\bmiskin\s+ekstrem\b", re.IGNORECASE)
# A published yearly table's metric (extractors.open_data) and the funder its count belongs to.
# The open-data metric of the government's own programme (named "bkbk_participants" when it was first stored).
PUBLISHED_FUNDER = {"active_participants": None, "bkbk_participants": GOVERNMENT.own_funding_source}
# The warehouse's own dimensions: funding sources in coverage exports, none in claims exports.
WAREHOUSE_FUNDING = frozenset(f.code for f in PRESS_FUNDING_SOURCES if f.code != "DBH_SAWIT")
METRIC_LABELS = METRICS  # the glossary's words for each metric


@dataclass(frozen=True)
class PressClaim:
    """A claim as stored (``rpt_news_claim``), ready to reconcile."""

    kind: ClaimKind
    metric: str | None
    value: float
    region_code: str | None = None
    period: str | None = None  # "YYYY" or "YYYY-MM"
    modality: str = "realised"
    scope: Scope = "aggregate"
    programmes: tuple[str, ...] = ()
    segment: str | None = None
    funding_source: str | None = None
    occupation: str | None = None
    branch: str | None = None  # the figure counts a BPJS TK branch's work area
    plausible: bool = True
    article_period: str | None = None  # the month the article appeared, "YYYY-MM"
    sentence: str = ""
    # Only decided claims get a verdict; a reviewer's reading replaces the machine's.
    needs_review: bool = False
    review_reasons: tuple[str, ...] = ()
    review_id: int | None = None  # the decision (audit_claim_review) the reading comes from
    reviewer: str | None = None
    not_a_claim: bool = False

    @classmethod
    def from_claim(cls, claim: Claim, article_period: str | None = None) -> PressClaim:
        """From a ``transforms.claims.Claim`` (what the news pipeline stores in ``news_figure``)."""
        return cls(kind=claim.kind, metric=claim.metric, value=claim.value, region_code=claim.region_code,
                   period=claim.period, modality=claim.modality, scope=claim.scope, programmes=claim.programmes,
                   segment=claim.segment, funding_source=claim.funding_source, occupation=claim.occupation,
                   branch=claim.branch, plausible=claim.plausible, article_period=article_period,
                   sentence=claim.sentence, needs_review=claim.needs_review, review_reasons=claim.review_reasons)


# What reconciling a claim found; only ``consistent`` and ``differs`` compared a number.
VerdictStatus = Literal["consistent", "differs", "no_comparable_data", "implausible", "target", "needs_review",
                        "not_a_claim"]
Comparison = Literal["consistent", "differs"]


@dataclass(frozen=True)
class Verdict:
    status: VerdictStatus
    warehouse_value: float | None = None
    difference_pct: float | None = None  # percent, or percentage points for coverage rates
    note: str | None = None  # why (always set when not comparable)
    basis: str | None = None  # what the claim was compared with
    warehouse_period: str | None = None
    progress_pct: float | None = None  # targets: realised / target


class Warehouse(Protocol):
    def months(self, metric: str, region_code: str) -> list[int]: ...

    def published(self, region_code: str, year: int, funding_source: str | None
                  ) -> tuple[float, str] | None: ...

    def total(self, metric: str, region_code: str, months: list[int], segment: str | None,
              funding_source: str | None, programmes: tuple[str, ...]) -> float | None: ...


def describe(metric: str, region_code: str, period: str | None, segment: str | None = None,
             funding_source: str | None = None, programmes: tuple[str, ...] = ()) -> str:
    """'peserta aktif · BPU · APBD Kabupaten/Kota · JKK+JKM · <region code> · 2024-06'."""
    names = {c.code: c.code if c.code in ("BPU", "PU", "PMI") else c.name for c in (*SEGMENTS,)}
    funding = {c.code: c.name for c in PRESS_FUNDING_SOURCES}
    parts = [METRIC_LABELS.get(metric, metric)]
    if segment:
        parts.append(names.get(segment, segment))
    if funding_source:
        parts.append(funding.get(funding_source, funding_source))
    if programmes:
        parts.append("+".join(programmes))
    parts.append(PROVINCE_NAME if region_code == PROVINCE_CODE else region_code)
    if period:
        parts.append(period)
    return " · ".join(parts)


def _months_for(metric: str, period: str, available: list[int]) -> tuple[list[int], str | None]:
    """The warehouse months a claim's period means, or a reason why none can stand for it."""
    if len(period) == 7:
        key = Period.parse(period).key
        return ([key], None) if key in available else ([], f"gudang belum punya data {period}")
    year = int(period)
    in_year = [k for k in available if k // 100 == year]
    if not in_year:
        return [], f"gudang belum punya data tahun {year}"
    if metric in FLOW_METRICS:
        if len(in_year) < 12:
            return [], (f"angka setahun hanya dibandingkan dengan tahun {year} yang lengkap "
                        f"({len(in_year)} bulan di gudang)")
        return in_year, None
    return [in_year[-1]], None


def _label(keys: list[int]) -> str:
    if len(keys) == 1:
        return str(Period.from_key(keys[0]))
    return f"{Period.from_key(keys[0])}..{Period.from_key(keys[-1])}"


def _why_not_dimensions(claim: PressClaim, metric: str) -> str | None:
    if claim.funding_source and claim.funding_source not in WAREHOUSE_FUNDING:
        return "gudang tidak mencatat sumber dana DBH Sawit"
    source = METRIC_SOURCES[metric][0]
    if source == "claims" and (claim.segment or claim.funding_source):
        return "data klaim di gudang tidak dipilah menurut segmen atau sumber dana"
    if source == "rate" and (claim.segment or claim.funding_source or claim.programmes or claim.occupation):
        return "cakupan di gudang hanya untuk seluruh pekerja (penyebutnya tidak dipilah menurut segmen)"
    return None


def _vulnerable_without_funder(claim: PressClaim, warehouse: Warehouse, metric: str, region: str) -> str | None:
    """Why a count of "pekerja rentan" with no funder in its words cannot be compared, with each funder's
    count of the latest month beside it; None when the rule does not apply."""
    if metric != "participants" or claim.funding_source or not _VULNERABLE.search(claim.sentence):
        return None
    available = warehouse.months(metric, region)
    counts = []
    for code in PUBLIC_FUNDING:
        value = warehouse.total(metric, region, available[-1:], None, code, ()) if available else None
        if value:
            name = next(f.name for f in PRESS_FUNDING_SOURCES if f.code == code)
            counts.append(f"{name} {value:,.0f}".replace(",", "."))
    known = (" Di gudang, " + ", ".join(counts) + f" ({_label(available[-1:])}).") if counts else ""
    return ("pekerja rentan tanpa sumber dana yang disebut: iurannya dibayar pemerintah, bukan peserta mandiri, "
            "dan kalimat ini tidak menyebut anggaran siapa." + known)


def _published_level(claim: PressClaim, warehouse: Warehouse, metric: str, region: str, period: str
                     ) -> tuple[float, str] | None:
    """A published yearly table's value for a participant count of a year no export covers."""
    if metric != "participants" or claim.segment not in (None, "BPU") or claim.programmes:
        return None
    if claim.segment == "BPU" and claim.funding_source is None:
        return None  # all BPU participants are not published as a yearly table
    return warehouse.published(region, int(period[:4]), claim.funding_source)


def _level(claim: PressClaim, warehouse: Warehouse, metric: str, region: str, period: str
           ) -> tuple[float | None, str | None, str | None]:
    """(value, the warehouse period, reason when there is none)."""
    months, reason = _months_for(metric, period, warehouse.months(metric, region))
    if reason:
        return None, None, reason
    value = warehouse.total(metric, region, months, claim.segment, claim.funding_source, claim.programmes)
    if value is None:
        return None, None, "gudang tidak punya baris untuk dimensi yang sama"
    return value, _label(months), None


def _compare(claimed: float, value: float, *, points: bool, tolerance: float) -> tuple[Comparison, float | None]:
    if points:
        difference = round(claimed - value, 2)
        return ("consistent" if abs(difference) <= COVERAGE_POINTS_TOLERANCE else "differs"), difference
    if value == 0:
        return ("consistent", 0.0) if claimed == 0 else ("differs", None)
    difference = round((claimed - value) / value * 100, 2)
    return ("consistent" if abs(difference) <= tolerance * 100 else "differs"), difference


_INTERVAL = re.compile(rf"\bdibanding(?:kan)?\s+(?:dengan\s+)?(?:(?P<unit>bulan|tahun)\s+(?:lalu|sebelumnya)|"
                       rf"(?P<mon>{MONTH_PATTERN})\s+(?P<y>20\d\d)|akhir\s+tahun\s+lalu)|"
                       rf"\bdari\s+(?P<unit2>bulan|tahun)\s+sebelumnya\b", re.IGNORECASE)


def change_interval(sentence: str, end: Period) -> Period | None:
    """The month a change in ``sentence`` is measured from, when the sentence says it."""
    match = _INTERVAL.search(sentence)
    if not match:
        return None
    unit = match.group("unit") or match.group("unit2")
    if unit and unit.lower() == "bulan":
        return end.previous()
    if unit and unit.lower() == "tahun":
        return Period(end.year - 1, end.month)
    if match.group("mon"):
        return Period(int(match.group("y")), month_number(match.group("mon")))
    return Period(end.year - 1, 12)  # "dibanding akhir tahun lalu"


def compared_as_level(claim: PressClaim) -> bool:
    """Whether ``claim`` is checked against a warehouse level as a fact: a realised aggregate of a metric
    the warehouse measures. Targets, changes, rates, entitlements and single cases never are."""
    return claim.modality == "realised" and claim.scope == "aggregate" and (claim.metric or "") in LEVEL_METRICS


def reconcile(claim: PressClaim, warehouse: Warehouse, *, tolerance: float = TOLERANCE) -> Verdict:
    """What the warehouse says about ``claim`` (the rules are in the module docstring)."""
    if claim.not_a_claim:
        return Verdict("not_a_claim", note=f"menurut peninjau ({claim.reviewer}) bukan klaim")
    if claim.needs_review:
        return Verdict("needs_review", note="perlu ditinjau: " + "; ".join(claim.review_reasons))
    if not claim.plausible:
        return Verdict("implausible", note="ditandai tidak masuk akal saat diekstrak")
    metric = claim.metric or "other"
    region = claim.region_code or PROVINCE_CODE
    if claim.modality == "target":
        return _target(claim, warehouse, metric, region)
    if claim.scope == "single" or claim.modality == "entitlement":
        return _scheme_rule(claim, metric)
    if metric not in LEVEL_METRICS or not (claim.modality == "change" or compared_as_level(claim)):
        return Verdict("no_comparable_data", note=f"gudang tidak mengukur {METRIC_LABELS.get(metric, metric)}")
    why = _why_not_dimensions(claim, metric) or _vulnerable_without_funder(claim, warehouse, metric, region)
    if why:
        return Verdict("no_comparable_data", note=why)
    if claim.branch:
        return Verdict("no_comparable_data", note=f"angka wilayah kerja kantor cabang {claim.branch}; wilayah cabang "
                       "BPJS Ketenagakerjaan tidak sama dengan batas kabupaten/kota")
    period = claim.period or claim.article_period
    if not period:
        return Verdict("no_comparable_data", note="periode tidak disebut")
    if claim.modality == "change":
        return _change(claim, warehouse, metric, region, period, tolerance)
    value, used, reason = _level(claim, warehouse, metric, region, period)
    basis = describe(metric, region, used, claim.segment, claim.funding_source, claim.programmes)
    if value is None:
        published = _published_level(claim, warehouse, metric, region, period)
        if published is None:
            return Verdict("no_comparable_data", note=reason, basis=basis)
        value, basis = published
        used = period[:4]
        status, difference = _compare(claim.value, value, points=False, tolerance=tolerance)
        return Verdict(status, value, difference, basis=basis, warehouse_period=used,
                       note=f"tidak ada ekspor bulanan untuk {used}; dibandingkan dengan tabel tahunan "
                            "yang diterbitkan")
    points = metric == "coverage_rate"
    if claim.occupation:
        # "3.500 nelayan": one occupation inside the segment; only more than the whole segment is a difference.
        if claim.value > value * (1 + tolerance):
            status, difference = _compare(claim.value, value, points=points, tolerance=tolerance)
            return Verdict(status, value, difference, basis=basis, warehouse_period=used,
                           note=f"{claim.occupation} adalah bagian dari kelompok ini, tetapi angkanya melebihi "
                                "seluruhnya")
        return Verdict("no_comparable_data", value, basis=basis, warehouse_period=used,
                       note=f"gudang tidak memilah {claim.occupation}; seluruh kelompok ini berjumlah {value:,.0f}"
                       .replace(",", "."))
    status, difference = _compare(claim.value, value, points=points, tolerance=tolerance)
    note = "selisih dalam poin persentase" if points else (
        "nilai gudang nol" if status == "differs" and difference is None else None)
    return Verdict(status, value, difference, note=note, basis=basis, warehouse_period=used)


def _target(claim: PressClaim, warehouse: Warehouse, metric: str, region: str) -> Verdict:
    """A target with the latest realised value of the same metric and dimensions beside it."""
    measured = "contributions" if metric == "budget" else metric
    if metric == "budget" and not claim.funding_source:
        return Verdict("target", note="anggaran tanpa sumber dana yang disebut; tidak dapat dipantau dengan iuran")
    if claim.kind == "percent" and metric != "coverage_rate":
        return Verdict("target", note="target berupa perubahan; tidak ada tingkat yang dapat dipantau")
    if measured not in LEVEL_METRICS or _why_not_dimensions(claim, measured):
        return Verdict("target", note=_why_not_dimensions(claim, measured) if measured in LEVEL_METRICS
                       else f"gudang tidak mengukur {METRIC_LABELS.get(metric, metric)}")
    vulnerable = _vulnerable_without_funder(claim, warehouse, measured, region)
    if vulnerable:
        return Verdict("target", note=vulnerable)
    available = warehouse.months(measured, region)
    if not available:
        return Verdict("target", note="gudang belum punya data untuk wilayah ini")
    if measured in FLOW_METRICS:
        # Money or cases for a year: what has been realised in the target's year so far.
        year = int((claim.period or str(Period.from_key(available[-1])))[:4])
        months = [k for k in available if k // 100 == year]
    else:
        months = [available[-1]]
    if not months:
        return Verdict("target", note="gudang belum punya data untuk tahun target")
    value = warehouse.total(measured, region, months, claim.segment, claim.funding_source, claim.programmes)
    basis = describe(measured, region, _label(months), claim.segment, claim.funding_source, claim.programmes)
    if value is None:
        return Verdict("target", note="gudang tidak punya baris untuk dimensi yang sama", basis=basis)
    if measured in FLOW_METRICS and claim.period and len(claim.period) == 4:
        # Like with like: a year's budget or target against the same span, the share of it that falls
        # in the months at hand (3 months of contributions against 3/12 of the year's budget).
        share = claim.value * len(months) / 12
        progress = round(value / share * 100, 1) if share else None
        return Verdict("target", value, None, basis=basis, warehouse_period=_label(months), progress_pct=progress,
                       note=f"dibandingkan dengan {len(months)}/12 target setahun "
                            f"(Rp {share:,.0f}) untuk {len(months)} bulan yang ada datanya".replace(",", "."))
    progress = round(value / claim.value * 100, 1) if claim.value else None
    return Verdict("target", value, None, basis=basis, warehouse_period=_label(months), progress_pct=progress)


def _scheme_rule(claim: PressClaim, metric: str) -> Verdict:
    """A single case or an entitlement: only the scheme's rule can say whether it is right."""
    if metric == "benefits_paid" and claim.kind == "money":
        fixed = [p for p in claim.programmes if p in BENEFIT_PER_CASE_IDR]
        if len(claim.programmes) == 1 and fixed:
            rule = BENEFIT_PER_CASE_IDR[fixed[0]]
            status, difference = _compare(claim.value, rule, points=False, tolerance=TOLERANCE)
            return Verdict(status, float(rule), difference,
                           basis=f"ketentuan {fixed[0]}: Rp {rule:,.0f} per kasus".replace(",", "."),
                           note="satu kasus dibandingkan dengan ketentuan program, bukan dengan total daerah"
                           if claim.scope == "single" else "hak menurut ketentuan program")
        return Verdict("no_comparable_data", note="manfaat satu kasus bergantung pada upah dan kasusnya; "
                       "tidak ada ketentuan nominal tetap untuk dibandingkan")
    if claim.modality == "entitlement" or metric == "rate":
        return Verdict("no_comparable_data", note="tarif atau ketentuan per satuan, bukan jumlah yang dicatat gudang")
    return Verdict("no_comparable_data", note="satu kasus tidak dibandingkan dengan total daerah")


def _change(claim: PressClaim, warehouse: Warehouse, metric: str, region: str, period: str,
            tolerance: float) -> Verdict:
    available = warehouse.months(metric, region)
    months, reason = _months_for("participants", period, available)  # the end of the interval: one month
    if reason:
        return Verdict("no_comparable_data", note=reason)
    end = Period.from_key(months[0])
    start = change_interval(claim.sentence, end)
    if start is None:
        return Verdict("no_comparable_data", note="kalimat tidak menyebut sejak kapan perubahan dihitung")
    if start.key not in available:
        return Verdict("no_comparable_data", note=f"gudang belum punya data {start} untuk menghitung perubahan")
    if metric in FLOW_METRICS:
        return Verdict("no_comparable_data", note="perubahan arus (iuran, klaim) tidak dibandingkan")
    before = warehouse.total(metric, region, [start.key], claim.segment, claim.funding_source, claim.programmes)
    after = warehouse.total(metric, region, [end.key], claim.segment, claim.funding_source, claim.programmes)
    basis = describe(metric, region, f"{start}→{end}", claim.segment, claim.funding_source, claim.programmes)
    if before is None or after is None:
        return Verdict("no_comparable_data", note="gudang tidak punya baris untuk dimensi yang sama", basis=basis)
    if claim.kind == "percent" and metric != "coverage_rate":
        if before == 0:
            return Verdict("no_comparable_data", note="nilai awal nol", basis=basis)
        actual = round((after - before) / before * 100, 2)
        status, difference = _compare(claim.value, actual, points=True, tolerance=tolerance)
        return Verdict(status, actual, difference, note="perubahan dalam persen; selisih dalam poin",
                       basis=basis, warehouse_period=f"{start}..{end}")
    actual = abs(after - before)
    points = metric == "coverage_rate"
    status, difference = _compare(claim.value, actual, points=points, tolerance=tolerance)
    return Verdict(status, actual, difference, basis=basis, warehouse_period=f"{start}..{end}",
                   note="perubahan dibandingkan dengan perubahan di gudang pada selang yang sama")


# --- the warehouse side: reporting views only ------------------------------------------------------
