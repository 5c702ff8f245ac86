"""Every word a reader of Pantau's outputs meets, in Indonesian: the one glossary.

The HTML report, the Excel workbook, the history pages and the CLI's report tables take every
label from here: funding sources, segments, programmes, batch statuses and datasets, claim
metrics, modalities and verdicts, DQ levels, quarantine reasons, finding kinds, reference
methods, dates and times (WIB). A code that has no entry here never reaches a reader as it is:
:func:`label` falls back to a plain Indonesian phrase, and ``tests/report/test_report_language.py``
fails on any code or English word in the rendered outputs.

Stored free text that was written in English by earlier versions or by the reference files
(methods such as "derived: ...", publishers "..., through the press") is translated by the
phrase tables below; periods ("2024-04..2024-06") and region codes inside stored text
("· <region code> ·") are turned into month names and region names by :func:`readable`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from core.government import current
from transforms.dates import JAKARTA, MONTH_NAMES_ID, Period
from transforms.numbers import format_int
from transforms.programmes import PRESS_FUNDING_SOURCES, PROGRAMMES, SEGMENTS
from transforms.regions import BY_KEMENDAGRI, PROVINCE

# The government's own name as the report says it ("Provinsi Jambi"), and its names (title, budget, payer).
PROVINCE_NAME = current().name
GOVERNMENT = current()
OWN_CODE = PROVINCE.code
# The government's level as a sentence names its payer ("dibayar provinsi", "dibayar kabupaten").
OWN_WORD = {"province": "provinsi", "regency": "kabupaten", "city": "kota"}[current().level]
PROGRAMME_LIST = ", ".join(p.name for p in current().programmes)  # as the first screen lists them
MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")

FUNDING_SOURCES: dict[str, str] = {c.code: c.name for c in PRESS_FUNDING_SOURCES}
SEGMENT_NAMES: dict[str, str] = {c.code: c.name for c in SEGMENTS}
SEGMENT_SHORT: dict[str, str] = {"PU": "PU", "BPU": "BPU", "JAKON": "Jasa Konstruksi", "PMI": "PMI"}
PROGRAMME_NAMES: dict[str, str] = {
    **{c.code: f"{c.code} ({c.name})" for c in PROGRAMMES},
    **{p.code: p.name for p in current().programmes},
    "BPJS_TK": "BPJS Ketenagakerjaan", "PARITRANA": "Paritrana Award",
    "PEKERJA_RENTAN": "Pekerja rentan",
}
BATCH_STATUSES: dict[str, str] = {
    "received": "sedang dimuat", "published": "diterbitkan", "rejected": "ditolak", "failed": "gagal diproses",
    "superseded": "digantikan", "duplicate": "berkas ganda", "crawled": "menunggu dimuat",
    "missing": "tidak ada kiriman",
}
DATASETS: dict[str, str] = {
    "coverage": "Rekap kepesertaan", "roster": "Daftar peserta per nama", "claims": "Klaim JKK/JKM",
    "reference": "Seri penyebut", "published_statistics": "Data terbuka (statistik tahunan)", "news": "Berita",
}
SOURCES: dict[str, str] = {
    "bpjstk-export": "ekspor BPJS Ketenagakerjaan", "http-export": "ekspor BPJS Ketenagakerjaan (HTTP)",
    "ckan": "portal data terbuka (CKAN)", "news": "pemantauan berita", "satu-data-sample": "Satu Data (contoh)",
}
DQ_LEVELS: dict[str, str] = {"row": "baris dikarantina", "batch": "berkas ditolak", "warn": "peringatan"}
METRICS: dict[str, str] = {
    "participants": "peserta aktif", "coverage_rate": "cakupan", "contributions": "iuran",
    "benefits_paid": "manfaat dibayarkan", "claims_cases": "kasus klaim", "budget": "anggaran",
    "workforce": "pekerja (populasi)", "rate": "tarif per satuan", "other": "lainnya",
}
MODALITIES: dict[str, str] = {"realised": "terealisasi", "target": "target/rencana", "change": "perubahan",
                              "entitlement": "hak/ketentuan"}
SCOPES: dict[str, str] = {"aggregate": "jumlah total", "single": "satu kasus"}
VERDICTS: dict[str, str] = {"consistent": "sesuai", "differs": "berbeda", "no_comparable_data": "tak terbandingkan",
                            "implausible": "tidak masuk akal", "target": "target"}
REGION_STATUSES: dict[str, str] = {"reported": "ada data", "missing": "tidak ada dalam data bulan ini",
                                   "no_data_published": "tidak ada data diterbitkan"}
REGION_KINDS: dict[str, str] = {"province": "Provinsi", "regency": "Kabupaten", "city": "Kota"}
CODE_SYSTEMS: dict[str, str] = {"bps": "kode BPS", "kemendagri": "kode Kemendagri"}
FINDING_KINDS: dict[str, str] = {"double_funding": "Pembiayaan ganda"}
CLAIM_CUES: dict[str, str] = {"metric": "ukuran", "modality": "sifat angka", "scope": "satu kasus/total",
                              "segment": "segmen", "funding_source": "sumber dana", "programmes": "program",
                              "branch": "kantor cabang"}
YES_NO = {True: "ya", False: "tidak"}
NO_REGION_NAMED = "tidak menyebut kabupaten/kota"

# Stored English phrases (reference files, earlier notes) and what a reader is told instead.
PHRASES: tuple[tuple[str, str], ...] = (
    (", released through the press", ", disampaikan melalui media"),
    (", announced to the press", ", diumumkan kepada media"),
    (", through the press", ", disampaikan melalui media"),
    ("derived: province figure apportioned by SP2020 population share (BPS, Sensus Penduduk 2020), largest remainder",
     "diturunkan: angka provinsi dibagi menurut proporsi penduduk SP2020 (BPS, Sensus Penduduk 2020), "
     "pembulatan sisa terbesar"),
    ("published rounded to 0,01 juta", "diterbitkan dibulatkan ke 0,01 juta"),
    ("as stated for", "sebagaimana disebut untuk"),
    ("covered", "terlindungi"),
    ("August", "Agustus"),
)
METHODS: dict[str, str] = {"published": "angka terbitan", "derived": "diturunkan"}

# A JUMLAH row that does not add up, as the ingest service explains it (pantau.ingest._explain).
_TOTAL_MISMATCH = re.compile(r"^(?:row (?P<row>\d+), )?(?:year (?P<year>\d+), )?(?:column '(?P<column>[^']+)': )?"
                             r"JUMLAH says (?P<stated>[\d.]+), the rows add up to (?P<computed>[\d.]+)"
                             r"(?: \(check .*\))?$")
TOTAL_MISMATCH = "angka di baris JUMLAH berkas tidak sama dengan jumlah baris di atasnya"


def _total_mismatch(match: re.Match[str]) -> str:
    where = [f"baris {match['row']}" if match["row"] else None, f"tahun {match['year']}" if match["year"] else None,
             f"kolom {match['column']}" if match["column"] else None]
    at = ", ".join(w for w in where if w)
    return f"{TOTAL_MISMATCH} ({at + ': ' if at else ''}JUMLAH {match['stated']}, jumlah baris {match['computed']})"


# Quarantine and rejection reasons as the parsers and suites write them, and their Indonesian.
_REASONS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^no export arrived for (?P<x>\d{4}-\d{2}):.*$"),
     lambda m: f"tidak ada berkas ekspor untuk bulan {period_label(m['x'])}: folder kiriman tidak memuat berkas "
               "bulan ini dan sumber jarak jauh tidak mengirim apa pun"),
    (re.compile(r"^unknown region name (?P<x>.+)$"), "nama wilayah {x} tidak dikenal"),
    (re.compile(r"^unknown region code (?P<x>.+)$"), "kode wilayah {x} tidak dikenal"),
    (re.compile(r"^unknown region (?P<x>.+)$"), "wilayah {x} tidak dikenal"),
    (re.compile(r"^the region is blank$"), "wilayah kosong"),
    (re.compile(r"^a province row inside the table.*$"), "baris provinsi di dalam tabel kabupaten/kota"),
    (re.compile(r"^unknown funding source (?P<x>.+)$"), "sumber dana {x} tidak dikenal"),
    (re.compile(r"^unknown segment (?P<x>.+)$"), "segmen {x} tidak dikenal"),
    (re.compile(r"^unknown programme (?P<x>.+)$"), "program {x} tidak dikenal"),
    (re.compile(r"^(?P<x>'.*') is not a whole number of people$"), "{x} bukan jumlah orang yang bulat"),
    (re.compile(r"^(?P<x>'.*') is not a (?:whole )?number.*$"), "{x} bukan angka"),
    (re.compile(r"^negative value (?P<x>.+)$"), "nilai negatif {x}"),
    (re.compile(r"^NIK invalid: has (?P<n>\d+) digits, not 16$"), "NIK tidak sah: {n} digit, bukan 16"),
    (re.compile(r"^NIK invalid: birth date (?P<x>\S+) is not a real date$"),
     "NIK tidak sah: tanggal lahir {x} tidak ada di kalender"),
    (re.compile(r"^NIK invalid: .*province.*$"), "NIK tidak sah: kode provinsi tidak ada"),
    (re.compile(r"^NIK invalid.*$"), "NIK tidak sah"),
    (re.compile(r"^.*\bcolumn pair values to be equal\b.*$"),
     "angka di baris JUMLAH berkas tidak sama dengan jumlah baris di atasnya"),
    (re.compile(r"^.*\b(?:compound columns|column values) to be unique\b.*$"), "ada baris ganda"),
    (re.compile(r"^.*\btable columns to match set\b.*$"), "kolom berkas tidak sesuai dengan yang diharapkan"),
    (re.compile(r"^.*\btable row count to be between\b.*$"), "jumlah baris berkas di luar batas yang wajar"),
    (re.compile(r"^.*\bbetween\b.*$"), "nilai di luar batas yang wajar"),
    (re.compile(r"^.*\bnot be null\b.*$"), "nilai wajib kosong"),
    (re.compile(r"^.*\bin set\b.*$"), "kode di luar daftar yang dikenal"),
)
_RANGE = re.compile(r"\b(\d{4})-(\d{2})\s*(?:\.\.|→|–)\s*(\d{4})-(\d{2})\b")
_MONTH = re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])\b")
# The codes of the government's regions under it (never its own: "15" alone is too common a number).
_REGION_CODE = re.compile(r"(?<![\d.])(?:" + "|".join(
    re.escape(code) for code in sorted(BY_KEMENDAGRI, key=len, reverse=True) if code != PROVINCE.code) + r")(?![\d.])")
_CODES = ("APBD_PROV", "APBD_KAB", "APBDES", "MANDIRI", "DBH_SAWIT", "BPJS_TK", "PEKERJA_RENTAN",
          *(p.code for p in current().programmes), "PARITRANA", "JAKON")
_CODE = re.compile(r"\b(" + "|".join(_CODES) + r")\b")
_WAREHOUSE = ((re.compile(r"\bnilai gudang\b"), "angka data ekspor"),
              (re.compile(r"\bdi gudang\b"), "dalam data ekspor"),
              (re.compile(r"\bgudang\b"), "data ekspor"), (re.compile(r"\bGudang\b"), "Data ekspor"))


def label(table: dict[str, str], code: str | None, *, empty: str = "–") -> str:
    """The Indonesian label of ``code`` in ``table``; an unknown code is spelled out, never shown raw."""
    if code is None or code == "":
        return empty
    if code in table:
        return table[code]
    return code.replace("_", " ").lower() if code.isupper() else code


def funding_source(code: str | None) -> str:
    return label(FUNDING_SOURCES, code)


# A funding source as the first screen names it: the province's own budget by its programmes.
BUDGET_NAMES: dict[str, str] = {f.code: f.budget_name or f.name for f in current().funding_sources}
# A batch's data-quality state: the one vocabulary of every page, sheet and section that shows it.
QUALITY_STATES: dict[str, str] = {"passed": "lulus", "warned": "lulus dengan peringatan", "failed": "gagal",
                                  "unchecked": "tidak diperiksa"}
# What each check looks at, as a reader would say it.
EXPECTATIONS: dict[str, str] = {
    "expect_table_row_count_to_be_between": "jumlah baris dalam batas",
    "expect_table_columns_to_match_set": "kolom berkas sesuai yang diharapkan",
    "expect_compound_columns_to_be_unique": "tidak ada baris ganda",
    "expect_column_values_to_be_in_set": "nilai termasuk daftar yang sah",
    "expect_column_values_to_not_be_null": "tidak ada sel kosong",
    "expect_column_values_to_be_between": "nilai dalam batas wajar",
    "expect_column_pair_values_to_be_equal": "dua angka yang harus sama memang sama",
    "expect_column_pair_values_a_to_be_greater_than_b": "angka pertama tidak lebih kecil dari angka kedua",
    "expect_column_values_to_match_regex": "bentuk nilai sesuai pola",
    "expect_column_values_to_be_unique": "nilai tidak berulang",
    "expect_column_value_lengths_to_be_between": "panjang nilai sesuai",
}

# The warehouse columns a check looks at, as a reader would name them.
CHECKED_COLUMNS: dict[str, str] = {
    "period_key": "bulan", "region_code": "kode wilayah", "segment_code": "segmen",
    "funding_source_code": "sumber dana",
    "programme_set": "paket program", "active_participants": "peserta aktif", "new_participants": "peserta baru",
    "contributions_idr": "iuran", "contribution_per_participant": "iuran per peserta",
    "person_pseudonym": "nama samaran peserta", "cases": "kasus klaim", "benefits_paid_idr": "manfaat dibayarkan",
    "change_ratio": "perubahan dari bulan sebelumnya", "year": "tahun", "value": "nilai", "url": "alamat artikel",
    "title": "judul", "text": "isi", "published_age_hours": "umur artikel (jam)", "key": "kata kunci",
    "kind": "jenis", "sentence": "kalimat", "plausible": "masuk akal", "metric": "ukuran", "modality": "sifat angka",
    "scope": "cakupan angka", "benefit_per_case": "manfaat per kasus", "scale_low": "batas bawah manfaat",
    "scale_high": "batas atas manfaat", "coverage_ratio": "cakupan terhadap pekerja potensial",
    "change_factor": "kelipatan perubahan dari bulan sebelumnya",
}


def quality_state(checked: bool, failed: int, warnings: int) -> str:
    """passed | warned | failed | unchecked, from a batch's stored validation results."""
    if not checked:
        return "unchecked"
    if failed:
        return "failed"
    return "warned" if warnings else "passed"


