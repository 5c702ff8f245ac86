"""Files that are not what they claim, in the drop folder and in terminal tables.

The corpus (tests/security/test_bad_inputs.py) runs each hostile file through the CLI; here: the drop
folder's scan, which must not follow links, and text from files printed into tables as text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from core.errors import InputRejected
from tests.security.test_bad_inputs import CORPUS, run_cli
from warehouse.db import get_engine

GOOD = CORPUS / "english_whole_file.csv"


def _landing(data_dir: Path) -> Path:
    landing = data_dir / "landing" / "2024-06"
    landing.mkdir(parents=True)
    return landing


def test_drop_folder_lists_links_without_following_them_and_ingest_refuses_them(
        sqlite_url: str, isolated_settings: Path, tmp_path: Path) -> None:
    from pantau.tasks.coverage import ingest, landing_files

    landing = _landing(isolated_settings)
    (landing / "rekap.csv").write_bytes(GOOD.read_bytes())
    os.symlink("/proc/self/environ", landing / "environ.csv")
    os.symlink("/etc/passwd", landing / "passwd.csv")
    os.mkfifo(landing / "pipe.csv")
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "keys.csv").write_text("PANTAU_PSEUDONYM_KEY=do-not-copy\n")
    os.symlink(secrets, landing / "linked-folder")  # a link to a directory is not entered

    listed = {Path(p).name for p in landing_files("2024-06")}
    assert listed == {"rekap.csv", "environ.csv", "passwd.csv", "pipe.csv"}
    listed_paths = {Path(p).name: p for p in landing_files("2024-06")}
    assert ingest(listed_paths["rekap.csv"], "2024-06")["status"] == "published"
    # Each refused entry fails its own ingest task (a FIFO must not block), saying what it is.
    for name, what in (("environ.csv", "is a symbolic link"), ("passwd.csv", "is a symbolic link"),
                       ("pipe.csv", "is a named pipe (FIFO)")):
        with pytest.raises(InputRejected, match=re.escape(what)):
            ingest(listed_paths[name], "2024-06")
    with get_engine(sqlite_url).connect() as conn:
        assert conn.execute(sa.text("SELECT file_name FROM audit_ingest_batch")).scalars().all() == ["rekap.csv"]
    stored = [p for p in (isolated_settings / "archive").rglob("*") if p.is_file()]
    assert [p.name for p in stored] == ["rekap.csv"]
    quarantine = isolated_settings / "quarantine"
    assert not quarantine.exists() or not any(quarantine.rglob("*"))
    for path in stored:
        content = path.read_bytes()
        assert b"root:" not in content and b"PANTAU_PSEUDONYM_KEY" not in content and b"do-not-copy" not in content


def test_a_file_swapped_for_a_link_after_the_scan_is_still_refused(sqlite_url: str, isolated_settings: Path) -> None:
    from pantau.tasks.coverage import ingest, landing_files

    landing = _landing(isolated_settings)
    (landing / "rekap.csv").write_bytes(GOOD.read_bytes())
    [listed] = landing_files("2024-06")
    (landing / "rekap.csv").unlink()
    os.symlink("/etc/passwd", landing / "rekap.csv")
    with pytest.raises(InputRejected, match="is a symbolic link"):
        ingest(listed, "2024-06")
    assert not (isolated_settings / "archive").exists() or not [
        p for p in (isolated_settings / "archive").rglob("*") if p.is_file()]


def test_markup_in_a_file_name_and_a_cell_is_printed_as_text(sqlite_url: str, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run_cli(capsys, monkeypatch, "coverage", "ingest", str(CORPUS / "[x]-2024-06.csv"))
    assert code == 0, err
    assert "[x]-2024-06.csv" in out
    code, out, err = run_cli(capsys, monkeypatch, "dq", "show")
    assert code == 0, err
    assert "[x]-2024-06.csv" in out
    code, out, err = run_cli(capsys, monkeypatch, "dq", "show", "--batch", "1")
    assert code == 0, err
    assert "unknown region name '[/x]Tebo'" in out
    assert "internal error" not in err


@pytest.mark.postgres
@pytest.mark.parametrize("name", ["count_10_24.csv", "amount_above_2_63.csv", "claims_cases_beyond_integer.csv",
                                  "period_2099.csv", "roster_2099.csv", "roster_village_too_long.csv"])
def test_values_beyond_the_columns_are_refused_before_postgresql_sees_them(
        name: str, pg_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL these were an IntegrityError or a DataError with the SQL parameters printed."""
    import json

    code, out, err = run_cli(capsys, monkeypatch, "coverage", "ingest", str(CORPUS / name), "--format", "json")
    assert code == 2, err
    assert "internal error" not in err and "Traceback" not in err and "[parameters:" not in err
    [result] = json.loads(out)
    assert result["status"] == "rejected" and result["reason"].startswith(name)
    with get_engine(pg_url).connect() as conn:
        assert conn.execute(sa.text("SELECT status FROM audit_ingest_batch WHERE batch_id = :b"),
                            {"b": result["batch_id"]}).scalar() == "rejected"
        assert conn.execute(sa.text("SELECT (SELECT COUNT(*) FROM fact_coverage_monthly) + "
                                    "(SELECT COUNT(*) FROM fact_benefit_claims) + "
                                    "(SELECT COUNT(*) FROM fact_roster_participant)")).scalar() == 0


def test_a_refused_path_does_not_stop_the_others(sqlite_url: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    link = tmp_path / "passwd-2024-06.csv"
    os.symlink("/etc/passwd", link)
    code, _out, err = run_cli(capsys, monkeypatch, "coverage", "ingest", str(link), str(GOOD), "--period", "2024-06")
    assert code == 2
    assert f"rejected: {link}: is a symbolic link: only regular files are read" in err.splitlines()
    with get_engine(sqlite_url).connect() as conn:
        assert conn.execute(sa.text("SELECT file_name, status FROM audit_ingest_batch")).all() == [
            (GOOD.name, "published")]
