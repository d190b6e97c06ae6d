"""The terminal UI records every draft in the history, like the CLI and batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.cli import main
from composer.config import Settings
from composer.goals import make_goal
from composer.history import History
from composer.tui.app import make_app
from tests.conftest import EXAMPLES
from tests.test_tui import record_notifications, settle


async def test_each_draft_in_the_ui_is_recorded() -> None:
    app = make_app(
        target=EXAMPLES / "priya-shah.json",
        sender=EXAMPLES / "me.json",
        goal=make_goal(preset="job-search"),
        settings=Settings(engine="offline"),
    )
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(5):  # the draft starts once the profiles have loaded
            await pilot.pause()
            await app.workers.wait_for_complete()
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
