"""HTTP for API-style sources (the export endpoint, CKAN): retries with backoff on 429/5xx,
Retry-After honoured, connect/read timeouts, a size cap, and errors that say what to do.
Tokens travel only in headers and never appear in messages or logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from core.errors import InputRejected, SourceUnavailable
from core.settings import get_settings

MAX_BODY_BYTES = 200 * 1024 * 1024


@dataclass
class FetchResult:
    url: str
    status: int
    content: bytes
    content_type: str
    filename_hint: str | None


def make_session(*, retries: int | None = None, backoff: float | None = None,
                 user_agent: str | None = None) -> requests.Session:
    settings = get_settings()
    retry = Retry(total=settings.http_retries if retries is None else retries,
                  backoff_factor=settings.http_backoff if backoff is None else backoff, backoff_max=30,
                  status_forcelist=(429, 500, 502, 503, 504), allowed_methods=("GET", "HEAD"),
                  respect_retry_after_header=True, raise_on_status=False)
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent or settings.user_agent
    return session


def _redact(url: str) -> str:
    return re.sub(r"([?&](?:token|api_key|key|access_token)=)[^&]+", r"\1***", url)


def fetch(session: requests.Session, url: str, *, timeout: tuple[float, float] | None = None,
          max_bytes: int = MAX_BODY_BYTES, params: dict[str, Any] | None = None,
          headers: dict[str, str] | None = None, expect: str = "file") -> FetchResult:
    """GET ``url``; an outage is a SourceUnavailable, a bad answer an InputRejected, each naming the URL."""
    settings = get_settings()
    timeout = timeout or (settings.http_timeout_connect, settings.http_timeout_read)
    shown = _redact(url)
    try:
        response = session.get(url, params=params, headers=headers, timeout=timeout, stream=True)
    # A source that is down or slow is worth trying again later (SourceUnavailable, retried by Airflow).
    except requests.exceptions.Timeout:
        raise SourceUnavailable(shown, f"no answer within {timeout[1]:g} s (timeout)") from None
    except requests.exceptions.RetryError as exc:
        raise SourceUnavailable(shown, f"the server kept failing after retries ({exc.__class__.__name__})") from None
    except requests.exceptions.RequestException as exc:
        if "timed out" in str(exc).lower():  # a read timeout after retries arrives as a ConnectionError
            raise SourceUnavailable(shown, f"no answer within {timeout[1]:g} s (timeout)") from None
        raise SourceUnavailable(shown, f"cannot connect ({exc.__class__.__name__})") from None
    with response:
        if response.status_code in (401, 403):
            raise InputRejected(shown, f"HTTP {response.status_code}: access refused; check the token in the "
                                       "connection (bpjs_export_http / ckan_portal)")
        if response.status_code >= 500 or response.status_code == 429:
            raise SourceUnavailable(shown, f"HTTP {response.status_code} after retries")
        if response.status_code >= 400:
            raise InputRejected(shown, f"HTTP {response.status_code} after retries")
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise InputRejected(shown, f"the response is {int(declared):,} bytes, above the {max_bytes:,} limit")
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(256 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise InputRejected(shown, f"the response is larger than the {max_bytes:,}-byte limit")
                chunks.append(chunk)
        except requests.exceptions.RequestException as exc:
            raise SourceUnavailable(shown, f"the connection broke while reading ({exc.__class__.__name__})") from None
        content = b"".join(chunks)
        content_type = response.headers.get("Content-Type", "")
        disposition = response.headers.get("Content-Disposition", "")
        match = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', disposition)
        if not content:
            raise InputRejected(shown, "the response is empty")
        if expect == "file" and ("text/html" in content_type or content.lstrip()[:15].lower().startswith(
                (b"<!doctype html", b"<html"))):
            raise InputRejected(shown, "an HTML page came back where a CSV/XLSX export was expected "
                                       "(a login or error page?)")
        return FetchResult(url=shown, status=response.status_code, content=content, content_type=content_type,
                           filename_hint=match.group(1).strip() if match else None)


def write_landing(content: bytes, dest_dir: Any, name: str) -> Any:
    """Write atomically, named by content, so a re-run for the same data adds no file."""
    import hashlib
    from pathlib import Path

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
