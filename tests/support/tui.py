"""Driving the Textual app in tests: an offline app, waiting for it, typing into it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from composer.config.settings import Settings
from composer.core.goals import make_goal
from composer.tui.app import ComposerApp, make_app
from tests.support import EXAMPLES

PRIYA = EXAMPLES / "priya-shah.json"
ME = EXAMPLES / "me.json"


def offline_app(**kwargs: Any) -> ComposerApp:
    options: dict[str, Any] = {
        "target": PRIYA,
        "sender": ME,
        "goal": make_goal(preset="job-search"),
        "settings": Settings(engine="offline"),
    }
    options.update(kwargs)
    return make_app(**options)


def record_notifications(app: ComposerApp) -> list[tuple[str, dict[str, Any]]]:
    """Every notification the app shows, as (message, options)."""
    calls: list[tuple[str, dict[str, Any]]] = []
    original = app.notify

    def notify(message: str, **options: Any) -> None:
        calls.append((message, options))
        original(message, **options)

    app.notify = notify  # type: ignore[method-assign]
    return calls


async def settle(pilot: Any) -> None:
    """Wait until every worker is done and the messages they posted are handled."""
    app = pilot.app
    for _ in range(5):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def add_own_words(pilot: Any, words: str) -> str:
    """Type ``words`` at the end of the note, as the user would; the note's text after."""
    pilot.app.editor.focus()
    await pilot.press("end", *words)
    return str(pilot.app.editor.text)


async def wait_for_tree(pilot: Any, tree: Any) -> None:
    """Until the directory tree has listed its folder (in a worker)."""
    await until(pilot, lambda: bool(tree.root.children))
    await pilot.pause()


SIZE = (100, 32)


def text_of(widget: Any) -> str:
    return str(widget.render())


async def until(pilot: Any, condition: Callable[[], bool], seconds: float = 15.0) -> None:
    """Wait for ``condition``; generous, as a fresh machine's first ``openai`` import
    (compiling its bytecode) can take seconds. Returns as soon as it holds."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the app never got there")
        await pilot.pause(0.01)
