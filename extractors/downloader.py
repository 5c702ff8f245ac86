"""The one downloader behind every HTTP fetch: the news crawler and the export / CKAN client.

Where a fetch may go, how often it may knock, how long it may take and how much it may bring back
are decided here and nowhere else:

- **where**: every URL (the first, each redirect hop, and whatever the caller follows next: a
  continuation page, a JSON index entry) passes one :class:`HostPolicy`: http(s) only, a permitted
  host on a permitted port, and an address outside the special-purpose ranges (:func:`address_refusal`),
  checked when the name is looked up and again on the address each new connection reaches (a name
  that answers a public address to the check and a private one to the connection is refused);
- **credentials** (a bearer token) travel only to the origin they were configured for, never on a
  redirect or to a host a response names;
- **politeness**: at most one request per interval per host, across threads;
- **retries** on 429, 5xx, time-outs and broken connections, with backoff; a ``Retry-After`` is
  obeyed up to a cap, and a capped wait says so in the log;
- **bounds**: a size cap (declared and read), a read time-out, and a total deadline per fetch that
  covers retries, waits and a server trickling its bytes; a body may go to a file as it arrives.

Nothing here raises for a network or server fault: each fetch ends in a :class:`Download` with a
status (ok, not_modified, http_error, timeout, connection_error, redirect_refused, redirect_loop,
too_large, bad_content_type, private_address_refused, host_refused, or the caller's own gate status).
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import IO
from urllib.parse import urldefrag, urljoin, urlsplit

import requests
import urllib3
import urllib3.connection
from requests.adapters import HTTPAdapter

from core.logs import event
from core.settings import Settings, get_settings
from extractors.retries import BUDGET as _BUDGET
from extractors.retries import Budget as _Budget
from extractors.retries import NextTryPastDeadline as _NextTryPastDeadline
from extractors.retries import PacedRetry as _PacedRetry

log = logging.getLogger("pantau.downloader")

MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
DEFAULT_PORTS = {"http": 80, "https": 443}

# Special-purpose address blocks (IANA IPv4 and IPv6 Special-Purpose Address Registries, multicast
# registries). ``ipaddress``'s ``is_global`` covers most of them on recent Pythons but not all on
# every version (192.0.0.0/24, 64:ff9b::/96, 6to4 and mapped addresses with a public IPv4 pass on
# 3.11), so the blocks are listed and checked besides ``is_global``.
SPECIAL_PURPOSE = tuple(ipaddress.ip_network(block) for block in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24",
    "192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
    "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
    "2001:db8::/32", "2002::/16", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "ff00::/8",
))


def address_refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``address`` may not be fetched from, or None for a public unicast address."""
    for block in SPECIAL_PURPOSE:
        if address.version == block.version and address in block:
            return f"{address} is in the special-purpose block {block}"
    if not address.is_global:
        return f"{address} is not a globally reachable address"
    return None


# Whether the fetch under way may reach non-public addresses (its policy's ``allow_private``). Read when
# a connection is opened, in the thread that opens it.
_PRIVATE_ALLOWED: ContextVar[bool] = ContextVar("pantau_private_allowed", default=False)


class NonPublicPeer(Exception):
    """A connection reached a non-public address although the name's lookup gave public ones (the name
    answers differently from one lookup to the next, as a DNS rebinding attack does)."""

    def __init__(self, host: str, why: str) -> None:
        self.host = host
        self.why = why
        super().__init__(f"{host} connected to a non-public address ({why}) after resolving to public ones")


def _vetted(sock: socket.socket, host: str) -> socket.socket:
    """The socket of a new connection, when the address it reached may be fetched from."""
    if not _PRIVATE_ALLOWED.get():
        peer = ipaddress.ip_address(str(sock.getpeername()[0]).split("%")[0])
        if why := address_refusal(peer):
            sock.close()
            raise NonPublicPeer(host, why)
    return sock


class _VettedConnection(urllib3.connection.HTTPConnection):
    """A connection whose new socket is checked on the address it reached (HTTPS: before the handshake)."""

    def _new_conn(self) -> socket.socket:
        return _vetted(super()._new_conn(), self.host)


