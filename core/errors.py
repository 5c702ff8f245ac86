"""Errors that reach users: each names where the problem is and what was wrong."""

from __future__ import annotations


class PantauError(Exception):
    """Base class for errors shown to users without a stack trace."""


class InputRejected(PantauError):
    """A whole input (file, page, response) is rejected; nothing from it is loaded."""

    def __init__(
        self,
        source: str,
        reason: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.source = source
        self.reason = reason
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.reason}"


class ConfigurationError(PantauError):
    """A required setting is missing or invalid."""
