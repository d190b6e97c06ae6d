"""What the UI is working on, without any Textual: the inputs of a draft and the
user's own versions of the note.

``Session`` holds the target, sender, goal and options the panels show and builds the
``DraftRequest`` the core drafts from, for the invitation note or, in message mode
(``kind`` "follow-up"), the first message after acceptance. ``Versions`` keeps every
text the user typed that a regenerate, a candidate switch or a failed draft replaced,
so nothing typed is ever lost. ``Page`` holds what one mode's editor had, while the
other mode is shown.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from composer.checker import check_message, check_note
from composer.checker.audits import audit
from composer.config.settings import Account, Settings
from composer.core.contract import Candidate, DraftRequest, DraftResult
from composer.core.errors import ComposerError
from composer.core.findings import MESSAGE_LIMIT, Finding, Report
from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.drafting.recording import NoteRecorder
from composer.linkedin.standing import network_audits

NOTE, MESSAGE = "note", "follow-up"  # the two modes: the invitation, the first message


@dataclass(slots=True)
class Session:
    """The inputs of the next draft, as set from the command line and the panels."""

    target: Profile | None = None
    sender: Profile | None = None
    goal: Goal = field(default_factory=Goal)
    limit: int = 200
    language: str | None = None  # None: the target's language
    register: str | None = None  # Spanish "tu" or "usted"; None: decided from the profiles
    candidates: int = 3
    settings: Settings = field(default_factory=Settings)
    drafts: int = 0  # how many drafts were asked for; varies the offline seed
    account: Account = field(default_factory=Account)  # the note budget's tier and limits
    # already-connected / already-invited by person: the history is read once per target.
    network: dict[str, list[Finding]] = field(default_factory=dict, repr=False)
    kind: str = NOTE  # what the editor holds: the invitation note or the first message
    accepted_note: str | None = None  # the invitation they accepted, from the history

    @property
    def message(self) -> bool:
        """True in message mode: the first message after acceptance is shown."""
        return self.kind == MESSAGE

    @property
    def current_limit(self) -> int:
        """The limit of what is shown: the note's (200/300), or a message's 600."""
        return MESSAGE_LIMIT if self.message else self.limit

    def check(self, text: str) -> Report:
        """Check ``text`` as what is shown: a note, or a message (not repeating the
        accepted note, when known)."""
        if self.message:
            return check_message(
                text, self.target, self.sender, self.goal, MESSAGE_LIMIT, note=self.accepted_note
            )
        return check_note(text, self.target, self.sender, self.goal, self.limit)

    def request(self) -> DraftRequest:
        """The request for the next draft of what is shown (a note, or the first message
        after acceptance, as ``compose follow-up`` asks). Raises ``ValueError`` without
        a target."""
        if self.target is None:
            raise ValueError("no target profile loaded")
        return DraftRequest(
            target=self.target,
            sender=self.sender,
            goal=self.goal,
            limit=self.current_limit,
            language=self.language,
            register=self.register,
            candidates=self.candidates,
            # The first draft is the deterministic one; each regenerate asks for another.
            seed=self.drafts or None,
            kind=self.kind,
            nth=1,
            accepted_note=self.accepted_note if self.message else None,
        )

    def notes_status(self) -> tuple[str, bool] | None:
        """The note budget's line for the status area and whether no note is left; None
        until something was marked sent or imported (nothing to count yet), as
        ``compose --to`` says it."""
        from composer.config.paths import default_db_path
        from composer.linkedin.budget import budget_status, current_budget

        if not default_db_path().exists():  # no history: nothing to count, none to create
            return None
        budget = current_budget(self.account)
        if budget is None or not budget.known:
            return None
        return budget_status(budget), budget.notes_left == 0

    def engine_label(self) -> str:
        """Which engine drafts, as the header shows it: "offline" or "openai · MODEL"."""
        from composer.drafting.engine import engine_for

        try:
            return engine_for(self.settings).label(self.settings)
        except ComposerError:  # a half-configured LLM: the draft will say why
            return f"{self.settings.engine} (not configured)"

    def with_engine(self, engine: str, model: str | None = None) -> Settings:
        """A copy of the settings drafting with ``engine`` (and ``model`` when given)."""
        changes: dict[str, Any] = {"engine": engine}
        if model and hasattr(self.settings, "model"):
            changes["model"] = model
        if hasattr(self.settings, "candidates"):  # the LLM engine reads it from here
            changes["candidates"] = self.candidates
        return dataclasses.replace(self.settings, **changes)

    def audits(self) -> list[Finding]:
        """The profile audits for the inputs: already connected or invited (from the
        history), then ``target-unrelated`` and ``sender-incomplete``."""
        if self.target is None:
            return []
        return [*self.network_audits(), *audit(self.request())]

    def network_audits(self) -> list[Finding]:
        """``already-connected`` / ``already-invited`` for the target, from the history."""
        if self.target is None:
            return []
        key = self.target.identity()
        if key not in self.network:
            self.network[key] = network_audits(self.target)
        return self.network[key]


class Versions:
    """A stack of the user's own texts, most recent last, without duplicates in a row."""

    def __init__(self) -> None:
        self._stack: list[str] = []

    def __len__(self) -> int:
        return len(self._stack)

    def push(self, text: str) -> bool:
        """Remember ``text``; blank text and a repeat of the last version are skipped."""
        if not text.strip() or (self._stack and self._stack[-1] == text):
            return False
        self._stack.append(text)
        return True

    def pop(self, current: str, *, keep_current: bool) -> str | None:
        """Take the most recent version back; ``current`` goes to the bottom if kept.

        Keeping the current text at the bottom means cycling with repeated restores
        visits every version, the one being replaced included.
        """
        while self._stack:
            text = self._stack.pop()
            if text != current:  # one the user is looking at already is no step back
                break
        else:
            return None
        if keep_current and current.strip() and current not in self._stack:
            self._stack.insert(0, current)
        return text

    def texts(self) -> list[str]:
        return list(self._stack)


@dataclass(slots=True)
class Page:
    """What one mode (the note, or the message) had in the editor and behind it, kept
    while the other mode is shown: each mode keeps its own text, drafts and versions."""

    kind: str
    text: str = ""
    shown: str | None = ""  # the text the app last put in the editor (not the user's)
    versions: Versions = field(default_factory=Versions)
    result: DraftResult | None = None
    request: DraftRequest | None = None
    candidates: list[Candidate] = field(default_factory=list)
    candidate: int = 0
    last_taken: tuple[str, str] | None = None
    recorder: NoteRecorder = field(default_factory=NoteRecorder)

    @property
    def unsaved(self) -> bool:
        """Text the user typed here and neither copied nor saved."""
        typed = bool(self.text.strip()) and self.text != self.shown
        return typed and (self.last_taken is None or self.last_taken[1] != self.text)
