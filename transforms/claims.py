"""What a figure in the news claims: its metric, modality, scope and dimensions, and why.

A figure (``transforms.figures``) is a number with a unit in a sentence. A claim says what the
reporter meant by it:

- **metric**: participants, coverage_rate, contributions, benefits_paid, claims_cases, workforce
  (the pool of workers, covered or not), budget, rate (an amount per person, month, village...),
  or other;
- **modality**: ``realised`` (it is so, it happened), ``target`` (a target, plan or allocation for
  later: "menargetkan", "akan", "dianggarkan"), ``change`` (a rise or fall, not a level: "naik 8
  persen"), or ``entitlement`` (what a scheme or rule grants or charges: "berhak atas santunan
  Rp 42 juta", "iuran Rp 16.800 per bulan");
- **scope**: ``aggregate`` or ``single`` (one heir, one worker: "ahli waris seorang petani");
- **dimensions** the sentence states: region, period, programmes (JKK, JKM, ...), segment (PU,
  BPU, JAKON, PMI) and funding source (APBD_PROV, APBD_KAB, APBDES, MANDIRI, DBH_SAWIT).

Every field keeps the words that decided it (``cues``, in the article's language), so a reader of
the report sees why.
Cues are read in the figure's clause first (the stretch of its sentence between commas and
conjunctions such as "sedangkan", "namun", "sisanya"), then in the sentence: "Saat ini cakupan
41 persen, akan kita naikkan menjadi 65 persen" holds a realised level and a target.

Pure functions of text; no I/O. Reconciliation rules (what a claim is compared with) live in
``reports/reconcile.py``; this module only says what each figure means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import get_args

from transforms.claim_cues import (
    SINGLE,
    ClaimKind,
    Scope,
    article_coverage_cue,
    claim_kind,
    cue_text,
    read_metric,
    read_modality,
    read_scope,
    rx,
)
from transforms.claim_review import NO_METRIC_CUE, PairItem, clause_reasons, group_reason, opening_group, rate_pair
from transforms.figures import Figure, extract_figures
from transforms.mentions import split_sentences
from transforms.programmes import funding_press_words, programme_names_pattern
from transforms.regions import HOME_PROVINCE_NAME

METRICS = ("participants", "coverage_rate", "contributions", "benefits_paid", "claims_cases", "workforce", "budget",
           "rate", "other")
MODALITIES = ("realised", "target", "change", "entitlement")
SCOPES: tuple[Scope, ...] = get_args(Scope)


@dataclass(frozen=True)
class Claim:
    """One figure as the press meant it."""

    kind: ClaimKind
    value: float
    unit: str
    text: str
    start: int
    end: int
    sentence: str
    metric: str
    modality: str
    scope: Scope
    region_code: str | None  # None: the province as a whole (or no region stated)
    period: str | None  # "YYYY" or "YYYY-MM"; for a target, by when
    programmes: tuple[str, ...] = ()  # JKK, JKM, JHT, JP, JKP; empty for BPJS TK as a whole
    segment: str | None = None
    funding_source: str | None = None
    occupation: str | None = None  # a group narrower than the segment ("nelayan"), if the figure counts one
    branch: str | None = None  # a BPJS TK branch office whose work area the figure counts (not a regency)
    actor: str | None = None  # who said or set it (for targets: who announced)
    plausible: bool = True
    plausibility_reason: str | None = None
    cues: dict[str, str] = field(default_factory=dict)
    # Whether the words settle the claim (transforms.claim_review); only decided claims get verdicts.
    needs_review: bool = False
    review_reasons: tuple[str, ...] = ()


# --- clauses ---------------------------------------------------------------------------------------

_CLAUSE_BREAK = rx(r",\s+|;\s+|\s+(?=(?:sedangkan|sementara|namun|tetapi|lalu|sisanya|sehingga|yang\s+sudah)\b)")


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Offsets (within ``sentence``) of the clause holding the figure at [start, end)."""
    left, right = 0, len(sentence)
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.end() <= start:
            left = match.end()
        elif match.start() >= end:
            right = match.start()
            break
    return left, right



# --- dimensions ----------------------------------------------------------------------------------------