# The state of an audit finding across months.
FINDING_STATES: dict[str, str] = {"new": "baru", "recurring": "berulang", "resolved": "selesai"}


DERIVED_MARK = "*penyebut diturunkan"  # the notes under each chart and table say how


def derived_title(title: str, derived: bool) -> str:
    """A chart's or ranking's title, saying so when it rests on an apportioned (derived) denominator."""
    return f"{title}, {DERIVED_MARK}" if derived else title


def budget_name(code: str | None) -> str:
    return BUDGET_NAMES.get(code or "") or funding_source(code)


def programme(code: str | None) -> str:
    return label(PROGRAMME_NAMES, code)


def programme_set(codes: str | None) -> str:
    """'JKK+JKM' stays as the package readers know ('JKK + JKM')."""
    return " + ".join(p for p in (codes or "").split("+") if p) or "–"


def segment(code: str | None) -> str:
    return label(SEGMENT_NAMES, code)


def region_name(code: str | None, *, none: str = NO_REGION_NAMED) -> str:
    if not code:
        return none
    if code == PROVINCE.code:
        return PROVINCE_NAME
    region = BY_KEMENDAGRI.get(code)
    return region.name if region else code


def period_label(value: str | Period | None) -> str:
    """'2024-06' → 'Juni 2024'; a year stays a year."""
    if value is None or value == "":
        return "–"
    if isinstance(value, Period):
        return value.label_id()
    return readable(str(value))


