"""Coverage datasets from a CKAN open-data portal: package_show, then each CSV/XLSX resource is
downloaded, or read through datastore_search page by page (CKAN pages 100 rows by default).
Resources are fetched only from the portal's own host and port (:func:`extractors.http_client.source_policy`)."""

from __future__ import annotations

import csv
import io
import json
import logging
import time
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin

from core.errors import InputRejected
from core.logs import event
from core.settings import get_settings
from extractors.downloader import Credentials, Downloader, origin
from extractors.http_client import fetch, land_file, landing_part, make_downloader, source_policy
from extractors.limits import MAX_ROWS
from transforms.dates import Period, find_period

log = logging.getLogger("pantau.ckan")
MAX_PAGES = 10_000
DEADLINE_SECONDS = 600.0  # one resource, all its pages
MAX_RESOURCES = 50  # CSV/XLSX resources of one package fetched in one run (one a month, with room)


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
        if len(written) >= MAX_RESOURCES:
            raise InputRejected(urljoin(base, "api/3/action/package_show"), f"the package {dataset_id!r} names more "
                                f"than {MAX_RESOURCES} CSV/XLSX resources{' for ' + str(period) if period else ''} "
                                f"(limit {MAX_RESOURCES})")
        name = str(resource.get("name") or resource.get("id") or "ckan-resource")
        # Each resource goes to disk as it arrives, and is landed before the next is fetched.
        with landing_part(dest_dir) as part:
            if resource.get("datastore_active"):
                _datastore_csv(downloader, base, str(resource["id"]), credentials, page_size, part)
                suffix = ".csv"
            else:
                head = fetch(downloader, urljoin(base, url), credentials=credentials, policy=source_policy(base),
                             sink=part).head
                suffix = ".xlsx" if head[:2] == b"PK" else ".csv"
            file_name = name if name.lower().endswith(suffix) else f"{name}{suffix}"
            if period is not None and find_period(file_name.replace("_", " ")) is None:
                file_name = f"{Path(file_name).stem}-{period}{suffix}"
            part.flush()
            written.append(land_file(Path(part.name), dest_dir, file_name))
    event(log, "ckan resources fetched", dataset=dataset_id, files=len(written))
    return written


def _total(url: str, result: dict[str, Any]) -> int:
    """The record count a datastore_search page states: a whole number within the row limit."""
    stated = result.get("total")
    if isinstance(stated, bool) or not isinstance(stated, int | str) or not str(stated).strip().isdigit():
        shown = repr(stated)[:60]
        raise InputRejected(url, f"datastore_search's field 'total' is {shown}, not a whole number of records")
    total = int(str(stated).strip())
    if total > MAX_ROWS:
        raise InputRejected(url, f"datastore_search's field 'total' claims {total:,} records, above the "
                                 f"{MAX_ROWS:,}-row limit of one export")
    return total


def _datastore_csv(downloader: Downloader, base: str, resource_id: str, credentials: Credentials | None,
                   page_size: int, sink: IO[bytes]) -> None:
    """A DataStore resource as CSV, paged by ``offset``. Paging ends on a short or empty page and the
    rows read must then equal the stated ``total``; it is also bounded by a page cap (what ``total``
    needs, at most :data:`MAX_PAGES`) and a deadline (:data:`DEADLINE_SECONDS`), so a portal that
    ignores ``offset`` or lies about ``total`` is refused, never paged for ever. Each page is written
    to ``sink`` (UTF-8 CSV) as it arrives."""
    url = urljoin(base, "api/3/action/datastore_search")
    buffer = io.TextIOWrapper(sink, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(buffer, delimiter=";")
    fields: list[str] = []
    total: int | None = None
    read = 0
    previous: list[Any] = []
    started = time.monotonic()
    page = 0
    while True:
        if time.monotonic() - started > DEADLINE_SECONDS:
            raise InputRejected(url, f"datastore_search did not finish within {DEADLINE_SECONDS:g} s "
                                     f"({page:,} pages, {read:,} records read)")
        result = _action(downloader, base, "datastore_search",
                         {"resource_id": resource_id, "limit": page_size, "offset": page * page_size}, credentials)
        page += 1
        batch = result.get("records") if isinstance(result, dict) else None
        if not isinstance(batch, list):
            raise InputRejected(url, "datastore_search answered without records")
        if total is None:
            total = _total(url, result)
            fields = [str(f["id"]) for f in result.get("fields", []) if isinstance(f, dict) and f.get("id") != "_id"]
            writer.writerow(fields)
        for record in batch:
            if not isinstance(record, dict):
                raise InputRejected(url, f"datastore_search page {page:,} holds a record that is not an object")
            writer.writerow(["" if record.get(f) is None else record.get(f) for f in fields])
        if batch and batch == previous:
            raise InputRejected(url, f"datastore_search page {page:,} repeats page {page - 1:,} (offset "
                                     f"{(page - 1) * page_size:,}): the portal ignores 'offset'")
        previous = batch
        read += len(batch)
        if read > total:
            raise InputRejected(url, f"datastore_search returned {read:,} records by page {page:,}, more than its "
                                     f"stated total of {total:,} (does the portal ignore 'offset'?)")
        if len(batch) < page_size:  # a short or empty page: the last one
            break
        if page >= MAX_PAGES:
            raise InputRejected(url, f"datastore_search still returns full pages after {page:,} pages "
                                     f"({read:,} records; total stated {total:,})")
    if read != total:
        raise InputRejected(url, f"datastore_search returned {read:,} records but states a total of {total:,}: "
                                 "a month would be published partly")
    buffer.flush()
    buffer.detach()  # the sink stays open for its owner
