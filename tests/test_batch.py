"""compose batch with the offline engine: inputs, bad lines, resume, duplicates, summary."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from composer.cli import main
from composer.history import History
from tests.support import EXAMPLES
from tests.support.batch import ME, people, read_out, write_jsonl
from tests.support.permissions import refuse_writes

# The note budget is tested in test_batch_notes.py: here every target gets a note.
pytestmark = pytest.mark.usefixtures("notes_unlimited")


@pytest.fixture(autouse=True)
def _sender(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notes introduce a sender (the checker requires a self-introduction)."""
    monkeypatch.setenv("COMPOSER_SENDER", str(EXAMPLES / "me.json"))


def test_jsonl_every_target_one_line_with_the_documented_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(5))
    out = tmp_path / "drafts.jsonl"
    code = main(["batch", str(targets), "--out", str(out), "--from", ME, "--goal-preset", "hiring"])
    assert code == 0
    lines = read_out(out)
    assert [x["target"] for x in lines] == [f"linkedin.com/in/person-{i}" for i in range(5)]
    for line in lines:
        assert isinstance(line["note"], str) and "Person" in line["note"]
        assert line["ok"] is True and line["error"] is None
        assert line["engine"] == "offline" and "model" in line
        assert isinstance(line["findings"], list)
        assert line["goal_preset"] == "hiring"
    err = capsys.readouterr().err
    assert "[5/5] Person4 Example: ok" in err  # not a TTY: plain lines
    assert "drafted           5" in err and "failed            0" in err
    assert "tokens" in err


def test_bad_lines_are_reported_with_their_line_number_and_the_rest_is_drafted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[object] = [*people(2), "{not json", {"headline": "no name"}, "", *people(1, start=2)]
    targets = write_jsonl(tmp_path / "t.jsonl", rows)
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(targets), "--out", str(out)]) == 1
    lines = read_out(out)
    assert len(lines) == 5
    errors = {x["source"]: x["error"] for x in lines if x["error"]}
    assert errors == {
        f"{targets}:3": f"{targets}:3: invalid JSON (Expecting property name enclosed in double "
        "quotes)",
        f"{targets}:4": f"{targets}: field 'name': is required".replace(
            f"{targets}:", f"{targets}:4:"
        ),
    }
    assert sum(1 for x in lines if x["ok"]) == 3
    err = capsys.readouterr().err
    assert f"{targets}:3: invalid JSON" in err and f"{targets}:4: field 'name'" in err
    assert "2 bad input" in err


def test_csv_columns_per_row_goal_and_malformed_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["Name", "Headline", "Company", "Title", "Location", "Language", "URL", "About",
                    "goal", "notes"])  # fmt: skip
        about = "Lidero equipos.\nMe encanta Go."  # a quoted newline: the row spans 2 lines
        w.writerow(["Ana García", "CTO en Cabify", "Cabify", "CTO", "Madrid", "es",
                    "linkedin.com/in/ana-garcia", about, "", "x"])  # fmt: skip
        w.writerow(["", "nameless", "", "", "", "", "", "", "", ""])
        w.writerow(["Bo Li", "Staff Engineer at Stripe", "Stripe", "Staff Engineer", "", "en",
                    "linkedin.com/in/bo-li", "", "talk about the payments team I am hiring for",
                    ""])  # fmt: skip
        w.writerow(["Too", "many", "", "", "", "", "", "", "", "", "extra"])
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(path), "--out", str(out), "--from", ME]) == 1
    lines = {x["source"]: x for x in read_out(out)}
    # The quoted newline in row 2 moves the next rows down a line.
    assert set(lines) == {f"{path}:2", f"{path}:4", f"{path}:5", f"{path}:6"}
    ana = lines[f"{path}:2"]
    assert ana["target"] == "linkedin.com/in/ana-garcia" and ana["language"] == "es"
    assert "Hola, Ana" in ana["note"]
    assert "field 'name'" in lines[f"{path}:4"]["error"]
    assert lines[f"{path}:5"]["goal"] == "talk about the payments team I am hiring for"
    assert "11 fields but the header has 10" in lines[f"{path}:6"]["error"]


