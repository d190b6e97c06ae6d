"""``compose --to``: what a user sees, the --json shape and the exit codes 0/1/2."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from composer.cli import COMMANDS, main
from tests.support import EXAMPLES

PRIYA = str(EXAMPLES / "priya-shah.json")
EXAMPLES_DIR = str(EXAMPLES)
ME = str(EXAMPLES / "me.json")
GOAL = "learn how they moved into engineering management"


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_quick_start_prints_note_and_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["--to", PRIYA, "--from", ME, "--goal", GOAL], capsys)
    assert code == 0, out + err
    lines = out.strip().splitlines()
    note = next(line for line in lines if line.startswith(("Hi Priya", "Hello Priya")))
    assert "Marcus Lee" in note  # the mutual connection is the strongest hook
    assert "I'm Alex" in note
    assert "engineering management" in note
    verdict = lines[-1]
    assert verdict.startswith(f"{len(note)}/200 characters")
    assert "offline engine" in verdict and "ok" in verdict


def test_json_is_one_object_with_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--to", PRIYA, "--from", ME, "--goal", GOAL, "--json"], capsys)
    assert code == 0
    data = json.loads(out)  # exactly one JSON document, nothing else on stdout
    assert isinstance(data, dict)
    expected = {"note", "length", "limit", "language", "engine", "ok", "findings", "audits"}
    assert expected <= set(data)
    assert data["limit"] == 200 and data["language"] == "en" and data["engine"] == "offline"
    assert data["ok"] is True
    assert data["length"] == len(data["note"]) <= 200
    for finding in [*data["findings"], *data["audits"]]:
        assert set(finding) == {"rule", "severity", "message", "start", "end"}


def test_json_findings_and_audits_have_the_documented_shape(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # An unrelated target (an audit) and a forced language (a finding with no span), so
    # the lists hold something whose shape can be checked.
    dana = str(EXAMPLES / "dana-whitfield.json")
    argv = ["--to", dana, "--from", ME, "--lang", "es", "--json"]
    code, out, _ = run_cli(argv, capsys)
    assert code == 0
    data = json.loads(out)
    # The offline engine adds only the hook it built the note on.
    assert set(data) == {
        "note", "length", "limit", "language", "engine", "ok", "findings", "audits", "hook",
    }  # fmt: skip
    assert isinstance(data["note"], str) and isinstance(data["length"], int)
    assert data["ok"] is True and data["language"] == "es" and data["engine"] == "offline"
    assert [a["rule"] for a in data["audits"]] == ["target-unrelated"]
    assert "language-mismatch" in [f["rule"] for f in data["findings"]]
    for finding in [*data["findings"], *data["audits"]]:
        assert set(finding) == {"rule", "severity", "message", "start", "end"}
        assert finding["severity"] in ("error", "warning") and finding["message"]
        for key in ("start", "end"):
            assert finding[key] is None or isinstance(finding[key], int)


def test_limit_and_lang(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--to", PRIYA, "--from", ME, "--limit", "300", "--lang", "es", "--json"]
    code, out, _ = run_cli(argv, capsys)
    data = json.loads(out)
    assert code == 0
    assert data["limit"] == 300 and data["language"] == "es"
    assert data["note"].startswith(("Hola, Priya", "¡Hola, Priya"))


def test_goal_preset(capsys: pytest.CaptureFixture[str]) -> None:
    lucia = str(EXAMPLES / "lucia-fernandez.json")
    sender = str(EXAMPLES / "sender-es.json")
    argv = ["--to", lucia, "--from", sender, "--goal-preset", "learning", "--json"]
    code, out, _ = run_cli(argv, capsys)
    data = json.loads(out)
    assert code == 0
    # the learning preset's sentence for a peer (Lucía leads a team): "aprender de tu
    # experiencia", "cómo llegaste hasta donde estás", "tu trayectoria"
    assert re.search(r"aprender de tu experiencia|llegaste|trayectoria", data["note"]), data
    assert "South Summit Madrid 2026" in data["note"]


def test_seed_changes_the_variant(capsys: pytest.CaptureFixture[str]) -> None:
    notes = set()
    for seed in range(6):
        code, out, _ = run_cli(["--to", PRIYA, "--from", ME, "--seed", str(seed), "--json"], capsys)
        assert code == 0
        notes.add(json.loads(out)["note"])
    assert len(notes) >= 3


def test_sender_from_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPOSER_SENDER", ME)
    code, out, _ = run_cli(["--to", PRIYA, "--json"], capsys)
    assert code == 0
    assert "Alex" in json.loads(out)["note"]


def test_sender_from_dotenv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # conftest makes the tmp dir the working directory: its .env is the one read.
    Path(".env").write_text(f"COMPOSER_SENDER={EXAMPLES / 'sender-es.json'}\n")
    code, out, err = run_cli(["--to", PRIYA, "--json"], capsys)
    assert code == 0, err
    assert "Marta" in json.loads(out)["note"]


def test_check_reads_the_sender_from_dotenv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ghost = tmp_path / "ghost.json"
    ghost.write_text(json.dumps({"name": "Gus Ghost"}))
    Path(".env").write_text(f"COMPOSER_SENDER={ghost}\n")
    code, out, err = run_cli(["check", "Hi Priya, I'm Gus.", "--json"], capsys)
    assert code in (0, 1), err
    assert [a["rule"] for a in json.loads(out)["audits"]] == ["sender-incomplete"]


def test_from_wins_over_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPOSER_SENDER", ME)
    sender = str(EXAMPLES / "sender-es.json")
    code, out, _ = run_cli(["--to", PRIYA, "--from", sender, "--json"], capsys)
    assert code == 0
    assert "Marta" in json.loads(out)["note"]


def test_bad_sender_in_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COMPOSER_SENDER", str(tmp_path / "gone.json"))
    code, out, err = run_cli(["--to", PRIYA], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "gone.json" in err and "COMPOSER_SENDER" in err


def test_note_with_errors_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A name too long for any note to fit: the best note still has an error.
    giant = tmp_path / "giant.json"
    giant.write_text(json.dumps({"name": "Wolfe" * 50, "headline": "CEO at Acme"}))
    code, out, err = run_cli(["--to", str(giant), "--from", ME], capsys)
    assert code == 1, out + err
    assert "error" in out and "NOT ok" in out
    code, out, _ = run_cli(["--to", str(giant), "--from", ME, "--json"], capsys)
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    assert any(f["severity"] == "error" for f in data["findings"])


def test_without_a_sender_the_note_fails_and_says_how_to_fix_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_cli(["--to", PRIYA], capsys)
    assert code == 1
    assert "no-self-intro [error]" in out
    assert out.strip().splitlines()[-1].startswith("hint: pass --from ME.json")


def test_a_note_to_yourself_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["--to", ME, "--from", ME], capsys)
    assert (code, out) == (2, "")
    why = "this is your own profile (the same person as --from): nobody to invite"
    assert err == f"compose: error: {ME}: {why}\n"


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--to", PRIYA, "--limit", "250"], "--limit"),
        (["--to", PRIYA, "--lang", "fr"], "--lang"),
        (["--to", PRIYA, "--register", "vos"], "--register"),
        (["--to", PRIYA, "--goal-preset", "world-domination"], "world-domination"),
        (["--to", PRIYA, "--bogus"], "--bogus"),
        (["--to"], "--to"),
        (["--to", PRIYA, "--seed", "abc"], "--seed"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(argv, capsys)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("compose: error: ") and needle in lines[0]


def test_help_lists_the_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--to", PRIYA, "--help"], capsys)
    assert code == 0
    for flag in ("--from", "--goal", "--goal-preset", "--limit", "--lang", "--json", "--engine"):
        assert flag in out


def test_short_help_says_where_the_other_drafting_flags_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `compose --help` shows a short usage; a newcomer looking for --seed or --model must
    # be told where the full list is, and that list must hold them.
    code, out, _ = run_cli(["--help"], capsys)
    assert code == 0 and "--seed" not in out.split("usage:")[1].split("\n\n")[0]
    assert "compose --to T --help" in out
    code, out, _ = run_cli(["--to", "T", "--help"], capsys)
    assert code == 0
    for flag in ("--seed", "--verbose", "--model", "--base-url", "--deadline"):
        assert flag in out


def test_python_dash_m_composer_works_the_same(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "COMPOSER_"))}
    env["COMPOSER_HOME"] = str(tmp_path / "home")
    argv = ["--to", PRIYA, "--from", ME, "--goal", GOAL, "--json"]
    proc = subprocess.run(
        [sys.executable, "-m", "composer", *argv],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["ok"] is True
    bad = subprocess.run(
        [sys.executable, "-m", "composer", "--to", str(tmp_path / "nope.json")],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        f"compose: error: {tmp_path / 'nope.json'}: no such file"
    ]


def test_a_terminal_that_cannot_show_accents_gets_escapes_not_a_traceback(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "COMPOSER_"))}
    env["COMPOSER_HOME"] = str(tmp_path / "home")
    env["PYTHONIOENCODING"] = "ascii"
    lucia = str(EXAMPLES / "lucia-fernandez.json")
    argv = ["--to", lucia, "--from", str(EXAMPLES / "sender-es.json")]
    proc = subprocess.run(
        [sys.executable, "-m", "composer", *argv],
        capture_output=True, cwd=tmp_path, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert b"Luc\\u00eda" in proc.stdout  # shown escaped; the history keeps the real note
    # --json stays valid JSON, whatever the note holds (an emoji: a surrogate pair).
    note = "Hola Lucía, soy Marta de Cabify. Leí tu artículo sobre equipos remotos 🚀"
    proc = subprocess.run(
        [sys.executable, "-m", "composer", "check", note, "--to", lucia, "--json"],
        capture_output=True, cwd=tmp_path, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert b"Traceback" not in proc.stderr
    assert proc.stdout.isascii()
    assert json.loads(proc.stdout)["note"] == note


HEAVY = ("openai", "textual", "jinja2")
_PROBE = """
import contextlib, io, json, sys
from composer.cli import COMMANDS, main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules_after(argv: list[str], tmp_path: Path) -> tuple[int, set[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "COMPOSER_"))}
    env["COMPOSER_HOME"] = str(tmp_path / "home")
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    return data["code"], {m.split(".")[0] for m in data["modules"]}