def months_label(first: Period, last: Period) -> str:
    """'April–Juni 2024' or 'Desember 2023–Juni 2024'."""
    if first == last:
        return first.label_id()
    if first.year == last.year:
        return f"{MONTH_NAMES_ID[first.month - 1]}–{last.label_id()}"
    return f"{first.label_id()}–{last.label_id()}"


def months_span(first: str | None, last: str | None) -> str:
    """months_label of two months written "2024-04" (either may be missing)."""
    if not first or not last:
        return period_label(first or last)
    return months_label(Period.parse(first), Period.parse(last))


def method(text: str | None) -> str:
    if not text:
        return "–"
    return METHODS.get(text, translate(text))


def translate(text: str | None) -> str:
    """Stored English phrases (reference files, earlier versions) in Indonesian."""
    if not text:
        return ""
    for english, indonesian in PHRASES:
        text = text.replace(english, indonesian)
    return text


def readable(text: str | None) -> str:
    """Stored text made readable: periods as month names, region codes as names, codes as labels."""
    if not text:
        return ""

    def month_range(match: re.Match[str]) -> str:
        return months_label(Period(int(match[1]), int(match[2])), Period(int(match[3]), int(match[4])))

    text = _RANGE.sub(month_range, text)
    text = _MONTH.sub(lambda m: Period(int(m[1]), int(m[2])).label_id(), text)
    text = _REGION_CODE.sub(lambda m: region_name(m[0]), text)
    text = _CODE.sub(lambda m: FUNDING_SOURCES.get(m[1]) or PROGRAMME_NAMES.get(m[1]) or SEGMENT_NAMES.get(m[1], m[1]),
                     text)
    for pattern, replacement in _WAREHOUSE:
        text = pattern.sub(replacement, text)
    return translate(text)