_PROGRAMMES = (
    ("JKK+JKM", rx(r"\bjaminan\s+kecelakaan\s+kerja\s+(?:dan|serta|&)\s+(?:jaminan\s+)?kematian\b|"
                    r"\bkecelakaan\s+kerja\s+dan\s+kematian\b|\bJKK[-\s]*(?:dan|&|\+|/|-)\s*JKM\b")),
    ("JKK", rx(r"\bJKK\b|\bkecelakaan\s+kerja\b")),
    ("JKM", rx(r"\bJKM\b|\bjaminan\s+kematian\b|\bsantunan\s+kematian\b|\bklaim\s+kematian\b")),
    ("JHT", rx(r"\bJHT\b|\bjaminan\s+hari\s+tua\b")),
    ("JP", rx(r"\bjaminan\s+pensiun\b")),
    ("JKP", rx(r"\bJKP\b|\bjaminan\s+kehilangan\s+pekerjaan\b")),
)
_SEGMENTS = (
    ("PMI", rx(r"\bpekerja\s+migran\b|\bPMI\b")),
    ("JAKON", rx(r"\bjasa\s+konstruksi\b|\bJakon\b|\bpekerja\s+(?:proyek|konstruksi)\b")),
    ("BPU", rx(r"\bbukan\s+penerima\s+upah\b|\bBPU\b|\bpekerja\s+rentan\b|\binformal\b|\bmiskin\s+ekstrem\b|\bMME\b|"
                + programme_names_pattern())),
    ("PU", rx(r"\bpenerima\s+upah\b|\bPPU\b|\bkaryawan\b|\bpegawai\b|\bnon-?ASN\b|\bperusahaan\b")),
)
# Occupations reporters count by: each is inside the BPU segment, narrower than it.
_OCCUPATIONS = rx(r"\b(?:nelayan|petani(?:\s+\w+)?|pekebun|buruh(?:\s+(?:sawit|kebun|harian))?|pedagang|"
                   r"pengemudi(?:\s+ojek(?:\s+daring)?)?|ojek|guru\s+ngaji|marbot|ketua\s+RT|tukang)\b")
_FUNDING = (
    ("DBH_SAWIT", rx(r"\bDBH\s+Sawit\b|\bdana\s+bagi\s+hasil\s+(?:\(DBH\)\s+)?sawit\b")),
    # The government's funding sources, with the press words its configuration gives them.
    *((code, rx(words)) for code, words in funding_press_words(("APBDES", "APBD_KAB", "APBD_PROV", "MANDIRI"))),
)
_PAYS = rx(r"\b(?:iuran(?:nya)?|dibayar\w*|membayar\w*|ditanggung|menanggung|dibiayai|membiayai|menganggarkan|"
            r"anggaran|APBD|mendaftarkan|didaftarkan)\b")
_REGENCY_ACTOR = rx(r"\b(?:Pemkab|Pemkot|Pemerintah\s+(?:Kabupaten|Kota)|Bupati|Wali\s*Kota|Walikota)\b")
_PROVINCE_ACTOR = rx(r"\b(?:Pemprov|Pemerintah\s+Provinsi|Gubernur|pemerintah\s+provinsi)\b|"
                     r"\b(?:Dinas|Disnakertrans)(?:\s+[A-Z]\w*){0,4}\s+Provinsi\b")
# Branch offices keep their own figures for a work area that is not a regency ("di wilayah kerjanya").
_BRANCH = re.compile(r"\b(?:[Kk]antor\s+)?[Cc]abang(?:\s+Perintis)?\s+(?:BPJS\s+Ketenagakerjaan\s+|BPJAMSOSTEK\s+)?"
                     r"(?P<name>(?:Muara|Muaro|Kuala|Sungai)?\s*[A-Z]\w+)|\bBPJS\s+Ketenagakerjaan\s+[Cc]abang\s+(?P<name2>[A-Z]\w+)")
