"""The coverage DAG's schedule: monthly in Jakarta time, with run ids that name the data month.

Airflow names a scheduled run after the moment it may start (``scheduled__2024-06-30T17:00:00+00:00``
for June, since June ends at 17:00 UTC on the 30th in Jakarta), so nothing on the grid says which
month a run loads. :class:`MonthlyExportTimetable` keeps ``@monthly``'s data intervals and puts the
month first: ``scheduled__2024-06__2024-06-30T17:00:00+00:00``, ``backfill__2024-03__…``. A manual
run keeps Airflow's own id: the month it covers may come from its ``period`` param, which the
timetable never sees (give the run an id naming the month when triggering it).

Airflow finds custom timetables through plugins; :class:`PantauPlugin` is registered under the
``airflow.plugins`` entry point of the package, so every Airflow process that has Pantau installed
(scheduler, dag-processor, api-server, workers) knows the class. DAG files import this module at top
level, so it imports nothing but Airflow itself.
"""

from __future__ import annotations

from typing import Any

from airflow.plugins_manager import AirflowPlugin
from airflow.timetables.base import DataInterval
from airflow.timetables.interval import CronDataIntervalTimetable
from airflow.utils.types import DagRunType
from pendulum import DateTime

# Run types whose data interval is the timetable's own, so the month it names is the month loaded.
_NAMED_BY_MONTH = (DagRunType.SCHEDULED, DagRunType.BACKFILL_JOB)


class MonthlyExportTimetable(CronDataIntervalTimetable):
    """``@monthly`` data intervals in ``timezone``; scheduled and backfill run ids start with the month."""

    def __init__(self, cron: str = "@monthly", timezone: Any = "Asia/Jakarta") -> None:
        super().__init__(cron, timezone)

    @property
    def summary(self) -> str:
        return f"{self._expression}, run ids name the month"

    def month_of(self, data_interval: DataInterval) -> str:
        """``YYYY-MM`` of the interval's start, in the timetable's time zone."""
        start = data_interval.start.in_timezone(self._timezone)
        return f"{start.year:04d}-{start.month:02d}"

    def generate_run_id(self, *, run_type: DagRunType, run_after: DateTime, data_interval: DataInterval | None,
                        **extra: Any) -> str:
        if data_interval is None or run_type not in _NAMED_BY_MONTH:
            return super().generate_run_id(run_type=run_type, run_after=run_after, data_interval=data_interval,
                                           **extra)
        return run_type.generate_run_id(suffix=f"{self.month_of(data_interval)}__{run_after.isoformat()}")


class PantauPlugin(AirflowPlugin):
    """Registers Pantau's timetable with every Airflow process that has the package installed."""

    name = "pantau"
    timetables = [MonthlyExportTimetable]  # noqa: RUF012 (Airflow reads the class attribute)
