"""Coverage exports from the BPJS export HTTP endpoint (bearer token), into the landing folder.

Configuration: what the caller passes (the task layer reads the Airflow connection
``bpjs_export_http``), else ``PANTAU_EXPORT_HTTP_URL`` / ``PANTAU_EXPORT_HTTP_TOKEN``.
The endpoint answers with a CSV/XLSX file, or with a JSON index ``{"files": [{"url", "name"}]}``
whose entries must stay on the configured host and port (the token goes nowhere else).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import urljoin

from core.errors import InputRejected
from core.logs import event
from core.redact import redact_url
from core.settings import get_settings
from extractors.downloader import Credentials, Downloader, HostPolicy
from extractors.http_client import fetch, fetch_to_landing, land_file, landing_part, make_downloader, source_policy
from transforms.dates import Period

log = logging.getLogger("pantau.http_source")
DEFAULT_TEMPLATE = "/exports/coverage?period={period}"
MAX_INDEX_FILES = 50  # entries of one JSON index (a month's exports: one per branch office, with room)
MAX_INDEX_BYTES = 1024 * 1024  # the JSON index itself: fifty entries take a few kilobytes


def fetch_http_export(period: Period, dest_dir: Path, *, base_url: str | None = None, token: str | None = None,
                      path_template: str | None = None, downloader: Downloader | None = None) -> list[Path]:
    settings = get_settings()
    base_url = base_url or settings.export_http_url
    if token is None and settings.export_http_token is not None:
        token = settings.export_http_token.get_secret_value()
    if not base_url:
        event(log, "http export source not configured; skipped")
        return []
    downloader = downloader or make_downloader()
    # The token goes to the configured origin only; index entries must stay on it too.
    credentials = Credentials.bearer(base_url, token) if token else None
    policy = source_policy(base_url)
    url = urljoin(base_url if base_url.endswith("/") else base_url + "/",
                  (path_template or DEFAULT_TEMPLATE).format(period=period).lstrip("/"))
    with landing_part(dest_dir) as part:  # the answer goes to disk as it arrives: it may be the export itself
        first = fetch(downloader, url, credentials=credentials, policy=policy, expect="any", sink=part)
        if "json" not in first.content_type:
            if "text/html" in first.content_type:
                raise InputRejected(first.url, "an HTML page came back where a CSV/XLSX export was expected")
            part.flush()
            suffix = ".xlsx" if first.head[:2] == b"PK" else ".csv"
            written = [land_file(Path(part.name), dest_dir, first.filename_hint or f"bpjs-export-{period}{suffix}")]
            event(log, "http exports fetched", period=str(period), files=len(written))
            return written
        if first.size > MAX_INDEX_BYTES:
            raise InputRejected(first.url, f"the JSON index is {first.size:,} bytes (limit {MAX_INDEX_BYTES:,})")
        part.seek(0)
        files = _index_entries(first.url, url, part.read(), policy)
    # One body at a time, each written to the landing folder chunk by chunk before the next is fetched.
    written = [fetch_to_landing(downloader, file_url, dest_dir, name, default_stem=f"bpjs-export-{period}",
                                credentials=credentials, policy=policy) for file_url, name in files]
    event(log, "http exports fetched", period=str(period), files=len(written))
    return written


def _index_entries(shown: str, url: str, body: bytes, policy: HostPolicy) -> list[tuple[str, str]]:
    """The (URL, name) entries of a JSON index: at most :data:`MAX_INDEX_FILES`, each on the configured source."""
    try:
        index = json.loads(body)
        files = [(urljoin(url, str(f["url"])), str(f.get("name") or f["url"])) for f in index["files"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputRejected(shown, f"the JSON index is malformed ({type(exc).__name__}: {exc})") from None
    if len(files) > MAX_INDEX_FILES:
        raise InputRejected(shown, f"the JSON index names {len(files):,} files (limit {MAX_INDEX_FILES})")
    for file_url, _ in files:
        refused = policy.refusal(file_url)
        if refused:
            raise InputRejected(shown, f"the JSON index names {redact_url(file_url)}, outside the configured "
                                       f"source ({refused[1]})")
    return files