_BRANCH_DATA = rx(r"\bwilayah\s+kerja(?:nya)?\b|\b(?:mencatat|tercatat|membayarkan|menyalurkan|menyerahkan)\b")
# Case matters here: names are capitalised ("Pemkab Merangin"), the words after them are not.
_HOME = r"\s+".join(re.escape(word) for word in HOME_PROVINCE_NAME.split())  # the government's province
_ACTOR = re.compile(rf"\b(?:Pemerintah\s+Provinsi\s+{_HOME}|Pemprov\s+{_HOME}|Gubernur\s+{_HOME}|"
                    r"(?:Pemkab|Pemkot|Pemerintah\s+Kabupaten|Pemerintah\s+Kota|Bupati|Wali\s*Kota)(?:\s+[A-Z][\w-]*){1,3}|"
                    rf"BPJS\s+Ketenagakerjaan(?:\s+(?:Cabang|Kantor\s+Cabang)(?:\s+[A-Z][\w-]*){{1,2}}|\s+{_HOME})?|"
                    rf"Disnakertrans(?:\s+Provinsi\s+{_HOME})?|Dinas\s+Tenaga\s+Kerja(?:\s+[A-Z][\w-]*){{0,3}}|"
                    r"Pemprov|Pemkab|Pemkot|Bupati|Wali\s*Kota|Gubernur|DPRD)")


# "pada akhir 2025", "hingga akhir tahun": the end of a year, still to come when the article appeared that year.
_YEAR_END = rx(r"\bakhir\s+(?:tahun\s+)?(?:20\d\d|tahun)\b")
AFTER_PUBLICATION = "dibaca sebagai sudah terjadi, padahal periodenya ({period}) setelah artikel terbit ({published})"
_YEARLY = rx(r"\b(?:setahun|per\s+tahun|selama\s+(?:satu\s+)?tahun|untuk\s+satu\s+tahun|selama\s+setahun)\b")


def classify(figure: Figure, *, lead: str = "", published_at: datetime | None = None, article: str = "") -> Claim:
    """The claim a figure makes (see the module docstring)."""
    at = _place(figure)
    sentence, clause = at.sentence, at.clause
    cues: dict[str, str] = {}
    metric, modality, scope = _meaning(figure, at, published_at, article, cues)
    programmes, programme_cue = _programmes(clause, sentence)
    if programme_cue:
        cues["programmes"] = programme_cue
    segment, occupation = _segment(figure, at, cues)
    funding = _funding(at, metric, cues)
    branch = None
    branch_match = _BRANCH.search(at.sentence_before)
    if branch_match and _BRANCH_DATA.search(sentence) and modality != "target":
        branch = " ".join((branch_match.group("name") or branch_match.group("name2") or "").split())
        cues["branch"] = cue_text(branch_match) or ""
    if figure.region_code:
        cues["region"] = figure.region_code
    if figure.period:
        cues["period"] = figure.period
    actor_match = _ACTOR.search(sentence) or _ACTOR.search(lead)
    reasons = _review_reasons(figure, at, metric, modality, cues, published_at)
    return Claim(kind=claim_kind(figure), value=float(figure.value) if isinstance(figure.value, int | float) else 0.0,
                 unit=figure.unit, text=figure.text, start=figure.start, end=figure.end, sentence=sentence,
                 metric=metric, modality=modality, scope=scope, region_code=figure.region_code, period=figure.period,
                 programmes=programmes, segment=segment, funding_source=funding,
                 occupation=occupation, branch=branch, actor=cue_text(actor_match), plausible=figure.plausible,
                 plausibility_reason=figure.plausibility_reason, cues=cues, needs_review=bool(reasons),
                 review_reasons=tuple(reasons))


@dataclass(frozen=True)
class _Place:
    """Where a figure stands in its sentence: its clause, and the words before and after it in the
    clause and in the sentence."""

    sentence: str
    clause: str
    before: str  # in the clause
    after: str  # in the clause
    sentence_before: str
    text_after: str  # in the sentence


def _place(figure: Figure) -> _Place:
    sentence = figure.sentence
    local = figure.start - figure.sentence_start
    if sentence[local:local + len(figure.text)] != figure.text:  # a figure built by hand, without offsets
        local = max(sentence.find(figure.text), 0)
    local_end = local + len(figure.text)
    c_start, c_end = _clause(sentence, local, local_end)
    return _Place(sentence=sentence, clause=sentence[c_start:c_end], before=sentence[c_start:local],
                  after=sentence[local_end:c_end], sentence_before=sentence[:local], text_after=sentence[local_end:])