def quarantine_reason(reason: str | None) -> str:
    """Why a row was quarantined or a file refused, in Indonesian (each of several reasons, joined by '; ')."""
    if not reason:
        return "–"
    checks = "data-quality checks failed: "
    if checks in reason:  # "<file>: data-quality checks failed: ..." (the file is named beside it)
        return "tidak lolos pemeriksaan mutu data: " + quarantine_reason(reason.split(checks, 1)[1])
    said = []
    for part in (p.strip() for p in reason.split(";") if p.strip()):
        total = _TOTAL_MISMATCH.match(part)
        if total:
            said.append(_total_mismatch(total))
            continue
        for pattern, template in _REASONS:
            match = pattern.match(part)
            if match:
                said.append(template(match) if callable(template) else template.format(**match.groupdict()))
                break
        else:
            said.append("tidak lolos pemeriksaan mutu data (rinciannya di Data Docs)")
    return "; ".join(dict.fromkeys(said))


def cues(found: dict[str, str]) -> str | None:
    """The words that decided how a sentence was read: 'ukuran: kata “iuran”; sifat angka: kata “menjadi”'."""
    shown = [f"{CLAIM_CUES[key]}: kata “{found[key]}”" for key in CLAIM_CUES if found.get(key)]
    return "; ".join(shown) or None


