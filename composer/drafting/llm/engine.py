"""The LLM engine: candidates from one request, a repair loop with the checker's findings.

``LLMEngine.draft_async(request, settings, check)`` asks for k drafts in one request
(``n=k``). A server that returns fewer choices (Ollama ignores ``n``) gets the missing
ones asked for separately, concurrently; a server that rejects ``n > 1`` (llama.cpp)
gets k separate requests. When no draft passes the pipeline's checker (``check``), the
best one goes back with its findings as the instruction, at most ``MAX_REPAIRS``
rounds; a note is never truncated to fit. Every note drafted goes back to the pipeline,
which chooses. With ``on_text`` the first choice's text streams as it arrives; with
``on_restart`` too, each repair round streams, after ``on_restart()``.

A ``client`` (an ``AsyncOpenAI`` from ``open_client``) may be passed, owned by the
caller: a batch or a UI opens one per event loop and shares it between drafts, so
connections stay alive; without one, the draft opens its own and closes it.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from composer.config.backoff import Backoff
from composer.config.settings import Settings
from composer.core.contract import Candidate, DraftRequest, DraftResult, pick_best
from composer.drafting.engine import Check, Drafted, Note, run_sync
from composer.drafting.llm import require
from composer.drafting.llm.client import (
    BadReply,
    Reply,
    complete,
    import_sdk,
    make_client,
    quirks_for,
)
from composer.drafting.llm.prompt import (
    Messages,
    draft_messages,
    prompt_size,
    repair_messages,
)
from composer.drafting.llm.retry import GaveUp, Tally, describe_failure, rejects_n, with_retries

if TYPE_CHECKING:
    from openai import AsyncOpenAI

MAX_REPAIRS = 2
# A reply over this many times the note's limit is a failed candidate (a runaway model):
# it is never shown, printed or stored whole.
OVERSIZE = 4


# Warnings that still send a draft back: a note they cannot read is ignored; a message
# after acceptance without one clear ask, with several, or restating the note they
# accepted misses the message's whole point.
REPAIRED_WARNINGS = {
    "note": frozenset({"language-mismatch"}),
    "follow-up": frozenset({"language-mismatch", "no-ask", "multiple-asks", "repeats-note"}),
}


def needs_repair(candidate: Candidate, kind: str = "note") -> bool:
    """A draft goes back to the model when it has errors, or one of the warnings of
    ``REPAIRED_WARNINGS`` for its kind."""
    repaired = REPAIRED_WARNINGS.get(kind, REPAIRED_WARNINGS["note"])
    return not candidate.report.ok or bool(repaired & set(candidate.report.rules()))


def candidate_count(request: DraftRequest, settings: Settings) -> int:
    """k: ``--candidates``/``COMPOSER_CANDIDATES`` when given, else the request's own."""
    if settings.sources.get("candidates", "default") != "default":
        return settings.candidates
    return max(1, request.candidates)


