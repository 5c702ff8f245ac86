"""Structured, personal-data-free logging.

Every record is rendered as one JSON object. As a second line of defence (the first is never
passing personal data to a logger), any 16-digit number that could be a NIK or KK number (also
written in groups) is masked: by the CLI's handler, and inside Airflow tasks by
:func:`install_scrubbing`, which masks whatever the process renders (Airflow's structlog chain,
stdlib handlers, tracebacks).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from core.errors import PantauError
from core.redact import NIK_REDACTED as REDACTED  # noqa: F401  (re-exported)
from core.redact import has_nik, mask_nik, mask_nik_bytes


def scrub(text: str) -> str:
    """``text`` with NIK- and KK-like numbers masked, in every spelling (:mod:`core.redact`)."""
    return mask_nik(text)


def scrub_value(value: Any) -> Any:
    """``value`` with NIK-like numbers masked in every string inside it (dicts, lists, tuples).

    A string naming a file that exists is kept as it is: the next task opens that path.
    """
    if isinstance(value, str):
        if not has_nik(value):
            return value
        return value if os.path.isabs(value) and os.path.exists(value) else scrub(value)
    if isinstance(value, dict):
        return {scrub_value(k): scrub_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub_value(v) for v in value)
    return value


class _ScrubbingRenderer:
    """Wraps a structlog renderer: whatever it renders (message, fields, traceback) leaves masked."""

    def __init__(self, renderer: Callable[..., Any]) -> None:
        self.renderer = renderer

    def __call__(self, logger: Any, method_name: str, event_dict: Any) -> Any:
        rendered = self.renderer(logger, method_name, event_dict)
        if isinstance(rendered, bytes | bytearray):
            return mask_nik_bytes(bytes(rendered))
        if isinstance(rendered, str):
            return scrub(rendered)
        return scrub_value(rendered)


def add_fields(logger: Any, method_name: str, event_dict: Any) -> Any:
    """A structlog processor: the structured ``fields`` of a stdlib record become keys of its event."""
    record = event_dict.get("_record") if isinstance(event_dict, dict) else None
    for key, value in (getattr(record, "fields", None) or {}).items():
        event_dict.setdefault(key, value)
    return event_dict


def _wrap_last(processors: Any) -> None:
    if isinstance(processors, list) and processors and not isinstance(processors[-1], _ScrubbingRenderer):
        processors[-1] = _ScrubbingRenderer(processors[-1])


# Libraries whose INFO lines are about themselves, not about the data: heard from at WARNING.
QUIET_LIBRARIES = ("great_expectations", "alembic")


# GX names some loggers after their file (``logging.getLogger(__file__)``), outside its package's logger.
QUIET_LIBRARY_FILES = {"great_expectations": ("data_context/data_context_variables.py",)}


def _file_loggers() -> list[str]:
    import importlib.util

    names = []
    for package, files in QUIET_LIBRARY_FILES.items():
        spec = importlib.util.find_spec(package)  # where it is installed, without importing it
        for folder in (spec.submodule_search_locations or []) if spec else []:
            names += [os.path.join(folder, file) for file in files]
    return names


def quiet_libraries() -> None:
    """Raise the chattiest libraries' loggers to WARNING (GX registers its API at INFO on import)."""
    for name in (*QUIET_LIBRARIES, *_file_loggers()):
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)


def expected_failure(exc: BaseException | None) -> bool:
    """Whether ``exc`` ends a task for a reason already logged in plain words (a ``PantauError``:
    a rejected input, a missing export, a bad setting).

    Such a failure is shown without a traceback: the frames say nothing about the input.
    """
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, PantauError):
            return True
        exc, seen = exc.__cause__, seen + 1
    return False


def drop_expected_traceback(logger: Any, method_name: str, event_dict: Any) -> Any:
    """A structlog processor: an expected failure's log line keeps its words and loses its traceback."""

    if not isinstance(event_dict, dict) or not event_dict.get("exc_info"):
        return event_dict
    info = event_dict["exc_info"]
    exc = info if isinstance(info, BaseException) else (
        info[1] if isinstance(info, tuple) else sys.exc_info()[1])
    if expected_failure(exc):
        del event_dict["exc_info"]
        event_dict["error"] = scrub(str(exc))[:300]
    return event_dict


def install_scrubbing() -> None:
    """Mask NIK-like numbers in everything this process logs, whoever configured its logging.

    Airflow configures a task's logging before the task runs: structlog processors ending in a
    renderer, and stdlib handlers whose ``ProcessorFormatter`` ends in one. Each final renderer is
    wrapped in place, so loggers created (and cached) earlier are covered too; plain stdlib handlers
    get :class:`ScrubFilter`. Pantau's structured fields (``extra={"fields": ...}``) are added to
    the event of every stdlib record such a formatter renders (:func:`add_fields`), so they show in
    Airflow's task log lines. Calling it again changes nothing.
    """
    # structlog comes with Airflow; loaded only when logging is configured.
    try:
        import structlog
    except ImportError:  # pragma: no cover - structlog comes with Airflow
        structlog = None  # type: ignore[assignment]
    quiet_libraries()
    if structlog is not None:
        processors = structlog.get_config().get("processors")
        _wrap_last(processors)
        if isinstance(processors, list) and drop_expected_traceback not in processors:
            processors.insert(0, drop_expected_traceback)
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in ("airflow.task", "pantau"))]
    for handler in {h for logger in loggers for h in logger.handlers}:
        formatter = handler.formatter
        chain = getattr(formatter, "foreign_pre_chain", None)
        if isinstance(chain, list | tuple) and add_fields not in chain:
            # Airflow renders stdlib records through structlog: carry Pantau's fields into its log lines.
            formatter.foreign_pre_chain = [add_fields, drop_expected_traceback, *chain]  # type: ignore[union-attr]
        if formatter is not None and isinstance(getattr(formatter, "processors", None), list | tuple):
            processors = list(formatter.processors)  # type: ignore[attr-defined]
            _wrap_last(processors)
            formatter.processors = processors  # type: ignore[attr-defined]
        if not any(isinstance(f, ScrubFilter) for f in handler.filters):
            handler.addFilter(ScrubFilter())


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": scrub(record.getMessage()),
        }
        for key, value in getattr(record, "fields", {}).items():
            payload[key] = scrub(str(value)) if isinstance(value, str) else value
        if record.exc_info and record.exc_info[0] is not None:
            payload["error"] = scrub(f"{record.exc_info[0].__name__}: {record.exc_info[1]}")
        return json.dumps(payload, ensure_ascii=False, default=str)


class ScrubFilter(logging.Filter):
    """Masks NIK-like numbers in records rendered by other formatters (e.g. Airflow's task log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and has_nik(record.getMessage()):
            record.msg = scrub(record.getMessage())
            record.args = ()
        return True


def configure(level: int = logging.INFO, *, json_output: bool = True) -> None:
    quiet_libraries()
    root = logging.getLogger("pantau")
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        root.setLevel(level)
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if json_output else logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(ScrubFilter())
    root.addHandler(handler)
    root.setLevel(level)


def event(logger: logging.Logger, message: str, **fields: object) -> None:
    """Log ``message`` with structured fields (rendered as JSON keys)."""
    logger.info(message, extra={"fields": fields})
