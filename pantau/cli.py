"""The ``pantau`` command line: each command does what it says.

Exit codes: 0 success; 2 a rejected input (the message names file, row, column and reason);
1 a configuration or internal error (one line, no stack trace; ``PANTAU_DEBUG=1`` shows it).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from core.errors import ConfigurationError, InputRejected, PantauError
from core.settings import get_settings
from pantau.airflow_cli import airflow_app
from pantau.claims_cli import claims_app
from pantau.cli_output import FORMAT, OutputFormat, err, out, print_json, print_table
from pantau.news_cli import news_app
from transforms.dates import DateParseError, Period

if TYPE_CHECKING:
    from warehouse.reporting import CoverageEntry

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Pantau: accountability of a regional government's social-protection spending.")
warehouse_app = typer.Typer(no_args_is_help=True, help="The reporting warehouse.")
coverage_app = typer.Typer(no_args_is_help=True, help="BPJS Ketenagakerjaan coverage exports.")
dq_app = typer.Typer(no_args_is_help=True, help="Data-quality results for auditors.")
report_app = typer.Typer(no_args_is_help=True, help="Accountability reports.")
reference_app = typer.Typer(no_args_is_help=True, help="Reference series: coverage denominators with their sources.")
for sub, name in ((warehouse_app, "warehouse"), (coverage_app, "coverage"), (dq_app, "dq"),
                  (news_app, "news"), (report_app, "report"), (reference_app, "reference")):
    app.add_typer(sub, name=name)


def _add_plugin_commands() -> None:
    """Command groups other installed folders offer (``samples`` gives ``pantau sample``).

    They register under the ``pantau.commands`` entry point, so the task layer never imports
    the folders above it; a group that cannot be loaded is left out, not fatal.
    """
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from importlib.metadata import entry_points

    for entry in entry_points(group="pantau.commands"):
        try:
            app.add_typer(entry.load(), name=entry.name)
        except ImportError:
            continue


_add_plugin_commands()
app.add_typer(claims_app, name="claims")
app.add_typer(airflow_app, name="airflow")


def _exit_if_rejected(results: list[Any], refused: list[InputRejected]) -> None:
    """Print every rejected file's and refused path's reason, one line each; exit 2 if there was any."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from warehouse.batches import BatchStatus

    reasons = [r.reason for r in results if r.status == BatchStatus.REJECTED]
    for reason in [*reasons, *refused]:
        err.print(f"rejected: {reason}", markup=False, highlight=False, soft_wrap=True)
    if reasons or refused:
        raise typer.Exit(2)


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except DateParseError as exc:
        raise typer.BadParameter(str(exc)) from None


# --- warehouse ------------------------------------------------------------------------------------


@warehouse_app.command("upgrade")
def warehouse_upgrade(url: Annotated[str | None, typer.Option(help="warehouse URL (default: settings)")] = None,
                      ) -> None:
    """Create or migrate the warehouse schema to the latest revision."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from warehouse.db import current_revision, upgrade

    upgrade(url)
    out.print(f"warehouse at revision {current_revision(url)}")


# --- coverage -------------------------------------------------------------------------------------


@coverage_app.command("ingest")
def coverage_ingest(
    paths: Annotated[list[Path], typer.Argument(help="coverage/claims exports or rosters (CSV, XLSX)")],
    source: Annotated[str | None, typer.Option(
        "--source", help="where the files came from (recorded on each batch; what a file replaces is decided "
                         "by its cells, not by this name)")] = None,
    period: Annotated[str | None, typer.Option(help="expected period YYYY-MM (checked against the file)")] = None,
    force: Annotated[bool, typer.Option(help="load again even if this exact file was seen before")] = False,
    fmt: FORMAT = OutputFormat.TABLE,
) -> None:
    """Archive, parse, validate and publish exports; print batch ids and row counts."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from rich.progress import Progress

    from pantau.ingest import ingest_file

    expected = _period(period) if period is not None else None
    results = []
    refused: list[InputRejected] = []  # not a regular file (or a name too long): no batch was opened
    with Progress(console=err, transient=True, disable=len(paths) < 2) as progress:
        task = progress.add_task("ingesting", total=len(paths))
        for path in paths:
            try:
                results.append(ingest_file(path, source_name=source, expected_period=expected, force=force))
            except InputRejected as exc:
                refused.append(exc)
            progress.advance(task)
    rows = [r.to_dict() for r in results] + [
        {"batch_id": None, "file_name": refusal.source, "status": "rejected", "reason": str(refusal)}
        for refusal in refused]
    if fmt == OutputFormat.JSON:
        print_json(rows)
    else:
        print_table(rows, ["batch_id", "file_name", "dataset", "period", "status", "rows_read", "rows_loaded",
                      "rows_quarantined", "rows_set_aside"])
        for result in results:  # what each file did to the month's earlier files, and rows set aside, in words
            said = [result.effect] + [n for n in result.notes or [] if "of other regions" in n]
            for line in filter(None, said):
                out.print(f"{result.file_name}: {line}", markup=False, highlight=False, soft_wrap=True)
    _exit_if_rejected(results, refused)


