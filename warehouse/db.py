"""Engines, sessions and migrations for the warehouse (SQLite by default, PostgreSQL in production)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from core.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


_bound_url: str | None = None


def bind_warehouse_url(url: str | None) -> None:
    """Make ``url`` this process's warehouse (the task layer passes the Airflow connection's URL)."""
    global _bound_url
    _bound_url = url


def warehouse_url() -> str:
    """The warehouse URL: the one bound by the task layer, else ``PANTAU_WAREHOUSE_URL``."""

    return _bound_url or get_settings().resolved_warehouse_url


def stored_utc(value: object) -> datetime | None:
    """A time read back from the warehouse, as an aware UTC datetime.

    Times are stored in UTC on every database; SQLite returns them without their zone, or as text.
    """
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime):
        raise TypeError(f"not a stored time: {value!r}")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _normalise(url: str) -> str:
    # psycopg 3 is the driver; accept plain postgresql:// URLs from users and Airflow connections.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the configured warehouse), one per URL per process."""
    return _engine_for(_normalise(url or warehouse_url()))


@lru_cache(maxsize=16)
def _engine_for(url: str) -> Engine:
    _ENGINE_URLS.add(url)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def dispose_engines() -> None:
    """Close every pooled connection (before dropping a database, or at the end of tests)."""
    for engine in list(_engines_created()):
        engine.dispose()
    _engine_for.cache_clear()


def _engines_created() -> list[Engine]:
    return [_engine_for(url) for url in _ENGINE_URLS]


_ENGINE_URLS: set[str] = set()


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One transaction: committed on success, rolled back on any error (nothing half-written)."""
    factory = sessionmaker(bind=engine or get_engine(), expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", _normalise(url or warehouse_url()).replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the warehouse schema to ``revision`` (idempotent); at the head, add the configured
    government's regions, funding sources and targets where missing (``warehouse.government``)."""
    from warehouse.government import seed_government

    engine = get_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
        if revision == "head":
            seed_government(connection)


def current_revision(url: str | None = None) -> str | None:
    # Heavy: Alembic, loaded only when this runs.
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
