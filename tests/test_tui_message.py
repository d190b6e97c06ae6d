"""Message mode in the terminal UI (f4): the first message after acceptance, drafted and
checked as ``compose follow-up`` does, beside the invitation note."""

from __future__ import annotations

from typing import Any

import pytest
from textual.binding import Binding

from composer.checker import check_message
from composer.history import History
from composer.tui import clipboard
from composer.tui.app import MainScreen
from composer.tui.screens import HelpScreen, QuitScreen
from composer.tui.widgets import Counter, FindingsList, OptionsPanel
from tests.support.tui import SIZE, offline_app, settle, text_of, type_keys

NO_ASK = (
    "Hi Priya, thanks for accepting my invitation. I'm Alex, a backend engineer at "
    "Shopify. Have a great week!"
)


@pytest.fixture(autouse=True)
def _no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clipboard, "clipboard_command", lambda *args, **kwargs: None)


def rules(app: object) -> set[str]:
    findings = app.main.query_one("#findings", FindingsList)  # type: ignore[attr-defined]
    return {f.rule for f in findings.findings}


def counter(app: object) -> str:
    return text_of(app.main.query_one("#counter", Counter))  # type: ignore[attr-defined]


async def press(pilot: Any, *keys: str) -> None:
    """Press ``keys``, then wait for what they started (a draft, a history read)."""
    await pilot.press(*keys)
    await settle(pilot)


def footer(app: object) -> dict[str, str]:
    """The keys the footer shows now, with their labels."""
    return {
        key: active.binding.description
        for key, active in app.screen.active_bindings.items()  # type: ignore[attr-defined]
        if active.binding.show and active.enabled
    }


async def test_f4_switches_to_the_message_and_back_each_keeping_its_text() -> None:
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert footer(app)["f4"] == "Message"
        note = app.editor.text + " My own words."
        app.editor.text = note  # what the user made of the note
        await pilot.pause()
        await press(pilot, "f4")
        # The message was drafted at once, as compose follow-up drafts it.
        assert app.session.message and footer(app)["f4"] == "Note"
        assert app.request is not None and app.request.kind == "follow-up"
        assert app.request.limit == 600 and app.request.nth == 1
        message = app.editor.text
        assert message and message != note and "thanks for" in message.lower()
        assert str(app.editor.border_title).startswith("Message after acceptance")
        assert counter(app) == f"{app.report.length}/600"
        assert "limit 600" in text_of(app.main.query_one("#options", OptionsPanel))
        # The user's own message: checked as a message, live.
        app.editor.text = ""
        app.editor.focus()
        await type_keys(pilot, *NO_ASK)
        assert counter(app) == f"{len(NO_ASK)}/600"
        assert "no-ask" in rules(app)  # a message's rule, which a note never gets
        # Back to the note: the user's note, as they left it, checked as a note.
        await press(pilot, "f4")
        assert not app.session.message and app.editor.text == note
        assert counter(app) == f"{app.report.length}/200"
        assert "no-ask" not in rules(app)
        assert str(app.editor.border_title).startswith("Note")
        # And the message is kept too.
        await press(pilot, "f4")
        assert app.editor.text == NO_ASK and "no-ask" in rules(app)


async def test_a_message_over_600_is_over_the_limit() -> None:
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        assert app.editor.text == ""  # no goal: nothing drafted, ctrl+r drafts
        app.editor.insert("x" * 580)
        await pilot.pause()
        assert counter(app) == "580/600"
        assert app.main.query_one("#counter", Counter).has_class("-near")
        app.editor.insert("y" * 30)
        await pilot.pause()
        assert counter(app) == "610/600" and "too-long" in rules(app)


async def test_f4_is_in_the_footer_only_with_a_target() -> None:
    app = offline_app(target=None, sender=None, goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "f4" not in footer(app)
        await press(pilot, "f4")  # does nothing
        assert not app.session.message
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert footer(app)["f4"] == "Message"
        # Not a key the editor already has (f6/f7 select), nor tmux's prefix.
        editor_keys = {k for b in app.editor.BINDINGS if isinstance(b, Binding) for k in
                       b.key.split(",")}  # fmt: skip
        assert "f4" not in editor_keys and "ctrl+b" not in editor_keys


async def test_copying_a_message_records_a_follow_up() -> None:
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        note = app.editor.text
        await press(pilot, "f2")  # the note is taken: the invitation
        await press(pilot, "f4")
        # The accepted note came from the history: the message is checked against it.
        assert app.session.accepted_note == note
        assert app.request is not None and app.request.accepted_note == note
        app.editor.text = NO_ASK
        await pilot.pause()
        await press(pilot, "f2")
        assert app.clipboard == NO_ASK and app.last_taken == ("copied", NO_ASK)
    with History() as history:
        (invitation,) = history.records(kind="note")
        (message,) = history.records(kind="follow-up")
    assert invitation.note == note
    assert message.note == NO_ASK and message.nth == 1 and message.source == "tui"
    assert message.drafted_note is not None  # the drafted message is kept beside it
    # Judged as the message it is: no-ask, at 600.
    expected = check_message(NO_ASK, app.session.target, app.session.sender, app.session.goal,
                             note=note)  # fmt: skip
    assert message.warnings == len(expected.warnings) and message.errors == len(expected.errors)
    assert {f["rule"] for f in message.findings} >= {"no-ask"}


async def test_the_message_repeating_the_accepted_note_is_found() -> None:
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        note = app.editor.text
        await press(pilot, "f2")
        await press(pilot, "f4")
        app.editor.text = note + " Would you have 15 minutes for a call next week?"
        await pilot.pause()
        assert "repeats-note" in rules(app)


async def test_help_and_palette_name_the_switch() -> None:
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Note or message" in titles
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        shown = text_of(app.screen.query_one("#help-keys"))
        assert "the first message after they accept" in shown
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await type_keys(pilot, *"Note or message")
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.message and isinstance(app.screen, MainScreen)


async def test_quitting_with_an_untaken_message_asks_even_from_the_note() -> None:
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        app.editor.text = NO_ASK
        await pilot.pause()
        await press(pilot, "f4")  # back to the (empty) note
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        assert app.screen.what == "the message"
        await pilot.press("escape")


async def test_a_new_target_drops_the_hidden_message_of_the_one_before() -> None:
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        assert "Priya" in app.editor.text
        await press(pilot, "f4")
        from composer.profile import load_profile
        from tests.support import EXAMPLES

        others = sorted(p for p in EXAMPLES.glob("*.json") if p.name not in
                        ("priya-shah.json", "me.json"))  # fmt: skip
        other = load_profile(others[0])
        app._load_profile("target", others[0])
        await settle(pilot)
        assert app.session.target is not None and app.session.target.name == other.name
        await press(pilot, "f4")
        assert "Priya" not in app.editor.text
        assert app.request is not None and app.request.target.name == other.name
