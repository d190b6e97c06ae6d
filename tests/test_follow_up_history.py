"""Follow-ups in the history: recorded with their kind and number, linked to the
invitation; ``compose mark ID replied``; no follow-up for someone who replied."""

from __future__ import annotations

import json

import pytest

from composer.cli import main
from composer.history import History
from tests.support import EXAMPLES

PRIYA = str(EXAMPLES / "priya-shah.json")
ME = str(EXAMPLES / "me.json")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def invite_and_accept(capsys: pytest.CaptureFixture[str]) -> int:
    assert run(capsys, "--to", PRIYA, "--from", ME, "--engine", "offline")[0] in (0, 1)
    with History() as history:
        (note,) = history.records()
    assert run(capsys, "mark", str(note.id), "accepted")[0] == 0
    return note.id


def test_a_follow_up_is_recorded_with_its_kind_number_and_invitation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    invitation = invite_and_accept(capsys)
    code, out, _ = run(capsys, "follow-up", "--to", PRIYA, "--from", ME, "--json")
    first = json.loads(out)["id"]
    code, _, err = run(capsys, "follow-up", "--to", PRIYA, "--from", ME, "--nth", "2")
    assert code == 0 and "compose: recorded as #" in err
    with History() as history:
        messages = history.records(kind="follow-up", newest_first=False)
        assert [(m.kind, m.nth, m.invitation_id) for m in messages] == [
            ("follow-up", 1, invitation),
            ("follow-up", 2, invitation),
        ]
        assert messages[0].id == first
        # The invitation is still what the note-only readers see.
        assert [r.id for r in history.records()] == [invitation]
        latest = history.latest_for(messages[0].target_id)
        assert latest is not None and latest.id == invitation
    _, out, _ = run(capsys, "history")
    lines = out.splitlines()
    assert "follow-up 2" in lines[0] and "follow-up 1" in lines[1] and "  note  " in lines[2]
    _, out, _ = run(capsys, "history", "--kind", "follow-up", "--json")
    assert [json.loads(line)["nth"] for line in out.splitlines()] == [2, 1]


def test_someone_who_replied_gets_no_follow_up(capsys: pytest.CaptureFixture[str]) -> None:
    invite_and_accept(capsys)
    _, out, _ = run(capsys, "follow-up", "--to", PRIYA, "--from", ME, "--json")
    message = json.loads(out)["id"]
    assert run(capsys, "mark", str(message), "sent")[0] == 0
    code, out, _ = run(capsys, "mark", "Priya Shah", "replied")  # a name: the follow-up
    assert code == 0 and out == f"#{message} Priya Shah: replied\n"
    code, out, err = run(capsys, "follow-up", "--to", PRIYA, "--from", ME, "--nth", "2")
    assert code == 4 and out == ""
    assert f"Priya Shah replied (#{message}" in err and "no follow-up drafted" in err
    with History() as history:
        assert len(history.records(kind="follow-up")) == 1  # nothing more recorded


def test_a_follow_up_is_never_marked_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    invite_and_accept(capsys)
    _, out, _ = run(capsys, "follow-up", "--to", PRIYA, "--from", ME, "--json")
    message = json.loads(out)["id"]
    code, _, err = run(capsys, "mark", str(message), "accepted")
    assert code == 2 and "is a follow-up message: mark it sent, replied, ignored" in err


def test_an_invitation_marked_replied_still_counts_as_accepted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    invitation = invite_and_accept(capsys)
    assert run(capsys, "mark", str(invitation), "replied")[0] == 0
    code, out, _ = run(capsys, "stats", "--json")
    data = json.loads(out)
    assert code == 0 and data["overall"]["accepted"] == 1 and data["overall"]["invited"] == 1
    code, out, _ = run(capsys, "stats")
    assert code == 0 and out.startswith("1 of 1 invitations accepted")


def _record(
    history: History,
    who: str,
    *,
    kind: str = "note",
    nth: int = 1,
    hook: str | None = "post",
    with_note: bool = True,
    outcome: str | None = None,
) -> int:
    from tests.support.history import make

    request, result = make(who, f"https://www.linkedin.com/in/{who.lower()}/", hook=hook)
    request.kind, request.nth = kind, nth
    record_id = history.record(request, result, source="cli")
    if outcome is not None:
        history.mark(record_id, outcome, with_note=with_note)
    return record_id


def test_stats_give_reply_rates_after_acceptance_with_sample_sizes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with History() as history:
        # Ana accepted a note citing her post; she replied to the first message.
        _record(history, "Ana", outcome="accepted")
        _record(history, "Ana", kind="follow-up", outcome="replied")
        # Ben accepted an invitation sent without a note; two messages, no reply.
        _record(history, "Ben", hook=None, with_note=False, outcome="accepted")
        _record(history, "Ben", kind="follow-up", outcome="ignored")
        _record(history, "Ben", kind="follow-up", nth=2, outcome="sent")
        # Cy replied to the note itself (no follow-up); Dee never accepted.
        _record(history, "Cy", hook="mutual", outcome="replied")
        _record(history, "Dee", outcome="ignored")
    code, out, _ = run(capsys, "stats", "--json")
    data = json.loads(out)
    assert code == 0 and data["overall"]["accepted"] == 3 and data["overall"]["invited"] == 4
    replies = {g["key"]: {b["label"]: (b["replied"], b["asked"]) for b in g["buckets"]}
               for g in data["replies"]}  # fmt: skip
    assert replies["after_acceptance"] == {"all accepted": (2, 3)}
    assert replies["with_note"] == {"with note": (2, 2), "without note": (0, 1)}
    assert replies["hook"] == {"post": (1, 1), "mutual": (1, 1)}
    assert replies["follow_up"] == {"message 1": (1, 2), "message 2": (0, 1)}
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "Replies after acceptance" in out
    lines = out.splitlines()
    line = next(x for x in lines if x.strip().startswith("message 1"))
    assert "50%" in line and "1/2" in line and "small sample" in line
