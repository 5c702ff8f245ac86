"""When the words do not settle a claim: the reasons a person should look before it is reconciled.

A claim (``transforms.claims``) is *decided* when the words of its clause and article settle its
metric and modality; otherwise it ``needs_review`` and carries ``review_reasons``, plain reasons a
reviewer reads:

- no cue decided the metric (the reading is the reader's default);
- cues of two readings in the clause (a target or plan word beside a "sudah/saat ini" word);
- future or intention words near a figure read as realised or as a change ("akan", "mendatang",
  "tahun depan", "berupaya", "bertujuan", "menargetkan", "dimaksudkan", "APBD Perubahan");
- a count whose clause speaks both of the pool of workers and of people covered;
- a participants or contributions level whose sentence states no segment or funding source while
  the article's opening sentence speaks of one group ("pekerja rentan", "buruh sawit");
- a (people, rupiah) pair in one sentence of a government-paid scheme that does not fit the rate
  of the government's programme (core.government; Rp 16.800 a month, Rp 201.600 a year per person).
  A pair that fits supports the reading: its cue says so and it needs no review.

Reconciliation (``reports/reconcile.py``) gives verdicts only to decided claims. Pure functions of
text; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.claim_cues import COVERED_AFTER, PLAN, POOL_BEFORE, POOL_WORDS, REALISED, TARGET_STRONG, cue_text, rx
from transforms.figures import bkbk_rate_check
from transforms.numbers import format_rupiah
from transforms.programmes import (
    PROGRAMME_MONTHLY_CONTRIBUTION_IDR,
    PROGRAMME_NAME,
    PROGRAMME_YEARLY_CONTRIBUTION_IDR,
)

# Words that speak of what is to come or what someone means to do.
FUTURE_OR_INTENT = rx(r"\b(?:akan|mendatang|tahun\s+depan|berupaya|bertujuan|menargetkan|ditargetkan|dimaksudkan|ingin|"
                      r"direncanakan|berencana|rencananya|diharapkan|diproyeksikan|sasaran(?:nya)?|target(?:nya)?)\b|"
                      r"\bAPBD[-\s]?P\b|\bAPBD\s+Perubahan\b|\banggaran\s+perubahan\b")
# Segments a government pays for at the programme's rate; their (people, rupiah) pairs are checked against it.
RATE_CHECKED_FUNDING = frozenset({"APBD_PROV", "APBD_KAB", "APBDES", "DBH_SAWIT"})
RATE_TOLERANCE = 0.02  # press rounds "Rp 19,35 miliar"; 2% covers the rounding, not another rate
# Metrics whose level is compared with the warehouse by segment and funding source.
SEGMENTED_LEVELS = frozenset({"participants", "contributions"})
EMPLOYERS = frozenset({"perusahaan"})

NO_METRIC_CUE = "tidak ada kata yang menentukan metrik (dibaca sebagai {metric} secara bawaan)"
TWO_READINGS = "kata dua bacaan dalam satu klausa: '{target}' (target/rencana) dan '{realised}' (sudah terjadi)"
FUTURE_NEAR = "kata masa depan atau niat di dekatnya ('{cue}') padahal dibaca sebagai {modality}"
POOL_OR_COVERED = "bisa seluruh pekerja (populasi) atau yang sudah terlindungi: '{pool}' dan '{covered}'"
NO_GROUP = ("kalimat tidak menyebut segmen atau sumber dana, padahal artikel membicarakan satu kelompok "
            "('{group}')")
RATE_MISFIT = (f"pasangan {{people}} orang dan {{rupiah}} dalam satu kalimat tidak sesuai tarif {PROGRAMME_NAME} "
               f"({format_rupiah(PROGRAMME_MONTHLY_CONTRIBUTION_IDR)} sebulan, "
               f"{format_rupiah(PROGRAMME_YEARLY_CONTRIBUTION_IDR)} setahun per orang): {{ratio}} kali tarif setahun")
WHOLE_REFERS_BACK = ("dibaca sebagai seluruh pekerja, padahal '{cue}' merujuk ke kelompok yang disebut sebelumnya "
                     "(bisa peserta)")
RATE_FIT = f"sesuai tarif {PROGRAMME_NAME}: {{people}} orang × {{rate}} = {{rupiah}}"
MODALITY_WORDS = {"realised": "terealisasi", "change": "perubahan", "target": "target", "entitlement": "ketentuan"}


def clause_reasons(*, kind: str, metric: str, modality: str, cues: dict[str, str], clause: str,
                   before: str, noun: str = "", after: str = "", sentence: str = "") -> list[str]:
    """The reasons a figure's own clause gives for a review (``before``: the clause up to the figure;
    ``noun``: the figure's own words after its number; ``after``: the clause after the figure;
    ``sentence``: the whole sentence)."""
    reasons: list[str] = []
    if not cues.get("metric"):
        reasons.append(NO_METRIC_CUE.format(metric=metric))
    target = TARGET_STRONG.search(clause) or PLAN.search(clause)
    realised = REALISED.search(clause)
    if target and realised:
        reasons.append(TWO_READINGS.format(target=cue_text(target), realised=cue_text(realised)))
    future = FUTURE_OR_INTENT.search(clause)
    if future is None and not cues.get("modality"):
        # "Lewat APBD Perubahan, cakupan itu ditingkatkan menjadi 60 persen": a reading by default in a
        # sentence whose other clause speaks of the future
        future = FUTURE_OR_INTENT.search(sentence)
    if future and modality in ("realised", "change"):
        reasons.append(FUTURE_NEAR.format(cue=cue_text(future), modality=MODALITY_WORDS[modality]))
    if kind == "count" and metric == "workforce" and not cues.get("metric", "").lower().startswith(("ada", "terdapat")):
        group = _WHOLE_NAMED_BEFORE.match(after)
        if group and not POOL_WORDS.search(clause):
            reasons.append(WHOLE_REFERS_BACK.format(cue=cue_text(group)))
    if kind == "count" and metric in ("participants", "workforce"):
        pool = POOL_BEFORE.search(before) or POOL_WORDS.search(clause)
        covered = COVERED_AFTER.search(clause)
        if pool and covered and not part_and_whole(metric=metric, pool=pool, before=before, noun=noun, after=after):
            reasons.append(POOL_OR_COVERED.format(pool=cue_text(pool), covered=cue_text(covered)))
    return reasons


# "Dari 18.200 pekerja rentan tersebut, ...": the whole is a group named before, covered or not.
_WHOLE_NAMED_BEFORE = rx(r"^\s*(?:(?!(?:di|dari|pada|yang|ke)\b)[\w-]+\s+){0,2}?(?:tersebut|itu)\b")
_PART_OF = rx(r"^\s*(?:\w+\s+){0,3}?dari\s+(?:sekitar\s+|total\s+|lebih\s+dari\s+|sebanyak\s+)?\d")
_EXISTENTIAL = rx(r"^(?:ada|terdapat)\b")
# "yang seharusnya dilindungi", "yang belum terdaftar": who ought to be or is not yet covered, not who is.
_RELATIVE_COVERED = rx(r"^\s*(?:[\w-]+\s+){0,6}?yang\s+(?!(?:[\w-]+\s+){0,2}?(?:belum|seharusnya|harus|perlu|mesti|"
                       r"wajib|akan|bisa|dapat|berhak|layak)\b)(?:[\w-]+\s+){0,2}?" + COVERED_AFTER.pattern)


def part_and_whole(*, metric: str, pool: re.Match[str], before: str, noun: str, after: str) -> bool:
    """Whether the shape of the words settles a count that has words of the pool and of the covered
    near it: "X pekerja dari Y pekerja": X is the part (covered), Y the whole (the pool), unless Y's own
    noun says covered ("dari 580 ribu peserta"); "ada X pekerja yang iurannya dibayar": X is covered."""
    if metric == "participants":
        if _PART_OF.match(after):
            return True
        return bool(_EXISTENTIAL.match(pool.group().strip()) and (
            COVERED_AFTER.search(noun) or _RELATIVE_COVERED.match(after)))
    whole = pool.group().strip().lower().startswith("dari") and pool.end() >= len(before.rstrip()) - 1
    return whole and bool(re.search(r"\d", before[:pool.start()])) and not COVERED_AFTER.search(noun)


@dataclass(frozen=True)
class PairItem:
    """What the rate check needs of one claim of a sentence."""

    kind: str
    value: float
    unit: str
    metric: str
    segment: str | None
    funding_source: str | None


def rate_pair(items: list[PairItem]) -> tuple[bool, str] | None:
    """Whether the one (people, rupiah) pair of a sentence fits the programme's rate, and why; None when the
    sentence holds no such pair (or more than one, which cannot be paired safely)."""
    people = [i for i in items if i.kind == "count" and i.unit == "persons" and i.metric == "participants"]
    money = [i for i in items if i.kind == "money" and i.metric in ("contributions", "budget")]
    if len(people) != 1 or len(money) != 1:
        return None
    count, amount = people[0], money[0]
    funded = {count.funding_source, amount.funding_source} & RATE_CHECKED_FUNDING
    if not funded and "BPU" not in (count.segment, amount.segment):
        return None  # the programme's rate is the rate of government-paid vulnerable workers only
    yearly = bkbk_rate_check(int(count.value), int(amount.value))
    if yearly is None:
        return None
    shown = {"people": f"{int(count.value):,}".replace(",", "."), "rupiah": format_rupiah(amount.value)}
    if abs(yearly - 1) <= RATE_TOLERANCE:
        return True, RATE_FIT.format(rate=format_rupiah(PROGRAMME_YEARLY_CONTRIBUTION_IDR), **shown)
    if abs(yearly * 12 - 1) <= RATE_TOLERANCE:
        return True, RATE_FIT.format(rate=format_rupiah(PROGRAMME_MONTHLY_CONTRIBUTION_IDR), **shown)
    return False, RATE_MISFIT.format(ratio=f"{yearly:.2f}".replace(".", ","), **shown)


def opening_group(lead: str, segments: tuple[tuple[str, re.Pattern[str]], ...],
                  occupations: re.Pattern[str]) -> str | None:
    """The one group of workers the article's opening sentence speaks of ("pekerja rentan"), if any."""
    for _code, pattern in segments:
        for found in pattern.finditer(lead):
            if found.group().lower() not in EMPLOYERS:  # companies employ the workers; they are not a group of them
                return cue_text(found)
    return cue_text(occupations.search(lead))


def group_reason(*, metric: str, modality: str, scope: str, segment: str | None, funding_source: str | None,
                 occupation: str | None, group: str | None) -> str | None:
    """A level compared by segment whose sentence names none while the article speaks of one group."""
    if group is None or metric not in SEGMENTED_LEVELS or modality != "realised" or scope != "aggregate":
        return None
    if segment or funding_source or occupation:
        return None
    return NO_GROUP.format(group=group)
