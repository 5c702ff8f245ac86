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


class SourceUnavailable(Exception):
    """A source is down, slow or refused the connection: worth trying again later.

    Not a ``PantauError``: inside Airflow it is left to the task's retries and backoff, where a
    rejected input or bad setting fails at once. ``source`` names the URL or host, ``reason``
    what happened (status code, time-out, refused connection) in plain words.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")
