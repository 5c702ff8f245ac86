"""Crawl state: what was fetched, with its validators, so a re-crawl asks only for changes."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

# The status of a URL the crawler no longer fetches: no article was found on it often enough.
GAVE_UP = "gave_up_no_article"


@dataclass
class CrawlRecord:
    url: str
    site: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_sha256: str | None = None
    status: str | None = None
    fetched_at: str | None = None  # ISO 8601


class CrawlStateStore(Protocol):
    def get(self, url: str) -> CrawlRecord | None: ...

    def put(self, record: CrawlRecord) -> None: ...


class MemoryCrawlState:
    def __init__(self) -> None:
        self._records: dict[str, CrawlRecord] = {}
        self._lock = threading.Lock()

    def get(self, url: str) -> CrawlRecord | None:
        with self._lock:
            return self._records.get(url)

    def put(self, record: CrawlRecord) -> None:
        with self._lock:
            self._records[record.url] = record


class JsonFileCrawlState(MemoryCrawlState):
    """The same, persisted to a JSON file after every change (small crawls, the CLI without a warehouse)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = Path(path)
        if self.path.exists():
            for item in json.loads(self.path.read_text(encoding="utf-8")):
                self._records[item["url"]] = CrawlRecord(**item)

    def put(self, record: CrawlRecord) -> None:
        super().put(record)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".part")
            tmp.write_text(json.dumps([asdict(r) for r in self._records.values()]), encoding="utf-8")
            tmp.replace(self.path)
