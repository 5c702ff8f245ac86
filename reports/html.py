"""Render the report as one self-contained HTML file (inline CSS and SVG; no scripts or fonts).

Scraped text is data, never markup: autoescaping is on everywhere and links are emitted only
for http(s), file and relative URLs. Every word a reader sees comes from ``reports.glossary``.
Each section is a template of its own (``templates/sections/``), listed in ``SECTIONS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from reports import charts, glossary
from reports.model import SECONDARY_MARK, ReportData
from transforms.dates import Period
from transforms.numbers import format_int, format_percent, format_rupiah
from transforms.regions import PROVINCE

if TYPE_CHECKING:
    import jinja2

# (template, anchor, title in the table of contents), in reading order.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("ringkasan", "ringkasan", "Ringkasan"),
    ("kabupaten", "kabupaten", "Kabupaten/Kota"),
    ("penyebut", "penyebut", "Penyebut"),
    ("statistik", "statistik-tahunan", "Statistik tahunan"),
    ("tren", "tren", "Tren"),
    ("pendanaan", "pendanaan", "Pendanaan"),
    ("berita", "berita", "Media"),
    ("rekonsiliasi", "rekonsiliasi", "Rekonsiliasi"),
    ("tinjau", "perlu-ditinjau", "Perlu Ditinjau"),
    ("target", "target", "Target"),
    ("temuan", "temuan", "Temuan Audit"),
    ("kualitas", "kualitas", "Asal Data"),
    ("sumber", "sumber", "Sumber penyebut"),
)
_ACRONYMS = re.compile(r"\b(bpjs|bkbk|apbd|apbdes|bps|jkk|jkm|jht|jp|pu|bpu)\b", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """http(s) and file URLs, and relative links without a scheme (the offline Data Docs)."""
    if not url:
        return None
    url = url.strip()
    if url.lower().startswith(("http://", "https://", "file://")):
        return url
    if re.match(r"^[A-Za-z0-9_.][A-Za-z0-9_./%-]*$", url) and ":" not in url and not url.startswith("//"):
        return url
    return None


def formatters(threshold: int) -> dict[str, Callable[..., str]]:
    """The number formats every page shares (small cells suppressed below ``threshold``)."""

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

    def signed(value: float | None) -> str:
        if value is None:
            return "–"
        return ("+" if value > 0 else "") + f"{value:.1f}".replace(".", ",") + "%"

    def signed_count(value: int | None) -> str:
        if value is None:
            return "–"
        return ("+" if value > 0 else "−" if value < 0 else "") + format_int(abs(value))

    def signed_points(value: float | None) -> str:
        if value is None:
            return "–"
        shown = format_percent(abs(value)).rstrip("%")
        return ("+" if shown.strip("0,") and value > 0 else "−" if shown.strip("0,") and value < 0 else "") \
            + f"{shown} poin"

    return {"count": count, "number": number, "rupiah": rupiah, "signed": signed, "pct": format_percent,
            "signed_count": signed_count, "signed_points": signed_points}


def environment() -> jinja2.Environment:
    # Heavy: Jinja2, loaded only when this runs.
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                       autoescape=select_autoescape(default=True, default_for_string=True))


def measure_label(figure: Any) -> str:
    """'Jumlah peserta aktif BPJS Ketenagakerjaan (orang)' from a table's own header and unit."""
    text = _ACRONYMS.sub(lambda m: m[0].upper(), str(figure.measure_label))
    text = text[:1].upper() + text[1:]
    unit = (figure.unit or "").lower()
    if unit and unit not in text.lower():
        text += f" ({unit})"
    return text


def yearly_tables(published: list[Any]) -> list[dict[str, Any]]:
    """One table per published measure: a row per region, a column per year."""
    tables: dict[str, dict[str, Any]] = {}
    for f in published:
        label = measure_label(f)
        table = tables.setdefault(label, {"label": label, "years": set(), "rows": {}, "files": set(),
                                          "code_system": set()})
        table["years"].add(f.year)
        table["files"].add(f.file_name)
        if f.code_system:
            table["code_system"].add(glossary.label(glossary.CODE_SYSTEMS, f.code_system))
        row = table["rows"].setdefault(f.region_code, {"name": f.region_name, "values": {},
                                                         "province": f.region_code == PROVINCE.code})
        row["values"][f.year] = f.value
    return [{**t, "years": sorted(t["years"]), "files": ", ".join(sorted(t["files"])),
             "code_system": ", ".join(sorted(t["code_system"])),
             "rows": sorted(t["rows"].values(), key=lambda r: (r["province"], r["name"]))}
            for t in tables.values()]


