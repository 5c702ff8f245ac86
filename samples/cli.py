"""``pantau sample``: generate realistic sample inputs (registered as a ``pantau.commands`` entry point)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from transforms.dates import DateParseError, Period

app = typer.Typer(no_args_is_help=True, help="Generate realistic sample inputs.")
out = Console()


@app.command("coverage")
def sample_coverage(
    out_dir: Annotated[Path, typer.Option("--out", help="directory to write into")],
    months: Annotated[int, typer.Option(help="months to generate")] = 3,
    rows_per_month: Annotated[int, typer.Option(help="rows per monthly export (at most 77 distinct keys)")] = 77,
    start: Annotated[str, typer.Option(help="first period YYYY-MM")] = "2024-04",
    seed: Annotated[int, typer.Option(help="random seed (same seed, same files)")] = 20240601,
) -> None:
    """Deterministic, realistic messy exports, claims and rosters."""
    # This group is registered at every `pantau` start: the generator loads only when it runs.
    from samples.coverage import generate_coverage_samples

    try:
        first = Period.parse(start)
    except DateParseError as exc:
        raise typer.BadParameter(str(exc)) from None
    paths = generate_coverage_samples(out_dir, months=months, rows_per_month=rows_per_month, start=first, seed=seed)
    for path in paths:
        out.print(str(path), markup=False, highlight=False)
