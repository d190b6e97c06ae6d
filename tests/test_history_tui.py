"""The terminal UI records every draft in the history, like the CLI and batch."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from composer.checker import check_note
from composer.cli import main
from composer.config.settings import Secret, Settings
from composer.core.goals import make_goal
from composer.history import History
from composer.tui.app import make_app
from tests.fake_llm import FakeLLM, error, reply
from tests.support import EXAMPLES
from tests.support.llm import GOOD
from tests.support.tui import add_own_words, offline_app, record_notifications, settle, until


async def test_each_draft_in_the_ui_is_recorded() -> None:
    app = make_app(
        target=EXAMPLES / "priya-shah.json",
        sender=EXAMPLES / "me.json",
        goal=make_goal(preset="job-search"),
        settings=Settings(engine="offline"),
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)  # the draft starts once the profiles have loaded
        shown = app.editor.text
    with History() as history:
        records = history.records()
    assert len(records) == 1
    record = records[0]
    assert record.source == "tui" and record.target_name == "Priya Shah"
    assert record.note == shown and record.goal_preset == "job-search"


async def test_a_target_drafted_for_before_is_announced(
    capsys: pytest.CaptureFixture[str],
) -> None:
    priya, me = str(EXAMPLES / "priya-shah.json"), str(EXAMPLES / "me.json")
    assert main(["--to", priya, "--from", me]) == 0
    capsys.readouterr()
    app = make_app(target=EXAMPLES / "priya-shah.json", settings=Settings(engine="offline"))
    notes = record_notifications(app)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
    seen = [m for m, o in notes if o.get("title") == "Seen before"]
    assert len(seen) == 1 and seen[0].startswith("already drafted for Priya Shah on ")


async def test_a_new_target_is_not_announced() -> None:
    app = make_app(target=EXAMPLES / "priya-shah.json", settings=Settings(engine="offline"))
    notes = record_notifications(app)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
    assert not [m for m, o in notes if o.get("title") == "Seen before"]


async def test_a_history_that_cannot_be_written_is_a_notification(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("COMPOSER_HOME", str(blocker / "home"))  # cannot be created
    app = make_app(
        target=EXAMPLES / "priya-shah.json",
        sender=EXAMPLES / "me.json",
        goal=make_goal(preset="job-search"),
        settings=Settings(engine="offline"),
    )
    notes = record_notifications(app)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert app.result is not None and app.editor.text == app.result.note  # still drafted
    warnings = [m for m, o in notes if o.get("severity") == "warning"]
    assert len(warnings) == 1 and warnings[0].startswith("note not recorded in the history: ")
    assert "not recorded" not in capsys.readouterr().err  # nobody sees the UI's stderr


OWN_WORDS = " Let's touch base."  # a cliché: one warning the draft had not (and still fits)


async def test_the_edited_note_the_user_copies_is_what_the_history_holds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = offline_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        drafted = app.editor.text
        assert app.recorder.record_id is not None and app.result is not None
        assert not app.result.report.warnings
        edited = await add_own_words(pilot, OWN_WORDS)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f2")  # the same text again: nothing new
        await settle(pilot)
        await pilot.press("enter", "f2")  # nor with a blank line after it
        await settle(pilot)
        record_id = app.recorder.record_id
    with History() as history:
        records = history.records()
        assert len(records) == 1  # the draft's record, now holding the text sent
        record = records[0]
        assert record.id == record_id
        assert record.note == edited and record.drafted_note == drafted and record.edited
        assert (record.ok, record.errors, record.warnings) == (True, 0, 1)
        assert [f["rule"] for f in record.findings] == ["cliche"]
        assert record.hook == "mutual"  # it still names Marcus Lee, their mutual connection
    # What the commands show and count is the note sent.
    assert main(["history", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["note"] == edited and shown["drafted_note"] == drafted
    assert main(["mark", str(record_id), "accepted"]) == 0
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    warnings = next(g for g in stats["groupings"] if g["key"] == "warnings")
    assert [(b["label"], b["accepted"]) for b in warnings["buckets"]] == [("with warnings", 1)]


async def test_a_saved_candidate_or_the_draft_taken_back_is_recorded(tmp_path: Path) -> None:
    app = offline_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        drafted = app.editor.text
        assert len(app.candidates) > 1
        await pilot.press("ctrl+n")  # another candidate, saved as it is
        second = app.candidates[app.candidate]
        assert app.editor.text == second.note != drafted
        await pilot.press("ctrl+s")
        app.screen.query_one("#save-path", Input).value = str(tmp_path / "note.txt")
        await pilot.press("enter")
        await settle(pilot)
        with History() as history:
            record = history.records()[0]
        assert record.note == second.note and record.drafted_note == drafted
        assert record.hook == second.hook
        await pilot.press("f8", "f2")  # back to the draft as it came: copied
        await settle(pilot)
    with History() as history:
        (record,) = history.records()
    assert record.note == drafted and record.drafted_note is None and not record.edited


async def test_a_note_taken_after_the_draft_was_marked_is_not_recorded_over_it() -> None:
    app = offline_app()
    notes = record_notifications(app)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        drafted = app.editor.text
        assert app.recorder.record_id is not None
        with History() as history:
            history.mark(app.recorder.record_id, "sent")  # e.g. with compose mark, meanwhile
        await add_own_words(pilot, OWN_WORDS)
        await pilot.press("f2")
        await settle(pilot)
    with History() as history:
        (record,) = history.records()
    assert record.note == drafted and record.outcome == "sent"
    warned = [m for m, o in notes if o.get("title") == "History"]
    assert warned == [f"the note you took is not recorded: #{record.id} is marked already"]


def test_a_history_from_before_the_drafted_note_column_is_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from composer.history import migrations
    from tests.support.history import make, old_insert

    path = tmp_path / "history.db"
    names = [name for name, _ in migrations.MIGRATIONS]
    before = migrations.MIGRATIONS[: names.index("m003_drafted_note")]  # and what follows
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", before)
        with History(path) as old:
            old_insert(old, "Priya Shah", "linkedin.com/in/priya-shah", "Hi Priya", "cli")
            columns = [row[1] for row in old.conn.execute("PRAGMA table_info(notes)")]
            assert "drafted_note" not in columns
    with History(path) as history:
        (record,) = history.records()
        assert record.drafted_note is None and not record.edited
        request, _ = make()
        report = check_note("Hi Priya, my own words.", request.target, None, request.goal, 200)
        taken = history.record_taken(record.id, "Hi Priya, my own words.", report, None)
        assert taken is not None and taken.drafted_note == record.note
        assert taken.findings == [f.to_dict() for f in report.findings]


@pytest.fixture
def slow_history(monkeypatch: pytest.MonkeyPatch) -> None:
    """Recording a draft takes a moment (a busy disk, another process writing)."""
    import composer.history

    real = composer.history.record_draft

    def record_draft(*args: Any, **kwargs: Any) -> int | None:
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(composer.history, "record_draft", record_draft)


@pytest.mark.usefixtures("slow_history")
async def test_a_note_copied_before_its_draft_is_recorded_is_recorded_after_it() -> None:
    app = offline_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: app.result is not None)
        assert app.recorder.record_id is None  # the draft is still being written to the history
        edited = await add_own_words(pilot, OWN_WORDS)
        await pilot.press("f2")
        await settle(pilot)
    with History() as history:
        (record,) = history.records()
    assert app.result is not None
    assert record.note == edited and record.drafted_note == app.result.note
    assert record.warnings == 1


@pytest.mark.usefixtures("slow_history")
async def test_a_failed_redraft_while_the_draft_is_recorded_keeps_its_record(
    fake_llm: FakeLLM,
) -> None:
    fake_llm.enqueue(reply(GOOD), *[error(401, "Incorrect API key provided")] * 10)
    settings = Settings(
        engine="openai", base_url=fake_llm.base_url, api_key=Secret("sk-fake-test"), candidates=1
    )
    app = offline_app(settings=settings, candidates=1)
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: app.result is not None)
        await pilot.press("ctrl+r")  # cancels the draft's worker while it records the draft
        await settle(pilot)
        assert app.editor.text == GOOD  # the redraft failed: the draft is back
        await until(pilot, lambda: app.recorder.record_id is not None)  # and its record is known
        edited = await add_own_words(pilot, OWN_WORDS)
        await pilot.press("f2")
        await settle(pilot)
    with History() as history:
        (record,) = history.records()
    assert record.note == edited and record.drafted_note == GOOD


async def test_regenerating_keeps_one_record_until_a_note_is_taken() -> None:
    app = offline_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        for _ in range(5):
            await pilot.press("ctrl+r")
            await settle(pilot)
        with History() as history:
            assert history.count() == 1  # six drafts, one note
        await pilot.press("f2")  # taken as drafted
        await settle(pilot)
        copied = app.editor.text
        await pilot.press("ctrl+r")
        await settle(pilot)
    with History() as history:
        newest, taken = history.records()
    assert taken.note == copied and taken.taken_at is not None
    assert newest.taken_at is None and app.session.drafts == 7
