"""Killing a batch run for real: SIGKILL mid-way and Ctrl-C, then rerun the same command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from composer.cli import main
from tests.support import EXAMPLES, ROOT
from tests.support.batch import assert_each_target_once, people, wait_for_lines, write_jsonl

# The note budget is tested in test_batch_notes.py: here every target gets a note.
pytestmark = pytest.mark.usefixtures("notes_unlimited")


@pytest.fixture(autouse=True)
def _sender(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notes introduce a sender (the checker requires a self-introduction)."""
    monkeypatch.setenv("COMPOSER_SENDER", str(EXAMPLES / "me.json"))


# The run drafts AFTER targets at full speed, then one target each PACE seconds: a test
# that signals it after line AFTER finds it mid-run, with N - AFTER targets to go (seconds
# of margin on a busy machine), and the rerun has few targets to draft.
N, AFTER, PACE = 16, 3, 0.25


def start(args: list[str], after: int = AFTER, pace: float = PACE) -> subprocess.Popen[str]:
    """``compose batch ARGS`` in a real process, paced (``tests/support/paced.py``)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.paced", f"after={after}", f"delay={pace}", "--",
         "batch", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def test_sigkill_offline_then_rerun_gives_every_target_exactly_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(N))
    out = tmp_path / "o.jsonl"
    args = [str(targets), "--out", str(out)]
    proc = start(args)
    wait_for_lines(out, AFTER, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)  # reaps it and closes its pipes (no ResourceWarning)
    assert proc.returncode == -signal.SIGKILL
    assert out.read_bytes().count(b"\n") < N  # it really was cut short
    assert main(["batch", *args]) == 0, capsys.readouterr().err  # the rerun
    assert_each_target_once(out, N)


def test_two_runs_on_one_output_file_are_refused_until_the_first_dies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(N))
    out = tmp_path / "o.jsonl"
    args = ["batch", str(targets), "--out", str(out)]
    proc = start(args[1:], after=1, pace=60)  # one line, then it holds the lock until killed
    try:
        wait_for_lines(out, 1, proc)
        assert main(args) == 2
        err = capsys.readouterr().err
        assert f"compose: error: {out}: another compose batch is writing this file" in err
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)
    assert main(args) == 0  # the lock died with the process
    assert_each_target_once(out, N)


@pytest.mark.parametrize(
    ("sig", "status", "said"),
    [
        pytest.param(signal.SIGINT, 130, "interrupted;", id="Ctrl-C"),
        pytest.param(signal.SIGTERM, 143, "terminated (SIGTERM);", id="SIGTERM"),
    ],
)
def test_ctrl_c_or_sigterm_stops_cleanly_and_says_how_to_resume(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sig: signal.Signals, status: int,
    said: str,
) -> None:  # fmt: skip
    targets = write_jsonl(tmp_path / "t.jsonl", people(N))
    out = tmp_path / "o.jsonl"
    args = [str(targets), "--out", str(out), "--goal-preset", "hiring"]
    proc = start(args)
    wait_for_lines(out, AFTER, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == status, err  # 128 + the signal's number
    assert "Traceback" not in err
    assert f"compose batch: {said} " in err and "targets not drafted yet" in err
    assert "To resume, run the same command again" in err
    assert f"compose batch {targets} --out {out} --goal-preset hiring" in err
    written = out.read_text()
    assert written.endswith("\n") and AFTER <= written.count("\n") < N
    for line in written.splitlines():
        json.loads(line)
    assert main(["batch", *args]) == 0  # the rerun
    assert "already in the output" in capsys.readouterr().err
    assert_each_target_once(out, N)


def test_a_signal_after_the_last_note_interrupted_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from composer.batch import runner
    from composer.batch.progress import Progress

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
