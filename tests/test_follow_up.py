"""compose follow-up: the first message after acceptance, drafted offline and checked by
the message rules, in the target's language and the sender's register."""

from __future__ import annotations

import dataclasses
import json

import pytest

from composer.checker import check_message
from composer.cli import main
from composer.config.settings import Settings
from composer.core.contract import DraftRequest, DraftResult
from composer.core.goals import make_goal
from composer.drafting.pipeline import compose_note
from composer.profile import Profile
from tests.support import EXAMPLES
from tests.support.profiles import lucia, priya, sam

PRIYA = str(EXAMPLES / "priya-shah.json")
LUCIA = str(EXAMPLES / "lucia-fernandez.json")
ME = str(EXAMPLES / "me.json")
ME_ES = str(EXAMPLES / "sender-es.json")
OFFLINE = Settings(engine="offline")


def _draft(
    target: Profile, nth: int = 1, note: str | None = None, goal: str | None = None
) -> DraftResult:
    request = DraftRequest(
        target=target,
        sender=sam(),
        goal=make_goal(goal) if goal else make_goal(preset="learning"),
        limit=600,
        kind="follow-up",
        nth=nth,
        accepted_note=note,
    )
    return compose_note(request, OFFLINE)


@pytest.mark.parametrize("target", [priya, lucia])
@pytest.mark.parametrize("nth", [1, 2, 3])
def test_every_message_passes_the_message_rules(target: object, nth: int) -> None:
    result = _draft(target(), nth)  # type: ignore[operator]
    assert result.report.findings == [], result.note
    assert result.note.count("?") == 1  # one clear ask
    assert result.report.limit == 600


def test_first_message_thanks_and_asks_in_the_targets_language() -> None:
    en = _draft(priya()).note
    assert en.startswith(("Hi Priya,", "Hello Priya,")) and "thanks for" in en
    es = _draft(lucia()).note
    assert es.startswith("Hola Lucía,") and "gracias por" in es and "¿Te parece" in es


def test_usted_when_the_target_asks_for_formality() -> None:
    doctor = dataclasses.replace(lucia(), name="Dra. Lucía Fernández")
    for nth in (1, 2, 3):
        message = _draft(doctor, nth).note
        assert " te " not in f" {message.lower()} " and " tu " not in f" {message.lower()} "
    assert "¿Le parecería" in _draft(doctor).note


def test_the_second_is_shorter_with_a_new_angle() -> None:
    first, second = _draft(priya()).note, _draft(priya(), 2).note
    assert len(second) < len(first)
    assert "bump" not in second.lower() and "thanks for accepting" not in second.lower()


def test_the_accepted_note_is_not_repeated() -> None:
    note = "Hi Priya, I'm Sam. I see we both know Marcus Lee and your post stuck with me."
    result = _draft(priya(), note=note)
    report = check_message(result.note, priya(), sam(), make_goal(preset="learning"), 600, note)
    assert "repeats-note" not in report.rules()


def test_cli_reads_the_note_from_the_history_and_prints_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--to", PRIYA, "--from", ME, "--engine", "offline", "--json"]) in (0, 1)
    note = json.loads(capsys.readouterr().out)["note"]
    assert main(["follow-up", "--to", PRIYA, "--from", ME, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "follow-up" and data["nth"] == 1
    assert data["replies_to_note"] == note
    assert data["limit"] == 600 and data["ok"] is True


def test_cli_spanish_third_message_advises_stopping(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["follow-up", "--to", LUCIA, "--from", ME_ES, "--nth", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Hola Lucía,")
    assert "advice: stop after this one" in out


def test_cli_bad_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["follow-up", "--to", PRIYA, "--limit", "9000"]) == 2
    err = capsys.readouterr().err
    assert "--limit" in err and "Traceback" not in err


def test_cli_with_a_key_and_engine_offline_drafts_offline(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret")
    assert main(["follow-up", "--to", PRIYA, "--nth", "4", "--engine", "offline"]) == 0
    captured = capsys.readouterr()
    assert "offline engine" in captured.out and "stop writing" in captured.err
    assert "sk-test-secret" not in captured.out + captured.err


@pytest.mark.parametrize(
    ("preset", "en_words", "es_words"),
    [
        ("learning", "your experience|your path", "aprender de tu experiencia"),
        ("hiring", "about the role", "sobre el puesto"),
        ("partnership", "work together", "colaborar"),
    ],
)
def test_the_ask_is_tied_to_the_goal_and_the_reason_to_what_they_share(
    preset: str, en_words: str, es_words: str
) -> None:
    """A preset's message asks for what the preset is for (not a generic "compare
    notes"), and gives the hook as the reason, not a vague "your experience"."""
    for target, words in ((priya(), en_words), (lucia(), es_words)):
        request = DraftRequest(target=target, sender=sam(), goal=make_goal(preset=preset),
                               limit=600, kind="follow-up", nth=1)  # fmt: skip
        message = compose_note(request, OFFLINE).note
        assert any(w in message for w in words.split("|")), message
        assert "compare notes" not in message and "is close to what" not in message
        assert "cerca de lo que hago" not in message
