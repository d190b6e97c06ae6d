"""compose batch with the LLM engine, against the loopback fake server (never the network)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from composer.batch import Progress
from composer.batch.drafting import GRACE
from composer.cli import main
from composer.config import backoff
from composer.config.backoff import Clock
from composer.history import History
from tests.fake_llm import FakeLLM, error, reply, stall
from tests.support import EXAMPLES, ROOT
from tests.support.batch import (
    ME,
    assert_each_target_once,
    people,
    read_out,
    wait_for_lines,
    write_jsonl,
)

# The note budget is tested in test_batch_notes.py: here every target gets a note.
pytestmark = pytest.mark.usefixtures("notes_unlimited")


@pytest.fixture(autouse=True)
def _sender(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notes introduce a sender (the checker requires a self-introduction)."""
    monkeypatch.setenv("COMPOSER_SENDER", str(EXAMPLES / "me.json"))


@pytest.fixture
def llm(fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> FakeLLM:
    for key, value in fake_llm.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("COMPOSER_CANDIDATES", "1")  # one request per target: easy to count
    return fake_llm


def test_llm_batch_drafts_every_target_and_sums_the_tokens(
    llm: FakeLLM, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(6))
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(targets), "--out", str(out), "--from", ME]) == 0
    lines = read_out(out)
    assert sorted(str(x["target"]) for x in lines) == [
        f"linkedin.com/in/person-{i}" for i in range(6)
    ]
    assert {x["engine"] for x in lines} == {"openai"}
    assert all(x["model"] and x["ok"] for x in lines)
    assert len(llm.requests) == 6
    tokens = sum(x["usage"]["prompt_tokens"] + x["usage"]["completion_tokens"] for x in lines)
    assert tokens > 0
    assert f"tokens       {tokens:>6}" in capsys.readouterr().err
    # The pipeline recorded each note from the drafting thread, through the run's history.
    with History() as history:
        records = {r.id: r for r in history.records()}
    assert sorted(x["history_id"] for x in lines) == sorted(records)
    assert all(records[x["history_id"]].note == x["note"] for x in lines)
    assert {r.source for r in records.values()} == {"batch"}


def test_the_workers_share_one_client_and_its_kept_alive_connections(
    llm: FakeLLM, tmp_path: Path
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(12))
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(targets), "--out", str(out), "--concurrency", "2"]) == 0
    assert len(llm.requests) == 12
    # A client per draft would open a connection per target (12); one shared client keeps
    # at most one per worker alive and reuses it.
    assert len(set(llm.peers)) <= 2


def test_four_requests_in_flight_by_default(llm: FakeLLM, tmp_path: Path) -> None:
    llm.default_delay = 0.4
    targets = write_jsonl(tmp_path / "t.jsonl", people(8))
    assert main(["batch", str(targets), "--out", str(tmp_path / "o.jsonl")]) == 0
    times = sorted(llm.times)
    assert len(times) == 8
    # Four went out together; the next four only as those were answered.
    assert times[3] - times[0] < 0.3 and times[4] - times[0] >= 0.35, [
        round(t - times[0], 2) for t in times
    ]


