"""CKAN DataStore paging has an end, against a real loopback portal whose answers lie: a total in
words, a total of a billion with ``offset`` ignored, a total smaller or larger than the rows served."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from core.errors import InputRejected
from extractors.ckan import fetch_ckan_dataset
from extractors.http_client import make_downloader
from extractors.limits import MAX_ROWS

ROWS = [{"_id": i, "kode_kabupaten_kota": "1501", "nama_kabupaten_kota": "Kerinci", "jumlah_peserta": i,
         "tahun": 2024} for i in range(1, 251)]
FIELDS = [{"id": "_id"}, {"id": "kode_kabupaten_kota"}, {"id": "nama_kabupaten_kota"}, {"id": "jumlah_peserta"},
          {"id": "tahun"}]


class LyingPortal:
    """``behaviour`` decides each datastore_search page from (offset, limit); pages are counted."""

    def __init__(self) -> None:
        self.pages = 0
        self.total: object = len(ROWS)
        self.ignore_offset = False
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path.endswith("package_show"):
                    resources = [{"id": "r1", "name": "kepesertaan juni 2024", "format": "CSV",
                                  "url": "/files/r1.csv", "datastore_active": True}]
                    body: dict[str, Any] = {"success": True, "result": {"resources": resources}}
                else:
                    portal.pages += 1
                    offset = 0 if portal.ignore_offset else int(query["offset"])
                    limit = int(query["limit"])
                    body = {"success": True, "result": {"fields": FIELDS, "records": ROWS[offset:offset + limit],
                                                        "total": portal.total}}
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def portal() -> Iterator[LyingPortal]:
    server = LyingPortal()
    yield server
    server.close()


def _fetch(portal: LyingPortal, tmp_path: Path) -> list[Path]:
    return fetch_ckan_dataset("kepesertaan", None, tmp_path / "landing", base_url=portal.url,
                              downloader=make_downloader(retries=0))


def test_an_honest_portal_is_read_whole(portal: LyingPortal, tmp_path: Path) -> None:
    paths = _fetch(portal, tmp_path)
    assert len(paths[0].read_text().splitlines()) == 1 + len(ROWS)
    assert portal.pages == 3  # 100, 100 and a short page of 50


@pytest.mark.parametrize(("total", "fragment"), [
    ("banyak", "field 'total' is 'banyak', not a whole number"),
    (None, "field 'total' is None"),
    (-5, "field 'total' is -5"),
    (10**9, f"claims 1,000,000,000 records, above the {MAX_ROWS:,}-row limit"),
])
def test_a_total_that_is_no_count_is_refused_on_the_first_page(portal: LyingPortal, tmp_path: Path,
                                                                total: object, fragment: str) -> None:
    portal.total = total
    with pytest.raises(InputRejected, match=fragment) as error:
        _fetch(portal, tmp_path)
    assert "datastore_search" in str(error.value) and portal.pages == 1
    assert not (tmp_path / "landing").exists() or list((tmp_path / "landing").iterdir()) == []


@pytest.mark.parametrize("total", [250, 100_000])
def test_a_portal_ignoring_offset_is_refused_on_its_second_page(portal: LyingPortal, tmp_path: Path,
                                                                total: int) -> None:
    portal.ignore_offset, portal.total = True, total
    with pytest.raises(InputRejected, match=re.escape("page 2 repeats page 1 (offset 100): the portal ignores 'offset'")):
        _fetch(portal, tmp_path)
    assert portal.pages == 2


@pytest.mark.parametrize(("total", "fragment"), [
    (120, "returned 200 records by page 2, more than its stated total of 120"),
    (400, "returned 250 records but states a total of 400"),
])
def test_rows_that_disagree_with_the_total_publish_nothing(portal: LyingPortal, tmp_path: Path, total: int,
                                                           fragment: str) -> None:
    portal.total = total
    with pytest.raises(InputRejected, match=fragment):
        _fetch(portal, tmp_path)
    assert not (tmp_path / "landing").exists() or list((tmp_path / "landing").iterdir()) == []
