"""Ctrl-C and SIGTERM during a batch: the first asks for a clean stop, a second Ctrl-C quits.

``stop_on_signals(progress)`` yields a ``Stop`` event; ``Stop.signum`` says which signal
set it, so that the command exits 130 for Ctrl-C (SIGINT) and 143 for SIGTERM (128 + the
signal number, as shells and service managers expect).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from composer.batch.drafting import GRACE
from composer.batch.progress import Progress


class Stop(threading.Event):
    """Set to stop the run cleanly; ``signum``: the signal that asked first, if any."""

    def __init__(self) -> None:
        super().__init__()
        self.signum: int | None = None


@contextmanager
def stop_on_signals(progress: Progress) -> Iterator[Stop]:
    """The first Ctrl-C (or SIGTERM) sets the event; a second Ctrl-C interrupts at once."""
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        if stop.signum is None:
            stop.signum = signum
        stop.set()
        quit_now = "Ctrl-C again to quit now" if signum == signal.SIGINT else "SIGTERM"
        progress.message(
            f"compose batch: stopping after the notes in progress, {GRACE:g} s at most ({quit_now})"
        )

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
