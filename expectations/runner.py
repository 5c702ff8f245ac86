"""Run a suite on a frame with a file-mode GX context, and record the results for auditors.

Results land twice: in GX's own stores with Data Docs (HTML an auditor can open), and in the
warehouse table ``audit_dq_result`` (one row per expectation per batch).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from warehouse.models import AuditDqResult

if TYPE_CHECKING:
    from great_expectations.data_context import AbstractDataContext

log = logging.getLogger(__name__)
_lock = threading.RLock()
_contexts: dict[Path, AbstractDataContext] = {}
_checkpoints: dict[tuple[Path, str, str, str], tuple[Any, Any]] = {}


@dataclass
class ExpectationOutcome:
    suite_name: str
    expectation_type: str
    column: str | None
    level: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    observed_value: str | None
    kwargs: dict[str, Any]
    unexpected_index: list[Any] = field(default_factory=list)
    # The error the check raised instead of answering (then it failed without naming any row).
    raised: str | None = None

    def describe(self) -> str:
        """A sentence an auditor understands: which check, on which column, with which bound."""
        what = self.expectation_type.removeprefix("expect_").replace("_", " ")
        bounds = {k: v for k, v in self.kwargs.items()
                  if k in ("min_value", "max_value", "regex", "column_list", "column_A", "column_B")}
        subject = f"{self.column}: " if self.column else ""
        said = f"{subject}{what}" + (f" {json.dumps(bounds, default=str)}" if bounds else "")
        return f"{said} could not be checked ({self.raised})" if self.raised else said


@dataclass
class Validation:
    suite_name: str
    outcomes: list[ExpectationOutcome]
    data_docs_url: str | None
    run_at: datetime

    @property
    def batch_failures(self) -> list[ExpectationOutcome]:
        """Failed batch-level checks, and any check that raised: a check that cannot answer never passes."""
        return [o for o in self.outcomes if not o.success and (o.level == "batch" or o.raised)]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if o.level == "warn" and not o.success and not o.raised]

    @property
    def passed(self) -> bool:
        return not self.batch_failures

    def row_failures(self) -> dict[Any, list[ExpectationOutcome]]:
        """Frame index -> the row-level expectations that row failed."""
        failing: dict[Any, list[ExpectationOutcome]] = {}
        for outcome in self.outcomes:
            if outcome.level == "row" and not outcome.success:
                for index in outcome.unexpected_index:
                    failing.setdefault(index, []).append(outcome)
        return failing


@contextmanager
def _process_lock(gx_dir: Path) -> Iterator[None]:
    """Serialise GX store writes across processes (Airflow runs tasks in parallel processes)."""

    gx_dir.mkdir(parents=True, exist_ok=True)
    with open(gx_dir / ".pantau.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def gx_context(gx_dir: Path) -> AbstractDataContext:
    """The file-mode GX context under ``gx_dir`` (created on first use), one per process."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    gx_dir = gx_dir.resolve()
    with _lock:
        if gx_dir not in _contexts:
            # Heavy: Great Expectations, loaded only when a suite first runs.
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            gx_dir.mkdir(parents=True, exist_ok=True)
            context = gx.get_context(mode="file", project_root_dir=str(gx_dir))
            context.variables.progress_bars = ProgressBarsConfig(globally=False)
            context.variables.save()
            _contexts[gx_dir] = context
        return _contexts[gx_dir]


def _batch_definition(context: Any, asset_name: str) -> Any:  # GX types get() as any datasource
    source = context.data_sources.add_or_update_pandas("pantau") if "pantau" not in [
        d.name for d in context.data_sources.all().values()] else context.data_sources.get("pantau")
    try:
        asset = source.get_asset(asset_name)
    except LookupError:
        asset = source.add_dataframe_asset(name=asset_name)
    try:
        return asset.get_batch_definition("whole_frame")
    except KeyError:
        return asset.add_batch_definition_whole_dataframe("whole_frame")


