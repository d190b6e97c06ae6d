"""Notes and a request for the LLM engine tests."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from threading import Event, Thread

from composer.core.contract import DraftRequest
from composer.core.goals import make_goal
from composer.profile import load_profile
from tests.fake_llm import FakeLLM
from tests.support import EXAMPLES

PRIYA = str(EXAMPLES / "priya-shah.json")
ME = str(EXAMPLES / "me.json")


GOOD = (
    "Hi Priya, I'm Alex Chen, a backend engineer at Shopify. Marcus Lee mentioned your work "
    "on on-call health at Stripe, which my team is working on now. Happy to connect."
)


GOOD_2 = (
    "Hi Priya, I'm Alex Chen, backend engineer at Shopify. Your post on cutting after-hours "
    "pages by 40% made me rethink our rotation. I'd be glad to connect."
)


# Too long for 200 characters, each in its own way; none may ever be cut to fit.
LONG = [
    GOOD + " I have been following your writing on first-time managers for a while and "
    "would love to learn more about how you run the rotation.",
    GOOD_2 + " We are redesigning our own on-call process at Shopify this quarter and your "
    "numbers gave me a lot to think about, thank you.",
    GOOD + " Also, congratulations on the results your team shared this autumn, they are "
    "impressive and very encouraging for the rest of us.",
]


def priya_request() -> DraftRequest:
    """Priya, from the example sender, to learn from her."""
    return DraftRequest(
        target=load_profile(PRIYA), sender=load_profile(ME), goal=make_goal(preset="learning")
    )


@contextmanager
def answered_together(server: FakeLLM, count: int, timeout: float = 5.0) -> Iterator[Event]:
    """An event for ``reply(hold=...)``: the held replies are sent once ``count`` requests
    have reached ``server``, so they prove those requests were in flight at once. Requests
    sent one after the other never all arrive: the replies then go after ``timeout``
    seconds (so the test ends) and the ``with`` block fails."""
    release = Event()
    arrived = Event()
    came: list[int] = []  # how many had come when the replies went

    def watch() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not arrived.is_set():
            if len(server.requests) >= count:
                arrived.set()
            else:
                time.sleep(0.002)
        came.append(len(server.requests))
        release.set()

    watcher = Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield release
    finally:
        release.set()
        watcher.join()
    assert arrived.is_set(), f"only {came[0]} of {count} requests came in at once"
