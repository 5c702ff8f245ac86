"""Task bodies for the Airflow DAGs: each DAG task calls exactly one function from here.

Only small, personal-data-free values (periods, file paths, batch ids, counts) cross task
boundaries, because XComs are stored in Airflow's metadata database.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def task_body(func: Callable[P, R]) -> Callable[P, R]:
    """Mark a function that a DAG task calls: it first binds this process to Airflow's connections.

    The connections are read here, in the task layer, and handed down (the warehouse URL is bound
    for the process; remote-source URLs and tokens are passed as arguments).
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from pantau.airflow_support import bind_connections

        bind_connections()
        return func(*args, **kwargs)

    return wrapper
