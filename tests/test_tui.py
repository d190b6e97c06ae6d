"""Pilot tests of the real terminal UI: what a user sees and can do with the keyboard."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.color import Color
from textual.widgets import Input, Select, TextArea
from textual.widgets.text_area import Document

from composer.config.settings import Secret, Settings
from composer.core.contract import Candidate, DraftRequest
from composer.core.errors import ProviderError
from composer.core.goals import make_goal
from composer.profile import load_profile
from composer.tui import clipboard
from composer.tui.app import ComposerApp, MainScreen, make_app
from composer.tui.messages import DraftChunk
from composer.tui.screens import (
    GoalScreen,
    HelpScreen,
    OptionsScreen,
    ProfileScreen,
    ProfileTree,
    QuitScreen,
)
from composer.tui.session import Session
from composer.tui.widgets import CandidateBar, Counter, FindingsList, ProfilePanel
from tests.fake_llm import FakeLLM, error, reply
from tests.support import EXAMPLES
from tests.support.tui import (
    SIZE,
    add_own_words,
    offline_app,
    record_notifications,
    settle,
    text_of,
    type_keys,
    until,
    wait_for_tree,
)


@pytest.fixture(autouse=True)
def _no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copying in a test must not touch the clipboard of the machine running it."""
    monkeypatch.setattr(clipboard, "clipboard_command", lambda *args, **kwargs: None)


PRIYA = EXAMPLES / "priya-shah.json"
ME = EXAMPLES / "me.json"


def footer_keys(app: ComposerApp) -> list[str]:
    """The keys the footer shows now, in its order."""
    return [
        key
        for key, active in app.screen.active_bindings.items()
        if active.binding.show and active.enabled
    ]


def counter(app: ComposerApp) -> Counter:
    return app.main.query_one("#counter", Counter)


async def test_opens_prefilled_and_drafts_at_once() -> None:
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        note = app.editor.text
        assert "Priya" in note
        assert app.result is not None and app.result.engine == "offline"
        assert app.request is not None and app.request.target.name == "Priya Shah"
        assert app.request.goal.preset == "job-search"
        assert "offline" in app.sub_title  # the header says which engine drafts
        assert isinstance(app.focused, TextArea)  # the draft is focused, ready to edit
        assert text_of(counter(app)) == f"{app.report.length}/200"
        target = app.main.query_one("#target", ProfilePanel)
        assert "Priya Shah" in text_of(target)
        # priya-shah.json states no language: it is guessed from her profile, and marked so.
        assert "· en?" in text_of(target) and "guessed" in str(target.tooltip)
        sender = text_of(app.main.query_one("#sender", ProfilePanel))
        assert "Alex Chen · en" in sender and "en?" not in sender  # me.json states it


async def test_without_a_goal_it_waits_and_ctrl_r_drafts() -> None:
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.editor.text == ""
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "Priya" in app.editor.text


async def test_typing_updates_the_counter_and_findings_on_every_key() -> None:
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        findings = app.main.query_one("#findings", FindingsList)
        assert "empty" in {f.rule for f in findings.findings}
        app.editor.focus()
        await pilot.press("H")  # each key, one at a time, counted and checked at once
        assert text_of(counter(app)) == "1/200"
        assert "empty" not in {f.rule for f in findings.findings}
        await pilot.press("i")
        assert text_of(counter(app)) == "2/200"
        await type_keys(pilot, *" Priya")
        assert text_of(counter(app)) == "8/200"
        # Near the limit the counter warns, past it it turns to an error.
        app.editor.insert("x" * (185 - 8))
        await pilot.pause()
        assert text_of(counter(app)) == "185/200"
        assert counter(app).has_class("-near") and not counter(app).has_class("-over")
        await type_keys(pilot, *"y" * 15)
        assert text_of(counter(app)) == "200/200" and not counter(app).has_class("-over")
        await pilot.press(*"y" * 5)
        assert text_of(counter(app)) == "205/200"
        assert counter(app).has_class("-over")
        too_long = [f for f in findings.findings if f.rule == "too-long"]
        assert too_long and too_long[0].is_error
        index = findings.findings.index(too_long[0])
        assert "too-long" in str(findings.get_option_at_index(index).prompt)


