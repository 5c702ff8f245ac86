"""Structured, personal-data-free logging.

Every record is rendered as one JSON object. As a second line of defence (the first is never
passing personal data to a logger), any 16-digit run that could be a NIK is masked.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

_NIK_LIKE = re.compile(r"(?<!\d)\d{16}(?!\d)")


def scrub(text: str) -> str:
    return _NIK_LIKE.sub("<nik-redacted>", text)


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
        if isinstance(record.msg, str) and _NIK_LIKE.search(record.getMessage()):
            record.msg = scrub(record.getMessage())
            record.args = ()
        return True


def configure(level: int = logging.INFO, *, json_output: bool = True) -> None:
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
