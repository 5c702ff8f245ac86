"""Shared fixtures: an isolated data dir and settings per test, SQLite and real PostgreSQL warehouses.

PostgreSQL tests use the server on 127.0.0.1:5432 (user postgres), creating a database of their
own per test session. Without a server they skip with a loud reason, except under CI=true,
where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DAGS_FOLDER = REPO / "dags"
SAMPLE_DIR = REPO / "samples" / "data"

# Airflow reads its configuration when first imported: give each test process its own home and
# metadata database before anything imports it.
_AIRFLOW_HOME = Path(os.environ.get("PANTAU_TEST_AIRFLOW_HOME", "")) if os.environ.get(
    "PANTAU_TEST_AIRFLOW_HOME") else Path(__import__("tempfile").mkdtemp(prefix="pantau-airflow-"))
os.environ["AIRFLOW_HOME"] = str(_AIRFLOW_HOME)
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS_FOLDER)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_AIRFLOW_HOME / 'airflow.db'}"
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

PG_ADMIN_URL = os.environ.get("PANTAU_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
TEST_KEY = "pantau-test-key-0123456789abcdef"
_pg_skip_reason: list[str] = []


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data dir, a default SQLite warehouse and a test pseudonym key."""
    from core.settings import reset_settings

    data_dir = tmp_path / "data"
    monkeypatch.setenv("PANTAU_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PANTAU_WAREHOUSE_URL", f"sqlite:///{tmp_path / 'warehouse.sqlite'}")
    monkeypatch.setenv("PANTAU_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "False")
    reset_settings()
    yield data_dir
    reset_settings()


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """Airflow's metadata database for this test process, migrated once, in this process."""
    marker = _AIRFLOW_HOME / ".migrated"
    if not marker.exists():
        from airflow.utils.db import upgradedb

        upgradedb()
        marker.touch()
    return _AIRFLOW_HOME


@pytest.fixture(scope="session")
def dag_bag(airflow_db: Path):  # type: ignore[no-untyped-def]
    """Pantau's DAGs, parsed once per test process (every DAG test runs in the ``airflow`` xdist group)."""
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS_FOLDER))


def _admin_engine():  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    return sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A fresh database on the real PostgreSQL server for this test session (dropped afterwards)."""
    import sqlalchemy as sa

    engine = _admin_engine()
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        reason = f"PostgreSQL not reachable at {PG_ADMIN_URL.split('@')[-1]}: {type(exc).__name__}: {exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true requires PostgreSQL. {reason}")
        _pg_skip_reason.append(reason)
        pytest.skip(f"!!! SKIPPING POSTGRESQL TESTS: {reason}")
    name = f"pantau_test_{uuid.uuid4().hex[:12]}"
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    from warehouse.db import upgrade

    upgrade(f"{base}/{name}")  # migrated once per session; pg_url empties it before each test
    yield f"{base}/{name}"
    from warehouse.db import dispose_engines

    dispose_engines()
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture
def pg_url(pg_server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated PostgreSQL warehouse, emptied of facts and audit rows before each test."""
    import sqlalchemy as sa

    from core.settings import reset_settings
    from warehouse.db import get_engine

    engine = get_engine(pg_server)
    with engine.begin() as conn:
        # A connection an earlier test left in a transaction would make TRUNCATE wait for ever:
        # fail loudly instead of hanging the run.
        conn.execute(sa.text("SET LOCAL lock_timeout = '60s'"))
        conn.execute(sa.text(
            "TRUNCATE fact_claim_reconciliation, news_figure, news_mention, news_article, news_cluster, "
            "news_crawl_state, news_site, fact_coverage_monthly, fact_benefit_claims, fact_roster_participant, "
            "audit_finding, audit_quarantine_row, audit_dq_result, audit_ingest_batch, audit_claim_review, ref_government "
            "RESTART IDENTITY CASCADE"))
        _reseed_reference(conn)
    monkeypatch.setenv("PANTAU_WAREHOUSE_URL", pg_server)
    reset_settings()
    yield pg_server


