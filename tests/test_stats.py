"""compose stats: acceptance figures computed from recorded outcomes, exactly."""

from __future__ import annotations

import json

import pytest

from composer.cli import main
from composer.core.goals import Goal
from composer.history import History
from composer.linkedin.analytics import stats as compute
from tests.support.history import make


def seed() -> None:
    """12 notes; outcomes chosen so every figure below can be checked by hand.

    id  preset     hook    warn  note?  outcome
    1   hiring     post    0     yes    accepted
    2   hiring     post    0     yes    accepted
    3   hiring     mutual  1     yes    ignored
    4   hiring     mutual  0     yes    sent
    5   sales      role    1     yes    ignored
    6   sales      role    1     yes    accepted
    7   (text)     post    0     no     accepted
    8   (text)     role    0     no     ignored
    9   (none)     role    0     no     ignored
    10  (none)     post    0     yes    (drafted only: not counted)
    11  hiring     post    0     yes    (drafted only)
    12  sales      mutual  0     yes    (drafted only)
    """
    plan = [
        ("hiring", "post", 0, True, "accepted"),
        ("hiring", "post", 0, True, "accepted"),
        ("hiring", "mutual", 1, True, "ignored"),
        ("hiring", "mutual", 0, True, "sent"),
        ("sales", "role", 1, True, "ignored"),
        ("sales", "role", 1, True, "accepted"),
        ("text", "post", 0, False, "accepted"),
        ("text", "role", 0, False, "ignored"),
        (None, "role", 0, False, "ignored"),
        (None, "post", 0, True, None),
        ("hiring", "post", 0, True, None),
        ("sales", "mutual", 0, True, None),
    ]
    with History() as history:
        for i, (preset, hook, warnings, with_note, outcome) in enumerate(plan, start=1):
            if preset == "text":
                goal = Goal(text="meet people who build payment systems")
            else:
                goal = Goal(preset=preset) if preset else Goal()
            request, result = make(
                f"P{i}", f"linkedin.com/in/p{i}", hook=hook, warnings=warnings, goal=goal
            )
            rid = history.record(request, result, source="cli")
            if outcome:
                history.mark(rid, outcome, with_note=with_note)


def figures(grouping_key: str) -> dict[str, tuple[int, int]]:
    with History() as history:
        stats = compute(history)
    grouping = next(g for g in stats.groupings if g.key == grouping_key)
    return {b.label: (b.accepted, b.invited) for b in grouping.buckets}


def test_overall_counts_every_recorded_outcome() -> None:
    seed()
    with History() as history:
        stats = compute(history)
    o = stats.overall
    assert (o.accepted, o.ignored, o.pending, o.invited) == (4, 4, 1, 9)
    assert o.rate == pytest.approx(4 / 9)
    assert stats.drafted == 12


def test_with_note_vs_without() -> None:
    seed()
    assert figures("with_note") == {"with note": (3, 6), "without note": (1, 3)}


def test_by_goal_preset() -> None:
    seed()
    assert figures("goal_preset") == {
        "hiring": (2, 4), "sales": (1, 2), "free-text goal": (1, 2), "no goal": (0, 1),
    }  # fmt: skip


def test_by_hook_and_by_warnings_count_only_notes_that_went_out() -> None:
    seed()
    assert figures("hook") == {"post": (2, 2), "mutual": (0, 2), "role": (1, 2)}
    assert figures("warnings") == {"no warnings": (2, 3), "with warnings": (1, 3)}


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    seed()
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"] == {
        "label": "all invitations", "invited": 9, "accepted": 4, "ignored": 4, "pending": 1,
        "rate": 0.4444, "small_sample": True,
    }  # fmt: skip
    keys = [g["key"] for g in data["groupings"]]
    assert keys == ["with_note", "goal_preset", "hook", "warnings"]


def test_chart_shows_rates_counts_and_small_samples(capsys: pytest.CaptureFixture[str]) -> None:
    seed()
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("4 of 9 invitations accepted (44%), 4 ignored, 1 pending; 12 notes")
    line = next(x for x in out.splitlines() if x.strip().startswith("with note"))
    assert "50%" in line and "3/6" in line and "small sample" in line
    assert "█" * 12 + "░" * 12 in line  # 50% of a 24-cell bar
    post = next(x for x in out.splitlines() if x.strip().startswith("post"))
    assert "100%" in post and "█" * 24 in post
    assert "With a note vs without" in out and "By goal preset" in out
    # The legend names the flag the bars show, word for word.
    assert "'small sample' = fewer than 10 invitations" in out.splitlines()[1]


def test_a_large_sample_is_not_flagged(capsys: pytest.CaptureFixture[str]) -> None:
    with History() as history:
        for i in range(10):
            rid = history.record(*make(f"P{i}", f"linkedin.com/in/p{i}"), source="batch")
            history.mark(rid, "accepted" if i < 3 else "ignored")
    main(["stats"])
    first_bar = capsys.readouterr().out.splitlines()[3]
    assert first_bar.startswith("all invitations") and "30%" in first_bar
    assert "3/10" in first_bar and "small" not in first_bar


def test_no_outcomes_yet_says_how_to_record_them(capsys: pytest.CaptureFixture[str]) -> None:
    with History() as history:
        history.record(*make(), source="cli")
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "No outcomes recorded yet (1 note drafted)" in out and "compose mark" in out
