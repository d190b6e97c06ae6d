"""Progress on stderr: a bar with counts and rate on a terminal, plain lines otherwise."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from composer.batch.progress import Progress
from tests.support import EXAMPLES, ROOT
from tests.support.batch import people, write_jsonl

# The note budget is tested in test_batch_notes.py: here every target gets a note.
pytestmark = pytest.mark.usefixtures("notes_unlimited")


def test_terminal_bar_counts_rate_and_failures_above_it() -> None:
    stream = io.StringIO()
    progress = Progress(5, stream=stream, tty=True)
    progress.update({"name": "A", "ok": True, "error": None})
    progress.update({"name": "B", "ok": False, "error": None})
    progress.update({"name": "C", "ok": False, "error": "boom: provider down"})
    progress.update({"name": "D", "ok": True, "error": None})
    progress.update({"name": "E", "note": None, "ok": False, "skipped": "already invited"})
    progress.close()
    text = stream.getvalue()
    assert "\r\x1b[2K" in text  # redrawn in place
    last = text.rstrip("\n").split("\r\x1b[2K")[-1]
    assert "5/5 100%" in last and "/s" in last
    # A person skipped with --skip-invited is not a note "with errors".
    assert "ok 2 · with errors 1 · failed 1 · skipped 1" in last
    assert "failed: boom: provider down\n" in text  # a line of its own, above the bar
    assert text.endswith("\n")


def test_plain_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(2, stream=stream, tty=False)
    progress.update({"name": "Ana", "ok": True, "error": None})
    progress.update({"name": "", "target": "invalid:1", "error": "t.csv:3: bad row"})
    assert stream.getvalue() == "[1/2] Ana: ok\n[2/2] failed: t.csv:3: bad row\n"


def test_a_real_terminal_gets_the_bar(tmp_path: Path) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(30))
    out = tmp_path / "o.jsonl"
    main_fd, child_fd = pty.openpty()
    cmd = [sys.executable, "-m", "composer", "batch", str(targets), "--out", str(out)]
    proc = subprocess.Popen(
        [*cmd, "--from", str(EXAMPLES / "me.json")],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=child_fd,
    )
    os.close(child_fd)
    chunks = []
    while True:
        try:
            data = os.read(main_fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(main_fd)
    text = b"".join(chunks).decode()
    assert proc.returncode == 0, text
    assert "30/30 100%" in text and "█" * 24 in text
    assert "[1/30]" not in text  # no plain lines on a terminal
    assert "drafted          30" in text
