"""Coverage datasets from a CKAN open-data portal: package_show, then each CSV/XLSX resource is
downloaded, or read through datastore_search page by page (CKAN pages 100 rows by default).
Resources are fetched only from the portal's own host and port (:func:`extractors.http_client.source_policy`)."""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from core.errors import InputRejected
from core.logs import event
from core.settings import get_settings
from extractors.downloader import Credentials, Downloader, origin
from extractors.http_client import fetch, make_downloader, source_policy, write_landing
from transforms.dates import Period, find_period

log = logging.getLogger("pantau.ckan")
MAX_PAGES = 10_000


def _action(downloader: Downloader, base: str, action: str, params: dict[str, Any],
            credentials: Credentials | None) -> Any:
    url = urljoin(base, f"api/3/action/{action}")
    result = fetch(downloader, url, params={k: str(v) for k, v in params.items()}, credentials=credentials,
                   policy=source_policy(base), expect="json")
    try:
        body = json.loads(result.content)
    except ValueError:
        raise InputRejected(url, "CKAN answered with something that is not JSON") from None
    if not isinstance(body, dict) or not body.get("success"):
        error = body.get("error") if isinstance(body, dict) else None
        message = error.get("message") if isinstance(error, dict) else error
        raise InputRejected(url, f"CKAN {action} failed: {message or 'success is false'}")
    if "result" not in body:
        raise InputRejected(url, f"CKAN {action} answered without a result")
    return body["result"]


def fetch_ckan_dataset(dataset_id: str, period: Period | None, dest_dir: Path, *, base_url: str | None = None,
                       api_key: str | None = None, downloader: Downloader | None = None,
                       page_size: int = 100) -> list[Path]:
    base_url = base_url or get_settings().ckan_url
    if not base_url:
        event(log, "ckan source not configured; skipped")
        return []
    base = base_url if base_url.endswith("/") else base_url + "/"
    downloader = downloader or make_downloader()
    # The API key goes to the portal only, never to a host a resource URL names.
    credentials = Credentials(origin(base), {"Authorization": api_key}) if api_key else None
    package = _action(downloader, base, "package_show", {"id": dataset_id}, credentials)
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        raise InputRejected(urljoin(base, "api/3/action/package_show"), "the package has no resource list")
    written: list[Path] = []
    for resource in resources:
        if not isinstance(resource, dict):
            continue
        fmt = str(resource.get("format") or "").lower()
        url = str(resource.get("url") or "")
        if fmt not in ("csv", "xlsx") and not url.lower().endswith((".csv", ".xlsx")):
            continue
        label = " ".join(str(resource.get(k) or "") for k in ("name", "description", "url"))
        named = find_period(label.replace("_", " "))
        if period is not None and named != period:
            continue
        name = str(resource.get("name") or resource.get("id") or "ckan-resource")
        if resource.get("datastore_active"):
            content = _datastore_csv(downloader, base, str(resource["id"]), credentials, page_size)
            suffix = ".csv"
        else:
            content = fetch(downloader, urljoin(base, url), credentials=credentials, policy=source_policy(base)).content
            suffix = ".xlsx" if content[:2] == b"PK" else ".csv"
        file_name = name if name.lower().endswith(suffix) else f"{name}{suffix}"
        if period is not None and find_period(file_name.replace("_", " ")) is None:
            file_name = f"{Path(file_name).stem}-{period}{suffix}"
        written.append(write_landing(content, dest_dir, file_name))
    event(log, "ckan resources fetched", dataset=dataset_id, files=len(written))
    return written


def _datastore_csv(downloader: Downloader, base: str, resource_id: str, credentials: Credentials | None,
                   page_size: int) -> bytes:
    url = urljoin(base, "api/3/action/datastore_search")
    records: list[dict[str, Any]] = []
    fields: list[str] = []
    total: int | None = None
    for page in range(MAX_PAGES):
        result = _action(downloader, base, "datastore_search",
                         {"resource_id": resource_id, "limit": page_size, "offset": page * page_size}, credentials)
        batch = result.get("records")
        if not isinstance(batch, list):
            raise InputRejected(url, "datastore_search answered without records")
        if not fields:
            fields = [str(f["id"]) for f in result.get("fields", []) if f.get("id") != "_id"]
        total = int(result.get("total", 0)) if total is None else total
        records.extend(batch)
        if not batch or len(records) >= total:
            break
    else:
        raise InputRejected(url, f"datastore_search did not finish within {MAX_PAGES} pages")
    if total is not None and len(records) < total:
        raise InputRejected(url, f"datastore_search returned {len(records)} of {total} records")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(fields)
    for record in records:
        writer.writerow(["" if record.get(f) is None else record.get(f) for f in fields])
    return buffer.getvalue().encode("utf-8")
