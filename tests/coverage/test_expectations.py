"""The GX runner splits row-level, batch-level and warning outcomes and records them for auditors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from expectations import suites
from expectations.runner import data_docs_index, record, run_suite
from warehouse.db import get_engine, session_scope
from warehouse.models import AuditIngestBatch


def _coverage(**overrides: list) -> pd.DataFrame:  # type: ignore[type-arg]
    frame = pd.DataFrame({
        "source_row": [5, 6, 7],
        "period_key": [202406] * 3,
        "region_code": ["15.01", "15.02", "15.07"],
        "segment_code": ["BPU"] * 3,
        "programme_set": ["JKK+JKM"] * 3,
        "funding_source_code": ["APBD_PROV"] * 3,
        "active_participants": [100, 200, 300],
        "new_participants": pd.array([1, None, 2], dtype="Int64"),
        "contributions_idr": [1_680_000, 3_360_000, 5_040_000],
    })
    for key, value in overrides.items():
        frame[key] = value
    frame["contribution_per_participant"] = frame.contributions_idr / frame.active_participants.where(
        frame.active_participants > 0)
    return frame


def test_clean_batch_passes_and_writes_data_docs(tmp_path: Path) -> None:
    result = run_suite(_coverage(), suites.coverage_suite, asset_name="coverage_rows", run_name="batch-1",
                       gx_dir=tmp_path / "gx", parameters={"periods": [202406]})
    assert result.passed and not result.row_failures()
    assert result.data_docs_url and Path(result.data_docs_url.removeprefix("file://")).is_file()
    assert data_docs_index(tmp_path / "gx").is_file()


def test_bad_rows_are_named_and_batch_checks_reject(tmp_path: Path) -> None:
    frame = _coverage(region_code=["15.01", "15.99", "15.01"], active_participants=[100, -5, 100])
    result = run_suite(frame, suites.coverage_suite, asset_name="coverage_rows", run_name="batch-2",
                       gx_dir=tmp_path / "gx", parameters={"periods": [202406]})
    failing = result.row_failures()
    assert set(failing) == {1}
    assert {o.column for o in failing[1]} == {"region_code", "active_participants"}
    # Row 0 and 2 share a key: a batch-level failure, the whole batch is refused.
    assert [o.expectation_type for o in result.batch_failures] == ["expect_compound_columns_to_be_unique"]
    assert not result.passed


def test_wrong_period_rejects_the_batch(tmp_path: Path) -> None:
    result = run_suite(_coverage(), suites.coverage_suite, asset_name="coverage_rows", run_name="batch-3",
                       gx_dir=tmp_path / "gx", parameters={"periods": [202405]})
    assert [o.column for o in result.batch_failures] == ["period_key"]


def test_implausible_contribution_per_person_is_a_row_failure(tmp_path: Path) -> None:
    frame = _coverage(contributions_idr=[1_680_000, 2_000, 5_040_000])  # Rp 10 per person
    result = run_suite(frame, suites.coverage_suite, asset_name="coverage_rows", run_name="batch-4",
                       gx_dir=tmp_path / "gx", parameters={"periods": [202406]})
    assert list(result.row_failures()) == [1]
    assert result.row_failures()[1][0].column == "contribution_per_participant"


def test_results_are_recorded_per_expectation(sqlite_url: str, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    result = run_suite(_coverage(), suites.coverage_suite, asset_name="coverage_rows", run_name="batch-5",
                       gx_dir=tmp_path / "gx", parameters={"periods": [202406]})
    engine = get_engine(sqlite_url)
    with session_scope(engine) as s:
        batch = AuditIngestBatch(source_name="s", dataset="coverage", file_name="f", sha256="1" * 64,
                                 received_at=datetime.now(UTC), status="received", rows_read=3, rows_loaded=0,
                                 rows_quarantined=0)
        s.add(batch)
        s.flush()
        record(s, batch.batch_id, result)
        record(s, batch.batch_id, result)  # recording again replaces, never duplicates
    with engine.connect() as conn:
        count = conn.execute(sa.text("SELECT COUNT(*) FROM audit_dq_result")).scalar()
    assert count == len(suites.coverage_suite().expectations)


def test_a_row_check_that_raises_fails_the_batch(tmp_path: Path) -> None:
    # A text where a number belongs: the range check cannot compare, so it raises inside GX.
    frame = _coverage().astype({"contribution_per_participant": object})
    frame.loc[1, "contribution_per_participant"] = "enam belas ribu"
    result = run_suite(frame, suites.coverage_suite, asset_name="coverage_rows", run_name="batch-5",
                       gx_dir=tmp_path / "gx", parameters={"periods": [202406]})
    raised = [o for o in result.outcomes if o.raised]
    assert [o.column for o in raised] == ["contribution_per_participant"]
    assert raised[0].level == "row" and not raised[0].unexpected_index  # no row named, yet it failed
    assert raised[0] in result.batch_failures and not result.passed
    assert "could not be checked" in raised[0].describe()