class Exchange:
    """One draft's conversation with the server: its client, settings and tally (what
    it cost), so the steps below stay small."""

    def __init__(
        self,
        client: AsyncOpenAI,
        settings: Settings,
        tally: Tally,
        on_restart: Callable[[], None] | None = None,
        cap: int | None = None,
    ) -> None:
        self.client = client
        self.settings = settings
        self.tally = tally
        self.on_restart = on_restart
        # A reply longer than this is a failed candidate: never shown or kept whole.
        self.cap = cap
        # What the server refused before, in any draft through this client.
        self.quirks = quirks_for(client, settings.model)

    async def ask(
        self, messages: Messages, n: int, on_text: Callable[[str], None] | None = None
    ) -> Reply:
        """One request with retries; ``GaveUp`` when it failed for good.

        A 400 naming a parameter the server does not support (``max_tokens`` for
        reasoning models, ``temperature``, ``stream_options``) is adapted to and resent.
        When an attempt streamed part of a reply to ``on_text`` and then failed, the
        retry streams again after ``on_restart`` (the preview starts over), or, without
        one, is not streamed: a preview that only appends must not show two replies
        run together.
        """
        shown = False
        sent = 0  # characters of this attempt passed to ``on_text``

        def show(piece: str) -> None:
            nonlocal shown, sent
            shown = True
            if self.cap is not None:
                piece = piece[: max(0, self.cap - sent)]
            sent += len(piece)
            if on_text is not None and piece:
                on_text(piece)

        async def call(timeout: float) -> Reply:
            nonlocal shown, sent
            stream = on_text is not None
            sent = 0
            if shown:  # an earlier attempt showed part of a reply that then failed
                if self.on_restart is not None:
                    self.on_restart()
                    shown = False
                else:
                    stream = False
            try:
                return self._within_cap(
                    await complete(
                        self.client, self.settings, messages, n=n, timeout=timeout,
                        on_text=show if stream else None, quirks=self.quirks,
                    )
                )  # fmt: skip
            except BadReply as exc:
                self.tally.add_usage(exc.usage)  # an unusable reply is paid for too
                raise

        while True:
            try:
                reply = await with_retries(call, self.settings, self.tally)
                break
            except GaveUp as failure:
                if not self.quirks.learn(failure.cause):
                    raise
        self.tally.add_usage(reply.usage)
        return reply

    def _within_cap(self, reply: Reply) -> Reply:
        """Drop the choices longer than ``cap`` (``BadReply``, retried, when none is left)."""
        if self.cap is None:
            return reply
        kept = [note for note in reply.notes if len(note) <= self.cap]
        for note in reply.notes:
            if len(note) > self.cap:
                reply.dropped.append(
                    f"the reply was {len(note)} characters, over {OVERSIZE}x the limit"
                )
        if not kept:
            raise BadReply(reply.dropped[-1], reply.usage)
        reply.notes = kept
        return reply

    async def candidates(
        self, messages: Messages, k: int, on_text: Callable[[str], None] | None
    ) -> list[str]:
        """k drafts: one request with ``n=k``, then separate requests for what is missing."""
        notes: list[str] = []
        returned = 0
        try:
            if not (k > 1 and self.quirks.one_choice):
                reply = await self.ask(messages, k, on_text)
                notes, returned = reply.notes[:k], len(reply.notes) + len(reply.dropped)
        except GaveUp as failure:
            if not (k > 1 and rejects_n(failure.cause)):
                raise describe_failure(failure, self.settings) from None
            self.quirks.one_choice = True  # the next drafts through this client go straight on
        missing = k - returned
        if missing <= 0:
            return notes
        # Stream the first separate request only when nothing has been shown yet.
        streams = [on_text if not notes and i == 0 else None for i in range(missing)]
        results = await asyncio.gather(
            *(self.ask(messages, 1, s) for s in streams), return_exceptions=True
        )
        failures: list[GaveUp] = []
        for result in results:
            if isinstance(result, Reply):
                notes += result.notes[:1]
            elif isinstance(result, GaveUp):
                failures.append(result)
            elif isinstance(result, BaseException):
                raise result
        if not notes:
            raise describe_failure(failures[0], self.settings)
        return notes


