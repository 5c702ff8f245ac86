"""Load a reference series file (denominators) into ``ref_workforce``: archive, audit, validate.

1. archive the file under its checksum; a file loaded before is recognised, not loaded again;
2. parse it (``warehouse.reference.read_reference_file``): a malformed file is rejected with
   the file, row and column named, and nothing changes;
3. in one transaction: replace the rows of the same region × year × measure, validate the
   province totals the file touches against the sum of their regencies with the
   ``reference_totals`` suite (a warning, never a correction: figures stay as published),
   record the results, publish the batch.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select, text, tuple_

from core.errors import InputRejected
from core.logs import event
from core.settings import PROJECT_ROOT, Settings, get_settings
from expectations.runner import record, run_suite
from extractors.archive import archive_file, quarantine_file
from transforms.numbers import format_int
from transforms.regions import PROVINCE_CODE, REGENCIES, region_by_code
from warehouse import batches
from warehouse.batches import LoadOutcome
from warehouse.db import get_engine, session_scope
from warehouse.models import RefWorkforce
from warehouse.reference import read_reference_file

log = logging.getLogger("pantau.reference")
DATASET = "reference"


@dataclass
class ReferenceLoadResult:
    batch_id: int
    file_name: str
    series: str | None
    status: LoadOutcome
    rows_loaded: int
    warnings: int = 0
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_reference_file(path: Path, *, engine: Engine | None = None, settings: Settings | None = None,
                        force: bool = False) -> ReferenceLoadResult:
    """Load one reference file end to end; a bad file is rejected and recorded, never raised."""
    settings = settings or get_settings()
    engine = engine or get_engine()
    path = Path(path)
    archived = archive_file(path, settings.archive_dir)
    name = archived.original_name  # any NIK in the name masked
    batches.close_abandoned(engine, (DATASET,))
    if not force:
        with session_scope(engine) as session:
            seen = batches.seen_before(session, archived.sha256, (DATASET,))
            if seen is not None:
                return ReferenceLoadResult(seen.batch_id, name, seen.source_name.removeprefix("reference:"),
                                           "duplicate", 0, reason=f"same file as batch {seen.batch_id}")
    with batches.open_batch(engine, source_name="reference", dataset=DATASET, file_name=name,
                            sha256=archived.sha256, archive_path=str(archived.archive_path)) as opened:
        batch_id = opened.batch_id
        try:
            try:
                series = read_reference_file(archived.archive_path)  # the bytes archived, not the path again
                _check_fits(series)
            except InputRejected as exc:
                quarantine_file(archived.archive_path, settings.quarantine_dir, batch_id, str(exc), name=name)
                with session_scope(engine) as session:
                    batches.reject(session, batch_id, str(exc))
                log.warning("reference file rejected", extra={"fields": {"batch_id": batch_id, "reason": str(exc)}})
                return ReferenceLoadResult(batch_id, name, None, "rejected", 0, reason=str(exc))
            implausible = _check_plausible(engine, settings, batch_id, series)
            if implausible is not None:
                quarantine_file(archived.archive_path, settings.quarantine_dir, batch_id, implausible, name=name)
                with session_scope(engine) as session:
                    batches.reject(session, batch_id, implausible, dq_success=False)
                log.warning("reference file rejected", extra={"fields": {"batch_id": batch_id,
                                                                          "reason": implausible}})
                return ReferenceLoadResult(batch_id, name, series.series, "rejected", 0, reason=implausible)
            return _publish(engine, settings, batch_id, series)
        except BaseException as exc:
            batches.fail(engine, batch_id, f"{type(exc).__name__}: {exc}")
            raise


def _check_fits(series: Any) -> None:
    """Every value fits its ``ref_workforce`` column (unit, series name, value), checked before the
    database sees it; the row named is the file's line."""
    # Heavy: pandas, loaded only when this runs.
    import pandas as pd

    # Heavy: warehouse.limits loads pandas; loaded only when this runs.
    from warehouse.limits import first_misfit

    frame = pd.DataFrame([{**row.as_record(), "source_row": row.line} for row in series.rows])
    misfit = first_misfit(RefWorkforce, frame)
    if misfit is not None:
        raise InputRejected(series.file_name, misfit.reason, row=misfit.row, column=misfit.column)


