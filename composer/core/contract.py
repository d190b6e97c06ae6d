"""The drafting contract: what is asked (``DraftRequest``) and what comes back (``DraftResult``).

Every engine (offline templates, an OpenAI-compatible LLM) takes a ``DraftRequest`` and
returns a ``DraftResult`` whose note has been through the checker. The CLI, batch mode,
the history and the UI only speak these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from composer.core.findings import Finding, Report
from composer.core.goals import Goal
from composer.core.profile import Profile

LIMITS = (200, 300)
REGISTERS = ("tu", "usted")

# The hooks a note can rest on, strongest first (the advice's order of what makes a
# reason specific); ``composer.drafting.hooks`` finds them in the profiles.
HOOK_ORDER = ("mutual", "post", "employer", "school", "group", "event", "role", "goal")


@dataclass(slots=True)
class DraftRequest:
    target: Profile
    sender: Profile | None = None
    goal: Goal = field(default_factory=Goal)
    limit: int = 200
    language: str | None = None  # forced with --lang; else the target's language
    candidates: int = 3
    seed: int | None = None  # varies offline choices between regenerations
    # Spanish "tú" or "usted" (``REGISTERS``); None: decided from the profiles and goal
    # (``composer.drafting.register``).
    register: str | None = None
    # "note" (an invitation) or "follow-up" (a message after they accepted: checked by
    # ``check_message``); ``nth`` is the follow-up's number, ``accepted_note`` the
    # invitation note they accepted, when the history has it (not to be repeated).
    kind: str = "note"
    nth: int = 1
    accepted_note: str | None = None

    @property
    def note_language(self) -> str:
        """The language the note is written in: forced, else the target's, else English."""
        lang = self.language or self.target.language or "en"
        return lang if lang in ("en", "es") else "en"


@dataclass(slots=True)
class Candidate:
    note: str
    report: Report
    hook: str | None = None  # which hook the note uses: mutual, post, employer, school, ...
    round: int = 0  # 0: drafted on the first try; 1+: by that repair round

    def to_dict(self) -> dict[str, Any]:
        return {
            "note": self.note,
            "hook": self.hook,
            "ok": self.report.ok,
            "length": self.report.length,
            "findings": [f.to_dict() for f in self.report.findings],
        }


@dataclass(slots=True)
class DraftResult:
    note: str
    report: Report
    language: str
    engine: str  # the engine's name (``composer.drafting.engine.ENGINES``)
    model: str | None = None
    hook: str | None = None
    attempts: int = 1
    usage: dict[str, int] | None = None
    candidates: list[Candidate] = field(default_factory=list)
    audits: list[Finding] = field(default_factory=list)
    prompt_chars: int | None = None
    # What the engine did that the user should know, in its own words ("goal left out:
    # it could not be rephrased safely"); the verdict line shows them.
    remarks: list[str] = field(default_factory=list)
    # The history record the pipeline's record step wrote (None: not recorded).
    record_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.report.ok

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "note": self.note,
            "length": self.report.length,
            "limit": self.report.limit,
            "language": self.language,
            "engine": self.engine,
            "ok": self.report.ok,
            "hook": self.hook,
            "findings": [f.to_dict() for f in self.report.findings],
            "audits": [f.to_dict() for f in self.audits],
        }
        if self.remarks:
            data["remarks"] = list(self.remarks)
        if self.usage is not None:  # an engine that sends requests: what they cost
            data["model"] = self.model
            data["attempts"] = self.attempts
            data["usage"] = self.usage or {"prompt_tokens": 0, "completion_tokens": 0}
            data["candidates"] = [c.to_dict() for c in self.candidates]
        return data


def rank_key(candidate: Candidate) -> tuple[int, int, int, int]:
    """Sort key for picking the best candidate: no errors, fewest warnings, most specific.

    "Most specific" is the strength of the hook the note cites, in the order the advice
    ranks them (``HOOK_ORDER``: a named mutual connection, a post, a shared employer,
    school, group, event, then the target's role, the goal, nothing); the shorter note
    breaks a tie.
    """
    report = candidate.report
    hook = candidate.hook
    strength = HOOK_ORDER.index(hook) if hook in HOOK_ORDER else len(HOOK_ORDER)
    return (len(report.errors), len(report.warnings), strength, report.length)


def pick_best(candidates: list[Candidate]) -> Candidate:
    if not candidates:
        raise ValueError("no candidates to choose from")
    return min(candidates, key=rank_key)
