"""Task log files for the demo's DAG runs, where Airflow's UI looks for them.

``dag.test()`` runs every task in the demo's process, and Airflow's task log lines go to that
process's output (``var/logs/demo-airflow.log``); it writes no per-task log file, so the UI of
``make airflow`` would say "Log file not found" for every demo task. Tasks run one after another,
so the lines a task wrote are the span of that output between its start and its end: each span is
copied to ``base_log_folder`` under Airflow's ``log_filename_template`` (the path the UI reads), one
JSON object per line (timestamp, level, text), the form Airflow's own task log files take.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

# One line of Airflow's console log: `2026-12-08T03:33:15.447800Z [info     ] text   [logger] key=value`.
_LINE = re.compile(r"^(?P<timestamp>\d{4}-\d\d-\d\dT\S+) \[(?P<level>[a-z]+)\s*\] (?P<event>.*?)"
                   r"(?:\s+\[(?P<logger>[\w.]+)\](?P<fields>.*))?$")


def task_log_path(task_instance: Any) -> Path:
    """The file Airflow's UI reads for this task instance's try (base_log_folder + filename template)."""
    from airflow.configuration import conf
    from airflow.utils.helpers import log_filename_template_renderer

    map_index = getattr(task_instance, "map_index", None)
    ti = SimpleNamespace(dag_id=task_instance.dag_id, run_id=task_instance.run_id, task_id=task_instance.task_id,
                         map_index=-1 if map_index is None else int(map_index),
                         try_number=int(task_instance.try_number))
    relative = log_filename_template_renderer()(ti=ti, try_number=ti.try_number)
    return Path(conf.get("logging", "base_log_folder")) / relative


def as_records(lines: list[str]) -> list[dict[str, str]]:
    """Console lines as task log records (a traceback's lines kept as their text).

    Airflow's ``::group::``/``::endgroup::`` markers stay bare, as the UI folds on them; an
    ``::endgroup::`` closing a group opened before the task's span began is left out.
    """
    records: list[dict[str, str]] = []
    open_groups = 0
    for line in lines:
        match = _LINE.match(line)
        if not match:
            if line.strip():
                records.append({"event": line})
            continue
        event = match["event"]
        record = {"timestamp": match["timestamp"], "level": match["level"], "event": event}
        if event.startswith("::group::"):
            open_groups += 1
        elif event == "::endgroup::":
            if not open_groups:
                continue
            open_groups -= 1
        else:
            record["event"] = event + (match["fields"] or "")
            if match["logger"]:
                record["logger"] = match["logger"]
        records.append(record)
    return records


class TaskLogFiles:
    """Copies each task's span of the process log into its own task log file."""

    def __init__(self, process_log: Path) -> None:
        self.process_log = process_log
        self.started: dict[tuple[str, str, str, int, int], int] = {}

    @staticmethod
    def _key(task_instance: Any) -> tuple[str, str, str, int, int]:
        map_index = getattr(task_instance, "map_index", None)
        return (task_instance.dag_id, task_instance.run_id, task_instance.task_id,
                -1 if map_index is None else int(map_index), int(task_instance.try_number))

    def _size(self) -> int:
        sys.stdout.flush()
        sys.stderr.flush()
        return self.process_log.stat().st_size if self.process_log.exists() else 0

    def started_task(self, task_instance: Any) -> None:
        # A task resumed after a deferral starts again: its file covers it from its first start.
        self.started.setdefault(self._key(task_instance), self._size())

    def finished_task(self, task_instance: Any) -> Path | None:
        """Write the task's lines to its task log file; the file's path, or None if its start was missed."""
        start = self.started.pop(self._key(task_instance), None)
        if start is None:
            return None
        end = self._size()
        with self.process_log.open("rb") as handle:
            handle.seek(start)
            text = handle.read(max(end - start, 0)).decode("utf-8", errors="replace")
        target = task_log_path(task_instance)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in as_records(text.splitlines()))
        return target
