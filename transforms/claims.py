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

from transforms.figures import Figure, extract_figures
from transforms.mentions import HEALTH_INSURANCE

METRICS = ("participants", "coverage_rate", "contributions", "benefits_paid", "claims_cases", "workforce", "budget",
           "rate", "other")
MODALITIES = ("realised", "target", "change", "entitlement")
SCOPES = ("aggregate", "single")


@dataclass(frozen=True)
class Claim:
    """One figure as the press meant it."""

    kind: str  # money | count | percent
    value: float
    unit: str
    text: str
    start: int
    end: int
    sentence: str
    metric: str
    modality: str
    scope: str
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


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --- clauses ---------------------------------------------------------------------------------------

_CLAUSE_BREAK = _rx(r",\s+|;\s+|\s+(?=(?:sedangkan|sementara|namun|tetapi|lalu|sisanya|sehingga|yang\s+sudah)\b)")


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


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


# --- modality ----------------------------------------------------------------------------------------

_TARGET_STRONG = _rx(r"\b(?:menargetkan|ditargetkan|targetnya|target|sasaran|akan|direncanakan|berencana|rencananya|"
                     r"diharapkan|berharap|diproyeksikan)\b")
_PLAN = _rx(r"\b(?:menganggarkan|dianggarkan|mengalokasikan|dialokasikan|menyiapkan|disiapkan|mengusulkan|diusulkan|"
            r"dibutuhkan|diperlukan|tahun\s+depan)\b")
_REALISED = _rx(r"\b(?:saat\s+ini|sekarang|sudah|telah|baru|tercatat|mencatat|realisasi(?:nya)?|sepanjang|"
                r"tahun\s+lalu|kini)\b")
_CHANGE_VERB = _rx(r"\b(?:naik|turun|meningkat|menurun|bertambah|berkurang|tumbuh|melonjak|merosot|anjlok|ditambah)"
                   r"(?:\s+(?:sebesar|sekitar|hingga|sebanyak|lagi))?\s*$")
_CHANGE_NOUN = _rx(r"\b(?:kenaikan|penambahan|pertambahan|penurunan|peningkatan|pertumbuhan|tambahan)\b")
_LEVEL_AFTER_CHANGE = _rx(r"\b(?:menjadi|jadi|dari)\s+(?:sekitar\s+|sebanyak\s+)?$")
_ENTITLEMENT = _rx(r"\b(?:berhak|haknya|paling\s+sedikit|minimal|maksimal|setidaknya|cukup|hanya\s+membayar|"
                   r"mulai\s+dari|ketentuan|dihitung\s+dari)\b|\bhingga\s+$")
_AVERAGE = _rx(r"\brata-rata\b")

# --- metric ------------------------------------------------------------------------------------------

_PER_UNIT_AFTER = _rx(r"^\s*(?:per|/|setiap|tiap)\s*(?:orang|peserta|bulan|jiwa|kk|pekerja|kasus|desa|kelurahan|"
                      r"ahli\s+waris|anak|tahun)\b")
_PER_UNIT_BEFORE = _rx(r"\b(?:per|setiap|tiap)\s+(?:orang|peserta|desa|kelurahan|kk|pekerja|ahli\s+waris|anak)\b"
                       r"[^.,;]{0,30}$|\bsatu\s+kasus\b[^.,;]{0,30}$")
_EACH = _rx(r"\bmasing-masing\b[^.,;]{0,30}$")
_TOTAL = _rx(r"\b(?:total|seluruh|jumlah|sebanyak)\b")
_MONEY_KEYS = (
    ("other", _rx(r"\b(?:tunggakan|menunggak|piutang|proyek|nilai\s+kontrak)\b")),
    ("benefits_paid", _rx(r"\b(?:santunan(?:nya)?|manfaat|klaim|beasiswa|pencairan|biaya\s+perawatan|"
                          r"biaya\s+pengobatan|dirawat)\b")),
    ("contributions", _rx(r"\b(?:iuran(?:nya)?|premi)\b")),
    ("budget", _rx(r"\b(?:anggaran|APBD|APBDes|pagu|DBH|dana\s+bagi\s+hasil|menghabiskan)\b")),
)
_PAID_CONTRIBUTIONS = _rx(r"\b(?:telah|sudah)\s+(?:membayar|membayarkan)\s+iuran|"
                          r"\biuran\s+yang\s+(?:sudah\s+|telah\s+)?dibayarkan")
