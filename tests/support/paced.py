"""``python -m tests.support.paced [after=N] [delay=S] [grace=S] -- ARGS``: ``python -m
composer ARGS`` in a real process, paced for the tests that signal a batch mid-run.

``after=N delay=S``: the first ``N`` offline targets are drafted at full speed, each later
one waits ``S`` seconds first, so the run is still going when a test signals it after
line ``N``, without hundreds of targets to draft. ``grace=S``: the seconds the LLM drafts
in flight get after a stop (``composer.batch.drafting.GRACE``), so a test of the stop on
a hung server waits for a short grace rather than the shipped one (whose length
``tests/test_batch_llm.py`` checks on its own). Nothing else differs from ``compose``.
"""

from __future__ import annotations

import runpy
import sys
import time
from typing import Any

from composer.batch import drafting


def pace(after: int, delay: float) -> None:
    draft = drafting.draft
    started = 0

    def paced(*args: Any, **kwargs: Any) -> drafting.Result:
        nonlocal started
        started += 1
        if started > after:
            time.sleep(delay)
        return draft(*args, **kwargs)

    drafting.draft = paced


def main(argv: list[str]) -> None:
    split = argv.index("--")
    options = dict(arg.split("=", 1) for arg in argv[:split])
    if "delay" in options:
        pace(int(options.get("after", "0")), float(options["delay"]))
    if "grace" in options:
        drafting.GRACE = float(options["grace"])
    sys.argv = ["compose", *argv[split + 1 :]]
    runpy.run_module("composer", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
