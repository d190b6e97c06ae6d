"""The loopback fake LLM server behaves like the servers it stands in for."""

from __future__ import annotations

import contextlib
import json
import time
import urllib.error
import urllib.request
from typing import Any

from tests.fake_llm import FakeLLM, error, reply, stall


def _post(server: FakeLLM, body: dict[str, Any], timeout: float = 5) -> tuple[int, Any]:
    req = urllib.request.Request(
        server.base_url + "/chat/completions",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, (dict(exc.headers), json.loads(exc.read()))


BODY = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}


def test_scripted_steps_are_served_in_order_then_the_default(fake_llm: FakeLLM) -> None:
    fake_llm.enqueue(reply("one", "two"), error(429, retry_after=1))
    status, data = _post(fake_llm, {**BODY, "n": 2})
    assert status == 200
    assert [c["message"]["content"] for c in data["choices"]] == ["one", "two"]
    status, (headers, data) = _post(fake_llm, BODY)
    assert status == 429 and headers["Retry-After"] == "1"
    status, data = _post(fake_llm, {**BODY, "n": 3})
    assert status == 200 and len(data["choices"]) == 3
    assert len(fake_llm.requests) == 3 and fake_llm.requests[0]["n"] == 2


def test_default_note_greets_the_target_in_the_prompt_language(fake_llm: FakeLLM) -> None:
    prompt = (
        "Write the note in Spanish (es).\n<target_profile>\n"
        + json.dumps({"name": "Lucía Fernández", "mutual_connections": ["Ana Ruiz"]})
        + "\n</target_profile>\n<sender_profile>\n"
        + json.dumps({"name": "Marta Gil", "experience": [{"title": "CTO", "company": "Nube"}]})
        + "\n</sender_profile>"
    )
    _, data = _post(fake_llm, {**BODY, "messages": [{"role": "user", "content": prompt}]})
    note = data["choices"][0]["message"]["content"]
    assert note.startswith("Hola Lucía, soy Marta Gil, CTO en Nube.")
    assert len(note) <= 200


def test_ignore_n_and_reject_n_modes(fake_llm: FakeLLM) -> None:
    fake_llm.ignore_n = True
    _, data = _post(fake_llm, {**BODY, "n": 3})
    assert len(data["choices"]) == 1
    fake_llm.ignore_n, fake_llm.reject_n = False, True
    status, (_, data) = _post(fake_llm, {**BODY, "n": 3})  # llama.cpp: a server_error
    assert status == 500 and "Only one completion choice" in data["error"]["message"]
    assert data["error"]["type"] == "server_error"
    fake_llm.reject_n_status = 400
    status, (_, data) = _post(fake_llm, {**BODY, "n": 3})
    assert status == 400 and "Only one completion choice" in data["error"]["message"]
    assert _post(fake_llm, BODY)[0] == 200  # one choice is fine


def test_stalled_request_ends_quickly_when_the_server_stops() -> None:
    server = FakeLLM().start()
    server.enqueue(stall(30))
    started = time.monotonic()
    with contextlib.suppress(TimeoutError):
        _post(server, BODY, timeout=0.3)
    server.stop()
    assert time.monotonic() - started < 5


def test_default_notes_pass_the_checker_for_every_example_pair() -> None:
    """Other tests (batch, UI) rely on the default reply being a good note."""
    from composer.checker import check_note
    from composer.core.contract import DraftRequest
    from composer.drafting.llm.prompt import draft_messages
    from composer.profile import load_profile
    from tests.fake_llm import default_notes
    from tests.support import EXAMPLES

    targets = [load_profile(p) for p in sorted(EXAMPLES.glob("*.json"))]
    senders = [load_profile(EXAMPLES / "me.json"), load_profile(EXAMPLES / "sender-es.json")]
    checked = 0
    for target in targets:
        for sender in senders:
            if sender.name == target.name:
                continue
            request = DraftRequest(target=target, sender=sender)
            for note in default_notes({"messages": draft_messages(request)}, 3):
                report = check_note(note, target, sender, request.goal, 200)
                assert report.ok and not report.warnings, (note, report.rules())
                assert note.split()[1].rstrip(",") == target.first_name
                checked += 1
    assert checked >= 30
