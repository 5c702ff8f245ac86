"""Least-privilege PostgreSQL roles: pantau_loader, pantau_reader, pantau_auditor.

The roles and their grants (by table-name prefix) are defined once, in ``warehouse.roles``.
Roles are created if missing (they are shared by every database on the server), grants are
given on every existing table and view; ``env.py`` gives them again after every later upgrade,
so tables that later migrations add are covered. No-op on SQLite.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

from warehouse.roles import apply_grants, create_roles, revoke_grants

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    create_roles(connection)
    apply_grants(connection)


def downgrade() -> None:
    # The roles stay: other databases on the same server may use them.
    revoke_grants(op.get_bind())