_CASES = _rx(r"\b(?:kasus|klaim|ahli\s+waris|pencairan|mengalami\s+kecelakaan|menerima\s+(?:santunan|manfaat))\b|"
             r"\bkorban\b")
_POOL_WORDS = _rx(r"\b(?:angkatan\s+kerja|pekerja\s+potensial|berpotensi|potensi|penduduk\s+bekerja|jumlah\s+pekerja|"
                  r"jumlah\s+penduduk\s+bekerja|total\s+pekerja)\b")
_POOL_BEFORE = _rx(r"\b(?:ada|terdapat)\s+(?:sekitar\s+|sebanyak\s+|lebih\s+dari\s+)?$|"
                   r"(?<!naik )(?<!turun )(?<!bertambah )(?<!meningkat )(?<!berkurang )\bdari\s+(?:sekitar\s+|"
                   r"total\s+|lebih\s+dari\s+)?$")
_COVERED_AFTER = _rx(r"\b(?:peserta|terdaftar|didaftarkan|terlindungi|dilindungi|dibayar\w*|iuran\w*|aktif|"
                     r"ditanggung|dibiayai)\b")
_NOT_COVERED = _rx(r"^[^.;]{0,40}\bbelum\s+(?:terdaftar|terlindungi|ter-?cover|menjadi\s+peserta|tercakup)")
_NOT_PARTICIPANTS = _rx(r"\bagen\b|\bpenggerak\b")
_SHARE_RATE = _rx(r"\bdari\s+(?:upah|gaji|nilai\s+kontrak|alokasi|dana\s+bantuan)\b|\bdi\s+antaranya\s+dipakai\b|"
                  r"\bdipakai\s+untuk\b|\bdihitung\s+dari\b")
_SHARE_OTHER = _rx(r"\bdari\s+(?:pagu|APBD|anggaran|total\s+anggaran)\b")
# A percentage in a sentence about something else than protection (poverty, the economy).
_OTHER_TOPIC = _rx(r"\bkemiskinan\b|\bsektor\s+informal\b|\bpenduduk\b|\binflasi\b|\bpertumbuhan\s+ekonomi\b|"
                   r"\bpengangguran\b")
# Contributions are a few tens of thousands of rupiah per person and month; an iuran amount below this
# is a price per person, whether or not the sentence says "per orang".
RATE_CEILING_IDR = 1_000_000
_COVERAGE_CHANGE = _rx(r"\b(?:cakupan(?:nya)?|partisipasi|coverage|cover)\b|\bpoin\b")
_COVERAGE = _rx(r"\b(?:cakupan(?:nya)?|coverage|cover|ter-?cover|kepesertaan|terlindungi|dilindungi|terdaftar|"
                r"partisipasi|mencakup|menjangkau|terjamin|karyawannya|pekerjanya)\b")

# --- scope --------------------------------------------------------------------------------------------

_SINGLE = _rx(r"\b(?:seorang|almarhum(?:ah)?|salah\s+seorang|satu\s+di\s+antaranya|keluarga\s+almarhum|istri|suami|"
              r"janda)\b")

# --- dimensions ----------------------------------------------------------------------------------------

