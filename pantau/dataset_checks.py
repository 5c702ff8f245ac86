"""Which checks each dataset's rows get, as one table: the suite on the rows, the checks on a file's
own totals, and the checks of the rows that pass against the warehouse's earlier months.

:mod:`pantau.ingest` looks the parsed file's dataset up in :data:`DATASET_CHECKS` and runs what it
finds (:func:`run_checks`); a dataset not in the table is a programming error, not a bad input.
Imports Great Expectations (through :mod:`expectations.suites`) and pandas: load it only to validate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from expectations import suites
from expectations.runner import ExpectationOutcome, Validation, run_suite
from pantau import ingest_checks
from transforms.dates import Period

SuiteBuilder = Callable[[], Any]  # an expectations.suites builder (returns a GX ExpectationSuite)


@dataclass(frozen=True)
class Check:
    """One suite to run on one frame besides the rows' own suite."""

    suite: SuiteBuilder
    asset_name: str
    frame: pd.DataFrame
    # A batch failure of this check is told with the frame's rows and numbers (``pantau.ingest``).
    explained: bool = True


def _unchanged(frame: pd.DataFrame) -> pd.DataFrame:
    return frame


def _no_checks(parsed: Any, frame: pd.DataFrame) -> list[Check]:
    return []


@dataclass(frozen=True)
class DatasetChecks:
    suite: SuiteBuilder  # on every row: row failures quarantine the row
    asset_name: str
    by_period: bool = False  # the suite takes the file's period as a parameter
    prepare: Callable[[pd.DataFrame], pd.DataFrame] = _unchanged  # columns the suite checks beyond the file's
    on_file: Callable[[Any, pd.DataFrame], list[Check]] = _no_checks  # the file's own totals, scales
    # The rows that pass against the warehouse's earlier months (needs the file's period).
    on_clean: Callable[[Engine, Period, pd.DataFrame], list[Check]] | None = None
    added_columns: tuple[str, ...] = ()  # what ``prepare`` added, dropped before loading


def _with_contribution_per_participant(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(contribution_per_participant=(
        frame["contributions_idr"].astype("float64")
        / frame["active_participants"].astype("float64").where(frame["active_participants"] > 0)))


def _coverage_totals(parsed: Any, frame: pd.DataFrame) -> list[Check]:
    """The export's JUMLAH row against the sum of the rows above it."""
    totals = pd.DataFrame([{"row_number": t.row_number, "column": t.column, "stated": float(t.stated),
                            "computed": float(t.computed)} for t in parsed.totals],
                          columns=["row_number", "column", "stated", "computed"])
    return [Check(suites.totals_suite, "coverage_totals", totals)] if len(totals) else []


def _claims_scale(parsed: Any, frame: pd.DataFrame) -> list[Check]:
    scale = ingest_checks.benefit_scale_frame(frame)
    return [Check(suites.claims_scale_suite, "claims_scale", scale)] if len(scale) else []


def _published_totals(parsed: Any, frame: pd.DataFrame) -> list[Check]:
    totals = pd.DataFrame([{"year": t.year, "stated": float(t.stated), "computed": float(t.computed)}
                           for t in parsed.totals], columns=["year", "stated", "computed"])
    return [Check(suites.published_totals_suite, "published_statistics_totals", totals, explained=False)] \
        if len(totals) else []


def _coverage_against_warehouse(engine: Engine, period: Period, clean: pd.DataFrame) -> list[Check]:
    """Each regency's participants against the month before and against its potential workers."""
    checks = []
    previous = ingest_checks.previous_month_totals(engine, period)
    current = clean.groupby("region_code")["active_participants"].sum()
    mom = pd.DataFrame(
        [{"region_code": code, "previous": previous[code], "current": int(total),
          "change_ratio": (int(total) - previous[code]) / previous[code],
          "change_factor": int(total) / previous[code]}
         for code, total in current.items() if previous.get(str(code))],
        columns=["region_code", "previous", "current", "change_ratio", "change_factor"])
    if len(mom):
        checks.append(Check(suites.month_over_month_suite, "coverage_mom", mom))
    plausible = ingest_checks.coverage_frame(engine, period, current)
    if len(plausible):
        checks.append(Check(suites.coverage_plausibility_suite, "coverage_plausibility", plausible))
    return checks


DATASET_CHECKS: dict[str, DatasetChecks] = {
    "coverage": DatasetChecks(suites.coverage_suite, "coverage_rows", by_period=True,
                              prepare=_with_contribution_per_participant, on_file=_coverage_totals,
                              on_clean=_coverage_against_warehouse, added_columns=("contribution_per_participant",)),
    "claims": DatasetChecks(suites.claims_suite, "claims_rows", by_period=True, on_file=_claims_scale),
    "roster": DatasetChecks(suites.roster_suite, "roster_rows"),
    "published_statistics": DatasetChecks(suites.published_statistics_suite, "published_statistics_rows",
                                          on_file=_published_totals),
}


@dataclass
class CheckedFile:
    """What the checks made of a parsed file: its rows, the rows that pass, every validation."""

    frame: pd.DataFrame  # the rows as checked (index 0..n-1)
    clean: pd.DataFrame  # the rows that load: row failures removed, check-only columns dropped
    main: Validation  # the rows' own suite
    row_failures: dict[Any, list[ExpectationOutcome]]
    validations: list[Validation] = field(default_factory=list)
    # The frames of the checks whose batch failures name rows and numbers, by suite name.
    checked_frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def batch_failures(self) -> list[tuple[Validation, ExpectationOutcome]]:
        return [(v, o) for v in self.validations for o in v.batch_failures]

    @property
    def warnings(self) -> int:
        return sum(len(v.warnings) for v in self.validations)


def run_checks(engine: Engine, gx_dir: Path, run_name: str, parsed: Any) -> CheckedFile:
    """Run the checks :data:`DATASET_CHECKS` gives the parsed file's dataset."""
    checks = DATASET_CHECKS.get(parsed.dataset)
    if checks is None:
        raise ValueError(f"unknown dataset {parsed.dataset!r}")
    period: Period | None = parsed.period
    frame = checks.prepare(parsed.frame.reset_index(drop=True))
    params = {"periods": [period.key]} if period and checks.by_period else {}
    main = run_suite(frame, checks.suite, asset_name=checks.asset_name, run_name=run_name, gx_dir=gx_dir,
                     parameters=params)
    failing = main.row_failures()
    checked = CheckedFile(frame=frame, clean=frame.drop(index=list(failing)) if failing else frame, main=main,
                          row_failures=failing, validations=[main])
    extra = checks.on_file(parsed, frame)
    if checks.on_clean is not None and period is not None:
        extra += checks.on_clean(engine, period, checked.clean)
    for check in extra:
        checked.validations.append(run_suite(check.frame, check.suite, asset_name=check.asset_name,
                                             run_name=run_name, gx_dir=gx_dir))
        if check.explained:
            checked.checked_frames[check.suite.__name__] = check.frame
    checked.clean = checked.clean.drop(columns=list(checks.added_columns))
    return checked
