"""A delivered file moved away while Pantau parses it: everything after the archive step reads the
archived copy, so the batch is rejected for what is wrong with the file (not "no such file") and the
quarantine holds the copy that was parsed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from extractors.limits import MAX_ROWS
from tests.bad_inputs.hostile import many_rows_csv
from warehouse.db import get_engine


def test_a_file_moved_away_during_its_parse_is_rejected_for_its_content(tmp_path: Path, sqlite_url: str,
                                                                         isolated_settings: Path) -> None:
    delivered = many_rows_csv(tmp_path / "rekap-2024-06.csv")  # streamed to its last row before the refusal
    engine = get_engine(sqlite_url)
    child = subprocess.Popen([str(Path(sys.executable).parent / "pantau"), "coverage", "ingest", str(delivered),
                              "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    moved = False
    while time.monotonic() < deadline and child.poll() is None:
        with engine.connect() as conn:
            opened = conn.execute(sa.text("SELECT COUNT(*) FROM audit_ingest_batch")).scalar()
        if opened:
            delivered.rename(tmp_path / "elsewhere.csv")
            moved = True
            break
        time.sleep(0.05)
    out, err = child.communicate(timeout=300)
    assert moved, "the batch was opened while the file was parsed"
    assert child.returncode == 2, err
    result = json.loads(out)[0]
    assert result["status"] == "rejected" and f"more than {MAX_ROWS:,} rows" in result["reason"], result
    assert "no such file" not in err
    with engine.connect() as conn:
        status = conn.execute(sa.text("SELECT status FROM audit_ingest_batch")).scalar()
    assert status == "rejected"
    kept = isolated_settings / "quarantine" / f"batch-{result['batch_id']}" / "rekap-2024-06.csv"
    assert kept.is_file() and kept.stat().st_size == (tmp_path / "elsewhere.csv").stat().st_size