def render_html(data: ReportData, out_path: Path, *, region_pages: dict[str, str] | None = None,
                downloads: dict[str, str] | None = None) -> Path:
    env = environment()
    fmt = formatters(data.small_cell_threshold)
    known = {b.batch_id for b in data.batches}

    def batch_link(batch_id: int) -> Markup:
        return Markup(f'<a href="#batch-{batch_id}">{batch_id}</a>') if batch_id in known else Markup(str(batch_id))

    def batch_list(ids: list[int], short: bool = False) -> Markup:
        if not ids:
            return Markup("–")
        names = {b.batch_id: b for b in data.batches}
        if short:
            return Markup(", ").join(batch_link(i) for i in ids)
        return Markup("; ").join(
            Markup("batch {} ({}, {})").format(batch_link(i), glossary.label(glossary.DATASETS, names[i].dataset),
                                               names[i].file_name) if i in names else batch_link(i) for i in ids)

    def from_batches(region: str, dataset: str | None = None) -> Markup:
        ids = [i for i in data.lineage.get(region, [])
               if dataset is None or any(b.batch_id == i and b.dataset == dataset for b in data.batches)]
        if dataset is None:
            ids = [i for i in ids if any(b.batch_id == i and b.dataset == "coverage" for b in data.batches)]
        return Markup("batch ") + batch_list(ids, short=True) if ids else Markup("")

    def cell(region: Any, column: str, kind: str = "count") -> str:
        """A regency table's cell as every medium shows it: hidden by disclosure control, or its value."""
        mark = data.shown(region.region_code, column)
        if mark is not None:
            return mark
        value = getattr(region, column)
        return fmt["rupiah"](value) if kind == "rupiah" else fmt["count"](value)

    derived = sorted({glossary.readable(rate.note) for r in (data.reference.regions if data.reference else [])
                      for rate in r.rates.values() if rate.is_derived and rate.note})
    published = data.reference.published if data.reference else []
    html = env.get_template("report.html.j2").render(
        print_label=f"Laporan Pantau · {glossary.PROVINCE_NAME} · {data.period_label}",
        data=data, charts=_charts(data), g=glossary, safe_url=safe_url, batch_link=batch_link,
        batch_list=batch_list, from_batches=from_batches, sections=[(a, t) for _n, a, t in SECTIONS],
        blocks=[n for n, _a, _t in SECTIONS], region_href=lambda code: (region_pages or {}).get(code),
        file_label=lambda b: glossary.batch_file(b.dataset, b.file_name, b.received_at),
        measure_label=measure_label, yearly=yearly_tables(published),
        compared=[f for f in published if f.export_value is not None], derived_notes=derived,
        methods=lambda text: "; ".join(glossary.method(m.strip()) for m in str(text).split(";")), escape=escape,
        downloads=downloads or {}, cell=cell, secondary_mark=SECONDARY_MARK, audit_page=audit_page, **fmt)
    return write_atomically(out_path, html)


AUDIT_FOLDER = "jejak-audit"  # beside the report: one page per batch, the audit record in Indonesian


def audit_page(batch_id: int) -> str:
    return f"{AUDIT_FOLDER}/batch-{batch_id}.html"


def render_audit_pages(data: ReportData, folder: Path, *, report_name: str) -> list[Path]:
    """The audit record of each batch behind the report, read from its stored validation results: what was
    checked, at which level, what failed and on how many rows; the quarantined rows are in the report."""
    env = environment()
    fmt = formatters(data.small_cell_threshold)
    pages = []
    for batch in data.batches:
        html = env.get_template("audit.html.j2").render(
            print_label=f"Jejak audit batch {batch.batch_id} · laporan {data.period_label}",
            batch=batch, data=data, g=glossary, report_href=f"../{report_name}", safe_url=safe_url,
            up=lambda url: None if not safe_url(url) else (url if "://" in str(url) else f"../{url}"),
            file_label=lambda b: glossary.batch_file(b.dataset, b.file_name, b.received_at), whole=format_int,
            **fmt)
        pages.append(write_atomically(folder / f"batch-{batch.batch_id}.html", html))
    return pages


def write_atomically(out_path: Path, text: str) -> Path:
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_suffix(".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out_path)
    return out_path


def _charts(data: ReportData) -> dict[str, str]:
    regions = sorted(data.regions, key=lambda r: -(r.coverage_pct or 0))
    shown = [r for r in regions if r.coverage_pct is not None]

    def series(code: str) -> list[tuple[str, float | None]]:
        return [(t.period, t.coverage_pct) for t in data.trends if t.region_code == code]

    lines = {glossary.PROVINCE_NAME: series(PROVINCE.code)}
    for r in (shown[:1] + shown[-1:]):
        lines[r.region_name] = series(r.region_code)
    return {
        "coverage": charts.bar_chart([(r.region_name + ("*" if r.workforce_is_derived else ""), r.coverage_pct)
                                      for r in regions],
                                     title=glossary.derived_title("Cakupan kepesertaan per kabupaten/kota (%)",
                                                                  any(r.workforce_is_derived for r in regions)),
                                     max_value=max([r.coverage_pct or 0 for r in data.regions] + [60.0]),
                                     reference=data.province.coverage_pct,
                                     reference_label=(f"{glossary.OWN_WORD.capitalize()} "
                                                      f"{format_percent(data.province.coverage_pct)}")),
        "trend": charts.line_chart(lines, title=glossary.derived_title(
                                       f"Cakupan dari bulan ke bulan: {glossary.OWN_WORD}, tertinggi dan terendah (%)",
                                       any(r.workforce_is_derived for r in (shown[:1] + shown[-1:]))),
                                   period_label=_short_month),
        "funding": charts.stacked_bar(_funding_shares(data), title="Iuran menurut sumber dana"),
    }


def _short_month(period: str) -> str:
    value = Period.parse(period)
    return f"{glossary.MONTH_SHORT[value.month - 1]} {value.year}"


def _funding_shares(data: ReportData) -> list[tuple[str, float]]:
    totals: dict[str, float] = {}
    for line in data.funding:
        totals[line.funding_source_name] = totals.get(line.funding_source_name, 0) + line.contributions_idr
    return sorted(totals.items(), key=lambda kv: -kv[1])
