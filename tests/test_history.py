"""The history store: migrations, recording, listing, marking, forgetting, concurrency."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from composer.cli import main
from composer.core.goals import Goal
from composer.history import History, default_db_path, describe, notice_for, record_draft
from composer.history.migrations import MIGRATIONS
from composer.profile import Profile
from tests.support import EXAMPLES, ROOT
from tests.support.history import make, old_insert


def test_database_lives_in_composer_home(tmp_path: Path) -> None:
    assert default_db_path() == tmp_path / "composer-home" / "history.db"
    with History() as history:
        history.record(*make(), source="cli")
    assert (tmp_path / "composer-home" / "history.db").is_file()


def test_migrations_are_applied_once_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    History(path).close()
    History(path).close()
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    assert names[0] == "m001_initial"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_new_migration_is_applied_to_an_existing_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "h.db"
    with History(path) as history:
        history.record(*make(), source="cli")
    extra = ("m999_test", "CREATE TABLE extra (x INTEGER);")
    monkeypatch.setattr("composer.history.migrations.MIGRATIONS", [*MIGRATIONS, extra])
    with History(path) as history:
        assert history.count() == 1  # data kept
        history.conn.execute("INSERT INTO extra VALUES (1)")
        applied = {r[0] for r in history.conn.execute("SELECT name FROM _migrations")}
    assert "m999_test" in applied


def test_not_a_database_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "composer-home"
    home.mkdir()
    (home / "history.db").write_text("this is not sqlite, " * 100)
    assert main(["history"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("compose: error: ") and "history.db" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_record_keeps_everything_the_issue_lists() -> None:
    request, result = make(
        warnings=1, goal=Goal(text="hire", preset="hiring"), engine="openai",
        usage={"prompt_tokens": 120, "completion_tokens": 30},
    )  # fmt: skip
    with History() as history:
        rid = history.record(request, result, source="batch")
        record = history.get(rid)
    assert record is not None
    assert record.target_id == "linkedin.com/in/priya-shah"
    assert record.target_name == "Priya Shah"
    assert record.note == result.note
    assert record.findings[0]["rule"] == "cliche" and record.warnings == 1
    assert (record.goal_text, record.goal_preset) == ("hire", "hiring")
    assert (record.engine, record.model, record.source) == ("openai", "m-1", "batch")
    assert (record.prompt_tokens, record.completion_tokens) == (120, 30)
    assert record.created_at.endswith("+00:00") and record.outcome is None


def test_history_lists_newest_first_and_filters_by_person(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record_draft(*make("Priya Shah"), source="cli")
    record_draft(*make("Lucía Fernández", "linkedin.com/in/lucia", "Hola Lucía, soy Alex."), "tui")
    record_draft(*make("Priya Shah", note="Hi Priya, second try: I'm Alex."), source="cli")
    assert main(["history"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].split()[0] == "3" and "second try" in lines[0]
    assert "Lucía Fernández" in lines[1] and "drafted" in lines[1]

    assert main(["history", "--to", "https://linkedin.com/in/Priya-Shah?trk=x", "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == [3, 1]
    assert {r["name"] for r in rows} == {"Priya Shah"}

    assert main(["history", "--to", "lucía fernández", "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == [2] and rows[0]["source"] == "tui"


def test_history_to_a_profile_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    record_draft(*make(), source="cli")
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"name": "Priya Shah", "url": "linkedin.com/in/priya-shah"}))
    assert main(["history", "--to", str(path), "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    # Someone with no note (their file resolves, nothing matches) is not "no notes yet".
    other = tmp_path / "o.json"
    other.write_text(json.dumps({"name": "Bo Li", "url": "linkedin.com/in/bo-li"}))
    assert main(["history", "--to", str(other)]) == 0
    captured = capsys.readouterr()
    assert (
        captured.out == "" and captured.err == f"compose history: nothing recorded for '{other}'\n"
    )
    assert main(["history", "--outcome", "accepted"]) == 0
    assert capsys.readouterr().err == "compose history: no accepted notes (1 recorded in all)\n"


def test_empty_history_says_how_to_start(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "compose --to" in captured.err


def test_mark_records_the_outcome_and_unknown_id_is_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record_draft(*make(), source="cli")
    assert main(["mark", "1", "accepted"]) == 0
    assert "#1 Priya Shah: accepted" in capsys.readouterr().out
    with History() as history:
        record = history.get(1)
    assert record is not None and record.outcome == "accepted" and record.outcome_at
    assert main(["mark", "42", "sent"]) == 2
    assert "no history record with id 42" in capsys.readouterr().err
    huge = "9" * 25  # past SQLite's integers: the same one line, not an OverflowError
    assert main(["mark", huge, "sent"]) == 2
    assert capsys.readouterr().err == (
        f"compose: error: no history record with id {huge} (see compose history)\n"
    )
    assert main(["mark", "0", "sent"]) == 2
    assert "no history record with id 0" in capsys.readouterr().err
    assert main(["mark", "1", "maybe"]) == 2  # one line, not a usage dump
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice: 'maybe'" in err


def test_notice_says_when_and_what_happened() -> None:
    request, result = make()
    assert notice_for(request.target) is None
    record_draft(request, result, source="cli")
    notice = notice_for(request.target)
    assert notice is not None and "already drafted for Priya Shah on" in notice
    main(["mark", "1", "sent"])
    record_draft(request, result, source="cli")  # a later draft that was never sent
    notice = notice_for(request.target)
    assert notice is not None and "already invited on" in notice and "(sent, #1)" in notice


def test_forget_deletes_everything_about_one_person(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = "Hi Priya, note-with-a-unique-marker-xyzzy, I'm Alex."
    record_draft(*make(note=secret), source="cli")
    record_draft(*make(note=secret), source="batch")
    record_draft(*make("Lucía Fernández", "linkedin.com/in/lucia", "Hola Lucía"), "cli")
    assert main(["forget", "Priya Shah"]) == 0
    assert "2 note records deleted" in capsys.readouterr().out
    with History() as history:
        assert [r.target_name for r in history.records()] == ["Lucía Fernández"]
    # Nothing of it stays on disk (secure_delete + WAL checkpoint).
    home = tmp_path / "composer-home"
    for f in home.iterdir():
        assert b"xyzzy" not in f.read_bytes(), f.name
    assert main(["forget", "linkedin.com/in/nobody"]) == 0
    assert "nothing recorded" in capsys.readouterr().err


def test_an_id_is_never_given_twice_even_after_forget(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`compose mark ID` takes what `compose history` showed: once Priya's notes (the
    newest) are forgotten, the next note must not take her old id."""
    lucia = record_draft(*make("Lucía Fernández", "linkedin.com/in/lucia", "Hola Lucía"), "cli")
    priya = record_draft(*make(), source="cli")
    assert main(["forget", "Priya Shah"]) == 0
    sam = record_draft(*make("Sam Okafor", "linkedin.com/in/sam", "Hi Sam"), source="cli")
    assert lucia is not None and priya is not None and sam is not None
    assert sam > priya > lucia
    capsys.readouterr()
    assert main(["mark", str(priya), "accepted"]) == 2  # gone, not Sam's note
    assert str(priya) in capsys.readouterr().err
    with History() as history:
        record = history.get(sam)
        assert record is not None and record.outcome is None


