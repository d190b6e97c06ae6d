"""The terminal UI records every draft in the history, like the CLI and batch."""

from __future__ import annotations

from composer.config import Settings
from composer.goals import make_goal
from composer.history import History
from composer.tui.app import make_app
from tests.conftest import EXAMPLES


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
