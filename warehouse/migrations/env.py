"""Alembic environment for the Pantau warehouse (URL and connection come from warehouse.db)."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import engine_from_config, pool

from warehouse.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = engine_from_config(config.get_section(config.config_ini_section) or {},
                                    prefix="sqlalchemy.", poolclass=pool.NullPool)
        with engine.connect() as conn:
            _run(conn)
    else:
        _run(connection)


def _run(connection: Any) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
        _grant_roles(connection)


# The revision that creates the least-privilege roles (warehouse/roles.py).
ROLES_REVISION = "0007"


def _grant_roles(connection: Any) -> None:
    """After any upgrade on PostgreSQL past the roles revision, give the roles their grants again:
    tables added by later migrations get them without each migration repeating the rules."""
    if connection.dialect.name != "postgresql":
        return
    from alembic.script import ScriptDirectory

    from warehouse.roles import apply_grants, roles_exist

    current = context.get_context().get_current_heads()
    script = ScriptDirectory.from_config(config)
    reached = {rev.revision for rev in script.iterate_revisions(current, "base")} if current else set()
    if ROLES_REVISION in reached and roles_exist(connection):
        apply_grants(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
