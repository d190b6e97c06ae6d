"""Run a batch: draft every target not already in the output, one JSONL line each.

``run_batch(job) -> Summary``: under the output's lock, repair and read the output,
plan (skip what is done or repeated; bad lines need no draft), then draft (``drafting``:
offline in this thread, the LLM concurrently with one shared ``Backoff``, so a 429 pauses
every worker). The pipeline records each note in the history (``HistoryRecorder``,
through the run's one open history) before it is returned; only this thread writes the
output, each result appended as one whole line. Ctrl-C or SIGTERM (``signals``) asks for a
clean stop (``Summary.signal`` says which): no new work starts, notes in flight are
written if they finish within ``drafting.GRACE`` seconds and otherwise cancelled (not
written: the same command drafts them again on resume).
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from composer.batch.drafting import Result, Work, concurrent, inline
from composer.batch.job import BatchJob, Summary
from composer.batch.output import LineWriter, OutputLock, prepare
from composer.batch.progress import Progress
from composer.batch.ration import WITH_NOTE, WITHOUT_NOTE, hook_reason, ration, why_without
from composer.batch.signals import stop_on_signals
from composer.batch.targets import Target
from composer.batch.variety import facts
from composer.checker.fit import judge_fit
from composer.core.contract import DraftRequest, DraftResult
from composer.core.errors import ComposerError
from composer.core.findings import Finding
from composer.core.goals import Goal
from composer.drafting.engine import engine_for
from composer.drafting.recording import HistoryRecorder
from composer.history import ACCEPTED, History, describe
from composer.linkedin.standing import Network

RETRYABLE = ("provider", "internal")  # error kinds --retry-failed drafts again
MAX_CONSECUTIVE_PROVIDER_FAILURES = 10


def run_batch(job: BatchJob, progress: Progress | None = None) -> Summary:
    """Draft what is left to draft; raises ``ComposerError`` for unusable input or config."""
    with OutputLock(job.out):
        return _run_locked(job, progress)


def _run_locked(job: BatchJob, progress: Progress | None) -> Summary:
    started = time.monotonic()
    summary = Summary(total=len(job.targets))
    summary.resume = prepare(job.out, retry=_retry_predicate(job))
    engine = engine_for(job.settings)
    engine.prepare(job.settings)  # unusable settings fail here, before any line is written
    writer = LineWriter(job.out, fsync=job.fsync)  # before the history: nothing to close
    history = _open_history() if job.record_history else None
    record = HistoryRecorder(history, "batch") if history is not None else None
    try:
        plan = _plan(job, summary, history)
        if job.notes is not None and not job.follow_up:  # a first message spends no note
            _ration(plan, job, summary)
        progress = progress or Progress(len(plan.pending) + len(plan.immediate))
        _announce_seen(plan.pending, progress)
        for entry in plan.immediate:  # bad lines and skipped people: nothing to draft
            writer.write(entry)
            progress.update(entry)
        handler = _Handler(job, summary, record, writer, progress)
        with stop_on_signals(progress) as stop:

            def request_for(work: Work) -> DraftRequest:
                return _request(work, job, plan.accepted_notes)

            drafts = (
                concurrent(plan.pending, request_for, job.settings, stop, job.concurrency, record)
                if engine.remote
                else inline(plan.pending, request_for, job.settings, stop, record)
            )
            try:
                for outcome in drafts:
                    handler.handle(outcome)
                    if handler.abort_reason and not stop.is_set():
                        summary.aborted = handler.abort_reason
                        stop.set()
            except KeyboardInterrupt:  # a second Ctrl-C: quit now, the file is consistent
                stop.set()
        if handler.fatal is not None:
            raise handler.fatal
        summary.remaining = len(plan.pending) - handler.handled
        # A signal that came once every target was written interrupted nothing: the
        # status then describes the output, and no resume hint is needed.
        summary.interrupted = stop.is_set() and summary.aborted is None and summary.remaining > 0
        summary.signal = stop.signum if summary.interrupted else None
    finally:
        writer.close()
        if history is not None:
            history.close()
        if progress is not None:
            progress.close()
        summary.elapsed = time.monotonic() - started
    return summary


def _retry_predicate(job: BatchJob) -> Callable[[dict[str, Any]], bool]:
    """Which lines of the output to drop before resuming: the failure of an input line
    that is no longer in the input (the user fixed it: its result replaces the failure,
    or removed it), and with --retry-failed every retryable failure."""
    current = {target.identity for target in job.targets}

    def retry(entry: dict[str, Any]) -> bool:
        target = str(entry.get("target", ""))
        if target.startswith("invalid:") and target not in current:
            return True
        retryable = bool(entry.get("error")) and entry.get("error_kind") in RETRYABLE
        return job.retry_failed and retryable

    return retry


def _open_history() -> History | None:
    try:
        return History(shared=True)  # the pipeline records from the thread that drafts
    except ComposerError as exc:
        print(
            f"compose batch: warning: notes will not be recorded in the history: {exc}",
            file=sys.stderr,
        )
        return None


@dataclass(slots=True)
class _Plan:
    pending: list[Work] = field(default_factory=list)
    immediate: list[dict[str, Any]] = field(default_factory=list)
    # --follow-up: the invitation note each target accepted (None: unknown), by identity.
    accepted_notes: dict[str, str | None] = field(default_factory=dict)


def _plan(job: BatchJob, summary: Summary, history: History | None) -> _Plan:
    """Split the input: skip what is done or repeated; bad lines and skips need no draft."""
    plan = _Plan()
    seen: set[str] = set()
    me = job.sender.identity() if job.sender is not None else None
    network = None if job.include_connected and not job.follow_up else _load_network()
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
        if target.identity == me:  # an attendee list that includes the user
            summary.skipped_self += 1
            plan.immediate.append(_no_note(target, job, error=None, skipped=SELF))
            continue
        standing = network.audits(target.profile) if network and target.profile else []
        if job.follow_up:
            skipped = _follow_up_skip(history, target, standing, summary, plan)
            if skipped is not None:
                plan.immediate.append(_no_note(target, job, error=None, skipped=skipped))
            else:
                plan.pending.append(Work(target, None, None))
            continue
        if standing:
            if standing[0].rule == "already-connected":
                summary.skipped_connected += 1
            else:
                summary.skipped_pending += 1
            entry = _no_note(target, job, error=None, skipped=standing[0].message)
            entry["audits"] = [f.to_dict() for f in standing]
            plan.immediate.append(entry)
            continue
        previous = _previous(history, target.identity)
        if previous is not None and job.skip_invited and previous.get("outcome"):
            summary.seen_before += 1
            summary.skipped_invited += 1
            entry = _no_note(target, job, error=None, skipped=previous["notice"])
            entry["previous"] = previous
            plan.immediate.append(entry)
            continue
        fit = _fit(target, job)
        if fit is not None and fit["verdict"] == "unrelated":
            summary.unrelated += 1
            if job.skip_unrelated:
                summary.skipped_unrelated += 1
                skipped = f"unrelated to you or your goal: {fit['reason']}"
                plan.immediate.append(_no_note(target, job, error=None, skipped=skipped, fit=fit))
                continue
        plan.pending.append(Work(target, previous, fit))
    return plan


def _follow_up_skip(
    history: History | None,
    target: Target,
    standing: list[Finding],
    summary: Summary,
    plan: _Plan,
) -> str | None:
    """--follow-up: why this target gets no first message (None: draft one). Eligible:
    an invitation marked accepted, or connected per an imported export; not when a
    follow-up already went out or they replied. The accepted note goes to ``plan``."""
    note = history.latest_for(target.identity) if history is not None else None
    if history is not None:
        replied = history.replied(target.identity)
        if replied is not None:
            summary.skipped_messaged += 1
            return f"they replied (#{replied.id}): answer them yourself"
        for message in history.iter_records(target_id=target.identity, kind="follow-up"):
            if message.outcome is not None:
                summary.skipped_messaged += 1
                return f"already messaged (#{message.id}, {message.outcome})"
    accepted = note is not None and note.outcome in ACCEPTED
    if not accepted and not any(f.rule == "already-connected" for f in standing):
        summary.skipped_not_accepted += 1
        return "not accepted yet: compose mark ID accepted, or compose import your export"
    plan.accepted_notes[target.identity] = (
        note.note if accepted and note and note.with_note else None
    )
    return None


def _ration(plan: _Plan, job: BatchJob, summary: Summary) -> None:
    """Keep the notes for the strongest reasons; the rest go out without one (see
    ``composer.batch.ration`` for how a resumed run keeps the earlier choice)."""
    assert job.notes is not None
    given = summary.resume.notes_given
    summary.notes_budget = job.notes
    shared = ration(plan.pending, job.notes, given, job.sender, job.goal)
    plan.pending = [r.work for r in shared.notes]
    for r in shared.notes:
        r.work.note_reason = hook_reason(r.hook)
        summary.noted.append((r.work.target.name, hook_reason(r.hook)))
    for r in shared.without:
        entry = _no_note(
            r.work.target, job, error=None, send=WITHOUT_NOTE, hook=r.hook.kind,
            reason=why_without(r, shared, job.notes, given),
        )  # fmt: skip
        if r.work.fit is not None:
            entry["fit"] = r.work.fit
        if r.work.previous is not None:
            entry["previous"] = r.work.previous
        summary.without_note.append((r.work.target.name, r.hook.kind))
        plan.immediate.append(entry)


def _fit(target: Target, job: BatchJob) -> dict[str, Any] | None:
    """The target's fit (``composer.checker.fit``) as the output line's ``fit``; None
    when there is nothing to compare the target with (no sender, no goal)."""
    goal = target.goal or job.goal
    if target.profile is None or (job.sender is None and not goal):
        return None
    return judge_fit(target.profile, job.sender, goal).to_dict()


SELF = "this is your own profile (--from): nobody to invite"


def _load_network() -> Network | None:
    """Connections and pending invitations (history and imported exports), read once."""
    try:
        with History() as history:
            return Network.load(history)
    except (ComposerError, sqlite3.Error, OSError):
        return None  # no history: nobody is known to be connected


SEEN_LISTED = 3  # invited people named before the run; the output has them all


def _announce_seen(pending: list[Work], progress: Progress) -> None:
    """Before drafting: how many were drafted for before, naming those already invited."""
    seen = [work.previous for work in pending if work.previous is not None]
    if not seen:
        return
    invited = [previous for previous in seen if previous.get("outcome")]
    were = "was" if len(seen) == 1 else "were"
    text = f"compose batch: note: {len(seen)} of these people {were} drafted for before"
    if invited:
        text += f", {len(invited)} already invited (--skip-invited leaves those out)"
    progress.message(text + ":" if invited else text + " (see 'previous' in the output)")
    for previous in invited[:SEEN_LISTED]:
        progress.message(f"  {previous['notice']}")
    if len(invited) > SEEN_LISTED:
        progress.message(f"  and {len(invited) - SEEN_LISTED} more (see 'previous' in the output)")


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


def _request(
    work: Work, job: BatchJob, accepted_notes: dict[str, str | None] | None = None
) -> DraftRequest:
    assert work.target.profile is not None
    request = DraftRequest(
        target=work.target.profile,
        sender=job.sender,
        goal=work.target.goal or job.goal,
        limit=job.limit,
        language=job.language,
        register=work.target.register or job.settings.register,
    )
    if job.follow_up:
        request.kind = "follow-up"
        request.accepted_note = (accepted_notes or {}).get(work.target.identity)
    return request


class _Handler:
    """Turns each result into a history record and an output line (main thread only)."""

    def __init__(
        self, job: BatchJob, summary: Summary, record: HistoryRecorder | None,
        writer: LineWriter, progress: Progress,
    ) -> None:  # fmt: skip
        self.job = job
        self.summary = summary
        self.record = record
        self.writer = writer
        self.progress = progress
        self.handled = 0
        self.consecutive_failures = 0
        self.abort_reason: str | None = None
        self.fatal: ComposerError | None = None

    def handle(self, outcome: Result) -> None:
        self.handled += 1
        if outcome.fatal is not None:
            self.fatal = self.fatal or outcome.fatal
            self.abort_reason = outcome.fatal.message
            return
        target = outcome.work.target
        if outcome.result is None:
            entry = _failed_entry(target, self.job, outcome.error or "failed", outcome.kind)
            if outcome.work.note_reason is not None:  # keeps its note for --retry-failed
                entry.update(send=WITH_NOTE, reason=outcome.work.note_reason)
            self.summary.provider_failed += 1
            self.consecutive_failures += 1
            if self.consecutive_failures >= MAX_CONSECUTIVE_PROVIDER_FAILURES:
                self.abort_reason = (
                    f"{self.consecutive_failures} targets failed in a row (last: {outcome.error})"
                )
        else:
            self.consecutive_failures = 0
            assert outcome.request is not None
            entry = self._drafted(outcome.work, outcome.request, outcome.result)
        if outcome.work.previous is not None:
            entry["previous"] = outcome.work.previous
            self.summary.seen_before += 1  # counted when written: a stop leaves some undone
        self.writer.write(entry)
        self.progress.update(entry)

    def _drafted(self, work: Work, request: DraftRequest, result: DraftResult) -> dict[str, Any]:
        if result.ok:
            self.summary.ok += 1
        else:
            self.summary.with_errors += 1
        usage = result.usage or {}
        self.summary.prompt_tokens += int(usage.get("prompt_tokens", 0) or 0)
        self.summary.completion_tokens += int(usage.get("completion_tokens", 0) or 0)
        if result.note:
            blanked = facts(request.target, request.sender, request.goal.text)
            self.summary.notes.setdefault(result.language, []).append((result.note, blanked))
        entry = _base_entry(work.target, self.job, request.goal)
        if request.kind == "follow-up":
            entry["kind"] = "follow-up"
            entry["nth"] = request.nth
        if work.note_reason is not None:
            entry.update(send=WITH_NOTE, reason=work.note_reason)
        if work.fit is not None:
            entry["fit"] = work.fit
        entry.update(
            note=result.note,
            ok=result.ok,
            length=result.report.length,
            limit=result.report.limit,
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
        # Recorded by the pipeline before the line is written: a kill in between drafts
        # it again on rerun (a second history record) rather than losing the record.
        if result.record_id is not None:
            entry["history_id"] = result.record_id
        elif self.record is not None and self.record.failed is not None:
            failed = self.record.failed
            self.progress.message(f"compose batch: warning: history not recorded: {failed}")
            self.record = None  # said once: the recorder records nothing more
        return entry


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
    return _no_note(target, job, error=error, error_kind=kind)


def _no_note(target: Target, job: BatchJob, **fields: Any) -> dict[str, Any]:
    """A line without a note (failed, or skipped): the same fields as a drafted one."""
    engine = engine_for(job.settings)
    model = engine.model(job.settings)  # the one that failed
    entry = _base_entry(target, job)
    if job.follow_up:
        entry["kind"] = "follow-up"
    entry.update(note=None, ok=False, findings=[], engine=engine.name, model=model)
    entry.update(fields)
    return entry