async def test_highlighting_a_finding_selects_its_span_in_the_note() -> None:
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.editor.load_text("Hi Priya, " + "z" * 200)
        await pilot.pause()
        findings = app.main.query_one("#findings", FindingsList)
        index = next(i for i, f in enumerate(findings.findings) if f.rule == "too-long")
        finding = findings.findings[index]
        assert finding.start is not None and finding.end is not None
        findings.focus()
        findings.highlighted = index
        await pilot.pause()
        assert app.editor.selected_text == app.editor.text[finding.start : finding.end]
        assert app.editor.selected_text


async def test_candidates_switch_and_regenerate_keeps_the_users_text() -> None:
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.candidates) >= 2
        first = app.candidate
        await pilot.press("ctrl+n")
        assert app.candidate == (first + 1) % len(app.candidates)
        assert app.editor.text == app.candidates[app.candidate].note
        assert "candidate" in str(app.editor.border_title)
        bar = text_of(app.main.query_one("#candidates", CandidateBar))
        assert all(str(i + 1) in bar for i in range(len(app.candidates)))
        await pilot.press("f8")
        assert app.candidate == first

        # The user writes their own version, then regenerates: a new draft replaces it...
        assert "edited" not in str(app.editor.border_title)
        mine = await add_own_words(pilot, " See you!")
        assert str(app.editor.border_title).endswith("· edited")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.editor.text != mine
        assert app.session.drafts == 2
        # ...and ctrl+l brings it back.
        await pilot.press("ctrl+l")
        assert app.editor.text == mine


async def test_switching_candidate_keeps_edits_too() -> None:
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        mine = await add_own_words(pilot, " P.S.")
        await pilot.press("ctrl+n")
        assert app.editor.text != mine
        await pilot.press("ctrl+l")
        assert app.editor.text == mine


async def test_provider_failure_is_a_notification_and_the_app_keeps_working(
    fake_llm: FakeLLM,
) -> None:
    for _ in range(10):  # whatever the retries, every request fails
        fake_llm.enqueue(error(401, "Incorrect API key provided"))
    settings = Settings(engine="openai", base_url=fake_llm.base_url, api_key=Secret("sk-fake-test"))
    request = DraftRequest(
        target=load_profile(PRIYA), sender=load_profile(ME), goal=make_goal(preset="job-search")
    )
    with pytest.raises(ProviderError) as raised:  # what the CLI would print
        from composer.drafting.pipeline import compose_note

        compose_note(request, settings)
    for _ in range(10):
        fake_llm.enqueue(error(401, "Incorrect API key provided"))

    app = offline_app(settings=settings, goal=None)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "openai" in app.sub_title
        app.editor.focus()
        await type_keys(pilot, *"Hi Priya, my own words")
        await pilot.press("ctrl+r")
        await settle(pilot)
        errors = [(m, o) for m, o in notes if o.get("severity") == "error"]
        assert errors and errors[0][0] == str(raised.value)
        assert "sk-fake-test" not in errors[0][0]
        # Nothing typed is lost, and the editor is usable again.
        assert app.editor.text == "Hi Priya, my own words"
        assert not app.editor.read_only
        # The user switches to the offline engine and drafts.
        app.action_use_offline()
        await settle(pilot)
        assert "offline" in app.sub_title
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.result is not None and app.result.engine == "offline"
        await pilot.press("ctrl+l")
        assert app.editor.text == "Hi Priya, my own words"


class RecordingApp(ComposerApp):
    """The real app, also noting the editor's text each time a preview changes it.

    Not by overriding ``on_draft_chunk``: Textual calls the handler of every class in
    the MRO, so an override calling ``super()`` would apply each piece twice.
    """

    seen: list[str]

    def _show_text(self, text: str, *, users: bool = False, undoable: bool = False) -> None:
        super()._show_text(text, users=users, undoable=undoable)
        if self._drafting:  # a streamed piece, or a restart; not the final note
            self.seen.append(self.editor.text)


async def test_llm_text_streams_into_the_editor(fake_llm: FakeLLM) -> None:
    settings = Settings(engine="openai", base_url=fake_llm.base_url, api_key=Secret("sk-fake-test"))
    session = Session(
        target=load_profile(PRIYA),
        sender=load_profile(ME),
        goal=make_goal(preset="job-search"),
        settings=settings,
    )
    app = RecordingApp(session)
    app.seen = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.result is not None and app.result.engine == "openai"
        assert "Priya" in app.editor.text
        assert len(app.seen) > 1  # the text grew piece by piece
        assert all(len(a) < len(b) for a, b in zip(app.seen, app.seen[1:], strict=False))
        assert not app.editor.read_only


