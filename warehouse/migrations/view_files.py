"""Reporting views read from their SQL files: one file per view and version, ``warehouse/views/<name>_v<N>.sql``.

A migration names the version it creates (``create_view("rpt_coverage_rate", 1)``); a later version
is a new file, never an edit of an older one, so every revision's schema stays what it was. A file
holds the whole ``CREATE VIEW`` statement, as run. A view whose SQL differs by dialect has a
``<name>_v<N>.<dialect>.sql`` beside the plain file, which the other dialects read.
"""

from __future__ import annotations

from pathlib import Path

from alembic import op

VIEWS_DIR = Path(__file__).resolve().parent.parent / "views"


def view_path(name: str, version: int, dialect: str | None = None) -> Path:
    if dialect:
        specific = VIEWS_DIR / f"{name}_v{version}.{dialect}.sql"
        if specific.exists():
            return specific
    return VIEWS_DIR / f"{name}_v{version}.sql"


def view_sql(name: str, version: int, dialect: str | None = None) -> str:
    """The ``CREATE VIEW`` statement of ``name`` at ``version``."""
    return view_path(name, version, dialect).read_text(encoding="utf-8")


def create_view(name: str, version: int) -> None:
    op.execute(view_sql(name, version, op.get_bind().dialect.name))


def create_views(versions: dict[str, int]) -> None:
    """Create each view at its version, in the order given (a view after the views it reads)."""
    for name, version in versions.items():
        create_view(name, version)


def drop_views(names: list[str] | tuple[str, ...]) -> None:
    """Drop each view if it exists, in the order given (a view before the views it reads)."""
    for name in names:
        op.execute(f"DROP VIEW IF EXISTS {name}")