@coverage_app.command("rejected")
def coverage_rejected(fmt: FORMAT = OutputFormat.TABLE) -> None:
    """Files refused and moved out of the drop folder, each with its reason (see docs/operations.md)."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from core.settings import get_settings
    from extractors.archive import rejected_files

    notes = rejected_files(get_settings().quarantine_dir)
    if fmt == OutputFormat.JSON:
        print_json(notes)
    else:
        print_table(notes, ["batch_id", "file", "period", "rejected_at", "reason", "path"], title="Rejected files")


@coverage_app.command("report")
def coverage_report(period: Annotated[str, typer.Option(help="YYYY-MM")], fmt: FORMAT = OutputFormat.TABLE) -> None:
    """Per-regency coverage for a period, plus the province total, with each rate's denominator.

    A month without a published batch says so; a regency missing from a published month is
    marked missing (never printed as zero).
    """
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from warehouse.db import session_scope
    from warehouse.reference import MEASURES
    from warehouse.reporting import coverage_by_region, why_not_published

    month = _period(period)
    with session_scope() as session:
        entries = coverage_by_region(session, month)
    published = any(e["status"] != "no_data_published" for e in entries)
    if fmt == OutputFormat.JSON:
        print_json({"period": str(month), "published": published,
                     "regions": [{k: v for k, v in e.items() if k != "has_data"} for e in entries]})
        return
    if not published:
        out.print(f"Tidak ada data kepesertaan yang dipublikasikan untuk {month.label_id()}: "
                  f"{why_not_published(month)}.", markup=False, highlight=False)
        return
    measures = [m for m in MEASURES if any(m in e["denominators"] for e in entries)]
    out.print(_coverage_table(month.label_id(), entries, measures))
    for note in _coverage_notes(entries, measures):
        out.print(note, markup=False, highlight=False)


def _coverage_table(month_label: str, entries: list[CoverageEntry], measures: list[str]) -> Table:
    """One row per regency and the province: participants, each denominator with its rate, money."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from transforms.numbers import format_int, format_percent, format_rupiah
    from warehouse.reference import MEASURES

    table = Table(title=f"Cakupan BPJS Ketenagakerjaan — {month_label}")
    columns = ["Kode", "Kabupaten/Kota", "Peserta aktif"]
    for measure in measures:
        columns += [MEASURES[measure].split(" (")[0], "Cakupan"]
    columns += ["Iuran", "Peserta APBD"]
    for column in columns:
        table.add_column(column, justify="left" if column in ("Kode", "Kabupaten/Kota") else "right")
    for e in entries:
        if e["status"] == "missing":
            table.add_row(e["region_code"], e["region_name"], "tidak ada data",
                          *([""] * (len(columns) - 3)))
            continue
        cells = [e["region_code"], e["region_name"], format_int(e["active_participants"] or 0)]
        for measure in measures:
            d = e["denominators"].get(measure)
            if d is None:
                cells += ["–", "–"]
                continue
            mark = "*" if d["is_derived"] else ""
            cells += [f"{format_int(d['denominator'])} ({d['year']}){mark}", format_percent(d["coverage_pct"])]
        cells += [format_rupiah(e["contributions_idr"] or 0), format_int(e["apbd_funded_participants"] or 0)]
        table.add_row(*cells)
    return table


