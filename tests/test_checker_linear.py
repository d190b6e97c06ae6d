"""Every rule is linear in the note's length: a 60 KB note built to make a regex
backtrack (or to produce thousands of matches) is checked in well under a second; the
quadratic patterns took 2-20 s."""

from __future__ import annotations

import time

import pytest

from composer.checker import check_note
from composer.profile import load_profile
from tests.support import EXAMPLES

SIZE = 60_000
UNITS = ["a.", "1.", "www.", "a@", "1usd ", "1 ", "a-", "(", "[", "{", "Hi ", "é.", "+1"]


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("tail", ["", "@", "!"])
def test_a_hostile_60kb_note_is_checked_in_linear_time(unit: str, tail: str) -> None:
    target = load_profile(EXAMPLES / "priya-shah.json")
    note = (unit * (SIZE // len(unit) + 1))[:SIZE] + tail
    started = time.perf_counter()
    report = check_note(note, target=target)
    elapsed = time.perf_counter() - started
    assert any(f.rule == "too-long" for f in report.findings)
    assert elapsed < 1.0, f"{unit!r}: {elapsed:.2f} s"


def test_the_lookbehinds_still_find_contact_details_and_prices() -> None:
    report = check_note("Hi, I'm Ana. Mail ana.gil@acme.io or see acme.com, only 1,000 usd")
    quoted = [f.message for f in report.findings]
    assert any("ana.gil@acme.io" in m for m in quoted)
    assert any('"acme.com"' in m for m in quoted)
    assert any("1,000 usd" in m for m in quoted)
