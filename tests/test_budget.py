"""compose budget: the notes of a calendar month and the invitations of a rolling week,
in the user's time zone; exports and marked notes counted once, in either order."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from composer.cli import main
from composer.config.settings import load_account
from composer.history import History
from composer.linkedin.budget import compute_budget
from composer.linkedin.store import import_export
from tests.support.history import mark_sent
from tests.support.linkedin import FIXTURE, copy_export

MADRID = ZoneInfo("Europe/Madrid")
NEW_YORK = ZoneInfo("America/New_York")


def test_the_month_starts_at_local_midnight() -> None:
    with History() as history:
        # 23:30 UTC on 31 January is 00:30 on 1 February in Madrid, 18:30 in New York.
        mark_sent(history, "Ana Uno", "2026-01-31T23:30:00+00:00")
        mark_sent(history, "Bea Dos", "2026-02-01T10:00:00+00:00")
        mark_sent(history, "Cai Tres", "2026-02-01T11:00:00+00:00", with_note=False)
        account = load_account()
        madrid = compute_budget(history, account, datetime(2026, 2, 10, 12, tzinfo=MADRID))
        new_york = compute_budget(history, account, datetime(2026, 2, 10, 12, tzinfo=NEW_YORK))
    assert (madrid.notes_used_this_month, madrid.notes_left) == (2, 3)
    assert (new_york.notes_used_this_month, new_york.notes_left) == (1, 4)
    # Without a note it spends no note, but it is an invitation of the week all the same.
    assert madrid.invitations_last_7_days == 0
    assert len(madrid.pending) == 3


def test_the_week_is_a_rolling_seven_days() -> None:
    now = datetime(2026, 3, 10, 9, 0, tzinfo=MADRID)  # 08:00 UTC
    with History() as history:
        mark_sent(history, "Ana Uno", "2026-03-03T08:01:00+00:00")  # 6 days 23:59 ago: in
        mark_sent(history, "Bea Dos", "2026-03-03T07:59:00+00:00")  # 7 days 00:01 ago: out
        mark_sent(history, "Cai Tres", "2026-03-09T20:00:00+00:00", with_note=False)
        budget = compute_budget(history, load_account(weekly_invites=2), now)
    assert budget.invitations_last_7_days == 2
    assert budget.invitations_left_this_week == 0


def test_no_note_left_says_when_the_next_one_comes(capsys: pytest.CaptureFixture[str]) -> None:
    now = datetime(2026, 12, 20, 18, 0, tzinfo=MADRID)
    with History() as history:
        for i, day in enumerate(("02", "05", "09", "12", "15")):
            mark_sent(history, f"Person N{i}", f"2026-12-{day}T10:00:00+00:00")
        budget = compute_budget(history, load_account(), now)
        assert budget.notes_left == 0
        assert budget.next_note == datetime(2027, 1, 1, tzinfo=MADRID)  # and the year turns
        assert compute_budget(history, load_account(tier="premium"), now).notes_left is None
    main(["budget", "--json"])
    figures = json.loads(capsys.readouterr().out)
    keys = set(
        [
            "tier",
            "note_limit",
            "notes_per_month",
            "notes_used_this_month",
            "notes_left",
            "invitations_last_7_days",
            "weekly_limit",
            "pending",
            "pending_over_3_weeks",
        ]
    )
    assert keys <= set(figures)


def test_an_invitation_in_the_export_and_marked_counts_once(tmp_path: Path) -> None:
    header = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    row = (
        'Marta Ruiz López,Nora Quinn,"3/9/26, 10:00 AM",Hola Nora,OUTGOING,'
        "https://www.linkedin.com/in/marta-ruiz-lopez,https://www.linkedin.com/in/nora-quinn\n"
    )
    export = copy_export(tmp_path, "export", header + row)
    now = datetime(2026, 3, 12, 12, tzinfo=MADRID)
    for order in ("export first", "marked first"):
        (tmp_path / "composer-home" / "history.db").unlink(missing_ok=True)
        with History() as history:
            if order == "export first":
                import_export(history, export)
            mark_sent(history, "Nora Quinn", "2026-03-09T09:00:00+00:00")
            if order == "marked first":
                import_export(history, export)
            budget = compute_budget(history, load_account(), now)
        assert budget.notes_used_this_month == 1, order
        assert budget.invitations_last_7_days == 1, order
        assert len(budget.pending) == 1, order


def test_compose_budget_on_the_sample_export(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(FIXTURE)]) == 0
    capsys.readouterr()
    assert main(["budget"]) == 0
    out = capsys.readouterr().out
    # Outgoing invitations of early 2024 whose invitee never became a connection.
    assert "notes: 5 of 5 left this month" in out
    assert "5 for over 3 weeks" in out


def test_compose_says_the_notes_left_and_what_to_do_without_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support import EXAMPLES

    argv = ["--to", str(EXAMPLES / "priya-shah.json"), "--engine", "offline"]
    main(argv)
    assert "note budget" not in capsys.readouterr().err  # nothing sent yet: nothing to count
    assert main(["mark", "1", "sent"]) == 0
    capsys.readouterr()
    main(argv)
    assert "compose: note budget: 4 of 5 notes left this month" in capsys.readouterr().err
    monkeypatch.setenv("COMPOSER_NOTES_PER_MONTH", "1")
    main(argv)
    err = capsys.readouterr().err
    assert "no notes left this month (1 used of 1" in err
    assert "without a note now" in err and "compose follow-up drafts that first message" in err
    main([*argv, "--json"])
    json.loads(capsys.readouterr().out)  # stdout stays one JSON object
