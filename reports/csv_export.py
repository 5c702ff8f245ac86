"""The month's regency table as CSV, for readers who load it into their own tools.

One row per regency/city and the province, with the figures the report shows, rounded as the report
rounds them (percentages once, half up, to ``excel.PERCENT_DIGITS``) and small counts suppressed as
the report suppresses them. Plain CSV: comma-separated, decimal point, no thousands separator, UTF-8
with a byte-order mark so that spreadsheet programs read the names right.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from reports import glossary
from reports.excel import PERCENT_DIGITS
from reports.html import write_atomically
from reports.model import RegionCoverage, ReportData
from transforms.numbers import round_half_up

COLUMNS = ("kode_wilayah", "wilayah", "peserta_aktif", "pekerja_potensial", "penyebut_diturunkan", "cakupan_persen",
           "peserta_dibiayai_apbd", "iuran_rp", "klaim_kasus", "manfaat_rp", "keadaan_data", "batch")


def render_csv(data: ReportData, out_path: Path) -> Path:
    threshold = data.small_cell_threshold

    def count(value: int | None) -> str:
        if value is None:
            return ""
        return f"<{threshold}" if 0 < value < threshold else str(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in [*data.regions, data.province]:
        def shown(column: str, region: RegionCoverage = r) -> str:
            mark = data.shown(region.region_code, column)
            if mark is not None:
                return mark
            value = getattr(region, column)
            return count(value) if not column.endswith("_idr") else ("" if value is None else str(value))

        writer.writerow([
            r.region_code, glossary.PROVINCE_NAME if r.kind == "province" else r.region_name,
            shown("active_participants"), "" if r.workforce is None else r.workforce,
            "" if r.workforce_is_derived is None else glossary.YES_NO[r.workforce_is_derived],
            "" if r.coverage_pct is None else f"{round_half_up(r.coverage_pct, PERCENT_DIGITS):f}",
            shown("apbd_funded_participants"), shown("contributions_idr"), shown("claims_cases"),
            shown("benefits_paid_idr"),
            glossary.label(glossary.REGION_STATUSES, r.status),
            " ".join(str(b) for b in data.lineage.get(r.region_code, []))])
    return write_atomically(out_path, "\ufeff" + buffer.getvalue())
