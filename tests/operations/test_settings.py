"""Every setting is one field of the settings object, documented in docs/operations.md, and the
command line reads its own variables (log level, debug) through that object like everything else."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from core.settings import Settings

REPO = Path(__file__).resolve().parents[2]
PANTAU = Path(sys.executable).with_name("pantau")
REJECTED_FILE = REPO / "tests" / "bad_inputs" / "empty.csv"


def documented_settings() -> set[str]:
    """The variables of the table under docs/operations.md's "## Settings" heading."""
    text = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text.split("\n## Settings", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `PANTAU_")]
    return {name for row in rows for name in re.findall(r"`(PANTAU_[A-Z_]+)`", row)}


def pantau(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PANTAU), *args], capture_output=True, text=True, timeout=300, cwd=REPO,
                          env={**os.environ, **env})


def test_every_setting_is_documented_and_nothing_else() -> None:
    fields = {f"PANTAU_{name.upper()}" for name in Settings.model_fields}
    assert len(fields) >= 22
    assert documented_settings() == fields


def test_the_log_level_setting_decides_what_the_cli_logs(sqlite_url: str) -> None:
    quiet = pantau("coverage", "ingest", str(REJECTED_FILE), PANTAU_WAREHOUSE_URL=sqlite_url)
    chatty = pantau("coverage", "ingest", str(REJECTED_FILE), PANTAU_WAREHOUSE_URL=sqlite_url,
                    PANTAU_LOG_LEVEL="info")
    assert quiet.returncode == chatty.returncode == 2, quiet.stderr + chatty.stderr
    assert '"batch received"' not in quiet.stderr
    assert '"level": "info"' in chatty.stderr and '"batch received"' in chatty.stderr


def test_a_setting_that_is_not_valid_is_named_in_one_line(sqlite_url: str) -> None:
    done = pantau("warehouse", "upgrade", PANTAU_WAREHOUSE_URL=sqlite_url, PANTAU_DEBUG="maybe",
                  PANTAU_CRAWL_RATE_PER_HOST="fast")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "PANTAU_DEBUG='maybe'" in lines[0] and "PANTAU_CRAWL_RATE_PER_HOST='fast'" in lines[0]
