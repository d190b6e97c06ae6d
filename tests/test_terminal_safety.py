"""Text from strangers never drives the user's terminal (issue 15): a name, a note, an
inviter's message or a line of a file echoed in an error reaches stdout and stderr with
every control character and bidi override shown as ``\\uXXXX``, and never enters a note."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from composer.cli import main
from composer.text.terminal import safe_text
from tests.support import EXAMPLES

RED = "\x1b[31m"
CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"
EVIL_NAME = f"Eve {RED}Evil{CLEAR}"


def _terminal_safe(text: str) -> bool:
    return all(
        ch in "\n\t" or (unicodedata.category(ch) not in ("Cc",) and ch not in "\u202e\u2066")
        for ch in text
    )


@given(st.text())
def test_safe_text_leaves_nothing_a_terminal_would_run(text: str) -> None:
    out = safe_text(text)
    assert _terminal_safe(out)
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert safe_text(out) == out  # escaping twice changes nothing more
    if all(ch.isprintable() or ch in "\n\t" for ch in text) and not any(
        ch in text
        for ch in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    ):
        assert out == text  # ordinary text, accents and emoji included, is untouched


def test_safe_text_keeps_newlines_and_shows_escapes() -> None:
    assert safe_text("a\nb\tc") == "a\nb\tc"
    assert safe_text(f"x{RED}y") == "x\\u001b[31my"
    assert safe_text("\u202eevil") == "\\u202eevil"
    assert json.loads(json.dumps(safe_text("\x9b"), ensure_ascii=False)) == "\\u009b"


def _evil_profile(tmp_path: Path) -> Path:
    data = json.loads((EXAMPLES / "priya-shah.json").read_text())
    data["name"] = EVIL_NAME
    data["headline"] = f"Engineer {CLIPBOARD}"
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(data))
    return path


def test_compose_to_and_history_print_no_escape_sequence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _evil_profile(tmp_path)
    main(["--to", str(path), "--engine", "offline"])
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "Hello Eve" in out
    main(["--to", str(path), "--engine", "offline", "--json"])
    out, _ = capsys.readouterr()
    assert "\x1b" not in out and "\x1b" not in json.loads(out)["note"]
    assert main(["history"]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "Eve" in out


def test_an_error_echoing_a_file_prints_no_escape_sequence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"name": "Ana", "language": f"{CLEAR}xx"}))
    assert main(["--to", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\u001b[2J" in err


def test_batch_notices_print_no_escape_sequence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = tmp_path / "t.jsonl"
    targets.write_text(
        json.dumps({"name": EVIL_NAME, "goal_preset": f"{CLIPBOARD}x"})
        + "\n"
        + json.dumps({"name": EVIL_NAME, "headline": "Engineer at Acme"})
        + "\n"
    )
    main(["batch", str(targets), "--out", str(tmp_path / "o.jsonl"), "--engine", "offline"])
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "Eve" in err


def _evil_export(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction\n"
        f'"Mallory {CLIPBOARD}{CLEAR}",Me Myself,"1/15/24, 4:02 PM","hi {RED}there",INCOMING\n'
    )
    (folder / "Profile.csv").write_text("First Name,Last Name,Headline\nMe,Myself,Engineer\n")
    return folder


def test_triage_and_import_print_no_escape_sequence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = _evil_export(tmp_path)
    main(["triage", str(export)])
    out, err = capsys.readouterr()
    assert "Mallory" in out and "\x1b" not in out + err and "\x07" not in out + err
    main(["import", str(export)])
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err


async def test_the_ui_shows_no_escape_sequence(tmp_path: Path) -> None:
    from composer.config.settings import Settings
    from composer.core.goals import make_goal
    from composer.tui.app import make_app
    from composer.tui.widgets import ProfilePanel

    app = make_app(
        target=_evil_profile(tmp_path),
        sender=EXAMPLES / "me.json",
        goal=make_goal(preset="job-search"),
        settings=Settings(engine="offline"),
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.main.query_one("#target", ProfilePanel)
        shown = str(panel.render()) + app.editor.text
        assert "Eve" in shown and "\x1b" not in shown and "\x07" not in shown
        assert app.request is not None and "\x1b" not in app.request.target.name


def test_history_stored_by_an_older_version_prints_no_escape_sequence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text already in the history (written before the readers escaped it) is escaped
    where it is printed."""
    from composer.history import History

    main(["--to", str(EXAMPLES / "priya-shah.json"), "--engine", "offline"])
    capsys.readouterr()
    with History() as history:
        history.conn.execute("UPDATE notes SET target_name = ?, note = ?", (EVIL_NAME, CLEAR))
    assert main(["history"]) == 0
    out, err = capsys.readouterr()
    assert "Eve \\u001b[31mEvil" in out and "\x1b" not in out + err
