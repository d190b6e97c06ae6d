"""One HTTP client shared between drafts (its owner closes it), and streamed repairs."""

from __future__ import annotations

import asyncio
import gc
import warnings

import pytest

from composer.config.settings import load_settings
from composer.core.contract import DraftResult
from composer.drafting.engine import Restart
from composer.drafting.llm.client import make_client
from composer.drafting.pipeline import compose_note_async, stream_compose
from tests.fake_llm import FakeLLM, reply
from tests.support.llm import GOOD, GOOD_2, LONG, priya_request


@pytest.fixture
def llm_env(fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> FakeLLM:
    for name, value in fake_llm.env().items():
        monkeypatch.setenv(name, value)
    return fake_llm


async def test_drafts_through_a_shared_client_leave_it_open_for_its_owner(
    llm_env: FakeLLM,
) -> None:
    settings = load_settings(candidates=1)
    client = make_client(settings)
    try:
        results = await asyncio.gather(
            *(compose_note_async(priya_request(), settings, client=client) for _ in range(3))
        )
        assert all(r.engine == "openai" and r.note for r in results)
        assert not client.is_closed()  # the drafts did not close what they do not own
        again = await compose_note_async(priya_request(), settings, client=client)
        assert again.note and len(llm_env.requests) == 4
    finally:
        await client.close()
    assert client.is_closed()


async def test_a_draft_without_a_client_closes_the_one_it_opened(llm_env: FakeLLM) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        result = await compose_note_async(priya_request(), load_settings(candidates=1))
        gc.collect()  # an unclosed socket would warn here
    assert result.note


async def _items(repairs: bool) -> list[object]:
    items: list[object] = []
    async for item in stream_compose(priya_request(), load_settings(), repairs=repairs):
        items.append(item)
    return items


async def test_a_repair_round_streams_after_a_restart_when_asked(llm_env: FakeLLM) -> None:
    llm_env.enqueue(reply(*LONG), reply(GOOD))
    items = await _items(repairs=True)
    result = items[-1]
    assert isinstance(result, DraftResult) and result.note == GOOD
    restart = items.index(Restart())
    first, repaired = items[:restart], items[restart + 1 : -1]
    assert "".join(str(p) for p in first) == LONG[0]  # the first draft, as before
    assert len(repaired) > 1 and "".join(str(p) for p in repaired) == GOOD  # live, piece by piece
    assert llm_env.requests[1]["stream"] is True


async def test_without_repairs_the_stream_is_only_the_first_draft(llm_env: FakeLLM) -> None:
    llm_env.enqueue(reply(*LONG), reply(GOOD_2))
    items = await _items(repairs=False)
    assert not any(isinstance(i, Restart) for i in items)
    assert "".join(i for i in items if isinstance(i, str)) == LONG[0]
    result = items[-1]
    assert isinstance(result, DraftResult) and result.note == GOOD_2
    assert not llm_env.requests[1].get("stream")


async def test_what_a_server_refused_is_learnt_once_per_shared_client(
    llm_env: FakeLLM,
) -> None:
    """llama.cpp refuses n > 1: the first draft learns it, the next go straight to n=1."""
    llm_env.reject_n = True
    settings = load_settings()  # three candidates
    client = make_client(settings)
    try:
        for _ in range(2):
            result = await compose_note_async(priya_request(), settings, client=client)
            assert result.ok
    finally:
        await client.close()
    sent_n = [body.get("n") for body in llm_env.requests]
    assert sent_n == [3] + [None] * 6  # one refusal, then 3 + 3 single requests
    # A new client (a new run) starts afresh.
    llm_env.requests.clear()
    await compose_note_async(priya_request(), settings)
    assert [body.get("n") for body in llm_env.requests] == [3, None, None, None]


async def test_a_reasoning_model_parameter_is_learnt_once_per_client_and_model(
    llm_env: FakeLLM,
) -> None:
    from tests.fake_llm import error

    settings = load_settings(candidates=1, model="o4-mini")
    llm_env.enqueue(error(400, "Unsupported parameter: 'max_tokens'", param="max_tokens"))
    client = make_client(settings)
    try:
        for _ in range(2):
            await compose_note_async(priya_request(), settings, client=client)
        other = load_settings(candidates=1, model="gpt-4o-mini")
        await compose_note_async(priya_request(), other, client=client)
    finally:
        await client.close()
    keys = [("max_tokens" in b, "max_completion_tokens" in b) for b in llm_env.requests]
    # o4-mini: refused, resent, then the second draft sends the right one at once;
    # another model through the same client is not assumed to share the quirk.
    assert keys == [(True, False), (False, True), (False, True), (True, False)]
