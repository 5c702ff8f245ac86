"""``pantau reference load`` finds the reference files shipped with Pantau from any folder: with no
argument it loads them all, and a relative name not found where the user stands is the shipped file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner


def test_reference_load_works_from_outside_the_checkout(sqlite_url: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from core.settings import PROJECT_ROOT
    from pantau.cli import app

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    shipped = sorted(p.name for p in (PROJECT_ROOT / "reference" / "workforce").glob("*.yaml"))
    assert shipped

    done = CliRunner().invoke(app, ["reference", "load", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert sorted(r["file_name"] for r in json.loads(done.stdout)) == shipped
    with sa.create_engine(sqlite_url).connect() as conn:
        loaded = conn.execute(sa.text("SELECT COUNT(*) FROM audit_ingest_batch WHERE status = 'published' "
                                      "AND file_name IN :names").bindparams(sa.bindparam("names", expanding=True)),
                              {"names": shipped}).scalar()
    assert loaded == len(shipped)

    # The path a README gives (relative to a checkout) works here too, and names the shipped file.
    again = CliRunner().invoke(app, ["reference", "load", f"reference/workforce/{shipped[0]}", "--force",
                                     "--format", "json"])
    assert again.exit_code == 0, again.output
    assert [r["file_name"] for r in json.loads(again.stdout)] == [shipped[0]]
