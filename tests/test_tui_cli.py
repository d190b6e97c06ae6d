"""``compose tui`` and the ways into it, and the core staying free of Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from composer import cli
from composer.commands import tui as tui_command
from composer.drafting.engine import resolve
from composer.tui.app import ComposerApp
from tests.support import EXAMPLES, ROOT


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[ComposerApp]:
    """Capture the app ``compose`` would open instead of taking over the terminal."""
    apps: list[ComposerApp] = []

    def fake_run(self: ComposerApp, *args: object, **kwargs: object) -> None:
        apps.append(self)

    monkeypatch.setattr(ComposerApp, "run", fake_run)
    monkeypatch.setattr(tui_command, "has_terminal", lambda: True)  # pytest captures stdout
    return apps


def test_compose_alone_opens_the_ui(opened: list[ComposerApp]) -> None:
    assert cli.main([]) == 0
    assert len(opened) == 1
    assert opened[0].session.target is None and not opened[0].session.goal


def test_goal_without_to_opens_the_ui_prefilled(opened: list[ComposerApp]) -> None:
    assert cli.main(["--goal", "ask about the platform team", "--limit", "300"]) == 0
    session = opened[0].session
    assert session.goal.text == "ask about the platform team"
    assert session.limit == 300


def test_tui_subcommand_takes_profiles_goal_language_and_engine(
    opened: list[ComposerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPOSER_SENDER", str(EXAMPLES / "me.json"))
    argv = ["tui", "--to", str(EXAMPLES / "priya-shah.json"), "--goal-preset", "job",
            "--lang", "es", "--engine", "offline", "--theme", "light"]  # fmt: skip
    assert cli.main(argv) == 0
    app = opened[0]
    assert app.paths["target"] == EXAMPLES / "priya-shah.json"
    assert app.paths["sender"] == EXAMPLES / "me.json"  # from $COMPOSER_SENDER
    assert app.session.goal.preset == "job-search"
    assert app.session.language == "es"
    assert resolve(app.session.settings).name == "offline"
    assert app.theme == "textual-light"


def test_unknown_preset_is_a_usage_error(
    opened: list[ComposerApp], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["tui", "--goal-preset", "world-domination"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("compose: error: unknown goal preset 'world-domination'")
    assert err.count("\n") == 1
    assert not opened


def test_tui_help_names_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["tui", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: compose tui")
    for flag in ("--to", "--from", "--goal", "--goal-preset", "--limit", "--lang", "--engine"):
        assert flag in out


def test_the_core_imports_without_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import composer, composer.drafting.pipeline, composer.checker, composer.cli\n"
        "import composer.profile, composer.core.contract, composer.config.settings\n"
        "import composer.core.goals\n"
        "import composer.commands.tui\n"  # the command module defers Textual too
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_only_the_tui_package_imports_textual() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "composer").rglob("*.py")
        if "tui" not in path.relative_to(ROOT / "composer").parts
        and "textual" in path.read_text(encoding="utf-8")
        and any(
            line.lstrip().startswith(("import textual", "from textual"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


def test_sender_from_dotenv(opened: list[ComposerApp], tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"COMPOSER_SENDER={EXAMPLES / 'me.json'}\n", encoding="utf-8")
    assert cli.main(["tui"]) == 0  # the tests run in tmp_path
    assert opened[0].paths["sender"] == EXAMPLES / "me.json"


@pytest.mark.parametrize("argv", [[], ["tui"], ["--goal", "ask about the platform team"]])
def test_without_a_terminal_it_says_so_instead_of_hanging(argv: list[str], tmp_path: Path) -> None:
    # `compose > note.txt` or a script without --to: one line and exit 2, no screen drawn.
    done = subprocess.run(
        [sys.executable, "-m", "composer", *argv],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("compose: error: the terminal UI needs a terminal")
    assert "--to" in done.stderr and done.stderr.count("\n") == 1