def run_suite(
    frame: Any,
    build_suite: Callable[[], Any],
    *,
    asset_name: str,
    run_name: str,
    gx_dir: Path,
    parameters: dict[str, Any] | None = None,
) -> Validation:
    """Validate ``frame`` against the suite ``build_suite()`` and update the Data Docs."""
    # Heavy: Great Expectations, loaded only when this runs.
    import great_expectations as gx

    # Heavy: Great Expectations, loaded only when this runs.
    from great_expectations.core.run_identifier import RunIdentifier

    with _lock, _process_lock(gx_dir):
        context = gx_context(gx_dir)
        # Suites are code: stored once per process and context, not rewritten expectation by expectation
        # for every batch (the store writes were a third of a validation's time).
        key = (gx_dir.resolve(), build_suite.__module__, build_suite.__qualname__, asset_name)
        if key not in _checkpoints:
            suite = context.suites.add_or_update(build_suite())
            definition = context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=f"{suite.name}__{asset_name}",
                                        data=_batch_definition(context, asset_name), suite=suite))
            _checkpoints[key] = (suite, context.checkpoints.add_or_update(gx.Checkpoint(
                name=f"{suite.name}__checkpoint",
                validation_definitions=[definition],
                actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")],
                result_format={"result_format": "COMPLETE", "partial_unexpected_count": 20},
            )))
        suite, checkpoint = _checkpoints[key]
        run_at = datetime.now(UTC)
        result = checkpoint.run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=parameters or {},
            run_id=RunIdentifier(run_name=run_name, run_time=run_at),
        )
        outcomes, docs_url = _outcomes(context, suite.name, result)
    return Validation(suite_name=build_suite.__name__, outcomes=outcomes, data_docs_url=docs_url, run_at=run_at)


def _outcomes(context: AbstractDataContext, suite_name: str, result: Any
              ) -> tuple[list[ExpectationOutcome], str | None]:
    """Each expectation's outcome from a checkpoint's result, and the Data Docs page of the run."""
    outcomes: list[ExpectationOutcome] = []
    docs_url: str | None = None
    for identifier, suite_result in result.run_results.items():
        urls = context.get_docs_sites_urls(resource_identifier=identifier)
        docs_url = urls[0]["site_url"] if urls else None
        for item in suite_result.results:
            config = item.expectation_config
            kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
            details = item.result or {}
            observed = details.get("observed_value")
            outcomes.append(ExpectationOutcome(
                suite_name=suite_name,
                expectation_type=config.type,
                column=kwargs.get("column"),
                level=(config.meta or {}).get("level", "batch"),
                success=bool(item.success),
                element_count=details.get("element_count"),
                unexpected_count=details.get("unexpected_count"),
                observed_value=None if observed is None else json.dumps(observed, default=str)[:2000],
                kwargs=json.loads(json.dumps(kwargs, default=str)),
                unexpected_index=list(details.get("unexpected_index_list") or []),
                raised=_raised(item.exception_info),
            ))
            if outcomes[-1].raised:
                log.warning("expectation %s raised: %s", config.type, outcomes[-1].raised)
    return outcomes, docs_url


def _raised(info: Any) -> str | None:
    """The message of the exception a check raised, from GX's ``exception_info`` (flat or per metric)."""
    if not info:
        return None
    found = [info] if isinstance(info, dict) and "raised_exception" in info else (
        list(info.values()) if isinstance(info, dict) else [])
    for entry in found:
        entry = entry if isinstance(entry, dict) else getattr(entry, "to_json_dict", lambda: {})()
        if entry.get("raised_exception"):
            return str(entry.get("exception_message") or "an error")[:500]
    return None


def record(session: Session, batch_id: int, validation: Validation) -> None:
    """Store one audit row per expectation (idempotent: a re-run replaces the suite's rows)."""

    suite_names = {o.suite_name for o in validation.outcomes}
    session.execute(delete(AuditDqResult).where(AuditDqResult.batch_id == batch_id,
                                                AuditDqResult.suite_name.in_(suite_names)))
    session.add_all(
        AuditDqResult(
            batch_id=batch_id,
            suite_name=o.suite_name,
            expectation_type=o.expectation_type,
            column_name=o.column or o.kwargs.get("column_A"),  # a pair check is recorded under its first column
            level=o.level,
            success=o.success,
            element_count=o.element_count,
            unexpected_count=o.unexpected_count,
            observed_value=o.observed_value,
            kwargs=o.kwargs,
            run_at=validation.run_at,
            data_docs_url=validation.data_docs_url,
        )
        for o in validation.outcomes
    )


def data_docs_index(gx_dir: Path) -> Path:
    return gx_dir.resolve() / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def rebuild_data_docs(gx_dir: Path) -> Path:
    with _lock, _process_lock(gx_dir):
        gx_context(gx_dir).build_data_docs()
    return data_docs_index(gx_dir)
