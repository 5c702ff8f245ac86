"""Read Airflow connections when running inside Airflow; harmless outside it.

Connections take precedence over ``PANTAU_*`` settings so that a deployment configures
sources in one place (``pantau_warehouse``, ``bpjs_export_http``, ``ckan_portal``). Only the
task layer reads them; it passes URLs, tokens and engines down to the other folders.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from core.errors import ConfigurationError
from core.settings import get_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConnectionInfo:
    uri: str
    host: str | None
    login: str | None
    password: str | None
    extra: dict[str, object]


def running_airflow_task() -> bool:
    """Whether an Airflow task is executing in this process right now.

    Airflow sets ``AIRFLOW_CTX_*`` before a task executes (and leaves them behind in a process
    that ran ``dag.test()``), so the task's live context is what decides.
    """
    if "AIRFLOW_CTX_DAG_ID" not in os.environ:
        return False
    try:
        from airflow.sdk import get_current_context

        get_current_context()
    except Exception:  # no task context: not inside a task
        return False
    return True


def _inside_airflow_task() -> bool:
    return running_airflow_task() or get_settings().use_airflow_connections


def get_connection(conn_id: str) -> ConnectionInfo | None:
    """The Airflow connection ``conn_id``, or None when not in Airflow or not defined."""
    env_uri = os.environ.get(f"AIRFLOW_CONN_{conn_id.upper()}")
    if not env_uri and not _inside_airflow_task():
        return None
    try:
        from airflow.sdk import Connection

        conn = Connection.get(conn_id)
    except Exception as exc:  # not defined, or no Airflow context: fall back to settings
        log.debug("connection %s not available: %s", conn_id, type(exc).__name__)
        return None
    return ConnectionInfo(
        uri=conn.get_uri(),
        host=conn.host,
        login=conn.login,
        password=conn.password,
        extra=dict(conn.extra_dejson or {}),
    )


def connection_uri(conn_id: str) -> str | None:
    conn = get_connection(conn_id)
    if conn is None:
        return None
    # A warehouse connection may carry the SQLAlchemy URL verbatim in extra["url"].
    url = conn.extra.get("url")
    return str(url) if url else conn.uri


@dataclass(frozen=True)
class RemoteSource:
    """Where a remote coverage source is, as configured by an Airflow connection."""

    base_url: str | None
    secret: str | None
    extra: dict[str, object]


def remote_source(conn_id: str) -> RemoteSource | None:
    """The base URL (connection host), secret (password) and extra of ``conn_id``, if defined."""
    conn = get_connection(conn_id)
    if conn is None:
        return None
    host = conn.host
    base_url = host if host and "://" in host else (f"https://{host}" if host else None)
    return RemoteSource(base_url=base_url, secret=conn.password, extra=conn.extra)


def bind_connections() -> None:
    """Point this process at the warehouse named by the ``pantau_warehouse`` connection, if any."""
    from warehouse.db import bind_warehouse_url

    bind_warehouse_url(connection_uri("pantau_warehouse"))


# Where the wheel installs the DAG files, under its installation prefix (pyproject: data-files), and
# the file that marks the folder.
DAG_MARK = "bpjs_coverage.py"
INSTALLED_DAGS = ("share", "pantau", "dags")


def dags_folder() -> Path:
    """The folder of Pantau's DAG files, for ``AIRFLOW__CORE__DAGS_FOLDER``.

    In a checkout, the repository's ``dags/``; once installed from the wheel, the copy the wheel put
    under its installation prefix (``<prefix>/share/pantau/dags``: ``/usr/local`` or ``~/.local`` in an
    image, the virtualenv otherwise), found through the distribution's own file list.
    """
    from importlib.metadata import PackageNotFoundError, distribution

    checkout = Path(__file__).resolve().parents[1] / "dags"
    if (checkout / DAG_MARK).is_file():
        return checkout
    try:
        files = distribution("pantau").files or []
    except PackageNotFoundError:
        files = []
    for file in files:
        if file.parts[-4:] == (*INSTALLED_DAGS, DAG_MARK):
            return Path(str(file.locate())).resolve().parent
    raise ConfigurationError("Pantau's DAG files are not installed: install the pantau wheel "
                             "(pip install --no-deps pantau-*.whl), or run from a checkout")
