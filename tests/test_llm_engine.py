"""The LLM engine end to end against the loopback server: candidates, repair, streaming.

Every test drives ``compose`` (or the pipeline's API) the way a user or the UI does and
asserts what they see and how many HTTP requests reached the server.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from composer.cli import main
from composer.config.settings import load_settings
from composer.core.contract import DraftResult
from composer.drafting.pipeline import compose_note, stream_compose
from tests.fake_llm import FakeLLM, cut, empty, malformed, midway_error, reply
from tests.support import EXAMPLES
from tests.support.llm import GOOD, GOOD_2, LONG, answered_together, priya_request

PRIYA = str(EXAMPLES / "priya-shah.json")
ME = str(EXAMPLES / "me.json")


def compose(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--to", PRIYA, "--from", ME, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def llm_env(fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> FakeLLM:
    for name, value in fake_llm.env().items():
        monkeypatch.setenv(name, value)
    return fake_llm


def test_happy_path_is_one_request_for_three_candidates(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.enqueue(reply(GOOD, GOOD_2, LONG[0]))
    code, out, err = compose(capsys, "--json")
    data = json.loads(out)
    assert code == 0 and err == ""
    assert data["engine"] == "openai" and data["model"] == "gpt-4o-mini"
    assert data["note"] in (GOOD, GOOD_2) and data["ok"] is True
    assert data["attempts"] == 1 and len(llm_env.requests) == 1
    assert llm_env.requests[0]["n"] == 3 and not llm_env.requests[0].get("stream")
    assert data["usage"]["prompt_tokens"] > 0 and data["usage"]["completion_tokens"] > 0
    assert [c["note"] for c in data["candidates"]] == [GOOD, GOOD_2, LONG[0]]
    too_long = data["candidates"][2]
    assert too_long["ok"] is False and "too-long" in [f["rule"] for f in too_long["findings"]]


def test_human_output_says_which_engine_and_model_wrote_the_note(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.enqueue(reply(GOOD))
    llm_env.ignore_n = True
    code, out, _ = compose(capsys, "--candidates", "1")
    assert code == 0
    assert out.startswith(GOOD + "\n")
    assert "openai (gpt-4o-mini) engine" in out
    assert "n" not in llm_env.requests[0]  # one candidate: no n at all


def test_best_candidate_is_picked_from_catalogue_failures(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    pitchy = "Hi Priya, I'm Alex from Shopify. Book a demo of our payments product at 20% off."
    placeholder = "Hi [First Name], I'm Alex Chen from Shopify. Marcus Lee mentioned your work."
    spanish = (
        "Hola Priya, soy Alex Chen, ingeniero en Shopify. Marcus Lee me habló de tu trabajo "
        "en Stripe. Me encantaría conectar."
    )
    llm_env.enqueue(reply(pitchy, placeholder, spanish, LONG[0], GOOD))
    code, out, _ = compose(capsys, "--json", "--candidates", "5")
    data = json.loads(out)
    assert code == 0 and data["note"] == GOOD
    rules = {c["note"]: {f["rule"] for f in c["findings"]} for c in data["candidates"]}
    assert "sales-pitch" in rules[pitchy]
    assert "placeholder" in rules[placeholder]
    assert "language-mismatch" in rules[spanish]
    assert "too-long" in rules[LONG[0]]


@pytest.mark.parametrize(
    ("strong", "hook"),
    [
        pytest.param(GOOD, "mutual", id="a named mutual connection"),
        # Cites Priya's post by its own words ("after-hours pages", "rotation"), not by
        # the topic the prompt suggested ("payment routing").
        pytest.param(GOOD_2, "post", id="a post, in its own words"),
    ],
)
def test_among_passing_drafts_the_strongest_hook_wins_over_the_shortest(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str], strong: str, hook: str
) -> None:
    # All three pass. Priya once worked at Shopify, so naming the sender's employer is a
    # (weak) shared-employer hook. "Engineering Manager" is her title, and in a post of
    # hers too: the role note does not count as citing the post.
    employer = "Hi Priya, I'm Alex Chen, backend engineer at Shopify. I'd be glad to connect."
    role = (
        "Hi Priya, I'm Alex Chen, backend engineer. Your work as Engineering Manager at "
        "Stripe is close to mine. Happy to connect."
    )
    llm_env.enqueue(reply(employer, role, strong))
    code, out, _ = compose(capsys, "--json")
    data = json.loads(out)
    assert code == 0 and all(c["ok"] for c in data["candidates"])
    assert [c["hook"] for c in data["candidates"]] == ["employer", "role", hook]
    assert data["note"] == strong and data["hook"] == hook


def test_repair_round_sends_the_findings_back(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.enqueue(reply(*LONG), reply(GOOD))
    code, out, _ = compose(capsys, "--json")
    data = json.loads(out)
    assert code == 0 and data["note"] == GOOD
    assert data["attempts"] == 2 and len(llm_env.requests) == 2
    repair = llm_env.requests[1]
    assert "n" not in repair
    prompt = repair["messages"][-1]["content"]
    assert "too-long" in prompt
    # The best of the three is sent back: all are too long, so the strongest hook (the
    # two citing Marcus Lee), then the shorter of those.
    best = min(LONG[0], LONG[2], key=len)
    assert json.dumps(best, ensure_ascii=False)[1:-1] in prompt
    assert len(data["candidates"]) == 4


def test_when_repairs_fail_the_best_draft_comes_back_whole_with_exit_1(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.enqueue(reply(*LONG), reply(LONG[1] + " Thanks!"), reply(LONG[2] + " Cheers."))
    code, out, _ = compose(capsys, "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    assert len(llm_env.requests) == 3  # the draft request and two repair rounds, no more
    assert data["note"] in LONG  # never truncated to fit
    assert data["length"] > 200
    assert "too-long" in [f["rule"] for f in data["findings"]]


def test_server_that_ignores_n_gets_the_missing_drafts_asked_separately(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.ignore_n = True
    # The two separate requests are answered only once both are in: concurrent, not one
    # after the other.
    with answered_together(llm_env, 3) as both_in:
        llm_env.enqueue(reply(GOOD), reply(GOOD_2, hold=both_in), reply(LONG[0], hold=both_in))
        code, out, _ = compose(capsys, "--json")
    data = json.loads(out)
    assert code == 0
    assert len(llm_env.requests) == 3
    assert llm_env.requests[0]["n"] == 3
    assert all("n" not in body for body in llm_env.requests[1:])
    assert sorted(c["note"] for c in data["candidates"]) == sorted([GOOD, GOOD_2, LONG[0]])


@pytest.mark.parametrize(
    "status",
    [pytest.param(500, id="llama.cpp: HTTP 500"), pytest.param(400, id="HTTP 400")],
)
def test_server_that_rejects_n_gets_separate_requests(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str], status: int
) -> None:
    llm_env.reject_n, llm_env.reject_n_status = True, status
    # The three separate requests are answered only once all are in: concurrent, not one
    # after the other.
    with answered_together(llm_env, 4) as all_in:
        llm_env.enqueue(*(reply(note, hold=all_in) for note in (GOOD, GOOD_2, LONG[0])))
        code, out, err = compose(capsys, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["note"] in (GOOD, GOOD_2)
    # The rejected n=3 is not retried (not even llama.cpp's 500), then three with n=1.
    assert len(llm_env.requests) == 4 and data["attempts"] == 4
    assert llm_env.requests[0]["n"] == 3
    assert all("n" not in body for body in llm_env.requests[1:])
    assert len(data["candidates"]) == 3


@pytest.mark.parametrize(
    ("status", "message", "param", "one_choice"),
    [
        (500, "Only one completion choice is allowed", None, True),
        (400, "Illegal param: only one completion choice is allowed", None, True),
        (400, "n must be 1", None, True),
        (422, "Unsupported parameter: 'n'", None, True),
        (400, "Invalid value", "n", True),
        (500, "upstream exploded", None, False),  # a plain server error: retried as is
        (503, "no choices available right now", None, False),
    ],
)
def test_only_an_error_about_n_turns_into_separate_requests(
    llm_env: FakeLLM,
    capsys: pytest.CaptureFixture[str],
    status: int,
    message: str,
    param: str | None,
    one_choice: bool,
) -> None:
    from tests.fake_llm import error

    llm_env.enqueue(error(status, message, param=param, retry_after_ms=10))
    code, out, err = compose(capsys, "--json")
    assert code == 0, err
    sent_n = [body.get("n") for body in llm_env.requests]
    assert sent_n == ([3, None, None, None] if one_choice else [3, 3])
    assert json.loads(out)["engine"] == "openai"


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(empty(), id="empty reply"),
        pytest.param(malformed(), id="malformed body"),
        pytest.param(reply(GOOD[:60], finish_reason="length"), id="cut at the token limit"),
        pytest.param(cut(GOOD, after=30), id="connection dropped mid-body"),
        pytest.param(midway_error(), id="an error object in a 200 reply"),
    ],
)
def test_unusable_reply_is_a_failed_attempt_then_retried(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str], bad: Any
) -> None:
    llm_env.enqueue(bad, reply(GOOD))
    code, out, err = compose(capsys, "--json", "--candidates", "1")
    assert code == 0, err
    assert json.loads(out)["note"] == GOOD
    assert len(llm_env.requests) == 2


@pytest.mark.parametrize("streamed", [False, True], ids=["plain", "streamed"])
def test_usage_counts_the_tokens_of_unusable_replies_too(llm_env: FakeLLM, streamed: bool) -> None:
    cut_off = reply(GOOD[:60], finish_reason="length",
                    usage={"prompt_tokens": 800, "completion_tokens": 400})  # fmt: skip
    junk = reply(GOOD, usage={"prompt_tokens": "many", "completion_tokens": -3})  # type: ignore[dict-item]
    llm_env.enqueue(cut_off, reply(GOOD, usage={"prompt_tokens": 800, "completion_tokens": 40}))
    result = _draft(streamed)
    assert result.note == GOOD and result.attempts == 2
    assert result.usage == {"prompt_tokens": 1600, "completion_tokens": 440}
    llm_env.enqueue(junk)  # a server's nonsense counts are no tokens, not a crash
    assert _draft(streamed).usage == {"prompt_tokens": 0, "completion_tokens": 0}


def _draft(streamed: bool) -> DraftResult:
    settings = load_settings(candidates=1)
    if not streamed:
        return compose_note(priya_request(), settings)
    return asyncio.run(_collect(settings))[1]


async def _collect(settings: Any) -> tuple[list[str], DraftResult]:
    pieces: list[str] = []
    result = None
    async for item in stream_compose(priya_request(), settings):
        if isinstance(item, DraftResult):
            result = item
        else:
            pieces.append(item)
    assert result is not None
    return pieces, result


async def test_streaming_yields_text_as_it_arrives_then_the_result(llm_env: FakeLLM) -> None:
    llm_env.enqueue(reply(GOOD, GOOD_2, LONG[0]))
    pieces, result = await _collect(load_settings())
    assert len(pieces) > 3 and "".join(pieces) == GOOD  # the first draft, piece by piece
    assert result.engine == "openai" and result.ok and len(result.candidates) == 3
    body = llm_env.requests[0]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert result.usage and result.usage["completion_tokens"] > 0


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        pytest.param(cut(GOOD, after=25), GOOD[:25], id="stream cut"),
        pytest.param(malformed(), "Hi", id="bad chunk"),
        pytest.param(midway_error(), "Hi", id="error event mid-stream"),
        pytest.param(empty(), "", id="empty reply"),
        pytest.param(
            reply(GOOD[:60], finish_reason="length"), GOOD[:60], id="cut at the token limit"
        ),
    ],
)
async def test_broken_stream_is_retried(llm_env: FakeLLM, bad: Any, shown: str) -> None:
    llm_env.enqueue(bad, reply(GOOD, GOOD_2, GOOD))
    pieces, result = await _collect(load_settings())
    assert result.ok and result.note in (GOOD, GOOD_2)
    assert len(llm_env.requests) == 2 and result.attempts == 2
    if shown:
        # The preview keeps what was shown; the retry is not streamed after it, since a
        # preview that appends would run two replies together. The result comes last.
        assert "".join(pieces) == shown and not llm_env.requests[1].get("stream")
    else:
        assert "".join(pieces) == GOOD  # nothing was shown: the retry streams


async def test_a_stream_retried_after_part_of_a_reply_starts_the_preview_over(
    llm_env: FakeLLM,
) -> None:
    from composer.drafting.engine import Restart

    llm_env.enqueue(cut(GOOD_2, after=25), reply(GOOD, GOOD_2, GOOD))
    items = [i async for i in stream_compose(priya_request(), load_settings(), repairs=True)]
    restart = items.index(Restart())
    assert "".join(str(i) for i in items[:restart]) == GOOD_2[:25]  # shown, then broke off
    assert "".join(str(i) for i in items[restart + 1 : -1]) == GOOD  # the retry, live
    assert llm_env.requests[1]["stream"] is True and len(llm_env.requests) == 2


async def test_offline_stream_yields_the_whole_note_then_the_result() -> None:
    pieces, result = await _collect(load_settings(engine="offline"))
    assert pieces == [result.note] and result.engine == "offline"


async def test_compose_note_works_from_inside_a_running_event_loop(llm_env: FakeLLM) -> None:
    llm_env.enqueue(reply(GOOD))
    result = compose_note(priya_request(), load_settings(candidates=1))  # sync, from async code
    assert result.note == GOOD


def test_verbose_reports_prompt_size_requests_and_tokens(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.enqueue(reply(GOOD, GOOD_2, GOOD))
    code, _, err = compose(capsys, "--verbose")
    assert code == 0
    assert err.startswith("compose: engine openai, model gpt-4o-mini at http://127.0.0.1:")
    assert "prompt " in err and " chars (~" in err and "1 request(s)" in err


def test_verbose_reports_the_prompt_size_when_the_draft_fails_too(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.fake_llm import error

    # What a llama.cpp server started with a small context says.
    llm_env.default = error(400, "the request exceeds the available context size")
    code, out, err = compose(capsys, "--verbose")
    assert code == 3 and out == ""
    verbose, failure = err.splitlines()
    assert verbose.startswith("compose: engine openai, model gpt-4o-mini at http://127.0.0.1:")
    assert " chars (~" in verbose and verbose.endswith("no note")
    assert failure.startswith("compose: error: ") and "context size" in failure
    assert len(llm_env.requests) == 1


def test_engine_auto_without_configuration_drafts_offline_and_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = compose(capsys, "--json", "--verbose")
    assert code in (0, 1)
    assert json.loads(out)["engine"] == "offline"
    assert "engine offline" in err


def test_offline_path_never_imports_openai(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from composer.cli import main\n"
        f"code = main(['--to', {PRIYA!r}, '--from', {ME!r}, '--json'])\n"
        "assert 'openai' not in sys.modules, 'openai imported'\n"
        "assert 'tenacity' not in sys.modules, 'tenacity imported'\n"
        "import composer.drafting.llm, composer.config.settings, composer.drafting.pipeline\n"
        "assert 'openai' not in sys.modules\n"
    )
    env = {"PATH": "/usr/bin:/bin", "COMPOSER_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr


async def test_concurrent_drafts_do_not_interfere(llm_env: FakeLLM) -> None:
    llm_env.default_delay = 0.2
    settings = load_settings(candidates=1)
    from composer.drafting.pipeline import compose_note_async

    results = await asyncio.gather(
        *(compose_note_async(priya_request(), settings) for _ in range(4))
    )
    assert len(llm_env.requests) == 4
    assert all(r.engine == "openai" and r.note for r in results)


async def test_ui_can_stop_a_stream_midway_without_leaks(llm_env: FakeLLM) -> None:
    import gc
    import warnings

    llm_env.default_delay = 0.05
    stream = stream_compose(priya_request(), load_settings())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = await stream.__anext__()
        await stream.aclose()  # what a cancelled Textual worker does
        gc.collect()
        await asyncio.sleep(0.05)
    assert isinstance(first, str) and first
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
    pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert pending == []


def test_dotenv_base_url_turns_the_llm_on(
    fake_llm: FakeLLM, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    (tmp_path / ".env").write_text(
        f"# local server\nOPENAI_BASE_URL={fake_llm.base_url}\nCOMPOSER_CANDIDATES=1\n",
        encoding="utf-8",
    )
    fake_llm.enqueue(reply(GOOD))
    code, out, _ = compose(capsys, "--json")
    assert code == 0 and json.loads(out)["engine"] == "openai"
    assert len(fake_llm.requests) == 1 and "n" not in fake_llm.requests[0]
    assert fake_llm.headers[0]["authorization"] == "Bearer not-needed"


def test_reasoning_model_parameters_are_adapted_to_once(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.fake_llm import error

    llm_env.enqueue(
        error(400, "Unsupported parameter: 'max_tokens' is not supported with this model. "
              "Use 'max_completion_tokens' instead.", param="max_tokens"),
        error(400, "Unsupported value: 'temperature' does not support 0.8 with this model.",
              param="temperature"),
        reply(GOOD),
    )  # fmt: skip
    code, out, _ = compose(capsys, "--json", "--candidates", "1", "--model", "o4-mini")
    assert code == 0 and json.loads(out)["note"] == GOOD
    first, second, third = llm_env.requests
    assert "max_tokens" in first and "temperature" in first
    assert "max_completion_tokens" in second and "max_tokens" not in second
    assert "temperature" not in third and "max_completion_tokens" in third
    assert json.loads(out)["attempts"] == 3


def test_an_unfixable_400_is_not_resent(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.fake_llm import error

    llm_env.default = error(400, "messages: too many", param="messages")
    code, _, err = compose(capsys, "--candidates", "1")
    assert code == 3 and "rejected the request (HTTP 400: messages: too many)" in err
    assert len(llm_env.requests) == 1


async def test_server_refusing_stream_options_still_streams(llm_env: FakeLLM) -> None:
    from tests.fake_llm import error

    llm_env.enqueue(error(400, "unknown field: stream_options"), reply(GOOD, GOOD_2, GOOD))
    pieces, result = await _collect(load_settings())
    assert result.ok and "".join(pieces) == GOOD
    assert "stream_options" not in llm_env.requests[1] and llm_env.requests[1]["stream"]


def test_a_reply_with_a_bidi_override_is_never_accepted_as_is(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    # U+202E shows the rest of the line reversed: the reader sees other text than was
    # checked. hidden-characters is an error, so the repair round gets it back.
    hidden = GOOD.replace("Happy to connect.", "\u202eHappy to connect.")
    hidden_2 = GOOD_2.replace("Your post", "Your\u200b post")
    llm_env.enqueue(reply(hidden, hidden_2, hidden), reply(GOOD))
    code, out, _ = compose(capsys, "--json")
    data = json.loads(out)
    assert code == 0 and data["note"] == GOOD
    assert data["attempts"] == 2
    assert "hidden-characters" in llm_env.requests[1]["messages"][-1]["content"]


def test_a_bidi_override_the_model_keeps_sending_fails_the_draft(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    hidden = GOOD.replace("Happy", "\u202eHappy")
    llm_env.enqueue(reply(hidden, hidden, hidden), reply(hidden), reply(hidden))
    code, out, _ = compose(capsys, "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    assert "hidden-characters" in [f["rule"] for f in data["findings"]]
