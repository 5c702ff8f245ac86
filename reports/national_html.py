"""Render the national roll-up (:mod:`reports.national`) as one self-contained HTML page in Indonesian,
in the month report's style (its stylesheet, inline; no scripts or fonts). Autoescaping is on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reports.html import environment
from reports.national import DENOMINATORS, LEVELS, GovernmentMonth, NationalRollup, Ranking
from transforms.numbers import format_int, format_percent, format_rupiah


def _denominator(g: GovernmentMonth) -> str:
    if g.denominator is None:
        return "tidak ada"
    derived = ", diturunkan" if g.denominator_is_derived else ""
    return f"{DENOMINATORS.get(g.denominator_measure or '', g.denominator_measure)} {g.denominator_year}: " \
           f"{format_int(g.denominator)}{derived}"


def _row(g: GovernmentMonth) -> dict[str, Any]:
    cost_note = None
    if g.cost_per_participant_idr is not None and round(g.cost_per_participant_idr) != g.monthly_contribution_idr:
        cost_note = f"tarif program: {format_rupiah(g.monthly_contribution_idr)}"
    return {
        "anchor": g.code.replace(".", "-"), "code": g.code, "name": g.name, "level": LEVELS.get(g.level, g.level),
        "funding": g.own_funding_source, "participants": format_int(g.participants),
        "contributions": format_rupiah(g.contributions_idr),
        "cost": "–" if g.cost_per_participant_idr is None else format_rupiah(round(g.cost_per_participant_idr)),
        "cost_note": cost_note, "denominator": _denominator(g),
        "share": "–" if g.share_pct is None else format_percent(g.share_pct, 2),
        "findings": "belum diperiksa" if g.findings_open is None else format_int(g.findings_open),
        "batches": g.batch_ids}


def _ranking(ranking: Ranking, rollup: NationalRollup) -> dict[str, Any]:
    lines = []
    for code in ranking.codes:
        g = rollup.government(code)
        if ranking.figure == "share":
            lines.append(f"{g.name}: {format_percent(g.share_pct or 0.0, 2)} ({format_int(g.participants)} dari "
                         f"{format_int(g.denominator or 0)})")
        else:
            lines.append(f"{g.name}: {format_rupiah(round(g.cost_per_participant_idr or 0))} per peserta per bulan")
    title = (f"Porsi peserta terhadap {DENOMINATORS.get(ranking.basis, ranking.basis)}" if ranking.figure == "share"
             else f"Biaya per peserta per bulan, paket {ranking.basis}")
    return {"title": title, "lines": lines}


def render_national(rollup: NationalRollup, out_path: Path) -> Path:
    """Write the roll-up's page to ``out_path`` and return it."""
    page = {
        "period_label": rollup.period.label_id(),
        "generated": rollup.generated_at.strftime("%d-%m-%Y %H:%M UTC"),
        "rows": [_row(g) for g in rollup.governments],
        "without_data": [f"{name} ({code})" for code, name in rollup.without_data],
        "rankings": [_ranking(k, rollup) for k in rollup.rankings],
        "not_compared": rollup.not_compared,
        "targets": [{"government": g.name, "programme": t.programme, "year": t.year, "target": format_int(t.target),
                     "participants": format_int(t.participants), "progress": format_percent(t.progress_pct, 1),
                     "source": f"{t.publisher}, {t.document}" + ("" if t.document_verified
                                                                 else " (dokumen belum diverifikasi)")}
                    for g in rollup.governments for t in g.targets],
        "lineage": [{"batch_id": b.batch_id, "government": g.name, "file_name": b.file_name, "sha256": b.sha256,
                     "participants": format_int(b.participants), "contributions": format_rupiah(b.contributions_idr)}
                    for g in rollup.governments for b in g.lineage],
    }
    html = environment().get_template("national.html.j2").render(r=page, print_label="Pantau · perbandingan nasional")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(html, encoding="utf-8")
    return out_path
