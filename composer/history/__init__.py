"""The local history: every note composed (one-shot, batch, UI) and what became of it.

- ``History(path=None)``: the SQLite store (``store.py``), in ``data_dir()`` unless a path
  is given; schema changes are numbered migrations (``migrations.py``).
- ``Record``: one stored note, and ``OUTCOMES``, ``ACCEPTED``, ``KINDS``, the words its
  fields take (``records.py``).
- ``record_draft(request, result, source, on_error=None)``: what the front ends call after
  drafting; it never makes a command fail (a history that cannot be written is a warning
  on stderr, or a call to ``on_error`` for the UI).
- ``record_taken(record_id, note, report, hook)``: the UI's user took an edited note:
  the draft's record holds that text from then on (the drafted text is kept aside).
- ``accepted_note(profile)``: the invitation note a follow-up must not repeat, or None.
- ``notice_for(profile)``: "already drafted for Priya Shah on 2026-11-20 (sent)", or None.
- ``stats.compute(history)``: acceptance figures as data (``stats.py``).

Standard library only (sqlite3), so any command may import it cheaply.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from composer.config.paths import data_dir, default_db_path
from composer.core.errors import ComposerError
from composer.history.identity import person_id
from composer.history.records import ACCEPTED, KINDS, OUTCOMES, Record
from composer.history.store import History

if TYPE_CHECKING:
    from composer.core.contract import DraftRequest, DraftResult
    from composer.core.findings import Report
    from composer.core.profile import Profile

__all__ = [
    "ACCEPTED",
    "KINDS",
    "OUTCOMES",
    "History",
    "Record",
    "accepted_note",
    "data_dir",
    "default_db_path",
    "describe",
    "notice_for",
    "person_id",
    "record_draft",
    "record_taken",
]


def record_draft(
    request: DraftRequest,
    result: DraftResult,
    source: str,
    *,
    on_error: Callable[[str], None] | None = None,
    replacing: int | None = None,
) -> int | None:
    """Record a composed note and return its id; on failure return None and say why:
    to ``on_error`` (the UI, whose stderr nobody sees), else as a warning on stderr.

    ``replacing``: the id of an earlier draft of the same person that this one replaces
    if nobody took or marked it (``History.replace_draft``).
    """
    try:
        with History() as history:
            if replacing is not None:
                replaced = history.replace_draft(replacing, request, result, source=source)
                if replaced is not None:
                    return replaced
            return history.record(request, result, source=source)
    except (ComposerError, sqlite3.Error, OSError) as exc:
        _warn(f"note not recorded in the history: {exc}", on_error)
        return None


def record_taken(
    record_id: int,
    note: str,
    report: Report,
    hook: str | None,
    *,
    on_error: Callable[[str], None] | None = None,
) -> Record | None:
    """The user took ``note`` (copied or saved it) from the draft recorded as
    ``record_id``: record that text instead (``History.record_taken``). Returns the
    record, or None when it is already marked, gone, or the history failed (said as
    ``record_draft`` says it)."""
    try:
        with History() as history:
            return history.record_taken(record_id, note, report, hook)
    except (ComposerError, sqlite3.Error, OSError) as exc:
        _warn(f"the note you took is not recorded in the history: {exc}", on_error)
        return None


def _warn(message: str, on_error: Callable[[str], None] | None) -> None:
    if on_error is not None:
        on_error(message)
    else:
        print(f"compose: warning: {message}", file=sys.stderr)


def describe(record: Record) -> str:
    """'drafted for Priya Shah on 2026-11-20' / 'invited on 2026-11-20 (accepted)'."""
    if record.outcome is None:
        date = record.created_at[:10]
        return f"already drafted for {record.target_name} on {date} (#{record.id})"
    when = (record.outcome_at or record.created_at)[:10]
    return f"{record.target_name} already invited on {when} ({record.outcome}, #{record.id})"


def _latest_note(profile: Profile) -> Record | None:
    """The invitation recorded for ``profile`` (the latest, accepted first), if any; None
    too when the history cannot be read."""
    try:
        with History() as history:
            return history.latest_for(person_id(profile))
    except (ComposerError, sqlite3.Error, OSError):
        return None


def notice_for(profile: Profile) -> str | None:
    """Say whether this person was drafted for or invited before; None if not (or unknown)."""
    record = _latest_note(profile)
    return describe(record) if record else None


def accepted_note(profile: Profile) -> str | None:
    """The invitation note recorded for ``profile`` (the latest, accepted first), which
    a follow-up message must not restate; None when there is none."""
    record = _latest_note(profile)
    return record.note if record is not None and record.note.strip() else None