class _VettedHTTPSConnection(_VettedConnection, urllib3.connection.HTTPSConnection):
    pass


class _VettedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _VettedConnection


class _VettedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _VettedHTTPSConnection


class _VettedAdapter(HTTPAdapter):
    """requests' adapter, its connections checked on the address they reach (through a proxy, the proxy's
    address is the one reached, and the check before the fetch is the one that holds)."""

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
        self.poolmanager.pool_classes_by_scheme = {"http": _VettedHTTPPool, "https": _VettedHTTPSPool}


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of ``url``, the port filled in from the scheme."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = -1
    return scheme, (parts.hostname or "").lower(), port if port is not None else DEFAULT_PORTS.get(scheme, -1)


@dataclass(frozen=True)
class HostPolicy:
    """Where a fetch may go: these hosts on these ports, at public addresses unless ``allow_private``."""

    hosts: frozenset[str]
    ports: frozenset[int]
    allow_private: bool = False

    @classmethod
    def for_base(cls, base_url: str, hosts: Iterable[str] = (), *, allow_private: bool = False) -> HostPolicy:
        """The base URL's host (and ``hosts``), on the base URL's port; without an explicit port,
        on the standard ports (so http → https on the same host is followed)."""
        _, host, port = origin(base_url)
        explicit = bool(re.match(r"^[a-z][a-z0-9+.-]*://[^/?#]*:\d+(?:[/?#]|$)", base_url, re.IGNORECASE))
        ports = frozenset({port}) if explicit else frozenset(DEFAULT_PORTS.values())
        return cls(frozenset({host, *(h.lower() for h in hosts)}), ports, allow_private)

    def refusal(self, url: str) -> tuple[str, str] | None:
        """(status, reason) when ``url`` may not be fetched, else None; resolves the host."""
        scheme, host, port = origin(url)
        if scheme not in DEFAULT_PORTS or not host:
            return "host_refused", f"{url}: only http(s) URLs with a host are fetched"
        if host not in self.hosts:
            return "host_refused", f"{host} is not among the allowed hosts"
        if port not in self.ports:
            return "host_refused", f"port {port} of {host} is not an allowed port ({sorted(self.ports)})"
        if self.allow_private:
            return None
        try:
            infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        except OSError as exc:
            return "connection_error", f"cannot resolve {host}: {exc.strerror or exc}"
        for info in infos:
            refused = address_refusal(ipaddress.ip_address(str(info[4][0]).split("%")[0]))
            if refused:
                return "private_address_refused", f"{host} resolves to a non-public address ({refused})"
        return None


@dataclass(frozen=True)
class Credentials:
    """Headers (a bearer token) for one origin only."""

    origin: tuple[str, str, int]
    headers: dict[str, str]

    @classmethod
    def bearer(cls, base_url: str, token: str) -> Credentials:
        return cls(origin(base_url), {"Authorization": f"Bearer {token}"})

    def for_url(self, url: str) -> dict[str, str]:
        return dict(self.headers) if origin(url) == self.origin else {}


