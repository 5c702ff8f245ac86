"""Task bodies for the Airflow DAGs: each DAG task calls exactly one function from here.

Only small, personal-data-free values (periods, file paths, batch ids, counts) cross task
boundaries, because XComs are stored in Airflow's metadata database.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

log = logging.getLogger("pantau.tasks")
P = ParamSpec("P")
R = TypeVar("R")


def task_body(func: Callable[P, R]) -> Callable[P, R]:
    """Mark a function that a DAG task calls: private logs, Airflow's connections, private XComs.

    First NIK scrubbing is installed on whatever renders this process's logs (Airflow's task log
    included; see :func:`core.logs.install_scrubbing`). The connections are read here, in
    the task layer, and handed down (the warehouse URL is bound for the process; remote-source
    URLs and tokens are passed as arguments). The return value, which Airflow stores as an XCom,
    leaves with NIK-like numbers masked.

    Inside an Airflow task, a rejected input or a configuration error (any ``PantauError``) fails
    the task without retrying (``AirflowFailException``): a second try would read the same file
    and settings. A source that is down or slow (``SourceUnavailable``) and anything else (a
    database outage, a timeout) are left to Airflow's retries with backoff (``pantau.dag_policy``);
    the outage is logged in plain words first. Outside Airflow (the CLI) errors pass unchanged.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from core.errors import PantauError, SourceUnavailable
        from core.logs import install_scrubbing, scrub, scrub_value
        from pantau.airflow_support import bind_connections, running_airflow_task

        install_scrubbing()
        bind_connections()
        try:
            result: R = scrub_value(func(*args, **kwargs))
            return result
        except SourceUnavailable as exc:
            if running_airflow_task():
                log.warning("source unavailable; Airflow retries this task with backoff",
                            extra={"fields": {"source": exc.source, "reason": exc.reason}})
            raise
        except PantauError as exc:
            if not running_airflow_task():
                raise
            from airflow.sdk.exceptions import AirflowFailException

            # The reason first, in plain words; the failure after it without a traceback (core.logs).
            log_task_error(explain_failure(exc))
            raise AirflowFailException(scrub(f"{type(exc).__name__} (not retried): {exc}")[:300]) from exc

    return wrapper


def explain_failure(exc: Exception) -> str:
    """An expected failure as the first line an engineer reads: what and why, wrapped to be read."""
    import textwrap

    from core.errors import InputRejected
    from core.logs import scrub

    label = "REJECTED" if isinstance(exc, InputRejected) else type(exc).__name__
    # 88 columns: with Airflow's "[date time] ERROR - " before it, the first line fits the log panel of
    # the UI on a 1280-pixel screen.
    return textwrap.fill(scrub(f"{label} {exc}"), width=88, subsequent_indent="    ",
                         break_long_words=False, break_on_hyphens=False)


def log_task_error(message: str) -> None:
    """An ERROR line in the task's own log stream (Airflow's structlog when it is there)."""
    try:
        import structlog
    except ImportError:  # pragma: no cover - structlog comes with Airflow
        log.error(message)
        return
    structlog.get_logger("pantau.tasks").error(message)
