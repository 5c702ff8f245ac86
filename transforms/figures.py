"""Figures quoted in news text: money, counts of people, percentages and dates.

Each figure keeps its exact span and sentence, for which region and period, and carries a
plausibility verdict; what it measures (its metric) is its claim's (:mod:`transforms.claims`,
joined in :mod:`transforms.quoted`). Implausible figures (money
above the province's annual budget, a percentage above 100, more people than the province
has) are flagged, never dropped or corrected.

Only numbers with a unit a reader would recognise count: "Rp", "rupiah", "persen"/"%", or a
noun for people ("orang", "peserta", "pekerja rentan", ...). Bare numbers, years, phone
numbers, law numbers ("UU No. 27/2022") and times ("09.14 WIB") are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from core.government import current
from transforms.dates import MONTH_PATTERN, month_number
from transforms.mentions import Sentence, find_programme_mentions, find_regions, split_sentences
from transforms.numbers import NumberParseError, NumberStyle, classify, parse_number
from transforms.programmes import PROGRAMME_YEARLY_CONTRIBUTION_IDR
from transforms.regions import PROVINCE


@dataclass
class Figure:
    kind: str  # money | count | percent | date
    value: float | int | str
    unit: str  # IDR | persons | cases | percent | date | month | year
    text: str
    start: int
    end: int
    sentence: str
    region_code: str | None = None
    period: str | None = None
    programme: str | None = None
    plausible: bool = True
    plausibility_reason: str | None = None
    sentence_start: int = 0  # offset of ``sentence`` in the text


_NUM = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_UNIT = r"ribu|rb|juta|jt|miliar|milyar|triliun|trilyun"
_MONEY = re.compile(
    rf"\bRp\.?\s?(?P<num>{_NUM})(?:\s*(?P<unit>{_UNIT}|M|T)\b)?|(?P<num2>{_NUM})\s*(?P<unit2>{_UNIT})?\s+rupiah\b",
    re.IGNORECASE)
_PEOPLE = (r"orang|jiwa|peserta|pekerja(?:\s+rentan)?|tenaga\s+kerja|warga|penerima(?:\s+manfaat)?|ahli\s+waris|"
           r"kepala\s+keluarga|KK|buruh|petani|nelayan|pedagang|anak|masyarakat|nasabah|karyawan|"
           r"pegawai|relawan|perangkat\s+desa|guru|kasus|klaim|angkatan\s+kerja|pengemudi|pekebun|penduduk|korban|"
           r"ketua|agen|marbot|pemanen")
_COUNT = re.compile(
    rf"(?<![\d.,])(?P<num>{_NUM})(?:\s*(?P<unit>ribuan|ribu|rb|juta|jt))?\s+(?:lebih\s+|orang\s+(?=ahli))?"
    rf"(?P<noun>{_PEOPLE})\b",
    re.IGNORECASE)
_PERCENT = re.compile(rf"(?<![\d.,])(?P<num>{_NUM})\s*(?:%|persen\b|poin\b(?:\s+persen(?:tase)?\b)?)",
                      re.IGNORECASE)
# A count whose noun came earlier in the sentence or is left out ("seluruh pekerja ... sekitar 112 ribu",
# "ada 15.000 pekerja rentan, baru ter-cover 3.000 saja"): thousands-grouped or with a spelled unit, not
# followed by a noun of something else than people (villages, hectares, tonnes, years...).
_ELIDED_COUNT = re.compile(
    r"(?<![\d.,/-])(?<!Rp )(?<!Rp)(?<!Rp\. )(?P<num>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?\s*(?P<unit>ribuan|ribu|juta))"
    r"(?![\d.,]?\d)(?!\s*(?:%|persen|rupiah|miliar|triliun|desa|kelurahan|kecamatan|kabupaten|hektare|hektar|ha|ton|"
    r"kg|km|kilometer|meter|liter|unit|proyek|perusahaan|badan\s+usaha|rumah|sekolah|lembar|buah|titik|kendaraan|"
    r"tahun|bulan|minggu|hari|jam|menit|kali|poin|ekor|batang|paket|dokumen|kantor|lokasi)\b)", re.IGNORECASE)
_PEOPLE_IN_SENTENCE = re.compile(rf"\b(?:{_PEOPLE})(?:nya)?\b", re.IGNORECASE)
_DAYS = r"Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad"
_DATE_PAREN = re.compile(rf"\b(?:{_DAYS})\s*\((?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}}|\d{{2}})\)")
_DATE_LONG = re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<mon>{MONTH_PATTERN})\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"(?<!\d\s)\b(?P<mon>{MONTH_PATTERN})\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_YEAR_CONTEXT = re.compile(r"\b(?:tahun|TA|tahun\s+anggaran|pada|sejak|hingga|sampai|akhir|awal|selama|sepanjang|"
                           r"target|APBD|APBDes|Sawit|Award|untuk|dibanding|per)\s+"
                           r"(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(tahun\s+ini|bulan\s+ini|tahun\s+depan|tahun\s+lalu|akhir\s+tahun)\b", re.IGNORECASE)

_PROGRAMME_PRIORITY = (*(p.code for p in current().programmes),
                       "PEKERJA_RENTAN", "JKM", "JKK", "JHT", "JP", "JKP", "PARITRANA", "BPJS_TK")


def _number(text: str, unit: str | None) -> Decimal:
    if unit and unit.lower() == "ribuan":  # "117 ribuan pekerja": about 117 thousand
        unit = "ribu"
    style = classify(text) or NumberStyle.INDONESIAN
    # "7.7 miliar": a single dot before a spelled unit is a decimal mark in headlines.
    if unit and re.fullmatch(r"\d+\.\d{1,2}", text):
        style = NumberStyle.ENGLISH
    value = parse_number(f"{text} {unit}" if unit else text, style)
    return value


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def extract_figures(text: str, *, published_at: datetime | None = None, budget_idr: int | None = None,
                    population: int | None = None) -> list[Figure]:
    budget_idr = budget_idr or current().annual_budget_idr
    population = population or current().population
    found = _Found(text, split_sentences(text))
    _find_money(found)
    _find_percents(found)
    _find_counts(found)
    _find_elided_counts(found)
    _find_dates(found)
    figures = found.figures
    _annotate(text, figures, published_at)
    for figure in figures:
        _judge(figure, budget_idr, population)
    return sorted(figures, key=lambda f: f.start)


@dataclass
class _Found:
    """The figures found in a text so far, each in the sentence that holds it. A figure overlapping
    one found before it is not kept: the patterns are tried from the most specific (money) down."""

    text: str
    sentences: list[Sentence]
    figures: list[Figure] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def sentence_of(self, offset: int) -> tuple[str, int]:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s.text, s.start
        return "", 0

    def add(self, figure: Figure) -> None:
        if any(s < figure.end and figure.start < e for s, e in self.taken):
            return
        figure.sentence_start = self.sentence_of(figure.start)[1]
        self.taken.append((figure.start, figure.end))
        self.figures.append(figure)


def _find_money(found: _Found) -> None:
    for match in _MONEY.finditer(found.text):
        num, unit = match.group("num") or match.group("num2"), match.group("unit") or match.group("unit2")
        if unit and unit.upper() in ("M", "T") and unit not in ("M", "T"):
            unit = None
        try:
            value = _number(num, unit)
        except NumberParseError:
            continue
        sentence, _ = found.sentence_of(match.start())
        found.add(Figure("money", _plain(value), "IDR", match.group().strip(), match.start(), match.end(), sentence))


def _find_percents(found: _Found) -> None:
    for match in _PERCENT.finditer(found.text):
        try:
            value = _number(match.group("num"), None)
        except NumberParseError:
            continue
        sentence, _ = found.sentence_of(match.start())
        found.add(Figure("percent", _plain(value), "percent", match.group(), match.start(), match.end(), sentence))


def _find_counts(found: _Found) -> None:
    """Whole numbers of people or cases, the noun written after them."""
    text = found.text
    for match in _COUNT.finditer(text):
        try:
            value = _number(match.group("num"), match.group("unit"))
        except NumberParseError:
            continue
        if value != value.to_integral_value():
            continue
        sentence, _ = found.sentence_of(match.start())
        span_end = match.start("noun") + len(match.group("noun"))
        unit = "cases" if match.group("noun").lower() == "kasus" else "persons"
        found.add(Figure("count", int(value), unit, text[match.start():span_end], match.start(), span_end,
                         sentence))


def _find_elided_counts(found: _Found) -> None:
    """Numbers of people whose noun is left out, in a sentence about people earlier on."""
    text = found.text
    for match in _ELIDED_COUNT.finditer(text):
        sentence, sentence_start = found.sentence_of(match.start())
        before = text[sentence_start:match.start()]
        if not _PEOPLE_IN_SENTENCE.search(before) or re.search(r"(?:Rp\.?|No\.?|Nomor|Tahun)\s*$", before, re.I):
            continue
        try:
            value = _number(match.group("num").split()[0] if match.group("unit") else match.group("num"),
                            match.group("unit"))
        except NumberParseError:
            continue
        if value != value.to_integral_value() or value < 100:
            continue
        span = match.group("num")
        found.add(Figure("count", int(value), "persons", span, match.start(), match.start() + len(span), sentence))


def _find_dates(found: _Found) -> None:
    """Days written with digits or a month's name, then months of a year."""
    for match in _DATE_PAREN.finditer(found.text):
        year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
        try:
            day = date(year, int(match["m"]), int(match["d"]))
        except ValueError:
            continue
        sentence, _ = found.sentence_of(match.start())
        found.add(Figure("date", day.isoformat(), "date", match.group(), match.start(), match.end(), sentence))
    for match in _DATE_LONG.finditer(found.text):
        try:
            day = date(int(match["y"]), month_number(match["mon"]), int(match["d"]))
        except ValueError:
            continue
        sentence, _ = found.sentence_of(match.start())
        found.add(Figure("date", day.isoformat(), "date", match.group(), match.start(), match.end(), sentence))
    for match in _MONTH_YEAR.finditer(found.text):
        if len(match["mon"]) < 3 or (match["mon"].lower() in ("mar", "mei") and match["mon"][0].islower()):
            continue
        sentence, _ = found.sentence_of(match.start())
        month_value = f"{int(match['y'])}-{month_number(match['mon']):02d}"
        found.add(Figure("date", month_value, "month", match.group(), match.start(), match.end(), sentence))


