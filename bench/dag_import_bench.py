"""How long each DAG file takes to import, as a ratio against a minimal TaskFlow DAG.

The scheduler's DAG processor imports every DAG file again and again, so a DAG file must stay
cheap: it imports nothing heavy at top level (``tests/operations/test_dags.py`` checks what it imports).
Its cost is measured here, in one fresh interpreter, against an anchor file with one ``@dag`` and
one ``@task`` imported in the same run, so the ratio holds on a machine of any speed. Writes
``bench/results/dag_import.json``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from tests.operations.dag_imports import probe

ROOT = Path(__file__).resolve().parent.parent
DAGS_FOLDER = ROOT / "dags"
RESULTS = ROOT / "bench" / "results" / "dag_import.json"

ANCHOR = '''
import pendulum
from airflow.sdk import dag, task


@dag(dag_id="anchor", schedule=None, start_date=pendulum.datetime(2024, 1, 1), catchup=False)
def anchor() -> None:
    @task
    def one() -> int:
        return 1

    one()


anchor()
'''


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        anchor = Path(tmp) / "anchor_dag.py"
        anchor.write_text(ANCHOR, encoding="utf-8")
        dag_files = sorted(DAGS_FOLDER.glob("*.py"))
        report = probe([anchor, *dag_files])
        anchor_seconds = report[str(anchor)]["seconds"]
        results = {
            "anchor": {"what": "one @dag with one @task", "seconds": round(anchor_seconds, 5)},
            "dags": {path.name: {"seconds": round(report[str(path)]["seconds"], 5),
                                 "ratio_to_anchor": round(report[str(path)]["seconds"] / anchor_seconds, 2)}
                     for path in dag_files},
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for name, row in results["dags"].items():
        print(f"{name:28} {row['seconds'] * 1000:7.1f} ms  {row['ratio_to_anchor']:5.2f}x the anchor DAG")
    print(f"{'anchor (one @dag, one @task)':28} {anchor_seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