def test_csv_without_a_name_column_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("person,headline\nAna,CTO\n")
    assert main(["batch", str(path), "--out", str(tmp_path / "o.jsonl")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f"compose: error: {path}: no 'name' column in the header (found: person, headline); "
        "name it 'name' (or 'full name', or 'first name' and 'last name')"
    )
    assert not (tmp_path / "o.jsonl").exists()


def test_csv_header_variants_are_read_as_the_profile_fields(tmp_path: Path) -> None:
    # Spreadsheets and CRM exports rarely say "name"/"title"/"url": read the usual variants.
    path = tmp_path / "t.csv"
    path.write_text(
        "First Name,Last_Name,Job Title,Company Name,LinkedIn URL,Summary,Goal Preset,Notes\n"
        "Ana,García,CTO,Cabify,https://www.linkedin.com/in/ana-garcia/,Leads Go teams,hiring,x\n"
        "Bo,,Staff Engineer,Stripe,,,,\n"
        ",,CTO,Nobody Inc,,,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(path), "--out", str(out), "--from", ME]) == 1
    lines = {x["source"]: x for x in read_out(out)}
    ana, bo, nameless = lines[f"{path}:2"], lines[f"{path}:3"], lines[f"{path}:4"]
    assert ana["target"] == "linkedin.com/in/ana-garcia" and ana["name"] == "Ana García"
    assert ana["goal_preset"] == "hiring"
    assert "Cabify" in str(ana["note"]) or "CTO" in str(ana["note"])
    assert bo["name"] == "Bo" and str(bo["target"]).startswith("sha256:")
    assert "Stripe" in str(bo["note"])
    assert nameless["error"] == f"{path}:4: field 'name': is required"


@pytest.mark.parametrize("retry", [[], ["--retry-failed"]])
def test_a_fixed_bad_row_replaces_its_failure(
    tmp_path: Path, retry: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "targets.csv"
    rows = "name,company\nAna García,Cabify\nBo Li,Stripe\n"
    path.write_text(rows + ",Nobody Inc\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(path), "--out", str(out), "--from", ME]) == 1
    assert [x["error"] for x in read_out(out) if x.get("error")] == [
        f"{path}:4: field 'name': is required"
    ]
    capsys.readouterr()
    path.write_text(rows + "Cy Ode,Nobody Inc\n", encoding="utf-8")  # the row fixed
    assert main(["batch", str(path), "--out", str(out), "--from", ME, *retry]) == 0
    assert "failed target" not in capsys.readouterr().err
    lines = read_out(out)
    assert [x["name"] for x in lines] == ["Ana García", "Bo Li", "Cy Ode"]
    assert not [x for x in lines if x.get("error")]
    assert main(["batch", str(path), "--out", str(out), "--from", ME]) == 0  # nothing left
    assert len(read_out(out)) == 3


def test_a_bad_row_left_as_it_is_stays_failed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "targets.csv"
    path.write_text("name,company\nAna García,Cabify\n,Nobody Inc\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(path), "--out", str(out), "--from", ME]) == 1
    capsys.readouterr()
    assert main(["batch", str(path), "--out", str(out), "--from", ME]) == 1
    assert "also holds 1 failed target and 0 notes with errors" in capsys.readouterr().err
    assert len(read_out(out)) == 2


def test_directory_of_profiles(tmp_path: Path) -> None:
    folder = tmp_path / "people"
    folder.mkdir()
    for name in ("priya-shah.json", "lucia-fernandez.json", "jane-doe.resume.json"):
        (folder / name).write_text((EXAMPLES / name).read_text())
    (folder / "broken.json").write_text("{")
    (folder / "notes.txt").write_text("ignored")
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(folder), "--out", str(out), "--from", ME]) == 1
    lines = read_out(out)
    assert len(lines) == 4
    assert {x["name"] for x in lines if not x["error"]} == {
        "Priya Shah", "Lucía Fernández", "Jane Doe",
    }  # fmt: skip
    broken = [x for x in lines if x["error"]]
    assert broken[0]["source"].endswith("broken.json") and "invalid JSON" in broken[0]["error"]


def test_the_senders_own_profile_among_the_targets_is_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "attendees"  # an event's list that includes the user
    folder.mkdir()
    for name in ("me.json", "priya-shah.json"):
        (folder / name).write_text((EXAMPLES / name).read_text())
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(folder), "--out", str(out), "--from", ME]) == 0
    me, priya = read_out(out)
    assert me["name"] == "Alex Chen" and me["note"] is None and me["error"] is None
    assert me["skipped"] == "this is your own profile (--from): nobody to invite"
    assert priya["ok"] is True
    err = capsys.readouterr().err
    assert "skipped           1  your own profile (--from)" in err
    assert main(["batch", str(folder), "--out", str(out), "--from", ME]) == 0  # rerun: done
    assert len(read_out(out)) == 2


def test_unknown_input_format_and_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["batch", str(tmp_path / "x.txt"), "--out", "o.jsonl"]) == 2
    assert "unknown targets format" in capsys.readouterr().err
    assert main(["batch", str(tmp_path / "nope.jsonl"), "--out", "o.jsonl"]) == 2
    assert "nope.jsonl: no such file" in capsys.readouterr().err
    assert main(["batch", "t.jsonl"]) == 2  # --out is required: one line, no usage dump
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--out" in err


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("t.jsonl", "", "no profiles in this file (it is empty)"),
        ("t.jsonl", "\n  \n\n", "no profiles in this file (it is empty)"),
        ("t.csv", "", "the file is empty: it needs a header row"),
        ("t.csv", "name,headline\n\n", "no rows under the header"),
        ("t.json", "[]", "the list of profiles is empty"),
    ],
)
def test_an_empty_input_is_a_clear_error_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"compose: error: {path}: {message}") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == [path]  # no output, no lock file


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("missing/sub/o.jsonl", "the directory {tmp}/missing/sub does not exist"),
        ("folder", "that is a directory"),
        ("t.jsonl/o.jsonl", "{tmp}/t.jsonl is not a directory"),
    ],
)
def test_an_output_that_cannot_be_written_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: str, message: str
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(2))
    (tmp_path / "folder").mkdir()
    assert main(["batch", str(targets), "--out", str(tmp_path / out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"compose: error: {tmp_path / out}: cannot write the output (--out): ")
    assert message.format(tmp=tmp_path) in err and err.count("\n") == 1
    assert not (tmp_path / "missing").exists()  # a mistyped path is not created
    with History() as history:
        assert history.count() == 0


def test_an_output_that_is_not_a_regular_file_is_refused_before_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # /dev/stdout or a FIFO would be read back to resume (a read that never ends).
    targets = write_jsonl(tmp_path / "t.jsonl", people(1))
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    assert main(["batch", str(targets), "--out", str(fifo)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"compose: error: {fifo}: cannot write the output (--out): not a")
    assert not (tmp_path / ".pipe.jsonl.lock").exists()


def test_a_read_only_output_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(2))
    out = tmp_path / "o.jsonl"
    out.write_text("")
    # A file the user may not write (chmod 444 for anyone but root, who CI runs as):
    # opening it for writing is refused, as the system refuses it.
    refuse_writes(monkeypatch, lambda path: path == out)
    assert main(["batch", str(targets), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"compose: error: {out}: cannot write the output (--out): permission denied\n"
    assert out.read_text() == ""


def test_duplicate_targets_are_drafted_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = people(3)
    dup = dict(rows[0], url="HTTPS://www.LinkedIn.com/in/person-0?trk=abc")  # same person
    targets = write_jsonl(tmp_path / "t.jsonl", [*rows, dup, rows[1]])
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(targets), "--out", str(out)]) == 0
    assert [x["target"] for x in read_out(out)] == [
        "linkedin.com/in/person-0", "linkedin.com/in/person-1", "linkedin.com/in/person-2",
    ]  # fmt: skip
    assert "2 duplicates in the input" in capsys.readouterr().err


def test_rerun_resumes_and_skips_what_is_done(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(3))
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(targets), "--out", str(out)]) == 0
    first = out.read_text()
    write_jsonl(targets, people(5))  # two more people added to the list
    capsys.readouterr()
    assert main(["batch", str(targets), "--out", str(out)]) == 0
    lines = read_out(out)
    assert out.read_text().startswith(first)  # appended, never rewritten
    assert [x["target"] for x in lines] == [f"linkedin.com/in/person-{i}" for i in range(5)]
    err = capsys.readouterr().err
    assert "compose batch: 2 of 5 targets in " in err and "3 already in the output" in err
    assert main(["batch", str(targets), "--out", str(out)]) == 0  # nothing left to do
    assert "compose batch: 0 of 5 targets in " in capsys.readouterr().err