def _meaning(figure: Figure, at: _Place, published_at: datetime | None, article: str,
             cues: dict[str, str]) -> tuple[str, str, Scope]:
    """What the figure measures, how it is asserted and whether it is one case or a total, each with
    the words that decided it put in ``cues``."""
    metric, metric_cue = read_metric(figure, at.clause, at.before, at.after, at.sentence, at.sentence_before,
                                     at.text_after)
    cues["metric"] = metric_cue
    modality, modality_cue = read_modality(figure, metric, at.clause, at.before, at.after, at.sentence,
                                           at.sentence_before)
    yearly = _YEARLY.search(at.clause)
    if (modality == "realised" and yearly and published_at is not None and published_at.month < 12
            and metric in ("contributions", "benefits_paid", "budget")
            and int((figure.period or str(published_at.year))[:4]) >= published_at.year):
        # A year's money for a year not over when the article appeared: what is committed, not what was paid.
        modality, modality_cue = "target", f"{cue_text(yearly)} (tahunnya belum berakhir)"
    cues["modality"] = modality_cue
    if figure.kind == "percent" and metric == "coverage_rate" and not metric_cue and modality == "target":
        cues["metric"] = article_coverage_cue(article) or ""
    # What a scheme grants is no one case's payment, whoever the sentence speaks of.
    scope, scope_cue = read_scope(figure, metric, at.before, at.sentence_before) if modality != "entitlement" else (
        "aggregate", "")
    cues["scope"] = scope_cue
    return metric, modality, scope


def _segment(figure: Figure, at: _Place, cues: dict[str, str]) -> tuple[str | None, str | None]:
    """The workers' segment (PU/BPU) and the occupation the figure counts, if named; an occupation
    alone places it in BPU."""
    segment_match = _first_match(_SEGMENTS, at.clause) or _first_match(_SEGMENTS, at.sentence)
    # The figure's noun may run on past its own words ("620 guru" + "ngaji").
    noun_after = (figure.text[len(figure.text.split()[0]):] + at.text_after).lstrip()
    occupation_match = _OCCUPATIONS.match(noun_after) or _OCCUPATIONS.search(figure.text) or _OCCUPATIONS.match(
        at.text_after.lstrip())
    segment = segment_match[0] if segment_match else None
    if segment_match:
        cues["segment"] = cue_text(segment_match[1]) or ""
    occupation = cue_text(occupation_match)
    if occupation:
        cues["occupation"] = occupation
        if segment is None:
            segment = "BPU"
            cues["segment"] = occupation
    return segment, occupation


def _funding(at: _Place, metric: str, cues: dict[str, str]) -> str | None:
    """Who pays: a funding source named in the clause or sentence, else the government actor that pays
    in the sentence."""
    sentence = at.sentence
    funding_match = _first_match(_FUNDING, at.clause) or _first_match(_FUNDING, sentence)
    funding = funding_match[0] if funding_match else None
    if funding_match:
        cues["funding_source"] = cue_text(funding_match[1]) or ""
    elif _PAYS.search(sentence) and metric in ("participants", "contributions", "budget"):
        # "Pemkab Merangin menganggarkan ... dalam APBD 2024": the payer is whoever pays in the sentence.
        regency = _REGENCY_ACTOR.search(sentence)
        province = _PROVINCE_ACTOR.search(sentence)
        if regency and (not province or regency.start() < province.start()):
            funding, cues["funding_source"] = "APBD_KAB", cue_text(regency) or ""
        elif province:
            funding, cues["funding_source"] = "APBD_PROV", cue_text(province) or ""
    return funding


def _review_reasons(figure: Figure, at: _Place, metric: str, modality: str, cues: dict[str, str],
                    published_at: datetime | None) -> list[str]:
    """Why a reader must look at the claim: its clause's reasons, and a past tense for what is dated
    after the article appeared."""
    reasons = clause_reasons(kind=figure.kind, metric=metric, modality=modality, cues=cues, clause=at.clause,
                             before=at.before, noun=figure.text[len(figure.text.split()[0]):], after=at.after,
                             sentence=at.sentence)
    if modality in ("realised", "change") and figure.period and published_at is not None and (
            int(figure.period[:4]) > published_at.year or (
            int(figure.period[:4]) == published_at.year and _YEAR_END.search(at.sentence)
            and published_at.month < 12)):
        # What is dated after the article appeared has not happened yet: its words do not settle it.
        reasons.append(AFTER_PUBLICATION.format(period=figure.period, published=published_at.date().isoformat()))
    return reasons


def _first_match(table: tuple[tuple[str, re.Pattern[str]], ...], text: str
                 ) -> tuple[str, re.Match[str]] | None:
    for code, pattern in table:
        match = pattern.search(text)
        if match:
            return code, match
    return None