def test_one_429_pauses_every_worker(
    llm: FakeLLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Real time: three workers in flight while one waits (a virtual wait would end
    # before the others' requests went out). The first request is rate limited at once;
    # the other two take 0.3 s to answer.
    monkeypatch.setattr(backoff, "DEFAULT_CLOCK", Clock())
    llm.clock = time.monotonic
    llm.enqueue(error(429, retry_after=1), stall(0.3), stall(0.3))
    targets = write_jsonl(tmp_path / "t.jsonl", people(6))
    out = tmp_path / "o.jsonl"
    code = main(["batch", str(targets), "--out", str(out), "--concurrency", "3"])
    assert code == 0
    assert len(read_out(out)) == 6
    times = sorted(llm.times)
    assert len(times) == 7  # 6 targets + the one retry
    # Three requests went out together; the 429 then held everyone back for ~1 s, so the
    # two workers that finished at +0.3 s did not send their next request until then.
    first = times[0]
    assert all(t - first < 0.5 for t in times[:3])
    assert all(t - first >= 0.9 for t in times[3:]), [round(t - first, 2) for t in times]


def test_a_provider_error_is_recorded_and_the_run_goes_on_then_retry_failed(
    llm: FakeLLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("COMPOSER_MAX_ATTEMPTS", "1")
    llm.enqueue(error(500))  # the first target fails
    targets = write_jsonl(tmp_path / "t.jsonl", people(3))
    out = tmp_path / "o.jsonl"
    args = ["batch", str(targets), "--out", str(out), "--concurrency", "1"]
    assert main(args) == 1
    lines = read_out(out)
    failed = [x for x in lines if x["error"]]
    assert len(lines) == 3 and len(failed) == 1
    assert failed[0]["target"] == "linkedin.com/in/person-0"
    assert failed[0]["error_kind"] == "provider" and failed[0]["note"] is None
    assert failed[0]["engine"] == "openai" and failed[0]["model"] == lines[-1]["model"]
    assert "1 provider errors" in capsys.readouterr().err

    assert main(args) == 1  # a plain rerun skips it: it is in the output
    assert len(llm.requests) == 3
    assert main([*args, "--retry-failed"]) == 0  # ... --retry-failed drafts it again
    lines = read_out(out)
    assert len(lines) == 3 and not any(x["error"] for x in lines)
    assert sorted(str(x["target"]) for x in lines) == [
        f"linkedin.com/in/person-{i}" for i in range(3)
    ]


def test_a_provider_that_keeps_failing_stops_the_run(
    llm: FakeLLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("COMPOSER_MAX_ATTEMPTS", "1")
    llm.default = error(503)
    targets = write_jsonl(tmp_path / "t.jsonl", people(15))
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(targets), "--out", str(out), "--concurrency", "1"]) == 3
    written = len(read_out(out))
    assert written == 10 == len(llm.requests)  # the 10th failure stops it, nothing after
    err = capsys.readouterr().err
    assert "10 targets failed in a row" in err and "--retry-failed" in err
    assert f"{15 - written} targets not drafted yet" in err


def test_a_rate_limit_longer_than_the_cap_stops_the_run_without_hammering(
    llm: FakeLLM, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    llm.default = error(429, "Rate limit reached", retry_after=120)
    targets = write_jsonl(tmp_path / "t.jsonl", people(30))
    out = tmp_path / "o.jsonl"
    args = ["batch", str(targets), "--out", str(out), "--concurrency", "4"]
    started = time.monotonic()
    assert main(args) == 3
    assert time.monotonic() - started < 5  # no 20 s waits for a 120 s limit
    # The four workers' first requests were refused; the others saw the shared pause
    # and did not ask at all.
    assert len(llm.requests) == 4
    lines = read_out(out)
    assert 10 <= len(lines) < 30
    wait = f"rate limited by {llm.base_url}: it asks to wait ~2 min, longer than"
    assert all(x["error_kind"] == "provider" and wait in x["error"] for x in lines)
    err = capsys.readouterr().err
    assert "targets failed in a row" in err and "--retry-failed" in err
    assert f"{30 - len(lines)} targets not drafted yet" in err

    llm.default = None  # two minutes later: the limit is over
    assert main([*args, "--retry-failed"]) == 0
    lines = read_out(out)
    assert len(lines) == 30 and not any(x["error"] for x in lines)


def test_the_workers_do_not_run_ahead_of_a_slow_writer(
    llm: FakeLLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    # Everyone was drafted for before (offline), so every line written says "previous".
    targets = write_jsonl(tmp_path / "t.jsonl", people(30))
    assert main(["batch", str(targets), "--out", str(tmp_path / "first.jsonl"),
                 "--engine", "offline"]) == 0  # fmt: skip
    capsys.readouterr()
    # The provider fails at once, and the main thread is slow to handle each result: the
    # workers must not fire the other requests meanwhile, or the stop after 10 failures
    # in a row would come after all 30 had hit the failing provider.
    monkeypatch.setenv("COMPOSER_MAX_ATTEMPTS", "1")
    llm.default = error(503)
    update = Progress.update

    def slow_update(self: Progress, entry: dict[str, object]) -> None:
        time.sleep(0.05)
        update(self, entry)

    monkeypatch.setattr(Progress, "update", slow_update)
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(targets), "--out", str(out), "--concurrency", "2"]) == 3
    written = len(read_out(out))
    # 10 failures handled, and the other worker may have had one more in flight.
    assert 10 <= written <= 11 and len(llm.requests) == written, (written, len(llm.requests))
    err = capsys.readouterr().err
    assert f"{30 - written} targets not drafted yet" in err
    # Only the people written this run were "seen before", not the 30 it planned.
    assert f"seen before  {written:>6}" in err


def test_missing_llm_configuration_fails_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(2))
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(targets), "--out", str(out), "--engine", "openai"]) == 2
    assert "OPENAI_API_KEY" in capsys.readouterr().err
    assert not out.exists() or out.read_text() == ""


