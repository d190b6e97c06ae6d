"""Hostile and broken input (issue 15): every reproduction is an error naming the file
and the field, or a target that failed while the others are drafted; never a traceback,
never a line silently lost."""

from __future__ import annotations

import json
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.batch.targets import read_targets
from composer.cli import main
from composer.core.errors import InputError
from composer.export.source import ExportSource
from composer.profile import load_profile, profile_from_dict
from composer.profile.readers import loads_json

HUGE = "1" + "0" * 5000
BIG_PROFILE = '{"name":"X","experience":[{"title":"a","company":"b","start":' + HUGE + "}]}"


def test_a_huge_integer_in_a_profile_names_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.json"
    path.write_text(BIG_PROFILE)
    assert main(["--to", str(path), "--engine", "offline"]) == 2
    err = capsys.readouterr().err
    assert f"{path}: field 'experience[0].start': " in err
    assert "5001 digits" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_a_huge_integer_on_a_jsonl_line_and_in_a_folder_fails_that_target_only(
    tmp_path: Path,
) -> None:
    jsonl = tmp_path / "t.jsonl"
    jsonl.write_text(BIG_PROFILE + '\n{"name": "Ana Ruiz"}\n')
    bad, good = read_targets(jsonl)
    assert bad.error and "field 'experience[0].start'" in bad.error
    assert good.profile is not None and good.profile.name == "Ana Ruiz"
    folder = tmp_path / "people"
    folder.mkdir()
    (folder / "a.json").write_text(BIG_PROFILE)
    (folder / "b.json").write_text('{"name": "Ana Ruiz", "goal": ' + HUGE + "}")
    (folder / "c.json").write_text('{"name": "Carl One"}')
    targets = read_targets(folder)
    assert [t.name for t in targets] == ["", "", "Carl One"]
    assert targets[1].error and "field 'goal'" in targets[1].error


def test_a_batch_over_a_folder_with_a_huge_integer_drafts_the_others(
    tmp_path: Path, examples: Path
) -> None:
    folder = tmp_path / "people"
    folder.mkdir()
    (folder / "a.json").write_text(BIG_PROFILE)
    (folder / "priya.json").write_text((examples / "priya-shah.json").read_text())
    out = tmp_path / "out.jsonl"
    code = main(["batch", str(folder), "--out", str(out), "--engine", "offline"])
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert code in (0, 1) and len(lines) == 2
    assert any(entry.get("note") for entry in lines)


