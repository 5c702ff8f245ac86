"""A load that dies midway leaves nothing visible, its batch is closed with a reason, and a re-run
publishes the file whole. Any non-input error inside ``ingest_file`` closes its batch as failed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from core.errors import ConfigurationError
from core.settings import reset_settings
from pantau.ingest import fail_abandoned_batches, ingest_file
from tests.conftest import SAMPLE_DIR
from warehouse.batches import ABANDONED_REASON
from warehouse.db import get_engine
from warehouse.leases import BatchLease, lease_is_held

ROSTER = SAMPLE_DIR / "coverage" / "daftar-peserta-bkbk-2024-06.csv"
CRASH_ROWS = 200_000

_LOAD = """
import sys
from pathlib import Path
from pantau.ingest import ingest_file
ingest_file(Path(sys.argv[1]))
"""


def _batches(url: str) -> list[sa.Row]:
    with get_engine(url).connect() as conn:
        return list(conn.execute(sa.text(
            "SELECT batch_id, status, reason, finished_at, rows_loaded FROM audit_ingest_batch ORDER BY batch_id")))


def _facts(url: str, batch_id: int | None = None) -> int:
    where = "" if batch_id is None else f" WHERE batch_id = {int(batch_id)}"
    with get_engine(url).connect() as conn:
        return int(conn.execute(sa.text(f"SELECT COUNT(*) FROM fact_roster_participant{where}")).scalar() or 0)


def test_a_short_pseudonym_key_fails_the_batch_with_a_reason(warehouse_url: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTAU_PSEUDONYM_KEY", "eleven-byte")
    reset_settings()
    with pytest.raises(ConfigurationError, match="at least 16 bytes"):
        ingest_file(ROSTER)
    [batch] = _batches(warehouse_url)
    assert batch.status == "failed"
    assert "ConfigurationError" in batch.reason and "at least 16 bytes" in batch.reason
    assert batch.finished_at is not None
    assert _facts(warehouse_url) == 0

    # With a proper key the same file loads (a failed batch does not count as "seen before").
    monkeypatch.setenv("PANTAU_PSEUDONYM_KEY", "a-proper-key-of-thirty-two-bytes")
    reset_settings()
    again = ingest_file(ROSTER)
    assert again.status == "published" and again.rows_loaded == _facts(warehouse_url, again.batch_id) > 0
    assert [b.status for b in _batches(warehouse_url)] == ["failed", "published"]


def test_a_live_lease_is_not_taken_and_a_dead_one_is_recovered(warehouse_url: str) -> None:
    engine = get_engine(warehouse_url)
    with engine.begin() as conn:
        for batch_id in (41, 42):
            conn.execute(sa.text(
                "INSERT INTO audit_ingest_batch (batch_id, source_name, dataset, file_name, sha256, received_at, "
                "status, rows_read, rows_loaded, rows_quarantined) VALUES (:id, 's', 'roster', 'f.csv', :sha, "
                "CURRENT_TIMESTAMP, 'received', 0, 0, 0)"), {"id": batch_id, "sha": f"{batch_id:064d}"})
    with BatchLease(engine, 41):
        assert lease_is_held(engine, 41) and not lease_is_held(engine, 42)
        assert fail_abandoned_batches(engine) == [42]
    statuses = {b.batch_id: (b.status, b.reason) for b in _batches(warehouse_url)}
    assert statuses[41] == ("received", None)  # its loader is alive: left alone
    assert statuses[42] == ("failed", ABANDONED_REASON)


@pytest.mark.postgres
@pytest.mark.slow
def test_a_load_killed_midway_publishes_nothing_and_the_rerun_publishes_it_whole(
        pg_url: str, tmp_path: Path, isolated_settings: Path) -> None:
    from samples.coverage import generate_roster_csv

    roster = generate_roster_csv(tmp_path / "daftar-peserta-bkbk-2024-06.csv", CRASH_ROWS)
    database = sa.engine.make_url(pg_url).database
    child = subprocess.Popen([sys.executable, "-c", _LOAD, str(roster)], env=dict(os.environ),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watcher = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    loading_facts = ("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = :db AND pid <> pg_backend_pid() "
                     "AND state = 'active' AND (query LIKE 'COPY stage_fact_roster_participant%' "
                     "OR query LIKE 'INSERT INTO fact_roster_participant%')")
    deadline = time.monotonic() + 300
    with watcher.connect() as conn:
        while not conn.execute(sa.text(loading_facts), {"db": database}).scalar():
            assert child.poll() is None, f"the load ended before it could be killed: {child.stderr.read()!r}"
            assert time.monotonic() < deadline, "the load never reached the fact table"
            time.sleep(0.005)
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
    child.stderr.close()

    [batch] = _batches(pg_url)
    assert batch.status == "received"  # what the dead process left behind
    # The server rolls the dead client's transaction back and drops its locks, the lease among them.
    with watcher.connect() as conn:
        while conn.execute(sa.text("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                                   "(SELECT oid FROM pg_database WHERE datname = :db)"), {"db": database}).scalar():
            assert time.monotonic() < deadline, "the dead process's locks were never released"
            time.sleep(0.05)
    watcher.dispose()
    assert _facts(pg_url) == 0  # not one row of the half-done load is visible
    with get_engine(pg_url).connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM audit_dq_result")).scalar() == 0
        assert conn.execute(sa.text("SELECT COUNT(*) FROM audit_quarantine_row")).scalar() == 0

    rerun = ingest_file(roster)
    dead, published = _batches(pg_url)
    assert dead.batch_id == batch.batch_id and dead.status == "failed" and dead.reason == ABANDONED_REASON
    assert dead.finished_at is not None
    assert published.batch_id == rerun.batch_id and rerun.status == "published"
    assert rerun.rows_read == CRASH_ROWS and rerun.rows_loaded + rerun.rows_quarantined == CRASH_ROWS
    assert _facts(pg_url) == _facts(pg_url, rerun.batch_id) == rerun.rows_loaded
