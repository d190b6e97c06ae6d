"""Clocks for the retry layer (``composer.config.backoff.Clock``) that wait for nothing.

``VirtualClock``: every wait returns at once and moves the clock on by its length, so a
test of a 1 s ``Retry-After`` sees 1 s pass between the requests without spending it.
The autouse fixture in ``conftest.py`` makes it the clock of every ``Backoff`` made
without one (``composer.config.backoff.DEFAULT_CLOCK``) and of the fake server's
request times.

``ManualClock``: time moves only when the test calls ``advance``; ``sleeping(n)`` waits
(on an event, not a timer) until ``n`` tasks are waiting on it. For races between
workers: the test decides what happens first.
"""

from __future__ import annotations

import asyncio
import threading
import time

from composer.config.backoff import Clock


class VirtualClock(Clock):
    """Real monotonic time plus every wait so far; waits take no real time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.skipped = 0.0
        self.waits: list[float] = []  # each wait asked for, in order

    def now(self) -> float:
        with self._lock:
            return time.monotonic() + self.skipped

    def _skip(self, seconds: float) -> None:
        with self._lock:
            self.waits.append(seconds)
            self.skipped += max(0.0, seconds)

    async def sleep(self, seconds: float) -> None:
        self._skip(seconds)
        await asyncio.sleep(0)  # still a point where other tasks run, as a real wait is

    def sleep_sync(self, seconds: float) -> None:
        self._skip(seconds)


class ManualClock(Clock):
    """Time that stands still until ``advance``; for one event loop."""

    def __init__(self, start: float = 1000.0) -> None:
        self.time = start
        self.waits: list[float] = []
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []
        self._arrived = asyncio.Event()

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((self.time + seconds, wake))
        self._arrived.set()
        try:
            await wake
        finally:
            self._sleepers = [s for s in self._sleepers if s[1] is not wake]

    def sleep_sync(self, seconds: float) -> None:
        raise AssertionError("ManualClock is for asyncio code: nothing could advance it")

    @property
    def sleeping_now(self) -> int:
        return len(self._sleepers)

    async def sleeping(self, count: int) -> None:
        """Return once ``count`` tasks are waiting on this clock."""
        while len(self._sleepers) < count:
            self._arrived.clear()
            await self._arrived.wait()

    def advance(self, seconds: float) -> None:
        """Move time on and wake every wait that has ended."""
        self.time += seconds
        ended = [s for s in self._sleepers if s[0] <= self.time + 1e-9]
        self._sleepers = [s for s in self._sleepers if s not in ended]
        for _, wake in ended:
            if not wake.done():
                wake.set_result(None)
