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

from sqlalchemy import Engine, delete, text, tuple_

from core.errors import InputRejected
from core.logs import event
from core.settings import Settings, get_settings
from extractors.archive import archive_file, quarantine_file
from transforms.regions import REGENCIES
from warehouse import batches
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
    status: str  # published | rejected | duplicate
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
            return _publish(engine, settings, batch_id, series)
        except BaseException as exc:
            batches.fail(engine, batch_id, f"{type(exc).__name__}: {exc}")
            raise


def _check_fits(series: Any) -> None:
    """Every value fits its ``ref_workforce`` column (unit, series name, value), checked before the
    database sees it; the row named is the file's line."""
    import pandas as pd

    from warehouse.limits import first_misfit

    frame = pd.DataFrame([{**row.as_record(), "source_row": row.line} for row in series.rows])
    misfit = first_misfit(RefWorkforce, frame)
    if misfit is not None:
        raise InputRejected(series.file_name, misfit.reason, row=misfit.row, column=misfit.column)


def _publish(engine: Engine, settings: Settings, batch_id: int, series: Any) -> ReferenceLoadResult:
    import pandas as pd

    from expectations import suites
    from expectations.runner import record, run_suite

    keys = [(r.region_code, r.year, r.measure) for r in series.rows]
    with session_scope(engine) as session:
        session.execute(delete(RefWorkforce).where(
            tuple_(RefWorkforce.region_code, RefWorkforce.year, RefWorkforce.measure).in_(keys)))
        session.add_all(RefWorkforce(**row.as_record()) for row in series.rows)
        session.flush()
        touched = {(r.measure, r.year) for r in series.rows}
        totals = pd.DataFrame(
            [{"measure": r.measure, "year": int(r.year), "stated": float(r.stated), "computed": float(r.computed)}
             for r in session.execute(text("SELECT * FROM rpt_reference_totals WHERE regions = :n"),
                                      {"n": len(REGENCIES)})
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
