"""The LLM engine: candidates from one request, the checker as judge, a repair loop.

``draft_llm(request, settings, on_text=None)`` asks for k drafts in one request (``n=k``).
A server that returns fewer choices (Ollama ignores ``n``) gets the missing ones asked
for separately, concurrently; a server that rejects ``n > 1`` (llama.cpp) gets k separate
requests. Every candidate is checked with ``composer.checker.check_note`` and the best is
kept (``composer.core.contract.pick_best``: no errors, fewest warnings, most specific hook).
When none passes, the best one goes back with its findings as the instruction, at most
``MAX_REPAIRS`` rounds; a note is never truncated to fit. ``stream_llm`` runs the same
with the first choice's text yielded as it arrives, then the ``DraftResult``; with
``repairs=True`` each repair round streams too, after a ``Restart`` item that tells the
preview to start again.

Both take an optional ``client`` (an ``AsyncOpenAI`` from ``client.make_client``) owned
by the caller: a batch or a UI opens one per event loop and shares it between drafts, so
connections stay alive; without one, the draft opens its own and closes it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import unicodedata
from collections.abc import AsyncGenerator, Callable
from typing import TYPE_CHECKING

from composer.config.backoff import Backoff
from composer.config.settings import Settings
from composer.core.contract import Candidate, DraftRequest, DraftResult, pick_best
from composer.drafting.engine import Restart
from composer.drafting.llm.client import BadReply, Reply, complete, make_client, quirks_for
from composer.drafting.llm.prompt import (
    MAX_POSTS,
    Messages,
    draft_messages,
    prompt_size,
    repair_messages,
)
from composer.drafting.llm.retry import GaveUp, Tally, describe_failure, rejects_n, with_retries

if TYPE_CHECKING:
    from openai import AsyncOpenAI

MAX_REPAIRS = 2


def candidate_count(request: DraftRequest, settings: Settings) -> int:
    """k: ``--candidates``/``COMPOSER_CANDIDATES`` when given, else the request's own."""
    if settings.sources.get("candidates", "default") != "default":
        return settings.candidates
    return max(1, request.candidates)


