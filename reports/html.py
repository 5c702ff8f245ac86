"""Render the report as one self-contained HTML file (inline CSS and SVG; no scripts or fonts).

Scraped text is data, never markup: autoescaping is on everywhere and links are emitted only
for http(s) and file URLs.
"""

from __future__ import annotations

from pathlib import Path

from reports import charts
from reports.model import ReportData
from reports.reconcile import METRIC_LABELS
from transforms.numbers import format_int, format_percent, format_rupiah
from transforms.regions import PROVINCE

PROGRAMME_NAMES = {
    "BPJS_TK": "BPJS Ketenagakerjaan", "BKBK": "BKBK", "DUMISAKE": "Dumisake", "PARITRANA": "Paritrana Award",
    "JKK": "JKK (Kecelakaan Kerja)", "JKM": "JKM (Kematian)", "JHT": "JHT (Hari Tua)", "JP": "JP (Pensiun)",
    "JKP": "JKP (Kehilangan Pekerjaan)", "PEKERJA_RENTAN": "Pekerja rentan",
}
STATUS_LABELS = {"consistent": "sesuai", "differs": "berbeda", "no_comparable_data": "tak terbandingkan",
                 "implausible": "tidak masuk akal", "target": "target"}
MODALITY_LABELS = {"realised": "terealisasi", "target": "target/rencana", "change": "perubahan",
                   "entitlement": "hak/ketentuan"}


def safe_url(url: str | None) -> str | None:
    if url and url.strip().lower().startswith(("http://", "https://", "file://")):
        return url.strip()
    return None


def render_html(data: ReportData, out_path: Path) -> Path:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    threshold = data.small_cell_threshold

    def count(value: int | None) -> str:
        if value is None:
            return "–"
        return f"<{threshold}" if 0 < value < threshold else format_int(value)

    def number(value: float | None, kind: str) -> str:
        if value is None:
            return "–"
        if kind == "money":
            return format_rupiah(value)
        if kind == "percent":
            return format_percent(value, 2)
        return format_int(value)

    def rupiah(value: int | float | None) -> str:
        return "–" if value is None else format_rupiah(value)

    def signed(value: float) -> str:
        return ("+" if value > 0 else "") + f"{value:.1f}".replace(".", ",") + "%"

    regions = sorted(data.regions, key=lambda r: -(r.coverage_pct or 0))
    rendered_charts = {
        "coverage": charts.bar_chart([(r.region_name, r.coverage_pct) for r in regions],
                                     title="Cakupan kepesertaan per kabupaten/kota (%)",
                                     max_value=max([r.coverage_pct or 0 for r in data.regions] + [60.0]),
                                     reference=data.province.coverage_pct,
                                     reference_label=f"Provinsi {format_percent(data.province.coverage_pct)}"),
        "trend": charts.line_chart(
            {**{"Provinsi": [(t.period, t.coverage_pct) for t in data.trends if t.region_code == PROVINCE.code]},
             **{r.region_name: [(t.period, t.coverage_pct) for t in data.trends if t.region_code == r.region_code]
                for r in (regions[:1] + regions[-1:])}},
            title="Cakupan dari bulan ke bulan: provinsi, tertinggi dan terendah (%)"),
        "funding": charts.stacked_bar(_funding_shares(data), title="Iuran menurut sumber dana"),
    }
    html = env.get_template("report.html.j2").render(
        data=data, charts=rendered_charts, count=count, pct=format_percent, rupiah=rupiah, number=number,
        signed=signed, safe_url=safe_url, status_label=lambda s: STATUS_LABELS.get(s, s),
        programme_name=lambda p: PROGRAMME_NAMES.get(p, p), metric_label=lambda m: METRIC_LABELS.get(m, m or "–"),
        modality_label=lambda m: MODALITY_LABELS.get(m, m))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_suffix(".part")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out_path)
    return out_path


def _funding_shares(data: ReportData) -> list[tuple[str, float]]:
    totals: dict[str, float] = {}
    for line in data.funding:
        totals[line.funding_source_name] = totals.get(line.funding_source_name, 0) + line.contributions_idr
    return sorted(totals.items(), key=lambda kv: -kv[1])
