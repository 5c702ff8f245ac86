"""A coverage run says which month it loads: a scheduled run's id names the month it loads, as the
scheduler makes it from the DAG it reads back from the metadata database (the timetable found
through Pantau's Airflow plugin), and the run loads that month."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
import sqlalchemy as sa

pytestmark = [pytest.mark.airflow, pytest.mark.xdist_group("airflow"), pytest.mark.slow]


def test_a_scheduled_run_is_named_after_the_month_it_loads(  # type: ignore[no-untyped-def]
        dag_bag, sqlite_url: str, isolated_settings: Path) -> None:
    from airflow.models.serialized_dag import SerializedDagModel
    from airflow.timetables.base import DataInterval, TimeRestriction
    from airflow.utils.types import DagRunType

    dag = dag_bag.get_dag("bpjs_coverage")
    # The run at 00:00 WIB on 1 July 2024, as the scheduler starts it: no period param (given as None, since
    # dag.test() keeps the conf of an earlier test run in this process).
    july_first = pendulum.datetime(2024, 7, 1, tz="Asia/Jakarta")
    run = dag.test(logical_date=july_first, run_conf={"period": None})
    with sa.create_engine(sqlite_url).connect() as conn:
        loaded = conn.execute(sa.text("SELECT period_key, status FROM audit_ingest_batch")).all()
    assert [tuple(row) for row in loaded] == [(202406, "missing")]  # it covered June (nothing came)

    # The scheduler's view: the DAG as serialized into the metadata database by that run.
    scheduler_dag = SerializedDagModel.get_dag("bpjs_coverage")
    assert scheduler_dag is not None
    timetable = scheduler_dag.timetable
    assert type(timetable).__name__ == "MonthlyExportTimetable"
    # The run the scheduler makes after June 1st's is July 1st's, named after June, the month it loads.
    june_first = pendulum.datetime(2024, 6, 1, tz="Asia/Jakarta")
    after = timetable.next_dagrun_info(last_automated_data_interval=DataInterval(june_first, june_first),
                                       restriction=TimeRestriction(earliest=pendulum.datetime(2024, 1, 1),
                                                                   latest=None, catchup=True))
    assert after is not None and after.run_after == july_first == pendulum.instance(run.logical_date)
    assert timetable.generate_run_id(run_type=DagRunType.SCHEDULED, run_after=after.run_after,
                                     data_interval=after.data_interval) == (
        "scheduled__2024-06__2024-06-30T17:00:00+00:00")
    # January's run is named after December of the year before.
    assert timetable.generate_run_id(run_type=DagRunType.SCHEDULED, run_after=pendulum.datetime(
        2025, 1, 1, tz="Asia/Jakarta"), data_interval=None).startswith("scheduled__2024-12__")
    # A manual run's month may come from its period param, which the timetable never sees: Airflow's id.
    manual = timetable.generate_run_id(run_type=DagRunType.MANUAL, run_after=after.run_after, data_interval=None)
    assert manual == "manual__2024-06-30T17:00:00+00:00"
