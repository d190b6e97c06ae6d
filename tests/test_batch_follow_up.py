"""compose batch --follow-up: first messages for the targets who accepted and were not
messaged yet, one JSON line each with "kind": "follow-up"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from composer.cli import main
from composer.history import History
from tests.support import EXAMPLES

ME = str(EXAMPLES / "me.json")
# accepted, accepted and already messaged, not accepted
FILES = {"Priya Shah": "priya-shah.json", "Sam Okafor": "sam-okafor.json",
         "Lucía Fernández": "lucia-fernandez.json"}  # fmt: skip


def test_only_those_who_accepted_and_were_not_messaged_get_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "targets"
    folder.mkdir()
    for file in FILES.values():
        shutil.copy(EXAMPLES / file, folder / file)
        assert main(["--to", str(folder / file), "--from", ME, "--engine", "offline"]) in (0, 1)
    with History() as history:
        ids = {r.target_name: r.id for r in history.records()}
    assert set(ids) == set(FILES)
    assert main(["mark", str(ids["Priya Shah"]), "accepted"]) == 0
    assert main(["mark", str(ids["Sam Okafor"]), "accepted"]) == 0
    sam = str(folder / FILES["Sam Okafor"])
    assert main(["follow-up", "--to", sam, "--from", ME, "--engine", "offline"]) == 0
    with History() as history:
        (message,) = history.records(kind="follow-up")
    assert main(["mark", str(message.id), "sent"]) == 0
    capsys.readouterr()
    out = tmp_path / "messages.jsonl"
    code = main(["batch", str(folder), "--out", str(out), "--from", ME, "--follow-up",
                 "--engine", "offline"])  # fmt: skip
    err = capsys.readouterr().err
    lines = {json.loads(x)["name"]: json.loads(x) for x in out.read_text().splitlines()}
    assert set(lines) == set(FILES)
    assert all(line["kind"] == "follow-up" for line in lines.values())
    priya = lines["Priya Shah"]
    assert code == 0 and priya["ok"] and priya["limit"] == 600 and priya["nth"] == 1
    assert priya["note"].startswith(("Hi Priya", "Hello Priya")) and priya["note"].count("?") == 1
    assert "already messaged" in lines["Sam Okafor"]["skipped"]
    assert lines["Sam Okafor"]["note"] is None
    assert "not accepted yet" in lines["Lucía Fernández"]["skipped"]
    assert "1 not accepted yet" in err and "1 already messaged or replied" in err
    with History() as history:
        recorded = {r.target_name: r for r in history.records(kind="follow-up")}
    assert recorded["Priya Shah"].invitation_id == ids["Priya Shah"]
    assert recorded["Priya Shah"].nth == 1


def test_first_messages_spend_no_notes_from_the_monthly_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A free account with no notes left still gets its first messages: a message after
    acceptance is not a connection note."""
    monkeypatch.setenv("COMPOSER_NOTES_PER_MONTH", "0")
    folder = tmp_path / "targets"
    folder.mkdir()
    for file in ("priya-shah.json", "sam-okafor.json"):
        shutil.copy(EXAMPLES / file, folder / file)
        assert main(["--to", str(folder / file), "--from", ME, "--engine", "offline"]) in (0, 1)
    with History() as history:
        for record in history.records():
            assert main(["mark", str(record.id), "accepted"]) == 0
    capsys.readouterr()
    out = tmp_path / "messages.jsonl"
    code = main(["batch", str(folder), "--out", str(out), "--from", ME, "--follow-up",
                 "--engine", "offline"])  # fmt: skip
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert code == 0 and len(lines) == 2
    assert all(line["note"] and line.get("send") != "without-note" for line in lines)