def test_the_api_key_never_reaches_the_output_or_the_history(
    llm: FakeLLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    key = "sk-test-DO-NOT-LEAK-1234567890"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    targets = write_jsonl(tmp_path / "t.jsonl", people(2))
    out = tmp_path / "o.jsonl"
    main(["batch", str(targets), "--out", str(out)])
    captured = capsys.readouterr()
    assert key not in captured.out + captured.err + out.read_text()
    for f in (tmp_path / "composer-home").iterdir():
        assert key.encode() not in f.read_bytes()


def test_sigkill_against_the_llm_server_then_rerun_gives_every_target_once(
    fake_llm: FakeLLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    n = 12
    fake_llm.enqueue(*(reply() for _ in range(4)))  # four notes come back...
    fake_llm.default = stall(600)  # ...then every request waits: the run is mid-way
    out, proc, args = start_llm_batch(fake_llm, tmp_path, n)
    wait_for_lines(out, 4, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)  # reaps it and closes its pipes (no ResourceWarning)
    assert proc.returncode == -signal.SIGKILL
    assert out.read_bytes().count(b"\n") < n
    fake_llm.default = None  # the rerun gets answers
    assert rerun(fake_llm, monkeypatch, args) == 0, capsys.readouterr().err
    assert_each_target_once(out, n)
    for line in out.read_text().splitlines():
        assert json.loads(line)["engine"] == "openai"


def start_llm_batch(
    fake_llm: FakeLLM, tmp_path: Path, n: int, *, concurrency: int = 4,
    grace: float | None = None,
) -> tuple[Path, subprocess.Popen[str], list[str]]:  # fmt: skip
    """``compose batch`` on ``n`` people against ``fake_llm`` in a real process
    (``concurrency`` at once; ``grace``: seconds for the drafts in flight after a stop
    instead of the shipped ``GRACE``, ``tests/support/paced.py``): the output, the
    process and the command's arguments."""
    targets = write_jsonl(tmp_path / "t.jsonl", people(n))
    out = tmp_path / "o.jsonl"
    env = {**os.environ, **fake_llm.env(), "COMPOSER_CANDIDATES": "1", "PYTHONPATH": str(ROOT)}
    args = ["batch", str(targets), "--out", str(out), "--concurrency", str(concurrency)]
    paced = [] if grace is None else [f"grace={grace}"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.paced", *paced, "--", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    return out, proc, args


def rerun(fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> int:
    """The same command again, to its end (in this process: the resume is what is tested)."""
    for key, value in {**fake_llm.env(), "COMPOSER_CANDIDATES": "1"}.items():
        monkeypatch.setenv(key, value)
    return main(args)


def test_ctrl_c_with_requests_in_flight_writes_them_and_stops(
    fake_llm: FakeLLM, tmp_path: Path
) -> None:
    fake_llm.default_delay = 0.3
    out, proc, _ = start_llm_batch(fake_llm, tmp_path, 40)
    wait_for_lines(out, 4, proc)
    asked = len(fake_llm.requests)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "stopping after the notes in progress" in err and "To resume" in err
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    # Every request that went out was answered and its note written: nothing drafted is lost.
    assert len(lines) == len(fake_llm.requests) >= asked
    assert len(lines) < 40
    assert all(x["note"] for x in lines)


@pytest.mark.parametrize(
    ("sig", "status"),
    [
        pytest.param(signal.SIGINT, 130, id="Ctrl-C"),
        pytest.param(signal.SIGTERM, 143, id="SIGTERM"),
    ],
)
def test_a_stop_on_a_hung_server_ends_within_seconds_and_a_rerun_drafts_each_target_once(
    fake_llm: FakeLLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], sig: signal.Signals, status: int,
) -> None:  # fmt: skip
    n = 12
    fake_llm.enqueue(reply(), reply(), reply())  # three notes come back...
    fake_llm.default = stall(600)  # ...then the server hangs (no reply, no error)
    # The drafts in flight get a short grace here, not the shipped GRACE: the stop takes
    # the grace plus the time to wind down, and the latter is what this test measures.
    grace = 0.2
    out, proc, args = start_llm_batch(fake_llm, tmp_path, n, grace=grace)
    wait_for_lines(out, 3, proc)
    while len(fake_llm.requests) < 3 + 4:  # every worker waits on the hung server
        assert proc.poll() is None
        time.sleep(0.01)
    sent = time.monotonic()
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    took = time.monotonic() - sent
    assert proc.returncode == status, err
    assert took >= grace  # the drafts in flight had their grace
    shipped = took - grace + GRACE  # how long it takes with the shipped grace
    assert shipped < 5, f"took {shipped:.1f} s to stop"  # a container runtime kills after 10 s
    assert "Traceback" not in err
    assert f"{n - 3} targets not drafted yet" in err and "To resume" in err
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == 3 and all(x["note"] for x in lines)  # nothing cancelled is written
    fake_llm.default = None  # the server is back
    assert rerun(fake_llm, monkeypatch, args) == 0, capsys.readouterr().err
    assert_each_target_once(out, n)