_PROGRAMMES = (
    ("JKK+JKM", _rx(r"\bjaminan\s+kecelakaan\s+kerja\s+(?:dan|serta|&)\s+(?:jaminan\s+)?kematian\b|"
                    r"\bkecelakaan\s+kerja\s+dan\s+kematian\b|\bJKK[-\s]*(?:dan|&|\+|/|-)\s*JKM\b")),
    ("JKK", _rx(r"\bJKK\b|\bkecelakaan\s+kerja\b")),
    ("JKM", _rx(r"\bJKM\b|\bjaminan\s+kematian\b|\bsantunan\s+kematian\b|\bklaim\s+kematian\b")),
    ("JHT", _rx(r"\bJHT\b|\bjaminan\s+hari\s+tua\b")),
    ("JP", _rx(r"\bjaminan\s+pensiun\b")),
    ("JKP", _rx(r"\bJKP\b|\bjaminan\s+kehilangan\s+pekerjaan\b")),
)
_SEGMENTS = (
    ("PMI", _rx(r"\bpekerja\s+migran\b|\bPMI\b")),
    ("JAKON", _rx(r"\bjasa\s+konstruksi\b|\bJakon\b|\bpekerja\s+(?:proyek|konstruksi)\b")),
    ("BPU", _rx(r"\bbukan\s+penerima\s+upah\b|\bBPU\b|\bpekerja\s+rentan\b|\binformal\b|\bmiskin\s+ekstrem\b|\bMME\b|"
                r"\bBKBK\b|\bDumisake\b")),
    ("PU", _rx(r"\bpenerima\s+upah\b|\bPPU\b|\bkaryawan\b|\bpegawai\b|\bnon-?ASN\b|\bperusahaan\b")),
)
# Occupations reporters count by: each is inside the BPU segment, narrower than it.
_OCCUPATIONS = _rx(r"\b(?:nelayan|petani(?:\s+\w+)?|pekebun|buruh(?:\s+(?:sawit|kebun|harian))?|pedagang|"
                   r"pengemudi(?:\s+ojek(?:\s+daring)?)?|ojek|guru\s+ngaji|marbot|ketua\s+RT|tukang)\b")
_FUNDING = (
    ("DBH_SAWIT", _rx(r"\bDBH\s+Sawit\b|\bdana\s+bagi\s+hasil\s+(?:\(DBH\)\s+)?sawit\b")),
    ("APBDES", _rx(r"\bAPBDes[a]?\b|\bdana\s+desa\b|\bADD\b")),
    ("APBD_KAB", _rx(r"\bAPBD\s+(?:kabupaten|kab\.?|kota|kab/kota)\b|"
                     r"\bAPBD\s+(?:Kerinci|Merangin|Sarolangun|Batanghari|Muaro\s+Jambi|Tanjab\w*|Bungo|Tebo|"
                     r"Sungai\s+Penuh)\b")),
    ("APBD_PROV", _rx(r"\bAPBD\s+(?:provinsi|prov\.?)\b|\bBKBK\b|\bBantuan\s+Keuangan\s+Bersifat\s+Khusus\b|"
                      r"\bDumisake\b")),
    ("MANDIRI", _rx(r"\bmandiri\b|\bswadana\b|\biuran\s+sendiri\b")),
)
_PAYS = _rx(r"\b(?:iuran(?:nya)?|dibayar\w*|membayar\w*|ditanggung|menanggung|dibiayai|membiayai|menganggarkan|"
            r"anggaran|APBD|mendaftarkan|didaftarkan)\b")
_REGENCY_ACTOR = _rx(r"\b(?:Pemkab|Pemkot|Pemerintah\s+(?:Kabupaten|Kota)|Bupati|Wali\s*Kota|Walikota)\b")
_PROVINCE_ACTOR = _rx(r"\b(?:Pemprov|Pemerintah\s+Provinsi|Gubernur|pemerintah\s+provinsi)\b|"
                     r"\b(?:Dinas|Disnakertrans)(?:\s+[A-Z]\w*){0,4}\s+Provinsi\b")
# Branch offices keep their own figures for a work area that is not a regency ("di wilayah kerjanya").
_BRANCH = re.compile(r"\b(?:[Kk]antor\s+)?[Cc]abang(?:\s+Perintis)?\s+(?:BPJS\s+Ketenagakerjaan\s+|BPJAMSOSTEK\s+)?"
                     r"(?P<name>(?:Muara|Muaro|Kuala|Sungai)?\s*[A-Z]\w+)|\bBPJS\s+Ketenagakerjaan\s+[Cc]abang\s+(?P<name2>[A-Z]\w+)")