class FetchStatus(StrEnum):
    """What a fetch ended in (a caller's ``gate`` may add its own status beside these)."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    HTTP_ERROR = "http_error"
    TIMEOUT = "timeout"
    CONNECTION_ERROR = "connection_error"
    REDIRECT_REFUSED = "redirect_refused"
    REDIRECT_LOOP = "redirect_loop"
    TOO_LARGE = "too_large"
    BAD_CONTENT_TYPE = "bad_content_type"
    PRIVATE_ADDRESS_REFUSED = "private_address_refused"
    HOST_REFUSED = "host_refused"


# Retried here, then worth trying again later (a server fault or overload, not a wrong request).
RETRY_STATUSES = frozenset({429, *range(500, 600)})


@dataclass
class Download:
    """What one fetch ended in; ``content`` only for ``ok``."""

    url: str
    status: str  # a FetchStatus, or a caller's gate status
    http_status: int | None = None
    attempts: int = 0
    detail: str | None = None
    final_url: str | None = None
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def error(self, shown: str) -> Exception | None:
        """The fetch's failure as an exception naming ``shown`` (the URL as it may be shown), or None.

        A source that is down or slow (a time-out, a broken connection, 429 or 5xx after the retries)
        is :class:`SourceUnavailable`, worth trying again later; any other failure (access refused,
        not found, too large, a refused redirect) is a wrong answer, :class:`InputRejected`.
        """
        from core.errors import InputRejected, SourceUnavailable
        from core.redact import redact_url

        status = self.http_status
        if self.status in (FetchStatus.OK, FetchStatus.NOT_MODIFIED):
            return None
        if self.status in (FetchStatus.TIMEOUT, FetchStatus.CONNECTION_ERROR):
            return SourceUnavailable(shown, f"{self.detail or self.status}; try again later")
        if self.status == FetchStatus.HTTP_ERROR and status in RETRY_STATUSES:
            return SourceUnavailable(shown, f"HTTP {status} after {self.attempts} attempt(s); try again later")
        if self.status == FetchStatus.HTTP_ERROR and status in (401, 403):
            return InputRejected(shown, f"HTTP {status}: access refused; check the token in the "
                                        "connection (bpjs_export_http / ckan_portal)")
        if self.status == FetchStatus.HTTP_ERROR:
            return InputRejected(shown, f"HTTP {status} after retries")
        return InputRejected(shown, redact_url(self.detail or self.status))


class HostLimiter:
    """At most one request per ``interval`` seconds per host, across threads."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, interval: float, deadline: float | None = None) -> bool:
        """Wait for the host's next slot; False (without waiting or taking a slot) when that slot
        comes after ``deadline``: the wait counts in the fetch's deadline."""
        if interval <= 0:
            return True
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, now))
            if deadline is not None and slot > deadline:
                return False
            self._next[host] = slot + interval
        if slot > now:
            time.sleep(slot - now)
        return True


def parse_http_date(text: str | None) -> datetime | None:
    """An ISO 8601 or RFC 1123 time (feeds, sitemaps, Retry-After), made aware; None if unreadable."""
    if not text:
        return None
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class _DeadlinePassed(Exception):
    pass


class _TooLarge(Exception):
    pass


