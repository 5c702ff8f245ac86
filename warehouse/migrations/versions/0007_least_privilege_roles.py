"""Least-privilege PostgreSQL roles: pantau_loader, pantau_reader, pantau_auditor.

The roles and their grants (by table-name prefix) as ``warehouse.roles`` defined them when this
revision was written, frozen here. Roles are created if missing (they are shared by every
database on the server), grants are given on every existing table and view; ``env.py`` gives the
live ``warehouse.roles`` grants again after every later upgrade, so tables that later migrations
add are covered. No-op on SQLite.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Connection, text

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

LOADER, READER, AUDITOR = "pantau_loader", "pantau_reader", "pantau_auditor"
ROLES = (LOADER, READER, AUDITOR)
# (role, object-name prefixes, privileges, excluded objects)
GRANTS: tuple[tuple[str, tuple[str, ...], str, tuple[str, ...]], ...] = (
    (LOADER, ("fact_", "audit_", "news_", "ref_"), "SELECT, INSERT, UPDATE, DELETE", ()),
    (LOADER, ("dim_", "rpt_"), "SELECT", ()),
    (READER, ("rpt_",), "SELECT", ()),
    (AUDITOR, ("audit_",), "SELECT", ("audit_quarantine_row",)),
    (AUDITOR, ("news_crawl_outcome",), "SELECT", ()),
)
AUDITOR_COLUMNS = {"audit_quarantine_row": ("id", "batch_id", "row_number", "column_name", "reason", "check_name")}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create_roles(connection: Connection) -> None:
    for role in ROLES:
        connection.execute(text(f"""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                    CREATE ROLE {role} NOLOGIN;
                END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$"""))
    connection.execute(text(f"GRANT {READER} TO {AUDITOR}"))


def _apply_grants(connection: Connection) -> None:
    schema = _quote(str(connection.execute(text("SELECT current_schema()")).scalar()))
    objects = [name for (name,) in connection.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p') ORDER BY c.relname"))]
    for role in ROLES:
        connection.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {role}"))
    database = _quote(str(connection.execute(text("SELECT current_database()")).scalar()))
    connection.execute(text(f"GRANT CONNECT ON DATABASE {database} TO {', '.join(ROLES)}"))
    connection.execute(text(f"GRANT TEMPORARY ON DATABASE {database} TO {LOADER}"))
    for role, prefixes, privileges, exclude in GRANTS:
        for name in objects:
            if name.startswith(prefixes) and name not in exclude:
                connection.execute(text(f"GRANT {privileges} ON {_quote(name)} TO {role}"))
    for name, columns in AUDITOR_COLUMNS.items():
        if name in objects:
            cols = ", ".join(_quote(c) for c in columns)
            connection.execute(text(f"GRANT SELECT ({cols}) ON {_quote(name)} TO {AUDITOR}"))
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {LOADER}"))
    connection.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {LOADER}"))


def _revoke_grants(connection: Connection) -> None:
    schema = _quote(str(connection.execute(text("SELECT current_schema()")).scalar()))
    for role in ROLES:
        connection.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE ALL ON SEQUENCES FROM {role}"))
        connection.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}"))
        connection.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}"))
        connection.execute(text(f"REVOKE USAGE ON SCHEMA {schema} FROM {role}"))
    database = _quote(str(connection.execute(text("SELECT current_database()")).scalar()))
    connection.execute(text(f"REVOKE CONNECT, TEMPORARY ON DATABASE {database} FROM {', '.join(ROLES)}"))


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    _create_roles(connection)
    _apply_grants(connection)


def downgrade() -> None:
    # The roles stay: other databases on the same server may use them.
    if op.get_bind().dialect.name == "postgresql":
        _revoke_grants(op.get_bind())
