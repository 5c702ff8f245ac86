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
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from core.errors import InputRejected
from core.redact import redact_url
from core.settings import get_settings
from extractors.downloader import Credentials, Downloader, HostPolicy

MAX_BODY_BYTES = 200 * 1024 * 1024
_HEAD_BYTES = 512


@dataclass
class FetchResult:
    url: str
    status: int
    content: bytes  # empty when the body went to a sink
    content_type: str
    filename_hint: str | None
    head: bytes = b""  # the body's first bytes, also when it went to a sink
    size: int = 0


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
          expect: str = "file", sink: IO[bytes] | None = None) -> FetchResult:
    """GET ``url`` within ``policy`` (default: its own origin); raises ``SourceUnavailable`` for an
    outage and ``InputRejected`` for a wrong response, each naming the URL. With a ``sink`` (a file
    open for reading and writing) the body is written to it as it arrives, never held whole."""
    limit = MAX_BODY_BYTES if max_bytes is None else max_bytes
    shown = redact_url(url)
    download = downloader.get(url, policy=policy or source_policy(url), credentials=credentials, params=params,
                              max_bytes=limit, sink=sink)
    failure = download.error(shown)
    if failure is not None:
        raise failure
    content = download.content
    content_type = download.content_type
    size, head = len(content), content[:_HEAD_BYTES]
    if sink is not None:
        size = sink.tell()
        sink.seek(0)
        head = sink.read(_HEAD_BYTES)
        sink.seek(size)
    match = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', download.headers.get("content-disposition", ""))
    if not size:
        raise InputRejected(shown, "the response is empty")
    if expect == "file" and ("text/html" in content_type or head.lstrip()[:15].lower().startswith(
            (b"<!doctype html", b"<html"))):
        raise InputRejected(shown, "an HTML page came back where a CSV/XLSX export was expected "
                                   "(a login or error page?)")
    return FetchResult(url=shown, status=download.http_status or 200, content=content, content_type=content_type,
                       filename_hint=match.group(1).strip() if match else None, head=head, size=size)


@contextmanager
def landing_part(dest_dir: Path) -> Iterator[IO[bytes]]:
    """A hidden file in the landing folder for one body on its way in, removed unless it was landed."""
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    part = ""
    try:
        with tempfile.NamedTemporaryFile("w+b", dir=dest, prefix=".incoming-", suffix=".part", delete=False) as handle:
            part = handle.name
            yield handle
    finally:
        if part:
            Path(part).unlink(missing_ok=True)


def fetch_to_landing(downloader: Downloader, url: str, dest_dir: Path, name: str | None, *,
                     default_stem: str, credentials: Credentials | None = None,
                     policy: HostPolicy | None = None) -> Path:
    """GET a CSV/XLSX body straight into the landing folder, chunk by chunk (never held whole in
    memory), named ``name``, else the response's file name, else ``default_stem`` with the suffix
    its first bytes say."""
    with landing_part(dest_dir) as part:
        result = fetch(downloader, url, credentials=credentials, policy=policy, sink=part)
        part.flush()
        chosen = name or result.filename_hint or f"{default_stem}{'.xlsx' if result.head[:2] == b'PK' else '.csv'}"
        return land_file(Path(part.name), dest_dir, chosen)


def land_file(part: Path, dest_dir: Path, name: str) -> Path:
    """Move a body written to ``part`` into the landing folder under its name and content digest,
    so a re-run for the same data adds no file (an identical file already there is kept)."""
    import hashlib

    digest = hashlib.sha256()
    with part.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    target = _landing_name(Path(dest_dir), name, digest.hexdigest())
    if target.exists():
        part.unlink()
    else:
        part.replace(target)
    return target


def _landing_name(dest: Path, name: str, digest: str) -> Path:
    safe = re.sub(r"[^\w.\-]+", "_", Path(name).name) or "export"
    stem, dot, suffix = safe.rpartition(".")
    return dest / (f"{stem}-{digest[:12]}.{suffix}" if dot else f"{safe}-{digest[:12]}")


def write_landing(content: bytes, dest_dir: Path, name: str) -> Path:
    """Write atomically, named by content, so a re-run for the same data adds no file."""

    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    target = _landing_name(dest, name, hashlib.sha256(content).hexdigest())
    if not target.exists():
        tmp = target.with_name(f".{target.name}.part")
        tmp.write_bytes(content)
        tmp.replace(target)
    return target