class _Session:
    """One draft's client, settings and tally, so the steps below stay small."""

    def __init__(
        self,
        client: AsyncOpenAI,
        settings: Settings,
        tally: Tally,
        on_restart: Callable[[], None] | None = None,
    ) -> None:
        self.client = client
        self.settings = settings
        self.tally = tally
        self.on_restart = on_restart
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

        def show(piece: str) -> None:
            nonlocal shown
            shown = True
            if on_text is not None:
                on_text(piece)

        async def call(timeout: float) -> Reply:
            nonlocal shown
            stream = on_text is not None
            if shown:  # an earlier attempt showed part of a reply that then failed
                if self.on_restart is not None:
                    self.on_restart()
                    shown = False
                else:
                    stream = False
            try:
                return await complete(
                    self.client, self.settings, messages, n=n, timeout=timeout,
                    on_text=show if stream else None, quirks=self.quirks,
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


def _fold(text: str) -> str:
    if text.isascii():  # most notes and profiles: nothing to decompose (~5x faster)
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def guess_hook(note: str, request: DraftRequest) -> str | None:
    """Which hook the note uses: the strongest one whose words it cites, else None."""
    from composer.drafting.hooks import find_hooks

    folded = _fold(note)
    for hook in find_hooks(request.target, request.sender, request.goal):
        if hook.kind == "goal":
            continue
        value = _fold(hook.value)
        if value and value in folded:
            return hook.kind
        if hook.kind == "post" and value:
            words = [w for w in value.split() if len(w) > 3]
            if words and sum(w in folded for w in words) >= max(1, len(words) // 2):
                return "post"
            if _cites_a_post(folded, request):
                return "post"
    return None


_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]")


def _cites_a_post(folded_note: str, request: DraftRequest) -> bool:
    """Does the note quote two or more words of one of the target's posts (the ones the
    prompt shows)? A model often cites a post by its own words, not by its topic.

    Stopwords don't count, nor words the note would use anyway: the two people's
    headlines, titles and companies ("engineering manager" in a post about management).
    """
    from composer.drafting.hooks import _STOP

    target, sender = request.target, request.sender
    facts = [target.name, target.headline]
    for person in (target, sender):
        if person is not None:
            facts += [person.headline, *(f"{e.title} {e.company}" for e in person.experience)]
    common = set(_WORD.findall(_fold(" ".join(facts)))) | _STOP
    note_words = set(_WORD.findall(folded_note)) - common
    for post in target.recent_posts[:MAX_POSTS]:
        words = {w for w in _WORD.findall(_fold(post.text)) if len(w) > 3}
        if len(words & note_words) >= 2:
            return True
    return False


def _check(notes: list[str], request: DraftRequest) -> list[Candidate]:
    from composer.checker import check_note

    seen: set[str] = set()
    checked: list[Candidate] = []
    for note in notes:
        if note in seen:
            continue
        seen.add(note)
        report = check_note(note, request.target, request.sender, request.goal, request.limit)
        checked.append(Candidate(note=note, report=report, hook=guess_hook(note, request)))
    return checked


async def draft_llm(
    request: DraftRequest,
    settings: Settings,
    *,
    on_text: Callable[[str], None] | None = None,
    on_restart: Callable[[], None] | None = None,
    client: AsyncOpenAI | None = None,
) -> DraftResult:
    """Draft with the LLM, check every candidate, repair if needed; see the module doc.

    ``on_restart``, with ``on_text``, streams the repair rounds too: it is called before
    each one, then ``on_text`` gets the repaired text. ``client`` is the caller's to
    close; without one, a client is opened for this draft and closed before returning.
    """
    settings.require_llm()
    if client is not None:
        return await _draft(request, settings, client, on_text, on_restart)
    own = make_client(settings)
    try:
        return await _draft(request, settings, own, on_text, on_restart)
    finally:
        await own.close()


async def _draft(
    request: DraftRequest,
    settings: Settings,
    client: AsyncOpenAI,
    on_text: Callable[[str], None] | None,
    on_restart: Callable[[], None] | None,
) -> DraftResult:
    tally = Tally()  # the deadline counts from here: opening the client is not the server's time
    if settings.backoff is None:  # this draft's concurrent requests pause together on a 429
        settings = dataclasses.replace(settings, backoff=Backoff())
    session = _Session(client, settings, tally, on_restart if on_text is not None else None)
    messages = draft_messages(request)
    notes = await session.candidates(messages, candidate_count(request, settings), on_text)
    candidates = _check(notes, request)
    best = pick_best(candidates)
    repair_text = on_text if on_restart is not None else None
    for _ in range(MAX_REPAIRS):
        if best.report.ok:
            break
        if repair_text is not None and on_restart is not None:
            on_restart()
        try:
            reply = await session.ask(
                repair_messages(request, best.note, best.report.findings), 1, repair_text
            )
        except GaveUp:
            break  # keep the best draft we have; its findings say what is wrong
        known = {c.note for c in candidates}
        candidates += [c for c in _check(reply.notes[:1], request) if c.note not in known]
        best = pick_best(candidates)
    return DraftResult(
        note=best.note,
        report=best.report,
        language=request.note_language,
        engine="openai",
        model=settings.model,
        hook=best.hook,
        attempts=tally.requests,
        usage=tally.usage(),
        candidates=candidates,
        prompt_chars=prompt_size(messages),
    )


_DONE = object()


async def stream_llm(
    request: DraftRequest,
    settings: Settings,
    *,
    repairs: bool = False,
    client: AsyncOpenAI | None = None,
) -> AsyncGenerator[str | Restart | DraftResult, None]:
    """Yield the first draft's text as it arrives, then the checked ``DraftResult``.

    The streamed text is a preview: the result's ``note`` is the one to show in the end
    (it may be another candidate, or a repaired one). With ``repairs=True`` a ``Restart``
    comes before each repair round's text (drop what was shown, show what follows).
    Errors are raised after the pieces already yielded.
    """
    queue: asyncio.Queue[object] = asyncio.Queue()

    def restart() -> None:
        queue.put_nowait(Restart())

    task = asyncio.create_task(
        draft_llm(
            request, settings, on_text=queue.put_nowait,
            on_restart=restart if repairs else None, client=client,
        )
    )  # fmt: skip
    task.add_done_callback(lambda _: queue.put_nowait(_DONE))
    try:
        while (item := await queue.get()) is not _DONE:
            if isinstance(item, (str, Restart)):
                yield item
        yield task.result()
    finally:
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
