"""Run a batch: draft every target not already in the output, one JSONL line each.

``run_batch(job) -> Summary``. Offline notes are drafted in the main thread (the work is
CPU-bound, threads would not help); with the LLM engine ``job.concurrency`` daemon
threads call ``compose_note`` and share one ``Backoff``, so a 429 pauses every worker.
Only the main thread writes: each result is recorded in the history, then appended to
the output as one whole line. Ctrl-C (or SIGTERM) asks for a clean stop: no new work
starts, notes already in flight are still written, and the same command resumes.
"""

from __future__ import annotations

import queue
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from composer.batch.output import LineWriter, Resume, prepare
from composer.batch.progress import Progress
from composer.config import Settings
from composer.draft import DraftRequest, DraftResult
from composer.errors import ComposerError, ConfigError, InputError, ProviderError
from composer.goals import Goal
from composer.history import History, describe
from composer.profile import Profile
from composer.targets import Target

RETRYABLE = ("provider", "internal")  # error kinds --retry-failed drafts again
MAX_CONSECUTIVE_PROVIDER_FAILURES = 10


@dataclass(slots=True)
class BatchJob:
    targets: list[Target]
    out: Path
    settings: Settings = field(default_factory=Settings)
    sender: Profile | None = None
    goal: Goal = field(default_factory=Goal)
    limit: int = 200
    language: str | None = None
    concurrency: int = 4
    fsync: bool = False
    retry_failed: bool = False
    skip_invited: bool = False
    record_history: bool = True


@dataclass(slots=True)
class Summary:
    total: int = 0  # targets in the input
    already_done: int = 0  # in the output before this run
    duplicates: int = 0  # the same person again in the input
    ok: int = 0
    with_errors: int = 0  # drafted, but the checker still finds errors
    bad_input: int = 0
    provider_failed: int = 0  # provider or internal errors
    skipped_invited: int = 0
    seen_before: int = 0  # drafted for or invited in an earlier run (per the history)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    elapsed: float = 0.0
    remaining: int = 0  # not attempted (interrupted or aborted)
    interrupted: bool = False
    aborted: str | None = None
    resume: Resume = field(default_factory=Resume)

    @property
    def drafted(self) -> int:
        return self.ok + self.with_errors

    @property
    def failed(self) -> int:
        return self.bad_input + self.provider_failed

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(slots=True)
class _Work:
    target: Target
    previous: dict[str, Any] | None = None


@dataclass(slots=True)
class _Result:
    work: _Work
    request: DraftRequest | None = None
    result: DraftResult | None = None
    error: str | None = None
    kind: str | None = None  # "provider", "internal"
    fatal: ComposerError | None = None


def run_batch(job: BatchJob, progress: Progress | None = None) -> Summary:
    """Draft what is left to draft; raises ``ComposerError`` for unusable input or config."""
    started = time.monotonic()
    summary = Summary(total=len(job.targets))
    summary.resume = prepare(job.out, retry=_retry_predicate() if job.retry_failed else None)
    if job.settings.resolved_engine() == "openai":
        _prepare_llm(job.settings)
    history = _open_history() if job.record_history else None
    writer = LineWriter(job.out, fsync=job.fsync)
    try:
        work = _plan(job, summary, history)
        progress = progress or Progress(len(work.pending) + len(work.immediate))
        for entry in work.immediate:  # bad lines and skipped people: nothing to draft
            writer.write(entry)
            progress.update(entry)
        handler = _Handler(job, summary, history, writer, progress)
        with _stop_on_signals(progress) as stop:
            drafts = (
                _threaded(work.pending, job, stop)
                if job.settings.resolved_engine() == "openai" and job.concurrency > 1
                else _inline(work.pending, job, stop)
            )
            try:
                for outcome in drafts:
                    handler.handle(outcome)
                    if handler.abort_reason and not stop.is_set():
                        summary.aborted = handler.abort_reason
                        stop.set()
            except KeyboardInterrupt:  # a second Ctrl-C: quit now, the file is consistent
                stop.set()
            summary.interrupted = stop.is_set() and summary.aborted is None
        if handler.fatal is not None:
            raise handler.fatal
        summary.remaining = len(work.pending) - handler.handled
    finally:
        writer.close()
        if history is not None:
            history.close()
        if progress is not None:
            progress.close()
        summary.elapsed = time.monotonic() - started
    return summary


