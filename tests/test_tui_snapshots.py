"""Snapshot tests of the main screen (pytest-textual-snapshot).

Deterministic: the offline engine, fixed example profiles, no clock. After changing
the layout on purpose, run ``pytest tests/test_tui_snapshots.py --snapshot-update``
and look at the SVGs under ``tests/__snapshots__/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from composer.config.settings import Settings
from composer.core.goals import make_goal
from composer.tui.app import ComposerApp, make_app
from tests.support import EXAMPLES
from tests.support.tui import settle, wait_for_tree


def drafted_app(**kwargs: Any) -> ComposerApp:
    return make_app(
        target=EXAMPLES / "priya-shah.json",
        sender=EXAMPLES / "me.json",
        goal=make_goal(preset="job-search"),
        settings=Settings(engine="offline"),
        browse_dir=EXAMPLES,
        **kwargs,
    )


async def wait_for_draft(pilot: Any) -> None:
    pilot.app.editor.cursor_blink = False  # a blinking cursor would make the picture random
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen_with_a_draft(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(drafted_app(), terminal_size=size, run_before=wait_for_draft)


def test_main_screen_light_theme(snap_compare: Any) -> None:
    app = drafted_app(theme="textual-light")
    assert snap_compare(app, terminal_size=(80, 24), run_before=wait_for_draft)


def test_main_screen_empty(snap_compare: Any) -> None:
    app = make_app(settings=Settings(engine="offline"), browse_dir=EXAMPLES)
    assert snap_compare(app, terminal_size=(80, 24), run_before=wait_for_draft)


def test_note_over_the_limit_with_findings(snap_compare: Any) -> None:
    app = drafted_app()

    async def type_too_much(pilot: Any) -> None:
        await wait_for_draft(pilot)
        pilot.app.editor.insert(" I would also love to hear how you grew the team so fast.")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=type_too_much)


def pressing(key: str) -> Callable[[Any], Awaitable[None]]:
    """A ``run_before`` that waits for the draft, then presses ``key`` (opens a dialog)."""

    async def press(pilot: Any) -> None:
        await wait_for_draft(pilot)
        await pilot.press(key)
        await pilot.pause()

    return press


def test_help_screen(snap_compare: Any) -> None:
    assert snap_compare(drafted_app(), terminal_size=(80, 24), run_before=pressing("f1"))


def test_audits_in_the_panels(snap_compare: Any) -> None:
    app = make_app(
        target=EXAMPLES / "dana-whitfield.json",
        sender=EXAMPLES / "sam-okafor.json",
        settings=Settings(engine="offline"),
    )
    assert snap_compare(app, terminal_size=(80, 24), run_before=wait_for_draft)


def test_options_dialog(snap_compare: Any) -> None:
    assert snap_compare(drafted_app(), terminal_size=(80, 24), run_before=pressing("ctrl+o"))


def test_profile_dialog(snap_compare: Any) -> None:
    app = make_app(settings=Settings(engine="offline"), browse_dir=EXAMPLES)

    async def open_picker(pilot: Any) -> None:
        await pressing("ctrl+t")(pilot)
        await wait_for_tree(pilot, pilot.app.screen.query_one("#tree"))

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_picker)
