"""compose batch --notes N: a free account's few notes go to the targets with the
strongest reasons (HOOK_ORDER), the others get a line without a note saying why; a
rerun keeps every decision already written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from composer.cli import main
from composer.history import History
from tests.support import EXAMPLES
from tests.support.batch import read_out, write_jsonl
from tests.support.history import mark_sent

ME = str(EXAMPLES / "me.json")  # Alex Chen: Shopify, University of Waterloo, LeadDev


def _person(i: int, **extra: Any) -> dict[str, Any]:
    title, company = [("Product Lead", "Figma"), ("Data Lead", "Wealthsimple")][i % 2]
    return {
        "name": f"Person{i} Example",
        "headline": f"{title} at {company}",
        "url": f"https://www.linkedin.com/in/person-{i}/",
        "language": "en",
        "experience": [{"title": title, "company": company, "current": True}],
        **extra,
    }


# In input order; the strongest reasons are 2 (mutual), 4 (post) and 5 (employer).
TARGETS = [
    _person(0),  # role only
    _person(1, education=[{"school": "University of Waterloo"}]),  # school
    _person(2, mutual_connections=["Dana Whitfield"]),  # mutual
    _person(3),  # role only
    _person(4, recent_posts=[{"text": "How we cut checkout latency in half with Kafka"}]),
    _person(5, experience=[{"title": "Staff Engineer", "company": "Shopify", "current": True}]),
    _person(6, groups=["LeadDev Community"]),  # group
]
HOOKS = ["role", "school", "mutual", "role", "post", "employer", "group"]


def _batch(tmp_path: Path, *flags: str) -> tuple[int, dict[int, dict[str, Any]], str]:
    targets = tmp_path / "t.jsonl"
    if not targets.exists():
        write_jsonl(targets, list(TARGETS))
    out = tmp_path / "o.jsonl"
    code = main(["batch", str(targets), "--out", str(out), "--from", ME, *flags])
    lines = {int(str(x["target"]).rsplit("-", 1)[1]): x for x in read_out(out)}
    return code, lines, out.read_text()


def _with_note(lines: dict[int, dict[str, Any]]) -> list[int]:
    return sorted(i for i, x in lines.items() if x["note"] is not None)


def test_a_batch_larger_than_the_budget_gives_notes_to_the_strongest_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines, _ = _batch(tmp_path, "--notes", "3")
    err = capsys.readouterr().err
    assert code == 0
    assert _with_note(lines) == [2, 4, 5]
    assert "[1/7] Person1 Example: without a note (a weaker reason: school)" in err
    assert all(lines[i]["send"] == "with-note" for i in (2, 4, 5))
    assert lines[2]["reason"] == "a named mutual connection (Dana Whitfield)"
    assert lines[5]["reason"] == "a shared employer (Shopify)"
    for i in (0, 1, 3, 6):
        line = lines[i]
        assert (line["note"], line["send"], line["hook"]) == (None, "without-note", HOOKS[i])
        assert line["error"] is None  # not a failure: the exit status stays 0
        assert "compose follow-up" in line["reason"]
    assert "rests on a shared school (University of Waterloo)" in lines[1]["reason"]
    assert "rests on only their role (Product Lead)" in lines[0]["reason"]
    # The summary says who got the notes and why, and what to do with the others.
    assert "notes             3  given of 3 (--notes 3)" in err
    assert "Person2 Example: a named mutual connection (Dana Whitfield)" in err
    assert "Person4 Example: a post of theirs" in err
    assert "without note      4  weaker reasons (1 school, 1 group, 2 role)" in err
    assert "send those invitations without a note; once they accept," in err


def test_ties_go_to_the_earlier_target_and_zero_notes_gives_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, lines, _ = _batch(tmp_path, "--notes", "6")
    assert _with_note(lines) == [0, 1, 2, 4, 5, 6]  # of the two bare roles, the first
    other = tmp_path / "zero"
    other.mkdir()
    _, lines, _ = _batch(other, "--notes", "0")
    assert _with_note(lines) == []
    assert lines[2]["reason"].startswith("no notes left (--notes 0)")


def test_an_interrupted_run_resumes_with_the_same_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, full, text = _batch(tmp_path, "--notes", "3")
    out = tmp_path / "o.jsonl"
    kept = text.splitlines(keepends=True)
    # Lines without a note are written before any drafting: a run killed during the
    # drafting leaves them and the notes drafted so far.
    assert [json.loads(x)["send"] for x in kept[:4]] == ["without-note"] * 4
    out.write_text("".join(kept[:5]))  # killed after the first note
    code, resumed, _ = _batch(tmp_path, "--notes", "3")
    assert code == 0
    assert _with_note(resumed) == [2, 4, 5]
    assert {i: x["send"] for i, x in resumed.items()} == {i: x["send"] for i, x in full.items()}
    # Another N on rerun changes no written line; the notes already given count.
    out.write_text("".join(kept[:5]))
    capsys.readouterr()
    _, again, _ = _batch(tmp_path, "--notes", "2")
    assert json.loads(kept[4])["target"].endswith("-2")  # the strongest is drafted first
    assert _with_note(again) == [2, 4]  # one note was given: one left, for the post
    assert "1 in earlier runs" in capsys.readouterr().err


def test_the_default_is_the_notes_left_this_month_on_free_all_on_premium(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import UTC, datetime

    with History() as history:  # two notes already sent this month: 3 of 5 left
        for name in ("Ann Sent", "Bob Sent"):
            mark_sent(history, name, datetime.now(UTC).isoformat(timespec="seconds"))
    _, lines, _ = _batch(tmp_path, "--no-history")
    assert _with_note(lines) == [2, 4, 5]
    assert "given of 3 (the notes left this month on free" in capsys.readouterr().err
    premium = tmp_path / "premium"
    premium.mkdir()
    _, lines, _ = _batch(premium, "--tier", "premium", "--no-history")
    assert _with_note(lines) == list(range(7))
    assert all("send" not in x for x in lines.values())
    assert "given of" not in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["-1", "some", "2.5"])
def test_a_bad_count_is_a_usage_error(
    bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["batch", "t.jsonl", "--out", "o.jsonl", "--notes", bad])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("compose: error: argument --notes:")
