"""The UI's state without Textual: the inputs of a draft and the user's versions."""

from __future__ import annotations

import pytest

from composer.config.settings import Secret, Settings
from composer.core.goals import make_goal
from composer.profile import load_profile
from composer.tui.session import MESSAGE, Session, Versions
from tests.support import EXAMPLES


def test_versions_skip_blank_text_and_repeats() -> None:
    versions = Versions()
    assert not versions.push("   ")
    assert versions.push("mine")
    assert not versions.push("mine")
    assert versions.push("mine, edited")
    assert versions.texts() == ["mine", "mine, edited"]


def test_restoring_cycles_through_every_version_without_losing_the_current_one() -> None:
    versions = Versions()
    versions.push("first")
    versions.push("second")
    current = "third"
    seen = []
    for _ in range(3):
        restored = versions.pop(current, keep_current=True)
        assert restored is not None
        seen.append(restored)
        current = restored
    assert seen == ["second", "first", "third"]
    assert versions.pop("x", keep_current=False) == "second"


def test_restoring_with_nothing_kept() -> None:
    assert Versions().pop("text", keep_current=True) is None


def test_restoring_skips_the_version_already_shown() -> None:
    # The user undid a draft (ctrl+z) back to their kept text: restoring goes further back.
    versions = Versions()
    versions.push("first")
    versions.push("second")
    assert versions.pop("second", keep_current=True) == "first"
    assert versions.pop("first", keep_current=True) == "second"
    only = Versions()
    only.push("mine")
    assert only.pop("mine", keep_current=True) is None


def test_request_needs_a_target_and_varies_the_seed_per_draft() -> None:
    session = Session(goal=make_goal(preset="sales"), limit=300, language="es", candidates=2)
    with pytest.raises(ValueError):
        session.request()
    session.target = load_profile(EXAMPLES / "priya-shah.json")
    first = session.request()
    assert (first.limit, first.language, first.candidates, first.seed) == (300, "es", 2, None)
    session.drafts = 1
    assert session.request().seed == 1


def test_engine_change_keeps_the_rest_of_the_settings() -> None:
    session = Session(settings=Settings(engine="openai", model="m1", timeout=5.0), candidates=4)
    changed = session.with_engine("offline")
    assert (changed.engine, changed.model, changed.timeout) == ("offline", "m1", 5.0)
    assert session.with_engine("openai", "m2").model == "m2"
    assert changed.candidates == 4
    assert session.settings.engine == "openai"  # a copy, not a change in place


def test_engine_label() -> None:
    assert Session(settings=Settings(engine="offline")).engine_label() == "offline"
    llm = Session(settings=Settings(engine="openai", model="gpt-x", api_key=Secret("sk-secret")))
    assert llm.engine_label() == "openai · gpt-x"
    assert "sk-secret" not in llm.engine_label()


def test_message_mode_asks_for_the_first_message_and_checks_it_as_one() -> None:
    target = load_profile(EXAMPLES / "priya-shah.json")
    session = Session(target=target, goal=make_goal(preset="learning"), limit=300)
    note = "Hi Priya, I liked your post on payment routing."
    assert session.request().kind == "note" and session.request().limit == 300
    assert session.check("Hi Priya, thanks for accepting. Have a great week!").limit == 300
    session.kind, session.accepted_note = MESSAGE, note
    request = session.request()
    assert (request.kind, request.nth, request.limit) == ("follow-up", 1, 600)
    assert request.accepted_note == note
    report = session.check("Hi Priya, thanks for accepting. Have a great week!")
    assert report.limit == 600 and "no-ask" in {f.rule for f in report.findings}
    repeated = session.check(note + " Would you be open to a short call next week?")
    assert "repeats-note" in {f.rule for f in repeated.findings}
