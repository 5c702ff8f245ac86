"""Workbooks that once cost minutes and gigabytes (47,5 million empty cells in one row, two million
styles, one sheet part named by eight sheets) are refused by the CLI as users run it, in a fresh
process held to what the limits promise: under 30 CPU seconds (CPU, not wall: the machine may be
busy) and under 1 GB, with the batch closed as rejected, never left ``received``. Each goes through
the roster sniff first, as every delivered file does."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.bad_inputs import hostile
from warehouse.db import get_engine

CPU_SECONDS = 30.0
PEAK_MB = 1024.0
CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty_cells_47m.xlsx": (hostile.empty_elements_past_limit_xlsx,
                             "row 1 holds more than 16,384 cell elements, more than a sheet has columns"),
    "two_million_styles.xlsx": (hostile.two_million_styles_xlsx, "the workbook part xl/styles.xml unpacks to"),
    "one_sheet_named_eight_times.xlsx": (hostile.one_sheet_named_eight_times_xlsx,
                                         "the sheets 'Rekap 1' and 'Rekap 2' are one part"),
}


@pytest.fixture(scope="module")
def bytecode_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compiled modules for the children, shared between them: compiling pandas and Great
    Expectations is the environment's cost, not the input's."""
    return tmp_path_factory.mktemp("pycache")


def _hard_cpu_limit() -> None:  # a regression is stopped, not waited for
    resource.setrlimit(resource.RLIMIT_CPU, (int(CPU_SECONDS * 4), int(CPU_SECONDS * 4)))


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_workbook_past_a_limit_is_refused_within_the_work_the_limits_promise(
        name: str, sqlite_url: str, tmp_path: Path, bytecode_cache: Path) -> None:
    make, message = CASES[name]
    path = make(tmp_path / name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(bytecode_cache)
    with (tmp_path / "out").open("w+") as out, (tmp_path / "err").open("w+") as err:
        child = subprocess.Popen([sys.executable, "-m", "pantau.cli", "coverage", "ingest", str(path), "--format",
                                  "json"], stdout=out, stderr=err, env=env, preexec_fn=_hard_cpu_limit)
        _pid, status, usage = os.wait4(child.pid, 0)
        out.seek(0)
        err.seek(0)
        printed, said = out.read(), err.read()
    cpu_seconds = usage.ru_utime + usage.ru_stime
    peak_mb = usage.ru_maxrss / 1024
    assert os.waitstatus_to_exitcode(status) == 2, (status, said[-2000:])
    refusal = next((line for line in said.splitlines() if line.startswith("rejected: ")), "")
    assert name in refusal and message in refusal, said[-2000:]
    assert cpu_seconds < CPU_SECONDS, f"{name}: {cpu_seconds:.1f} CPU seconds"
    assert peak_mb < PEAK_MB, f"{name}: {peak_mb:.0f} MB at the peak"
    result = json.loads(printed)[0]
    with get_engine(sqlite_url).connect() as conn:
        stored = conn.execute(sa.text("SELECT status FROM audit_ingest_batch WHERE batch_id = :b"),
                              {"b": result["batch_id"]}).scalar()
    assert result["status"] == stored == "rejected"


def test_a_csv_of_blank_records_is_streamed_past_not_kept(tmp_path: Path) -> None:
    """Blank records (only delimiters) and empty trailing fields cost reading time, never memory: a
    file of 99,990 blank records 200 fields wide is read holding its few filled rows only."""
    import tracemalloc

    from extractors.tabular import read_table

    path = tmp_path / "kosong-2024-06.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(f"REKAP JUNI 2024\n{hostile.HEADER}{';' * 193}\n")
        handle.write((";" * 199 + "\n") * 99_990)
        handle.write(f"1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10;168000{';' * 193}\n")
    tracemalloc.start()
    try:
        table = read_table(path)
        grown = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    rows = table.sheets[0].rows
    assert [number for number, _cells in rows] == [1, 2, 99_993]
    assert rows[-1][1] == ["1", "Kab. Kerinci", "BPU", "JKK-JKM", "APBD Provinsi", "10", "168000"]
    assert grown < 8 * 1024 * 1024, f"reading held {grown:,} bytes at its peak"
