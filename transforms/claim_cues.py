"""The cue words of a claim: which words decide a figure's metric, modality and scope.

``transforms.claims`` reads a figure's clause and sentence with these rules; every reader returns
the value and the words that decided it (empty when nothing did, which ``transforms.claim_review``
takes as a reason for a person to look). Pure functions of text; no I/O.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from transforms.figures import Figure
from transforms.mentions import HEALTH_INSURANCE

# What a claim counts (a figure's kinds but ``date``) and how far it reaches: one person, or everyone counted.
ClaimKind = Literal["money", "count", "percent"]
Scope = Literal["aggregate", "single"]
CLAIM_KINDS: tuple[ClaimKind, ...] = get_args(ClaimKind)


def claim_kind(figure: Figure) -> ClaimKind:
    """A figure's kind as a claim's; a date claims nothing."""
    for kind in CLAIM_KINDS:
        if figure.kind == kind:
            return kind
    raise ValueError(f"a {figure.kind} figure makes no claim: {figure.text!r}")


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def cue_text(match: re.Match[str] | None) -> str | None:
    """The words of a match, whitespace collapsed (what a reader sees as the cue)."""
    return " ".join(match.group().split()) if match else None


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


# --- modality ----------------------------------------------------------------------------------------

TARGET_STRONG = rx(r"\b(?:menargetkan|ditargetkan|targetnya|target|sasaran|akan|direncanakan|berencana|rencananya|"
                     r"diharapkan|berharap|diproyeksikan|ingin|menginginkan)\b")
PLAN = rx(r"\b(?:menganggarkan|dianggarkan|mengalokasikan|dialokasikan|menyiapkan|disiapkan|mengusulkan|diusulkan|"
            r"dibutuhkan|diperlukan|tahun\s+depan)\b")
# "baru" is "only so far" before a figure or a state ("baru 109.420 orang", "baru terlindungi"); after a
# noun it is "new" ("8.000 pekerja rentan baru", "peserta baru per bulan") and says nothing of modality.
# What someone means to do, or money set aside for later in the year: a plan's words, not a level's.
INTENT = rx(r"\b(?:berupaya|bertujuan|dimaksudkan|diupayakan|diarahkan\s+untuk)\b|\bAPBD[-\s]?P\b|"
            r"\bAPBD\s+Perubahan\b|\banggaran\s+perubahan\b")
REALISED = rx(r"\b(?:saat\s+ini|sekarang|sudah|telah|tercatat|mencatat|realisasi(?:nya)?|sepanjang|"
                r"tahun\s+lalu|kini)\b|"
                r"\bbaru\b(?=\s+(?:sekitar\s+|mencapai\s+|sebanyak\s+|berjumlah\s+|\d|ter\w+|men\w+|di\w+|ada\b|"
                r"sebagian\b|separuh\b))")
CHANGE_VERB = rx(r"\b(?:naik|turun|meningkat|menurun|bertambah|berkurang|tumbuh|melonjak|merosot|anjlok|ditambah)"
                   r"(?:\s+(?:sebesar|sekitar|hingga|sebanyak|lagi))?\s*$")
CHANGE_NOUN = rx(r"\b(?:kenaikan|penambahan|pertambahan|penurunan|peningkatan|pertumbuhan|tambahan)\b")
_TO_LEVEL = rx(r"\b(?:menjadi|jadi|hingga\s+mencapai|ke\s+angka)\b")
_LEVEL_AFTER_CHANGE = rx(r"\b(?:menjadi|jadi|dari)\s+(?:sekitar\s+|sebanyak\s+)?$")
_ENTITLEMENT = rx(r"\b(?:berhak|haknya|paling\s+sedikit|minimal|maksimal|setidaknya|cukup|hanya\s+membayar|"
                   r"mulai\s+dari|ketentuan|dihitung\s+dari)\b|\bhingga\s+$|"
                   r"\b(?:dapat|bisa)\s+(?:mencapai|memperoleh|mendapat(?:kan)?|menerima)\b")
_AVERAGE = rx(r"\brata-rata\b")

# --- metric ------------------------------------------------------------------------------------------

_PER_UNIT_AFTER = rx(r"^\s*(?:per|/|setiap|tiap)\s*(?:orang|peserta|bulan|jiwa|kk|pekerja|kasus|klaim|penerima|"
                      r"keluarga|desa|kelurahan|ahli\s+waris|anak|tahun)\b")
# A rate marker may come before the amount as well as after it ("biaya per kasus sekitar Rp 9,4 juta");
# "per bulan" before a month's name is a date ("per bulan Juni"), not a rate.
_PER_UNIT_BEFORE = rx(r"\b(?:per|setiap|tiap)\s+(?:orang|peserta|desa|kelurahan|kk|pekerja|ahli\s+waris|anak|kasus|"
                       r"klaim|jiwa|penerima|keluarga|kepala\s+keluarga|nelayan|petani)\b"
                       r"[^.,;]{0,30}$|\bper\s+bulan(?!\s+(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
                       r"November|Desember))\b"
                       r"[^.,;]{0,30}$|\bsatu\s+kasus\b[^.,;]{0,30}$")
# "Rp 85 juta dana desa yang diterima tiap desa": the marker after a relative clause.
_PER_UNIT_RELATIVE = rx(r"^[^.,;]{0,40}?\byang\s+(?:diterima|didapat|diperoleh|diberikan|disalurkan|dibayarkan)\s+"
                        r"(?:\w+\s+)?(?:setiap|tiap|per|masing-masing)\s+(?:desa|kelurahan|orang|peserta|keluarga|"
                        r"ahli\s+waris|penerima|kk)\b")
_EACH = rx(r"\bmasing-masing\b[^.,;]{0,30}$|"
           r"\b(?:setiap|tiap)\s+(?:orang\s+)?(?:ahli\s+waris|keluarga|penerima|korban)\s+(?:menerima|memperoleh|"
           r"mendapat(?:kan)?|diberi|dibayar)\b[^.,;]{0,20}$")
_TOTAL = rx(r"\b(?:total|seluruh|jumlah|sebanyak)\b")
MONEY_KEYS = (
    ("other", rx(r"\b(?:tunggakan|menunggak|piutang|proyek|nilai\s+kontrak)\b")),
    ("benefits_paid", rx(r"\b(?:santunan(?:nya)?|manfaat|klaim|beasiswa|pencairan|mencairkan|dicairkan|"
                          r"biaya\s+(?:\w+\s+){0,3}(?:perawatan|pengobatan)(?:nya)?|dirawat|ahli\s+waris)\b")),
    ("contributions", rx(r"\b(?:iuran(?:nya)?|premi)\b")),
    ("budget", rx(r"\b(?:anggaran|APBD|APBDes|pagu|DBH|dana\s+bagi\s+hasil|menghabiskan)\b")),
)
# Money set aside for contributions: the head noun is the budget ("anggaran iuran", "alokasi untuk iuran").
_BUDGET_FOR = rx(r"\b(?:anggaran|alokasi|belanja|pagu)\s+(?:untuk\s+|bagi\s+)?$")
_PAID_CONTRIBUTIONS = rx(r"\b(?:telah|sudah)\s+(?:membayar|membayarkan)\s+iuran|"
                          r"\biuran\s+yang\s+(?:sudah\s+|telah\s+)?dibayarkan")
_CASES = rx(r"\b(?:kasus|klaim|ahli\s+waris(?:nya)?|pencairan|mengalami\s+kecelakaan|menerima\s+(?:santunan|manfaat)|"
             r"meninggal(?:\s+dunia)?)\b|\bkorban\b")
# The people a payment went to: "santunan kepada keluarga 3 pekerja", "JHT Rp 35 miliar bagi 3.150 peserta".
_HEIRS_OF = rx(r"\b(?:keluarga|ahli\s+waris(?:nya)?)\s+(?:dari\s+)?(?:sebanyak\s+)?$")
_PAID_TO = rx(r"\b(?:santunan|klaim|manfaat|pencairan|mencairkan|dicairkan)\b[^.;]{0,80}\b(?:kepada|bagi|untuk)\s+"
              r"(?:sebanyak\s+)?$")
POOL_WORDS = rx(r"\b(?:angkatan\s+kerja|pekerja\s+potensial|berpotensi|potensi|penduduk\s+bekerja|jumlah\s+pekerja|"
                  r"jumlah\s+tenaga\s+kerja|penduduk\s+usia\s+kerja|"
                  r"jumlah\s+penduduk\s+bekerja|total\s+pekerja)\b")
POOL_BEFORE = rx(r"\b(?:ada|terdapat)\s+(?:sekitar\s+|sebanyak\s+|lebih\s+dari\s+)?$|"
                   r"(?<!naik )(?<!turun )(?<!bertambah )(?<!meningkat )(?<!berkurang )\bdari\s+(?:sekitar\s+|"
                   r"total\s+|lebih\s+dari\s+|kurang\s+lebih\s+|lebih\s+kurang\s+|kira-kira\s+|hampir\s+)?$")
COVERED_AFTER = rx(r"\b(?:peserta|terdaftar|didaftarkan|terlindungi|dilindungi|dibayar\w*|iuran\w*|aktif|"
                     r"ditanggung|dibiayai)\b")
# Words that say the people counted are covered (a count's cue for "participants"); none: no cue decided it.
PARTICIPANT_WORDS = rx(r"\b(?:peserta(?:nya)?|kepesertaan|terdaftar|didaftarkan|mendaftarkan|terlindungi|dilindungi|"
                       r"melindungi|perlindungan|ditanggung|menanggung|dibiayai|membiayai|dibayar\w*|membayar\w*|"
                       r"iuran\w*|ikut|tercover|ter-cover|dijamin|menjamin|terjamin|aktif)\b")
# Workers not (yet) covered: "belum memiliki perlindungan", "tidak terdaftar", "tanpa perlindungan".
_NOT_COVERED = rx(r"^[^.;]{0,40}\b(?:belum|tidak|tanpa)\s+(?:(?:memiliki|mendapat|mendapatkan|punya|ikut|menjadi)\s+)?"
                  r"(?:terdaftar|terlindungi|dilindungi|ter-?cover|peserta|tercakup|perlindungan|jaminan\s+sosial|"
                  r"terjamin)|"
                  r"^\s*(?:orang\s+|peserta\s+)?(?:berstatus\s+)?(?:non-?aktif|tidak\s+aktif)\b")
_NOT_COVERED_BEFORE = rx(r"\b(?:belum|tidak|tanpa)\s+(?:(?:memiliki|mendapat|mendapatkan|punya|ikut|menjadi)\s+)?"
                         r"(?:terdaftar|terlindungi|dilindungi|ter-?cover|peserta|tercakup|perlindungan)\b"
                         r"[^.;]{0,40}$")
_CONTRAST = rx(r"\b(?:sementara|sedangkan|namun|tetapi|sisanya|adapun)\b")
_COVERED_RELATIVE = rx(r"^\s*(?:[\w-]+\s+){0,2}?yang\s+(?:sudah\s+|telah\s+)?(?:menjadi\s+peserta|terdaftar|"
                       r"terlindungi|dilindungi|dibiayai|ditanggung|dibayar\w*|didaftarkan|ter-?cover)\b")
_NOT_PARTICIPANTS = rx(r"\bagen\b|\bpenggerak\b")
_SHARE_RATE = rx(r"\bdari\s+(?:upah|gaji|nilai\s+kontrak|alokasi|dana\s+bantuan)\b|\bdi\s+antaranya\s+dipakai\b|"
                  r"\b(?:dipakai|digunakan)\s+(?:untuk|membayar)\b|\bdihitung\s+dari\b")
# A share of money spent ("penyerapan anggaran baru 72 persen") is not a share of workers.
_SHARE_OTHER = rx(r"\bdari\s+(?:(?:total|seluruh|keseluruhan)\s+)?(?:pagu|APBD|anggaran|belanja)\b|"
                  r"\b(?:penyerapan|serapan)\b|\brealisasi\s+anggaran\b")
# A share of a group ("34 persen di antaranya adalah pekerja BPU", "27 persen berasal dari segmen BPU", "nelayan
# menyumbang 38 persen"): what part of the group is of one kind, not a coverage rate.
_SHARE_OF_GROUP_AFTER = rx(r"^\s*(?:(?:di\s+antaranya|dari\s+(?:mereka|jumlah\s+(?:itu|tersebut)|seluruh\s+peserta))"
                           r"\s+)?(?:adalah|merupakan|berasal\s+dari|ialah|tergolong)\b")
_SHARE_OF_GROUP_BEFORE = rx(r"\b(?:menyumbang|menyumbangkan|mendominasi)\s+(?:sekitar\s+|hingga\s+)?$")
# A percentage in a sentence about something else than protection (poverty, the economy).
_OTHER_TOPIC = rx(r"\bkemiskinan\b|\bsektor\s+informal\b|\bpenduduk\b|\binflasi\b|\bpertumbuhan\s+ekonomi\b|"
                   r"\bpengangguran\b")
# Contributions are a few tens of thousands of rupiah per person and month; an iuran amount below this
# is a price per person, whether or not the sentence says "per orang".
RATE_CEILING_IDR = 1_000_000
_COVERAGE_CHANGE = rx(r"\b(?:cakupan(?:nya)?|partisipasi|coverage|cover)\b|\bpoin\b")
_COVERAGE = rx(r"\b(?:cakupan(?:nya)?|coverage|cover|ter-?cover|kepesertaan|terlindungi|dilindungi|terdaftar|"
                r"partisipasi|mencakup|menjangkau|terjamin|karyawannya|pekerjanya)\b")

# People who drew a benefit are its cases ("8.310 peserta yang mencairkan saldo JHT"), and a rise of them
# is a rise of cases.
DREW_BENEFIT = rx(r"\b(?:mencairkan|mengklaim|mengajukan\s+klaim)\b")
# A yearly amount for a group counted in the same clause ("iuran 4.210 orang dengan biaya Rp 848,7 juta per
# tahun") is that group's cost, not a price per person; whether set aside or paid, the words do not say.
GROUP_COUNTED_BEFORE = rx(r"\b\d[\d.,]*\s*(?:ribu\s+)?(?:orang|pekerja|peserta|buruh|petani|nelayan)\b")
# The whole of a trade in a place ("Jumlah buruh sawit di Tebo ... 21 ribu orang"): a pool, not those covered.
POOL_OF_TRADE = rx(r"\bjumlah\s+(?:buruh|petani|nelayan|pedagang|pekebun|pengemudi)\b")

# --- scope --------------------------------------------------------------------------------------------

SINGLE = rx(r"\b(?:seorang|almarhum(?:ah)?|salah\s+seorang|satu\s+di\s+antaranya|keluarga\s+almarhum|istri|suami|"
              r"janda)\b")


def read_metric(figure: Figure, clause: str, before: str, after: str, sentence: str, sentence_before: str,
                text_after: str) -> tuple[str, str]:
    if HEALTH_INSURANCE.search(sentence) and not re.search(r"ketenagakerjaan", clause, re.I):
        return "other", cue_text(HEALTH_INSURANCE.search(sentence)) or ""
    if figure.kind == "money":
        value = float(figure.value) if isinstance(figure.value, int | float) else 0.0
        return _money_metric(value, clause, before, after, sentence, text_after)
    if figure.kind == "percent":
        return _percent_metric(clause, before, sentence, figure)
    return _count_metric(figure, clause, before, text_after, sentence, sentence_before)


def _money_metric(value: float, clause: str, before: str, after: str, sentence: str, text_after: str
                  ) -> tuple[str, str]:
    average = _AVERAGE.search(before)
    if average:  # "rata-rata biaya perawatan Rp 9,4 juta": an amount per case or person, not a total
        return "rate", cue_text(average) or ""
    if _EACH.search(before):
        return "benefits_paid", cue_text(_EACH.search(before)) or ""
    per_after = _PER_UNIT_AFTER.match(text_after) or _PER_UNIT_RELATIVE.match(text_after)
    per_before = _PER_UNIT_BEFORE.search(before)
    budget_words = MONEY_KEYS[3][1].search(clause) or PLAN.search(clause)
    yearly = per_after is not None and per_after.group().strip().lower().endswith("tahun")
    if yearly and GROUP_COUNTED_BEFORE.search(before):
        return "budget", ""  # a group's yearly cost: budget or contributions paid, the words do not say
    if per_after and not (yearly and budget_words):
        return "rate", cue_text(per_after) or ""
    if per_before:
        return "rate", cue_text(per_before) or ""
    plan = PLAN.search(clause)
    if plan and not MONEY_KEYS[1][1].search(clause):
        return "budget", cue_text(plan) or ""
    # The nearest subject word before the figure; else the first after it.
    best: tuple[int, str, str] | None = None
    for metric, pattern in MONEY_KEYS:
        found = _last(pattern, before)
        if found and (best is None or found.start() > best[0]):
            best = (found.start(), metric, cue_text(found) or "")
    if best is None:
        for metric, pattern in MONEY_KEYS:
            found = pattern.search(after) or pattern.search(sentence)
            if found:
                best = (found.start(), metric, cue_text(found) or "")
                break
    if best is None:
        return "other", ""
    if best[1] == "contributions" and _BUDGET_FOR.search(before[:best[0]]):  # "anggaran iuran": a budget
        return "budget", cue_text(_BUDGET_FOR.search(before[:best[0]])) or ""
    if best[1] == "budget" and _PAID_CONTRIBUTIONS.search(sentence):
        return "contributions", cue_text(_PAID_CONTRIBUTIONS.search(sentence)) or ""
    if best[1] != "other" and MONEY_KEYS[0][1].search(before):  # "tunggakan iuran ..." is not iuran paid
        return "other", cue_text(MONEY_KEYS[0][1].search(before)) or ""
    if best[1] == "contributions" and value < RATE_CEILING_IDR and not _TOTAL.search(before):
        return "rate", f"{best[2]} di bawah Rp 1 juta"
    return best[1], best[2]


def _percent_metric(clause: str, before: str, sentence: str, figure: Figure) -> tuple[str, str]:
    around = clause + " " + sentence[sentence.find(figure.text) + len(figure.text):][:60]
    for pattern, metric in ((_SHARE_RATE, "rate"), (_SHARE_OTHER, "other")):
        found = pattern.search(around) or pattern.search(before)
        if found:
            return metric, cue_text(found) or ""
    text_after = sentence[sentence.find(figure.text) + len(figure.text):]
    share = _SHARE_OF_GROUP_AFTER.match(text_after) or _SHARE_OF_GROUP_BEFORE.search(before)
    if share:
        return "other", cue_text(share) or ""
    topic = _OTHER_TOPIC.search(sentence)
    if topic:
        return "other", cue_text(topic) or ""
    change = CHANGE_VERB.search(before) or CHANGE_NOUN.search(before)
    if change and _TO_LEVEL.search(before[change.end():]):
        change = None  # "peningkatan kepesertaan menjadi 60 persen": the level it rises to, not the rise
    if change:
        coverage = _COVERAGE_CHANGE.search(clause) or re.search(r"\bpoin\b", figure.text, re.I)
        if coverage:
            return "coverage_rate", cue_text(coverage) or ""
        drew = DREW_BENEFIT.search(sentence[:sentence.find(figure.text)])
        if drew:
            return "claims_cases", cue_text(drew) or ""
        return "participants", cue_text(change) or ""
    found = _COVERAGE.search(clause) or _COVERAGE.search(sentence)
    if found:
        return "coverage_rate", cue_text(found) or ""
    contribution = re.search(r"\biuran\w*\b", sentence[:sentence.find(figure.text)], re.I)
    if contribution:  # "Iuran Jakon dihitung dari nilai kontrak, misalnya 0,21 persen"
        return "rate", cue_text(contribution) or ""
    # A bare percentage in a story about protection is, as reporters use it, a coverage rate.
    return "coverage_rate", ""


def _count_metric(figure: Figure, clause: str, before: str, text_after: str, sentence: str, sentence_before: str
                  ) -> tuple[str, str]:
    if figure.unit == "cases":
        return "claims_cases", figure.text.split()[-1]
    noun = figure.text[len(figure.text.split()[0]):]
    if _NOT_PARTICIPANTS.search(noun):
        return "other", cue_text(_NOT_PARTICIPANTS.search(noun)) or ""
    if re.search(r"\bklaim\b", noun, re.I):
        return "claims_cases", "klaim"
    if _NOT_COVERED.search(text_after):
        return "other", cue_text(_NOT_COVERED.search(text_after)) or ""
    not_covered = _NOT_COVERED_BEFORE.search(sentence_before)
    if not_covered and not _CONTRAST.search(not_covered.group()) and not COVERED_AFTER.search(text_after[:30]):
        return "other", cue_text(not_covered) or ""
    heirs = _HEIRS_OF.search(before) or _PAID_TO.search(before)
    if heirs:
        return "claims_cases", cue_text(heirs) or ""
    pool = POOL_BEFORE.search(before)
    later = text_after[:60]
    covered = COVERED_AFTER.search(figure.text + " " + later)
    if pool and not re.match(r"\s*(?:orang\s+)?menjadi\b", later, re.I) and not (
            pool.group().strip().lower().startswith(("ada", "terdapat")) and covered):
        return "workforce", cue_text(pool) or ""
    pool_words = POOL_WORDS.search(figure.text) or POOL_WORDS.search(before) or POOL_WORDS.match(text_after.strip())
    pool_before = POOL_WORDS.search(before)
    covered_relative = _COVERED_RELATIVE.match(before[pool_before.end():]) if pool_before else None
    if covered_relative:  # "jumlah pekerja rentan yang dibiayai provinsi ... 140 ribu": the count of those covered
        return "participants", cue_text(covered_relative) or ""
    if pool_words:
        return "workforce", cue_text(pool_words) or ""
    trade = POOL_OF_TRADE.search(before)
    if trade and not PARTICIPANT_WORDS.search(sentence):
        return "workforce", cue_text(trade) or ""
    cases = _CASES.search(clause) or DREW_BENEFIT.search(clause)
    if cases:
        return "claims_cases", cue_text(cases) or ""
    covered_words = PARTICIPANT_WORDS.search(clause)
    if covered_words is None:  # "Peserta aktif kini 49.210 orang, berkurang 3.140 orang": the subject says who
        in_sentence = _last(PARTICIPANT_WORDS, sentence_before)
        if in_sentence and not POOL_WORDS.search(sentence):
            return "participants", f"{cue_text(in_sentence)} (dalam kalimat)"
    return "participants", cue_text(covered_words) or ""


def read_modality(figure: Figure, metric: str, clause: str, before: str, after: str, sentence: str,
                  sentence_before: str) -> tuple[str, str]:
    if _LEVEL_AFTER_CHANGE.search(before) and CHANGE_VERB.search(re.sub(_LEVEL_AFTER_CHANGE, "", before)):
        return "realised", cue_text(_LEVEL_AFTER_CHANGE.search(before)) or ""  # "naik dari X menjadi Y": levels
    target = TARGET_STRONG.search(clause) or PLAN.search(clause) or INTENT.search(clause)
    if target and not (REALISED.search(before) and REALISED.search(before).start() > target.start()  # type: ignore[union-attr]
                       and target.start() < len(before)):
        return "target", cue_text(target) or ""
    change = CHANGE_VERB.search(before) or CHANGE_NOUN.search(before) or CHANGE_NOUN.match(sentence)
    if change and not _LEVEL_AFTER_CHANGE.search(before):
        return "change", cue_text(change) or ""
    if metric == "rate":
        average = _AVERAGE.search(before)
        return ("realised", cue_text(average) or "") if average else ("entitlement", "per")
    entitlement = _ENTITLEMENT.search(before) or _ENTITLEMENT.search(clause)
    if entitlement and figure.kind == "money":
        return "entitlement", cue_text(entitlement) or ""
    realised = REALISED.search(clause)
    if realised:
        return "realised", cue_text(realised) or ""
    # No cue in the clause: a target stated for the whole sentence ("Target 2025: 55 persen atau ...").
    sentence_target = TARGET_STRONG.search(sentence) or INTENT.search(sentence)
    if sentence_target:
        return "target", cue_text(sentence_target) or ""
    return "realised", ""


def read_scope(figure: Figure, metric: str, before: str, sentence_before: str) -> tuple[Scope, str]:
    if figure.kind != "money" or metric != "benefits_paid":
        return "aggregate", ""
    each = _EACH.search(before)
    if each:
        return "single", cue_text(each) or ""
    if _TOTAL.search(before):
        return "aggregate", cue_text(_TOTAL.search(before)) or ""
    if re.search(r"\b\d[\d.,]*\s*(?:orang\s+)?(?:ahli\s+waris|kasus|klaim|peserta|pekerja)\b", sentence_before, re.I):
        return "aggregate", "ada jumlah orang atau kasus di kalimat"
    single = SINGLE.search(sentence_before)
    if single:
        return "single", cue_text(single) or ""
    return "aggregate", ""


def article_coverage_cue(article: str) -> str | None:
    """The coverage word of an article, if it speaks of coverage anywhere: the metric of a bare
    target percentage in it ("Pemkot menargetkan 50 persen pada akhir tahun")."""
    found = _COVERAGE.search(article)
    return f"{cue_text(found)} (di artikel)" if found else None
