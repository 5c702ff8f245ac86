"""What every ``pantau`` command prints with: the two consoles, JSON and tables, the ``--format`` option.

Shared by ``pantau.cli`` and the command groups it registers (``pantau.claims_cli``), so that no
command group imports the module that registers it.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

# Wide enough for audit tables when output is piped or logged.
out = Console(width=None if sys.stdout.isatty() else 180)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 180)


class OutputFormat(StrEnum):
    """What ``--format`` accepts (typer offers exactly these and refuses anything else)."""

    JSON = "json"
    TABLE = "table"


FORMAT = Annotated[OutputFormat, typer.Option("--format", help="json or table")]


def json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=json_default) + "\n")


def print_table(rows: list[dict[str, Any]], columns: list[str], title: str | None = None) -> None:
    """A terminal table of ``rows``; every cell is printed as text, never read as Rich markup
    (a file named ``[x]-2024-06.csv`` or a cell holding ``[/x]`` comes out as written)."""
    table = Table(title=Text(title) if title else None)
    for column in columns:
        table.add_column(Text(column), overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if row.get(c) is None else str(row.get(c))) for c in columns))
    out.print(table)