async def test_bad_profile_file_is_an_error_notification(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"name": "Ana", ', encoding="utf-8")
    app = make_app(target=bad, settings=Settings(engine="offline"))
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        errors = [m for m, o in notes if o.get("severity") == "error"]
        assert len(errors) == 1
        assert "broken.json" in errors[0] and "invalid JSON" in errors[0]
        assert "\n" not in errors[0]
        assert app.session.target is None
        assert app.is_running


async def test_loading_profiles_from_the_dialog(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"name": 42}), encoding="utf-8")
    app = make_app(settings=Settings(engine="offline"), browse_dir=EXAMPLES)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        assert isinstance(app.screen, ProfileScreen)
        app.screen.query_one("#path", Input).value = str(wrong)
        await pilot.press("enter")
        await settle(pilot)
        errors = [m for m, o in notes if o.get("severity") == "error"]
        assert errors and "wrong.json" in errors[0] and "name" in errors[0]
        assert isinstance(app.screen, MainScreen)

        await pilot.press("ctrl+t")
        app.screen.query_one("#path", Input).value = str(PRIYA)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.target is not None and app.session.target.name == "Priya Shah"
        assert app.editor.text == ""  # no goal yet: nothing drafted

        await pilot.press("ctrl+g")
        assert isinstance(app.screen, GoalScreen)
        app.screen.query_one("#preset", Select).value = "learning"
        app.screen.query_one("#goal-text", Input).value = "learn how you scaled the payments team"
        app.screen.query_one("#goal-text", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.goal.preset == "learning"
        assert "Priya" in app.editor.text  # target and goal known: it drafted


async def test_options_dialog_changes_the_limit() -> None:
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, OptionsScreen)
        app.screen.query_one("#limit", Select).value = 300
        app.screen.query_one("#engine", Select).value = "offline"
        await pilot.click("#ok")
        await settle(pilot)
        assert app.session.limit == 300
        assert text_of(counter(app)).endswith("/300")
        await pilot.press("ctrl+o", "escape")  # escape changes nothing
        assert app.session.limit == 300


