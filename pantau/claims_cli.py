"""``pantau claims``: the claims awaiting a person's review, decisions, and the spreadsheet round trip.

Registered by ``pantau.cli`` as the ``claims`` group; the work is in ``pantau.claim_review``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pantau.cli_output import FORMAT, OutputFormat, out, print_json, print_table

claims_app = typer.Typer(no_args_is_help=True, help="News claims: review what the words do not settle.")


@claims_app.command("review")
def claims_review(
    figure: Annotated[int | None, typer.Option(help="the figure id to decide on (none: list the queue)")] = None,
    metric: Annotated[str | None, typer.Option(help="participants, coverage_rate, contributions, ...")] = None,
    modality: Annotated[str | None, typer.Option(help="realised, target, change or entitlement")] = None,
    scope: Annotated[str | None, typer.Option(help="aggregate or single")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Kemendagri code (15: the province)")] = None,
    period: Annotated[str | None, typer.Option(help="YYYY or YYYY-MM")] = None,
    programmes: Annotated[str | None, typer.Option(help="e.g. JKK+JKM")] = None,
    segment: Annotated[str | None, typer.Option(help="PU, BPU, JAKON or PMI")] = None,
    funding_source: Annotated[str | None, typer.Option("--funding-source", help="APBD_PROV, APBD_KAB, ...")] = None,
    not_a_claim: Annotated[bool, typer.Option("--not-a-claim", help="the figure claims nothing to reconcile")] = False,
    reviewer: Annotated[str | None, typer.Option(help="who decides (required with --figure)")] = None,
    note: Annotated[str | None, typer.Option(help="why")] = None,
    fmt: FORMAT = OutputFormat.TABLE,
) -> None:
    """List the claims awaiting review, or record a decision on one (--figure ID --reviewer NAME ...).

    Fields not given keep the machine's reading; --not-a-claim takes the figure out of reconciliation.
    A decision is appended to audit_claim_review and applies from the next reconciliation on.
    """
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from pantau.claim_review import as_row, decide, queue

    if figure is None:
        rows = [as_row(e) for e in queue()]
        if fmt == OutputFormat.JSON:
            print_json(rows)
            return
        for row in rows:
            row["reasons"] = "; ".join(row["reasons"])
        print_table(rows, ["figure_id", "figure_text", "metric", "modality", "reasons", "sentence", "article_url"],
               title=f"Claims awaiting review ({len(rows)})")
        return
    if not reviewer:
        raise typer.BadParameter("--reviewer is required when recording a decision")
    values = {"metric": metric, "modality": modality, "scope": scope, "region_code": region, "period": period,
              "programmes": programmes, "segment": segment, "funding_source": funding_source}
    recorded = decide(figure, values, not_a_claim=not_a_claim, reviewer=reviewer, note=note)
    if fmt == OutputFormat.JSON:
        print_json(recorded)
    else:
        out.print(f"decision {recorded['review_id']} recorded for figure {figure}", markup=False, highlight=False)


@claims_app.command("export-review")
def claims_export_review(out_path: Annotated[Path, typer.Option("--out", help="the .xlsx file to write")]) -> None:
    """Write the claims awaiting review as a spreadsheet: fill in the reading, reviewer and note."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from pantau.claim_review import export_review

    count = export_review(out_path)
    out.print(f"{count} claims awaiting review written to {out_path}", markup=False, highlight=False)


@claims_app.command("import-review")
def claims_import_review(path: Annotated[Path, typer.Argument(help="a filled-in export-review spreadsheet")]) -> None:
    """Record the decisions of a filled-in review spreadsheet (rows with a reviewer); all rows are
    checked first and a bad one rejects the file, naming its row and column."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from pantau.claim_review import import_review

    print_json(import_review(path))
