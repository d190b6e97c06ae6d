"""Shared fixtures. No test touches the user's real state or the network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from composer.config import backoff
from tests.fake_llm import fake_llm  # noqa: F401  (the loopback LLM server fixture)
from tests.support import EXAMPLES
from tests.support.clock import VirtualClock


@pytest.fixture(autouse=True)
def virtual_clock(monkeypatch: pytest.MonkeyPatch) -> VirtualClock:
    """Retries wait for nothing: every ``Backoff`` made without a clock (each draft's,
    each batch's) reads and waits on this one, whose waits take no real time but move it
    on (``tests/support/clock.py``); the ``fake_llm`` server's ``times`` are read on it."""
    clock = VirtualClock()
    monkeypatch.setattr(backoff, "DEFAULT_CLOCK", clock)
    return clock


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point Composer's data and cache directories at a temp dir and forget every setting
    of the developer's shell: each variable Composer reads starts with ``COMPOSER_`` or
    ``OPENAI_`` (``tests/test_config.py`` checks it), so an exported
    ``COMPOSER_DEADLINE=0.5`` cannot change what a test sees."""
    for var in list(os.environ):
        if var.startswith(("COMPOSER_", "OPENAI_")):
            monkeypatch.delenv(var)
    monkeypatch.setenv("COMPOSER_HOME", str(tmp_path / "composer-home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # A .env in the developer's working directory must not leak into tests.
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def notes_unlimited(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every batch target gets a note, as on Premium: for the tests of drafting, resuming
    and stopping, which a free account's few notes a month would cut short
    (tests/test_batch_notes.py tests how ``compose batch`` shares those notes out)."""
    monkeypatch.setenv("COMPOSER_NOTES_PER_MONTH", "unlimited")


@pytest.fixture
def examples() -> Path:
    return EXAMPLES
