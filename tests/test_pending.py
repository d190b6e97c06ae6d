"""compose pending: invitations still unanswered after 3 weeks (or --older-than), oldest
first, from marked notes and imported exports counted once, with the withdrawal trade-off."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from composer.cli import main
from composer.history import History
from tests.support.history import mark_sent
from tests.support.linkedin import FIXTURE, copy_export


def _ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days, hours=1)).isoformat(timespec="seconds")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["pending", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _history() -> dict[str, int]:
    with History() as history:
        ids = {
            "Old Answered": mark_sent(history, "Old Answered", _ago(60)),
            "Ana Long": mark_sent(history, "Ana Long", _ago(40)),
            "Bea Month": mark_sent(history, "Bea Month", _ago(30), with_note=False),
            "Cai Recent": mark_sent(history, "Cai Recent", _ago(10)),
            "Dan Withdrawn": mark_sent(history, "Dan Withdrawn", _ago(50)),
        }
        history.mark(ids["Old Answered"], "accepted")
        history.mark(ids["Dan Withdrawn"], "withdrawn")
    return ids


def test_lists_those_waiting_over_three_weeks_oldest_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ids = _history()
    code, out, err = _run(capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert (
        lines[0] == "2 invitations pending for over 3 weeks (of 3 without an answer), oldest first:"
    )
    assert lines[1].split()[:3] == [f"#{ids['Ana Long']}", "Ana", "Long"]
    assert "waiting 5 weeks 5 days" in lines[1] and "with a note" in lines[1]
    assert lines[2].split()[:3] == [f"#{ids['Bea Month']}", "Bea", "Month"]
    assert "waiting 4 weeks 2 days" in lines[2] and "no note" in lines[2]
    assert "Cai Recent" not in out and "Dan Withdrawn" not in out and "Old Answered" not in out
    text = " ".join(out.split())
    assert "frees room in the weekly pace" in text
    assert "blocks re-inviting the same person for about 3 weeks" in text
    assert "expires after about 6 months" in text
    assert "compose mark ID withdrawn" in text


def test_older_than_is_configurable_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    _history()
    code, out, _ = _run(capsys, "--older-than", "1w", "--json")
    data = json.loads(out)
    assert code == 0 and data["older_than_days"] == 7
    assert [s["name"] for s in data["stale"]] == ["Ana Long", "Bea Month", "Cai Recent"]
    assert [s["days_pending"] for s in data["stale"]] == [40, 30, 10]
    assert data["stale"][2]["waited"] == "10 days"
    _, out, _ = _run(capsys, "--older-than", "6w")
    assert out.startswith("No invitation has waited over 6 weeks (3 invitations without")


@pytest.mark.parametrize("bad", ["3x", "", "-2w", "w"])
def test_a_bad_age_is_a_usage_error(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--older-than", bad)
    assert code == 2 and out == ""
    assert err.startswith("compose: error: argument --older-than:")
    assert "Traceback" not in err


def test_export_and_marked_counted_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sent = datetime.now(UTC) - timedelta(days=30)
    header = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    row = (
        f'Marta Ruiz López,Nora Quinn,"{sent:%m/%d/%y}, 10:00 AM",Hola Nora,OUTGOING,'
        "https://www.linkedin.com/in/marta-ruiz-lopez,https://www.linkedin.com/in/nora-quinn\n"
    )
    export = copy_export(tmp_path, "export", header + row)
    assert main(["import", str(export)]) == 0
    with History() as history:
        record = mark_sent(history, "Nora Quinn", sent.isoformat(timespec="seconds"))
    capsys.readouterr()
    _, out, _ = _run(capsys, "--json")
    stale = json.loads(out)["stale"]
    assert [(s["name"], s["id"], s["source"]) for s in stale] == [("Nora Quinn", record, "history")]


def test_the_sample_export_says_they_probably_expired(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(FIXTURE)]) == 0
    capsys.readouterr()
    _, out, _ = _run(capsys)
    # The five 2024 invitations whose invitee never became a connection.
    assert out.startswith("5 invitations pending for over 3 weeks (of 5 without an answer)")
    assert [line.split()[1] for line in out.splitlines()[1:6]] == [
        "John", "Pedro", "Laura", "David", "Jorge",
    ]  # fmt: skip
    assert "5 invitations waited over 6 months" in out


def test_nothing_known_says_how_to_start(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys)
    assert code == 0 and "compose mark ID sent" in out and "compose import" in out
