"""Build the national roll-up page: every government the shared warehouse holds, for one month."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from core.settings import get_settings
from reports.national import NationalRollup, collect_national
from reports.national_html import render_national
from transforms.dates import Period
from warehouse.db import get_engine, session_scope


def build_national(period: Period, out_path: Path | None = None) -> tuple[NationalRollup, Path]:
    """Collect the roll-up of ``period`` and write its HTML (default: ``reports/nasional/YYYY-MM.html``)."""
    with session_scope(get_engine()) as session:
        rollup = collect_national(session, period)
    target = out_path or get_settings().reports_dir / "nasional" / f"{period}.html"
    return rollup, render_national(rollup, target)


def figures(rollup: NationalRollup) -> list[dict[str, Any]]:
    """Each government's figures and the batches behind them, as the command prints them."""
    return [{**{k: v for k, v in asdict(g).items() if k not in ("lineage", "targets")},
             "batch_ids": g.batch_ids, "targets": [asdict(t) for t in g.targets]} for g in rollup.governments]