_BRANCH_DATA = _rx(r"\bwilayah\s+kerja(?:nya)?\b|\b(?:mencatat|tercatat|membayarkan|menyalurkan|menyerahkan)\b")
# Case matters here: names are capitalised ("Pemkab Merangin"), the words after them are not.
_ACTOR = re.compile(r"\b(?:Pemerintah\s+Provinsi\s+Jambi|Pemprov\s+Jambi|Gubernur\s+Jambi|"
                    r"(?:Pemkab|Pemkot|Pemerintah\s+Kabupaten|Pemerintah\s+Kota|Bupati|Wali\s*Kota)(?:\s+[A-Z][\w-]*){1,3}|"
                    r"BPJS\s+Ketenagakerjaan(?:\s+(?:Cabang|Kantor\s+Cabang)(?:\s+[A-Z][\w-]*){1,2}|\s+Jambi)?|"
                    r"Disnakertrans(?:\s+Provinsi\s+Jambi)?|Dinas\s+Tenaga\s+Kerja(?:\s+[A-Z][\w-]*){0,3}|"
                    r"Pemprov|Pemkab|Pemkot|Bupati|Wali\s*Kota|Gubernur|DPRD)")


def _cue(match: re.Match[str] | None) -> str | None:
    return " ".join(match.group().split()) if match else None


_YEARLY = _rx(r"\b(?:setahun|per\s+tahun|selama\s+(?:satu\s+)?tahun|untuk\s+satu\s+tahun|selama\s+setahun)\b")


def classify(figure: Figure, *, lead: str = "", published_at: datetime | None = None) -> Claim:
    """The claim a figure makes (see the module docstring)."""
    sentence = figure.sentence
    local = figure.start - figure.sentence_start
    if sentence[local:local + len(figure.text)] != figure.text:  # a figure built by hand, without offsets
        local = max(sentence.find(figure.text), 0)
    local_end = local + len(figure.text)
    c_start, c_end = _clause(sentence, local, local_end)
    clause = sentence[c_start:c_end]
    before = sentence[c_start:local]
    sentence_before = sentence[:local]
    after = sentence[local_end:c_end]
    text_after = sentence[local_end:]
    cues: dict[str, str] = {}

    metric, metric_cue = _metric(figure, clause, before, after, sentence, sentence_before, text_after)
    cues["metric"] = metric_cue
    modality, modality_cue = _modality(figure, metric, clause, before, after, sentence, sentence_before)
    yearly = _YEARLY.search(clause)
    if (modality == "realised" and yearly and published_at is not None and published_at.month < 12
            and metric in ("contributions", "benefits_paid", "budget")
            and int((figure.period or str(published_at.year))[:4]) >= published_at.year):
        # A year's money for a year not over when the article appeared: what is committed, not what was paid.
        modality, modality_cue = "target", f"{_cue(yearly)} (tahunnya belum berakhir)"
    cues["modality"] = modality_cue
    scope, scope_cue = _scope(figure, metric, before, sentence_before)
    cues["scope"] = scope_cue

    programmes, programme_cue = _programmes(clause, sentence)
    if programme_cue:
        cues["programmes"] = programme_cue
    segment_match = _first_match(_SEGMENTS, clause) or _first_match(_SEGMENTS, sentence)
    occupation_match = _OCCUPATIONS.search(figure.text) or _OCCUPATIONS.match(text_after.lstrip())
    segment = segment_match[0] if segment_match else None
    if segment_match:
        cues["segment"] = _cue(segment_match[1]) or ""
    occupation = _cue(occupation_match)
    if occupation:
        cues["occupation"] = occupation
        if segment is None:
            segment = "BPU"
            cues["segment"] = occupation
    funding_match = _first_match(_FUNDING, clause) or _first_match(_FUNDING, sentence)
    funding = funding_match[0] if funding_match else None
    if funding_match:
        cues["funding_source"] = _cue(funding_match[1]) or ""
    elif _PAYS.search(sentence) and metric in ("participants", "contributions", "budget"):
        # "Pemkab Merangin menganggarkan ... dalam APBD 2024": the payer is whoever pays in the sentence.
        regency = _REGENCY_ACTOR.search(sentence)
        province = _PROVINCE_ACTOR.search(sentence)
        if regency and (not province or regency.start() < province.start()):
            funding, cues["funding_source"] = "APBD_KAB", _cue(regency) or ""
        elif province:
            funding, cues["funding_source"] = "APBD_PROV", _cue(province) or ""
    branch = None
    branch_match = _BRANCH.search(sentence_before)
    if branch_match and _BRANCH_DATA.search(sentence) and modality != "target":
        branch = " ".join((branch_match.group("name") or branch_match.group("name2") or "").split())
        cues["branch"] = _cue(branch_match) or ""
    if figure.region_code:
        cues["region"] = figure.region_code
    if figure.period:
        cues["period"] = figure.period
    actor_match = _ACTOR.search(sentence) or _ACTOR.search(lead)
    return Claim(kind=figure.kind, value=float(figure.value) if isinstance(figure.value, int | float) else 0.0,
                 unit=figure.unit, text=figure.text, start=figure.start, end=figure.end, sentence=sentence,
                 metric=metric, modality=modality, scope=scope, region_code=figure.region_code, period=figure.period,
                 programmes=programmes, segment=segment, funding_source=funding,
                 occupation=occupation, branch=branch, actor=_cue(actor_match), plausible=figure.plausible,
                 plausibility_reason=figure.plausibility_reason, cues=cues)


