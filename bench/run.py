"""``make bench``: every benchmark, results written as JSON under bench/results/."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

BENCHES = ("bench.coverage_bench", "bench.news_bench", "bench.article_bench", "bench.claims_bench",
           "bench.dag_import_bench", "bench.hostile_bench", "bench.national_bench", "bench.page_parse_bench")


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    failures = []
    for module in BENCHES:
        if importlib.util.find_spec(module) is None:
            continue
        print(f"==> {module}", flush=True)
        done = subprocess.run([sys.executable, "-m", module, *sys.argv[1:]], cwd=root)
        if done.returncode != 0:
            failures.append(module)
    print(f"results in {root / 'bench' / 'results'}")
    if failures:
        raise SystemExit(f"benchmarks failed: {', '.join(failures)}")


if __name__ == "__main__":
    main()