async def test_copy_and_save(tmp_path: Path) -> None:
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        note = app.editor.text
        await pilot.press("f2")
        assert app.clipboard == note
        assert app.last_taken == ("copied", note)

        await pilot.press("ctrl+s")
        out = tmp_path / "out" / "note.txt"
        out.parent.mkdir()
        app.screen.query_one("#save-path", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        assert out.read_text(encoding="utf-8") == note + "\n"
        assert app.last_taken == ("saved", note)


REAL_CLIPBOARD_COMMAND = clipboard.clipboard_command


def fake_tool(folder: Path, name: str) -> Path:
    """An executable ``name`` in ``folder`` that writes its input to ``folder/NAME.out``."""
    tool = folder / name
    tool.write_text(f'#!/bin/sh\ncat > "{folder}/{name}.out"\n', encoding="utf-8")
    tool.chmod(0o755)
    return folder / f"{name}.out"


@pytest.mark.skipif(sys.platform == "win32", reason="the fake tool is a shell script")
def test_the_clipboard_tool_is_the_platforms(tmp_path: Path) -> None:
    for name in ("pbcopy", "wl-copy", "xclip", "xsel"):
        fake_tool(tmp_path, name)
    path = str(tmp_path)
    find = REAL_CLIPBOARD_COMMAND
    assert find({"PATH": path}, "darwin") == [str(tmp_path / "pbcopy")]
    wayland = {"PATH": path, "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert find(wayland, "linux") == [str(tmp_path / "wl-copy")]
    assert find({"PATH": path, "DISPLAY": ":0"}, "linux") == [
        str(tmp_path / "xclip"), "-selection", "clipboard"
    ]  # fmt: skip
    (tmp_path / "xclip").unlink()
    assert find({"PATH": path, "DISPLAY": ":0"}, "linux") == [
        str(tmp_path / "xsel"), "--clipboard", "--input"
    ]  # fmt: skip
    assert find({"PATH": path}, "linux") is None  # over SSH, no display: OSC 52 only


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs a Linux display tool")
async def test_copy_also_uses_the_system_clipboard_tool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied = fake_tool(tmp_path, "wl-copy")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-test")
    monkeypatch.setattr(clipboard, "clipboard_command", REAL_CLIPBOARD_COMMAND)
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert app.clipboard == app.editor.text  # OSC 52 to the terminal...
        assert copied.read_text(encoding="utf-8") == app.editor.text  # ...and the tool


async def test_save_to_an_unwritable_place_is_an_error(tmp_path: Path) -> None:
    app = offline_app()
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        app.screen.query_one("#save-path", Input).value = str(tmp_path / "no" / "such" / "n.txt")
        await pilot.press("enter")
        await settle(pilot)
        errors = [m for m, o in notes if o.get("severity") == "error"]
        assert errors and "cannot write" in errors[0]
        assert app.last_taken is None


async def test_help_lists_every_key() -> None:
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        shown = text_of(app.screen.query_one("#help-keys"))
        for binding in MainScreen.BINDINGS:
            assert isinstance(binding, Binding)
            for key in binding.key.split(","):
                assert key in shown
            assert (binding.tooltip or binding.description) in shown
        for key in ("ctrl+q", "ctrl+p", "ctrl+z"):
            assert key in shown
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_command_palette_offers_the_actions() -> None:
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Regenerate", "Next candidate", "Copy note", "Save note", "Load target"):
            assert title in titles
        # One help (f1), not Textual's "Keys" too; one theme command, the light/dark one.
        assert "Keys" not in titles and "Help" in titles
        assert [t for t in titles if "theme" in t.lower()] == ["Theme: light or dark"]
        assert len(titles) == len(set(titles))
        await pilot.press("ctrl+p")
        await type_keys(pilot, *"Set goal")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen)


async def test_light_and_dark_themes() -> None:
    app = offline_app(goal=None, theme="textual-light")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.current_theme.dark
        await pilot.press("f3")
        assert app.current_theme.dark


async def test_ctrl_q_quits() -> None:
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_asks_before_losing_an_edit_nobody_took() -> None:
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")  # the draft as it came: it is in the history
        await pilot.pause()
        assert not app.is_running
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await add_own_words(pilot, " Cheers.")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen) and app.is_running
        await pilot.press("escape")  # stay: the edit is still there
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.editor.text.endswith("Cheers.")
        await pilot.press("f2")  # copied: nothing is lost by quitting now
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await add_own_words(pilot, " Cheers.")
        await pilot.press("ctrl+q", "ctrl+q")  # one key confirms
        await pilot.pause()
        assert not app.is_running


async def test_the_footer_shows_the_keys_that_apply_now() -> None:
    app = offline_app(target=None, sender=None, goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert footer_keys(app) == ["ctrl+t", "f1", "ctrl+q"]  # nothing loaded: load one
        shown = [
            a.binding.description for a in app.screen.active_bindings.values() if a.binding.show
        ]
        assert shown == ["Target", "Help", "Quit"]
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # f4: the first message after acceptance, once there is someone to write to.
        assert footer_keys(app) == ["ctrl+g", "ctrl+r", "f5", "f4", "f1", "ctrl+q"]
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.candidates) > 1
        # f8 (previous) works but is not shown: the footer must fit 80 columns.
        assert footer_keys(app) == [
            "ctrl+r", "f5", "ctrl+n", "f9", "f2", "ctrl+s", "f4", "f1", "ctrl+q"
        ]  # fmt: skip
        # ctrl+b is tmux's prefix: it is no key of Composer's.
        bound = {k for b in MainScreen.BINDINGS if isinstance(b, Binding) for k in b.key.split(",")}
        assert "ctrl+b" not in bound and "f8" in bound