def _first_match(table: tuple[tuple[str, re.Pattern[str]], ...], text: str
                 ) -> tuple[str, re.Match[str]] | None:
    for code, pattern in table:
        match = pattern.search(text)
        if match:
            return code, match
    return None


def _metric(figure: Figure, clause: str, before: str, after: str, sentence: str, sentence_before: str,
            text_after: str) -> tuple[str, str]:
    if HEALTH_INSURANCE.search(sentence) and not re.search(r"ketenagakerjaan", clause, re.I):
        return "other", _cue(HEALTH_INSURANCE.search(sentence)) or ""
    if figure.kind == "money":
        value = float(figure.value) if isinstance(figure.value, int | float) else 0.0
        return _money_metric(value, clause, before, after, sentence, text_after)
    if figure.kind == "percent":
        return _percent_metric(clause, before, sentence, figure)
    return _count_metric(figure, clause, before, text_after)


def _money_metric(value: float, clause: str, before: str, after: str, sentence: str, text_after: str
                  ) -> tuple[str, str]:
    if _EACH.search(before):
        return "benefits_paid", _cue(_EACH.search(before)) or ""
    per_after = _PER_UNIT_AFTER.match(text_after)
    per_before = _PER_UNIT_BEFORE.search(before)
    budget_words = _MONEY_KEYS[3][1].search(clause) or _PLAN.search(clause)
    if per_after and not (per_after.group().strip().lower().endswith("tahun") and budget_words):
        return "rate", _cue(per_after) or ""
    if per_before:
        return "rate", _cue(per_before) or ""
    plan = _PLAN.search(clause)
    if plan and not _MONEY_KEYS[1][1].search(clause):
        return "budget", _cue(plan) or ""
    # The nearest subject word before the figure; else the first after it.
    best: tuple[int, str, str] | None = None
    for metric, pattern in _MONEY_KEYS:
        found = _last(pattern, before)
        if found and (best is None or found.start() > best[0]):
            best = (found.start(), metric, _cue(found) or "")
    if best is None:
        for metric, pattern in _MONEY_KEYS:
            found = pattern.search(after) or pattern.search(sentence)
            if found:
                best = (found.start(), metric, _cue(found) or "")
                break
    if best is None:
        return "other", ""
    if best[1] == "budget" and _PAID_CONTRIBUTIONS.search(sentence):
        return "contributions", _cue(_PAID_CONTRIBUTIONS.search(sentence)) or ""
    if best[1] != "other" and _MONEY_KEYS[0][1].search(before):  # "tunggakan iuran ..." is not iuran paid
        return "other", _cue(_MONEY_KEYS[0][1].search(before)) or ""
    if best[1] == "contributions" and value < RATE_CEILING_IDR and not _TOTAL.search(before):
        return "rate", f"{best[2]} di bawah Rp 1 juta"
    return best[1], best[2]