def _programmes(clause: str, sentence: str) -> tuple[tuple[str, ...], str | None]:
    for text in (clause, sentence):
        found: list[str] = []
        cues: list[str] = []
        for code, pattern in _PROGRAMMES:
            match = pattern.search(text)
            if match:
                for part in code.split("+"):
                    if part not in found:
                        found.append(part)
                cues.append(cue_text(match) or "")
                if code == "JKK+JKM":
                    text = pattern.sub(" ", text)
        if found:
            order = ("JKK", "JKM", "JHT", "JP", "JKP")
            return tuple(sorted(found, key=order.index)), "; ".join(cues)
    return (), None


# "-nya" on the counted noun points back too ("pesertanya bertambah", "iurannya").
_REFERS_BACK = rx(r"\b(?:itu|tersebut|mereka|ini|para\s+\w+|program\s+ini)\b|"
                  r"\b(?:peserta|kepesertaan|iuran|anggaran|jumlah|penerima)nya\b")


def claims_from_figures(text: str, figures: list[Figure], published_at: datetime | None = None) -> list[Claim]:
    """Claims of an article's money, count and percent figures (dates are dimensions, not claims).

    A sentence that states no period speaks of the period stated last before it in the article
    ("Hingga Agustus 2024 ... Angka itu naik 8 persen"); one that refers back ("iuran mereka",
    "jumlah itu") and names no segment or funding source keeps those of the sentence before.
    """
    lead_end = text.find("\n")
    lead = text[:lead_end if lead_end > 0 else 300]
    named = _programmes_named(text)
    claims: list[Claim] = []
    last_period: str | None = None
    previous: dict[str, tuple[str | None, str]] = {}
    current_sentence = ""
    stated: dict[str, tuple[str | None, str]] = {}
    for figure in figures:
        if figure.kind == "date":
            continue
        claim = classify(figure, lead=lead, published_at=published_at, article=text)
        if back := metric_from_before(claim, claims):
            claim = replace(claim, **back)  # type: ignore[arg-type]
        if claim.sentence != current_sentence:
            previous, stated, current_sentence = stated or previous, {}, claim.sentence
        changes: dict[str, object] = {}
        cues = dict(claim.cues)
        # A period stated before is the time of a level, not a deadline: a target keeps only its own.
        if claim.period is None and last_period is not None and claim.modality != "target":
            changes["period"] = last_period
            cues["period"] = f"{last_period} (disebut sebelumnya di artikel)"
        refers_back = _REFERS_BACK.search(claim.sentence)
        for name in ("segment", "funding_source"):
            value = getattr(claim, name)
            if value is not None:
                stated[name] = (value, cues.get(name, ""))
            elif refers_back and previous.get(name) and previous[name][0] is not None:
                changes[name] = previous[name][0]
                cues[name] = f"{previous[name][1]} (kalimat sebelumnya; '{cue_text(refers_back)}' merujuk ke sana)"
        if claim.period is not None:
            last_period = claim.period
        if not claim.programmes and claim.metric in ("benefits_paid", "claims_cases"):
            earlier = [(start, found) for start, found in named if start < claim.start]
            if earlier and len({found[0] for _, found in earlier}) == 1 and not (
                    _DEATH.search(claim.sentence) and "JKM" not in earlier[-1][1][0]):
                # A benefit or a claim count of a story that named its one programme before (once, or more).
                changes["programmes"] = earlier[-1][1][0]
                cues["programmes"] = f"{earlier[-1][1][1]} (disebut sebelumnya di artikel)"
        if claim.scope == "aggregate" and claim.kind == "money" and claim.metric == "benefits_paid" \
                and claim.modality == "realised" \
                and not cues.get("scope") and _ONE_PERSON.search(claim.sentence):
            before = text[max(0, claim.start - 400):claim.start]
            single = SINGLE.search(before)
            if single:  # "Seorang buruh ... Biaya perawatannya Rp 61,2 juta": the person the story is about
                changes["scope"] = "single"
                cues["scope"] = f"{cue_text(single)} (kalimat sebelumnya)"
        if changes:
            changes["cues"] = cues
            claim = replace(claim, **changes)  # type: ignore[arg-type]
        claims.append(claim)
    return _reviewed(claims, lead)


