"""``Record``: one note in the history, as stored, and the words its fields take.

``OUTCOMES`` (what became of a note), ``ACCEPTED`` (the outcomes that mean connected),
``KINDS`` (an invitation note or a follow-up); ``COLUMNS``, the SELECT list in the order
of ``Record``'s fields, and ``from_row`` read a record back. The store that writes and
queries them is ``store.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

OUTCOMES = ("sent", "accepted", "ignored", "withdrawn", "replied")
# An invitation whose person replied was accepted too: both mean connected.
ACCEPTED = ("accepted", "replied")
KINDS = ("note", "follow-up")


@dataclass(slots=True)
class Record:
    """One recorded note, as stored (fields in the order of ``COLUMNS``)."""

    id: int
    target_id: str
    target_name: str
    target_url: str
    note: str
    ok: bool
    findings_json: str  # parsed on demand (``findings``): listing 10,000 needs none
    errors: int
    warnings: int
    hook: str | None
    goal_text: str
    goal_preset: str | None
    language: str | None
    engine: str
    model: str | None
    prompt_tokens: int
    completion_tokens: int
    source: str
    created_at: str
    outcome: str | None
    outcome_at: str | None
    with_note: bool
    drafted_note: str | None  # the text as drafted, when the user took an edited one
    sent_at: str | None = None  # when it was first marked sent (ISO 8601, UTC)
    taken_at: str | None = None  # when the user first copied or saved it (the UI)
    kind: str = "note"  # "note" (an invitation) or "follow-up" (a message after acceptance)
    nth: int = 1  # a follow-up's number: 1 the first message after acceptance
    invitation_id: int | None = None  # a follow-up: the record of the invitation it follows

    @property
    def edited(self) -> bool:
        """True when the note is the user's edited version of the draft."""
        return self.drafted_note is not None

    @property
    def findings(self) -> list[dict[str, Any]]:
        findings: list[dict[str, Any]] = json.loads(self.findings_json)
        return findings

    @property
    def status(self) -> str:
        """The outcome, or ``drafted`` when nothing has been recorded yet."""
        return self.outcome or "drafted"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "target": self.target_id,
            "name": self.target_name,
            "url": self.target_url,
            "note": self.note,
            "ok": self.ok,
            "findings": self.findings,
            "hook": self.hook,
            "goal": self.goal_text,
            "goal_preset": self.goal_preset,
            "language": self.language,
            "engine": self.engine,
            "model": self.model,
            "usage": {
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
            },
            "source": self.source,
            "created_at": self.created_at,
            "outcome": self.outcome,
            "outcome_at": self.outcome_at,
            "with_note": self.with_note,
            "drafted_note": self.drafted_note,
            "sent_at": self.sent_at,
            "taken_at": self.taken_at,
            "kind": self.kind,
            "nth": self.nth,
            "invitation_id": self.invitation_id,
        }


# The SELECT list, in the order of Record's fields (the column is named "findings").
COLUMNS = ", ".join(Record.__dataclass_fields__).replace("findings_json", "findings")


def from_row(row: tuple[Any, ...]) -> Record:
    """A ``Record`` from a row selected with ``COLUMNS``."""
    record = Record(*row)
    # SQLite has no booleans: 0/1 come back as ints.
    record.ok = bool(record.ok)
    record.with_note = bool(record.with_note)
    return record