class Downloader:
    """Fetches URLs within a policy, politely, with bounded retries, size and time."""

    def __init__(self, settings: Settings | None = None, *, retries: int | None = None,
                 backoff: float | None = None, user_agent: str | None = None, max_bytes: int | None = None,
                 interval: Callable[[str], float] | None = None, session: requests.Session | None = None) -> None:
        self.settings = settings or get_settings()
        self.retries = self.settings.http_retries if retries is None else retries
        self.backoff = self.settings.http_backoff if backoff is None else backoff
        self.max_bytes = self.settings.crawl_max_bytes if max_bytes is None else max_bytes
        self.deadline_s = self.settings.http_deadline
        self.max_retry_wait = self.settings.http_max_retry_wait
        self.interval = interval or (lambda url: 0.0)
        self.session = session or requests.Session()
        retry = _PacedRetry(
            total=None, connect=self.retries, read=self.retries, status=self.retries, other=0, redirect=0,
            raise_on_redirect=False, raise_on_status=False, allowed_methods=frozenset({"GET"}),
            status_forcelist=RETRY_STATUSES, respect_retry_after_header=True,
            # urllib3's schedule: the first retry at once, then backoff * 2, * 4 … up to the longest wait.
            backoff_factor=self.backoff, backoff_max=self.max_retry_wait,
            retry_after_max=self.max_retry_wait)  # type: ignore[arg-type]  # urllib3 compares it as a number
        for scheme in ("http://", "https://"):
            self.session.mount(scheme, _VettedAdapter(max_retries=retry))
        self.session.headers["User-Agent"] = user_agent or self.settings.user_agent
        self.limiter = HostLimiter()

    def get(self, url: str, *, policy: HostPolicy, credentials: Credentials | None = None,
            params: dict[str, str] | None = None, conditional: Callable[[str], dict[str, str]] | None = None,
            gate: Callable[[str], tuple[str, str] | None] | None = None,
            accept_type: Callable[[str], bool] | None = None, max_bytes: int | None = None,
            sink: IO[bytes] | None = None) -> Download:
        """Fetch ``url``, following redirects that stay within ``policy``. ``gate`` may refuse a hop
        (robots.txt); ``conditional`` gives a hop's validators; ``accept_type`` a content type. With a
        ``sink`` the body is written to it as it arrives (never held whole) and ``content`` stays empty."""
        started = time.monotonic()
        deadline = started + self.deadline_s
        url = urldefrag(url)[0]
        current = url
        seen = {current}
        attempts = 0
        while True:
            refused = policy.refusal(current) or (gate(current) if gate else None)
            if refused:
                status, detail = refused
                if current != url and status == "host_refused":
                    status, detail = "redirect_refused", f"redirect to {current} refused: {detail}"
                result = Download(url, status, attempts=attempts, detail=detail, final_url=current)
                break
            headers = {**(conditional(current) if conditional else {}),
                       **(credentials.for_url(current) if credentials else {})}
            allowed = _PRIVATE_ALLOWED.set(policy.allow_private)
            try:
                result, response, attempts = self._attempts(url, current, headers, params, attempts, deadline)
            finally:
                _PRIVATE_ALLOWED.reset(allowed)
            if response is None:
                break
            with response:
                if response.status_code in REDIRECTS and response.headers.get("Location"):
                    target = urldefrag(urljoin(current, response.headers["Location"]))[0]
                    if target in seen or len(seen) > MAX_REDIRECTS:
                        result = Download(url, "redirect_loop", response.status_code, attempts, detail=target)
                        break
                    seen.add(target)
                    current, params = target, None
                    continue
                result = self._finish(url, current, response, attempts, deadline, accept_type,
                                      self.max_bytes if max_bytes is None else max_bytes, sink)
                break
        result.elapsed = time.monotonic() - started
        if result.status not in ("ok", "not_modified"):
            event(log, "fetch outcome", url=url, status=result.status, http_status=result.http_status,
                  attempts=result.attempts, detail=result.detail)
        return result

    # --- one hop, with retries -----------------------------------------------------------------

    def _attempts(self, url: str, current: str, headers: dict[str, str], params: dict[str, str] | None,
                  attempts: int, deadline: float) -> tuple[Download, requests.Response | None, int]:
        """One hop, retried by urllib3 (:class:`_PacedRetry`) within the deadline and the host's pace."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return self._deadline(url, current, attempts), None, attempts
        host = urlsplit(current).netloc
        if not self.limiter.wait(host, self.interval(current), deadline):
            return self._deadline(url, current, attempts), None, attempts
        budget = _Budget(deadline=deadline, deadline_s=self.deadline_s, max_retry_wait=self.max_retry_wait,
                         pace=lambda: self.limiter.wait(host, self.interval(current), deadline), url=url)
        timeout = (min(self.settings.http_timeout_connect, remaining), min(self.settings.http_timeout_read, remaining))
        token = _BUDGET.set(budget)
        try:
            response = self.session.get(current, headers=headers, params=params, timeout=timeout, stream=True,
                                        allow_redirects=False)
        except NonPublicPeer as exc:  # not retried: the name is not to be trusted
            return Download(url, FetchStatus.PRIVATE_ADDRESS_REFUSED, attempts=attempts + budget.failures + 1,
                            final_url=current, detail=str(exc)), None, attempts + budget.failures + 1
        except requests.exceptions.RequestException as exc:
            return self._failure(url, current, exc, timeout[1], attempts + budget.failures, budget), None, \
                attempts + budget.failures
        except _NextTryPastDeadline:
            failed = Download(url, FetchStatus.CONNECTION_ERROR, attempts=attempts + budget.failures,
                              final_url=current, detail=f"gave up before the next try would pass the "
                                                        f"{self.deadline_s:g} s deadline")
            return failed, None, attempts + budget.failures
        finally:
            _BUDGET.reset(token)
        if response.status_code in RETRY_STATUSES:  # still failing after the retries
            sent = attempts + budget.failures
            failed = Download(url, FetchStatus.HTTP_ERROR, response.status_code, sent, final_url=current,
                              detail=f"HTTP {response.status_code}")
            response.close()
            return failed, None, sent
        sent = attempts + budget.failures + 1
        return Download(url, FetchStatus.CONNECTION_ERROR, attempts=sent, final_url=current), response, sent

    def _failure(self, url: str, current: str, exc: Exception, read_timeout: float, attempts: int,
                 budget: _Budget) -> Download:
        """A hop that ended in an exception once urllib3 stopped retrying: a time-out or a broken connection."""
        cause = exc.args[0] if exc.args else exc
        reason = getattr(cause, "reason", cause)
        if isinstance(reason, _NextTryPastDeadline) or budget.passed_deadline:
            return Download(url, FetchStatus.TIMEOUT, attempts=attempts, final_url=current,
                            detail=f"gave up before the next try would pass the {self.deadline_s:g} s deadline")
        if isinstance(reason, NonPublicPeer):
            return Download(url, FetchStatus.PRIVATE_ADDRESS_REFUSED, attempts=attempts, final_url=current,
                            detail=str(reason))
        if isinstance(exc, requests.exceptions.Timeout) or isinstance(
                reason, urllib3.exceptions.TimeoutError):
            return Download(url, FetchStatus.TIMEOUT, attempts=attempts, final_url=current,
                            detail=f"no answer within {read_timeout:g} s")
        return Download(url, FetchStatus.CONNECTION_ERROR, attempts=attempts, final_url=current,
                        detail=type(exc).__name__)

    def _deadline(self, url: str, current: str, attempts: int) -> Download:
        return Download(url, "timeout", attempts=attempts, final_url=current,
                        detail=f"the fetch took longer than its {self.deadline_s:g} s deadline")

    # --- the body ------------------------------------------------------------------------------

    def _finish(self, url: str, current: str, response: requests.Response, attempts: int, deadline: float,
                accept_type: Callable[[str], bool] | None, limit: int, sink: IO[bytes] | None = None) -> Download:
        headers = {k.lower(): v for k, v in response.headers.items()}
        status = response.status_code
        if status == 304:
            return Download(url, "not_modified", 304, attempts, final_url=current, headers=headers)
        if status >= 400:
            return Download(url, "http_error", status, attempts, detail=f"HTTP {status}", final_url=current,
                            headers=headers)
        content_type = headers.get("content-type", "")
        if accept_type is not None and content_type and not accept_type(content_type):
            return Download(url, "bad_content_type", status, attempts, detail=content_type, final_url=current)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return Download(url, "too_large", status, attempts, final_url=current,
                            detail=f"the response is {int(declared):,} bytes, above the {limit:,}-byte limit")
        try:
            body = self._read(response, deadline, limit, sink)
        except _TooLarge:
            return Download(url, "too_large", status, attempts, final_url=current,
                            detail=f"the response is larger than the {limit:,}-byte limit")
        except _DeadlinePassed:
            return self._deadline(url, current, attempts)
        except requests.exceptions.Timeout:
            return Download(url, "timeout", status, attempts, final_url=current, detail="read timed out")
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException,
                OSError) as exc:  # the connection broke mid-body
            if "timed out" in str(exc).lower():
                return Download(url, "timeout", status, attempts, final_url=current, detail="read timed out")
            return Download(url, "connection_error", status, attempts, final_url=current,
                            detail=f"the connection broke while reading ({type(exc).__name__})")
        return Download(url, "ok", status, attempts, final_url=current, content=body, headers=headers)

    @staticmethod
    def _read(response: requests.Response, deadline: float, limit: int, sink: IO[bytes] | None = None) -> bytes:
        """The body, as it arrives (``read1``: whatever is there), checking size and deadline each time;
        written to ``sink`` chunk by chunk when there is one (then nothing is returned)."""
        chunks: list[bytes] = []
        size = 0
        raw = response.raw
        while True:
            if time.monotonic() > deadline:
                raise _DeadlinePassed
            chunk = raw.read1(64 * 1024, decode_content=True)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            (chunks.append if sink is None else sink.write)(chunk)
