"""compose follow-up with an LLM, against the loopback server: the follow-up prompts go
out (thanks, one reason, one ask, never the accepted note), and the message rules
(``check_message``) judge and repair what comes back, as they do for a note."""

from __future__ import annotations

import json

import pytest

from composer.cli import main
from composer.core.contract import DraftRequest
from composer.core.goals import make_goal
from composer.drafting.llm.prompt import draft_messages
from composer.profile import load_profile
from tests.fake_llm import FakeLLM, reply
from tests.support import EXAMPLES

PRIYA = str(EXAMPLES / "priya-shah.json")
LUCIA = str(EXAMPLES / "lucia-fernandez.json")
ME = str(EXAMPLES / "me.json")
ME_ES = str(EXAMPLES / "sender-es.json")

GOOD = (
    "Hi Priya, thanks for accepting my invitation. I reached out because of your work on "
    "on-call health at Stripe, which my team at Shopify is tackling now. Would you be open "
    "to a 15-minute call next week to compare notes? Best, Alex"
)
TWO_ASKS = (
    "Hi Priya, thanks for connecting. Your work on on-call health at Stripe is why I wrote. "
    "Could we have a call next week? And could you also send me your rotation template? "
    "Best, Alex"
)
NO_ASK = (
    "Hi Priya, thanks for accepting my invitation. Your work on on-call health at Stripe is "
    "why I wrote, and I look forward to reading more of your posts. Best, Alex"
)
ACCEPTED = (
    "Hi Priya, I'm Alex Chen, a backend engineer at Shopify. Marcus Lee mentioned your "
    "work on on-call health at Stripe. Happy to connect."
)


@pytest.fixture
def llm_env(fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> FakeLLM:
    for name, value in fake_llm.env().items():
        monkeypatch.setenv(name, value)
    return fake_llm


def follow_up(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["follow-up", "--to", PRIYA, "--from", ME, *args])
    out, err = capsys.readouterr()
    return code, out, err


def _prompt(fake: FakeLLM, index: int = 0) -> str:
    return "\n".join(m["content"] for m in fake.requests[index]["messages"])


def test_the_llm_drafts_the_follow_up_with_its_own_prompt(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.enqueue(reply(GOOD, TWO_ASKS, NO_ASK))
    code, out, err = follow_up(capsys, "--json")
    data = json.loads(out)
    assert code == 0 and "offline" not in err
    assert data["kind"] == "follow-up" and data["engine"] == "openai"
    assert data["note"] == GOOD and data["limit"] == 600
    rules = {c["note"]: {f["rule"] for f in c["findings"]} for c in data["candidates"]}
    assert "multiple-asks" in rules[TWO_ASKS] and "no-ask" in rules[NO_ASK]
    prompt = _prompt(llm_env)
    assert "has just accepted" in prompt and "exactly one clear, easy ask" in prompt
    assert "Write message 1 after acceptance in English (en), at most 600" in prompt
    assert "connection-request notes" not in prompt  # not the invitation prompt


def test_a_message_with_two_asks_goes_back_with_the_finding(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.enqueue(reply(TWO_ASKS), reply(GOOD))
    llm_env.ignore_n = True
    code, out, _ = follow_up(capsys, "--json", "--candidates", "1")
    data = json.loads(out)
    assert code == 0 and data["note"] == GOOD and data["attempts"] == 2
    repair = _prompt(llm_env, 1)
    assert "multiple-asks:" in repair and TWO_ASKS[:40] in repair
    # The repair restates the follow-up's instructions, not the note's.
    assert "Write message 1 after acceptance" in repair


def test_the_accepted_note_is_in_the_prompt_fenced_and_repeating_it_is_repaired(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.enqueue(reply(ACCEPTED))
    llm_env.ignore_n = True
    assert main(["--to", PRIYA, "--from", ME, "--candidates", "1"]) == 0
    capsys.readouterr()
    repeating = ACCEPTED + " Would you be open to a 15-minute call next week? Best, Alex"
    fresh = (
        "Hi Priya, thanks for accepting. Your post on cutting after-hours pages is what I "
        "keep coming back to. Would you be open to a 15-minute call next week? Best, Alex"
    )
    llm_env.enqueue(reply(repeating), reply(fresh))
    code, out, _ = follow_up(capsys, "--json", "--candidates", "1")
    data = json.loads(out)
    assert code == 0 and data["note"] == fresh
    assert len(llm_env.requests) == 3  # the note, the message, one repair
    assert data["replies_to_note"] == ACCEPTED
    first, repair = _prompt(llm_env, 1), _prompt(llm_env, 2)
    assert f"<accepted_note>{ACCEPTED}</accepted_note>" in first
    assert "repeats-note:" in repair


def test_a_message_that_stays_too_long_is_never_cut(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    long = GOOD + " I have a few more thoughts on rotations and alert fatigue." * 10
    llm_env.enqueue(reply(long), reply(long), reply(long))
    llm_env.ignore_n = True
    code, out, _ = follow_up(capsys, "--json", "--candidates", "1")
    data = json.loads(out)
    assert code == 1 and data["note"] == long
    assert "too-long" in [f["rule"] for f in data["findings"]]
    assert "shorten by" in _prompt(llm_env, 1)


def test_spanish_usted_and_later_messages_get_their_own_instructions() -> None:
    lucia = load_profile(LUCIA)
    sender = load_profile(ME_ES)
    doctor = DraftRequest(
        target=lucia, sender=sender, goal=make_goal(preset="learning"), limit=600,
        kind="follow-up", nth=2, register="usted",
    )  # fmt: skip
    system, user = (m["content"] for m in draft_messages(doctor))
    assert system.startswith("Escribes el primer mensaje de LinkedIn")
    assert "Trata a la persona de usted" in user and "Es el segundo mensaje" in user
    assert "Dra. Ruiz" in user  # the examples are the second message's, in usted
    assert "<accepted_note>" not in user  # none known: no empty block
    last = DraftRequest(target=lucia, sender=sender, limit=600, kind="follow-up", nth=5)
    assert "Es el último mensaje" in draft_messages(last)[1]["content"]


def test_the_default_fake_message_passes_through_the_cli_in_spanish(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["follow-up", "--to", LUCIA, "--from", ME_ES, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0, data["findings"]
    assert data["engine"] == "openai" and data["note"].startswith("Hola Lucía, gracias")
    assert "Escribe el mensaje 1 tras la aceptación en español (es)" in _prompt(llm_env)