def _coverage_notes(entries: list[CoverageEntry], measures: list[str]) -> list[str]:
    """Where each denominator comes from, and what a derived one means."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from reports import glossary
    from warehouse.reference import MEASURES

    notes: list[str] = []
    for measure in measures:
        sources = sorted({(d["publisher"], d["table_title"], d["source_url"]) for e in entries
                          if (d := e["denominators"].get(measure))})
        for publisher, title, url in sources:
            notes.append(f"{MEASURES[measure]}: {glossary.translate(publisher)}, {title} <{url}>")
    if any(d["is_derived"] for e in entries for d in e["denominators"].values()):
        notes.append("* diturunkan, bukan angka terbitan untuk kabupaten/kota: angka provinsi dibagi menurut "
                     "proporsi penduduk SP2020")
    return notes


# --- reference series ---------------------------------------------------------------------------


@reference_app.command("load")
def reference_load(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="reference files (YAML or CSV, see reference/README.md); default: the ones shipped with Pantau; "
             "a relative path not found here is looked up among the shipped ones")] = None,
    force: Annotated[bool, typer.Option(help="load again even if this exact file was loaded before")] = False,
    fmt: FORMAT = OutputFormat.TABLE,
) -> None:
    """Load official figures (denominators) from reference files; print what each load did."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from pantau.reference import load_reference_file, reference_path, shipped_reference_files

    paths = [reference_path(p) for p in paths] if paths else shipped_reference_files()
    results = []
    refused: list[InputRejected] = []  # not a regular file: no batch was opened
    for path in paths:
        try:
            results.append(load_reference_file(path, force=force))
        except InputRejected as exc:
            refused.append(exc)
    rows = [r.to_dict() for r in results] + [
        {"batch_id": None, "file_name": refusal.source, "status": "rejected", "reason": str(refusal)}
        for refusal in refused]
    if fmt == OutputFormat.JSON:
        print_json(rows)
    else:
        print_table(rows, ["batch_id", "file_name", "series", "status", "rows_loaded", "warnings"])
    for r in results:
        if r.warnings:
            err.print(f"warning: {r.file_name}: {r.warnings} data-quality warning(s) (a province total is not the "
                      "sum of its regencies; kept as published)", markup=False, highlight=False)
    _exit_if_rejected(results, refused)


# --- data quality ---------------------------------------------------------------------------------


@dq_app.command("show")
def dq_show(batch: Annotated[int | None, typer.Option(help="one batch in detail")] = None,
            fmt: FORMAT = OutputFormat.TABLE) -> None:
    """Batches with their data-quality status; with --batch, every expectation and quarantined row."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from warehouse.db import session_scope
    from warehouse.reporting import batch_quality, dq_results, findings, pages_without_article, quarantined_rows

    with session_scope() as session:
        batches = batch_quality(session, batch)
        if batch is not None and not batches:
            err.print(f"no batch {batch}")
            raise typer.Exit(1)
        detail: dict[str, Any] | None = None
        if batch is not None:
            detail = {"batch": batches[0], "expectations": dq_results(session, batch),
                      "quarantined_rows": quarantined_rows(session, batch), "findings": findings(session, batch),
                      "pages_without_article": pages_without_article(session, batch)}
        no_article = pages_without_article(session)
    if fmt == OutputFormat.JSON:
        print_json(detail if detail is not None else {"batches": batches, "pages_without_article": no_article})
        return
    print_table(batches, ["batch_id", "source_name", "dataset", "file_name", "period_key", "status", "rows_read",
                     "rows_loaded", "rows_quarantined", "dq_success", "dq_failed_expectations", "dq_warnings"],
           title="Ingest batches")
    if detail is None and no_article:
        counts: dict[tuple[str, bool], int] = {}
        for page in no_article:
            key = (page["outcome"], bool(page["gave_up"]))
            counts[key] = counts.get(key, 0) + 1
        print_table([{"outcome": kind, "crawler_gave_up": gave_up, "pages": n}
                for (kind, gave_up), n in sorted(counts.items())],
               ["outcome", "crawler_gave_up", "pages"], title="News pages without an article")
    if detail is not None:
        print_table(detail["expectations"], ["suite_name", "expectation_type", "column_name", "level", "success",
                                        "unexpected_count"], title="Expectations")
        print_table(detail["quarantined_rows"], ["row_number", "column_name", "reason"], title="Quarantined rows")
        if detail["findings"]:
            print_table(detail["findings"], ["kind", "subject", "detail"], title="Findings")
        if detail["pages_without_article"]:
            print_table(detail["pages_without_article"], ["url", "outcome", "reason", "attempts", "gave_up"],
                   title="News pages without an article")
        if batches[0].get("reason"):
            out.print(f"reason: {batches[0]['reason']}", markup=False)
        if batches[0].get("data_docs_url"):
            out.print(f"Data Docs: {batches[0]['data_docs_url']}", markup=False)


# --- reports --------------------------------------------------------------------------------------


@report_app.command("build")
def report_build(period: Annotated[str, typer.Option(help="YYYY-MM")],
                 out_dir: Annotated[Path | None, typer.Option(
                     "--out", help="directory to write into (default: the reports folder's YYYY-MM/)")] = None,
                 index: Annotated[bool, typer.Option(help="also rebuild the reports folder's index.html and "
                                                          "regency pages")] = True) -> None:
    """Write the accountability report (HTML with charts, and Excel) for a period, and the index of all months."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from pantau.tasks.report import build, build_index, reconcile_claims

    parsed = _period(period)
    reconcile_claims()
    paths: dict[str, object] = dict(build(str(parsed), str(out_dir) if out_dir else None))
    if index:
        paths["index"] = build_index()["index"]
    for kind, path in paths.items():
        out.print(f"{kind}: {path}", markup=False, highlight=False)


