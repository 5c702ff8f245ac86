"""Retries and timeouts: every task retries transient errors with exponential backoff and has an
execution timeout; rejected inputs fail at once, without retrying (``pantau.dag_policy``,
``pantau.tasks.task_body``)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pytest


@pytest.mark.airflow
@pytest.mark.xdist_group("airflow")
def test_every_task_retries_with_exponential_backoff_and_has_its_timeout(dag_bag) -> None:  # type: ignore[no-untyped-def]
    from pantau.dag_policy import NOT_RETRIED, TIMEOUTS, timeout

    bag = dag_bag
    assert set(bag.dag_ids) == set(TIMEOUTS), "every DAG has its timeouts in pantau.dag_policy, and only those"
    for dag_id in bag.dag_ids:
        dag = bag.get_dag(dag_id)
        assert {t.task_id for t in dag.tasks} == set(TIMEOUTS[dag_id]), f"{dag_id}: stale or missing timeouts"
        for task in dag.tasks:
            where = f"{dag_id}.{task.task_id}"
            assert task.execution_timeout == timeout(dag_id, task.task_id), where
            assert timedelta(0) < task.execution_timeout <= timedelta(hours=2), where
            if (dag_id, task.task_id) in NOT_RETRIED:
                assert task.retries == 0, f"{where} is listed as never retried"
                continue
            assert task.retries >= 2, f"{where} has {task.retries} retries"
            assert task.retry_exponential_backoff and task.retry_exponential_backoff > 1, where
            assert task.max_retry_delay is not None and task.max_retry_delay >= task.retry_delay, where
            assert task.execution_timeout == timeout(dag_id, task.task_id), where
            assert timedelta(0) < task.execution_timeout <= timedelta(hours=2), where
    # The report, whose one failed task used to fail the whole run, retries too.
    assert all(t.retries >= 2 for t in bag.get_dag("accountability_report").tasks)


def test_dag_policy_imports_only_the_standard_library() -> None:
    probe = "import json, sys; before = set(sys.modules); import pantau.dag_policy; " \
            "print(json.dumps(sorted(set(sys.modules) - before)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    new = json.loads(done.stdout.strip().splitlines()[-1])
    ours = ("pantau", "extractors", "transforms", "expectations", "warehouse", "reports", "airflow")
    assert [m for m in new if m.split(".")[0] in ours] == ["pantau", "pantau.dag_policy"], new
    assert not [m for m in new if m.split(".")[0] in ("sqlalchemy", "pandas", "great_expectations", "pendulum")], new


def test_inside_a_task_a_rejection_fails_without_retry_and_a_transient_error_stays_retryable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from airflow.sdk.exceptions import AirflowFailException
    from airflow.sdk.execution_time.context import set_current_context

    from core.errors import ConfigurationError, InputRejected
    from pantau.tasks import task_body

    @task_body
    def rejected() -> None:
        raise InputRejected("roster.csv", "no NIK column", row=1, column="NIK")

    @task_body
    def misconfigured() -> None:
        raise ConfigurationError("PANTAU_PSEUDONYM_KEY is shorter than 16 bytes")

    @task_body
    def transient() -> None:
        raise ConnectionError("warehouse restarting")

    # What Airflow's task runner sets up around a task's execution.
    monkeypatch.setenv("AIRFLOW_CTX_DAG_ID", "bpjs_coverage")
    with set_current_context({"dag_id": "bpjs_coverage"}):  # type: ignore[arg-type]
        with pytest.raises(AirflowFailException, match=r"InputRejected \(not retried\): roster.csv, row 1, column 'NIK'") as info:
            rejected()
        assert isinstance(info.value.__cause__, InputRejected)
        with pytest.raises(AirflowFailException, match="ConfigurationError"):
            misconfigured()
        with pytest.raises(ConnectionError):  # not AirflowFailException: Airflow retries it
            transient()
    # A process that once ran a task (dag.test) but is not running one now: errors pass unchanged.
    with pytest.raises(InputRejected):
        rejected()


def test_outside_airflow_a_rejection_reaches_the_caller_unchanged() -> None:
    from core.errors import InputRejected
    from pantau.tasks import task_body

    @task_body
    def body() -> None:
        raise InputRejected("export.csv", "no header row")

    with pytest.raises(InputRejected, match="no header row"):
        body()
