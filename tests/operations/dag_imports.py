"""Each DAG file imported in one fresh interpreter: best-of-five seconds and the modules it added.

Used by ``tests/operations/test_dags.py`` (what a DAG file imports) and ``bench/dag_import_bench.py``
(how long it takes, against an anchor DAG).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib.util, json, sys, time
import airflow.sdk, pendulum  # Airflow's own cost is the baseline, paid before timing
import pantau.assets, pantau.dag_params  # shared Assets and Params (Airflow SDK only) are allowed
import pantau.dag_policy  # retries and timeouts (standard library only) too
import pantau.timetables  # the coverage DAG's timetable (Airflow only)
report = {}
for path in sys.argv[1:]:
    before = set(sys.modules)
    best = None
    for attempt in range(5):
        for name in [m for m in sys.modules if m.startswith("pantau_dag_probe")]:
            del sys.modules[name]
        spec = importlib.util.spec_from_file_location(f"pantau_dag_probe{attempt}", path)
        module = importlib.util.module_from_spec(spec)
        start = time.perf_counter()
        spec.loader.exec_module(module)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    report[path] = {"seconds": best, "new_modules": sorted(set(sys.modules) - before)}
    # What this file imported is unloaded again, so the next file is measured from the same start; Airflow's
    # own modules stay (the baseline: its ORM models cannot be defined twice in one interpreter).
    for name in set(sys.modules) - before:
        if name.split(".")[0] != "airflow":
            del sys.modules[name]
print(json.dumps(report))
"""


def probe(files: list[Path]) -> dict[str, dict]:
    """Import each file in one fresh interpreter: best-of-five seconds and the modules it added."""
    done = subprocess.run([sys.executable, "-c", PROBE, *map(str, files)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])