# "Jumlah itu", "angka tersebut", "Penurunan sebanyak 2.144 orang itu": the figure is of the kind counted before.
_METRIC_REFERS_BACK = rx(r"\b(?:angka|jumlah|capaian|realisasi|penurunan|kenaikan|penambahan|pertambahan)(?:nya)?\s+"
                         r"(?:itu|tersebut|ini)\b|\b(?:orang|pekerja|peserta)\s+(?:itu|tersebut)\b")


def metric_from_before(claim: Claim, earlier: list[Claim]) -> dict[str, object]:
    """A figure no word typed, in a sentence that points back ("jumlah itu"): the metric of the last figure
    of its kind that words did type (the changes to make; none when nothing settles it)."""
    refers = _METRIC_REFERS_BACK.search(claim.sentence)
    if claim.cues.get("metric") or refers is None:
        return {}
    typed = next((c for c in reversed(earlier) if c.kind == claim.kind and c.cues.get("metric")
                  and c.sentence != claim.sentence), None)
    if typed is None:
        return {}
    reasons = tuple(r for r in claim.review_reasons if not r.startswith(NO_METRIC_CUE.split("(")[0]))
    pointer = f"(kalimat sebelumnya; '{cue_text(refers)}' merujuk ke sana)"
    cues = {**claim.cues, "metric": f"{typed.cues['metric']} {pointer}"}
    return {"metric": typed.metric, "cues": cues, "review_reasons": reasons, "needs_review": bool(reasons)}


# A death: a programme named before for accidents or savings is not this payment's.
_DEATH = rx(r"\bmeninggal\b|\bkematian\b|\bahli\s+waris")
# A sentence about one person: "ia", "dia", "almarhum", or the benefit as theirs ("biaya perawatannya").
_ONE_PERSON = rx(r"\b(?:ia|dia|beliau|almarhum(?:ah)?)\b|\b(?:perawatan|pengobatan|operasi|santunan|biaya)nya\b")


def _programmes_named(text: str) -> list[tuple[int, tuple[tuple[str, ...], str | None]]]:
    """Where each sentence naming a programme starts, and the programmes it names (with the words)."""
    found = []
    for sentence in split_sentences(text):
        programmes, cue = _programmes(sentence.text, sentence.text)
        if programmes:
            found.append((sentence.start, (programmes, cue)))
    return found


def _reviewed(claims: list[Claim], lead: str) -> list[Claim]:
    """The article-level reasons for review: a level without the group the article speaks of, and a
    (people, rupiah) pair of one sentence checked against the programme's rate."""
    group = opening_group(lead, _SEGMENTS, _OCCUPATIONS)
    by_sentence: dict[str, list[int]] = {}
    for index, claim in enumerate(claims):
        by_sentence.setdefault(claim.sentence, []).append(index)
    pair: dict[int, tuple[bool, str]] = {}
    for indexes in by_sentence.values():
        items = [PairItem(kind=claims[i].kind, value=claims[i].value, unit=claims[i].unit, metric=claims[i].metric,
                          segment=claims[i].segment, funding_source=claims[i].funding_source) for i in indexes]
        checked = rate_pair(items)
        if checked is not None:
            for i in indexes:
                if (claims[i].kind == "money" and claims[i].metric in ("contributions", "budget")) or (
                        claims[i].kind == "count" and claims[i].metric == "participants"):
                    pair[i] = checked
    out = []
    for index, claim in enumerate(claims):
        reasons = list(claim.review_reasons)
        cues = claim.cues
        missing_group = group_reason(metric=claim.metric, modality=claim.modality, scope=claim.scope,
                                     segment=claim.segment, funding_source=claim.funding_source,
                                     occupation=claim.occupation, group=group)
        if missing_group and claim.sentence not in lead:
            reasons.append(missing_group)
        if index in pair:
            fits, why = pair[index]
            if fits:
                cues = {**cues, "rate_check": why}
            else:
                reasons.append(why)
        if reasons != list(claim.review_reasons) or cues is not claim.cues:
            claim = replace(claim, cues=cues, needs_review=bool(reasons), review_reasons=tuple(reasons))
        out.append(claim)
    return out


def extract_claims(text: str, *, published_at: datetime | None = None, budget_idr: int | None = None,
                   population: int | None = None) -> list[Claim]:
    """Figures of ``text`` and what each claims."""
    figures = extract_figures(text, published_at=published_at, budget_idr=budget_idr, population=population)
    return claims_from_figures(text, figures, published_at)
