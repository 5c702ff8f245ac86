"""Inline SVG charts for the report: no scripts, no fonts, readable offline and in print."""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from transforms.numbers import format_int, format_percent

PALETTE = ("#1f5f8b", "#e07b39", "#3a9d5d", "#8a5fb5", "#c9a227", "#4bb3c4", "#b5475f", "#6b7b8c")


def _svg(width: int, height: int, title: str, body: str) -> str:
    label = escape(title)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{label}" '
            f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">'
            f"<title>{label}</title>{body}</svg>")


def bar_chart(rows: list[tuple[str, float | None]], *, title: str, unit: str = "%", max_value: float | None = None,
              reference: float | None = None, reference_label: str = "") -> str:
    """Horizontal bars, one per row (label, value)."""
    label_w, bar_w, row_h, top = 190, 430, 26, 46
    height = top + row_h * len(rows) + 24
    peak = max_value or max([v for _, v in rows if v is not None] + [1.0])
    ticks = [t for t in nice_ticks(0.0, peak) if t <= peak * 1.0001]
    parts = [f'<text x="0" y="18" class="chart-title">{escape(title)}</text>']
    for tick in ticks:  # gridlines with their values under the bars
        x = label_w + bar_w * tick / peak
        shown = format_percent(tick, 0) if unit == "%" else format_int(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" y2="{height - 22}" class="grid" '
                     f'stroke="#e3e7ec"/><text x="{x:.1f}" y="{height - 8}" text-anchor="middle" '
                     f'class="axis">{shown}</text>')
    for index, (label, value) in enumerate(rows):
        y = top + index * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" class="axis">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text x="{label_w + 4}" y="{y + 17}" class="axis">tidak ada data</text>')
            continue
        width = max(1.0, bar_w * value / peak)
        shown = format_percent(value) if unit == "%" else format_int(value)
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row_h - 8}" '
                     f'fill="{PALETTE[0]}"><title>{escape(label)}: {shown}</title></rect>')
        parts.append(f'<text x="{label_w + width + 6:.1f}" y="{y + 17}" class="value">{shown}</text>')
    if reference is not None:
        x = label_w + bar_w * reference / peak
        parts.append(f'<line x1="{x:.1f}" y1="{top - 14}" x2="{x:.1f}" y2="{height - 22}" stroke="#b5475f" '
                     f'stroke-dasharray="4 3"/><text x="{x + 4:.1f}" y="{top - 6}" class="axis" '
                     f'fill="#b5475f">{escape(reference_label)}</text>')
    return _svg(label_w + bar_w + 90, height, title, "".join(parts))


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten."""

    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def line_chart(series: dict[str, list[tuple[str, float | None]]], *, title: str, unit: str = "%",
               period_label: Callable[[str], str] = str) -> str:
    """One line per series over the same periods (x: period labels), with gridlines at round values."""
    width, height, left, right, top, bottom = 720, 300, 60, 200, 30, 40
    periods = sorted({p for points in series.values() for p, _ in points})
    values = [v for points in series.values() for _, v in points if v is not None]
    if not periods or not values:
        return _svg(width, 60, title, f'<text x="0" y="30" class="axis">{escape(title)}: tidak ada data</text>')
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    span_x = width - left - right
    span_y = height - top - bottom

    def x_of(period: str) -> float:
        return left + (span_x * periods.index(period) / max(1, len(periods) - 1) if len(periods) > 1 else span_x / 2)

    def y_of(value: float) -> float:
        return top + span_y * (1 - (value - low) / (high - low))

    parts = [f'<text x="0" y="18" class="chart-title">{escape(title)}</text>']
    digits = 0 if all(float(t).is_integer() for t in ticks) else 1
    for tick in ticks:
        y = y_of(tick)
        shown = format_percent(tick, digits) if unit == "%" else format_int(tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + span_x}" y2="{y:.1f}" class="grid" stroke="#e3e7ec"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{shown}</text>')
    parts.append(f'<line x1="{left}" y1="{top + span_y}" x2="{left + span_x}" y2="{top + span_y}" stroke="#999"/>')
    every = max(1, len(periods) // 8)  # at most about eight month labels
    for index, period in enumerate(periods):
        if index % every and index != len(periods) - 1:
            continue
        parts.append(f'<text x="{x_of(period):.1f}" y="{height - 18}" text-anchor="middle" class="axis">'
                     f"{escape(period_label(period))}</text>")
    labels: list[tuple[float, float, float, str, str]] = []  # (point y, x, y, text, colour)
    for index, (name, points) in enumerate(series.items()):
        colour = PALETTE[index % len(PALETTE)]
        coords = [(x_of(p), y_of(v)) for p, v in sorted(points) if v is not None]
        if not coords:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for x, y in coords:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
        last = next(v for _p, v in sorted(points, reverse=True) if v is not None)
        shown = format_percent(last) if unit == "%" else format_int(last)
        labels.append((coords[-1][1], coords[-1][0], coords[-1][1] + 4, f"{name} {shown}", colour))
    # End labels in the order of their lines, 14 px apart, kept inside the plot; a leader line to each point.
    labels.sort()
    placed: list[float] = []
    for _point_y, _x, wanted, _text, _colour in labels:
        placed.append(max(wanted, placed[-1] + 14) if placed else wanted)
    bottom_limit = top + span_y + 4
    for i in range(len(placed) - 1, -1, -1):
        limit = bottom_limit if i == len(placed) - 1 else placed[i + 1] - 14
        placed[i] = min(placed[i], limit)
    for (point_y, x, _wanted, text, colour), label_y in zip(labels, placed, strict=True):
        parts.append(f'<line x1="{x + 4:.1f}" y1="{point_y:.1f}" x2="{x + 12:.1f}" y2="{label_y - 4:.1f}" '
                     f'stroke="{colour}" stroke-width="1"/>'
                     f'<text x="{x + 14:.1f}" y="{label_y:.1f}" class="axis" fill="{colour}">{escape(text)}</text>')
    return _svg(width, height, title, "".join(parts))


def stacked_bar(rows: list[tuple[str, float]], *, title: str) -> str:
    """One bar split into shares (e.g. contributions by funding source), with a legend."""
    width, bar_h, top = 700, 34, 30
    total = sum(v for _, v in rows) or 1.0
    parts = [f'<text x="0" y="18" class="chart-title">{escape(title)}</text>']
    x = 0.0
    for index, (label, value) in enumerate(rows):
        w = width * value / total
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x:.1f}" y="{top}" width="{w:.1f}" height="{bar_h}" fill="{colour}">'
                     f"<title>{escape(label)}: {format_percent(100 * value / total)}</title></rect>")
        x += w
    for index, (label, value) in enumerate(rows):
        y = top + bar_h + 22 + index * 20
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="0" y="{y - 11}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="18" y="{y}" class="axis">{escape(label)} — '
                     f"{format_percent(100 * value / total)}</text>")
    return _svg(width, top + bar_h + 30 + 20 * len(rows), title, "".join(parts))