def dimensions(parts: dict[str, str | None]) -> str | None:
    """What a press sentence states beyond region and period, as labels."""
    shown = [label(SEGMENT_SHORT, parts.get("segment")) if parts.get("segment") else None,
             funding_source(parts.get("funding_source")) if parts.get("funding_source") else None,
             programme_set(parts.get("programmes")) if parts.get("programmes") else None,
             parts.get("occupation"),
             f"wilayah kerja kantor cabang {parts['branch']}" if parts.get("branch") else None]
    return " · ".join(s for s in shown if s) or None


def when(moment: datetime | None) -> str:
    """'1 Desember 2026 13.33 WIB' (times are stored in UTC; readers are in western Indonesia)."""
    if moment is None:
        return "–"
    local = moment.astimezone(JAKARTA) if moment.tzinfo else moment.replace(tzinfo=JAKARTA)
    return f"{local.day} {MONTH_NAMES_ID[local.month - 1]} {local.year} {local:%H.%M} WIB"


def day(value: date | datetime | None) -> str:
    """'10 Juni 2024'."""
    if value is None:
        return "–"
    if isinstance(value, datetime) and value.tzinfo:
        value = value.astimezone(JAKARTA)
    return f"{value.day} {MONTH_NAMES_ID[value.month - 1]} {value.year}"


def rupiah_short(amount: int | float | None) -> str:
    """'Rp 81,68 miliar': a headline amount that fits its card (the exact amount goes beside it)."""
    if amount is None:
        return "–"
    for size, unit in ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta")):
        if abs(amount) >= size:
            return f"Rp {amount / size:.2f} {unit}".replace(".", ",")
    return "Rp " + format_int(amount)


def batch_file(dataset: str, file_name: str, received_at: datetime | None) -> str:
    """What a batch's file is called for a reader: a news crawl has no file, it has a time."""
    if dataset == "news":
        return f"perayapan berita {when(received_at)}"
    return file_name
