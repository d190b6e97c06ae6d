"""Offline notes to different people do not read alike, and batch says when they do."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from composer.batch.variety import MAX_SIMILARITY, MAX_SKELETON_SHARE, Variety, facts, skeleton
from composer.core.profile import Profile

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_variety.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_variety", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_variety"] = module
    spec.loader.exec_module(module)
    return module


def test_a_small_run_varies_in_both_languages() -> None:
    for language, variety in _bench().run(60).items():
        assert variety.notes == 30
        assert variety.similarity < MAX_SIMILARITY, (language, variety)
        assert variety.skeleton_share <= MAX_SKELETON_SHARE, (language, variety)


def test_the_same_targets_and_settings_give_the_same_notes() -> None:
    bench = _bench()
    first, again = bench.run(10), bench.run(10)
    assert first == again


def test_skeletons_blank_the_facts() -> None:
    a = Profile(name="Priya Shah")
    b = Profile(name="Lucía Gil")
    note_a = "Hi Priya, I enjoyed your post on payments. I'm Alex from Shopify."
    note_b = "Hi Lucía, I enjoyed your post on payments. I'm Alex from Shopify."
    blank = facts(a) | facts(b)
    assert skeleton(note_a, blank) == skeleton(note_b, blank)


def test_notes_that_converge_are_reported() -> None:
    blank = frozenset({"priya"})
    same = [("Hi Priya, I'd like to connect about payments at Stripe. Thanks!", blank)] * 25
    variety = Variety.of(same)
    assert variety.converges
    assert "read alike" in variety.warning("en")
    assert not Variety.of(same[:5]).converges  # too few to say
