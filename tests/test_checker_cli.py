"""``compose check`` and ``compose rules``: output, exit codes, stdin, JSON, bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from composer.cli import main
from composer.core.findings import MESSAGE_RULES, NOTE_RULES, PROFILE_RULES
from tests.support import EXAMPLES, ROOT

GOOD = (
    "Hi Priya, I'm Alex, a backend engineer at Shopify. Your post on payment routing stuck "
    "with me; I'd like to learn how your team handles retries. Thanks!"
)
BAD = "Hi Maria, book a demo at www.acme.com!!"


def _target(tmp_path: Path) -> str:
    path = tmp_path / "priya.json"
    path.write_text(
        json.dumps(
            {
                "name": "Priya Shah",
                "headline": "Engineering Manager at Stripe",
                "language": "en",
                "experience": [{"title": "Engineering Manager", "company": "Stripe"}],
                "recent_posts": [{"text": "Payment routing at scale"}],
            }
        ),
        encoding="utf-8",
    )
    return str(path)


class _Stdin:
    def __init__(self, data: bytes, tty: bool = False) -> None:
        self.buffer = io.BytesIO(data)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_good_note_exits_0_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", GOOD, "--to", _target(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1].startswith(f"{len(GOOD)}/200 characters, 0 errors")


def test_bad_note_exits_1_with_ruff_style_diagnostics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", BAD, "--to", _target(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    pitch = next(i for i, line in enumerate(lines) if "sales-pitch" in line)
    assert lines[pitch].startswith('note:1:11: sales-pitch [error] "book a demo"')
    assert lines[pitch + 1].startswith("  help: ")
    assert any(line.startswith("note:1:4: wrong-name [error]") for line in lines)
    assert "errors" in lines[-1] and "warnings" in lines[-1]


def test_warnings_alone_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    note = "Hi Priya, I'm Alex. I came across your profile and your post on payment routing."
    assert main(["check", note]) == 0
    assert "cliche [warning]" in capsys.readouterr().out


def test_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", BAD, "--to", _target(tmp_path), "--json", "--limit", "300"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {"note", "length", "limit", "language", "ok", "findings"} <= set(data)
    assert data["note"] == BAD
    assert data["length"] == len(BAD)
    assert data["limit"] == 300
    assert data["language"] == "en"
    assert data["ok"] is False
    for finding in data["findings"]:
        assert set(finding) == {"rule", "severity", "message", "start", "end"}
        assert finding["severity"] == NOTE_RULES[finding["rule"]][0]


def test_note_from_stdin_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin((GOOD + "\n").encode()))
    assert main(["check", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["note"] == GOOD  # echo's newline dropped


def test_note_from_a_pipe_without_argument(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin("¿me agregas?".encode()))
    assert main(["check", "--json"]) == 1
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "asks-for-invite" in rules


def test_no_note_on_a_terminal_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b"", tty=True))
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("compose: error: give the note")
    assert len(err.strip().splitlines()) == 1


def test_non_utf8_stdin_is_bad_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b"Hola \xff"))
    assert main(["check", "-"]) == 2
    assert "<stdin>: not UTF-8" in capsys.readouterr().err


def test_missing_target_file_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", GOOD, "--to", "nobody.json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "compose: error: nobody.json: no such file"


def test_bad_sender_file_names_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "me.json"
    bad.write_text('{"name": "Alex", "experience": [{"company": 3}]}', encoding="utf-8")
    assert main(["check", GOOD, "--from", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert "me.json" in err and "experience[0].company" in err and "\n" not in err


def test_unknown_preset_and_bad_limit_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", GOOD, "--goal-preset", "world-domination"]) == 2
    assert "unknown goal preset" in capsys.readouterr().err
    assert main(["check", GOOD, "--limit", "250"]) == 2
    assert "compose check --help" in capsys.readouterr().err


def test_audits_are_shown_before_the_findings(capsys: pytest.CaptureFixture[str]) -> None:
    sparse = EXAMPLES / "sam-okafor.json"
    if not sparse.exists():
        pytest.skip("example profile not shipped")
    main(["check", GOOD, "--from", str(sparse)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("profile: sender-incomplete [warning]")


def test_rules_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for slug in (*NOTE_RULES, *PROFILE_RULES):
        assert slug in out
    assert main(["rules", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["rule"] for r in rows] == [*NOTE_RULES, *MESSAGE_RULES, *PROFILE_RULES]
    assert all(r["severity"] in ("error", "warning") for r in rows)


def test_check_imports_no_heavy_module(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from composer.cli import main\n"
        f"code = main(['check', {GOOD!r}, '--to', {_target(tmp_path)!r}])\n"
        "heavy = [m for m in ('jinja2', 'openai', 'textual') if m in sys.modules]\n"
        "print('HEAVY', heavy, code)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert "HEAVY [] 0" in out


def test_stdin_pipe_in_a_real_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "composer", "check", "--json"],
        input="Hola, ¿me agregas?\n".encode(),
        capture_output=True,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    data = json.loads(proc.stdout.decode())
    assert data["note"] == "Hola, ¿me agregas?"
    assert data["language"] in ("es", None)


def test_sender_from_the_environment_and_audits_in_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    me = tmp_path / "me.json"
    me.write_text('{"name": "Alex Chen", "photo": false}', encoding="utf-8")
    monkeypatch.setenv("COMPOSER_SENDER", str(me))
    note = "Hi Priya, Alex here. Your post on payment routing stuck with me."
    assert main(["check", note, "--json"]) == 0  # the sender's name is the self-intro
    data = json.loads(capsys.readouterr().out)
    assert [a["rule"] for a in data["audits"]] == ["sender-incomplete"]
    monkeypatch.setenv("COMPOSER_SENDER", str(tmp_path / "gone.json"))
    assert main(["check", note]) == 2
    assert "set by COMPOSER_SENDER" in capsys.readouterr().err


def test_goal_changes_the_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    note = "Hi Priya, I'm Alex. I'd love to follow up on our chat after Web Summit."
    assert main(["check", note, "--goal", "follow up after Web Summit"]) == 0
    capsys.readouterr()
    assert main(["check", "Hi Priya, I'm Alex. Hope to connect."]) == 1
