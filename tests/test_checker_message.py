"""check_message: a first message after acceptance is checked by the note rules that apply
to a message, the message rules, and the message's own limit."""

from __future__ import annotations

from composer.checker import check_message, check_note
from composer.core.findings import MESSAGE_RULES
from composer.core.goals import make_goal
from tests.support.profiles import lucia, priya, sam

GOAL = make_goal(preset="learning")


def test_a_good_message_passes_with_no_finding() -> None:
    message = (
        "Hi Priya, thanks for accepting. I'm moving from backend lead into management and "
        "your post on that move stuck with me. Would you be open to a 15-minute call next "
        "week? Best, Sam"
    )
    report = check_message(message, priya(), sam(), GOAL)
    assert report.findings == []
    assert report.limit == 600


def test_note_only_rules_do_not_apply_to_a_message() -> None:
    # No self-intro and no reason: required of a note, not of a message after acceptance.
    message = "Hi Priya, thanks for accepting! Would you be open to a short call next week?"
    assert {"no-self-intro", "no-reason"} <= check_note(message, priya(), sam(), GOAL).rules()
    assert check_message(message, priya(), sam(), GOAL).rules() == set()


def test_message_rules_never_fire_on_a_note() -> None:
    note = "Hi Priya, I'm Sam (Acme). Your post on moving into management stuck with me."
    assert not check_note(note, priya(), sam(), GOAL).rules() & set(MESSAGE_RULES)


def test_note_rules_that_apply_still_fire_on_a_message() -> None:
    message = (
        "Hi Maria, thanks for accepting. Our platform offers a FREE demo: book a demo at "
        "acme.com? Best, Sam"
    )
    rules = check_message(message, priya(), sam(), GOAL).rules()
    assert {"wrong-name", "sales-pitch", "contact-info", "shouting"} <= rules


def test_the_limit_is_the_messages() -> None:
    message = "Hola Lucía, gracias por aceptar. " + "Me interesa tu trabajo. " * 30 + "¿Hablamos?"
    report = check_message(message, lucia(), sam(), GOAL)
    assert "too-long" in report.rules()
    assert report.limit == 600
    assert "too-long" not in check_message(message, lucia(), sam(), GOAL, limit=2000).rules()


def test_repeats_note_needs_the_note_and_marks_the_repeated_words() -> None:
    note = "Hi Priya, I'm Sam. Your post on moving from engineer to manager stuck with me."
    message = (
        "Hi Priya, thanks for accepting. Your post on moving from engineer to manager "
        "stuck with me. Could we talk next week?"
    )
    assert "repeats-note" not in check_message(message, priya(), sam(), GOAL).rules()
    found = [
        f
        for f in check_message(message, priya(), sam(), GOAL, note=note).findings
        if f.rule == "repeats-note"
    ]
    assert len(found) == 1
    assert found[0].start is not None and found[0].end is not None
    assert message[found[0].start : found[0].end].startswith("Your post on moving")
    assert message[found[0].start : found[0].end].endswith("stuck with me")
