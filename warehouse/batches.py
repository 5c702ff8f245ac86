"""The one lifecycle of an audit batch, for every kind of delivery Pantau loads.

Coverage, claims and open-data exports, rosters, reference series and news crawls all go
through the same steps:

``open_batch`` records a ``received`` batch and takes its lease (:mod:`warehouse.leases`) before
the batch is visible to anyone; the batch then ends exactly once, checked in the database, as
``published`` (:func:`publish`), ``rejected`` (the input's fault, :func:`reject`) or ``failed``
(anything else, :func:`fail`). A published batch becomes ``superseded`` (:func:`supersede`) when a
later delivery replaces all of its facts. No step overwrites a status it did not expect: closing a
batch that someone else closed meanwhile raises :class:`BatchClosed` (publish) or answers False.

"Seen before" (:func:`seen_before`) means a published or superseded batch of the same file, never
a rejected or failed one: a file refused by the wrong month's run loads in its own month's run.

A ``received`` batch whose lease nobody holds was abandoned by a process that stopped midway;
:func:`close_abandoned` closes those of the given datasets as ``failed``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Literal

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from core.logs import scrub
from warehouse.db import session_scope
from warehouse.governments import government_code, register
from warehouse.leases import BatchLease, LeaseTaken, lease_is_held
from warehouse.models import AuditIngestBatch

log = logging.getLogger("pantau.batches")


class BatchStatus(StrEnum):
    """Where a batch is in its lifecycle (``audit_ingest_batch.status``)."""

    # A news crawl's pages are archived and listed, waiting for the step that loads them (which
    # takes the lease and makes it ``received``); not a load in progress, so never "abandoned" by a
    # file ingest. See ``pantau.news.batch``.
    CRAWLED = "crawled"
    RECEIVED = "received"
    PUBLISHED = "published"
    REJECTED = "rejected"
    FAILED = "failed"
    SUPERSEDED = "superseded"
    # Not a delivery: the record that a run found nothing to load for its month (no file, no facts).
    MISSING = "missing"


# What became of a delivered file, as a load reports it: its batch published or rejected, or the same
# file was seen before and not loaded again.
LoadOutcome = Literal["published", "rejected", "duplicate"]

# A file whose batch ended in one of these is not loaded again: its facts are (or were) in the warehouse.
SEEN_STATUSES = (BatchStatus.PUBLISHED, BatchStatus.SUPERSEDED)

# Datasets loaded from one file in one process (``pantau.ingest``).
FILE_DATASETS = ("coverage", "claims", "roster", "published_statistics")

ABANDONED_REASON = ("abandoned: the process loading this batch stopped before finishing (no live lease); "
                    "nothing of it was published, and the file loads again on the next run")


class BatchClosed(RuntimeError):
    """The batch was no longer ``received`` when this process tried to close it."""


@dataclass
class OpenBatch:
    """A ``received`` batch and the lease this process holds on it."""

    batch_id: int
    lease: BatchLease

    def release(self) -> None:
        self.lease.release()

    def __enter__(self) -> OpenBatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def open_batch(engine: Engine, *, source_name: str, dataset: str, file_name: str, sha256: str,
               archive_path: str | None = None, period_key: int | None = None, run_id: str | None = None,
               rows_read: int = 0) -> OpenBatch:
    """Record a ``received`` batch, leased by this process before the batch is visible to others."""
    with session_scope(engine) as session:
        government = register(session)
        batch = AuditIngestBatch(
            source_name=source_name[:80], dataset=dataset, file_name=file_name[:255], sha256=sha256,
            archive_path=archive_path, received_at=datetime.now(UTC), status=BatchStatus.RECEIVED.value,
            rows_read=rows_read, rows_loaded=0, rows_quarantined=0, run_id=run_id, period_key=period_key,
            government_code=government)
        session.add(batch)
        session.flush()
        batch_id = int(batch.batch_id)
        lease = BatchLease(engine, batch_id)
        if not lease.acquire():
            raise LeaseTaken(f"batch {batch_id} is leased by another process")
    return OpenBatch(batch_id, lease)


def seen_before(session: Session, sha256: str, datasets: Sequence[str]) -> AuditIngestBatch | None:
    """The first published or superseded batch of this exact file (rejected and failed ones never count)
    written for this deployment's government: a regional office's export that several governments load
    (each its own rows) is new to each of them."""
    return session.scalars(
        select(AuditIngestBatch)
        .where(AuditIngestBatch.sha256 == sha256, AuditIngestBatch.dataset.in_(list(datasets)),
               AuditIngestBatch.government_code == government_code(),
               AuditIngestBatch.status.in_([s.value for s in SEEN_STATUSES]))
        .order_by(AuditIngestBatch.batch_id)
    ).first()


def _close(session: Session, batch_id: int, status: BatchStatus, reason: str | None, **values: object) -> bool:
    closed = session.execute(
        update(AuditIngestBatch)
        .where(AuditIngestBatch.batch_id == batch_id, AuditIngestBatch.status == BatchStatus.RECEIVED.value)
        .values(status=status.value, reason=scrub(reason)[:4000] if reason else None,
                finished_at=datetime.now(UTC), **values)
        .execution_options(synchronize_session="fetch"))
    return bool(getattr(closed, "rowcount", 0))


def publish(session: Session, batch_id: int, *, reason: str | None = None, **values: object) -> None:
    """Close a ``received`` batch as ``published`` in the caller's transaction (with its facts).

    Raises :class:`BatchClosed` when the batch is no longer ``received`` (closed by someone else),
    so the caller's transaction, facts included, rolls back.
    """
    if not _close(session, batch_id, BatchStatus.PUBLISHED, reason, **values):
        raise BatchClosed(f"batch {batch_id} was closed by another process before it could be published")


def reject(session: Session, batch_id: int, reason: str, **values: object) -> bool:
    """Close a ``received`` batch as ``rejected`` (the input's fault); False if it was closed already."""
    return _close(session, batch_id, BatchStatus.REJECTED, reason, rows_loaded=0, **values)


def fail(engine: Engine, batch_id: int, reason: str) -> bool:
    """Close a still-open batch as ``failed`` (an error not the input's); False if it was closed already.

    Its own transaction: the database itself may be what failed, in which case the lease check
    of :func:`close_abandoned` recovers the batch later.
    """
    try:
        with session_scope(engine) as session:
            return _close(session, batch_id, BatchStatus.FAILED, reason)
    except Exception:
        log.exception("could not close batch %s as failed", batch_id)
        return False


def supersede(session: Session, batch_ids: Iterable[int], by: int) -> None:
    """Mark published batches ``superseded`` by batch ``by`` (their facts are gone)."""
    ids = sorted(set(batch_ids))
    if ids:
        session.execute(
            update(AuditIngestBatch)
            .where(AuditIngestBatch.batch_id.in_(ids), AuditIngestBatch.status == BatchStatus.PUBLISHED.value)
            .values(status=BatchStatus.SUPERSEDED.value, reason=f"replaced by batch {by}")
            .execution_options(synchronize_session="fetch"))


NOTHING_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # of zero bytes


def record_missing(engine: Engine, *, dataset: str, period_key: int, reason: str,
                   run_id: str | None = None) -> int:
    """Record that a run found no delivery of ``dataset`` for ``period_key``; returns the batch id.

    One ``missing`` batch per dataset and month while nothing has been published for it: a run
    that finds nothing again returns the same record.
    """
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        known = session.scalar(
            select(AuditIngestBatch.batch_id).where(
                AuditIngestBatch.dataset == dataset, AuditIngestBatch.period_key == period_key,
                AuditIngestBatch.status == BatchStatus.MISSING.value,
                AuditIngestBatch.government_code == government_code()).order_by(AuditIngestBatch.batch_id))
        if known is not None:
            return int(known)
        batch = AuditIngestBatch(
            source_name="(none)", dataset=dataset, file_name="(no export delivered)", sha256=NOTHING_SHA256,
            received_at=now, finished_at=now, status=BatchStatus.MISSING.value, reason=scrub(reason)[:4000],
            rows_read=0, rows_loaded=0, rows_quarantined=0, run_id=run_id, period_key=period_key,
            government_code=government_code())
        session.add(batch)
        session.flush()
        return int(batch.batch_id)


def close_abandoned(engine: Engine, datasets: Sequence[str]) -> list[int]:
    """Close as ``failed`` every ``received`` batch of ``datasets`` whose lease nobody holds."""
    with session_scope(engine) as session:
        candidates = session.scalars(
            select(AuditIngestBatch.batch_id).where(AuditIngestBatch.status == BatchStatus.RECEIVED.value,
                                                    AuditIngestBatch.dataset.in_(list(datasets)))).all()
    abandoned = [batch_id for batch_id in candidates if not lease_is_held(engine, batch_id)]
    closed = []
    for batch_id in abandoned:
        if fail(engine, batch_id, ABANDONED_REASON):
            log.warning("abandoned batch closed", extra={"fields": {"batch_id": batch_id}})
            closed.append(batch_id)
    return closed
