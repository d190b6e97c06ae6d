"""Driving the Textual app in tests: an offline app, waiting for it, typing into it."""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Callable
from typing import Any

import textual.screen
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from composer.config.settings import Settings
from composer.core.goals import make_goal
from composer.tui.app import ComposerApp, make_app
from tests.support import EXAMPLES

# In tests a screen redraws itself at most ten times a second, not sixty (TEXTUAL_FPS,
# read when Textual is imported, which the snapshot plugin does before any conftest): a
# test looks at the screen after a pause, and ``Pilot.pause`` redraws it at once. The
# frames in between, while a draft comes in, were a tenth of the UI tests' CPU.
textual.screen.UPDATE_PERIOD = 1 / 10  # type: ignore[misc]  # Final in Textual

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


def _busy(app: ComposerApp) -> bool:
    """Whether a worker still runs or a message waits in a queue of the app or a screen."""
    if any(not worker.is_finished for worker in app.workers):
        return True
    nodes = [app, *(node for screen in app.screen_stack for node in screen.walk_children(
        with_self=True))]  # fmt: skip
    return any(node.message_queue_size for node in nodes)


async def settle(pilot: Any, seconds: float = 15.0) -> None:
    """Wait until every worker is done and the messages they posted are handled: rounds
    of "let every queue empty, wait for the workers" until nothing is left to do (a
    handled message may start a worker, a worker posts messages), then one pause."""
    app = pilot.app
    deadline = time.monotonic() + seconds
    while await pilot._wait_for_screen() and _busy(app):  # False: the app failed
        if time.monotonic() > deadline:
            raise AssertionError(f"the app never settled: {list(app.workers)}")
        running = [w._task for w in app.workers if w._task is not None and not w.is_finished]
        if running:
            await asyncio.wait(running, timeout=max(deadline - time.monotonic(), 0))
    await pilot.pause()


def key_event(key: str) -> events.Key:
    """The event the terminal's driver sends for ``key`` (a character or a key name),
    made as Textual's ``Pilot.press`` makes it."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def type_keys(pilot: Any, *keys: str) -> None:
    """Type ``keys`` (characters or key names) as a fast typist would: each a key event
    through the app's bindings to the focused widget, in order, with no pause between
    them (``pilot.press`` waits for the app to idle after each key); then wait once for
    the app to handle them all. Only for keys the focused widget takes (text, cursor
    keys): a key that opens a dialog or moves the focus needs ``pilot.press``."""
    app = pilot.app
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        await app._post_message(event)  # what the driver's send_message does, at once
    await settle(pilot)


async def add_own_words(pilot: Any, words: str) -> str:
    """Type ``words`` at the end of the note, as the user would; the note's text after."""
    pilot.app.editor.focus()
    await type_keys(pilot, "end", *words)
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
