"""Killing a batch run for real: SIGKILL mid-way and Ctrl-C, then rerun the same command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import EXAMPLES, ROOT
from tests.support.batch import assert_each_target_once, people, wait_for_lines, write_jsonl

# The note budget is tested in test_batch_notes.py: here every target gets a note.
pytestmark = pytest.mark.usefixtures("notes_unlimited")


@pytest.fixture(autouse=True)
def _sender(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notes introduce a sender (the checker requires a self-introduction)."""
    monkeypatch.setenv("COMPOSER_SENDER", str(EXAMPLES / "me.json"))


def start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "composer", "batch", *args],
        env={**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigkill_offline_then_rerun_gives_every_target_exactly_once(tmp_path: Path) -> None:
    n = 600
    targets = write_jsonl(tmp_path / "t.jsonl", people(n))
    out = tmp_path / "o.jsonl"
    args = [str(targets), "--out", str(out)]
    proc = start(args)
    wait_for_lines(out, 20, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)  # reaps it and closes its pipes (no ResourceWarning)
    assert proc.returncode == -signal.SIGKILL
    assert out.read_bytes().count(b"\n") < n  # it really was cut short
    rerun = subprocess.run(
        [sys.executable, "-m", "composer", "batch", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    assert_each_target_once(out, n)


@pytest.mark.parametrize(
    ("sig", "status", "said"),
    [
        pytest.param(signal.SIGINT, 130, "interrupted;", id="Ctrl-C"),
        pytest.param(signal.SIGTERM, 143, "terminated (SIGTERM);", id="SIGTERM"),
    ],
)
def test_ctrl_c_or_sigterm_stops_cleanly_and_says_how_to_resume(
    tmp_path: Path, sig: signal.Signals, status: int, said: str
) -> None:
    n = 600
    targets = write_jsonl(tmp_path / "t.jsonl", people(n))
    out = tmp_path / "o.jsonl"
    args = [str(targets), "--out", str(out), "--goal-preset", "hiring"]
    proc = start(args)
    wait_for_lines(out, 20, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == status, err  # 128 + the signal's number
    assert "Traceback" not in err
    assert f"compose batch: {said} " in err and "targets not drafted yet" in err
    assert "To resume, run the same command again" in err
    assert f"compose batch {targets} --out {out} --goal-preset hiring" in err
    written = out.read_text()
    assert written.endswith("\n") and 20 <= written.count("\n") < n
    for line in written.splitlines():
        json.loads(line)
    rerun = start(args)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert "already in the output" in err
    assert_each_target_once(out, n)


def test_a_signal_after_the_last_note_interrupted_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from composer.batch import runner
    from composer.batch.progress import Progress
    from composer.cli import main

    class TermAfterTheLast(Progress):
        def update(self, entry: dict[str, object]) -> None:
            super().update(entry)
            if self.done == self.total:  # the last line is written: then SIGTERM
                os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(runner, "Progress", TermAfterTheLast)
    targets = write_jsonl(tmp_path / "t.jsonl", people(3))
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(targets), "--out", str(out)]) == 0  # not 143
    err = capsys.readouterr().err
    assert "stopping after the notes in progress" in err  # the signal did arrive
    assert "To resume" not in err and "not drafted yet" not in err
    assert_each_target_once(out, 3)
