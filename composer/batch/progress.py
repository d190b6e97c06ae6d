"""Progress on stderr: a redrawn bar with counts and rate on a terminal, plain lines
otherwise (logs, CI, pipes), one per target."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from composer.text.terminal import raw_stream

BAR_WIDTH = 24
REDRAW_EVERY = 0.1  # seconds: redrawing faster only costs time


class Progress:
    def __init__(self, total: int, *, stream: TextIO | None = None, tty: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.total = total
        self.done = 0
        self.ok = 0
        self.with_errors = 0
        self.failed = 0
        self.skipped = 0  # --skip-invited: no note, and none expected
        self.without_note = 0  # --notes: no note left for a weaker reason
        self.started = time.monotonic()
        self._drawn = 0.0
        self._bar_shown = False

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def update(self, entry: dict[str, Any]) -> None:
        """Count one finished target (its output line) and show it."""
        self.done += 1
        if entry.get("error"):
            self.failed += 1
        elif entry.get("skipped"):
            self.skipped += 1
        elif entry.get("send") == "without-note":
            self.without_note += 1
        elif entry.get("ok"):
            self.ok += 1
        else:
            self.with_errors += 1
        if self.tty:
            if entry.get("error"):
                self.message(f"failed: {entry['error']}")
            now = time.monotonic()
            if now - self._drawn >= REDRAW_EVERY or self.done == self.total:
                self._draw(now)
        else:
            self.stream.write(self._plain(entry) + "\n")
            self.stream.flush()

    def message(self, text: str) -> None:
        """A line of its own (a notice, a failure), above the bar on a terminal."""
        if self.tty and self._bar_shown:
            raw_stream(self.stream).write("\r\x1b[2K")
        self.stream.write(text + "\n")
        if self.tty and self._bar_shown:
            self._draw(time.monotonic())
        self.stream.flush()

    def close(self) -> None:
        """Leave the bar on its own line, so later output starts clean."""
        if self.tty and self._bar_shown:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
            self._bar_shown = False

    def _plain(self, entry: dict[str, Any]) -> str:
        who = entry.get("name") or entry.get("target")
        if entry.get("error"):
            if not entry.get("name"):  # a bad line: its error already says where it is
                return f"[{self.done}/{self.total}] failed: {entry['error']}"
            status = f"failed: {entry['error']}"
        elif entry.get("skipped"):
            status = f"skipped: {entry['skipped']}"
        elif entry.get("send") == "without-note":
            status = f"without a note (a weaker reason: {entry.get('hook')})"
        else:
            status = "ok" if entry.get("ok") else "note has errors"
        previous = entry.get("previous")
        if previous and not entry.get("skipped"):
            status += f" (note: {previous['notice']})"
        return f"[{self.done}/{self.total}] {who}: {status}"

    def _draw(self, now: float) -> None:
        self._drawn = now
        share = self.done / self.total if self.total else 1.0
        filled = round(share * BAR_WIDTH)
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        rate = self.rate()
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        eta = f" ETA {_clock(left)}" if self.done < self.total and rate > 0 else ""
        line = (
            f"{bar} {self.done}/{self.total} {share * 100:3.0f}%  {rate:.1f}/s{eta}  "
            f"ok {self.ok} · with errors {self.with_errors} · failed {self.failed}"
        )
        if self.skipped:
            line += f" · skipped {self.skipped}"
        if self.without_note:
            line += f" · without note {self.without_note}"
        raw_stream(self.stream).write("\r\x1b[2K")
        self.stream.write(line)
        self.stream.flush()
        self._bar_shown = True


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}" if minutes else f"{secs}s"