def _retry_predicate() -> Callable[[dict[str, Any]], bool]:
    return lambda entry: bool(entry.get("error")) and entry.get("error_kind") in RETRYABLE


def _prepare_llm(settings: Settings) -> None:
    """Check the LLM configuration before starting, and give the workers one backoff."""
    require = getattr(settings, "require_llm", None)
    if callable(require):
        require()
    if hasattr(settings, "backoff") and settings.backoff is None:
        from composer.llm.backoff import Backoff

        settings.backoff = Backoff()


def _open_history() -> History | None:
    try:
        return History()
    except ComposerError as exc:
        print(
            f"compose batch: warning: notes will not be recorded in the history: {exc}",
            file=sys.stderr,
        )
        return None


@dataclass(slots=True)
class _Plan:
    pending: list[_Work] = field(default_factory=list)
    immediate: list[dict[str, Any]] = field(default_factory=list)


def _plan(job: BatchJob, summary: Summary, history: History | None) -> _Plan:
    """Split the input: skip what is done or repeated; bad lines and skips need no draft."""
    plan = _Plan()
    seen: set[str] = set()
    for target in job.targets:
        if target.identity in seen:
            summary.duplicates += 1
            continue
        seen.add(target.identity)
        if target.identity in summary.resume.done:
            summary.already_done += 1
            continue
        if target.error is not None:
            summary.bad_input += 1
            plan.immediate.append(_failed_entry(target, job, target.error, "input"))
            continue
        previous = _previous(history, target.identity)
        if previous is not None:
            summary.seen_before += 1
            if job.skip_invited and previous.get("outcome"):
                summary.skipped_invited += 1
                entry = _base_entry(target, job)
                entry.update(note=None, ok=False, skipped=previous["notice"], previous=previous)
                plan.immediate.append(entry)
                continue
        plan.pending.append(_Work(target, previous))
    return plan


def _previous(history: History | None, identity: str) -> dict[str, Any] | None:
    if history is None:
        return None
    record = history.latest_for(identity)
    if record is None:
        return None
    return {
        "id": record.id,
        "drafted_at": record.created_at,
        "outcome": record.outcome,
        "outcome_at": record.outcome_at,
        "notice": describe(record),
    }


def _request(work: _Work, job: BatchJob) -> DraftRequest:
    assert work.target.profile is not None
    return DraftRequest(
        target=work.target.profile,
        sender=job.sender,
        goal=work.target.goal or job.goal,
        limit=job.limit,
        language=job.language,
    )


def _draft(work: _Work, job: BatchJob) -> _Result:
    from composer.pipeline import compose_note

    request = _request(work, job)
    try:
        return _Result(work, request, compose_note(request, job.settings))
    except ConfigError as exc:
        return _Result(work, request, fatal=exc)
    except ProviderError as exc:
        return _Result(work, request, error=exc.message, kind="provider")
    except InputError as exc:
        return _Result(work, request, error=exc.message, kind="input")
    except Exception as exc:  # one odd profile must not end a run of a thousand
        return _Result(work, request, error=f"internal error: {type(exc).__name__}: {exc}",
                       kind="internal")  # fmt: skip


def _inline(pending: list[_Work], job: BatchJob, stop: threading.Event) -> Iterator[_Result]:
    for work in pending:
        if stop.is_set():
            return
        yield _draft(work, job)


def _threaded(pending: list[_Work], job: BatchJob, stop: threading.Event) -> Iterator[_Result]:
    """Results as workers finish them. Daemon threads: a forced quit never waits on them."""
    todo: queue.SimpleQueue[_Work] = queue.SimpleQueue()
    for work in pending:
        todo.put(work)
    results: queue.SimpleQueue[_Result | None] = queue.SimpleQueue()

    def worker() -> None:
        try:
            while not stop.is_set():
                try:
                    work = todo.get_nowait()
                except queue.Empty:
                    return
                results.put(_draft(work, job))
        finally:
            results.put(None)  # this worker is done

    count = max(1, min(job.concurrency, len(pending)))
    for i in range(count):
        threading.Thread(target=worker, name=f"batch-{i}", daemon=True).start()
    running = count
    while running:
        try:
            item = results.get(timeout=0.2)  # a timeout keeps Ctrl-C responsive
        except queue.Empty:
            continue
        if item is None:
            running -= 1
        else:
            yield item


