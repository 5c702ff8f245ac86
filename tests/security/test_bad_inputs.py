"""Every malformed or hostile input in tests/bad_inputs (and those made at runtime by
tests/bad_inputs/hostile.py) goes through the CLI as users run it and gives a clear refusal, a
quarantine or a correct load: never a stack trace, an internal error or a partial load (expected
outcomes: tests/bad_inputs/EXPECTED.json, the one list)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from warehouse.db import get_engine

CORPUS = Path(__file__).resolve().parents[1] / "bad_inputs"
EXPECTED: dict[str, list[Any]] = json.loads((CORPUS / "EXPECTED.json").read_text())
HELPERS = ("EXPECTED.json", "make_corpus.py", "hostile.py", "__init__.py")
EXIT = {"refused": 2, "rejected": 2, "dq_rejected": 2, "quarantined": 0, "published": 0}


def _options(name: str) -> dict[str, str]:
    return EXPECTED[name][2] if len(EXPECTED[name]) > 2 else {}


def test_corpus_is_large_and_documented() -> None:
    from tests.bad_inputs.hostile import GENERATED

    files = {p.name for p in CORPUS.iterdir() if p.is_file() and p.name not in HELPERS}
    assert files | set(GENERATED) == set(EXPECTED)
    assert {n for n in EXPECTED if _options(n).get("generated")} == set(GENERATED)
    assert len([n for n, (outcome, *_rest) in EXPECTED.items() if outcome != "published"]) >= 60


def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """``pantau ARGS`` in this process (its exit code, stdout, stderr), as a user runs it."""
    from pantau import cli

    logger = logging.getLogger("pantau")
    handlers = list(logger.handlers)
    monkeypatch.setattr(sys, "argv", ["pantau", *args])
    capsys.readouterr()
    try:
        cli.main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        for handler in logger.handlers[len(handlers):]:
            logger.removeHandler(handler)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _scalar(url: str, sql: str, **params: object) -> Any:
    with get_engine(url).connect() as conn:
        return conn.execute(sa.text(sql), params).scalar()


def _facts(url: str, batch_id: int) -> int:
    return int(_scalar(url, "SELECT (SELECT COUNT(*) FROM fact_coverage_monthly WHERE batch_id = :b) + "
                            "(SELECT COUNT(*) FROM fact_benefit_claims WHERE batch_id = :b) + "
                            "(SELECT COUNT(*) FROM fact_roster_participant WHERE batch_id = :b)", b=batch_id))


def _stored_files(data_dir: Path) -> list[Path]:
    return [p for p in data_dir.rglob("*") if p.is_file() and not p.is_symlink()]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input(name: str, sqlite_url: str, isolated_settings: Path, tmp_path: Path,
                   capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    outcome, detail, *_ = EXPECTED[name]
    options = _options(name)
    path = CORPUS / name
    if options.get("generated"):
        from tests.bad_inputs.hostile import GENERATED

        try:
            path = GENERATED[name][0](tmp_path / name)
        except PermissionError:
            pytest.skip(f"{name}: this user may not make device nodes")
    command = ["reference", "load"] if options.get("command") == "reference" else ["coverage", "ingest", "--period",
                                                                                   "2024-06"]
    code, out, err = run_cli(capsys, monkeypatch, *command, str(path), "--format", "json")
    assert code == EXIT[outcome], (code, out, err)
    assert "Traceback" not in out + err and "internal error" not in err
    batches = int(_scalar(sqlite_url, "SELECT COUNT(*) FROM audit_ingest_batch"))
    if outcome == "refused":  # nothing opened, nothing copied: what a link points at never lands anywhere
        line = next(line for line in err.splitlines() if line.startswith("rejected:"))
        assert line.startswith(f"rejected: {path}: "), line
        for fragment in detail:
            assert fragment in line, (fragment, line)
        assert batches == 0
        assert _stored_files(isolated_settings) == []
        assert [(r["batch_id"], r["status"]) for r in json.loads(out)] == [(None, "rejected")]
        return
    result = json.loads(out)[0]
    batch_id = int(result["batch_id"])
    if outcome in ("rejected", "dq_rejected"):
        assert result["status"] == "rejected", result
        reason = result["reason"] or ""
        fragments = detail if outcome == "rejected" else detail[:1]
        for fragment in fragments:
            assert fragment in reason, (fragment, reason)
        if outcome == "rejected":
            assert reason.startswith(path.name), reason
            assert f"rejected: {reason}" in err
            assert (isolated_settings / "quarantine" / f"batch-{batch_id}" / path.name).is_file()
        assert _scalar(sqlite_url, "SELECT status FROM audit_ingest_batch WHERE batch_id = :b", b=batch_id) == \
            "rejected"
        assert _facts(sqlite_url, batch_id) == 0
        assert _scalar(sqlite_url, "SELECT COUNT(*) FROM audit_quarantine_row WHERE batch_id = :b", b=batch_id) == 0
    elif outcome == "quarantined":
        assert result["status"] == "published", result
        with get_engine(sqlite_url).connect() as conn:
            rows = conn.execute(sa.text("SELECT row_number, reason, raw FROM audit_quarantine_row WHERE batch_id = :b"),
                                {"b": batch_id}).all()
        found = {int(r.row_number): r.reason for r in rows}
        assert set(found) == {int(k) for k in detail}, found
        for row, fragment in detail.items():
            assert fragment in found[int(row)], (row, found[int(row)])
        for r in rows:  # quarantined rows never carry a NIK or a name
            raw = r.raw if isinstance(r.raw, str) else json.dumps(r.raw)
            assert "1505014101900001" not in raw and "Siti" not in raw and "Budi" not in raw
        assert _facts(sqlite_url, batch_id) == result["rows_loaded"] > 0
    else:
        assert result["status"] == "published", result
        assert _facts(sqlite_url, batch_id) > 0
        _check_published(sqlite_url, batch_id, detail or {})


def _check_published(url: str, batch_id: int, detail: dict[str, Any]) -> None:
    """What a correctly read file publishes: its totals, its row count, each region's count."""
    if "active_participants" in detail:
        assert _scalar(url, "SELECT SUM(active_participants) FROM fact_coverage_monthly WHERE batch_id = :b",
                       b=batch_id) == detail["active_participants"]
    if "rows" in detail:
        assert _facts(url, batch_id) == detail["rows"]
    if "by_region" in detail:
        with get_engine(url).connect() as conn:
            found = dict(conn.execute(sa.text(
                "SELECT region_code, SUM(active_participants) FROM fact_coverage_monthly WHERE batch_id = :b "
                "GROUP BY region_code"), {"b": batch_id}).all())
        assert found == detail["by_region"]


def test_cli_rejects_with_one_clear_line_and_exit_2(sqlite_url: str) -> None:
    import subprocess

    pantau = Path(sys.executable).parent / "pantau"
    done = subprocess.run([str(pantau), "coverage", "ingest", str(CORPUS / "missing_contributions.csv")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.startswith("rejected:")]
    assert lines == ["rejected: missing_contributions.csv, row 3: this looks like a coverage export, but the column "
                     "'Iuran' is missing from its header (found: No, Kabupaten/Kota, Segmen, Program, Sumber Dana, "
                     "Peserta Aktif)"]
    assert "Traceback" not in done.stderr + done.stdout
    with get_engine(sqlite_url).connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM fact_coverage_monthly")).scalar() == 0
