"""Which months the accountability report rebuilds: those the triggering events name, and every
month whose report is missing or older than its newest published batch (an asset event that
Airflow folded into no run must not leave a month without its report)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import SAMPLE_DIR


def test_a_month_whose_report_is_missing_or_stale_is_rebuilt_whatever_the_events_say(
        sqlite_url: str, isolated_settings: Path) -> None:
    from pantau.ingest import ingest_file
    from pantau.tasks.report import affected_periods, build

    for month in ("2024-05", "2024-06"):
        for path in sorted((SAMPLE_DIR / "coverage").glob(f"*{month}*")):
            assert ingest_file(path).status == "published"

    # No report yet: both months, even when the only event names May.
    assert affected_periods([{"period": "2024-05"}], None) == ["2024-05", "2024-06"]
    june = Path(build("2024-06")["html"])
    may = Path(build("2024-05")["html"])
    # Both reports newer than their batches: only what the event names.
    assert affected_periods([{"period": "2024-05"}], None) == ["2024-05"]
    # A scheduled run with nothing stale: the latest published month, as before.
    assert affected_periods([], None) == ["2024-06"]

    # June's report predates its newest batch (the event that said so was lost).
    os.utime(june, (0, 0))
    assert affected_periods([{"period": "2024-05"}], None) == ["2024-05", "2024-06"]
    may.unlink()
    assert affected_periods([], None) == ["2024-05", "2024-06"]
    # A requested period is taken as it is.
    assert affected_periods([], None, "2024-04") == ["2024-04"]


def test_a_scheduled_report_covers_the_month_before_as_jakarta_counts_it(sqlite_url: str) -> None:
    from datetime import UTC, datetime

    from pantau.tasks.report import affected_periods

    # The run of 1 December 06:00 WIB, whose logical date is 30 November 23:00 UTC: November's report.
    assert affected_periods([], datetime(2024, 11, 30, 23, 0, tzinfo=UTC)) == ["2024-11"]
    assert affected_periods([], datetime(2024, 12, 1, 6, 33, tzinfo=UTC)) == ["2024-11"]
