"""A real OpenAI-compatible HTTP server on 127.0.0.1 for tests and benchmarks.

Tests never touch the network: LLM behaviour is tested against this loopback server,
a ``http.server.ThreadingHTTPServer`` speaking ``POST /v1/chat/completions`` (plain JSON
and SSE streaming, ``n`` choices, ``stream_options.include_usage``) and ``GET /v1/models``.

Use the pytest fixture (imported by ``tests/conftest.py``, so any test can ask for it)::

    def test_something(fake_llm):
        fake_llm.enqueue(reply("Hi Priya, I'm Sam ..."), error(429, retry_after=1))
        env = fake_llm.env()              # {"OPENAI_BASE_URL": ..., "OPENAI_API_KEY": ...}
        ...
        assert len(fake_llm.requests) == 2

or, outside pytest (benchmarks, a subprocess)::

    with FakeLLM() as server:
        print(server.base_url)            # http://127.0.0.1:PORT/v1

``python -m tests.fake_llm`` runs one in the foreground and prints its base URL.

The server object
-----------------
- ``base_url``: ``http://127.0.0.1:PORT/v1`` (give it to ``OPENAI_BASE_URL``).
- ``env(key="sk-fake-test")``: the environment variables that point Composer at it.
- ``enqueue(*steps)``: script the next responses, one step per request, in order.
- ``requests``: the JSON bodies received on ``/chat/completions``, in arrival order
  (count them to assert how many HTTP requests were made); ``headers``: their headers
  (lower-cased names), e.g. to check ``authorization``; ``times``: when each arrived
  (on ``clock``: ``time.monotonic`` by default; the fixture gives it the tests' virtual
  clock, the one the retries wait on); ``peers``: the client's (host, port) for each, so that
  ``len(set(peers))`` counts the connections used; ``server_seconds``: total time spent
  answering.
- ``default_delay``: seconds to wait before answering any request (default 0).
- ``gate``: when a ``threading.Event``, every answer waits until the test sets it (a
  model that answers when the test says so: no guessing how long a UI takes to look).
- ``ignore_n = True``: behave like Ollama: always answer with one choice whatever ``n``.
- ``reject_n = True``: behave like llama.cpp server: ``n > 1`` gets an HTTP error
  "Only one completion choice is allowed", with status ``reject_n_status``: 500 by
  default, as llama.cpp sends it (a ``runtime_error`` becomes a ``server_error``), or 400
  as servers that validate parameters do.
- ``models``: when a set, a request for another model gets 404 ``model_not_found``.
- ``api_key``: when set, a request without ``Authorization: Bearer <api_key>`` gets 401.
  (These modes answer before the script: a refused request does not use up a step.)
- ``default``: the step used when the queue is empty (``None``: the built-in good note).

Steps (build them with these functions)
---------------------------------------
- ``reply(*texts, finish_reason="stop", delay=0, usage=None, chunk_delay=0, hold=None)``: the
  choices, one per text, exactly as given (fewer than ``n`` is allowed: that is a server
  that ignores ``n``; none at all: the built-in good notes). Streamed as SSE when the
  request says ``stream: true``. ``chunk_delay``: a slow model that keeps sending: each
  SSE event, or each piece of a plain body, ``chunk_delay`` seconds after the last.
  ``hold``: a ``threading.Event``; the reply waits until the test sets it.
- ``error(status, message=..., retry_after=None, retry_after_ms=None, headers=None,
  code=None, param=None)``: an HTTP error with an OpenAI-shaped JSON body and the given headers.
- ``stall(seconds)``: send nothing for ``seconds`` (longer than the client's timeout),
  then a good reply; ends early when the server shuts down.
- ``cut(text, after=20)``: stream (or send) the first ``after`` characters, then drop the
  connection mid-body.
- ``malformed()``: a stream whose second chunk is not JSON (or a non-JSON body).
- ``empty()``: one choice whose content is empty.
- ``midway_error(message)``: HTTP 200, then an error object instead of the reply: after
  the first chunk of a stream, or as the whole plain body (as OpenRouter reports errors
  that happen once the response has started).

When the queue is empty the server writes a good note itself: it reads the target and
sender profiles and the language from the prompt rendered by ``prompts/llm/draft.j2``
(``<target_profile>``/``<sender_profile>`` JSON blocks and "Write the note in X (xx)")
and answers with ``n`` varied notes in that language that greet the target by name,
introduce the sender and give a concrete reason (a mutual connection, a post, the role).
For a follow-up prompt (``prompts/llm/follow-up.j2``: "Write message N after acceptance
in X (xx)") it answers with good messages instead: thanks (the first only), a reason,
one ask, a close.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.support.clock import VirtualClock

__all__ = [
    "FakeLLM",
    "Step",
    "cut",
    "default_notes",
    "empty",
    "error",
    "fake_llm",
    "malformed",
    "midway_error",
    "reply",
    "stall",
]


@dataclass
class Step:
    """One scripted response. Build it with ``reply``/``error``/``stall``/``cut``/..."""

    kind: str  # reply | error | stall | cut | malformed | midway_error
    texts: list[str] = field(default_factory=list)
    finish_reason: str = "stop"
    delay: float = 0.0
    usage: dict[str, int] | None = None
    status: int = 200
    message: str = ""
    code: str | None = None
    param: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    cut_after: int = 20
    chunk_delay: float = 0.0  # seconds between the pieces of a reply (a slow model)
    hold: threading.Event | None = None  # the answer waits until the test sets it


def reply(
    *texts: str,
    finish_reason: str = "stop",
    delay: float = 0.0,
    usage: dict[str, int] | None = None,
    chunk_delay: float = 0.0,
    hold: threading.Event | None = None,
) -> Step:
    """Answer with these choices (one per text; none: the built-in good notes), after
    ``delay`` seconds, sending the pieces ``chunk_delay`` seconds apart. ``hold``: the
    answer waits until the test sets this event (a state to look at that no clock can
    cut short, however slow the machine)."""
    return Step(
        "reply", list(texts), finish_reason=finish_reason, delay=delay, usage=usage,
        chunk_delay=chunk_delay, hold=hold,
    )  # fmt: skip


def error(
    status: int,
    message: str | None = None,
    *,
    retry_after: float | None = None,
    retry_after_ms: int | None = None,
    headers: dict[str, str] | None = None,
    code: str | None = None,
    param: str | None = None,
    delay: float = 0.0,
) -> Step:
    """Answer with HTTP ``status`` and an OpenAI-shaped error body."""
    hdrs = dict(headers or {})
    if retry_after is not None:
        hdrs["Retry-After"] = f"{retry_after:g}"
    if retry_after_ms is not None:
        hdrs["retry-after-ms"] = str(retry_after_ms)
    return Step(
        "error",
        status=status,
        message=message or f"fake server error {status}",
        headers=hdrs,
        code=code,
        param=param,
        delay=delay,
    )


def stall(seconds: float) -> Step:
    """Say nothing for ``seconds`` (to trip the client's timeout), then a good reply."""
    return Step("stall", delay=seconds)


def cut(text: str, after: int = 20) -> Step:
    """Send the first ``after`` characters of ``text``, then drop the connection."""
    return Step("cut", [text], cut_after=after)


def malformed() -> Step:
    """A stream whose second chunk (or a body) is not JSON."""
    return Step("malformed", ["Hi there, this will break"])


def midway_error(message: str = "upstream provider error") -> Step:
    """An error reported inside a 200 reply, as OpenRouter does: after the first chunk of
    a stream (``data: {"error": {...}}``), or as the whole body of a plain reply."""
    return Step("midway_error", ["Hi there"], message=message)


def empty() -> Step:
    """One choice with empty content."""
    return Step("reply", [""])


# --- the built-in good note -----------------------------------------------------------

_BLOCK = re.compile(r"<(target|sender)_profile>\s*(.*?)\s*</\1_profile>", re.S)
_LANG = re.compile(r"(?:Write the note in|Escribe la nota en) [^()\n]*\((en|es)\)")


def _profiles(prompt: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for who, blob in _BLOCK.findall(prompt):
        try:
            data = json.loads(blob)
        except ValueError:
            continue
        if isinstance(data, dict):
            found[who] = data
    return found


def _role(profile: dict[str, Any], at: str = "at") -> str:
    for exp in profile.get("experience") or []:
        if isinstance(exp, dict) and exp.get("title") and exp.get("company"):
            return f"{exp['title']} {at} {exp['company']}"
    return str(profile.get("headline") or "").split("|")[0].strip()


def _topic(profile: dict[str, Any]) -> str:
    for post in profile.get("recent_posts") or []:
        text = post.get("text") if isinstance(post, dict) else post
        if text:
            words = re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", str(text))
            return " ".join(words[:5])
    return ""


_FOLLOW_UP = re.compile(
    r"(?:Write message|Escribe el mensaje) (\d+) (?:after acceptance|tras la aceptación)"
    r" (?:in|en) [^()\n]*\((en|es)\)"
)


def default_messages(prompt: str, nth: int, lang: str, n: int = 1) -> list[str]:
    """``n`` good messages after acceptance (``prompts/llm/follow-up.j2``): thanks (the
    first only), a reason from the target's role, one ask, a close."""
    profiles = _profiles(prompt)
    first = str(profiles.get("target", {}).get("name") or "there").split()[0]
    me = str(profiles.get("sender", {}).get("name") or "Sam Rivera").split()[0]
    if lang == "es":
        thanks = "gracias por aceptar. " if nth == 1 else ""
        asks = [
            "¿Te parece una llamada de 15 minutos la semana que viene?",
            "¿Hay una lectura que me recomendarías primero?",
        ]
        body = f"Hola {first}, {thanks}Te escribí porque tu experiencia me ayuda con mi objetivo."
        close = f"Un saludo, {me}"
    else:
        thanks = "thanks for accepting. " if nth == 1 else ""
        asks = [
            "Would you be open to a 15-minute call next week?",
            "Is there one thing you'd read first on this?",
        ]
        body = f"Hi {first}, {thanks}I wrote because your experience is close to my goal."
        close = f"Best, {me}"
    return [f"{body} {asks[i % len(asks)]} {close}" for i in range(max(1, n))]


def default_notes(body: dict[str, Any], n: int = 1) -> list[str]:
    """``n`` varied good notes for the prompt in ``body`` (see the module docstring);
    for a follow-up prompt, good messages (``default_messages``)."""
    prompt = "\n".join(
        str(m.get("content") or "") for m in body.get("messages") or [] if isinstance(m, dict)
    )
    if follow_up := _FOLLOW_UP.search(prompt):
        return default_messages(prompt, int(follow_up.group(1)), follow_up.group(2), n)
    lang_match = _LANG.search(prompt)
    lang = lang_match.group(1) if lang_match else "en"
    profiles = _profiles(prompt)
    target = profiles.get("target", {})
    sender = profiles.get("sender", {})
    first = str(target.get("name") or "there").split()[0]
    me = str(sender.get("name") or "Sam Rivera")
    at = "en" if lang == "es" else "at"
    my_role = _role(sender, at) or (
        "ingeniero de software" if lang == "es" else "a software engineer"
    )
    mutual = (target.get("mutual_connections") or [""])[0]
    topic = _topic(target)
    their_role = _role(target, at)
    if lang == "es":
        intro = f"Hola {first}, soy {me}, {my_role}."
        reasons = [
            f"Leí tu publicación sobre {topic} y me pareció muy útil." if topic else "",
            f"{mutual} me habló de tu trabajo." if mutual else "",
            f"Me interesa tu experiencia como {their_role}." if their_role else "",
        ]
        generic = "Me interesa mucho tu trayectoria profesional."
        closes = ["Me encantaría conectar.", "¿Conectamos?", "Un saludo."]
    else:
        intro = f"Hi {first}, I'm {me}, {my_role}."
        reasons = [
            f"I enjoyed your recent post on {topic}." if topic else "",
            f"{mutual} told me about your work." if mutual else "",
            f"Your experience as {their_role} is close to what I work on." if their_role else "",
        ]
        generic = "Your career path is close to what I work on."
        closes = ["I'd be glad to connect.", "Happy to connect.", "Best regards."]
    reasons = [r for r in reasons if r] or [generic]  # a concrete reason whenever there is one
    notes = []
    for i in range(max(1, n)):
        note = f"{intro} {reasons[i % len(reasons)]} {closes[i % len(closes)]}"
        if len(note) > 200:  # drop the sender's role rather than cut words
            short_intro = f"Hola {first}, soy {me}." if lang == "es" else f"Hi {first}, I'm {me}."
            note = f"{short_intro} {reasons[i % len(reasons)]} {closes[i % len(closes)]}"
        notes.append(note)
    return notes


# --- the server ------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: FakeLLM


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as real servers set it: the head and the body go out in separate
    # writes, and with Nagle's algorithm the body waits for the client's delayed ACK
    # (~40 ms on Linux), which made every answer 40 ms late on a kept-alive connection.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass  # keep test output clean

    # -- routing --

    def do_GET(self) -> None:
        if self.path.split("?")[0].rstrip("/") == "/v1/models":
            models = sorted(self.server.owner.models or {"fake-model"})
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in models]
            self._json(200, {"object": "list", "data": data})
        else:
            self._json(404, _error_body(f"no route for GET {self.path}", "not_found"))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path.split("?")[0].rstrip("/") != "/v1/chat/completions":
            self._json(404, _error_body(f"no route for POST {self.path}", "not_found"))
            return
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._json(400, _error_body("request body is not JSON", "invalid_json"))
            return
        owner = self.server.owner
        owner._record(body, {k.lower(): v for k, v in self.headers.items()}, self.client_address)
        started = time.monotonic()
        try:
            self._serve(owner, body)
        finally:
            with owner._lock:
                owner.server_seconds += time.monotonic() - started

    # -- behaviours --

    def _serve(self, owner: FakeLLM, body: dict[str, Any]) -> None:
        n = int(body.get("n") or 1)
        if owner.default_delay and owner._stop.wait(owner.default_delay):
            return
        if owner.gate is not None and owner._held(owner.gate):
            return
        expected = f"Bearer {owner.api_key}"
        if owner.api_key is not None and self.headers.get("Authorization") != expected:
            self._json(401, _error_body("Incorrect API key provided", "invalid_api_key"))
            return
        if owner.models is not None and body.get("model") not in owner.models:
            msg = f"The model `{body.get('model')}` does not exist or you do not have access to it."
            self._json(404, _error_body(msg, "model_not_found"))
            return
        if owner.reject_n and n > 1:
            status = owner.reject_n_status
            kind = "server_error" if status >= 500 else "invalid_request_error"
            payload = _error_body("Only one completion choice is allowed", None, kind=kind)
            self._json(status, payload)
            return
        # Server modes answer before the script: a scripted step waits for a request
        # the server accepts.
        step = owner._next_step() or owner.default or Step("reply", default_notes(body, n))
        if step.delay and step.kind != "stall" and owner._stop.wait(step.delay):
            return
        while step.hold is not None and not step.hold.wait(0.05):
            if owner._stop.is_set():
                return
        if step.kind == "error":
            payload = _error_body(step.message, step.code, step.param)
            self._json(step.status, payload, step.headers)
            return
        if step.kind == "stall":
            if owner._stop.wait(step.delay):
                return
            step = Step("reply", default_notes(body, n))
        texts = step.texts or (default_notes(body, n) if step.kind == "reply" else [])
        if owner.ignore_n:
            texts = texts[:1]
        if body.get("stream"):
            self._stream(body, step, texts)
        else:
            self._complete(body, step, texts)

    def _complete(self, body: dict[str, Any], step: Step, texts: list[str]) -> None:
        if step.kind == "malformed":
            self._raw(200, b'{"id": "chatcmpl-fake", "choices": [', "application/json")
            return
        if step.kind == "midway_error":
            self._json(200, _error_body(step.message, "502", kind="provider_error"))
            return
        if step.kind == "cut":
            payload = json.dumps(_completion(body, texts, step)).encode()
            self._send_head(200, "application/json", {"Content-Length": str(len(payload))})
            self.wfile.write(payload[: step.cut_after])
            self.wfile.flush()
            self._drop()
            return
        if step.chunk_delay:
            self._trickle(json.dumps(_completion(body, texts, step)).encode(), step)
            return
        self._json(200, _completion(body, texts, step))

    def _trickle(self, payload: bytes, step: Step, size: int = 40) -> None:
        """A plain body sent ``size`` bytes at a time, ``step.chunk_delay`` s apart."""
        try:
            self._send_head(200, "application/json", {"Content-Length": str(len(payload))})
            for start in range(0, len(payload), size):
                if start:
                    self._pause(step)
                self.wfile.write(payload[start : start + size])
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _stream(self, body: dict[str, Any], step: Step, texts: list[str]) -> None:
        self._send_head(200, "text/event-stream", {"Transfer-Encoding": "chunked"})
        base = {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model") or "fake-model",
        }
        try:
            if step.kind == "malformed":
                first = {**base, "choices": [_delta(0, {"role": "assistant", "content": "Hi"})]}
                self._event(json.dumps(first))
                self._event('{"id": "chatcmpl-fake", "choices": [{"index": 0, "delta": {')
                self._event("[DONE]")
                self._end_chunks()
                return
            if step.kind == "midway_error":
                first = {**base, "choices": [_delta(0, {"role": "assistant", "content": "Hi"})]}
                self._event(json.dumps(first))
                self._event(json.dumps(_error_body(step.message, "502", kind="provider_error")))
                self._event("[DONE]")
                self._end_chunks()
                return
            for index, text in enumerate(texts):
                limit = step.cut_after if step.kind == "cut" else len(text)
                pieces = _pieces(text[:limit]) or [""]
                for i, piece in enumerate(pieces):
                    delta: dict[str, Any] = {"content": piece}
                    if i == 0:
                        delta["role"] = "assistant"
                    else:
                        self._pause(step)
                    self._event(json.dumps({**base, "choices": [_delta(index, delta)]}))
                if step.kind == "cut":
                    self._drop()
                    return
                final = _delta(index, {}, step.finish_reason)
                self._event(json.dumps({**base, "choices": [final]}))
            if (body.get("stream_options") or {}).get("include_usage"):
                usage = _usage(body, texts, step)
                self._event(json.dumps({**base, "choices": [], "usage": usage}))
            self._event("[DONE]")
            self._end_chunks()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (e.g. its timeout): nothing to do

    # -- wire helpers --

    def _send_head(self, status: int, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()

    def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        self._raw(status, json.dumps(data).encode(), "application/json", headers)

    def _raw(
        self, status: int, payload: bytes, ctype: str, headers: dict[str, str] | None = None
    ) -> None:
        try:
            self._send_head(status, ctype, {**(headers or {}), "Content-Length": str(len(payload))})
            self.wfile.write(payload)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _pause(self, step: Step) -> None:
        """Between two pieces of a slow reply; raises ``BrokenPipeError`` on shutdown."""
        if step.chunk_delay and self.server.owner._stop.wait(step.chunk_delay):
            raise BrokenPipeError("the server is shutting down")

    def _event(self, data: str) -> None:
        payload = f"data: {data}\n\n".encode()
        self.wfile.write(f"{len(payload):X}\r\n".encode() + payload + b"\r\n")
        self.wfile.flush()

    def _end_chunks(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _drop(self) -> None:
        """Close the connection mid-body, like a proxy or a crashed server would."""
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _delta(index: int, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"index": index, "delta": delta, "finish_reason": finish, "logprobs": None}


def _pieces(text: str, size: int = 12) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def _usage(body: dict[str, Any], texts: list[str], step: Step) -> dict[str, int]:
    if step.usage is not None:
        return dict(step.usage)
    prompt_chars = sum(len(str(m.get("content") or "")) for m in body.get("messages") or [])
    prompt = max(1, prompt_chars // 4)
    completion = sum(max(1, len(t) // 4) for t in texts)
    total = prompt + completion
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": total}


def _completion(body: dict[str, Any], texts: list[str], step: Step) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model") or "fake-model",
        "choices": [
            {
                "index": i,
                "message": {"role": "assistant", "content": text},
                "finish_reason": step.finish_reason,
                "logprobs": None,
            }
            for i, text in enumerate(texts)
        ],
        "usage": _usage(body, texts, step),
    }


def _error_body(
    message: str, code: str | None, param: str | None = None, kind: str = "invalid_request_error"
) -> dict[str, Any]:
    error = {"message": message, "type": kind, "code": code, "param": param}
    return {"error": error}


class FakeLLM:
    """The loopback server. Start it with ``with FakeLLM() as s:`` or ``start()``/``stop()``."""

    def __init__(self) -> None:
        self._queue: deque[Step] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.times: list[float] = []
        self.clock: Callable[[], float] = time.monotonic  # what ``times`` are read on
        self.peers: list[tuple[Any, ...] | None] = []
        self.server_seconds = 0.0  # time spent answering, delays included (benchmarks)
        self.default_delay = 0.0
        self.gate: threading.Event | None = None
        self.ignore_n = False
        self.reject_n = False
        self.reject_n_status = 500  # what llama.cpp sends; some servers say 400
        self.models: set[str] | None = None
        self.api_key: str | None = None
        self.default: Step | None = None
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the fake LLM server is not running")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def env(self, key: str = "sk-fake-test") -> dict[str, str]:
        """Environment variables that point Composer's openai engine at this server."""
        return {"OPENAI_BASE_URL": self.base_url, "OPENAI_API_KEY": key}

    def _held(self, event: threading.Event) -> bool:
        """Wait until the test sets ``event``; True when the server stops first."""
        while not event.wait(0.01):
            if self._stop.is_set():
                return True
        return self._stop.is_set()

    def enqueue(self, *steps: Step) -> None:
        with self._lock:
            self._queue.extend(steps)

    @property
    def pending(self) -> int:
        """Scripted steps not consumed yet."""
        with self._lock:
            return len(self._queue)

    def _record(self, body: dict[str, Any], headers: dict[str, str], peer: Any = None) -> None:
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            self.times.append(self.clock())
            self.peers.append(tuple(peer) if peer else None)

    def _next_step(self) -> Step | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def start(self) -> FakeLLM:
        self._stop.clear()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake stalled handlers, stop serving and close the socket."""
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# Tuning variables a developer may have exported; tests need the documented defaults.
_TUNING = (
    "COMPOSER_MAX_ATTEMPTS",
    "COMPOSER_DEADLINE",
    "COMPOSER_CANDIDATES",
    "COMPOSER_TEMPERATURE",
    "COMPOSER_RETRY_AFTER_CAP",
)


@pytest.fixture
def fake_llm(monkeypatch: pytest.MonkeyPatch, virtual_clock: VirtualClock) -> Iterator[FakeLLM]:
    """A running ``FakeLLM`` for one test, shut down afterwards; its request ``times``
    are on the test's virtual clock (``tests/conftest.py``), where the retries wait.

    Also clears the COMPOSER_* tuning variables (attempts, deadline, candidates, ...)
    so that tests see the documented defaults.
    """
    for variable in _TUNING:
        monkeypatch.delenv(variable, raising=False)
    with FakeLLM() as server:
        server.clock = virtual_clock.now
        yield server


def _main(argv: list[str] | None = None) -> None:  # pragma: no cover - manual use
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m tests.fake_llm",
        description="Serve a fake OpenAI-compatible API on 127.0.0.1 and print its base URL.",
    )
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument(
        "--chunk-delay", type=float, default=0.0, metavar="S",
        help="a slow model: seconds between the pieces of each reply (streamed or plain)",
    )  # fmt: skip
    parser.add_argument(
        "--status", type=int, default=None, metavar="CODE",
        help="answer HTTP CODE (e.g. 429, 503) instead of a note",
    )  # fmt: skip
    parser.add_argument(
        "--errors", type=int, default=None, metavar="N",
        help="with --status: only the first N requests get the error (default: all)",
    )  # fmt: skip
    parser.add_argument("--retry-after", type=float, default=None, metavar="S")
    parser.add_argument("--retry-after-ms", type=int, default=None, metavar="MS")
    parser.add_argument(
        "--header", action="append", default=[], metavar="NAME:VALUE",
        help="an extra header on the errors, e.g. x-ratelimit-reset-requests:6m0s",
    )  # fmt: skip
    ns = parser.parse_args(argv)
    with FakeLLM() as srv:
        srv.default_delay = ns.delay
        if ns.chunk_delay:
            srv.default = reply(chunk_delay=ns.chunk_delay)
        if ns.status is not None:
            headers = dict(h.split(":", 1) for h in ns.header)
            failing = error(
                ns.status, retry_after=ns.retry_after, retry_after_ms=ns.retry_after_ms,
                headers={k.strip(): v.strip() for k, v in headers.items()},
            )  # fmt: skip
            if ns.errors is None:
                srv.default = failing
            else:
                srv.enqueue(*[failing] * ns.errors)
        print(srv.base_url, flush=True)
        seen = 0
        try:
            while True:  # one line on stderr per request, for a person watching
                time.sleep(0.1)
                with srv._lock:
                    count = len(srv.requests)
                for number in range(seen + 1, count + 1):
                    print(f"request {number}", file=sys.stderr, flush=True)
                seen = count
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":  # pragma: no cover - manual use and benchmarks
    _main()