def test_deep_nesting_on_a_jsonl_line_is_that_line_s_error(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text("[" * 100_000 + '\n{"name": "Ana Ruiz"}\n')
    bad, good = read_targets(path)
    assert bad.error and "nested too deeply" in bad.error and good.name == "Ana Ruiz"


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_a_symlink_loop_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("loop", "loop.jsonl"):
        link = tmp_path / name
        link.symlink_to(link)
        assert main(["batch", str(link), "--out", str(tmp_path / "o.jsonl")]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"compose: error: {link}: ") and "Traceback" not in err


def test_an_unterminated_quote_loses_only_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "uq.csv"
    path.write_text(
        "name,headline,company\nAna Ruiz,Engineer,Co\n"
        '"Bad Quote,Engineer,Co\nCarl One,Engineer,Co\nDana Two,Engineer,Co\n'
    )
    targets = read_targets(path)
    assert [t.name for t in targets] == ["Ana Ruiz", "", "Carl One", "Dana Two"]
    assert targets[1].error == f"{path}:3: a quoted field is never closed"
    # A quoted field that spans lines and is closed is still one field.
    path.write_text('name,about\nAna Ruiz,"line one\nline two"\nCarl One,x\n')
    ana, carl = read_targets(path)
    assert ana.profile and ana.profile.about == "line one\nline two" and carl.line == 4


def test_an_invalid_utf8_line_is_that_line_s_error(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"name": "Ana Ruiz"}\n{"name": "\xff\xfe"}\n{"name": "Carl One"}\n')
    ana, bad, carl = read_targets(path)
    assert ana.name == "Ana Ruiz" and carl.name == "Carl One"
    assert bad.error == f"{path}:2: not UTF-8 text (bad byte at column 11)"


def test_a_jsonl_line_over_the_profile_cap_is_that_line_s_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("composer.batch.targets.MAX_PROFILE_BYTES", 1000)
    path = tmp_path / "t.jsonl"
    path.write_text('{"name": "' + "a" * 5000 + '"}\n{"name": "Carl One"}\n')
    bad, carl = read_targets(path)
    assert bad.error and "longer than the 0 KB limit" in bad.error and carl.name == "Carl One"


def test_a_csv_line_over_the_cap_is_that_line_s_error(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("name,about\nAna Ruiz," + "a" * (1024 * 1024 + 10) + "\nCarl One,x\n")
    bad, carl = read_targets(path)
    assert bad.error and "longer than 1024 KB" in bad.error and carl.name == "Carl One"


@settings(max_examples=100, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["name", "experience", "start", "title", "skills", "language",
                         "basics", "work", "recent_posts", "photo", "goal"]) | st.text(),
        inner, max_size=5),
    max_leaves=20,
))  # fmt: skip
def test_the_profile_reader_never_crashes(data: object) -> None:
    try:
        profile = profile_from_dict(data, source="p.json")
    except InputError as exc:
        assert exc.message.startswith("p.json") and "\n" not in exc.message
    else:
        assert profile.name.strip()


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_profile_file_is_a_profile_or_one_input_error(tmp_path_factory, raw: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("p") / "p.json"
    path.write_bytes(raw)
    try:
        load_profile(path)
    except InputError as exc:
        assert str(path) in exc.message and "\n" not in exc.message


def test_loads_json_keeps_ordinary_numbers() -> None:
    assert loads_json('{"a": 2019, "b": 1.5, "c": -3}') == {"a": 2019, "b": 1.5, "c": -3}


def _peak_rss_kb(code: str) -> int:
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport resource\n"
         "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"],
        capture_output=True, text=True, check=True, env={**os.environ},
    )  # fmt: skip
    return int(out.stdout.split()[-1])


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KB on Linux")
def test_a_zip_bomb_and_a_long_export_line_keep_memory_bounded(tmp_path: Path) -> None:
    """A zip whose Connections.csv inflates past the cap is refused as it is read, and a
    member under the cap is streamed a line at a time: peak memory stays far from the
    size of the file (measured in a subprocess; a modest input keeps the test fast)."""
    bomb = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("Connections.csv", "w") as member,
    ):
        member.write(b"First Name,Last Name,URL\n")
        chunk = b"a" * (1024 * 1024)
        for _ in range(80):  # 80 MB of one line, over the 64 MB cap
            member.write(chunk)
    assert bomb.stat().st_size < 1024 * 1024
    with ExportSource.open(bomb) as src, pytest.raises(InputError, match="too large"):
        from composer.linkedin.network import read_connections

        read_connections(src)
    streamed = tmp_path / "big.zip"
    with (
        zipfile.ZipFile(streamed, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("Connections.csv", "w") as member,
    ):
        member.write(b"First Name,Last Name,Notes\n")
        row = b"Ana,Gil," + b"x" * 2000 + b"\n"
        for _ in range(15_000):  # 30 MB, under the cap; the Notes column is not kept
            member.write(row)
    code = (
        "from composer.export.source import ExportSource\n"
        "from composer.linkedin.network import read_connections\n"
        f"assert len(read_connections(ExportSource.open({str(streamed)!r}))) == 15_000\n"
    )
    baseline = _peak_rss_kb("import composer.linkedin.network")
    peak = _peak_rss_kb(code)
    assert peak - baseline < 20 * 1024, f"{(peak - baseline) // 1024} MB over the baseline"


def _export(folder: Path, invitations: str, connections: str) -> Path:
    folder.mkdir()
    (folder / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n" + invitations
    )
    (folder / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + connections
    )
    return folder


def test_namesakes_invited_on_the_same_day_are_two_invitations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    me = "https://www.linkedin.com/in/me"
    export = _export(
        tmp_path / "export",
        f'Me Myself,John Smith,"1/15/24, 4:02 PM",,OUTGOING,{me},'
        "https://www.linkedin.com/in/john-smith-1\n"
        f'Me Myself,John Smith,"1/15/24, 6:10 PM",,OUTGOING,{me},'
        "https://www.linkedin.com/in/john-smith-2\n",
        "John,Smith,https://www.linkedin.com/in/john-smith-2,,Co,Eng,20 Jan 2024\n",
    )
    assert main(["import", str(export)]) == 0
    out = capsys.readouterr().out
    assert "2 invitations (2 sent, 0 received; 2 new)" in out
    assert "1 of 2 invitations you sent were accepted (50%)" in out
    assert main(["import", str(export)]) == 0  # idempotent: nothing new the second time
    assert "0 new" in capsys.readouterr().out


def test_keys_stored_before_the_url_was_part_of_them_are_migrated(tmp_path: Path) -> None:
    import sqlite3

    from composer.history import History, migrations

    db = tmp_path / "h.db"
    old = [m for m in migrations.MIGRATIONS if m[0] != "m005_invitation_key_url"]
    conn = sqlite3.connect(db, isolation_level=None)
    for name, sql in old:
        for statement in migrations._statements(sql):
            conn.execute(statement)
        migrations.applied(conn)
        conn.execute("INSERT INTO _migrations VALUES (?, 'x')", (name,))
    conn.execute(
        "INSERT INTO linkedin_invitations (key, direction, sender, recipient, recipient_url,"
        " imported_at) VALUES ('OUTGOING|me|john smith|2024-01-15', 'OUTGOING', 'Me',"
        " 'John Smith', 'linkedin.com/in/john', 'x')"
    )
    conn.close()
    with History(db) as history:
        (key,) = history.conn.execute("SELECT key FROM linkedin_invitations").fetchone()
    assert key == "OUTGOING|me|john smith|2024-01-15|linkedin.com/in/john"


@pytest.mark.parametrize(
    ("value", "message"),
    [("-1", "must be 0 or more"), ("x", "expected a whole number")],
)
def test_history_limit_must_be_a_count(
    value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "-n", value]) == 2
    assert message in capsys.readouterr().err


