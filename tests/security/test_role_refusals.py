"""A command a least-privileged login may not run is refused in plain words (exit 2), naming the login's
role and what that role may do, never an internal error with a database trace."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLE_DIR
from tests.security.test_roles import _cli_as, login_as  # noqa: F401  (the fixture)
from warehouse.roles import AUDITOR, READER

pytestmark = pytest.mark.postgres


def test_a_reader_or_auditor_running_a_loaders_command_is_refused(login_as, pg_url: str) -> None:  # noqa: F811
    from warehouse.db import get_engine

    done = _cli_as(get_engine(pg_url), "warehouse", "upgrade")
    assert done.returncode == 0, done.stderr
    june = [str(p) for p in sorted((SAMPLE_DIR / "coverage").glob("rekap-*2024-06*"))]

    reader = login_as(READER)
    done = _cli_as(reader, "coverage", "ingest", *june, "--format", "json")
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.startswith("refused: the login pantau_t_") and f"({READER})" in done.stderr
    assert "permission denied for" in done.stderr
    assert f"{READER} may read the reporting views" in done.stderr

    auditor = login_as(AUDITOR)
    done = _cli_as(auditor, "news", "search", "BPJS")
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert f"({AUDITOR}, {READER})" in done.stderr and "pantau dq show" in done.stderr

    # What a reader may do still works, and nothing was loaded by the refused command.
    done = _cli_as(reader, "coverage", "report", "--period", "2024-06", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["published"] is False
