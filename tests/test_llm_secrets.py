"""The API key reaches the server and nothing else: not output, errors, repr or files."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from composer.cli import main
from tests.fake_llm import FakeLLM, error, midway_error, reply
from tests.support import EXAMPLES

KEY = "sk-SECRET-do-not-print-4242-zyxw"
GOOD = (
    "Hi Priya, I'm Alex Chen, a backend engineer at Shopify. Marcus Lee mentioned your work "
    "on on-call health at Stripe, which my team is working on now. Happy to connect."
)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--to", str(EXAMPLES / "priya-shah.json"), "--from", str(EXAMPLES / "me.json"),
                 "--candidates", "1", *args])  # fmt: skip
    out, err = capsys.readouterr()
    return code, out + err


def _files_containing(root: Path, needle: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


def test_key_is_sent_to_the_server_but_never_shown(
    fake_llm: FakeLLM,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", fake_llm.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    fake_llm.api_key = KEY  # the server insists on it: proves the key is used
    outputs: list[str] = []

    fake_llm.enqueue(reply(GOOD))
    code, text = _run(capsys, "--json", "--verbose")
    assert code == 0 and GOOD in text
    outputs.append(text)
    assert fake_llm.headers[-1]["authorization"] == f"Bearer {KEY}"

    fake_llm.enqueue(reply(GOOD))
    outputs.append(_run(capsys, "--verbose")[1])

    # A server error that echoes the key back (some providers do) is redacted.
    fake_llm.enqueue(error(400, f"Invalid request for key {KEY}: bad 'n'"))
    code, text = _run(capsys)
    assert code == 3 and "****" in text
    outputs.append(text)

    fake_llm.api_key = "sk-something-else"
    code, text = _run(capsys)
    assert code == 3 and "authentication failed" in text
    outputs.append(text)

    for text in outputs:
        assert KEY not in text
        assert KEY[3:20] not in text  # not even a recognisable piece of it
    assert _files_containing(tmp_path, KEY) == []  # history, caches, anything saved


def test_key_not_in_errors_for_an_unreachable_server(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    code, text = _run(capsys, "--max-attempts", "1")
    assert code == 3 and "cannot reach" in text and KEY not in text


def test_key_from_dotenv_not_echoed_on_a_dotenv_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(f'OPENAI_API_KEY="{KEY}\n', encoding="utf-8")  # unterminated
    code, text = _run(capsys)
    assert code == 2 and ".env:1: unterminated" in text and KEY not in text


@pytest.mark.parametrize("streamed", [False, True], ids=["plain", "streamed"])
def test_key_echoed_in_an_error_inside_a_reply_is_removed_before_shortening(
    fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    import asyncio

    from composer.config.settings import load_settings
    from composer.core.contract import DraftRequest
    from composer.core.errors import ProviderError
    from composer.drafting.pipeline import compose_note, stream_compose
    from composer.profile import load_profile

    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    # Long enough that shortening the message first would leave half of the key in it.
    fake_llm.default = midway_error(f"Provider error for request 0123456789abcdef, key {KEY}")
    settings = load_settings(base_url=fake_llm.base_url, candidates=1, max_attempts=2)
    request = DraftRequest(
        target=load_profile(EXAMPLES / "priya-shah.json"), sender=load_profile(EXAMPLES / "me.json")
    )

    async def drain() -> None:
        async for _ in stream_compose(request, settings):
            pass

    with pytest.raises(ProviderError) as raised:
        asyncio.run(drain()) if streamed else compose_note(request, settings)
    message = str(raised.value)
    assert "sent no usable note after 2 attempts" in message
    assert "Provider error for request" in message  # the server's words, as far as they go
    assert KEY[:8] not in message and KEY not in message
    assert len(fake_llm.requests) == 2


def test_a_key_in_the_base_url_query_is_not_echoed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    secret = "qs-0123456789abcdef0123"
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1?key={secret}")
    code, text = _run(capsys, "--max-attempts", "1")
    assert code == 3 and "cannot reach" in text and "?key=***" in text
    assert secret not in text


def test_redact_url_hides_user_query_values_and_fragment() -> None:
    from composer.config.settings import redact_url

    assert redact_url("https://u:p@h.io/v1?key=sk-1&api-version=2#t") == (
        "https://h.io/v1?key=***&api-version=***"
    )
    assert redact_url("http://localhost:11434/v1") == "http://localhost:11434/v1"