def test_an_older_database_keeps_its_notes_and_ids_when_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "h.db"
    monkeypatch.setattr("composer.history.migrations.MIGRATIONS", MIGRATIONS[:3])
    with History(path) as history:
        # Written as the code of that schema wrote them (today's adds later columns).
        first = old_insert(history, "Ana Gil", "linkedin.com/in/ana", "Hola Ana", "cli")
        second = old_insert(history, "Priya Shah", "linkedin.com/in/priya-shah", "Hi", "tui")
        # As the code of that schema marked it (today's mark() also sets sent_at).
        history.conn.execute(
            "UPDATE notes SET outcome = 'sent', outcome_at = '2026-01-31T23:30:00+00:00'"
            " WHERE id = ?",
            (second,),
        )
    monkeypatch.setattr("composer.history.migrations.MIGRATIONS", MIGRATIONS)
    with History(path) as history:
        kept = {r.id: (r.target_name, r.outcome) for r in history.records()}
        assert kept == {first: ("Ana Gil", None), second: ("Priya Shah", "sent")}
        # m006: the day a note was marked sent is kept for the note budget.
        assert [r.sent_at for r in history.records()] == ["2026-01-31T23:30:00+00:00", None]
        assert history.forget("linkedin.com/in/priya-shah") == 1  # the newest note
        assert history.record(*make("Sam Okafor", "linkedin.com/in/sam"), source="cli") > second


def test_forget_an_ambiguous_name_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    record_draft(*make("Ana García", "linkedin.com/in/ana-1", "Hola Ana"), "cli")
    record_draft(*make("Ana García", "linkedin.com/in/ana-2", "Hola Ana"), "cli")
    assert main(["forget", "ana garcía"]) == 2
    err = capsys.readouterr().err
    assert "matches 2 people" in err and "linkedin.com/in/ana-2" in err
    with History() as history:
        assert history.count() == 2


def test_unwritable_history_is_a_warning_not_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("COMPOSER_HOME", str(blocker / "sub"))
    assert record_draft(*make(), source="cli") is None
    assert "warning: note not recorded" in capsys.readouterr().err
    assert notice_for(Profile(name="X")) is None


def _writer(args: tuple[str, int, int]) -> int:
    home, worker, count = args
    os.environ["COMPOSER_HOME"] = home
    with History() as history:
        for i in range(count):
            history.record(
                *make(f"P{worker}-{i}", f"linkedin.com/in/p{worker}-{i}", "Hi"), source="batch"
            )
    return count


def test_several_processes_write_at_once_without_losing_a_record(tmp_path: Path) -> None:
    home = str(tmp_path / "composer-home")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        done = pool.map(_writer, [(home, w, 50) for w in range(4)])
    assert done == [50] * 4
    with History() as history:
        assert history.count() == 200
        assert len({r.target_id for r in history.records()}) == 200


