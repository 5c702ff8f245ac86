"""The report's tables as an Excel workbook (one sheet each, Indonesian labels).

Written through :mod:`reports.spreadsheet`, the one workbook writer: text that would start a
formula is a string with Excel's quote prefix, so neither opening nor editing the workbook ever
evaluates scraped text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reports import glossary
from reports.findings import AuditSection
from reports.html import measure_label
from reports.model import RegionCoverage, ReportData
from reports.reference import ReferenceSection
from reports.reviewed_claims import ReviewItem
from reports.spreadsheet import GuardedWorkbook
from transforms.dates import JAKARTA
from transforms.numbers import round_half_up
from transforms.regions import PROVINCE_CODE

PERCENT_DIGITS = 1  # the precision of every percentage the report shows, in every medium


@dataclass(frozen=True)
class Typed:
    """A cell whose kind differs from its column's (the Ringkasan sheet's rows hold counts, rupiah, %)."""

    value: Any
    kind: str


def _local(moment: datetime) -> datetime:
    """Excel has no time zones: a moment as Jakarta's clock shows it (WIB), as the HTML pages do."""
    return moment.astimezone(JAKARTA).replace(tzinfo=None) if moment.tzinfo else moment


Sheet = Callable[[str, list[tuple[str, int]], list[list[Any]], list[str]], None]


class _SheetWriter:
    """Writes one sheet: a header row, then each cell by its column's kind (or its own, :class:`Typed`)."""

    def __init__(self, workbook: GuardedWorkbook, small_cell_threshold: int) -> None:
        self.workbook = workbook
        self.threshold = small_cell_threshold
        self.header = workbook.add_format({"bold": True, "bg_color": "#EEF2F6", "border": 1, "text_wrap": True})
        self.integer = workbook.add_format({"num_format": "#,##0"})
        self.percent = workbook.add_format({"num_format": "0.0%"})
        self.day = workbook.add_format({"num_format": "dd/mm/yyyy"})
        self.moment = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})

    def __call__(self, name: str, columns: list[tuple[str, int]], rows: list[list[Any]], kinds: list[str]) -> None:
        worksheet = self.workbook.add_worksheet(name)
        for col, (title, width) in enumerate(columns):
            worksheet.write_string(0, col, title, self.header)
            worksheet.set_column(col, col, width)
        worksheet.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                self._write(worksheet, r, c, value, kinds[c])

    def _write(self, worksheet: Any, r: int, c: int, value: Any, kind: str) -> None:
        threshold = self.threshold
        if isinstance(value, Typed):
            value, kind = value.value, value.kind
        if value is None:
            worksheet.write_blank(r, c, None)
        elif kind == "count" and isinstance(value, int) and 0 < value < threshold:
            worksheet.write_string(r, c, f"<{threshold}")
        elif kind in ("int", "count", "auto") and isinstance(value, int | float):
            worksheet.write_number(r, c, value, self.integer)
        elif kind == "pct" and isinstance(value, int | float):
            # The value every other medium shows (rounded once, half up), as a real percentage.
            worksheet.write_number(r, c, float(round_half_up(value, PERCENT_DIGITS) / 100), self.percent)
        elif kind == "date" and isinstance(value, datetime):
            worksheet.write_datetime(r, c, _local(value), self.moment)
        elif kind == "date" and isinstance(value, date):
            worksheet.write_datetime(r, c, datetime(value.year, value.month, value.day), self.day)
        else:
            worksheet.write_string(r, c, str(value))


def render_excel(data: ReportData, out_path: Path) -> Path:
    workbook = GuardedWorkbook(Path(out_path))
    workbook.set_properties({"title": f"Laporan Akuntabilitas {data.period_label}", "created": data.generated_at
                             .replace(tzinfo=None)})
    sheet = _SheetWriter(workbook, data.small_cell_threshold)
    _coverage_sheets(data, sheet)
    _press_sheets(data, sheet)
    if data.audit is not None:
        _audit_sheets(data.audit, sheet)
    _lineage_sheet(data, sheet)
    if data.reference is not None:
        _reference_sheets(data.reference, sheet)
    if data.review:
        _review_sheet(data.review, sheet)
    return workbook.finish()


