"""What the model is told, and how repairs converge, against the loopback fake server.

Each test drafts through the pipeline (or ``compose``) and reads the requests the
server received: the prompt as sent is what a model does well or badly with.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from composer.cli import main
from composer.config.settings import load_settings
from composer.core.contract import DraftRequest
from composer.core.goals import make_goal
from composer.drafting.pipeline import compose_note, stream_compose
from composer.profile import Profile, load_profile
from tests.fake_llm import FakeLLM, reply
from tests.support import EXAMPLES

PRIYA = load_profile(EXAMPLES / "priya-shah.json")
ME = load_profile(EXAMPLES / "me.json")
LUCIA = load_profile(EXAMPLES / "lucia-fernandez.json")

LONG = [
    "Hi Priya, I'm Alex Chen, a backend engineer at Shopify. Marcus Lee mentioned your work "
    "on on-call health at Stripe, which my team is working on now. I have been following "
    "your writing on first-time managers for a while. Happy to connect.",
    "Hi Priya, I'm Alex Chen, backend engineer at Shopify. Your post on cutting after-hours "
    "pages by 40% made me rethink our rotation. We are redesigning our own on-call process "
    "this quarter and your numbers helped. I'd be glad to connect.",
]


def _settings(fake: FakeLLM, **changes: Any) -> Any:
    return load_settings(base_url=fake.base_url, candidates=1, **changes)


def _prompt(fake: FakeLLM, index: int) -> str:
    return "\n".join(m["content"] for m in fake.requests[index]["messages"])


def _user(fake: FakeLLM, index: int) -> str:
    return str(fake.requests[index]["messages"][-1]["content"])


def test_a_preset_goal_reaches_the_model_with_the_budget_and_the_bans(fake_llm: FakeLLM) -> None:
    request = DraftRequest(PRIYA, ME, make_goal(preset="job-search"))
    compose_note(request, _settings(fake_llm))
    prompt = _prompt(fake_llm, 0)
    assert "The purpose of this connection: a job search" in prompt
    assert "at most 200 characters; aim for 140-190" in prompt
    assert "LinkedIn's default text" in prompt
    assert "relevance" in prompt
    # Two example notes for other people, never this target's name.
    examples = re.findall(r"^- (Hi \w+,.*)$", _user(fake_llm, 0), re.M)
    assert len(examples) == 2 and not any("Priya" in e for e in examples)


def test_examples_vary_between_targets() -> None:
    from composer.drafting.llm.prompt import example_notes

    people = [Profile(name=f"Person {i}", url=f"https://linkedin.com/in/p{i}") for i in range(8)]
    seen = {tuple(example_notes(DraftRequest(p, ME))) for p in people}
    assert len(seen) > 2  # not the same examples for everyone


def test_an_unrelated_target_brings_the_fit_evidence(fake_llm: FakeLLM) -> None:
    baker = Profile(
        name="Tom Baker",
        headline="Pastry chef",
        industry="Food and beverage",
        skills=["Sourdough", "Viennoiserie"],
    )
    request = DraftRequest(baker, ME, make_goal("find a staff engineer for our payments team"))
    result = compose_note(request, _settings(fake_llm))
    unrelated = [a for a in result.audits if a.rule == "target-unrelated"]
    assert unrelated, "the audit should find a pastry chef unrelated to a payments hire"
    prompt = _prompt(fake_llm, 0)
    assert "Fit check: " + unrelated[0].message in prompt


def test_spanish_usted_register_in_spanish_instructions(fake_llm: FakeLLM) -> None:
    dra = load_profile(EXAMPLES / "lucia-fernandez.json")
    dra.name = "Dra. Lucía Fernández"
    compose_note(DraftRequest(dra, ME, make_goal(preset="learning")), _settings(fake_llm))
    user = _user(fake_llm, 0)
    assert "Escribe la nota en español (es)" in user
    assert "Trata a la persona de usted" in user
    assert "El propósito de este contacto: aprender" in user
    # The examples shown are formal ones.
    examples = re.findall(r"^- (.*)$", user.split("Notas con la forma adecuada")[1], re.M)
    assert examples and all(re.search(r"\b(su|Estimad[oa]|Sra?\.|Dra\.)", e) for e in examples)
    # And the plain case: tú.
    compose_note(DraftRequest(LUCIA, ME, make_goal(preset="learning")), _settings(fake_llm))
    assert "Tutea a la persona" in _user(fake_llm, len(fake_llm.requests) - 1)


def test_an_ampersand_travels_as_itself() -> None:
    from composer.drafting.llm.prompt import draft_messages

    founder = Profile(name="Ana Ruiz", headline="Founder & CEO at Kömpass")
    user = draft_messages(DraftRequest(founder, ME))[1]["content"]
    assert "Founder & CEO at Kömpass" in user and "\\u0026" not in user


def test_an_event_follow_up_cites_the_event_first() -> None:
    from composer.drafting.llm.prompt import hook_hints

    target = load_profile(EXAMPLES / "priya-shah.json")
    target.groups = ["PyCon Spain 2025", *target.groups]
    sender = load_profile(EXAMPLES / "me.json")
    sender.groups = ["PyCon Spain 2025"]
    hints = hook_hints(DraftRequest(target, sender, make_goal(preset="event-follow-up")))
    assert hints[0] == {"kind": "event", "value": "PyCon Spain 2025", "detail": "both"}
    plain = hook_hints(DraftRequest(target, sender, make_goal(preset="learning")))
    assert plain[0]["kind"] == "mutual"
    # A post is given by its own opening sentence, not a topic picked out of it.
    post = next(h for h in plain if h["kind"] == "post")
    assert post["value"].startswith("Six months into running on-call")


def test_each_repair_round_sees_the_earlier_attempts(fake_llm: FakeLLM) -> None:
    fake_llm.enqueue(reply(LONG[0]), reply(LONG[1]), reply(LONG[0] + " Thanks."))
    result = compose_note(DraftRequest(PRIYA, ME), _settings(fake_llm))
    assert len(fake_llm.requests) == 3 and not result.ok
    first_repair, second_repair = _user(fake_llm, 1), _user(fake_llm, 2)
    assert LONG[0] in first_repair and "<earlier_draft>" not in first_repair
    # Round 2 shows the draft it sends back and the other attempt, with its problems.
    assert LONG[0] in second_repair and LONG[1] in second_repair
    assert second_repair.count("<earlier_draft>") == 1 and "Its problems: too-long" in second_repair
    # Actionable: by how much, which sentence; never an offset the model cannot see.
    excess = len(LONG[0]) - 200
    assert f"shorten by {excess} characters: drop the " in first_repair
    assert "from here on" not in first_repair


def test_an_unchanged_reply_escalates(fake_llm: FakeLLM) -> None:
    fake_llm.enqueue(reply(LONG[0]), reply(LONG[0]), reply(LONG[0]))
    compose_note(DraftRequest(PRIYA, ME), _settings(fake_llm))
    assert len(fake_llm.requests) == 3
    first_repair, second_repair = _user(fake_llm, 1), _user(fake_llm, 2)
    assert first_repair != second_repair  # not byte-identical: the model is told
    assert "You sent back the same note" in second_repair
    assert "same note" not in first_repair


def test_a_note_in_the_wrong_language_is_repaired(fake_llm: FakeLLM) -> None:
    english = (
        "Hi Lucía, I'm Alex Chen, a backend engineer at Shopify. Your work leading product "
        "at Glovo is close to what I build. Happy to connect."
    )
    fake_llm.enqueue(reply(english))  # then the server's own Spanish note
    result = compose_note(DraftRequest(LUCIA, ME), _settings(fake_llm))
    assert len(fake_llm.requests) == 2
    assert "language-mismatch: the note must be written entirely in Spanish" in _user(fake_llm, 1)
    assert result.note.startswith("Hola Lucía") and result.ok
    assert "language-mismatch" not in result.report.rules()


def test_an_oversized_reply_is_a_failed_candidate_never_shown_whole(
    fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = "Hi Priya, " + "blah " * 400_000  # 2 MB
    fake_llm.enqueue(reply(huge))
    for name, value in fake_llm.env().items():
        monkeypatch.setenv(name, value)
    code = main(["--to", str(EXAMPLES / "priya-shah.json"), "--from", str(EXAMPLES / "me.json"),
                 "--candidates", "1", "--json"])  # fmt: skip
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert code == 0 and data["ok"] and len(out) < 10_000 and len(err) < 2_000
    assert "blah blah" not in out
    assert len(fake_llm.requests) == 2  # the runaway reply was retried


async def test_an_oversized_stream_shows_at_most_four_times_the_limit(fake_llm: FakeLLM) -> None:
    fake_llm.enqueue(reply("Hi Priya, " + "blah " * 20_000))
    shown = ""
    async for item in stream_compose(DraftRequest(PRIYA, ME), _settings(fake_llm)):
        if isinstance(item, str):
            shown += item
    assert 0 < len(shown) <= 800 + 300  # the cap, then the good retry's text
