"""urllib3's retries within Pantau's two rules for a fetch: its overall deadline and the per-host pace.

The downloader (:mod:`extractors.downloader`) mounts :class:`PacedRetry` on its requests adapter and
sets a :class:`Budget` for each hop it sends; everything else about retrying (what is retried, the
backoff, reading and capping ``Retry-After``) is urllib3's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

import urllib3

from core.logs import event

log = logging.getLogger("pantau.downloader")


@dataclass
class Budget:
    """One hop's retry budget, read by :class:`_PacedRetry` on whichever thread runs the hop."""

    deadline: float
    deadline_s: float
    max_retry_wait: float
    pace: Callable[[], bool]  # waits for the host's next slot; False when it comes after the deadline
    url: str
    failures: int = 0
    passed_deadline: bool = False


BUDGET: ContextVar[Budget | None] = ContextVar("pantau_retry_budget", default=None)


class NextTryPastDeadline(Exception):
    """The wait before the next try would end after the fetch's deadline: give up with the last failure."""


class PacedRetry(urllib3.util.Retry):
    """urllib3's retries, within Pantau's two rules: the fetch's overall deadline and the per-host pace.

    urllib3 decides what is retried (time-outs, broken connections, 429 and 5xx), the exponential
    backoff and how a ``Retry-After`` is read and capped (``retry_after_max``; a capped wait is logged).
    Before each retry the wait is checked against the deadline, and the host's pace is kept.
    """

    def increment(self, *args: object, **kwargs: object) -> PacedRetry:
        budget = BUDGET.get()
        if budget is not None:
            budget.failures += 1
        return super().increment(*args, **kwargs)  # type: ignore[arg-type]

    def sleep(self, response: urllib3.BaseHTTPResponse | None = None) -> None:
        budget = BUDGET.get()
        if budget is None:
            super().sleep(response)
            return
        wait = None
        if self.respect_retry_after_header and response is not None:
            asked = response.headers.get("Retry-After")
            wait = self.get_retry_after(response)
            if asked and asked.strip().isdigit() and float(asked) > self.retry_after_max:
                event(log, "Retry-After capped", url=budget.url, asked_s=float(asked), waited_s=self.retry_after_max)
        if wait is None:
            wait = self.get_backoff_time()
        if time.monotonic() + wait >= budget.deadline:
            budget.passed_deadline = True
            raise NextTryPastDeadline
        time.sleep(wait)
        if not budget.pace():
            budget.passed_deadline = True
            raise NextTryPastDeadline