class LLMEngine:
    """The ``Engine`` (``composer.drafting.engine``) that drafts through an
    OpenAI-compatible server."""

    name = "openai"
    remote = True

    def label(self, settings: Settings) -> str:
        return f"{self.name} · {settings.model}" if settings.model else self.name

    def model(self, settings: Settings) -> str | None:
        return settings.model

    def warm_up(self) -> None:
        """Nothing more: importing this module was the head start (``openai`` is slow to
        import, and is loaded by ``load`` when a client is opened)."""

    def prepare(self, settings: Settings) -> None:
        """Check the configuration, and give concurrent drafts one backoff (a 429 pauses all)."""
        require(settings)
        if settings.backoff is None:
            settings.backoff = Backoff()

    def load(self, *, freeze: bool = False) -> None:
        import_sdk(freeze=freeze)

    def open_client(self, settings: Settings) -> AsyncOpenAI:
        return make_client(settings)

    def draft(self, request: DraftRequest, settings: Settings, check: Check) -> Drafted:
        return run_sync(self.draft_async(request, settings, check))

    async def draft_async(
        self,
        request: DraftRequest,
        settings: Settings,
        check: Check,
        *,
        on_text: Callable[[str], None] | None = None,
        on_restart: Callable[[], None] | None = None,
        client: AsyncOpenAI | None = None,
    ) -> Drafted:
        """Draft with the LLM, repair if needed; see the module doc.

        ``on_restart``, with ``on_text``, streams the repair rounds too: it is called
        before each one, then ``on_text`` gets the repaired text. ``client`` is the
        caller's to close; without one, a client is opened for this draft and closed
        before returning.
        """
        require(settings)
        if client is not None:
            return await _draft(request, settings, client, check, on_text, on_restart)
        own = make_client(settings)
        try:
            return await _draft(request, settings, own, check, on_text, on_restart)
        finally:
            await own.close()

    def report(self, result: DraftResult, settings: Settings) -> str:
        usage = result.usage or {}
        return (
            f"{_llm_line(settings, result.prompt_chars or 0)}; {result.attempts} request(s); "
            f"tokens {usage.get('prompt_tokens', 0)} in, "
            f"{usage.get('completion_tokens', 0)} out; "
            f"{len(result.candidates)} candidate(s)"
        )

    def failure_report(self, request: DraftRequest, settings: Settings) -> str | None:
        """How big the prompt was: a local model with a small context refuses a prompt
        too long for it."""
        chars = prompt_size(draft_messages(request))
        return f"{_llm_line(settings, chars)}; no note"


def _llm_line(settings: Settings, prompt_chars: int) -> str:
    """The start of the ``--verbose`` line: engine, model, endpoint, prompt."""
    return (
        f"compose: engine openai, model {settings.model} at {settings.endpoint()}; "
        f"prompt {prompt_chars} chars (~{prompt_chars // 4} tokens)"
    )


async def _draft(
    request: DraftRequest,
    settings: Settings,
    client: AsyncOpenAI,
    check: Check,
    on_text: Callable[[str], None] | None,
    on_restart: Callable[[], None] | None,
) -> Drafted:
    backoff = settings.backoff
    if backoff is None:  # this draft's concurrent requests pause together on a 429
        backoff = Backoff()
        settings = dataclasses.replace(settings, backoff=backoff)
    # The deadline counts from here (opening the client is not the server's time), on the
    # clock the retries read.
    tally = Tally(started=backoff.clock.now())
    exchange = Exchange(
        client, settings, tally, on_restart if on_text is not None else None,
        cap=OVERSIZE * request.limit,
    )  # fmt: skip
    messages = draft_messages(request, check.audits)
    texts = await exchange.candidates(messages, candidate_count(request, settings), on_text)
    notes = [Note(text, None, 0) for text in texts]
    # The repair loop sends back the best so far; the pipeline chooses the final one.
    best = pick_best([check(text) for text in texts])
    repair_text = on_text if on_restart is not None else None
    # The notes of the repair conversation so far (sent back, or replied), in order.
    attempts: list[str] = []
    unchanged = False
    for round_ in range(1, MAX_REPAIRS + 1):
        if not needs_repair(best, request.kind):
            break
        if repair_text is not None and on_restart is not None:
            on_restart()
        sent = best
        earlier = [(text, check(text).report.findings) for text in attempts if text != sent.note]
        request_messages = repair_messages(
            request, sent.note, sent.report.findings,
            earlier=earlier, unchanged=unchanged, audits=check.audits,
        )  # fmt: skip
        try:
            reply = await exchange.ask(request_messages, 1, repair_text)
        except GaveUp:
            break  # keep the best draft we have; its findings say what is wrong
        tried = {n.text for n in notes}
        new = reply.notes[:1]
        # The same note back (or one tried before): the next round asks more strictly.
        unchanged = bool(new) and new[0] in tried
        for text in [sent.note, *new]:
            if text not in attempts:
                attempts.append(text)
        notes += [Note(text, None, round_) for text in new if text not in tried]
        best = pick_best([check(n.text) for n in notes])
    return Drafted(
        notes=notes,
        model=settings.model,
        attempts=tally.requests,
        usage=tally.usage(),
        prompt_chars=prompt_size(messages),
    )
