"""Every malformed export in tests/bad_inputs gives a clear error or a quarantine, never a stack
trace and never a partial load (expected outcomes: tests/bad_inputs/EXPECTED.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from pantau.ingest import ingest_file
from transforms.dates import Period
from warehouse.db import get_engine

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
EXPECTED: dict[str, list] = json.loads((CORPUS / "EXPECTED.json").read_text())  # type: ignore[type-arg]


def test_corpus_is_large_and_documented() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.is_file() and p.name not in ("EXPECTED.json", "make_corpus.py",
                                                                                 "__init__.py")}
    assert files == set(EXPECTED)
    assert len([n for n, (outcome, _) in EXPECTED.items() if outcome != "published"]) >= 25


def _facts(url: str, batch_id: int) -> int:
    with get_engine(url).connect() as conn:
        return int(conn.execute(sa.text(
            "SELECT (SELECT COUNT(*) FROM fact_coverage_monthly WHERE batch_id = :b) + "
            "(SELECT COUNT(*) FROM fact_benefit_claims WHERE batch_id = :b) + "
            "(SELECT COUNT(*) FROM fact_roster_participant WHERE batch_id = :b)"), {"b": batch_id}).scalar())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input(name: str, sqlite_url: str, isolated_settings: Path) -> None:
    outcome, detail = EXPECTED[name]
    result = ingest_file(CORPUS / name, expected_period=Period(2024, 6))
    if outcome == "rejected":
        assert result.status == "rejected", result
        assert result.reason and result.reason.startswith(name), result.reason
        for fragment in detail:
            assert fragment in result.reason, (fragment, result.reason)
        assert "Traceback" not in result.reason
        assert _facts(sqlite_url, result.batch_id) == 0
        assert (isolated_settings / "quarantine" / f"batch-{result.batch_id}" / name).is_file()
    elif outcome == "dq_rejected":
        assert result.status == "rejected", result
        assert any(fragment in (result.reason or "") for fragment in detail), result.reason
        assert _facts(sqlite_url, result.batch_id) == 0
    elif outcome == "quarantined":
        assert result.status == "published", result
        with get_engine(sqlite_url).connect() as conn:
            rows = conn.execute(sa.text("SELECT row_number, reason, raw FROM audit_quarantine_row WHERE batch_id = :b"),
                                {"b": result.batch_id}).all()
        found = {int(r.row_number): r.reason for r in rows}
        assert set(found) == {int(k) for k in detail}, found
        for row, fragment in detail.items():
            assert fragment in found[int(row)], (row, found[int(row)])
        for r in rows:  # quarantined rows never carry a NIK or a name
            raw = r.raw if isinstance(r.raw, str) else json.dumps(r.raw)
            assert "1505014101900001" not in raw and "Siti" not in raw and "Budi" not in raw
        assert _facts(sqlite_url, result.batch_id) == result.rows_loaded > 0
    else:
        assert result.status == "published", result
        assert _facts(sqlite_url, result.batch_id) > 0


def test_cli_rejects_with_one_clear_line_and_exit_2(sqlite_url: str) -> None:
    import subprocess
    import sys

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
