"""The pipeline every front end calls: audit the profiles, draft with an engine, check
every note, choose the best, record it, report.

``compose_note(request, settings)`` picks the engine (``engine_for(settings)``: the LLM
when a key or a base URL is configured, else offline templates) and returns a
``DraftResult`` whose note has been checked, with the profile audits attached.
``compose_note_async`` is the same for code already inside an event loop (batch, UI);
``stream_compose`` yields text as it arrives and the ``DraftResult`` last (with
``repairs=True``, a ``Restart`` before each repair round's text). They take an optional
``client`` (from ``Engine.open_client``) that the caller opened and will close, to
share connections between drafts, and an optional ``record`` (``Record``: the CLI's
``composer.drafting.recording.record_in_history``, the batch's ``HistoryRecorder``, the
UI's ``NoteRecorder.step``) that writes the chosen note to the history and sets
``DraftResult.record_id``; without it nothing is recorded. The record step here is the
only place a draft's row is created, for every front end. Engines are imported only
when used (``composer.drafting.engine``): the offline path never imports ``openai``.

This module is the only place that checks notes and chooses among them; an engine that
needs findings while drafting asks through the ``Checker`` it is handed.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncGenerator, Callable
from typing import Any, Literal, overload

from composer.config.settings import Settings, load_settings
from composer.core.contract import Candidate, DraftRequest, DraftResult, pick_best
from composer.core.errors import ComposerError
from composer.core.findings import Finding
from composer.drafting.engine import Drafted, Engine, Restart, engine_for

# The record step: write the chosen note to the history, return its id (None: not
# recorded; the recorder says why, as its front end wants it said).
Record = Callable[[DraftRequest, DraftResult], int | None]

__all__ = [
    "Checker",
    "Record",
    "Restart",
    "compose_note",
    "compose_note_async",
    "stream_compose",
]


class Checker:
    """The rule checker for one request, with a memory: a note checked once (during a
    repair round, say) is not checked again when the candidates are compared."""

    def __init__(self, request: DraftRequest, found: list[Finding] | None = None) -> None:
        self.request = request
        self.audits = found or []
        self._seen: dict[str, Candidate] = {}

    def __call__(self, note: str, hook: str | None = None) -> Candidate:
        candidate = self._seen.get(note)
        if candidate is None:
            from composer.checker import check_draft
            from composer.drafting.hooks import cited_hook

            r = self.request
            report = check_draft(note, r)
            candidate = Candidate(note, report, hook if hook is not None else cited_hook(note, r))
            self._seen[note] = candidate
        return candidate


def audits(request: DraftRequest) -> list[Finding]:
    """The profile audits (sender incomplete, target unrelated), shown before the note."""
    from composer.checker.audits import audit

    return list(audit(request))


def select(
    request: DraftRequest,
    engine: Engine,
    drafted: Drafted,
    check: Checker,
    found: list[Finding],
) -> DraftResult:
    """Check every drafted note (once each) and keep the best as the result."""
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for note in drafted.notes:
        if note.text not in seen:
            seen.add(note.text)
            candidate = check(note.text, note.hook)
            candidate.round = note.round
            candidates.append(candidate)
    if not candidates:
        candidates.append(check("", None))
    best = pick_best(candidates)
    language = request.note_language
    best.report.language = best.report.language or language
    return DraftResult(
        note=best.note,
        report=best.report,
        language=language,
        engine=engine.name,
        model=drafted.model,
        hook=best.hook,
        attempts=drafted.attempts,
        usage=drafted.usage,
        candidates=candidates,
        audits=found,
        prompt_chars=drafted.prompt_chars,
        remarks=list(drafted.remarks),
    )


def compose_note(
    request: DraftRequest, settings: Settings | None = None, *, record: Record | None = None
) -> DraftResult:
    """Draft, check and return the best note for ``request``, recorded with ``record``.

    ``settings=None`` resolves them from the environment and ``.env``. Raises
    ``ConfigError`` (exit 2) or ``ProviderError`` (exit 3) when the LLM cannot be used
    (then nothing is recorded).
    """
    if settings is None:
        settings = load_settings()
    engine = engine_for(settings)
    found = audits(request)
    check = Checker(request, found)
    try:
        drafted = engine.draft(request, settings, check)
    except ComposerError:
        _report_failure(engine, request, settings)
        raise
    return _finish(request, settings, engine, drafted, check, found, record)


async def compose_note_async(
    request: DraftRequest,
    settings: Settings,
    *,
    client: Any | None = None,
    record: Record | None = None,
) -> DraftResult:
    """``compose_note`` as a coroutine, for callers that run an event loop.

    ``client``: an open client to draft through (the caller closes it). ``record`` runs
    in the loop's thread, after the last ``await``: a draft cancelled is never recorded,
    and one recorded is returned.
    """
    return await _compose(request, settings, None, None, client, record)


async def _compose(
    request: DraftRequest,
    settings: Settings,
    on_text: Callable[[str], None] | None,
    on_restart: Callable[[], None] | None,
    client: Any | None,
    record: Record | None = None,
) -> DraftResult:
    engine = engine_for(settings)
    found = audits(request)
    check = Checker(request, found)
    try:
        drafted = await engine.draft_async(
            request, settings, check, on_text=on_text, on_restart=on_restart, client=client
        )
    except ComposerError:
        _report_failure(engine, request, settings)
        raise
    return _finish(request, settings, engine, drafted, check, found, record)


def _finish(
    request: DraftRequest,
    settings: Settings,
    engine: Engine,
    drafted: Drafted,
    check: Checker,
    found: list[Finding],
    record: Record | None,
) -> DraftResult:
    """Select the best checked note, record it when asked, report it (``--verbose``)."""
    result = select(request, engine, drafted, check, found)
    if record is not None:
        result.record_id = record(request, result)
    _report(engine, result, settings)
    return result


@overload
def stream_compose(
    request: DraftRequest,
    settings: Settings | None = None,
    *,
    repairs: Literal[False] = False,
    client: Any | None = None,
    record: Record | None = None,
) -> AsyncGenerator[str | DraftResult, None]: ...


@overload
def stream_compose(
    request: DraftRequest,
    settings: Settings | None = None,
    *,
    repairs: bool,
    client: Any | None = None,
    record: Record | None = None,
) -> AsyncGenerator[str | Restart | DraftResult, None]: ...


async def stream_compose(
    request: DraftRequest,
    settings: Settings | None = None,
    *,
    repairs: bool = False,
    client: Any | None = None,
    record: Record | None = None,
) -> AsyncGenerator[str | Restart | DraftResult, None]:
    """Yield pieces of the note's text as they are drafted, then the checked result.

    With the LLM the pieces are the first draft as it streams in: a preview, since the
    final ``DraftResult.note`` may be another candidate or a repaired one. With
    ``repairs=True`` a repair round streams too: a ``Restart`` item comes first (clear
    the preview), then its text; callers that only append text leave it False, the
    default. An engine that does not stream (offline) gives the whole note at once.
    Errors (``ConfigError``/``ProviderError``) are raised after the pieces yielded.

    ``record`` runs after the result is yielded, when the caller asks for what follows
    it (the end of the stream), in a worker thread: a caller shows the draft before
    the history is written, and one that stops listening first (a draft stopped or
    replaced before it showed) records nothing. Once started, the record is not
    cancelled with the stream: the recorder reports its outcome itself.
    """
    import asyncio

    if settings is None:
        settings = load_settings()
    queue: asyncio.Queue[object] = asyncio.Queue()
    done = object()

    def restart() -> None:
        queue.put_nowait(Restart())

    async def run() -> DraftResult:
        return await _compose(
            request, settings, queue.put_nowait, restart if repairs else None, client
        )

    task = asyncio.create_task(run())
    task.add_done_callback(lambda _: queue.put_nowait(done))
    streamed = False
    # When the caller stops listening, the draft is cancelled now, not at GC time.
    try:
        while (item := await queue.get()) is not done:
            if isinstance(item, (str, Restart)):
                streamed = streamed or isinstance(item, str)
                yield item
        result = task.result()
        if not streamed:
            yield result.note
        yield result
        if record is not None:  # the caller came back: it took the result
            result.record_id = await asyncio.to_thread(record, request, result)
    finally:
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


def _report(engine: Engine, result: DraftResult, settings: Settings) -> None:
    """``--verbose``: what drafted the note and what it cost, on stderr."""
    if settings.verbose:
        print(engine.report(result, settings), file=sys.stderr)


def _report_failure(engine: Engine, request: DraftRequest, settings: Settings) -> None:
    """``--verbose`` when drafting failed: what was asked of whom."""
    if settings.verbose and (line := engine.failure_report(request, settings)):
        print(line, file=sys.stderr)