async def test_profile_audits_show_in_their_panels() -> None:
    app = offline_app(
        target=EXAMPLES / "dana-whitfield.json", sender=EXAMPLES / "sam-okafor.json", goal=None
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.main.query_one("#target", ProfilePanel)
        sender = app.main.query_one("#sender", ProfilePanel)
        assert "target-unrelated" in text_of(target)
        assert "sender-incomplete" not in text_of(target)
        assert "sender-incomplete" in text_of(sender)
        assert target.has_class("-flagged") and sender.has_class("-flagged")
        # The narrow panel cuts the message; the full one is in the tooltip and, for the
        # keyboard, at the end of the findings list.
        assert "pick someone closer to your goal" in str(target.tooltip)
        findings = app.main.query_one("#findings", FindingsList)
        listed = {f.rule: f.message for f in findings.findings}
        assert "pick someone closer to your goal" in listed["target-unrelated"]
        assert "sender-incomplete" in listed


async def test_regenerating_mid_stream_still_keeps_the_users_text(fake_llm: FakeLLM) -> None:
    fake_llm.gate = threading.Event()  # no answer until the user has pressed ctrl+r twice
    settings = Settings(engine="openai", base_url=fake_llm.base_url, api_key=Secret("sk-fake-test"))
    app = offline_app(settings=settings, goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.editor.focus()
        await type_keys(pilot, *"Hi Priya, mine")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: len(fake_llm.requests) == 1)
        assert app.editor.read_only  # drafting: the text is not editable meanwhile
        # The first piece of the stream arrives (as the worker would post it)...
        app.post_message(DraftChunk(app._draft_id, "Hi Pri"))
        await pilot.pause()
        assert app.editor.text == "Hi Pri"
        # ...and the user asks for another draft before this one is done.
        await pilot.press("ctrl+r")
        await until(pilot, lambda: len(fake_llm.requests) == 2)
        fake_llm.gate.set()
        await settle(pilot)
        assert app.result is not None and app.editor.text == app.result.note
        await pilot.press("ctrl+l")
        assert app.editor.text == "Hi Priya, mine"


async def test_picking_a_profile_in_the_directory_tree() -> None:
    app = make_app(settings=Settings(engine="offline"), browse_dir=EXAMPLES)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, ProfileScreen)
        tree = app.screen.query_one(ProfileTree)
        tree.focus()
        await wait_for_tree(pilot, tree)
        names = [str(node.label) for node in tree.root.children]
        assert names == sorted(names) and all(n.endswith(".json") for n in names)
        await pilot.press("down", "enter")  # the first file under the root
        await settle(pilot)
        first = load_profile(EXAMPLES / names[0])
        assert app.session.sender is not None and app.session.sender.name == first.name
        assert first.name in text_of(app.main.query_one("#sender", ProfilePanel))


