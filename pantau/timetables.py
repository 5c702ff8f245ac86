"""The coverage DAG's schedule: ``@monthly`` in Jakarta time, with run ids that name the month loaded.

A scheduled run starts at 00:00 WIB on the 1st and loads the month that just ended (the rule of
``pantau.tasks.coverage.resolve_period``), yet Airflow names it after the moment it starts
(``scheduled__2024-06-30T17:00:00+00:00`` for June's data), so nothing on the grid says which month
it loads. :class:`MonthlyExportTimetable` keeps Airflow's own ``@monthly`` schedule (a cron trigger,
as Airflow 3 makes of ``schedule="@monthly"``) and puts the month first:
``scheduled__2024-06__2024-06-30T17:00:00+00:00``. A backfill re-running a month beside an earlier
run gets the month too; Airflow names a backfill's first runs and manual runs itself (a manual run's
month may come from its ``period`` param, which the timetable never sees).

Airflow finds custom timetables through plugins; :class:`PantauPlugin` is registered under the
``airflow.plugins`` entry point of the package, so every Airflow process that has Pantau installed
(scheduler, dag-processor, api-server, workers) knows the class. DAG files import this module at top
level, so it imports nothing but Airflow itself.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.plugins_manager import AirflowPlugin
from airflow.timetables.base import DataInterval
from airflow.timetables.trigger import CronTriggerTimetable
from airflow.utils.types import DagRunType
from pendulum import DateTime

# Run types that start when the timetable says, so the month before the start is the month loaded.
_NAMED_BY_MONTH = (DagRunType.SCHEDULED, DagRunType.BACKFILL_JOB)


class MonthlyExportTimetable(CronTriggerTimetable):
    """``@monthly`` at 00:00 in ``timezone``; scheduled run ids start with the month that just ended."""

    def __init__(self, cron: str = "@monthly", *, timezone: Any = "Asia/Jakarta",
                 interval: Any = timedelta(), run_immediately: bool | timedelta = False) -> None:
        super().__init__(cron, timezone=timezone, interval=interval, run_immediately=run_immediately)

    @property
    def summary(self) -> str:
        return f"{self._expression}, run ids name the month loaded"

    def month_loaded(self, run_after: DateTime) -> str:
        """``YYYY-MM`` of the month before ``run_after``, in the timetable's time zone."""
        start = run_after.in_timezone(self._timezone).start_of("month").subtract(days=1)
        return f"{start.year:04d}-{start.month:02d}"

    def generate_run_id(self, *, run_type: DagRunType, run_after: DateTime, data_interval: DataInterval | None,
                        **extra: Any) -> str:
        if run_type not in _NAMED_BY_MONTH:
            return super().generate_run_id(run_type=run_type, run_after=run_after, data_interval=data_interval,
                                           **extra)
        return run_type.generate_run_id(suffix=f"{self.month_loaded(run_after)}__{run_after.isoformat()}")


class PantauPlugin(AirflowPlugin):
    """Registers Pantau's timetable with every Airflow process that has the package installed."""

    name = "pantau"
    timetables = [MonthlyExportTimetable]  # noqa: RUF012 (Airflow reads the class attribute)