def _coverage_sheets(data: ReportData, sheet: Sheet) -> None:
    """Ringkasan, Kabupaten-Kota, Tren, Pendanaan, Berita: the month's figures and their history."""
    p = data.province
    sheet("Ringkasan", [("Ukuran", 34), ("Nilai", 22)], [
        ["Periode", data.period_label], ["Dibuat", Typed(data.generated_at, "date")],
        *_money_rows(data),
        ["Peserta aktif", p.active_participants], ["Pekerja potensial", p.workforce],
        ["Cakupan (%)", Typed(p.coverage_pct, "pct")],
        ["Peserta dibiayai APBD (provinsi, kabupaten/kota, desa)", p.apbd_funded_participants],
        ["Iuran (Rp)", p.contributions_idr], ["Klaim JKK/JKM (kasus)", p.claims_cases],
        ["Manfaat dibayarkan (Rp)", p.benefits_paid_idr],
        ["Batch", ", ".join(str(b) for b in data.lineage.get(PROVINCE_CODE, [])) or None]], ["text", "auto"])
    regions = [*data.regions, p]
    sheet("Kabupaten-Kota", [("Kode", 8), ("Kabupaten/Kota", 26), ("Peserta aktif", 14), ("Pekerja potensial", 14),
                             ("Cakupan (%)", 11), ("Peserta APBD", 13), ("Iuran (Rp)", 18), ("Klaim (kasus)", 12),
                             ("Manfaat (Rp)", 18), ("Keadaan data", 22), ("Batch", 14)],
          [[r.region_code, r.region_name if r.kind != "province" else glossary.PROVINCE_NAME,
            _cell(data, r, "active_participants"), r.workforce, r.coverage_pct,
            _cell(data, r, "apbd_funded_participants"), _cell(data, r, "contributions_idr"),
            _cell(data, r, "claims_cases"), _cell(data, r, "benefits_paid_idr"),
            glossary.label(glossary.REGION_STATUSES, r.status),
            ", ".join(str(b) for b in data.lineage.get(r.region_code, [])) or None] for r in regions],
          ["text", "text", "count", "int", "pct", "count", "int", "count", "int", "text", "text"])
    sheet("Tren", [("Bulan", 14), ("Kode wilayah", 12), ("Wilayah", 24), ("Peserta aktif", 14), ("Cakupan (%)", 11),
                   ("Iuran (Rp)", 18)],
          [[glossary.period_label(t.period), t.region_code, glossary.region_name(t.region_code), t.active_participants,
            t.coverage_pct, t.contributions_idr] for t in data.trends],
          ["text", "text", "text", "count", "pct", "int"])
    sheet("Pendanaan", [("Paket program", 22), ("Sumber dana", 22), ("Peserta", 14), ("Iuran (Rp)", 18)],
          [[glossary.programme_set(f.programme_set), f.funding_source_name, f.participants, f.contributions_idr]
           for f in data.funding],
          ["text", "text", "count", "int"])
    sheet("Berita", [("Program", 24), ("Kode wilayah", 12), ("Wilayah", 28), ("Sebutan", 10), ("Artikel", 10)],
          [[glossary.programme(n.programme), n.region_code, n.region_name, n.mentions, n.articles] for n in data.news],
          ["text", "text", "text", "int", "int"])


def _press_sheets(data: ReportData, sheet: Sheet) -> None:
    """Rekonsiliasi and Target: what the press claimed, against the exports."""
    sheet("Rekonsiliasi", [("Status", 18), ("Angka di berita", 20), ("Ukuran", 16), ("Wilayah", 22), ("Periode", 14),
                           ("Nilai berita", 18), ("Menurut data ekspor", 18), ("Selisih (%)", 11), ("Kalimat", 60),
                           ("Judul artikel", 40), ("URL", 50), ("Situs", 18), ("Catatan", 30), ("Sifat angka", 14),
                           ("Dimensi", 24), ("Dibandingkan dengan", 40), ("Kata yang menentukan", 40)],
          [[glossary.label(glossary.VERDICTS, c.status), c.figure_text, glossary.label(glossary.METRICS, c.metric),
            glossary.region_name(c.region_code, none=glossary.PROVINCE_NAME), glossary.period_label(c.period),
            c.claimed_value, c.warehouse_value, c.difference_pct, c.sentence, c.article_title, c.article_url, c.site,
            glossary.readable(c.note) or None, glossary.label(glossary.MODALITIES, c.modality), c.dimensions,
            glossary.readable(c.basis) or None, c.cues] for c in data.claims],
          ["text", "text", "text", "text", "text", "int", "int", "pct", "text", "text", "text", "text", "text", "text",
           "text", "text", "text"])
    sheet("Target", [("Siapa", 24), ("Target", 20), ("Ukuran", 16), ("Dimensi", 24), ("Wilayah", 22),
                     ("Tenggat", 10), ("Nilai target", 18), ("Tercapai", 18), ("Bulan tercapai", 18),
                     ("Kemajuan (%)", 12), ("Dibandingkan dengan", 40), ("Catatan", 30), ("Kalimat", 60),
                     ("Judul artikel", 40), ("URL", 50), ("Situs", 18)],
          [[t.actor, t.figure_text, glossary.label(glossary.METRICS, t.metric), t.dimensions,
            glossary.region_name(t.region_code, none=glossary.PROVINCE_NAME), glossary.period_label(t.period),
            t.target_value, t.realised_value, glossary.period_label(t.realised_period), t.progress_pct,
            glossary.readable(t.basis) or None, glossary.readable(t.note) or None, t.sentence, t.article_title,
            t.article_url, t.site] for t in data.targets],
          ["text", "text", "text", "text", "text", "text", "int", "int", "text", "pct", "text", "text", "text", "text",
           "text", "text"])