async def test_picking_an_export_folder_in_the_directory_tree(tmp_path: Path) -> None:
    import shutil

    export = Path(__file__).parent / "fixtures" / "linkedin-export"
    shutil.copytree(export, tmp_path / "my-export")
    (tmp_path / "other").mkdir()  # a plain folder opens in the tree, it is not picked
    app = make_app(settings=Settings(engine="offline"), browse_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f")
        tree = app.screen.query_one(ProfileTree)
        tree.focus()
        await wait_for_tree(pilot, tree)
        assert [str(node.label) for node in tree.root.children] == ["my-export", "other"]
        await pilot.press("down", "down", "enter")  # "other": opened, still choosing
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("up", "enter")  # the export folder
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.session.sender is not None and app.session.sender.name == "Marta Ruiz López"
        assert app.session.sender.origin == "export"


async def test_function_keys_work_where_ctrl_keys_are_taken() -> None:
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.candidate
        await pilot.press("f9")
        assert app.candidate != first
        await pilot.press("f8")
        assert app.candidate == first
        await pilot.press("f5")
        await settle(pilot)
        assert app.session.drafts == 2


async def test_clicking_a_candidate_uses_it() -> None:
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.main.query_one("#candidates", CandidateBar)
        last = len(app.candidates)
        column = text_of(bar).index(str(last)) + 1  # +1: the bar's left padding
        await pilot.click("#candidates", offset=(column, 0))
        await pilot.pause()
        assert app.candidate == last - 1
        assert app.editor.text == app.candidates[last - 1].note


async def test_a_bug_in_the_engine_is_reported_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import composer.drafting.pipeline

    async def broken(*args: Any, **kwargs: Any) -> Any:
        yield "Hi Pri"
        raise RuntimeError("boom")

    monkeypatch.setattr(composer.drafting.pipeline, "stream_compose", broken)
    app = offline_app(goal=None)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.editor.focus()
        await type_keys(pilot, *"my words")
        await pilot.press("ctrl+r")
        await settle(pilot)
        errors = [m for m, o in notes if o.get("severity") == "error"]
        assert errors and "boom" in errors[0]
        assert app.is_running
        assert app.editor.text == "my words" and not app.editor.read_only


async def test_candidate_bar_names_the_hooks_when_they_differ() -> None:
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.main.query_one("#candidates", CandidateBar)
        first, second = app.candidates[0], app.candidates[1]

        def use(*hooks: str) -> None:
            app.candidates = [
                Candidate(first.note, first.report, hooks[0]),
                Candidate(second.note, second.report, hooks[1]),
            ]
            app._show_candidates()

        use("mutual", "mutual")  # the same hook tells them nothing apart
        await pilot.pause()
        assert "mutual" not in text_of(bar)
        use("post", "school")
        await pilot.pause()
        assert "post" in text_of(bar) and "school" in text_of(bar)


def styled_columns(app: ComposerApp, row: int) -> set[int]:
    """The columns of the editor's line ``row`` drawn with a finding's mark."""
    line = app.editor.get_line(row)
    return {i for span in line.spans for i in range(span.start, span.end)}


async def test_the_span_of_each_finding_is_marked_in_the_note() -> None:
    app = offline_app(goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.editor.focus()
        note = "Hi Priya, I came across your profile. I'm Alex from Shopify."
        await type_keys(pilot, *note)
        start = note.index("I came across your profile")
        cliche = next(f for f in app.report.findings if f.rule == "cliche")
        assert cliche.start is not None and cliche.end is not None
        assert (cliche.start, cliche.end) == (start, start + len("I came across your profile"))
        assert styled_columns(app, 0) == set(range(cliche.start, cliche.end))
        warning = app.editor.get_component_rich_style("note-editor--warning")
        assert app.editor.get_line(0).spans[0].style == warning
        # The marks follow the text: once the cliché is gone, nothing is marked.
        app.editor.replace("I read", (0, cliche.start), (0, cliche.end))
        await pilot.pause()
        assert "cliche" not in app.report.rules()
        assert styled_columns(app, 0) == set()
        # Past the limit, the part that does not fit is marked as an error, on every line.
        app.editor.insert("\n" + "z" * 200)
        await pilot.pause()
        too_long = next(f for f in app.report.findings if f.rule == "too-long")
        assert too_long.start is not None
        error = app.editor.get_component_rich_style("note-editor--error")
        last = app.editor.document.line_count - 1
        assert app.editor.get_line(last).spans[-1].style == error
        assert isinstance(app.editor.document, Document)
        cut_row, cut_col = app.editor.document.get_location_from_index(too_long.start)
        assert min(styled_columns(app, cut_row)) == cut_col


async def test_undo_after_a_regenerate_brings_the_users_text_back() -> None:
    app = offline_app()
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        mine = await add_own_words(pilot, " See you!")
        await pilot.press("ctrl+r")
        await settle(pilot)
        drafted = app.editor.text
        assert drafted != mine
        assert any("ctrl+z" in m for m, _ in notes)  # the user is told how to get it back
        await pilot.press("ctrl+z")
        assert app.editor.text == mine
        assert str(app.editor.border_title).endswith("· edited")
        await pilot.press("ctrl+y")
        assert app.editor.text == drafted
        # Switching candidates is an edit too: undo goes back, typing history included.
        await pilot.press("ctrl+z", *"!", "ctrl+n")
        assert app.editor.text != mine + "!"
        await pilot.press("ctrl+z")
        assert app.editor.text == mine + "!"
        await pilot.press("ctrl+z")
        assert app.editor.text == mine


async def test_a_streamed_draft_undoes_to_the_text_before_it(fake_llm: FakeLLM) -> None:
    settings = Settings(engine="openai", base_url=fake_llm.base_url, api_key=Secret("sk-fake-test"))
    app = offline_app(settings=settings, goal=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.editor.focus()
        await type_keys(pilot, *"Hi Priya, mine")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.result is not None and app.editor.text == app.result.note
        await pilot.press("ctrl+z")
        assert app.editor.text == "Hi Priya, mine"


async def test_a_profile_that_fails_to_load_does_not_redraft(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{", encoding="utf-8")
    app = offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        note, drafts = app.editor.text, app.session.drafts
        await pilot.press("ctrl+t")
        app.screen.query_one("#path", Input).value = str(bad)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.session.drafts == drafts and app.editor.text == note
        assert app.session.target is not None and app.session.target.name == "Priya Shah"


async def test_a_failed_sender_at_launch_still_drafts_for_the_target(tmp_path: Path) -> None:
    bad = tmp_path / "me.json"
    bad.write_text("{", encoding="utf-8")
    app = offline_app(sender=bad)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session.drafts == 1 and "Priya" in app.editor.text


async def test_the_options_dialog_keeps_a_larger_number_of_candidates() -> None:
    app = offline_app(goal=None, candidates=8)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        assert app.screen.query_one("#candidates", Select).value == 8
        app.screen.query_one("#limit", Select).value = 300
        await pilot.click("#ok")
        await settle(pilot)
        assert app.session.limit == 300 and app.session.candidates == 8


async def test_after_a_failed_draft_the_editor_suggests_drafting_again(fake_llm: FakeLLM) -> None:
    fake_llm.default = error(401, "Incorrect API key provided")
    settings = Settings(engine="openai", base_url=fake_llm.base_url, api_key=Secret("sk-fake-test"))
    app = offline_app(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.editor.text == "" and not app.editor.read_only
        placeholder = str(app.editor.placeholder)
        assert "ctrl+r" in placeholder and "ctrl+g" not in placeholder


async def test_audits_follow_the_nothing_to_fix_line_and_highlight_safely() -> None:
    app = offline_app(sender=EXAMPLES / "sam-okafor.json")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        findings = app.main.query_one("#findings", FindingsList)
        assert not app.report.findings  # the draft is clean; the sender's profile is not
        options = [findings.get_option_at_index(i) for i in range(findings.option_count)]
        prompts = [str(option.prompt) for option in options]
        assert "nothing to fix" in prompts[0] and "sender-incomplete" in prompts[1]
        assert findings.finding_at(0) is None
        audit = findings.finding_at(1)
        assert audit is not None and audit.rule == "sender-incomplete"
        findings.focus()
        findings.highlighted = 1  # an audit has no span: the note's selection stays as is
        await pilot.pause()
        assert app.editor.selected_text == ""


async def test_escape_stops_a_slow_draft_and_gives_the_text_back(fake_llm: FakeLLM) -> None:
    fake_llm.default_delay = 5  # a slow LLM: the user does not want to wait
    settings = Settings(engine="openai", base_url=fake_llm.base_url, api_key=Secret("sk-fake-test"))
    app = offline_app(settings=settings, goal=None)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.editor.focus()
        await type_keys(pilot, *"Hi Priya, mine")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: len(fake_llm.requests) == 1)  # the LLM is thinking
        assert app.editor.read_only
        assert "escape stops" in text_of(app.main.query_one("#verdict"))
        await pilot.press("escape")
        await pilot.pause()
        assert not app.editor.read_only and app.editor.text == "Hi Priya, mine"
        assert not [w for w in app.workers if w.group == "draft" and w.is_running]
        assert any("stopped" in m for m, _ in notes)
        # A stale piece from the stopped draft changes nothing; typing goes on.
        app.post_message(DraftChunk(app._draft_id - 1, "Hi Pri"))
        await pilot.press(*"!")
        assert app.editor.text == "Hi Priya, mine!"
        assert app.result is None


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_muted_text_is_drawn_muted_in_both_themes(theme: str) -> None:
    app = make_app(settings=Settings(engine="offline"), theme=theme)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.main.query_one("#target", ProfilePanel)
        hint = next(s for s in panel.render_line(0) if "none yet" in s.text)
        assert hint.style is not None and hint.style.color is not None
        colour = hint.style.color.get_truecolor()
        variables = app.theme_variables
        # Between the text's colour and the background's: neither pure white nor black.
        assert colour not in {(255, 255, 255), (0, 0, 0)}
        assert colour != Color.parse(variables["foreground"]).rgb
        assert colour != Color.parse(variables["background"]).rgb


def llm_settings(fake_llm: FakeLLM) -> Settings:
    return Settings(engine="openai", base_url=fake_llm.base_url, api_key=Secret("sk-fake-test"))


async def test_drafts_share_one_llm_client_until_the_settings_change(fake_llm: FakeLLM) -> None:
    app = offline_app(settings=llm_settings(fake_llm))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.llm.client
        assert first is not None and app.result is not None and app.result.engine == "openai"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.session.drafts == 2 and len(fake_llm.requests) == 2
        assert app.llm.client is first
        assert len(set(fake_llm.peers)) == 1  # the second draft reused the connection
        # Another model in the options dialog: a new client; the old one is closed.
        await pilot.press("ctrl+o")
        app.screen.query_one("#model", Input).value = "gpt-4.1-mini"
        await pilot.click("#ok")
        await settle(pilot)
        assert app.session.drafts == 3 and fake_llm.requests[-1]["model"] == "gpt-4.1-mini"
        second = app.llm.client
        assert first is not None and second is not None and second is not first
        assert first.is_closed()
        assert len(set(fake_llm.peers)) == 2
        # The offline engine needs none: the client is closed at its first draft.
        app.action_use_offline()
        await settle(pilot)
        assert app.llm.client is None and second.is_closed()
        assert app.result is not None and app.result.engine == "offline"
        app.action_edit_options()
        await pilot.pause()
        app.screen.query_one("#engine", Select).value = "openai"
        await pilot.click("#ok")
        await settle(pilot)
        last = app.llm.client
        assert last is not None and app.result.engine == "openai"
    assert last.is_closed()  # the app closed it on exit


async def test_a_repair_round_streams_into_a_fresh_preview(fake_llm: FakeLLM) -> None:
    from tests.support.llm import GOOD, LONG

    # Every candidate too long; the repair waits for the test, for a look at the screen.
    repair_may_answer = threading.Event()
    fake_llm.enqueue(reply(*LONG), reply(GOOD, hold=repair_may_answer))
    session = Session(
        target=load_profile(PRIYA),
        sender=load_profile(ME),
        goal=make_goal(preset="job-search"),
        settings=llm_settings(fake_llm),
    )
    app = RecordingApp(session)
    app.seen = []
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(fake_llm.requests) == 2)  # the repair is asked for
        verdict = app.main.query_one("#verdict")
        await until(pilot, lambda: text_of(verdict) == "repairing… escape stops")
        await pilot.pause()
        assert app.editor.text == "" and app.editor.read_only  # the long draft is gone
        assert "Repairing" in str(app.editor.placeholder)
        findings = app.main.query_one("#findings", FindingsList)
        assert app.seen[-2] == LONG[0]  # too long, yet no finding was shown on the preview:
        prompts = [
            str(findings.get_option_at_index(i).prompt) for i in range(findings.option_count)
        ]
        assert prompts == ["[$foreground-muted]the note is checked once the draft is done[/]"]
        assert findings.border_title == "Findings" and app.editor.marks == {}
        await pilot.press("f2")  # a preview is not the note: nothing is copied yet
        assert app.last_taken is None and app.clipboard == ""
        assert footer_keys(app) == ["ctrl+r", "f5", "escape", "f1", "ctrl+q"]  # no copy, no next
        app.action_copy_note()  # as from the command palette, which says why not
        assert notes[-1] == (
            "Drafting: copy the note once it is done (escape stops).",
            {"severity": "warning"},
        )
        repair_may_answer.set()
        await settle(pilot)
        assert findings.option_count == 1 and "nothing to fix" in str(
            findings.get_option_at_index(0).prompt
        )
        assert app.result is not None and app.result.note == GOOD == app.editor.text
        assert len(fake_llm.requests) == 2 and fake_llm.requests[1]["stream"] is True
        restart = app.seen.index("")
        first, repair = app.seen[:restart], app.seen[restart + 1 :]
        assert len(first) > 1 and first[-1] == LONG[0]  # the first draft streamed in whole...
        assert all(LONG[0].startswith(text) for text in first)
        assert len(repair) > 1 and repair[-1] == GOOD  # then the repair came in, live
        assert all(GOOD.startswith(text) for text in repair)
        assert not app.editor.read_only
        await pilot.press("ctrl+z")  # the draft undoes to the empty note before it, not LONG
        assert app.editor.text == ""


async def test_options_dialog_sets_the_spanish_register() -> None:
    """A Spanish note to a peer is in "tú"; choosing "usted" in the options redrafts it
    in "usted", and the options panel says so."""
    case = Path(__file__).parent / "golden" / "offline" / "cases" / "es-22"
    app = offline_app(
        target=load_profile(case / "target.json"),
        sender=load_profile(case / "sender.json"),
        goal=make_goal(preset="learning"),
    )
    tu_words = {"tu", "tus", "te", "contigo", "ti"}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        words = set(app.editor.text.lower().replace(".", " ").replace(",", " ").split())
        assert words & tu_words  # automatic: "tú" to a peer
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, OptionsScreen)
        app.screen.query_one("#register", Select).value = "usted"
        await pilot.click("#ok")
        await settle(pilot)
        assert app.session.register == "usted"
        assert app.session.request().register == "usted"
        words = set(app.editor.text.lower().replace(".", " ").replace(",", " ").split())
        assert not words & tu_words and {"su", "le", "usted"} & words
        assert "usted" in text_of(app.main.query_one("#options"))