def test_help_imports_no_heavy_module(tmp_path: Path) -> None:
    code, modules = _modules_after(["--help"], tmp_path)
    assert code == 0
    assert not modules & set(HEAVY), modules & set(HEAVY)


def test_offline_compose_imports_neither_openai_nor_textual(tmp_path: Path) -> None:
    code, modules = _modules_after(["--to", PRIYA, "--from", ME, "--engine", "offline"], tmp_path)
    assert code == 0
    assert "jinja2" in modules  # the probe can see what a command imports
    assert not modules & {"openai", "textual"}


def test_audits_come_first_and_never_block(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # ADVICE.md's own example: a pharma sales rep with a bare profile writing to the
    # manager of a hair-salon chain.
    ghost = tmp_path / "ghost.json"
    ghost.write_text(json.dumps({
        "name": "Kim Park",
        "headline": "Pharmaceutical Sales Representative at Pfizer",
        "experience": [{"title": "Sales Representative", "company": "Pfizer"}],
    }))  # fmt: skip
    dana = str(EXAMPLES / "dana-whitfield.json")
    code, out, _ = run_cli(["--to", dana, "--from", str(ghost)], capsys)
    assert code == 0
    lines = out.splitlines()
    audits = [i for i, line in enumerate(lines) if line.startswith("profile: ")]
    note = next(i for i, line in enumerate(lines) if line.startswith(("Hi Dana", "Hello Dana")))
    assert audits and max(audits) < note
    text = "\n".join(lines[i] for i in audits)
    assert "sender-incomplete [warning]" in text and "target-unrelated [warning]" in text
    code, out, _ = run_cli(["--to", dana, "--from", str(ghost), "--json"], capsys)
    rules = {a["rule"] for a in json.loads(out)["audits"]}
    assert rules == {"sender-incomplete", "target-unrelated"}


@pytest.mark.parametrize(
    ("alias", "phrase"),
    [
        ("ventas", r"tu equipo|ves el mercado"),
        ("Mentoría", r"aprender de tu experiencia|llegaste|trayectoria"),
    ],
)
def test_spanish_preset_names(alias: str, phrase: str, capsys: pytest.CaptureFixture[str]) -> None:
    lucia = str(EXAMPLES / "lucia-fernandez.json")
    sender = str(EXAMPLES / "sender-es.json")
    argv = ["--to", lucia, "--from", sender, "--goal-preset", alias, "--json"]
    code, out, _ = run_cli(argv, capsys)
    assert code == 0
    assert re.search(phrase, json.loads(out)["note"])


def test_the_commands_offer_the_drafting_limits() -> None:
    from composer.commands import _common
    from composer.core.contract import LIMITS

    assert _common.LIMITS == LIMITS


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_and_one_line_usage_errors(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli([name, "--help"], capsys)
    assert code == 0 and err == ""
    assert out.startswith(f"usage: compose {name}") and "exit status: 0 " in out
    code, out, err = run_cli([name, "--no-such-flag"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("compose: error: ") and err.count("\n") == 1
    assert err.endswith(f"(see compose {name} --help)\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "hi", "--to", ""], "the profile path is empty"),
        (["batch", EXAMPLES_DIR, "--out", ""], "the output (--out) path is empty"),
        (["batch", "", "--out", "o.jsonl"], "the TARGETS path is empty"),
        (["batch", EXAMPLES_DIR, "--out", "."], ".: cannot write the output (--out): that is a"),
        (["batch", EXAMPLES_DIR, "--out", "/"], "/: cannot write the output (--out): that is a"),
        (["import", ""], "the export path is empty"),
        (["triage", ""], "the export path is empty"),
        (["triage", "--invitation", ""], "the invitation (--invitation) path is empty"),
    ],
)
def test_an_empty_or_nameless_path_is_one_line_not_the_current_folder(
    argv: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `--to "$T"` with T unset: Path("") is ".", which used to be read as the current
    # folder (a check without a target, an import of whatever CSVs are there) or, for
    # --out, crashed with a traceback.
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(argv, capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"compose: error: {message}") and err.count("\n") == 1, err
    assert list(tmp_path.iterdir()) == []  # nothing written where the user stood


def test_goal_and_preset_combine(capsys: pytest.CaptureFixture[str]) -> None:
    # The preset sets the kind of goal, the words say what exactly.
    argv = ["--to", PRIYA, "--from", str(EXAMPLES / "me.json"), "--goal-preset", "job-search",
            "--goal", "backend roles in Toronto", "--json"]  # fmt: skip
    _, out, _ = run_cli(argv, capsys)
    note = json.loads(out)["note"]
    assert "I'm looking for backend roles in Toronto" in note, note


@pytest.mark.parametrize(("flag", "env", "expect"), [
    (["--register", "usted"], {}, "su "), ([], {"COMPOSER_REGISTER": "usted"}, "su "),
    (["--register", "tú"], {"COMPOSER_REGISTER": "usted"}, "tu "),
])  # fmt: skip
def test_register_flag_and_setting(
    flag: list[str], env: dict[str, str], expect: str,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    lucia = str(EXAMPLES / "lucia-fernandez.json")
    argv = ["--to", lucia, "--from", str(EXAMPLES / "sender-es.json"), "--goal-preset",
            "learning", *flag, "--json"]  # fmt: skip
    code, out, _ = run_cli(argv, capsys)
    note = json.loads(out)["note"]
    assert code == 0
    tu = re.findall(r"\b(?:tu|tus|te|contigo|estuviste|llegaste|estás|haces|trabajas)\b", note)
    usted = re.findall(r"\b(?:su|sus|le|usted|estuvo|llegó|hace|trabaja)\b", note)
    if expect == "su ":
        assert usted and not tu, note
    else:
        assert tu and not usted, note


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["--too", "X"],
            "unrecognized arguments: --too X; did you mean '--to'? (see compose --help)",
        ),
        (["chek"], "unknown command 'chek'; did you mean 'check'? (see compose --help)"),
        (["--to", PRIYA, "--goal-preset", "jobsearch"], "did you mean 'job-search'?"),
        (["mark", "1", "sen"], "did you mean 'sent'? (see compose mark --help)"),
        (["history", "--outcme", "sent"], "did you mean '--outcome'?"),
    ],
)
def test_a_typo_gets_the_closest_command_flag_or_preset(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1


def test_no_suggestion_for_what_is_nothing_like_a_choice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["xyzzy"]) == 2
    assert "did you mean" not in capsys.readouterr().err
