"""The UI records its drafts through the pipeline's record step, like the CLI and batch,
and only the drafts it showed: a draft stopped (escape) or replaced (regenerate) before
it showed is never recorded. First the protocol without Textual (``NoteRecorder.step``
as ``stream_compose``'s ``record=``), then the app."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from typing import Any

import pytest

from composer.config.settings import Secret, Settings
from composer.core.contract import DraftResult
from composer.drafting.pipeline import stream_compose
from composer.drafting.recording import NoteRecorder
from composer.history import History
from tests.fake_llm import FakeLLM, reply
from tests.support.llm import GOOD, GOOD_2, priya_request
from tests.support.tui import offline_app, settle, until

OFFLINE = Settings(engine="offline")


class Recorded:
    """What the record step told the UI (``on_recorded``), from its thread."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int | None]] = []
        self.done = threading.Event()
        self.errors: list[str] = []

    def __call__(self, draft_id: int, record_id: int | None) -> None:
        self.calls.append((draft_id, record_id))
        self.done.set()


async def result_of(stream: Any) -> DraftResult:
    """Read the stream up to its result (the UI then shows it)."""
    async for piece in stream:
        if isinstance(piece, DraftResult):
            return piece
    raise AssertionError("no result")


def rows() -> list[Any]:
    with History() as history:
        return history.records()


async def test_a_draft_shown_is_recorded_by_the_pipelines_record_step() -> None:
    recorder, told = NoteRecorder(), Recorded()
    request = priya_request()
    stream = stream_compose(request, OFFLINE, record=recorder.step(1, told.errors.append, told))
    result = await result_of(stream)
    assert rows() == []  # shown before it is written
    recorder.shown(1, request, result)
    assert [piece async for piece in stream] == []  # the end of the stream: the record step
    (row,) = rows()
    assert result.record_id == row.id and row.note == result.note and row.source == "tui"
    assert told.calls == [(1, row.id)] and not told.errors
    recorder.recorded(1, row.id)
    assert recorder.record_id == row.id


async def test_a_draft_stopped_before_it_shows_is_never_recorded() -> None:
    recorder, told = NoteRecorder(), Recorded()
    request = priya_request()
    # Stopped while it drafts: the stream is closed before its result.
    stream = stream_compose(request, OFFLINE, record=recorder.step(1, told.errors.append, told))
    await anext(stream)  # its text
    await stream.aclose()
    # Stopped once drafted, before the UI showed it: nobody asks for the end.
    stream = stream_compose(request, OFFLINE, record=recorder.step(2, told.errors.append, told))
    result = await result_of(stream)
    await stream.aclose()
    assert result.record_id is None and rows() == [] and told.calls == []


async def test_a_draft_replaced_before_it_shows_is_never_recorded() -> None:
    recorder, told = NoteRecorder(), Recorded()
    request = priya_request()
    first = stream_compose(request, OFFLINE, record=recorder.step(1, told.errors.append, told))
    replaced = await result_of(first)
    second_request = dataclasses.replace(request, seed=2)
    second = stream_compose(
        second_request, OFFLINE, record=recorder.step(2, told.errors.append, told)
    )
    shown = await result_of(second)
    recorder.shown(2, second_request, shown)  # the newer draft is the one shown
    assert [piece async for piece in first] == []  # the replaced draft's record step
    assert replaced.record_id is None and rows() == []
    assert [piece async for piece in second] == []
    (row,) = rows()
    assert row.note == shown.note and told.calls == [(2, row.id)]


@pytest.fixture
def slow_history(monkeypatch: pytest.MonkeyPatch) -> None:
    import composer.history

    real = composer.history.record_draft

    def record_draft(*args: Any, **kwargs: Any) -> int | None:
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(composer.history, "record_draft", record_draft)


@pytest.mark.usefixtures("slow_history")
async def test_a_record_under_way_is_written_and_told_when_the_stream_is_cancelled() -> None:
    recorder, told = NoteRecorder(), Recorded()
    request = priya_request()
    stream = stream_compose(request, OFFLINE, record=recorder.step(1, told.errors.append, told))
    result = await result_of(stream)
    recorder.shown(1, request, result)
    end = asyncio.ensure_future(anext(stream, None))
    await asyncio.sleep(0.05)  # the record step is writing
    end.cancel()  # e.g. the app quits
    await asyncio.gather(end, return_exceptions=True)
    assert await asyncio.to_thread(told.done.wait, 5)
    (row,) = rows()
    assert told.calls == [(1, row.id)]


# --- the app --------------------------------------------------------------------------


def llm_settings(fake_llm: FakeLLM) -> Settings:
    return Settings(
        engine="openai", base_url=fake_llm.base_url, api_key=Secret("sk-fake-test"), candidates=1
    )


async def test_the_app_records_the_draft_it_shows_through_the_pipeline() -> None:
    app = offline_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert app.result is not None
        (row,) = rows()
        # Only the pipeline's record step sets the result's record id.
        assert app.result.record_id == row.id == app.recorder.record_id
        assert row.note == app.editor.text and row.source == "tui"


async def test_escape_before_the_draft_shows_records_nothing(fake_llm: FakeLLM) -> None:
    held = threading.Event()
    fake_llm.enqueue(reply(GOOD, hold=held))
    app = offline_app(settings=llm_settings(fake_llm), candidates=1)
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await until(pilot, lambda: len(fake_llm.requests) == 1)  # drafting
            await pilot.press("escape")
            held.set()  # the draft would have come now
            await settle(pilot)
            assert app.result is None and app.editor.text == ""
    finally:
        held.set()
    assert rows() == []


async def test_a_regenerate_before_the_draft_shows_records_only_the_new_draft(
    fake_llm: FakeLLM,
) -> None:
    held = threading.Event()
    fake_llm.enqueue(reply(GOOD, hold=held), reply(GOOD_2))
    app = offline_app(settings=llm_settings(fake_llm), candidates=1)
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await until(pilot, lambda: len(fake_llm.requests) == 1)  # the first, drafting
            await pilot.press("ctrl+r")
            await until(pilot, lambda: app.result is not None)
            held.set()  # the replaced draft's reply comes after all
            await settle(pilot)
            assert app.editor.text == GOOD_2
    finally:
        held.set()
    (row,) = rows()
    assert row.note == GOOD_2
