"""A coverage run says which month it loads: scheduled and backfill run ids name the data month, as the
scheduler makes them from the DAG it reads back from the metadata database (the timetable found
through Pantau's Airflow plugin), and the run loads that month."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
import sqlalchemy as sa

pytestmark = [pytest.mark.airflow, pytest.mark.xdist_group("airflow"), pytest.mark.slow]


def test_scheduled_and_backfill_runs_are_named_after_the_month_they_load(  # type: ignore[no-untyped-def]
        dag_bag, sqlite_url: str, isolated_settings: Path) -> None:
    from airflow.models.serialized_dag import SerializedDagModel
    from airflow.timetables.base import DataInterval, TimeRestriction
    from airflow.utils.types import DagRunType

    dag = dag_bag.get_dag("bpjs_coverage")
    # A run at the start of July 2024 with no period param: its data interval (June) decides the month.
    run = dag.test(logical_date=pendulum.datetime(2024, 7, 1, tz="Asia/Jakarta"))
    with sa.create_engine(sqlite_url).connect() as conn:
        loaded = conn.execute(sa.text("SELECT period_key, status FROM audit_ingest_batch")).all()
    assert [tuple(row) for row in loaded] == [(202406, "missing")]  # the run covered June (nothing came)

    # The scheduler's view: the DAG as serialized into the metadata database by that run.
    scheduler_dag = SerializedDagModel.get_dag("bpjs_coverage")
    assert scheduler_dag is not None
    timetable = scheduler_dag.timetable
    assert type(timetable).__name__ == "MonthlyExportTimetable"
    june = DataInterval(pendulum.instance(run.data_interval_start), pendulum.instance(run.data_interval_end))
    assert timetable.generate_run_id(run_type=DagRunType.SCHEDULED, run_after=june.end, data_interval=june) == (
        "scheduled__2024-06__2024-06-30T17:00:00+00:00")

    # The run the scheduler makes after May's is June's, and named so; a backfill's likewise.
    may = DataInterval(pendulum.datetime(2024, 5, 1, tz="Asia/Jakarta"), pendulum.datetime(2024, 6, 1, tz="Asia/Jakarta"))
    after_may = timetable.next_dagrun_info(last_automated_data_interval=may, restriction=TimeRestriction(
        earliest=pendulum.datetime(2024, 1, 1, tz="Asia/Jakarta"), latest=None, catchup=True))
    assert after_may is not None and after_may.data_interval == june
    assert timetable.generate_run_id(run_type=DagRunType.BACKFILL_JOB, run_after=after_may.run_after,
                                     data_interval=after_may.data_interval).startswith("backfill__2024-06__")
    # A manual run's month may come from its period param, which the timetable never sees: Airflow's id.
    manual = timetable.generate_run_id(run_type=DagRunType.MANUAL, run_after=june.end, data_interval=june)
    assert manual.startswith("manual__") and "2024-06__" not in manual
