"""One batch lifecycle for every delivery (``warehouse/batches.py``): leased while open, closed once and
only from ``received``, "seen before" only when published or superseded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import SAMPLE_DIR
from warehouse import batches
from warehouse.batches import BatchClosed, BatchStatus
from warehouse.db import get_engine, session_scope


def _status(url: str, batch_id: int) -> str:
    with get_engine(url).connect() as conn:
        return str(conn.execute(sa.text("SELECT status FROM audit_ingest_batch WHERE batch_id = :b"),
                                {"b": batch_id}).scalar())


def test_a_coverage_ingest_leaves_open_news_and_reference_batches_alone(warehouse_url: str, tmp_path: Path) -> None:
    from pantau.ingest import ingest_file

    engine = get_engine(warehouse_url)
    # A news crawl's batch waiting for its processing task (no lease between the two tasks), and a
    # reference series being loaded by a live process (its lease held).
    waiting = batches.open_batch(engine, source_name="news", dataset="news", file_name="crawl", sha256="1" * 64)
    waiting.release()
    loading = batches.open_batch(engine, source_name="reference", dataset="reference", file_name="r.yaml",
                                 sha256="2" * 64)
    # A coverage batch whose process died: no lease, still received.
    dead = batches.open_batch(engine, source_name="x", dataset="coverage", file_name="dead.csv", sha256="3" * 64)
    dead.release()
    try:
        export = Path(shutil.copy(SAMPLE_DIR / "coverage" / "rekap-kepesertaan-2024-06.csv", tmp_path))
        assert ingest_file(export).status == "published"
        assert _status(warehouse_url, waiting.batch_id) == "received"
        assert _status(warehouse_url, loading.batch_id) == "received"
        assert _status(warehouse_url, dead.batch_id) == "failed"
        # The reference loader closes an abandoned reference batch once its lease is free, never a held one.
        assert batches.close_abandoned(engine, ("reference",)) == []
    finally:
        loading.release()
    assert batches.close_abandoned(engine, ("reference",)) == [loading.batch_id]


def test_publish_never_overwrites_a_closed_batch(warehouse_url: str) -> None:
    engine = get_engine(warehouse_url)
    with batches.open_batch(engine, source_name="s", dataset="coverage", file_name="f.csv", sha256="4" * 64) as opened:
        assert batches.fail(engine, opened.batch_id, "closed by someone else")
        with pytest.raises(BatchClosed), session_scope(engine) as session:
            batches.publish(session, opened.batch_id, rows_loaded=3)
        with session_scope(engine) as session:
            assert not batches.reject(session, opened.batch_id, "too late")
    assert _status(warehouse_url, opened.batch_id) == "failed"


def test_seen_before_means_published_or_superseded_never_rejected_or_failed(warehouse_url: str) -> None:
    engine = get_engine(warehouse_url)
    closed: dict[BatchStatus, int] = {}
    for status in (BatchStatus.REJECTED, BatchStatus.FAILED, BatchStatus.PUBLISHED, BatchStatus.SUPERSEDED):
        with batches.open_batch(engine, source_name="s", dataset="coverage", file_name=f"{status}.csv",
                                sha256=status.value.ljust(64, "0")) as opened:
            with session_scope(engine) as session:
                if status is BatchStatus.REJECTED:
                    batches.reject(session, opened.batch_id, "wrong month")
                elif status is not BatchStatus.FAILED:
                    batches.publish(session, opened.batch_id)
                    if status is BatchStatus.SUPERSEDED:
                        batches.supersede(session, [opened.batch_id], by=0)
            if status is BatchStatus.FAILED:
                batches.fail(engine, opened.batch_id, "database restarted")
            closed[status] = opened.batch_id
    with session_scope(engine) as session:
        seen = {status: batches.seen_before(session, status.value.ljust(64, "0"), ("coverage",)) for status in closed}
        assert {s: (b.batch_id if b else None) for s, b in seen.items()} == {
            BatchStatus.REJECTED: None, BatchStatus.FAILED: None,
            BatchStatus.PUBLISHED: closed[BatchStatus.PUBLISHED],
            BatchStatus.SUPERSEDED: closed[BatchStatus.SUPERSEDED]}


def test_a_file_refused_by_the_wrong_months_run_loads_in_its_own(sqlite_url: str, tmp_path: Path) -> None:
    from pantau.ingest import ingest_file
    from transforms.dates import Period

    export = Path(shutil.copy(SAMPLE_DIR / "coverage" / "rekap-kepesertaan-2024-06.csv", tmp_path / "rekap.csv"))
    refused = ingest_file(export, expected_period=Period(2024, 5))
    assert refused.status == "rejected"
    loaded = ingest_file(export, expected_period=Period(2024, 6))
    assert loaded.status == "published" and loaded.batch_id != refused.batch_id
    assert ingest_file(export, expected_period=Period(2024, 6)).status == "duplicate"
