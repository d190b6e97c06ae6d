"""``compose eval``'s logic: draft a note for every case of a suite and measure the notes.

A suite is a folder of cases, one folder each, holding ``target.json`` (the person
written to), ``sender.json`` (optional: who writes) and ``case.json`` (optional:
``{"goal": text, "preset": name, "lang": "en"|"es", "register": "tu"|"usted",
"limit": 200|300}``). Composer ships a default suite (``DEFAULT_SUITE``, English and
Spanish cases of every goal preset).

``evaluate(cases, settings)`` drafts each case through the pipeline, as ``compose``
does, and returns an ``Evaluation``: per case, whether the note passed on the first try,
after repair, or failed (by rule), the requests, tokens and wall time it took, its
length and the profile audits; overall, the counts, the means and the mean pairwise
similarity between notes for different targets (a model that writes the same note for
everyone scores high). ``Evaluation.to_dict()`` is what ``compose eval --json`` prints.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from composer.config.settings import Settings
from composer.core.contract import LIMITS, REGISTERS, DraftRequest, DraftResult
from composer.core.errors import InputError, ProviderError
from composer.core.goals import make_goal
from composer.profile import load_profile

DEFAULT_SUITE = Path(__file__).resolve().parent / "suite"
_CASE_KEYS = {"goal", "preset", "lang", "register", "limit", "note"}


@dataclass(slots=True)
class Case:
    name: str
    request: DraftRequest


@dataclass(slots=True)
class CaseResult:
    """One case, measured. ``outcome``: "ok_first_try", "ok_after_repair" or "failed"."""

    name: str
    language: str
    preset: str | None
    outcome: str
    note: str = ""
    length: int = 0
    failed_rules: list[str] = field(default_factory=list)
    requests: int = 0
    tokens: int = 0
    seconds: float = 0.0
    audits: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    target: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.name,
            "language": self.language,
            "preset": self.preset,
            "outcome": self.outcome,
            "note": self.note,
            "length": self.length,
            "failed_rules": self.failed_rules,
            "requests": self.requests,
            "tokens": self.tokens,
            "seconds": round(self.seconds, 3),
            "audits": self.audits,
            "error": self.error,
        }


# --- reading a suite -------------------------------------------------------------------


def load_suite(folder: Path | str | None = None) -> list[Case]:
    """The cases in ``folder`` (default: the shipped suite), sorted by name.

    Raises ``InputError`` naming the file and field of a case that cannot be read."""
    root = Path(folder) if folder is not None else DEFAULT_SUITE
    if not root.is_dir():
        raise InputError(f"{root}: not a folder of cases")
    cases = [_load_case(d) for d in sorted(root.iterdir()) if (d / "target.json").is_file()]
    if not cases:
        raise InputError(f"{root}: no cases (folders with a target.json)")
    return cases


def _load_case(folder: Path) -> Case:
    spec: dict[str, Any] = {}
    path = folder / "case.json"
    if path.is_file():
        try:
            spec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise InputError(f"{path}: not valid JSON ({exc})") from None
        if not isinstance(spec, dict):
            raise InputError(f"{path}: expected a JSON object")
        for key in spec:
            if key not in _CASE_KEYS:
                raise InputError(f"{path}: unknown field {key!r}")
    sender_path = folder / "sender.json"
    sender = load_profile(sender_path) if sender_path.is_file() else None

    def text(key: str) -> str | None:
        value = spec.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{path}: field {key!r} must be a string")
        return value or None

    lang, register, limit = text("lang"), text("register"), spec.get("limit", LIMITS[0])
    if lang not in (None, "en", "es"):
        raise InputError(f"{path}: field 'lang' must be en or es")
    if register not in (None, *REGISTERS):
        raise InputError(f"{path}: field 'register' must be one of {', '.join(REGISTERS)}")
    if limit not in LIMITS:
        raise InputError(f"{path}: field 'limit' must be one of {LIMITS}")
    try:
        goal = make_goal(text("goal"), text("preset"))
    except (InputError, ValueError) as exc:
        raise InputError(f"{path}: field 'preset': {exc}") from None
    request = DraftRequest(
        target=load_profile(folder / "target.json"),
        sender=sender,
        goal=goal,
        limit=limit,
        language=lang,
        register=register,
    )
    return Case(folder.name, request)


# --- measuring -------------------------------------------------------------------------


@dataclass(slots=True)
class Evaluation:
    engine: str
    model: str | None
    suite: str
    results: list[CaseResult] = field(default_factory=list)
    planned: int = 0
    interrupted: bool = False

    def count(self, outcome: str) -> int:
        return sum(r.outcome == outcome for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        results = self.results
        n = len(results) or 1
        drafted = [r for r in results if r.note]
        rules: Counter[str] = Counter(rule for r in results for rule in r.failed_rules)
        audits: Counter[str] = Counter(a["rule"] for r in results for a in r.audits)
        return {
            "engine": self.engine,
            "model": self.model,
            "suite": self.suite,
            "cases": len(results),
            "planned": self.planned,
            "interrupted": self.interrupted,
            "ok_first_try": self.count("ok_first_try"),
            "ok_after_repair": self.count("ok_after_repair"),
            "failed": self.count("failed"),
            "failed_by_rule": dict(sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))),
            "errors": sum(r.error is not None for r in results),
            "requests": sum(r.requests for r in results),
            "tokens": sum(r.tokens for r in results),
            "requests_per_note": round(sum(r.requests for r in results) / n, 2),
            "tokens_per_note": round(sum(r.tokens for r in results) / n, 1),
            "seconds_per_note": round(sum(r.seconds for r in results) / n, 3),
            "mean_length": round(sum(r.length for r in drafted) / (len(drafted) or 1), 1),
            "mean_similarity": round(mean_similarity(drafted), 3),
            "audits": dict(sorted(audits.items())),
            "results": [r.to_dict() for r in results],
        }


def _words(note: str) -> list[str]:
    return [w.strip(".,;:!?¿¡()\"'").casefold() for w in note.split()]


def similarity(a: str, b: str) -> float:
    """How alike two notes read, 0-1: the share of their words in the same order."""
    return SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()


def mean_similarity(results: list[CaseResult]) -> float:
    """The mean similarity over every pair of notes written to different targets."""
    pairs = [
        similarity(a.note, b.note)
        for i, a in enumerate(results)
        for b in results[i + 1 :]
        if a.target != b.target
    ]
    return sum(pairs) / len(pairs) if pairs else 0.0


def measure(case: Case, settings: Settings) -> CaseResult:
    """Draft one case through the pipeline and measure the result."""
    from composer.drafting.pipeline import audits, compose_note

    request = case.request
    base: dict[str, Any] = {
        "name": case.name,
        "language": request.note_language,
        "preset": request.goal.preset,
        "target": request.target.identity(),
    }
    started = time.monotonic()
    try:
        result = compose_note(request, settings)
    except ProviderError as exc:  # the case failed; the suite goes on
        return CaseResult(
            **base,
            outcome="failed",
            failed_rules=["provider-error"],
            seconds=time.monotonic() - started,
            audits=[f.to_dict() for f in audits(request)],
            error=exc.message,
        )
    return _measured(base, result, time.monotonic() - started)


def _measured(base: dict[str, Any], result: DraftResult, seconds: float) -> CaseResult:
    if result.ok:
        first = any(c.round == 0 and c.report.ok for c in result.candidates)
        outcome = "ok_first_try" if first or not result.candidates else "ok_after_repair"
    else:
        outcome = "failed"
    usage = result.usage or {}
    return CaseResult(
        **base,
        outcome=outcome,
        note=result.note,
        length=result.report.length,
        failed_rules=sorted({f.rule for f in result.report.errors}),
        requests=result.attempts if result.usage is not None else 0,
        tokens=usage.get("prompt_tokens", 0) + usage.get("completion_tokens", 0),
        seconds=seconds,
        audits=[f.to_dict() for f in result.audits],
    )


def evaluate(
    cases: list[Case],
    settings: Settings,
    *,
    suite: str = "",
    on_result: Callable[[int, CaseResult], None] | None = None,
) -> Evaluation:
    """Draft and measure every case; Ctrl-C stops after the case under way with the
    results so far (``interrupted``). A configuration error stops the run (raised)."""
    from composer.drafting.engine import engine_for

    engine = engine_for(settings)
    engine.prepare(settings)
    evaluation = Evaluation(
        engine=engine.name, model=engine.model(settings), suite=suite, planned=len(cases)
    )
    try:
        for i, case in enumerate(cases):
            result = measure(case, settings)
            evaluation.results.append(result)
            if on_result is not None:
                on_result(i, result)
    except KeyboardInterrupt:
        evaluation.interrupted = True
    return evaluation


def load_run(path: Path | str) -> dict[str, Any]:
    """A run saved with ``compose eval --json > FILE``; ``InputError`` if it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: not a saved compose eval run ({exc})") from None
    if not isinstance(data, dict) or "ok_first_try" not in data or "cases" not in data:
        raise InputError(f"{path}: not a saved compose eval run (no 'cases', 'ok_first_try')")
    return data