def _lineage_sheet(data: ReportData, sheet: Sheet) -> None:
    """Asal Data: every batch behind the report, with its checksum, state and data quality."""
    sheet("Asal Data", [("Batch", 8), ("Data", 26), ("Berkas", 34), ("SHA-256", 66), ("Periode", 14),
                        ("Status", 14), ("Mutu data", 14), ("Dibaca", 9), ("Dimuat", 9),
                        ("Dikarantina", 11), ("Alasan", 40), ("Data Docs", 50)],
          [[b.batch_id, glossary.label(glossary.DATASETS, b.dataset),
            glossary.batch_file(b.dataset, b.file_name, b.received_at), b.sha256,
            glossary.period_label(b.period), glossary.label(glossary.BATCH_STATUSES, b.status),
            glossary.label(glossary.QUALITY_STATES, b.quality), b.rows_read, b.rows_loaded,
            b.rows_quarantined, glossary.quarantine_reason(b.reason) if b.reason else None, b.data_docs_url]
           for b in data.batches],
          ["int", "text", "text", "text", "text", "text", "text", "int", "int", "int", "text", "text"])


def _cell(data: ReportData, region: RegionCoverage, column: str) -> Any:
    """A regency table's value, or the mark disclosure control put in its place (reports.disclosure)."""
    return data.shown(region.region_code, column) or getattr(region, column)


def _money_rows(data: ReportData) -> list[list[Any]]:
    """The first screen's figures: the province's own budget first, each other budget apart."""
    money = data.money
    if money is None or money.province is None:
        return []
    prov = money.province
    rows: list[list[Any]] = [
        [f"Peserta dibiayai {prov.name}", prov.participants],
        [f"Dibayar {glossary.OWN_WORD} bulan ini (Rp)", prov.contributions_idr],
        [f"Dibayar {glossary.OWN_WORD} tahun ini (Rp), {glossary.months_span(prov.first_month, data.period)}",
         prov.contributions_year_idr],
    ]
    if prov.change is not None:
        rows.append([f"Perubahan peserta dibiayai {glossary.OWN_WORD} sejak "
                     f"{glossary.period_label(money.previous_period)}",
                     prov.change])
    if money.target is not None and money.target.participants is not None:
        t = money.target
        rows += [[f"Target resmi {t.programme} {t.year} (peserta)", t.participants],
                 [f"Kemajuan terhadap target {t.programme} {t.year} (%)", Typed(t.participants_pct, "pct")]]
    rows.append(["Temuan audit terbuka", money.open_findings])
    rows += [[f"Peserta dibiayai {s.name}", s.participants] for s in money.others]
    rows.append([f"Batch (dibiayai {glossary.OWN_WORD})", ", ".join(str(b) for b in prov.batches) or None])
    return rows


