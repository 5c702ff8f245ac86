"""The national bench's DAG (bench only, never deployed): each province's monthly export and roster,
ingested by one mapped task as that province's government (``PANTAU_GOVERNMENT_FILE`` set in the task's
own process before anything of Pantau is imported). The plan is a JSON file named by
``PANTAU_BENCH_PLAN``."""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import dag, task


@dag(dag_id="pantau_national_bench", schedule=None, start_date=datetime(2024, 1, 1), catchup=False,
     max_active_tasks=64, tags=["bench"])
def pantau_national_bench() -> None:
    """The national load on the Celery workers: one mapped task per province."""

    @task(execution_timeout=timedelta(hours=2))
    def plan() -> list[dict[str, object]]:
        import json
        import os
        from pathlib import Path

        return list(json.loads(Path(os.environ["PANTAU_BENCH_PLAN"]).read_text(encoding="utf-8")))

    @task(execution_timeout=timedelta(hours=2))
    def ingest_province(work: dict[str, object]) -> dict[str, object]:
        import os
        import resource
        import time
        from pathlib import Path

        os.environ["PANTAU_GOVERNMENT_FILE"] = str(work["government_file"])
        from pantau.ingest import ingest_file
        from transforms.dates import Period

        began, results = time.monotonic(), []
        for name in ("roster", "export"):
            result = ingest_file(Path(str(work[name])), expected_period=Period.parse(str(work["period"])),
                                 source_name=f"bench-{work['code']}")
            results.append({"file": result.file_name, "status": result.status, "rows_loaded": result.rows_loaded,
                            "reason": (result.reason or "")[:300]})
        return {"code": work["code"], "seconds": round(time.monotonic() - began, 2), "results": results,
                "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}

    ingest_province.expand(work=plan())


pantau_national_bench()
