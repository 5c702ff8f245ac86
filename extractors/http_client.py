"""HTTP for API-style sources (the export endpoint, CKAN), over the one downloader
(:mod:`extractors.downloader`: policy, retries, Retry-After capped, size cap, deadline).

A source that is down or slow (5xx or 429 after the retries, a time-out, a refused or broken
connection) raises :class:`core.errors.SourceUnavailable`, which Airflow retries; a response
that is wrong (access refused, not found, HTML instead of a file, too large, a redirect or an
index entry leaving the configured host) is an :class:`core.errors.InputRejected`. Tokens travel
only in headers, only to the configured origin, and never appear in messages or logs.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputRejected
from core.redact import redact_url
from core.settings import get_settings
from extractors.downloader import Credentials, Downloader, HostPolicy

MAX_BODY_BYTES = 200 * 1024 * 1024


@dataclass
class FetchResult:
    url: str
    status: int
    content: bytes
    content_type: str
    filename_hint: str | None


def make_downloader(*, retries: int | None = None, backoff: float | None = None,
                    user_agent: str | None = None) -> Downloader:
    return Downloader(get_settings(), retries=retries, backoff=backoff, user_agent=user_agent,
                      max_bytes=MAX_BODY_BYTES)


def source_policy(base_url: str) -> HostPolicy:
    """The configured source's host on its port, and nothing else. The operator chose that host
    (it may sit on a private network); no URL a response names can lead elsewhere."""
    return HostPolicy.for_base(base_url, allow_private=True)


def fetch(downloader: Downloader, url: str, *, max_bytes: int | None = None, params: dict[str, str] | None = None,
          credentials: Credentials | None = None, policy: HostPolicy | None = None,
          expect: str = "file") -> FetchResult:
    """GET ``url`` within ``policy`` (default: its own origin); raises ``SourceUnavailable`` for an
    outage and ``InputRejected`` for a wrong response, each naming the URL."""
    limit = MAX_BODY_BYTES if max_bytes is None else max_bytes
    shown = redact_url(url)
    download = downloader.get(url, policy=policy or source_policy(url), credentials=credentials, params=params,
                              max_bytes=limit)
    failure = download.error(shown)
    if failure is not None:
        raise failure
    status = download.http_status
    content = download.content
    content_type = download.content_type
    match = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', download.headers.get("content-disposition", ""))
    if not content:
        raise InputRejected(shown, "the response is empty")
    if expect == "file" and ("text/html" in content_type or content.lstrip()[:15].lower().startswith(
            (b"<!doctype html", b"<html"))):
        raise InputRejected(shown, "an HTML page came back where a CSV/XLSX export was expected "
                                   "(a login or error page?)")
    return FetchResult(url=shown, status=status or 200, content=content, content_type=content_type,
                       filename_hint=match.group(1).strip() if match else None)


def write_landing(content: bytes, dest_dir: Path, name: str) -> Path:
    """Write atomically, named by content, so a re-run for the same data adds no file."""

    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w.\-]+", "_", Path(name).name) or "export"
    stem, dot, suffix = safe.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:12]
    target = dest / (f"{stem}-{digest}.{suffix}" if dot else f"{safe}-{digest}")
    if not target.exists():
        tmp = target.with_name(f".{target.name}.part")
        tmp.write_bytes(content)
        tmp.replace(target)
    return target