def test_a_torn_last_line_is_cut_off_and_redone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(4))
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(targets), "--out", str(out)]) == 0
    good = out.read_text().splitlines(keepends=True)
    out.write_text("".join(good[:2]) + good[2][:37])  # killed while writing line 3
    assert main(["batch", str(targets), "--out", str(out)]) == 0
    lines = read_out(out)
    assert sorted(str(x["target"]) for x in lines) == [
        f"linkedin.com/in/person-{i}" for i in range(4)
    ]
    assert "repaired" in capsys.readouterr().err


def test_an_invalid_complete_last_line_is_also_redone(tmp_path: Path) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(2))
    out = tmp_path / "o.jsonl"
    main(["batch", str(targets), "--out", str(out)])
    good = out.read_text().splitlines(keepends=True)
    out.write_text(good[0] + '{"target": "linkedin.com/in/pers\n')
    assert main(["batch", str(targets), "--out", str(out)]) == 0
    assert len(read_out(out)) == 2


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "Alex Chen", "headline": "Senior Backend Engineer"}',  # a profile, no newline
        "Name,Headline\nAna,CTO",  # a CSV whose last row has no newline
        "some notes",
    ],
)
def test_another_file_given_as_out_is_never_truncated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(2))
    out = tmp_path / "mine.txt"
    out.write_text(text)
    assert main(["batch", str(targets), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{out}: line 1 is not a batch result" in err
    assert out.read_text() == text


def test_a_torn_line_of_any_length_or_zeros_is_redone(tmp_path: Path) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(2))
    out = tmp_path / "o.jsonl"
    main(["batch", str(targets), "--out", str(out)])
    good = out.read_text().splitlines(keepends=True)
    for tail in ('{"tar', "{", '{"target": "linkedin.com/in/person-1", "na', "\x00" * 40):
        out.write_text(good[0] + tail)
        assert main(["batch", str(targets), "--out", str(out)]) == 0
        assert [x["target"] for x in read_out(out)] == [
            "linkedin.com/in/person-0", "linkedin.com/in/person-1",
        ]  # fmt: skip


def test_a_corrupt_line_in_the_middle_stops_with_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(3))
    out = tmp_path / "o.jsonl"
    main(["batch", str(targets), "--out", str(out)])
    good = out.read_text().splitlines(keepends=True)
    out.write_text(good[0] + "garbage\n" + good[1])
    capsys.readouterr()
    assert main(["batch", str(targets), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{out}: line 2 is not a batch result" in err
    assert out.read_text() == good[0] + "garbage\n" + good[1]  # left for the user to fix


def test_every_note_is_recorded_in_the_history_and_reruns_say_who_was_seen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(3))
    main(["batch", str(targets), "--out", str(tmp_path / "a.jsonl")])
    with History() as history:
        records = history.records(newest_first=False)
    assert [r.target_id for r in records] == [f"linkedin.com/in/person-{i}" for i in range(3)]
    assert {r.source for r in records} == {"batch"}
    a_lines = read_out(tmp_path / "a.jsonl")
    assert [x["history_id"] for x in a_lines] == [r.id for r in records]

    main(["mark", "1", "accepted"])
    capsys.readouterr()
    # A new output file: with --include-connected everyone is drafted again (the accepted
    # one is a connection now), and the lines say who was seen before.
    main(["batch", str(targets), "--out", str(tmp_path / "b.jsonl"), "--include-connected"])
    b_lines = read_out(tmp_path / "b.jsonl")
    assert b_lines[0]["previous"]["outcome"] == "accepted"
    assert b_lines[1]["previous"]["outcome"] is None
    err = capsys.readouterr().err
    assert "seen before       3" in err
    assert "Person0 Example: ok (note: Person0 Example already invited on" in err
    # Said before the first note, with the date and the outcome.
    today = str(records[0].created_at)[:10]
    heads_up = (
        "compose batch: note: 3 of these people were drafted for before, 1 already invited "
        f"(--skip-invited leaves those out):\n  Person0 Example already invited on {today} "
        "(accepted, #1)\n[1/3]"
    )
    assert err.startswith(heads_up), err

    # --skip-invited leaves out the person already invited.
    main(["batch", str(targets), "--out", str(tmp_path / "c.jsonl"), "--skip-invited",
          "--include-connected"])  # fmt: skip
    c_lines = read_out(tmp_path / "c.jsonl")
    assert c_lines[0]["note"] is None and "already invited" in c_lines[0]["skipped"]
    assert [x["note"] is not None for x in c_lines[1:]] == [True, True]


def test_no_history_flag_records_nothing(tmp_path: Path) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(2))
    main(["batch", str(targets), "--out", str(tmp_path / "o.jsonl"), "--no-history"])
    with History() as history:
        assert history.count() == 0


