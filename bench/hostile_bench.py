"""Hostile-input benchmark: the seconds and peak memory each bounded-work input costs.

Each input (made at full size in a temporary folder: a 200 MB one-line CSV, a 1 MB workbook with a
gigabyte shared string, a 9 KB-class workbook with its one value in XFD1048576, a 1 KB YAML alias
bomb, ...) is given to the CLI in a fresh process, as a user would (``pantau coverage ingest`` or
``pantau reference load``), against a migrated SQLite warehouse. The child's wall time and peak
resident memory (``wait4``) are recorded, with its exit code and refusal, and set against an anchor
run in the same way (a good export: the CLI's own start-up and a normal load). Target: every input
refused (exit 2) in under 30 s and under 1 GB. Results: ``bench/results/hostile.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bad_inputs import hostile

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
CORPUS = ROOT / "tests" / "bad_inputs"
TARGET_SECONDS = 30.0
TARGET_PEAK_MB = 1024.0

# name -> (maker, command); each maker writes the input at the path it is given.
INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "one_line_200mb.csv": (lambda p: hostile.one_line_csv(p, 200 * 1024 * 1024), "coverage"),
    "gigabyte_shared_string.xlsx": (hostile.gigabyte_shared_string_xlsx, "coverage"),
    "far_cell_XFD1048576.xlsx": (hostile.far_cell_xlsx, "coverage"),
    "alias_bomb.yaml": (hostile.alias_bomb_yaml, "reference"),
    "far_row.xlsx": (hostile.far_row_xlsx, "coverage"),
    "long_shared_string.xlsx": (hostile.long_shared_string_xlsx, "coverage"),
    "doctype_entities.xlsx": (hostile.doctype_xlsx, "coverage"),
    "too_many_parts.xlsx": (hostile.many_parts_xlsx, "coverage"),
    "too_many_rows.csv": (hostile.many_rows_csv, "coverage"),
    "too_many_cells.csv": (hostile.many_cells_csv, "coverage"),
    "too_many_cells.xlsx": (hostile.many_cells_xlsx, "coverage"),
}
ANCHOR = "english_whole_file.csv"  # a good export from the corpus


def _run_measured(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    pantau = Path(sys.executable).parent / "pantau"
    with tempfile.TemporaryFile("w+") as err_file:
        started = time.perf_counter()
        child = subprocess.Popen([str(pantau), *args], env=env, stdout=subprocess.DEVNULL, stderr=err_file)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        err_file.seek(0)
        err = err_file.read()
    return {"seconds": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024, 1), "exit_code": child.returncode,
            "refusal": next((line for line in err.splitlines() if line.startswith("rejected:")), None)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="names of inputs to run (default: all)")
    options, _unknown = parser.parse_known_args()
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pantau-hostile-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "PANTAU_DATA_DIR": str(work / "data"),
               "PANTAU_WAREHOUSE_URL": f"sqlite:///{work / 'warehouse.sqlite'}",
               "PANTAU_PSEUDONYM_KEY": "pantau-bench-key-0123456789abcdef", "GX_ANALYTICS_ENABLED": "False"}
        subprocess.run([str(Path(sys.executable).parent / "pantau"), "warehouse", "upgrade"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        anchor = _run_measured(["coverage", "ingest", str(CORPUS / ANCHOR), "--format", "json"], env)
        print(f"anchor {ANCHOR}: {anchor['seconds']} s, {anchor['peak_mb']} MB, exit {anchor['exit_code']}")
        results: dict[str, Any] = {}
        for name, (make, command) in INPUTS.items():
            if options.only and name not in options.only:
                continue
            built = time.perf_counter()
            path = make(work / name)
            size = path.stat().st_size
            made = round(time.perf_counter() - built, 2)
            args = (["reference", "load"] if command == "reference" else ["coverage", "ingest"]) + [str(path)]
            measured = _run_measured([*args, "--format", "json"], env)
            measured.update({"file_bytes": size, "seconds_to_make": made,
                             "seconds_over_anchor": round(measured["seconds"] / max(anchor["seconds"], 1e-6), 2),
                             "within_target": measured["exit_code"] == 2 and measured["seconds"] < TARGET_SECONDS
                             and measured["peak_mb"] < TARGET_PEAK_MB})
            results[name] = measured
            print(f"{name} ({size:,} bytes): {measured['seconds']} s, {measured['peak_mb']} MB, "
                  f"exit {measured['exit_code']}: {measured['refusal']}", flush=True)
            path.unlink()
    report = {"target": {"seconds": TARGET_SECONDS, "peak_mb": TARGET_PEAK_MB, "exit_code": 2},
              "anchor": {"input": ANCHOR, **anchor}, "inputs": results,
              "all_within_target": all(r["within_target"] for r in results.values())}
    (RESULTS / "hostile.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"all within target: {report['all_within_target']}")
    if not report["all_within_target"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