def test_a_huge_history_limit_shows_everything(
    examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--to", str(examples / "priya-shah.json"), "--engine", "offline"]) in (0, 1)
    capsys.readouterr()
    assert main(["history", "-n", "99999999999999999999999"]) == 0
    out, err = capsys.readouterr()
    assert "Priya Shah" in out and err == ""


def _recorded(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--to", str(examples / "priya-shah.json"), "--engine", "offline"]) in (0, 1)
    capsys.readouterr()


@pytest.mark.parametrize(
    "argv",
    [["mark", "1", "sent"], ["forget", "Priya Shah"], ["import", "EXPORT"]],
)
def test_a_read_only_history_is_one_line_exit_2(
    argv: list[str],
    examples: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import sqlite3

    from tests.support import ROOT

    _recorded(examples, capsys)
    real_connect = sqlite3.connect

    def read_only(path: object, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.pop("uri", None)
        connection: sqlite3.Connection = real_connect(
            f"file:{path}?mode=ro", *args, uri=True, **kwargs
        )
        return connection

    monkeypatch.setattr("composer.history.store.sqlite3.connect", read_only)
    argv = [str(ROOT / "tests/fixtures/linkedin-export") if a == "EXPORT" else a for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert "history.db: the history database is read-only" in err and "move it aside" not in err


def test_a_locked_history_says_so_and_never_says_move_it_aside(
    examples: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from composer.config.paths import default_db_path

    _recorded(examples, capsys)
    monkeypatch.setattr("composer.history.store.BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(default_db_path(), isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert main(["mark", "1", "sent"]) == 2
    finally:
        holder.close()
    err = capsys.readouterr().err
    assert "locked by another process" in err and "move it aside" not in err
    assert len(err.splitlines()) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_history_is_private(
    examples: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "umask", os.umask)  # restored after the test
    old = os.umask(0o022)  # the usual umask, which made history.db 0644
    try:
        _recorded(examples, capsys)
    finally:
        os.umask(old)
    from composer.config.paths import data_dir, default_db_path
    from composer.history import History

    assert data_dir().stat().st_mode & 0o777 == 0o700
    db = default_db_path()
    old = os.umask(0o022)
    try:
        with History() as history:  # the -wal and -shm files exist while it is open
            assert history.mark(1, "sent")
            for file in (db, db.with_name("history.db-wal"), db.with_name("history.db-shm")):
                assert file.stat().st_mode & 0o777 == 0o600, file
    finally:
        os.umask(old)
    db.chmod(0o644)  # an existing database left readable by an older version is narrowed
    assert main(["history"]) == 0
    assert db.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_batch_lock_file_is_private(tmp_path: Path, examples: Path) -> None:
    out = tmp_path / "drafts.jsonl"
    old = os.umask(0o022)
    try:
        main(["batch", str(examples), "--out", str(out), "--engine", "offline", "--no-history"])
    finally:
        os.umask(old)
    assert (tmp_path / ".drafts.jsonl.lock").stat().st_mode & 0o777 == 0o600