def _annotate(text: str, figures: list[Figure], published_at: datetime | None) -> None:
    regions = find_regions(text)
    programmes = find_programme_mentions(text)
    # The region a story is about: the regency/city named in its lead (first) sentence.
    first = split_sentences(text)[:1]
    lead_end = first[0].end if first else 0
    lead_region = next((r.code for r in regions if r.start < lead_end and r.code != PROVINCE.code
                        and not r.inside), None)
    for figure in figures:
        if figure.kind == "date":
            continue
        sentence = figure.sentence
        in_sentence = [r for r in regions if r.sentence == sentence and not r.inside]
        specific = [r for r in in_sentence if r.code != PROVINCE.code]
        before = [r for r in specific if r.start < figure.start]
        if before:
            figure.region_code = before[-1].code
        elif specific:
            figure.region_code = specific[0].code
        elif not in_sentence:
            figure.region_code = lead_region
        start = figure.start - figure.sentence_start
        figure.period = _period_in(sentence, published_at, start, start + len(figure.text))
        keys = {m.programme for m in programmes if m.sentence == sentence}
        figure.programme = next((k for k in _PROGRAMME_PRIORITY if k in keys), None)


def _nearest(matches: list[re.Match[str]], start: int, end: int) -> re.Match[str] | None:
    """A period right after the figure ("112 ribu peserta pada 2023") wins; else the nearest one
    before it ("Sejak 2022 ... 76 ribu"); else the nearest after."""
    following = [m for m in matches if 0 <= m.start() - end <= 20]
    if following:
        return following[0]
    before = [m for m in matches if m.end() <= start]
    if before:
        return before[-1]
    return matches[0] if matches else None