def _check_plausible(engine: Engine, settings: Settings, batch_id: int, series: Any) -> str | None:
    """Each figure against the bounds of ``suites.reference_series_suite`` and against the same region's
    and measure's figure in the nearest other year already held; the reason for refusing, or None."""
    # Heavy: pandas, loaded only when this runs.
    import pandas as pd

    # Heavy: expectations loads Great Expectations; loaded only when this runs.
    from expectations import suites

    keys = {(r.region_code, r.year, r.measure) for r in series.rows}
    with session_scope(engine) as session:
        held = [(str(c), int(y), str(m), int(v)) for c, y, m, v in session.execute(
            select(RefWorkforce.region_code, RefWorkforce.year, RefWorkforce.measure, RefWorkforce.value))
            if (str(c), int(y), str(m)) not in keys]
    rows = []
    for row in series.rows:
        past = [(y, v) for c, y, m, v in held if c == row.region_code and m == row.measure]
        year, value = min(past, key=lambda p: (abs(p[0] - row.year), -p[0])) if past else (None, None)
        rows.append({"line": row.line, "region_code": row.region_code, "year": row.year, "measure": row.measure,
                     "value": row.value, "past_year": year, "past_value": value,
                     "change_factor": row.value / value if value else 1.0})
    frame = pd.DataFrame(rows)
    validation = run_suite(frame, suites.reference_series_suite, asset_name="reference_series",
                           run_name=f"batch-{batch_id}", gx_dir=settings.gx_dir)
    with session_scope(engine) as session:
        record(session, batch_id, validation)
    if validation.passed:
        return None
    said = []
    for outcome in validation.batch_failures:
        for index in outcome.unexpected_index[:10]:
            found = frame.loc[index]
            try:
                region = f"{region_by_code(found['region_code']).name} ({found['region_code']})"
            except Exception:
                region = str(found["region_code"])
            what = (f"row {int(found['line'])}: {region} {int(found['year'])} {found['measure']} "
                    f"{format_int(int(found['value']))}")
            if outcome.column == "value":
                said.append(f"{what} is outside {format_int(suites.MIN_REFERENCE_WORKERS)} to "
                            f"{format_int(suites.PROVINCE_POPULATION)} (the province's population)")
            else:
                factor = f"{float(found['change_factor']):.2f}".replace(".", ",")
                said.append(f"{what} against {format_int(int(found['past_value']))} in {int(found['past_year'])} "
                            f"(×{factor}, beyond ×{suites.MAX_REFERENCE_CHANGE_FACTOR:g})")
    return f"{series.file_name}: implausible figures, not loaded: " + "; ".join(said or [
        o.describe() for o in validation.batch_failures])


def _publish(engine: Engine, settings: Settings, batch_id: int, series: Any) -> ReferenceLoadResult:
    # Heavy: pandas, loaded only when this runs.
    import pandas as pd

    # Heavy: expectations loads Great Expectations; loaded only when this runs.
    from expectations import suites

    keys = [(r.region_code, r.year, r.measure) for r in series.rows]
    with session_scope(engine) as session:
        session.execute(delete(RefWorkforce).where(
            tuple_(RefWorkforce.region_code, RefWorkforce.year, RefWorkforce.measure).in_(keys)))
        session.add_all(RefWorkforce(**row.as_record()) for row in series.rows)
        session.flush()
        touched = {(r.measure, r.year) for r in series.rows}
        totals = pd.DataFrame(
            [{"measure": r.measure, "year": int(r.year), "stated": float(r.stated), "computed": float(r.computed)}
             for r in session.execute(
                 text("SELECT * FROM rpt_reference_totals WHERE regions = :n AND region_code = :g"),
                 {"n": len(REGENCIES), "g": PROVINCE_CODE})
             if (r.measure, int(r.year)) in touched],
            columns=["measure", "year", "stated", "computed"])
        warnings = 0
        if len(totals):
            validation = run_suite(totals, suites.reference_totals_suite, asset_name="reference_totals",
                                   run_name=f"batch-{batch_id}", gx_dir=settings.gx_dir)
            record(session, batch_id, validation)
            warnings = len(validation.warnings)
        # Totals that do not add up are warnings: the figures stay as published.
        batches.publish(session, batch_id, source_name=f"reference:{series.series}"[:80],
                        rows_read=len(series.rows), rows_loaded=len(series.rows), dq_success=True)
    event(log, "reference series loaded", batch_id=batch_id, series=series.series, rows=len(series.rows),
          warnings=warnings)
    return ReferenceLoadResult(batch_id, series.file_name, series.series, "published", len(series.rows), warnings)


def shipped_reference_files() -> list[Path]:
    """The reference files that come with Pantau (``reference/workforce``), found from any folder."""

    folder = PROJECT_ROOT / "reference" / "workforce"
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in (".yaml", ".yml", ".csv"))


def reference_path(path: Path) -> Path:
    """``path`` as given, or, when it is relative and not here, the shipped file of that name."""

    if path.exists() or path.is_absolute():
        return path
    for candidate in (PROJECT_ROOT / path, PROJECT_ROOT / "reference" / "workforce" / path.name):
        if candidate.is_file():
            return candidate
    return path
