"""Least-privilege PostgreSQL roles of the warehouse, and what each may touch (the one place these rules live).

Three group roles (NOLOGIN); a database administrator gives each person or service a login role
that is a member of one of them (``CREATE ROLE alice LOGIN IN ROLE pantau_reader``):

- ``pantau_loader``: the pipeline (Airflow workers, ``pantau`` CLI). Reads everything it needs and
  writes facts, audit, news and reference series (``pantau reference load``). Dimensions are
  read-only (seeded by migrations). No DDL: migrations run as the schema owner.
- ``pantau_reader``: policy staff and report tools. SELECT on the ``rpt_*`` views only; views run
  with their owner's rights, so readers never touch a base table.
- ``pantau_auditor``: a reader who also sees the audit trail (batches, DQ results, findings by
  pseudonym, news pages without an article) and *why* rows were quarantined, but never the quarantined raw row and never
  roster rows (both may hold personal data).

Grants go by object-name prefix, so tables added by later migrations are covered when
:func:`apply_grants` runs again: ``warehouse/migrations/env.py`` runs it after every upgrade on
PostgreSQL once revision 0007 is in place. A new prefix needs a line here. Roles are cluster-wide
(shared by every database on the server); grants belong to one database. No-op on SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from warehouse.db import get_engine

LOADER = "pantau_loader"
READER = "pantau_reader"
AUDITOR = "pantau_auditor"
ROLES = (LOADER, READER, AUDITOR)


@dataclass(frozen=True)
class Grant:
    role: str
    prefixes: tuple[str, ...]
    privileges: str
    exclude: tuple[str, ...] = ()


# Tables whose rows are never changed or deleted once written (reviewers' decisions, migration 0009):
# the loader may only add and read them; triggers refuse UPDATE and DELETE for everyone besides.
APPEND_ONLY = ("audit_claim_review",)

GRANTS: tuple[Grant, ...] = (
    Grant(LOADER, ("fact_", "audit_", "news_", "ref_"), "SELECT, INSERT, UPDATE, DELETE", exclude=APPEND_ONLY),
    Grant(LOADER, APPEND_ONLY, "SELECT, INSERT"),
    Grant(LOADER, ("dim_", "rpt_"), "SELECT"),
    Grant(READER, ("rpt_",), "SELECT"),
    # Auditors are readers too (role membership); quarantined rows only by the columns below.
    Grant(AUDITOR, ("audit_",), "SELECT", exclude=("audit_quarantine_row",)),
    # Why the crawler found no article on a page (``pantau dq show``): addresses and reasons, no personal data.
    Grant(AUDITOR, ("news_crawl_outcome",), "SELECT"),
)
# Columns an auditor may read where the whole row may hold personal data.
AUDITOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "audit_quarantine_row": ("id", "batch_id", "row_number", "column_name", "reason", "check_name"),
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_roles(connection: Connection) -> None:
    """Create the three group roles if missing (safe when another database's migration races us)."""
    for role in ROLES:
        connection.execute(text(f"""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                    CREATE ROLE {role} NOLOGIN;
                END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$"""))
    connection.execute(text(f"GRANT {READER} TO {AUDITOR}"))


def roles_exist(connection: Connection) -> bool:
    found = connection.execute(text("SELECT COUNT(*) FROM pg_roles WHERE rolname = ANY(:roles)"),
                               {"roles": list(ROLES)}).scalar()
    return found == len(ROLES)


def apply_grants(connection: Connection) -> list[tuple[str, str, str]]:
    """Grant each role its privileges on every table and view of the current schema, by prefix.

    Idempotent. Returns ``(role, object, privileges)`` for what was granted.
    """
    if connection.dialect.name != "postgresql":
        return []
    schema = connection.execute(text("SELECT current_schema()")).scalar()
    objects = [name for (name,) in connection.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p') ORDER BY c.relname"))]
    granted: list[tuple[str, str, str]] = []
    for role in ROLES:
        connection.execute(text(f"GRANT USAGE ON SCHEMA {_quote(str(schema))} TO {role}"))
    # Explicit, so that a database hardened by revoking PUBLIC's defaults still works: everyone may
    # connect; the loader stages COPY loads in temporary tables.
    database = _quote(str(connection.execute(text("SELECT current_database()")).scalar()))
    connection.execute(text(f"GRANT CONNECT ON DATABASE {database} TO {', '.join(ROLES)}"))
    connection.execute(text(f"GRANT TEMPORARY ON DATABASE {database} TO {LOADER}"))
    for grant in GRANTS:
        for name in objects:
            if name.startswith(grant.prefixes) and name not in grant.exclude:
                connection.execute(text(f"GRANT {grant.privileges} ON {_quote(name)} TO {grant.role}"))
                granted.append((grant.role, name, grant.privileges))
    for name, columns in AUDITOR_COLUMNS.items():
        if name in objects:
            cols = ", ".join(_quote(c) for c in columns)
            connection.execute(text(f"GRANT SELECT ({cols}) ON {_quote(name)} TO {AUDITOR}"))
            granted.append((AUDITOR, name, f"SELECT ({', '.join(columns)})"))
    # Ids come from sequences; new sequences (of tables added later) are covered by default.
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_quote(str(schema))} TO {LOADER}"))
    connection.execute(text(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {_quote(str(schema))} GRANT USAGE, SELECT ON SEQUENCES TO {LOADER}"))
    return granted


def revoke_grants(connection: Connection) -> None:
    """Take back everything :func:`apply_grants` gave in this database (the roles stay: they are cluster-wide)."""
    if connection.dialect.name != "postgresql":
        return
    schema = _quote(str(connection.execute(text("SELECT current_schema()")).scalar()))
    for role in ROLES:
        connection.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE ALL ON SEQUENCES FROM {role}"))
        connection.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}"))
        connection.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}"))
        connection.execute(text(f"REVOKE USAGE ON SCHEMA {schema} FROM {role}"))
    database = _quote(str(connection.execute(text("SELECT current_database()")).scalar()))
    connection.execute(text(f"REVOKE CONNECT, TEMPORARY ON DATABASE {database} FROM {', '.join(ROLES)}"))


# What each role is for, in the words a refusal shows (the grants above say it to the database).
ROLE_DUTIES = {
    LOADER: "run the pipeline: ingest exports, load reference series, crawl news and build reports",
    READER: "read the reporting views: `pantau coverage report`",
    AUDITOR: "read the reporting views and the audit trail: `pantau coverage report`, `pantau dq show`",
}


def permission_denied(exc: BaseException) -> bool:
    """Whether ``exc`` is PostgreSQL refusing a privilege (SQLSTATE 42501), however SQLAlchemy wraps it."""
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlstate", None) == "42501" or "permission denied" in str(orig).lower()


def refusal(connection: Connection, exc: BaseException) -> str:
    """A refusal in plain words: who is connected, which of Pantau's roles they hold, and what those may do."""
    user = connection.execute(text("SELECT current_user")).scalar()
    held = [str(r) for r in connection.execute(text(
        "SELECT rolname FROM pg_roles WHERE rolname = ANY(:roles) AND pg_has_role(current_user, oid, 'member') "
        "ORDER BY rolname"), {"roles": list(ROLES)}).scalars()]
    denied = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    if not held:
        return (f"refused: the login {user} holds none of Pantau's roles ({', '.join(ROLES)}) and may do nothing "
                f"here ({denied})")
    may = "; ".join(f"{role} may {ROLE_DUTIES[role]}" for role in held)
    return f"refused: the login {user} ({', '.join(held)}) may not do this ({denied}). {may}."


def explain_refusal(exc: BaseException) -> str:
    """:func:`refusal` on a fresh connection to the warehouse; a plainer one if that cannot be looked up."""

    try:
        with get_engine().connect() as connection:
            return refusal(connection, exc)
    except Exception:  # the refusal itself could not be looked up: still a refusal
        return f"refused: the warehouse login may not do this ({str(getattr(exc, 'orig', exc)).splitlines()[0]})"