def _percent_metric(clause: str, before: str, sentence: str, figure: Figure) -> tuple[str, str]:
    around = clause + " " + sentence[sentence.find(figure.text) + len(figure.text):][:60]
    for pattern, metric in ((_SHARE_RATE, "rate"), (_SHARE_OTHER, "other")):
        found = pattern.search(around) or pattern.search(before)
        if found:
            return metric, _cue(found) or ""
    topic = _OTHER_TOPIC.search(sentence)
    if topic:
        return "other", _cue(topic) or ""
    change = _CHANGE_VERB.search(before) or _CHANGE_NOUN.search(before)
    if change:
        coverage = _COVERAGE_CHANGE.search(clause) or re.search(r"\bpoin\b", figure.text, re.I)
        if coverage:
            return "coverage_rate", _cue(coverage) or ""
        return "participants", _cue(change) or ""
    found = _COVERAGE.search(clause) or _COVERAGE.search(sentence)
    if found:
        return "coverage_rate", _cue(found) or ""
    contribution = re.search(r"\biuran\w*\b", sentence[:sentence.find(figure.text)], re.I)
    if contribution:  # "Iuran Jakon dihitung dari nilai kontrak, misalnya 0,21 persen"
        return "rate", _cue(contribution) or ""
    # A bare percentage in a story about protection is, as reporters use it, a coverage rate.
    return "coverage_rate", ""


def _count_metric(figure: Figure, clause: str, before: str, text_after: str) -> tuple[str, str]:
    if figure.unit == "cases":
        return "claims_cases", figure.text.split()[-1]
    noun = figure.text[len(figure.text.split()[0]):]
    if _NOT_PARTICIPANTS.search(noun):
        return "other", _cue(_NOT_PARTICIPANTS.search(noun)) or ""
    if re.search(r"\bklaim\b", noun, re.I):
        return "claims_cases", "klaim"
    if _NOT_COVERED.search(text_after):
        return "other", _cue(_NOT_COVERED.search(text_after)) or ""
    pool = _POOL_BEFORE.search(before)
    later = text_after[:60]
    covered = _COVERED_AFTER.search(figure.text + " " + later)
    if pool and not re.match(r"\s*(?:orang\s+)?menjadi\b", later, re.I) and not (
            pool.group().strip().lower().startswith(("ada", "terdapat")) and covered):
        return "workforce", _cue(pool) or ""
    pool_words = _POOL_WORDS.search(figure.text) or _POOL_WORDS.search(before) or _POOL_WORDS.match(text_after.strip())
    if pool_words:
        return "workforce", _cue(pool_words) or ""
    cases = _CASES.search(clause)
    if cases:
        return "claims_cases", _cue(cases) or ""
    return "participants", ""


def _modality(figure: Figure, metric: str, clause: str, before: str, after: str, sentence: str,
              sentence_before: str) -> tuple[str, str]:
    if _LEVEL_AFTER_CHANGE.search(before) and _CHANGE_VERB.search(re.sub(_LEVEL_AFTER_CHANGE, "", before)):
        return "realised", _cue(_LEVEL_AFTER_CHANGE.search(before)) or ""  # "naik dari X menjadi Y": levels
    target = _TARGET_STRONG.search(clause) or _PLAN.search(clause)
    if target and not (_REALISED.search(before) and _REALISED.search(before).start() > target.start()  # type: ignore[union-attr]
                       and target.start() < len(before)):
        return "target", _cue(target) or ""
    change = _CHANGE_VERB.search(before) or _CHANGE_NOUN.search(before) or _CHANGE_NOUN.match(sentence)
    if change and not _LEVEL_AFTER_CHANGE.search(before):
        return "change", _cue(change) or ""
    if metric == "rate":
        average = _AVERAGE.search(before)
        return ("realised", _cue(average) or "") if average else ("entitlement", "per")
    entitlement = _ENTITLEMENT.search(before) or _ENTITLEMENT.search(clause)
    if entitlement and figure.kind == "money":
        return "entitlement", _cue(entitlement) or ""
    realised = _REALISED.search(clause)
    if realised:
        return "realised", _cue(realised) or ""
    # No cue in the clause: a target stated for the whole sentence ("Target 2025: 55 persen atau ...").
    sentence_target = _TARGET_STRONG.search(sentence)
    if sentence_target:
        return "target", _cue(sentence_target) or ""
    return "realised", ""


