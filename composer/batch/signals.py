"""Ctrl-C and SIGTERM during a batch: the first asks for a clean stop, a second quits."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from composer.batch.progress import Progress


@contextmanager
def stop_on_signals(progress: Progress) -> Iterator[threading.Event]:
    """The first Ctrl-C (or SIGTERM) sets the event; a second Ctrl-C interrupts at once."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()
        progress.message(
            "compose batch: stopping after the notes in progress (Ctrl-C again to quit now)"
        )

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