def test_output_must_not_be_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    targets = write_jsonl(tmp_path / "t.jsonl", people(1))
    assert main(["batch", str(targets), "--out", str(targets)]) == 2
    assert "must not be the TARGETS file" in capsys.readouterr().err


def test_json_list_input_and_the_note_options_reach_every_note(tmp_path: Path) -> None:
    targets = tmp_path / "t.json"
    targets.write_text(json.dumps(people(3)))
    out = tmp_path / "o.jsonl"
    args = ["batch", str(targets), "--out", str(out), "--lang", "es", "--limit", "300", "--fsync"]
    assert main(args) == 0
    lines = read_out(out)
    assert len(lines) == 3
    assert {x["language"] for x in lines} == {"es"} and {x["limit"] for x in lines} == {300}
    assert all("Hola" in str(x["note"]) for x in lines)
    assert [x["source"] for x in lines] == [f"{targets}[{i}]" for i in range(3)]


def test_summary_counts_unrelated_targets_and_skip_unrelated_leaves_them_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Advice 2: the audit never blocks a draft, but the run says how many targets were
    unrelated to the sender and the goal, and --skip-unrelated leaves them out."""
    dana = json.loads((EXAMPLES / "dana-whitfield.json").read_text())
    rows = [*people(2), {**dana, "url": "https://www.linkedin.com/in/dana-w/"}]
    targets = write_jsonl(tmp_path / "t.jsonl", rows)
    out = tmp_path / "a.jsonl"
    argv = ["batch", str(targets), "--from", ME, "--goal-preset", "job-search", "--no-history"]
    main([*argv, "--out", str(out)])
    err = capsys.readouterr().err
    assert "unrelated         1  drafted for targets nothing relates to you" in err
    lines = {line["name"]: line for line in read_out(out)}
    assert lines["Dana Whitfield"]["note"]  # drafted all the same
    assert lines["Dana Whitfield"]["fit"]["verdict"] == "unrelated"
    assert lines["Person0 Example"]["fit"]["verdict"] == "related"

    out = tmp_path / "b.jsonl"
    main([*argv, "--out", str(out), "--skip-unrelated"])
    err = capsys.readouterr().err
    assert "1 unrelated (--skip-unrelated)" in err
    assert "drafted for targets nothing relates" not in err
    lines = {line["name"]: line for line in read_out(out)}
    assert lines["Dana Whitfield"]["note"] is None
    assert lines["Dana Whitfield"]["skipped"].startswith(
        "unrelated to you or your goal: nothing in"
    )
    assert lines["Person1 Example"]["note"]