def _scope(figure: Figure, metric: str, before: str, sentence_before: str) -> tuple[str, str]:
    if figure.kind != "money" or metric != "benefits_paid":
        return "aggregate", ""
    each = _EACH.search(before)
    if each:
        return "single", _cue(each) or ""
    if _TOTAL.search(before):
        return "aggregate", _cue(_TOTAL.search(before)) or ""
    if re.search(r"\b\d[\d.,]*\s*(?:orang\s+)?(?:ahli\s+waris|kasus|klaim|peserta|pekerja)\b", sentence_before, re.I):
        return "aggregate", "ada jumlah orang atau kasus di kalimat"
    single = _SINGLE.search(sentence_before)
    if single:
        return "single", _cue(single) or ""
    return "aggregate", ""


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
                cues.append(_cue(match) or "")
                if code == "JKK+JKM":
                    text = pattern.sub(" ", text)
        if found:
            order = ("JKK", "JKM", "JHT", "JP", "JKP")
            return tuple(sorted(found, key=order.index)), "; ".join(cues)
    return (), None


_REFERS_BACK = _rx(r"\b(?:itu|tersebut|mereka|ini|para\s+\w+|program\s+ini)\b")


def claims_from_figures(text: str, figures: list[Figure], published_at: datetime | None = None) -> list[Claim]:
    """Claims of an article's money, count and percent figures (dates are dimensions, not claims).

    A sentence that states no period speaks of the period stated last before it in the article
    ("Hingga Agustus 2024 ... Angka itu naik 8 persen"); one that refers back ("iuran mereka",
    "jumlah itu") and names no segment or funding source keeps those of the sentence before.
    """
    lead_end = text.find("\n")
    lead = text[:lead_end if lead_end > 0 else 300]
    claims: list[Claim] = []
    last_period: str | None = None
    previous: dict[str, tuple[str | None, str]] = {}
    current_sentence = ""
    stated: dict[str, tuple[str | None, str]] = {}
    for figure in figures:
        if figure.kind == "date":
            continue
        claim = classify(figure, lead=lead, published_at=published_at)
        if claim.sentence != current_sentence:
            previous, stated, current_sentence = stated or previous, {}, claim.sentence
        changes: dict[str, object] = {}
        cues = dict(claim.cues)
        if claim.period is None and last_period is not None:
            changes["period"] = last_period
            cues["period"] = f"{last_period} (disebut sebelumnya di artikel)"
        refers_back = _REFERS_BACK.search(claim.sentence)
        for name in ("segment", "funding_source"):
            value = getattr(claim, name)
            if value is not None:
                stated[name] = (value, cues.get(name, ""))
            elif refers_back and previous.get(name) and previous[name][0] is not None:
                changes[name] = previous[name][0]
                cues[name] = f"{previous[name][1]} (kalimat sebelumnya; '{_cue(refers_back)}' merujuk ke sana)"
        if claim.period is not None:
            last_period = claim.period
        if changes:
            changes["cues"] = cues
            claim = replace(claim, **changes)  # type: ignore[arg-type]
        claims.append(claim)
    return claims


def extract_claims(text: str, *, published_at: datetime | None = None, budget_idr: int = 5_000_000_000_000,
                   population: int = 3_800_000) -> list[Claim]:
    """Figures of ``text`` and what each claims."""
    figures = extract_figures(text, published_at=published_at, budget_idr=budget_idr, population=population)
    return claims_from_figures(text, figures, published_at)
