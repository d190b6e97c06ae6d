"""What ``compose check`` and offline ``compose --to`` load at start-up: the budget.

Wall-time ratios are measured by ``benchmarks/bench_cli.py`` (a noisy machine makes them
a poor test); what a command imports is deterministic, and it is what the time goes to.
``compose check`` runs on every keystroke of an editor integration, so it loads the
checker and nothing that drafts, stores or draws: no jinja2, SQLite, asyncio, openai or
Textual; an offline draft loads jinja2 and SQLite (the history), never openai or Textual.
"""

from __future__ import annotations

import subprocess
import sys

from tests.support import EXAMPLES

NEVER_FOR_CHECK = {"jinja2", "sqlite3", "asyncio", "openai", "httpx", "textual"}
NEVER_OFFLINE = {"openai", "httpx", "textual", "tenacity"}
# Modules ``compose check`` may load, all counted (the standard library included): today
# 145, ten of them the modules of the ``composer.checker.rules`` package (one file until
# it was split: the budget went up by those ten) and one ``checker.profile_reading``
# (split from ``checker.fit``). A change that pulls in a heavy library or a big part of
# the standard library shows up here first.
CHECK_MODULE_BUDGET = 150


def imported(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "composer", *args],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    return {
        line.split("|")[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    } - {"package"}


def test_compose_check_loads_only_the_checker() -> None:
    note = "Hi Priya, I'm Alex from Shopify. Your post on payment routing stuck with me."
    mods = imported("check", note, "--to", str(EXAMPLES / "priya-shah.json"))
    assert "composer.checker.rules" in mods  # the scan sees the command's own modules
    assert not {m.split(".")[0] for m in mods} & NEVER_FOR_CHECK
    assert len(mods) <= CHECK_MODULE_BUDGET, sorted(mods)


def test_offline_drafting_never_loads_the_llm_or_the_ui() -> None:
    mods = imported("--to", str(EXAMPLES / "priya-shah.json"), "--engine", "offline")
    assert "jinja2" in mods
    assert not {m.split(".")[0] for m in mods} & NEVER_OFFLINE
