"""Leases on audit batches: a batch being loaded is held by a live process.

A loader takes its batch's lease before the batch becomes visible and keeps it until the batch is
finished. The lease dies with its process (however it dies, SIGKILL included): on PostgreSQL it
is a session advisory lock on a connection of its own, released by the server when the client
goes away; on SQLite it is an ``flock`` on a file beside the database, released by the kernel.
So a ``received`` batch whose lease nobody holds was abandoned by a process that stopped midway,
and the next run can close it (:func:`lease_is_held`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, Engine, text

# The first key of PostgreSQL's two-key advisory locks: "batch lease" (the second key is the batch id).
LEASE_LOCK_CLASS = 0x50414E54  # "PANT"


class LeaseTaken(RuntimeError):
    """Another live process holds this batch's lease."""


def _sqlite_lease_file(engine: Engine, batch_id: int) -> Path | None:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database).resolve().with_name(Path(database).name + ".leases") / f"batch-{batch_id}.lock"


class BatchLease:
    """The lease on one batch; ``acquire()`` does not wait (it says whether it got it)."""

    def __init__(self, engine: Engine, batch_id: int) -> None:
        self.engine = engine
        self.batch_id = batch_id
        self._connection: Connection | None = None
        self._file: IO[bytes] | None = None
        self.held = False

    def acquire(self) -> bool:
        if self.held:
            return True
        if self.engine.dialect.name == "postgresql":
            connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            got = bool(connection.execute(text("SELECT pg_try_advisory_lock(:cls, :batch)"),
                                          {"cls": LEASE_LOCK_CLASS, "batch": self.batch_id}).scalar())
            if got:
                self._connection = connection
            else:
                connection.close()
            self.held = got
            return got
        path = _sqlite_lease_file(self.engine, self.batch_id)
        if path is None:  # an in-memory database lives and dies with this one process
            self.held = True
            return True
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("ab")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        self.held = True
        return True

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:cls, :batch)"),
                                         {"cls": LEASE_LOCK_CLASS, "batch": self.batch_id})
            finally:
                self._connection.close()
                self._connection = None
        if self._file is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._file.name)
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def __enter__(self) -> BatchLease:
        if not self.acquire():
            raise LeaseTaken(f"batch {self.batch_id} is being loaded by another process")
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def lease_is_held(engine: Engine, batch_id: int) -> bool:
    """Whether a live process holds the lease of ``batch_id`` (taking and dropping it if not)."""
    probe = BatchLease(engine, batch_id)
    if probe.acquire():
        probe.release()
        return False
    return True