def _reference_sheets(ref: ReferenceSection, sheet: Sheet) -> None:
    """The reference sections (reports/reference.py): rates per denominator, published tables, sources."""
    measures = list(ref.measures)
    columns = [("Kode", 8), ("Kabupaten/Kota", 26), ("Status", 16), ("Peserta aktif", 14)]
    kinds = ["text", "text", "text", "count"]
    for measure in measures:
        label = ref.labels[measure]
        columns += [(label, 18), (f"Tahun ({label})", 10), (f"Diturunkan ({label})", 11),
                    (f"Cakupan (%) ({label})", 12)]
        kinds += ["int", "int", "text", "pct"]
    rows = []
    for r in ref.regions:
        row: list[Any] = [r.region_code, r.region_name, glossary.label(glossary.REGION_STATUSES, r.status),
                          r.active_participants]
        for measure in measures:
            rate = r.rates.get(measure)
            row += [rate.denominator, rate.year, glossary.YES_NO[rate.is_derived], rate.coverage_pct] if rate \
                else [None, None, None, None]
        rows.append(row)
    sheet("Penyebut", columns, rows, kinds)
    sheet("Statistik Tahunan", [("Kode wilayah", 12), ("Wilayah", 24), ("Tahun", 8), ("Ukuran", 40), ("Satuan", 10),
                                ("Angka terbitan", 16), ("Ekspor bulanan", 16), ("Bulan ekspor", 12),
                                ("Selisih (%)", 11), ("Berbeda > 5%", 12), ("Berkas", 40)],
          [[f.region_code, f.region_name, f.year, measure_label(f), (f.unit or "").lower() or None, f.value,
            f.export_value, glossary.period_label(f.export_period) if f.export_period else None, f.difference_pct,
            glossary.YES_NO[f.disagrees], f.file_name] for f in ref.published],
          ["text", "text", "int", "text", "text", "int", "count", "text", "pct", "text", "text"])
    sheet("Sumber", [("Ukuran", 36), ("Tahun", 14), ("Penerbit", 40), ("Judul tabel", 50), ("URL", 60),
                     ("Diakses", 12), ("Metode", 50)],
          [[s.label, s.years, glossary.translate(s.publisher), s.table_title, s.url, s.retrieved_on,
            "; ".join(glossary.method(m.strip()) for m in s.method.split(";"))] for s in ref.sources],
          ["text", "text", "text", "text", "text", "date", "text"])
    if ref.totals_warnings:
        # A province total that is not the sum of its regencies: each figure under its own header.
        sheet("Peringatan Penyebut", [("Ukuran", 36), ("Tahun", 8), ("Total provinsi terbitan", 18),
                                      ("Jumlah kabupaten/kota", 18), ("Seri", 36), ("Keterangan", 40)],
              [[w.label, w.year, w.stated, w.computed, w.series, "disimpan sebagaimana diterbitkan"]
               for w in ref.totals_warnings],
              ["text", "int", "int", "int", "text", "text"])


def _review_sheet(items: list[ReviewItem], sheet: Sheet) -> None:
    """Perlu Ditinjau (reports/reviewed_claims.py): claims the words do not settle, which get no verdict."""
    sheet("Perlu Ditinjau", [("Angka di berita", 20), ("Kalimat", 60), ("Bacaan mesin", 40), ("Alasan", 70),
                             ("Judul artikel", 40), ("Situs", 16), ("Terbit", 12), ("URL", 50)],
          [[r.figure_text, r.sentence, r.reading, "; ".join(r.reasons), r.article_title, r.site,
            r.published_at, r.article_url] for r in items],
          ["text"] * 6 + ["date", "text"])


def _audit_sheets(audit: AuditSection, sheet: Sheet) -> None:
    """Temuan Audit: double funding by batch (counts, never who), quarantined rows, superseded/refused files."""
    sheet("Temuan Audit", [("Temuan", 22), ("Batch", 8), ("Berkas", 34), ("Orang", 9), ("Kabupaten/kota", 40),
                           ("Sumber dana", 36), ("Keterangan", 50)],
          [[glossary.FINDING_KINDS["double_funding"], f.batch_id, f.file_name, f.people, ", ".join(f.regions),
            ", ".join(f.funding_sources),
            f"{f.across_regions} orang di dua kabupaten/kota; {f.across_sources} orang dengan dua sumber dana"]
           for f in audit.double_funding]
          + [[glossary.label(glossary.BATCH_STATUSES, e.status), e.batch_id, e.file_name, None, None, None, e.reason]
             for e in audit.events],
          ["text", "int", "text", "int", "text", "text", "text"])
    if audit.findings:
        sheet("Keadaan Temuan", [("Temuan", 9), ("Keadaan", 12), ("Sejak", 14), ("Kabupaten/kota", 36),
                                 ("Sumber dana", 36), ("Bulan", 8), ("Dibayar dua kali (Rp)", 18), ("Batch", 8)],
              [[f.finding_id, glossary.label(glossary.FINDING_STATES, f.state), glossary.period_label(f.first_period),
                ", ".join(f.regions), ", ".join(f.funding_sources), f.months, f.paid_twice_idr, f.batch_id]
               for f in audit.findings],
              ["int", "text", "text", "text", "text", "int", "int", "int"])
    rows: list[list[Any]] = []
    for q in audit.quarantine:
        for row in q.rows:
            cells = " · ".join(f"{k}: {v}" for k, v in row.cells.items()) if row.cells else \
                "tidak ditampilkan (daftar peserta memuat data pribadi)"
            rows.append([q.batch_id, glossary.label(glossary.DATASETS, q.dataset), q.file_name, row.row_number,
                         row.column, row.reason, cells, q.file_participants, q.published_participants])
    sheet("Karantina", [("Batch", 8), ("Data", 24), ("Berkas", 34), ("Baris", 8), ("Kolom", 18), ("Alasan", 44),
                        ("Isi baris", 70), ("Jumlah di berkas (peserta)", 16), ("Diterbitkan (peserta)", 16)],
          rows, ["int", "text", "text", "int", "text", "text", "text", "int", "int"])
