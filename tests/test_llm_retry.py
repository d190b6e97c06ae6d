"""Retries and failures against the loopback server: what the user sees, how many requests.

One retry layer (tenacity; the SDK's own retries are off), Retry-After honoured up to a
cap, a bounded number of attempts and a total deadline, one-line errors with exit 2
(configuration) or 3 (provider), each suggesting ``--engine offline``.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import replace

import pytest

from composer.cli import main
from composer.config.backoff import Backoff
from composer.config.settings import load_settings
from composer.core.contract import DraftRequest, DraftResult
from composer.core.errors import ProviderError
from composer.drafting.pipeline import compose_note_async, stream_compose
from composer.profile import load_profile
from tests.fake_llm import FakeLLM, error, reply, stall
from tests.support import EXAMPLES
from tests.support.clock import ManualClock, VirtualClock

PRIYA = str(EXAMPLES / "priya-shah.json")
ME = str(EXAMPLES / "me.json")
GOOD = (
    "Hi Priya, I'm Alex Chen, a backend engineer at Shopify. Marcus Lee mentioned your work "
    "on on-call health at Stripe, which my team is working on now. Happy to connect."
)


def compose(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--to", PRIYA, "--from", ME, "--candidates", "1", *args])
    out, err = capsys.readouterr()
    return code, out, err


# Every wait here is on the virtual clock (``tests/conftest.py``): a test of a 1 s
# Retry-After sees 1 s pass between the requests, on the clock the retries read and the
# fake server stamps its requests with, without spending it.


@pytest.fixture
def llm_env(fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> FakeLLM:
    for name, value in fake_llm.env().items():
        monkeypatch.setenv(name, value)
    return fake_llm


def _one_error_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("compose: error: "), err
    assert "Traceback" not in err
    assert "--engine offline" in err
    return err


def _fails_at_once(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str], *args: str, requests: int
) -> str:
    """Run compose expecting exit 3 within 2.5 s (waits included) after ``requests``
    requests; the error."""
    clock = llm_env.clock
    started = clock()
    code, out, err = compose(capsys, *args)
    assert clock() - started < 2.5
    assert code == 3 and out == "" and len(llm_env.requests) == requests
    return _one_error_line(err)


def test_429_with_retry_after_waits_that_long_then_succeeds(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str], virtual_clock: VirtualClock
) -> None:
    llm_env.enqueue(error(429, "Rate limit reached", retry_after=1), reply(GOOD))
    code, out, _ = compose(capsys)
    assert code == 0 and out.startswith(GOOD)
    assert len(llm_env.requests) == 2
    assert virtual_clock.waits == [1.0]
    gap = llm_env.times[1] - llm_env.times[0]
    assert 0.95 <= gap < 1.8


def test_retry_after_ms_is_preferred_and_a_wait_longer_than_the_cap_fails_at_once(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    llm_env.enqueue(error(503, retry_after_ms=50, retry_after=9), error(429, retry_after=120))
    llm_env.enqueue(reply(GOOD))
    monkeypatch.setenv("COMPOSER_RETRY_AFTER_CAP", "0.3")
    # Retry-After: 120 is more than the cap: no wait of 0.3 s and a third request that
    # would only be refused again, but the answer at once, saying how long to wait.
    err = _fails_at_once(llm_env, capsys, requests=2)
    assert llm_env.pending == 1
    first_wait = llm_env.times[1] - llm_env.times[0]
    assert 0.04 <= first_wait < 1.0  # retry-after-ms: 50, not Retry-After: 9
    assert err == (
        f"compose: error: rate limited by {llm_env.base_url}: it asks to wait ~2 min, "
        "longer than COMPOSER_RETRY_AFTER_CAP (0.3 s): wait that long and try again, "
        "or use --engine offline\n"
    )


def test_a_retry_after_as_long_as_the_cap_is_waited_for(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPOSER_RETRY_AFTER_CAP", "0.3")
    llm_env.enqueue(error(429, retry_after_ms=300), reply(GOOD))
    code, out, _ = compose(capsys)
    assert code == 0 and out.startswith(GOOD) and len(llm_env.requests) == 2
    assert llm_env.times[1] - llm_env.times[0] >= 0.29


def test_the_cap_is_a_flag_too_and_the_flag_wins(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    llm_env.enqueue(error(429, retry_after=0.5))
    err = _fails_at_once(llm_env, capsys, "--retry-after-cap", "0.2", requests=1)
    assert "it asks to wait ~1 s, longer than COMPOSER_RETRY_AFTER_CAP (0.2 s)" in err

    monkeypatch.setenv("COMPOSER_RETRY_AFTER_CAP", "0.1")
    llm_env.enqueue(error(429, retry_after=0.5), reply(GOOD))
    code, out, _ = compose(capsys, "--retry-after-cap", "1")  # waited for
    assert code == 0 and out.startswith(GOOD) and len(llm_env.requests) == 3

    code, _, err = compose(capsys, "--retry-after-cap", "soon")
    assert code == 2 and err == (
        "compose: error: --retry-after-cap: expected a number, got 'soon'\n"
    )


def test_a_503_asking_for_longer_than_the_cap_fails_at_once(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.default = error(503, "overloaded", retry_after_ms=45_000)
    err = _fails_at_once(llm_env, capsys, requests=1)
    assert f"{llm_env.base_url} is busy (HTTP 503): it asks to wait ~45 s, longer than " in err
    assert "COMPOSER_RETRY_AFTER_CAP (20 s)" in err


def test_a_retry_after_past_the_deadline_fails_at_once(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.default = error(429, retry_after=5)  # within the 20 s cap, not the 3 s deadline
    assert _fails_at_once(llm_env, capsys, "--deadline", "3", requests=1) == (
        f"compose: error: still rate limited by {llm_env.base_url} after 1 attempt within "
        "the 3 s deadline (COMPOSER_DEADLINE): wait ~5 s and try again, or use --engine "
        "offline\n"
    )


def test_a_long_rate_limit_on_the_extra_candidates_keeps_the_note_already_drafted(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    # A server that ignores n: the missing candidates are asked for separately; a long
    # Retry-After answers them, and nobody waits for it nor asks again.
    llm_env.ignore_n = True
    llm_env.enqueue(reply(GOOD))  # the first reply: one choice of three
    llm_env.default = error(429, retry_after=90)
    started = llm_env.clock()
    code, out, err = compose(capsys, "--candidates", "3")
    assert code == 0 and out.startswith(GOOD) and err == ""
    assert len(llm_env.requests) == 3  # the n=3 request, then one per missing candidate
    assert llm_env.clock() - started < 1.5


def test_persistent_500_stops_after_the_attempts(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.default = error(500, "upstream exploded", retry_after_ms=10)
    code, _, err = compose(capsys)
    assert code == 3
    _one_error_line(err)
    assert f"{llm_env.base_url} kept failing (HTTP 500) after 4 attempts" in err
    assert len(llm_env.requests) == 4  # COMPOSER_MAX_ATTEMPTS default; the SDK adds none


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_each_retryable_status_is_tried_again(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str], status: int
) -> None:
    llm_env.enqueue(error(status, retry_after_ms=10), reply(GOOD))
    code, out, err = compose(capsys)
    assert code == 0 and out.startswith(GOOD) and err == ""
    assert len(llm_env.requests) == 2


def test_max_attempts_is_configurable(llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    llm_env.default = error(502, retry_after_ms=10)
    code, _, err = compose(capsys, "--max-attempts", "2")
    assert code == 3 and "after 2 attempts" in err
    assert len(llm_env.requests) == 2


def test_stalled_server_times_out(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPOSER_TIMEOUT", "0.1")  # the least it may be
    monkeypatch.setenv("COMPOSER_MAX_ATTEMPTS", "2")
    llm_env.default = stall(30)
    code, _, err = compose(capsys)
    assert code == 3
    _one_error_line(err)
    assert f"{llm_env.base_url} did not answer within 0.1 s (2 attempts)" in err
    assert "COMPOSER_TIMEOUT" in err
    assert len(llm_env.requests) == 2
    # The timeout (0.1 s) and one backoff (0.5-0.75 s) apart, not the stall's 30 s.
    assert llm_env.times[1] - llm_env.times[0] < 2.0


def test_stall_then_answer_is_retried(llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    llm_env.enqueue(stall(30), reply(GOOD))
    code, out, _ = compose(capsys, "--timeout", "0.4")
    assert code == 0 and out.startswith(GOOD) and len(llm_env.requests) == 2


def test_total_deadline_stops_retrying_early(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.default = error(500, retry_after=1)
    code, _, err = compose(capsys, "--deadline", "1.8", "--max-attempts", "10")
    assert code == 3
    _one_error_line(err)
    assert "within the 1.8 s deadline (COMPOSER_DEADLINE)" in err
    assert len(llm_env.requests) == 2  # a third would start after the deadline


def test_a_reply_that_keeps_trickling_in_is_cut_at_the_deadline(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    # A slow model: the body arrives 40 bytes every 0.3 s (~5 s in all). Each read is
    # well within the 30 s request timeout, so only the deadline can stop it.
    llm_env.enqueue(reply(GOOD, chunk_delay=0.3))
    assert _fails_at_once(llm_env, capsys, "--deadline", "1", requests=1) == (
        f"compose: error: no note from {llm_env.base_url} within the 1 s deadline "
        "(COMPOSER_DEADLINE), or use --engine offline\n"
    )


async def test_a_stream_that_keeps_trickling_in_is_cut_at_the_deadline(
    llm_env: FakeLLM,
) -> None:
    llm_env.enqueue(reply(GOOD, chunk_delay=0.1))  # 13 pieces: ~1.3 s
    request = DraftRequest(target=load_profile(PRIYA), sender=load_profile(ME))
    # Shorter than a user may set (1 s at least): the same cut, sooner.
    settings = replace(load_settings(candidates=1), deadline=0.5)
    shown: list[str] = []
    started = llm_env.clock()
    with pytest.raises(ProviderError) as raised:
        async for item in stream_compose(request, settings):
            assert isinstance(item, str), "a note cut at the deadline must not be a result"
            shown.append(item)
    assert llm_env.clock() - started < 1.3
    assert raised.value.message == (
        f"no note from {llm_env.base_url} within the 0.5 s deadline (COMPOSER_DEADLINE), "
        "or use --engine offline"
    )
    # The preview showed what came in time; no request was sent after the deadline.
    assert shown and GOOD.startswith("".join(shown)) and "".join(shown) != GOOD
    assert len(llm_env.requests) == 1


async def test_a_slow_stream_that_ends_within_the_deadline_is_the_note(
    llm_env: FakeLLM,
) -> None:
    llm_env.enqueue(reply(GOOD, chunk_delay=0.02))
    request = DraftRequest(target=load_profile(PRIYA), sender=load_profile(ME))
    items = [item async for item in stream_compose(request, load_settings(candidates=1))]
    assert "".join(i for i in items if isinstance(i, str)) == GOOD
    assert isinstance(items[-1], DraftResult) and items[-1].note == GOOD


def test_persistent_rate_limit_says_how_long_to_wait(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.default = error(429, "Rate limit reached for requests", retry_after_ms=20)
    code, _, err = compose(capsys, "--max-attempts", "3")
    assert code == 3
    _one_error_line(err)
    assert f"still rate limited by {llm_env.base_url} after 3 attempts: wait ~1 s" in err
    assert len(llm_env.requests) == 3


@pytest.mark.parametrize(
    ("headers", "wait"),
    [
        ({"x-ratelimit-reset-requests": "6m0s", "x-ratelimit-reset-tokens": "20ms"}, "~6 min"),
        ({"x-ratelimit-reset-tokens": "1.5s"}, "~2 s"),
        ({"x-ratelimit-reset-requests": "soon"}, "a minute"),  # unreadable: a safe guess
        ({}, "a minute"),
    ],
)
def test_without_retry_after_openais_reset_headers_say_how_long_to_wait(
    llm_env: FakeLLM,
    capsys: pytest.CaptureFixture[str],
    virtual_clock: VirtualClock,
    headers: dict[str, str],
    wait: str,
) -> None:
    llm_env.default = error(429, "Rate limit reached", headers=headers)
    code, _, err = compose(capsys, "--max-attempts", "2")
    assert 0.5 <= virtual_clock.waits[0] <= 0.75  # no Retry-After: backoff with jitter
    assert code == 3
    _one_error_line(err)
    assert f"after 2 attempts: wait {wait} and try again" in err
    assert len(llm_env.requests) == 2


@pytest.mark.parametrize(
    ("status", "message", "expected"),
    [
        (401, "Incorrect API key provided", "authentication failed at {url}: check OPENAI_API_KEY"),
        (403, "Project does not have access", "{url} refused access (HTTP 403"),
        (400, "Invalid value for 'seed'", "{url} rejected the request (HTTP 400: Invalid"),
        (429, "You exceeded your current quota", "{url} says the quota is used up"),
        (404, "Not found", "{url} has no chat completions endpoint (HTTP 404)"),
    ],
)
def test_errors_that_waiting_cannot_fix_are_never_retried(
    llm_env: FakeLLM,
    capsys: pytest.CaptureFixture[str],
    status: int,
    message: str,
    expected: str,
) -> None:
    code_name = "insufficient_quota" if status == 429 else None
    llm_env.default = error(status, message, code=code_name)
    code, _, err = compose(capsys)
    assert code == (2 if status == 404 else 3)  # a wrong URL is the user's configuration
    _one_error_line(err)
    assert expected.format(url=llm_env.base_url) in err
    assert len(llm_env.requests) == 1


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, 'model "llama9" not found, try pulling it first'),  # Ollama
        (404, "The model `llama9` does not exist."),  # vLLM
        (400, "llama9 is not a valid model ID"),  # OpenRouter
        (400, "Invalid model. Please select a different model to continue."),
    ],
)
def test_each_servers_wording_of_an_unknown_model_is_understood(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str], status: int, message: str
) -> None:
    llm_env.default = error(status, message)
    code, _, err = compose(capsys, "--model", "llama9")
    assert code == 2
    _one_error_line(err)
    assert f"unknown model 'llama9' at {llm_env.base_url}" in err
    assert len(llm_env.requests) == 1


def test_unknown_model_is_a_configuration_error(
    llm_env: FakeLLM, capsys: pytest.CaptureFixture[str]
) -> None:
    llm_env.models = {"llama3.1"}
    code, _, err = compose(capsys, "--model", "gpt-9")
    assert code == 2
    _one_error_line(err)
    assert f"unknown model 'gpt-9' at {llm_env.base_url}" in err
    assert "--model" in err and "COMPOSER_MODEL" in err
    assert len(llm_env.requests) == 1


def test_wrong_base_url_path_is_a_configuration_error(
    fake_llm: FakeLLM, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = fake_llm.base_url.removesuffix("/v1") + "/api"
    monkeypatch.setenv("OPENAI_BASE_URL", wrong)
    code, _, err = compose(capsys)
    assert code == 2
    _one_error_line(err)
    assert f"{wrong} has no chat completions endpoint (HTTP 404)" in err
    assert "OPENAI_BASE_URL" in err


def test_unreachable_server_names_the_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    code, _, err = compose(capsys, "--max-attempts", "2")
    assert code == 3
    _one_error_line(err)
    assert f"cannot reach {url} (2 attempts): is the server running?" in err


def test_credentials_in_the_base_url_are_not_shown(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://user:hunter2@127.0.0.1:{port}/v1")
    code, _, err = compose(capsys, "--max-attempts", "1")
    assert code == 3 and "hunter2" not in err and f"http://127.0.0.1:{port}/v1" in err


def _request() -> DraftRequest:
    return DraftRequest(target=load_profile(PRIYA), sender=load_profile(ME), candidates=1)


async def test_a_429_pauses_every_worker_sharing_the_backoff(fake_llm: FakeLLM) -> None:
    clock = ManualClock()  # time moves when this test says so
    fake_llm.clock = clock.now
    settings = load_settings(base_url=fake_llm.base_url, candidates=1)
    settings.backoff = Backoff(clock)
    fake_llm.enqueue(error(429, retry_after=0.8))
    first = asyncio.create_task(compose_note_async(_request(), settings))
    await clock.sleeping(1)  # the 429 came: the first worker waits its 0.8 s
    clock.advance(0.1)
    second = asyncio.create_task(compose_note_async(_request(), settings))
    await clock.sleeping(2)
    # The second worker started 0.1 s after the 429 and waits for the shared pause,
    # without asking the server.
    assert len(fake_llm.requests) == 1 and clock.waits == pytest.approx([0.8, 0.7])
    clock.advance(0.7)
    await asyncio.gather(first, second)
    assert len(fake_llm.requests) == 3
    assert fake_llm.times[1:] == [pytest.approx(fake_llm.times[0] + 0.8)] * 2
    assert settings.backoff.pauses == 1


async def test_a_shared_pause_longer_than_the_cap_fails_without_a_request(
    fake_llm: FakeLLM,
) -> None:
    settings = load_settings(base_url=fake_llm.base_url, candidates=1)
    settings.backoff = Backoff()
    settings.backoff.delay_for(100)  # another worker was told so (its error not kept)
    with pytest.raises(ProviderError) as raised:
        await compose_note_async(_request(), settings)
    assert raised.value.message == (
        f"rate limited by {fake_llm.base_url}: it asks to wait ~100 s, longer than "
        "COMPOSER_RETRY_AFTER_CAP (20 s): wait that long and try again, or use --engine offline"
    )
    assert fake_llm.requests == []


async def test_backoff_waits_for_the_latest_time_and_never_shortens() -> None:
    clock = ManualClock()
    backoff = Backoff(clock)
    backoff.delay_for(0.2)
    backoff.delay_until(clock.now())  # earlier: ignored
    waiting = asyncio.create_task(backoff.wait())
    await clock.sleeping(1)
    clock.advance(0.1)
    backoff.delay_for(0.3)  # another worker is told to wait longer: until 0.4
    clock.advance(0.1)  # the first wait ends; the gate is still closed
    await clock.sleeping(1)
    assert not waiting.done() and clock.waits == pytest.approx([0.2, 0.2])
    clock.advance(0.2)
    assert await waiting == pytest.approx(0.4)
    assert backoff.remaining == 0
    assert await backoff.wait() == 0
    assert backoff.pauses == 2


def test_a_backoff_without_an_event_loop_waits_on_its_clock(
    virtual_clock: VirtualClock,
) -> None:
    backoff = Backoff()  # the default clock: the tests' virtual one
    backoff.delay_for(1.5)
    assert backoff.wait_sync(limit=1.0) == 1.0
    assert backoff.wait_sync() == pytest.approx(0.5, abs=0.05)
    assert backoff.remaining == 0 and virtual_clock.waits[0] == 1.0


def test_real_process_prints_one_line_and_exits_3_without_warnings(fake_llm: FakeLLM) -> None:
    import os
    import subprocess
    import sys

    fake_llm.default = error(401, "Incorrect API key provided: sk-fak************test")
    env = {**os.environ, **fake_llm.env(), "PYTHONWARNINGS": "always"}
    done = subprocess.run(
        [sys.executable, "-m", "composer", "--to", PRIYA, "--engine", "openai"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr == (
        f"compose: error: authentication failed at {fake_llm.base_url}: check "
        "OPENAI_API_KEY, or use --engine offline\n"
    )
    assert len(fake_llm.requests) == 1
