"""The lifecycle of a news batch: the shared one (:mod:`warehouse.batches`) with a ``crawled`` step.

    crawled ──(process step takes the lease)──▶ received ──▶ published | rejected
       │                                           │
       └──(a later crawl: never processed)──▶ failed ◀──(its process died: no live lease)

- ``crawled``: the pages are archived and listed in the manifest; no process holds the batch
  (the crawl step and the process step are separate tasks). It is not ``received``, so a
  coverage ingest never takes it for an abandoned load.
- ``received``: a process step is loading it and holds its lease (:mod:`warehouse.leases`) for as
  long as it does; if that process dies, the lease dies with it and the next run closes the batch.
- A process step that raises puts the batch back to ``crawled``, so a retry of the step loads it.
- ``published`` and ``rejected`` are set inside the load transaction, only while the batch is
  still the caller's (``received``, or ``published`` when a step is re-run): a batch closed
  meanwhile is never reopened by a late load.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from core.errors import InputRejected
from core.logs import event
from warehouse.batches import BatchClosed, BatchStatus
from warehouse.db import session_scope
from warehouse.leases import BatchLease, LeaseTaken, lease_is_held
from warehouse.models import AuditIngestBatch

log = logging.getLogger("pantau.news")

DATASET = "news"
CRAWLED, RECEIVED, PUBLISHED, REJECTED, FAILED = (BatchStatus.CRAWLED, BatchStatus.RECEIVED, BatchStatus.PUBLISHED,
                                                  BatchStatus.REJECTED, BatchStatus.FAILED)
ABANDONED_REASON = ("abandoned: the news batch was left open (its process step died or never ran); "
                    "its pages are fetched again by the next crawl")


class NewsBatch:
    """Opening, taking, publishing, rejecting and failing one news batch."""

    def __init__(self, engine: Engine, batch_id: int) -> None:
        self.engine = engine
        self.batch_id = batch_id

    @staticmethod
    def open(engine: Engine, page_checksums: list[str], *, site: str | None, run_id: str | None) -> int:
        """A new ``crawled`` batch over these archived pages; returns its id."""
        digest = hashlib.sha256("\n".join(sorted(page_checksums)).encode()).hexdigest()
        with session_scope(engine) as session:
            batch = AuditIngestBatch(source_name=site or DATASET, dataset=DATASET,
                                     file_name=f"crawl {run_id or datetime.now(UTC).isoformat(timespec='seconds')}",
                                     sha256=digest, received_at=datetime.now(UTC), status=CRAWLED,
                                     rows_read=len(page_checksums), rows_loaded=0, rows_quarantined=0, run_id=run_id)
            session.add(batch)
            session.flush()
            return int(batch.batch_id)

    @staticmethod
    def close_abandoned(engine: Engine) -> list[int]:
        """Close as ``failed`` every open news batch no live process holds; returns their ids."""
        with session_scope(engine) as session:
            open_batches = session.execute(select(AuditIngestBatch.batch_id, AuditIngestBatch.status).where(
                AuditIngestBatch.dataset == DATASET, AuditIngestBatch.status.in_((CRAWLED, RECEIVED)))).all()
        closed = []
        for batch_id, status in open_batches:
            if lease_is_held(engine, batch_id):
                continue
            with session_scope(engine) as session:
                done = session.execute(update(AuditIngestBatch).where(
                    AuditIngestBatch.batch_id == batch_id, AuditIngestBatch.status == status).values(
                    status=FAILED, reason=ABANDONED_REASON, finished_at=datetime.now(UTC)))
            if getattr(done, "rowcount", 0):
                closed.append(batch_id)
                event(log, "abandoned news batch closed", batch_id=batch_id, was=status)
        return closed

    @contextlib.contextmanager
    def taken(self) -> Iterator[None]:
        """Hold the batch's lease and mark it ``received`` while the body loads it. A batch already
        published may be loaded again (a re-run: unchanged articles stay as they are); a rejected
        or failed one is refused. If the body raises, the batch goes back to ``crawled``."""
        lease = BatchLease(self.engine, self.batch_id)
        if not lease.acquire():
            raise LeaseTaken(f"news batch {self.batch_id} is being loaded by another process")
        try:
            with session_scope(self.engine) as session:
                batch = session.get_one(AuditIngestBatch, self.batch_id)
                if batch.status in (REJECTED, FAILED):
                    raise InputRejected(f"news batch {self.batch_id}", f"the batch is closed as {batch.status} "
                                        f"({batch.reason or 'no reason given'}); crawl again")
                if batch.status == CRAWLED:
                    batch.status = RECEIVED
            try:
                yield
            except BaseException:
                with session_scope(self.engine) as session:
                    session.execute(update(AuditIngestBatch).where(
                        AuditIngestBatch.batch_id == self.batch_id, AuditIngestBatch.status == RECEIVED).values(
                        status=CRAWLED))
                raise
        finally:
            lease.release()

    def close(self, session: Session, status: BatchStatus, *, reason: str | None, rows_loaded: int) -> AuditIngestBatch:
        """Set the outcome (``published`` or ``rejected``) in the load's transaction; raises
        ``BatchClosed`` (rolling the load back) if another run closed the batch meanwhile."""
        done = session.execute(update(AuditIngestBatch).where(
            AuditIngestBatch.batch_id == self.batch_id,
            AuditIngestBatch.status.in_((RECEIVED, PUBLISHED))).values(
            status=status, reason=reason, rows_loaded=rows_loaded, finished_at=datetime.now(UTC)))
        if not getattr(done, "rowcount", 0):
            raise BatchClosed(f"news batch {self.batch_id} was closed by another run while it was loaded")
        return session.get_one(AuditIngestBatch, self.batch_id)
