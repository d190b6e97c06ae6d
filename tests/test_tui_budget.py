"""The UI's status area shows the notes left this month, and when none are left, says so
with the alternative: send without a note, then compose follow-up once they accept."""

from __future__ import annotations

from datetime import UTC, datetime

from composer.config.settings import load_account
from composer.history import History
from composer.tui.widgets import NotesLeft
from tests.support.history import mark_sent
from tests.support.tui import SIZE, offline_app, settle, text_of


def _mark_sent(n: int) -> None:
    with History() as history:
        for i in range(n):
            mark_sent(history, f"Sent Person{i}", datetime.now(UTC).isoformat(timespec="seconds"))


async def _notes_line(**kwargs: object) -> tuple[bool, str, bool]:
    app = offline_app(**kwargs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        widget = app.main.query_one("#notes-left", NotesLeft)
        return bool(widget.display), " ".join(text_of(widget).split()), widget.has_class("-none")


async def test_nothing_counted_yet_shows_no_line() -> None:
    shown, _, _ = await _notes_line()
    assert not shown


async def test_the_notes_left_this_month() -> None:
    _mark_sent(2)
    assert await _notes_line() == (True, "notes: 3 of 5 left this month", False)
    shown, text, _ = await _notes_line(account=load_account(tier="premium"))
    assert (shown, text) == (True, "notes: no monthly limit (premium)")


async def test_none_left_says_what_to_do_instead() -> None:
    _mark_sent(1)
    shown, text, none_left = await _notes_line(account=load_account(notes_per_month=1))
    assert shown and none_left
    assert text.startswith("no notes left this month (the next on 01 ")
    assert "send the invitation without a note" in text
    assert "compose follow-up drafts the first message" in text
