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
from tests.support import ROOT


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


def test_the_check_example_of_the_rules_guide_is_what_compose_check_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    block = next(body for _, body in _blocks(text) if body.startswith("$ compose check"))
    lines = block.splitlines(keepends=True)
    end = next(i for i, line in enumerate(lines) if not line.rstrip().endswith("\\"))
    command = "".join(lines[: end + 1]).removeprefix("$ ")
    code = main(_argv(command))
    out, err = capsys.readouterr()
    assert code == 1, err  # the example has errors
    assert out == "".join(lines[end + 1 :])


DOCS = ["README.md", "CONTRIBUTING.md", *(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
# A path in backticks under one of these folders names a file of the repository.
REPO_DIRS = ("composer/", "prompts/", "examples/", "tests/", "docs/", "benchmarks/")


@pytest.mark.parametrize("doc", DOCS)
def test_every_link_and_file_a_doc_names_exists(doc: str) -> None:
    """A guide that cites ADVICE.md, absent from the repository, sends a reader nowhere."""
    path = ROOT / doc
    text = path.read_text(encoding="utf-8")
    missing: list[str] = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):  # [text](target)
        if target.startswith(("http:", "https:", "mailto:", "#")):
            continue
        if not (path.parent / target.split("#")[0]).exists():
            missing.append(target)
    for name in re.findall(r"(?<![\w/.-])([A-Z][A-Z_-]+\.md)\b", text):  # README.md, ...
        if not (ROOT / name).exists() and not (ROOT / "docs" / name).exists():
            missing.append(name)
    for name in re.findall(r"`([\w./-]+)`", text):
        if name.startswith(REPO_DIRS) and "*" not in name and not (ROOT / name).exists():
            missing.append(name)
    assert not missing, f"{doc} names what the repository does not hold: {missing}"
