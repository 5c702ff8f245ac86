"""The one downloader (extractors.downloader) against real loopback servers: where it may go, what
it sends where, how long and how often it may try; the crawler and the export client over it."""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from core.errors import InputRejected, SourceUnavailable
from core.settings import Settings
from extractors.downloader import Credentials, Downloader, HostPolicy, address_refusal
from extractors.news.crawler import Crawler
from extractors.news.registry import SiteProfile
from transforms.dates import Period

Route = Callable[[BaseHTTPRequestHandler], None]


class Server:
    """A loopback HTTP server on ``host`` that answers by path and records every request."""

    def __init__(self, routes: dict[str, Route], host: str = "127.0.0.1") -> None:
        self.routes = routes
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    send(self, 404, b"not found")
                else:
                    route(self)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://{host}:{self.httpd.server_address[1]}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str = "text/plain",
         headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def page(body: str) -> Route:
    return lambda h: send(h, 200, body.encode(), "text/html; charset=utf-8")


ROBOTS_OK = page("User-agent: *\nAllow: /\n")


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        server.close()


def _serve(servers: list[Server], routes: dict[str, Route], host: str = "127.0.0.1") -> Server:
    server = Server(routes, host)
    servers.append(server)
    return server


def _settings(**overrides: object) -> Settings:
    values: dict[str, object] = {"crawl_rate_per_host": 1000.0, "http_retries": 1, "http_backoff": 0.01,
                                 "http_timeout_read": 2.0, "allow_private_addresses": True, **overrides}
    return Settings(**values)  # type: ignore[arg-type]


def _crawler(server: Server, **settings: object) -> Crawler:
    site = SiteProfile(name="lokal", base_url=server.url + "/", sitemaps=("sitemap.xml",))
    return Crawler([site], settings=_settings(**settings))


# --- the address policy --------------------------------------------------------------------------


@pytest.mark.parametrize("address", [
    "100.64.0.1", "100.127.255.254", "192.0.0.8", "198.18.0.1", "198.19.255.1", "240.0.0.1", "255.255.255.255",
    "10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.169.254", "0.0.0.0", "192.0.2.7", "224.0.0.1",
    "233.252.0.1", "192.88.99.1", "::1", "::", "::ffff:8.8.8.8", "::ffff:127.0.0.1", "64:ff9b::808:808",
    "64:ff9b:1::1", "fc00::1", "fd12:3456::1", "fe80::1", "2001:db8::1", "2002:808:808::1", "2001::1", "ff02::1",
    "100::1", "3fff::1"])
