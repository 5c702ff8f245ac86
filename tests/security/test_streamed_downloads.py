"""Export bodies go to disk as they arrive, one at a time, never whole in memory, against a real
loopback server: an export index of several large entries, an export answered directly, CKAN
resources; the count of bodies a run fetches is capped, and so is the size of an index."""

from __future__ import annotations

import hashlib
import json
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from core.errors import InputRejected
from extractors.ckan import MAX_RESOURCES, fetch_ckan_dataset
from extractors.http_client import make_downloader
from extractors.http_source import MAX_INDEX_BYTES, fetch_http_export
from transforms.dates import Period

BODY_BYTES = 12 * 1024 * 1024  # each export body: far more than what the fetch may hold at once
HELD_BYTES = 4 * 1024 * 1024  # the most Python memory a whole run may grow by, any body included
_LINE = b"1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10;168000\n"
_BLOCK = _LINE * (65_536 // len(_LINE))


def _body(number: int) -> Iterator[bytes]:
    """An export of about BODY_BYTES, in blocks (the server never holds it whole either)."""
    yield f"REKAP KEPESERTAAN BULAN JUNI 2024 CABANG {number}\n".encode()
    for _ in range(BODY_BYTES // len(_BLOCK)):
        yield _BLOCK


def _digest(number: int) -> str:
    digest = hashlib.sha256()
    for block in _body(number):
        digest.update(block)
    return digest.hexdigest()


class ExportServer:
    """Answers each path with ``route(path)``: (content type, blocks); counts each body it starts."""

    def __init__(self, route: Callable[[str], tuple[str, Iterator[bytes]]]) -> None:
        self.requested: list[str] = []

        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                server.requested.append(self.path)
                kind, blocks = route(self.path)
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.end_headers()  # no Content-Length: the body is read until the connection closes
                for block in blocks:
                    self.wfile.write(block)
                self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def servers() -> Iterator[list[ExportServer]]:
    made: list[ExportServer] = []
    yield made
    for server in made:
        server.close()


def _peak_growth(run: Callable[[], Any]) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = run()
        return result, tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def _index_route(entries: int) -> Callable[[str], tuple[str, Iterator[bytes]]]:
    def route(path: str) -> tuple[str, Iterator[bytes]]:
        if path.startswith("/exports/coverage"):
            files = [{"url": f"/files/{i}.csv", "name": f"cabang-{i}-2024-06.csv"} for i in range(entries)]
            return "application/json", iter([json.dumps({"files": files}).encode()])
        return "text/csv", _body(int(path.rsplit("/", 1)[-1].split(".")[0]))
    return route


def test_an_index_of_large_exports_is_written_to_disk_never_held(servers: list[ExportServer], tmp_path: Path) -> None:
    server = ExportServer(_index_route(3))
    servers.append(server)
    landing = tmp_path / "landing"
    written, grown = _peak_growth(lambda: fetch_http_export(Period(2024, 6), landing, base_url=server.url,
                                                            downloader=make_downloader(retries=0)))
    assert grown < HELD_BYTES, f"the fetch held {grown:,} bytes at its peak"
    assert sorted(p.stat().st_size for p in written) == [sum(len(b) for b in _body(0))] * 3
    assert sorted(p.name for p in landing.iterdir()) == sorted(p.name for p in written)  # no part file left
    for number in range(3):
        landed = next(p for p in written if p.name.startswith(f"cabang-{number}-"))
        assert hashlib.sha256(landed.read_bytes()).hexdigest() == _digest(number)
        assert landed.name == f"cabang-{number}-2024-06-{_digest(number)[:12]}.csv"


def test_an_export_answered_directly_is_streamed_to_disk(servers: list[ExportServer], tmp_path: Path) -> None:
    server = ExportServer(lambda path: ("text/csv", _body(7)))
    servers.append(server)
    landing = tmp_path / "landing"
    written, grown = _peak_growth(lambda: fetch_http_export(Period(2024, 6), landing, base_url=server.url,
                                                            downloader=make_downloader(retries=0)))
    assert grown < HELD_BYTES, f"the fetch held {grown:,} bytes at its peak"
    assert [p.name for p in written] == [f"bpjs-export-2024-06-{_digest(7)[:12]}.csv"]
    assert [p.name for p in landing.iterdir()] == [written[0].name]


def test_an_index_past_its_size_limit_is_refused_and_nothing_lands(servers: list[ExportServer],
                                                                   tmp_path: Path) -> None:
    padding = b" " * (MAX_INDEX_BYTES + 1)
    server = ExportServer(lambda path: ("application/json", iter([b'{"files": []' + padding + b"}"])))
    servers.append(server)
    landing = tmp_path / "landing"
    with pytest.raises(InputRejected, match=f"the JSON index is {MAX_INDEX_BYTES + 14:,} bytes"):
        fetch_http_export(Period(2024, 6), landing, base_url=server.url, downloader=make_downloader(retries=0))
    assert list(landing.iterdir()) == []
    assert len(server.requested) == 1


def _ckan_route(resources: int) -> Callable[[str], tuple[str, Iterator[bytes]]]:
    def route(path: str) -> tuple[str, Iterator[bytes]]:
        if "package_show" in path:
            listed = [{"id": f"r{i}", "name": f"kepesertaan cabang {i} juni 2024", "format": "CSV",
                       "url": f"/files/{i}.csv"} for i in range(resources)]
            return "application/json", iter([json.dumps({"success": True,
                                                         "result": {"resources": listed}}).encode()])
        return "text/csv", _body(int(path.rsplit("/", 1)[-1].split(".")[0]))
    return route


def test_ckan_resources_are_written_to_disk_one_at_a_time(servers: list[ExportServer], tmp_path: Path) -> None:
    server = ExportServer(_ckan_route(2))
    servers.append(server)
    landing = tmp_path / "landing"
    written, grown = _peak_growth(lambda: fetch_ckan_dataset("kepesertaan", Period(2024, 6), landing,
                                                             base_url=server.url, downloader=make_downloader(retries=0)))
    assert grown < HELD_BYTES, f"the fetch held {grown:,} bytes at its peak"
    assert sorted(p.name for p in written) == sorted(
        f"kepesertaan cabang {i} juni 2024-{_digest(i)[:12]}.csv".replace(" ", "_") for i in range(2))
    assert sorted(p.name for p in landing.iterdir()) == sorted(p.name for p in written)


def test_a_package_naming_more_resources_than_the_cap_stops_at_the_cap(servers: list[ExportServer],
                                                                       tmp_path: Path) -> None:
    tiny = b"REKAP KEPESERTAAN BULAN JUNI 2024\n"
    route = _ckan_route(MAX_RESOURCES + 5)
    server = ExportServer(lambda path: route(path) if "package_show" in path else ("text/csv", iter([tiny, path.encode()])))
    servers.append(server)
    with pytest.raises(InputRejected, match=f"names more than {MAX_RESOURCES} CSV/XLSX resources for 2024-06"):
        fetch_ckan_dataset("kepesertaan", Period(2024, 6), tmp_path / "landing", base_url=server.url,
                           downloader=make_downloader(retries=0))
    assert len(server.requested) == 1 + MAX_RESOURCES  # package_show, then the bodies up to the cap
