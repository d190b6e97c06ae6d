"""The messages workers post to the app: a profile loaded or failed, a draft streamed,
the history not written.

Small dataclasses with no behaviour. Every draft message carries the ``draft_id`` of
the request it answers, so the app can ignore a stale stream after a regenerate.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from composer.core.contract import DraftResult
from composer.core.profile import Profile


@dataclass
class ProfileLoaded(Message):
    """``role`` ("target" or "sender") was read from ``path``."""

    role: str
    path: Path
    profile: Profile
    notice: str | None = None  # "already drafted for ... on DATE", for a target seen before


@dataclass
class AcceptedNoteRead(Message):
    """The invitation note the history holds for the target ``target_id`` (None: none),
    which the first message after acceptance must not restate."""

    target_id: str
    note: str | None


@dataclass
class NotesCounted(Message):
    """The note budget was read from the history (``Session.notes_status``)."""

    text: str
    none_left: bool


@dataclass
class ProfileFailed(Message):
    """Reading ``path`` for ``role`` failed; ``error`` is the one-line message."""

    role: str
    path: Path
    error: str


@dataclass
class DraftChunk(Message):
    """A piece of the note's text as the engine produced it."""

    draft_id: int
    text: str


@dataclass
class DraftRestart(Message):
    """The engine starts the note again (a repair round): drop the text streamed so far."""

    draft_id: int


@dataclass
class DraftReady(Message):
    """The engine finished: the checked result with its candidates. The worker waits
    for ``handled`` before the pipeline records the draft: True once it is shown,
    False when it is stale (it is then never recorded)."""

    draft_id: int
    result: DraftResult
    handled: asyncio.Future[bool] | None = None


@dataclass
class DraftRecorded(Message):
    """The finished draft is in the history as ``record_id`` (None: it could not be)."""

    draft_id: int
    record_id: int | None


@dataclass
class DraftFailed(Message):
    """The engine failed; ``error`` is the same one-line message the CLI prints."""

    draft_id: int
    error: str


@dataclass
class NoteSaved(Message):
    """The note was written to ``path`` (or ``error`` says why not)."""

    path: Path
    note: str
    error: str | None = None


@dataclass
class HistoryFailed(Message):
    """A draft could not be recorded in the history; ``error`` says why, in one line."""

    error: str