class _Handler:
    """Turns each result into a history record and an output line (main thread only)."""

    def __init__(
        self, job: BatchJob, summary: Summary, history: History | None,
        writer: LineWriter, progress: Progress,
    ) -> None:  # fmt: skip
        self.job = job
        self.summary = summary
        self.history = history
        self.writer = writer
        self.progress = progress
        self.handled = 0
        self.consecutive_failures = 0
        self.abort_reason: str | None = None
        self.fatal: ComposerError | None = None

    def handle(self, outcome: _Result) -> None:
        self.handled += 1
        if outcome.fatal is not None:
            self.fatal = self.fatal or outcome.fatal
            self.abort_reason = outcome.fatal.message
            return
        target = outcome.work.target
        if outcome.result is None:
            entry = _failed_entry(target, self.job, outcome.error or "failed", outcome.kind)
            self.summary.provider_failed += 1
            self.consecutive_failures += 1
            if self.consecutive_failures >= MAX_CONSECUTIVE_PROVIDER_FAILURES:
                self.abort_reason = (
                    f"{self.consecutive_failures} targets failed in a row (last: "
                    f"{outcome.error}); stopped"
                )
        else:
            self.consecutive_failures = 0
            assert outcome.request is not None
            entry = self._drafted(outcome.work, outcome.request, outcome.result)
        if outcome.work.previous is not None:
            entry["previous"] = outcome.work.previous
        self.writer.write(entry)
        self.progress.update(entry)

    def _drafted(self, work: _Work, request: DraftRequest, result: DraftResult) -> dict[str, Any]:
        if result.ok:
            self.summary.ok += 1
        else:
            self.summary.with_errors += 1
        usage = result.usage or {}
        self.summary.prompt_tokens += int(usage.get("prompt_tokens", 0) or 0)
        self.summary.completion_tokens += int(usage.get("completion_tokens", 0) or 0)
        entry = _base_entry(work.target, self.job, request.goal)
        entry.update(
            note=result.note,
            ok=result.ok,
            length=result.report.length,
            findings=[f.to_dict() for f in result.report.findings],
            hook=result.hook,
            language=result.language,
            engine=result.engine,
            model=result.model,
            usage={
                "prompt_tokens": int(usage.get("prompt_tokens", 0) or 0),
                "completion_tokens": int(usage.get("completion_tokens", 0) or 0),
            },
            error=None,
        )
        # Recorded before the line is written: a kill in between drafts it again on
        # rerun (a second history record) rather than losing the record.
        self._record(request, result, entry)
        return entry

    def _record(self, request: DraftRequest, result: DraftResult, entry: dict[str, Any]) -> None:
        if self.history is None:
            return
        try:
            entry["history_id"] = self.history.record(request, result, source="batch")
        except sqlite3.Error as exc:
            self.progress.message(f"compose batch: warning: history not recorded: {exc}")
            self.history = None


def _base_entry(target: Target, job: BatchJob, goal: Goal | None = None) -> dict[str, Any]:
    goal = goal or target.goal or job.goal
    return {
        "target": target.identity,
        "name": target.name,
        "source": target.where,
        "goal": goal.text,
        "goal_preset": goal.preset,
    }


def _failed_entry(target: Target, job: BatchJob, error: str, kind: str | None) -> dict[str, Any]:
    entry = _base_entry(target, job)
    entry.update(
        note=None,
        ok=False,
        findings=[],
        engine=job.settings.resolved_engine(),
        model=None,
        error=error,
        error_kind=kind,
    )
    return entry


@contextmanager
def _stop_on_signals(progress: Progress) -> Iterator[threading.Event]:
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