def _reseed_reference(conn) -> None:  # type: ignore[no-untyped-def]
    """Reference series back to the seeded files (a test may have loaded others)."""
    from warehouse.models import RefWorkforce
    from warehouse.reference import REFERENCE_DIR, SEED_FILES, read_reference_file

    conn.execute(RefWorkforce.__table__.delete())
    conn.execute(RefWorkforce.__table__.insert(),
                 [row.as_record() for name in SEED_FILES for row in read_reference_file(REFERENCE_DIR / name).rows])


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite warehouse built by the migrations once per test process; each test gets a copy."""
    from warehouse.db import get_engine, upgrade

    path = tmp_path_factory.mktemp("warehouse-template") / "warehouse.sqlite"
    upgrade(f"sqlite:///{path}")
    get_engine(f"sqlite:///{path}").dispose()  # the last connection closed: the WAL is folded into the file
    assert not path.with_name(path.name + "-wal").exists() or path.with_name(path.name + "-wal").stat().st_size == 0
    return path


@pytest.fixture
def sqlite_url(isolated_settings: Path, tmp_path: Path, sqlite_template: Path) -> str:
    import shutil

    target = tmp_path / "warehouse.sqlite"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def warehouse_url(request: pytest.FixtureRequest) -> str:
    """The same test on the embedded SQLite warehouse and on the real PostgreSQL server."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    if _pg_skip_reason:
        terminalreporter.write_sep("!", "POSTGRESQL TESTS WERE SKIPPED", red=True, bold=True)
        terminalreporter.write_line(_pg_skip_reason[0], red=True)


# A test that needs a running service (PostgreSQL, Airflow's metadata DB, the Celery stack) is also
# marked ``services``: ``pytest -m "not services"`` runs the unit tests alone.
SERVICE_MARKERS = ("postgres", "airflow", "celery_stack")


def _uses_postgres(item) -> bool:  # type: ignore[no-untyped-def]
    return bool({"pg_url", "pg_server"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Balance two xdist workers (``make test`` runs ``-n 2 --dist loadgroup``).

    Every test that runs DAGs through Airflow is marked ``xdist_group("airflow")`` beside
    ``airflow``, so one worker pays for Airflow's metadata DB, its in-process task API and the parsed
    DAGs once. Work is handed out longest first: a test marked ``long_running`` (one that mostly
    waits, such as a deployment test; give it an ``xdist_group`` of its own) goes out first, followed by two quick tests (xdist queues a
    worker's next units behind its current one: they should be small), then the Airflow group,
    then the other ``slow`` tests, then the rest, so the long ones overlap everything else.
    """
    def rank(item):  # type: ignore[no-untyped-def]
        if item.get_closest_marker("long_running"):
            return 0
        if item.get_closest_marker("airflow"):
            return 2
        return 3 if item.get_closest_marker("slow") else 4

    for item in items:
        if any(item.get_closest_marker(name) for name in SERVICE_MARKERS) or _uses_postgres(item):
            item.add_marker(pytest.mark.services)
        if item.get_closest_marker("long_running") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(f"long-{item.name}"))
    if config.getoption("loadgroup", default=False):
        _group_node_ids(items)
    ordered = sorted(items, key=rank)
    long_running = [i for i in ordered if rank(i) == 0]
    if long_running:
        quick = [i for i in ordered if rank(i) == 4][:2]
        ordered = long_running + quick + [i for i in ordered if rank(i) != 0 and i not in quick]
    items[:] = ordered


def _group_node_ids(items):  # type: ignore[no-untyped-def]
    """Give grouped tests the ``nodeid@group`` ids that ``--dist loadgroup`` schedules by.

    pytest-xdist 3.8 writes the suffix to ``item._nodeid``, which pytest 9 no longer reads (the id
    lives in ``item._id``), so without this every group is silently split across workers.
    """
    from _pytest.nodeid import NodeId

    for item in items:
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                        for m in item.iter_markers("xdist_group")})
        if names and "@" not in item.nodeid and hasattr(item, "_id"):
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")


# The sample pipeline as the demo runs it (the report's language and layout tests).
from tests.report.report_fixtures import sample_month  # noqa: E402, F401
