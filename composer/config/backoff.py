"""``Backoff``: one pause shared by every worker that talks to the same provider.

When one request is rate limited (HTTP 429 with ``Retry-After``), the others would only
collect 429s of their own; so the retry layer calls ``delay_until`` and every request
awaits ``wait()`` before it is sent. Stdlib only, and safe across threads and event
loops (it keeps a deadline on the monotonic clock, not an asyncio primitive), so a batch
can share one between ``asyncio`` tasks or between threads running their own loops.

Its ``Clock`` (``now``, ``sleep``) is the time the retry layer reads and waits on: the
real one by default; tests pass one that skips the waits, so retries run in virtual time.
"""

from __future__ import annotations

import asyncio
import threading
import time


class Clock:
    """Real time: ``time.monotonic`` and ``asyncio.sleep``. The retry layer reads and
    waits through the ``Backoff``'s clock, so that a test can pass one that skips waits."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    def sleep_sync(self, seconds: float) -> None:
        time.sleep(seconds)


DEFAULT_CLOCK = Clock()  # of a Backoff made without one (tests replace it: virtual time)


class Backoff:
    """A shared "not before" time. ``Settings.backoff`` carries one to the retry layer,
    with the ``clock`` that it and the retries read and wait on (``DEFAULT_CLOCK``:
    real time, unless given)."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or DEFAULT_CLOCK
        self._lock = threading.Lock()
        self._until = 0.0
        self.pauses = 0  # how many times someone asked everybody to wait
        self.cause: BaseException | None = None  # the error that asked for the longest pause

    def delay_until(self, when: float, cause: BaseException | None = None) -> None:
        """Hold every request until ``when`` (``clock.now()`` seconds) at least;
        ``cause``: the error that asked for it (a 429), for the others' messages."""
        with self._lock:
            if when > self._until:
                self._until = when
                self.pauses += 1
                self.cause = cause

    def delay_for(self, seconds: float, cause: BaseException | None = None) -> None:
        """Hold every request for ``seconds`` from now."""
        self.delay_until(self.clock.now() + seconds, cause)

    @property
    def remaining(self) -> float:
        """Seconds left before requests may go again (0 when open)."""
        with self._lock:
            return max(0.0, self._until - self.clock.now())

    async def wait(self, limit: float | None = None) -> float:
        """Sleep until the gate opens (or for at most ``limit`` s); return the time slept.

        Loops because another worker may push the time further while we sleep.
        """
        slept = 0.0
        while True:
            left = self.remaining
            if limit is not None:
                left = min(left, limit - slept)
            if left <= 0:
                return slept
            await self.clock.sleep(left)
            slept += left

    def wait_sync(self, limit: float | None = None) -> float:
        """``wait`` for code without an event loop (threads)."""
        slept = 0.0
        while True:
            left = self.remaining
            if limit is not None:
                left = min(left, limit - slept)
            if left <= 0:
                return slept
            self.clock.sleep_sync(left)
            slept += left