def test_a_killed_writer_loses_nothing_already_recorded(tmp_path: Path) -> None:
    code = (
        "import os, signal\n"
        "from tests.support.history import make\n"
        "from composer.history import History\n"
        "h = History()\n"
        "for i in range(20):\n"
        "    h.record(*make(f'P{i}', f'linkedin.com/in/p{i}', 'Hi'), source='batch')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, timeout=60)
    assert proc.returncode == -9
    with History() as history:
        assert history.count() == 20
        assert describe(history.records()[0]).startswith("already drafted for P19")


def test_forget_also_deletes_imported_linkedin_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["import", str(ROOT / "tests" / "fixtures" / "linkedin-export")]) == 0
    record_draft(*make("Ana García", "https://www.linkedin.com/in/ana-garcia", "Hola Ana"), "cli")
    capsys.readouterr()
    assert main(["forget", "https://www.linkedin.com/in/ana-garcia/"]) == 0
    out = capsys.readouterr().out
    assert "1 note record and" in out and "imported LinkedIn row" in out
    with History() as history:
        left = history.conn.execute(
            "SELECT count(*) FROM linkedin_invitations WHERE recipient = 'Ana García'"
        ).fetchone()[0]
        left += history.conn.execute(
            "SELECT count(*) FROM linkedin_connections WHERE url LIKE '%ana-garcia%'"
        ).fetchone()[0]
    assert left == 0
    for f in (tmp_path / "composer-home").iterdir():  # her invitation and her position
        data = f.read_bytes()
        assert "previsión de demanda".encode() not in data, f.name
        assert "Directora de Analítica".encode() not in data, f.name


def test_one_shot_compose_records_and_warns_before_drafting_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["--to", str(EXAMPLES / "priya-shah.json"), "--from", str(EXAMPLES / "me.json")]
    main(args)
    first = capsys.readouterr()
    assert "already" not in first.err
    with History() as history:
        (record,) = history.records()
    assert record.target_name == "Priya Shah" and record.source == "cli"
    assert record.note in first.out

    main(["mark", str(record.id), "sent"])
    capsys.readouterr()
    main([*args, "--json"])
    second = capsys.readouterr()
    today = record.created_at[:10]
    assert f"compose: note: Priya Shah already invited on {today} (sent, #1)" in second.err
    json.loads(second.out)  # stdout stays one JSON object
    with History() as history:
        assert history.count() == 2


@pytest.mark.parametrize(
    "argv", [["history", "--all"], ["stats"], ["mark", "1", "sent"], ["forget", "nobody"]]
)
def test_history_commands_import_no_heavy_module(argv: list[str], tmp_path: Path) -> None:
    probe = (
        "import json, sys\n"
        "from composer.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'openai', 'textual', 'jinja2'})\n"
        "print(json.dumps(heavy))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", probe, *argv], env=env, capture_output=True, text=True, timeout=60
    )
    assert json.loads(proc.stdout.splitlines()[-1]) == [], proc.stderr


def test_mark_a_person_marks_their_latest_note(capsys: pytest.CaptureFixture[str]) -> None:
    record_draft(*make(), source="cli")
    record_draft(*make(note="Hi Priya, second draft"), source="cli")
    assert main(["mark", "https://www.linkedin.com/in/priya-shah", "sent"]) == 0
    assert capsys.readouterr().out == "#2 Priya Shah: sent\n"
    assert main(["mark", "#1", "ignored"]) == 0
    assert main(["mark", "Nobody Here", "sent"]) == 2
    assert "no note recorded for 'Nobody Here'" in capsys.readouterr().err


def test_a_name_is_found_without_its_accents_or_by_one_of_its_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record_draft(*make("Lucía Fernández", "linkedin.com/in/lucia", "Hola Lucía"), "cli")
    record_draft(*make("Gareth Mills", "linkedin.com/in/gareth", "Hi Gareth"), "cli")
    for typed in ("Lucia Fernandez", "LUCÍA fernández", "  lucia   FERNANDEZ ", "Fernandez"):
        assert main(["history", "--to", typed, "--json"]) == 0
        rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
        assert [r["name"] for r in rows] == ["Lucía Fernández"], typed
    assert main(["mark", "Gareth", "sent"]) == 0  # mark and forget look people up alike
    assert capsys.readouterr().out.strip() == "#2 Gareth Mills: sent"
    assert main(["history", "--to", "Gar"]) == 0  # a word, not a piece of one
    assert "nothing recorded for 'Gar'" in capsys.readouterr().err
    record_draft(*make("Gareth Jones", "linkedin.com/in/gj", "Hi Gareth"), "cli")
    assert main(["forget", "gareth"]) == 2
    err = capsys.readouterr().err
    assert "matches 2 people" in err and "Gareth Jones linkedin.com/in/gj" in err
    assert main(["forget", "Gareth Mills"]) == 0  # the whole name is one person