def _period_in(sentence: str, published_at: datetime | None, start: int = 0, end: int = 0) -> str | None:
    """The period a figure refers to in its sentence (a month beats a year), else a relative one."""
    month = _nearest([m for m in _MONTH_YEAR.finditer(sentence) if len(m["mon"]) >= 3], start, end)
    if month:
        return f"{int(month['y'])}-{month_number(month['mon']):02d}"
    year = _nearest(list(_YEAR_CONTEXT.finditer(sentence)), start, end)
    if year:
        return year["y"]
    relative = _RELATIVE.search(sentence)
    if relative and published_at is not None:
        said = " ".join(relative.group(1).lower().split())
        if said == "tahun depan":
            return str(published_at.year + 1)
        if said == "tahun lalu":
            return str(published_at.year - 1)
        if said in ("tahun ini", "akhir tahun"):
            return str(published_at.year)
        return f"{published_at.year}-{published_at.month:02d}"
    return None


def _judge(figure: Figure, budget_idr: int, population: int) -> None:
    if figure.kind == "money" and isinstance(figure.value, int | float) and figure.value > budget_idr:
        figure.plausible = False
        figure.plausibility_reason = (f"{figure.text} exceeds the province's annual budget "
                                      f"(about Rp {budget_idr / 1e12:.0f} triliun)")
    elif figure.kind == "percent" and isinstance(figure.value, int | float) and figure.value > 100:
        figure.plausible = False
        figure.plausibility_reason = f"{figure.text} is above 100 percent"
    elif figure.kind == "count" and figure.unit == "persons" and isinstance(figure.value, int | float) \
            and figure.value > population:
        figure.plausible = False
        figure.plausibility_reason = f"{figure.text} is more people than {current().name} has (about {population:,})"


def bkbk_rate_check(people: int, rupiah: int) -> float | None:
    """rupiah / (people × the yearly rate): 1.0 when a (people, rupiah) pair fits the programme's yearly rate."""
    if people <= 0:
        return None
    return rupiah / (people * PROGRAMME_YEARLY_CONTRIBUTION_IDR)
