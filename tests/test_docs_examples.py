"""The outputs the README and the guides show are what the commands print today.

A newcomer compares the quick start's output with the README's: a stale example reads
as a broken install. Each example here is the first command of a section and the plain
block after it, run in-process against a fresh history (``tests/conftest.py``).
"""

from __future__ import annotations

import re
import shlex

import pytest

from composer.cli import main
from tests.conftest import ROOT


def _blocks(text: str) -> list[tuple[str, str]]:
    """The fenced blocks of a Markdown text: (language, body)."""
    return re.findall(r"```(\w*)\n(.*?)```", text, re.S)


def _argv(command: str) -> list[str]:
    """``compose --to examples/... \\`` (continued lines) as argv, examples made absolute
    (the tests run in a temporary folder)."""
    words = shlex.split(command.replace("\\\n", " "))
    assert words[0] == "compose", command
    return [str(ROOT / w) if w.startswith("examples/") else w for w in words[1:]]


@pytest.mark.parametrize(
    ("doc", "section"),
    [("README.md", "## Quick start"), ("docs/profiles.md", "## Drafting a note")],
)
def test_the_documented_output_is_what_compose_prints(
    doc: str, section: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    (lang, command), (plain, shown) = _blocks(text[text.index(section) :])[:2]
    assert lang == "sh" and plain == ""
    # The README's quick start installs first: the command is what follows the last &&.
    code = main(_argv(command.strip().split("&& ")[-1]))
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out == shown
