"""An export endpoint's JSON index, against a real loopback server: its files are fetched and written
one at a time (a body is on disk before the next is asked for), and an index naming more files than
the cap is refused before any is fetched."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from core.errors import InputRejected
from extractors.http_client import make_downloader
from extractors.http_source import MAX_INDEX_FILES, fetch_http_export
from transforms.dates import Period

BODY = "REKAP KEPESERTAAN BULAN JUNI 2024\nNo;Kabupaten/Kota;Sumber Dana;Peserta Aktif;Iuran\n1;Tebo;APBD Provinsi;{n};1\n"


class IndexServer:
    def __init__(self, entries: int, missing_from: int | None = None) -> None:
        self.requested: list[str] = []
        self.landing: Path | None = None
        self.on_disk_when_asked: list[int] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                server.requested.append(self.path)
                if server.landing is not None:
                    server.on_disk_when_asked.append(len(list(server.landing.glob("*.csv")))
                                                     if server.landing.exists() else 0)
                if self.path.startswith("/exports/coverage"):
                    files = [{"url": f"/files/{i}.csv", "name": f"cabang-{i}-2024-06.csv"} for i in range(entries)]
                    status, body, kind = 200, json.dumps({"files": files}).encode(), "application/json"
                else:
                    number = int(self.path.split("/")[-1].split(".")[0])
                    if missing_from is not None and number >= missing_from:
                        status, body, kind = 404, b"gone", "text/plain"
                    else:
                        status, body, kind = 200, BODY.format(n=number + 1).encode(), "text/csv"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def servers() -> Iterator[list[IndexServer]]:
    made: list[IndexServer] = []
    yield made
    for server in made:
        server.close()


def test_index_files_are_written_one_at_a_time(servers: list[IndexServer], tmp_path: Path) -> None:
    server = IndexServer(entries=4, missing_from=3)
    servers.append(server)
    server.landing = tmp_path / "landing"
    with pytest.raises(InputRejected, match="HTTP 404"):
        fetch_http_export(Period(2024, 6), server.landing, base_url=server.url, downloader=make_downloader(retries=0))
    # Each file was on disk before the next was asked for; the three read before the failure stay.
    assert server.on_disk_when_asked == [0, 0, 1, 2, 3]  # the index, then files 0 to 3
    assert len(list(server.landing.glob("*.csv"))) == 3


def test_an_index_naming_too_many_files_is_refused_before_fetching(servers: list[IndexServer],
                                                                   tmp_path: Path) -> None:
    server = IndexServer(entries=MAX_INDEX_FILES + 1)
    servers.append(server)
    with pytest.raises(InputRejected, match=f"names {MAX_INDEX_FILES + 1} files .limit {MAX_INDEX_FILES}."):
        fetch_http_export(Period(2024, 6), tmp_path / "landing", base_url=server.url,
                          downloader=make_downloader(retries=0))
    assert len(server.requested) == 1