@report_app.command("national")
def report_national(period: Annotated[str, typer.Option(help="YYYY-MM")],
                    out_file: Annotated[Path | None, typer.Option("--out", help="the HTML file to write")] = None,
                    fmt: FORMAT = OutputFormat.TABLE) -> None:
    """Compare the governments the warehouse holds, like with like, for a month (HTML in Indonesian)."""
    from pantau.national import build_national, figures

    rollup, path = build_national(_period(period), out_file)
    if fmt == OutputFormat.JSON:
        print_json({"path": str(path), "governments": figures(rollup), "not_compared": rollup.not_compared})
        return
    print_table(figures(rollup), ["code", "name", "participants", "share_pct", "cost_per_participant_idr",
                                  "findings_open", "batch_ids"])
    for reason in rollup.not_compared:
        out.print(reason, markup=False, highlight=False, soft_wrap=True)
    out.print(f"national: {path}", markup=False, highlight=False)


def _missing_schema(exc: Exception) -> bool:
    message = str(exc).lower()
    return "no such table" in message or ("relation" in message and "does not exist" in message)


def _refused_by_role(exc: Exception) -> bool:
    """A command the connected role may not run: say so, naming the role and what it may do."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from warehouse.roles import explain_refusal, permission_denied

    if permission_denied(exc):
        err.print(explain_refusal(exc), markup=False, highlight=False, soft_wrap=True)
    return permission_denied(exc)


def main() -> None:
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    import logging

    from pydantic import ValidationError

    from core import logs

    try:
        settings = get_settings()
    except ValidationError as exc:
        wrong = "; ".join(f"PANTAU_{str(e['loc'][0]).upper()}={e.get('input')!r}: {e['msg']}" for e in exc.errors())
        err.print(f"error: {wrong}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)
    # Structured logs go to stderr; the CLI shows warnings unless PANTAU_LOG_LEVEL says otherwise.
    logs.configure(getattr(logging, settings.log_level.upper(), logging.WARNING))
    debug = settings.debug
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except InputRejected as exc:
        err.print(f"rejected: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
    except (ConfigurationError, PantauError) as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.exit(130)
    except Exception as exc:  # usage errors and anything unexpected: one line, no trace
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):  # typer's (vendored click) usage errors
            show()
            sys.exit(int(exc.exit_code))
        if _refused_by_role(exc):
            sys.exit(2)
        if _missing_schema(exc):
            # Only on this error path: `pantau --help` imports no warehouse.
            from core.redact import redact_url
            from warehouse.db import warehouse_url

            err.print(f"error: the warehouse at {redact_url(warehouse_url())} has no schema yet: "
                      "run `pantau warehouse upgrade`", markup=False, highlight=False)
            sys.exit(1)
        if debug:
            raise
        err.print(f"internal error: {type(exc).__name__}: {exc} (set PANTAU_DEBUG=1 for details)",
                  markup=False, highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