def test_special_purpose_addresses_are_refused(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "103.10.20.30", "2001:4860:4860::8888", "2400:cb00::1"])
def test_public_addresses_pass(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is None


def test_carrier_grade_nat_is_refused_before_any_connection() -> None:
    downloader = Downloader(_settings(allow_private_addresses=False, http_timeout_connect=30.0))
    download = downloader.get("http://100.64.0.1/latest/meta-data/",
                              policy=HostPolicy.for_base("http://100.64.0.1/"))
    assert download.status == "private_address_refused" and download.attempts == 0
    assert "100.64.0.0/10" in (download.detail or "")


def test_a_name_that_answers_public_to_the_check_and_private_to_the_connection_is_refused(
        servers: list[Server], monkeypatch: pytest.MonkeyPatch) -> None:
    # DNS rebinding: the site's name gives a public address when the policy looks it up, then the
    # address of a service on the crawler's own machine when the connection looks it up again.
    import socket

    internal = _serve(servers, {"/robots.txt": ROBOTS_OK, "/2024/06/01/berita/": page("<p>internal admin</p>")})
    port = int(internal.url.rsplit(":", 1)[1])
    real = socket.getaddrinfo
    lookups: list[str] = []

    def rebinding(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "berita-rebind.example":
            return real(host, *args, **kwargs)
        lookups.append(host)
        address = "93.184.216.34" if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    url = f"http://berita-rebind.example:{port}/2024/06/01/berita/"
    download = Downloader(_settings(allow_private_addresses=False)).get(url, policy=HostPolicy.for_base(url))
    assert download.status == "private_address_refused" and download.content == b""
    assert "127.0.0.1" in (download.detail or "") and "after resolving to public ones" in (download.detail or "")
    assert download.attempts == 1 and len(lookups) == 2  # refused at once, not retried
    assert internal.requests == []  # the connection was closed before a byte was sent
    # Over HTTPS the address is checked before the handshake (without the check: a TLS error, not this).
    lookups.clear()
    secure = url.replace("http://", "https://")
    download = Downloader(_settings(allow_private_addresses=False)).get(secure, policy=HostPolicy.for_base(secure))
    assert download.status == "private_address_refused" and "127.0.0.1" in (download.detail or "")
    # The same name with private addresses allowed (as the tests' sample sites are) is fetched.
    lookups.clear()
    allowed = Downloader(_settings()).get(url, policy=HostPolicy.for_base(url, allow_private=True))
    assert allowed.status == "ok" and internal.paths() == ["/2024/06/01/berita/"]


def test_a_redirect_to_the_same_host_on_another_port_is_refused(servers: list[Server]) -> None:
    other = _serve(servers, {"/secret": page("internal admin")})
    site = _serve(servers, {"/robots.txt": ROBOTS_OK, "/2024/06/01/berita/": lambda h: send(
        h, 302, b"", headers={"Location": other.url + "/secret"})})
    outcome = _crawler(site).fetch(site.url + "/2024/06/01/berita/")
    assert outcome.status == "redirect_refused" and "port" in (outcome.detail or "")
    assert other.requests == []


def test_a_continuation_page_on_another_host_is_refused(servers: list[Server]) -> None:
    from pantau.news import fetch_through

    elsewhere = _serve(servers, {"/robots.txt": ROBOTS_OK, "/page-2": page("<p>konten lain</p>")}, host="127.0.0.2")
    site = _serve(servers, {"/robots.txt": ROBOTS_OK, "/2024/06/01/berita/": page("<p>halaman satu</p>")})
    crawler = _crawler(site)
    fetch_more = fetch_through(crawler)
    assert fetch_more(elsewhere.url + "/page-2", site.url + "/2024/06/01/berita/") is None
    assert elsewhere.requests == []
    # On its own site a continuation page is fetched.
    site.routes["/2024/06/01/berita/?page=2"] = page("<p>halaman dua</p>")
    site.routes["/2024/06/01/berita/"] = page("<p>halaman dua</p>")
    assert fetch_more(site.url + "/2024/06/01/berita/?page=2", site.url + "/2024/06/01/berita/") is not None


# --- credentials ---------------------------------------------------------------------------------


TOKEN = "rahasia-token-123"


def _export(h: BaseHTTPRequestHandler, files: list[str]) -> None:
    import json

    send(h, 200, json.dumps({"files": [{"url": url, "name": "rekap.csv"} for url in files]}).encode(),
         "application/json")


def test_the_token_goes_only_to_the_configured_host(servers: list[Server], tmp_path: Path) -> None:
    from extractors.http_source import fetch_http_export

    csv = b"REKAP KEPESERTAAN BULAN JUNI 2024\nNo;Kabupaten/Kota\n1;Tebo\n"
    other = _serve(servers, {"/steal.csv": lambda h: send(h, 200, csv, "text/csv")}, host="127.0.0.2")
    source = _serve(servers, {"/exports/coverage": lambda h: _export(h, [other.url + "/steal.csv"])})
    with pytest.raises(InputRejected, match="outside the configured source") as error:
        fetch_http_export(Period(2024, 6), tmp_path, base_url=source.url, token=TOKEN)
    assert other.requests == [] and TOKEN not in str(error.value)
    assert source.requests[0][1].get("Authorization") == f"Bearer {TOKEN}"
    # An entry on the configured host is fetched, with the token.
    source.routes["/files/rekap.csv"] = lambda h: send(h, 200, csv, "text/csv")
    source.routes["/exports/coverage"] = lambda h: _export(h, ["/files/rekap.csv"])
    assert len(fetch_http_export(Period(2024, 6), tmp_path, base_url=source.url, token=TOKEN)) == 1
    assert [headers.get("Authorization") for path, headers in source.requests if path == "/files/rekap.csv"] == [
        f"Bearer {TOKEN}"]


def test_credentials_are_bound_to_one_origin() -> None:
    credentials = Credentials.bearer("https://export.bpjs.test:8443/api/", TOKEN)
    assert credentials.for_url("https://export.bpjs.test:8443/files/a.csv") == {"Authorization": f"Bearer {TOKEN}"}
    for url in ("https://export.bpjs.test/files/a.csv", "http://export.bpjs.test:8443/a", "https://evil.test:8443/a"):
        assert credentials.for_url(url) == {}


def test_a_redirect_does_not_carry_the_token_away(servers: list[Server], tmp_path: Path) -> None:
    from extractors.http_source import fetch_http_export

    other = _serve(servers, {"/x.csv": lambda h: send(h, 200, b"a;b\n", "text/csv")}, host="127.0.0.2")
    source = _serve(servers, {"/exports/coverage": lambda h: send(h, 302, b"", headers={"Location": other.url + "/x.csv"})})
    with pytest.raises(InputRejected, match="redirect"):
        fetch_http_export(Period(2024, 6), tmp_path, base_url=source.url, token=TOKEN)
    assert other.requests == []


# --- time ----------------------------------------------------------------------------------------


def _trickle(stop: threading.Event, sent: list[int]) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/csv")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        try:
            for _ in range(100000):
                if stop.is_set():
                    return
                h.wfile.write(b"x")
                h.wfile.flush()
                sent[0] += 1
                time.sleep(0.05)
        except OSError:
            return
    return route


def test_a_trickling_server_cannot_hold_a_fetch_past_its_deadline(servers: list[Server]) -> None:
    from extractors import http_client

    stop, sent = threading.Event(), [0]
    source = _serve(servers, {"/slow.csv": _trickle(stop, sent)})
    try:
        downloader = Downloader(_settings(http_deadline=1.0, http_timeout_read=0.5, http_retries=0))
        download = downloader.get(source.url + "/slow.csv", policy=HostPolicy.for_base(source.url, allow_private=True))
        assert download.status == "timeout" and "deadline" in (download.detail or "")
        assert 0 < sent[0] < 100000  # it was trickling, and was cut off long before the end
        with pytest.raises(SourceUnavailable, match="deadline"):
            http_client.fetch(downloader, source.url + "/slow.csv")
    finally:
        stop.set()


def test_a_huge_retry_after_is_capped_and_the_cap_is_logged(servers: list[Server],
                                                           caplog: pytest.LogCaptureFixture) -> None:
    answers = iter([429, 200])

    def busy(h: BaseHTTPRequestHandler) -> None:
        status = next(answers, 200)
        send(h, status, b"ok" if status == 200 else b"slow down", headers={"Retry-After": "100000"})

    source = _serve(servers, {"/data": busy})
    caplog.set_level(logging.INFO, logger="pantau")  # an in-process CLI run may have set it to WARNING
    downloader = Downloader(_settings(http_max_retry_wait=0.1, http_retries=2))
    download = downloader.get(source.url + "/data", policy=HostPolicy.for_base(source.url, allow_private=True))
    assert download.status == "ok" and download.attempts == 2
    capped = [r for r in caplog.records if r.getMessage() == "Retry-After capped"]
    assert capped and capped[0].__dict__["fields"]["asked_s"] == 100000.0
    assert capped[0].__dict__["fields"]["waited_s"] == 0.1


def test_an_outage_is_source_unavailable_and_a_bad_answer_is_rejected(servers: list[Server], tmp_path: Path) -> None:
    from extractors.http_source import fetch_http_export

    source = _serve(servers, {"/down": lambda h: send(h, 503, b"maintenance"),
                              "/gone": lambda h: send(h, 404, b"no such export")})
    settings_retries = 1
    from extractors.http_client import make_downloader

    downloader = make_downloader(retries=settings_retries, backoff=0.01)
    with pytest.raises(SourceUnavailable, match="HTTP 503"):
        fetch_http_export(Period(2024, 6), tmp_path, base_url=source.url, path_template="/down", downloader=downloader)
    assert source.paths().count("/down") == settings_retries + 1
    with pytest.raises(InputRejected, match="HTTP 404"):
        fetch_http_export(Period(2024, 6), tmp_path, base_url=source.url, path_template="/gone", downloader=downloader)
    closed = source.url  # a port nobody listens on once the server is closed
    source.close()
    servers.remove(source)
    with pytest.raises(SourceUnavailable, match="try again later"):
        fetch_http_export(Period(2024, 6), tmp_path, base_url=closed, downloader=downloader)


# --- discovery and robots.txt --------------------------------------------------------------------


def _sitemaps(server_url: list[str], count: int, per_map: int) -> dict[str, Route]:
    def index(h: BaseHTTPRequestHandler) -> None:
        maps = "".join(f"<sitemap><loc>{server_url[0]}/map-{i}.xml</loc></sitemap>" for i in range(count))
        send(h, 200, f"<sitemapindex>{maps}</sitemapindex>".encode(), "application/xml")

    def one(i: int) -> Route:
        def route(h: BaseHTTPRequestHandler) -> None:
            urls = "".join(f"<url><loc>{server_url[0]}/2024/06/{i % 28 + 1:02d}/berita-{i}-{j}/</loc></url>"
                           for j in range(per_map))
            send(h, 200, f"<urlset>{urls}</urlset>".encode(), "application/xml")
        return route

    routes: dict[str, Route] = {"/sitemap.xml": index, "/robots.txt": ROBOTS_OK}
    routes.update({f"/map-{i}.xml": one(i) for i in range(count)})
    return routes


def test_sitemap_discovery_is_bounded_by_max_pages(servers: list[Server]) -> None:
    url: list[str] = [""]
    site = _serve(servers, _sitemaps(url, count=200, per_map=1))
    url[0] = site.url
    site.routes.update({f"/2024/06/{i % 28 + 1:02d}/berita-{i}-0/": page(f"<p>berita {i}</p>") for i in range(200)})
    result = _crawler(site).crawl(max_pages=3)
    assert len(result.pages) == 3
    sitemap_fetches = [p for p in site.paths() if p.startswith("/map-")]
    assert len(sitemap_fetches) <= 3  # not the 200 the index lists


@pytest.mark.parametrize(("status", "allowed"), [(429, False), (503, False), (500, False), (404, True),
                                                  (403, True)])
def test_robots_txt_that_cannot_be_read(servers: list[Server], status: int, allowed: bool) -> None:
    site = _serve(servers, {"/robots.txt": lambda h: send(h, status, b"nope"),
                            "/2024/06/01/berita/": page("<p>isi</p>")})
    outcome = _crawler(site, http_retries=0).fetch(site.url + "/2024/06/01/berita/")
    assert (outcome.status == "ok") is allowed
    assert ("/2024/06/01/berita/" in site.paths()) is allowed
    if not allowed:
        assert outcome.status == "robots_disallowed"
