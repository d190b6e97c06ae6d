"""The pipeline's record step for each front end, and the UI's ``NoteRecorder``.

``record_in_history(source)`` (the CLI), ``HistoryRecorder`` (the batch, through its
own open history) and ``NoteRecorder.step(draft_id, ...)`` (the UI) are
``composer.drafting.pipeline.Record``s: the pipeline calls them with the chosen note, at
its record step, the only place a draft's row is created.

The UI shows one draft at a time; the user may stop a draft (escape) or replace it
(regenerate) before it shows, copy or save the note (edited, another candidate) before
its record exists, and regenerate while it is written. ``NoteRecorder`` holds that
protocol, without Textual, so it is tested on its own (tests/test_recording.py). Its
methods are of two kinds:

- called on the UI's thread, cheap, never touching the disk: ``shown``, ``recorded``,
  ``taken``. ``taken`` returns the write to do (a ``TakenNote``) or None;
- called in a worker thread: the record step (``step``), which the pipeline runs after
  the UI has shown the draft (``composer.drafting.pipeline.stream_compose``), and
  ``write_taken``.

The rules it keeps:

- a draft is recorded only once shown: the record step of a draft that was never shown
  (stopped, replaced by a newer draft) writes nothing;
- a draft replaces the previous draft's record when the user neither took nor marked
  it (six regenerates are one row, not six);
- a note taken is recorded in the draft's record (the first take too, so ``compose mark
  NAME`` finds the note the user took); taking the same text again writes nothing;
- a note taken before its draft's record exists is written right after it;
- of two takes written at once, the later one wins.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass

import composer.history
from composer.checker import check_draft
from composer.core.contract import DraftRequest, DraftResult
from composer.core.profile import Profile

OnError = Callable[[str], None]


def record_in_history(source: str) -> Callable[[DraftRequest, DraftResult], int | None]:
    """Record each note in a history opened for it (``composer.history.record_draft``);
    a history that cannot be written is a warning on stderr, never an error."""

    def record(request: DraftRequest, result: DraftResult) -> int | None:
        return composer.history.record_draft(request, result, source=source)

    return record


class HistoryRecorder:
    """Records through one open ``History`` (a batch's), from whichever thread drafts,
    one note at a time. The first failure ends the recording: ``failed`` says why, for
    the caller to say once (its progress line is its own)."""

    def __init__(self, history: composer.history.History, source: str) -> None:
        self.history: composer.history.History | None = history
        self.source = source
        self.failed: str | None = None
        self._lock = threading.Lock()

    def __call__(self, request: DraftRequest, result: DraftResult) -> int | None:
        with self._lock:
            if self.history is None:
                return None
            try:
                return self.history.record(request, result, source=self.source)
            except sqlite3.Error as exc:
                self.failed, self.history = str(exc), None
                return None


@dataclass(frozen=True, slots=True)
class DraftToRecord:
    """A draft shown, for its record step to write, in place of ``replacing`` when
    that is not None."""

    draft_id: int
    replacing: int | None


@dataclass(frozen=True, slots=True)
class TakenNote:
    """A note the user took, to write into the record ``record_id``."""

    record_id: int
    request: DraftRequest
    note: str
    hooks: dict[str, str | None]  # candidate note -> its hook, as the engine said
    seq: int  # the order of takes: a later one is never overwritten by an earlier


class NoteRecorder:
    """The history's side of one UI session (see the module's docstring)."""

    def __init__(self) -> None:
        self.record_id: int | None = None  # the record of the draft shown, once written
        self._request: DraftRequest | None = None
        self._draft_id = 0  # the draft shown
        self._hooks: dict[str, str | None] = {}
        self._recording = False  # the draft shown is being written
        self._recorded_note: str | None = None  # the text its record holds
        self._taken = False  # the user took the draft shown (or a note from it)
        self._waiting: str | None = None  # taken before the record existed
        self._lock = threading.Lock()  # one write of a taken note at a time
        self._handoff = threading.Lock()  # the draft shown, between the UI and its record
        self._to_record: DraftToRecord | None = None  # shown, for its record step
        self._seq = 0
        self._written = 0

    # --- on the UI's thread -----------------------------------------------------------

    def shown(self, draft_id: int, request: DraftRequest, result: DraftResult) -> None:
        """A draft is shown: its record step may write it. It replaces the draft shown
        before when that was recorded, for the same person, and not taken."""
        previous = self.record_id
        same_person = (
            self._request is not None
            and self._request.target.identity() == request.target.identity()
        )
        replacing = previous if same_person and not self._taken else None
        self._draft_id, self._request = draft_id, request
        self.record_id, self._recording, self._taken = None, True, False
        self._recorded_note, self._waiting = result.note, None
        self._hooks = {c.note: c.hook for c in result.candidates} or {result.note: result.hook}
        with self._handoff:
            self._to_record = DraftToRecord(draft_id, replacing)

    def recorded(self, draft_id: int, record_id: int | None) -> TakenNote | None:
        """The draft ``draft_id`` is recorded as ``record_id`` (None: it could not be):
        the write of a note taken meanwhile, if any."""
        if draft_id != self._draft_id:
            return None  # a newer draft replaced the one shown
        self.record_id, self._recording = record_id, False
        note, self._waiting = self._waiting, None
        return (
            self.taken(note, self._request.target) if note is not None and self._request else None
        )

    def taken(self, note: str, target: Profile | None) -> TakenNote | None:
        """The user took ``note`` while ``target`` is loaded: the write to do, if any.

        Blank lines or spaces around it are no edit: what goes out is the text. A note
        for someone else than the draft was for is not the draft's.
        """
        note = note.strip()
        request = self._request
        if request is None or target is None:
            return None
        if target.identity() != request.target.identity():
            return None
        if note == self._recorded_note and self._taken:
            return None  # taken as it is recorded already
        if self._recording:  # the draft's record is being written: right after it
            self._waiting = note
            return None
        if self.record_id is None:  # not recorded (the history said why)
            return None
        self._recorded_note, self._taken = note, True
        self._seq += 1
        return TakenNote(self.record_id, request, note, dict(self._hooks), self._seq)

    # --- in a worker thread -----------------------------------------------------------

    def step(
        self,
        draft_id: int,
        on_error: OnError,
        on_recorded: Callable[[int, int | None], None] | None = None,
    ) -> Callable[[DraftRequest, DraftResult], int | None]:
        """The pipeline's record step for the draft ``draft_id`` (``record=``).

        It writes the draft only when it is the draft shown and not written yet; else
        (stopped or replaced before it showed, or replaced by a newer draft since)
        nothing, and returns None. A history that fails is said to ``on_error``.
        ``on_recorded(draft_id, record_id)`` is called after a write, from the same
        thread, even when the stream that ran the step was cancelled meanwhile: the UI
        hands it to ``recorded`` on its own thread.
        """

        def record(request: DraftRequest, result: DraftResult) -> int | None:
            with self._handoff:
                draft = self._to_record
                if draft is None or draft.draft_id != draft_id:
                    return None  # never shown: not recorded
                self._to_record = None
            record_id = composer.history.record_draft(
                request, result, "tui", on_error=on_error, replacing=draft.replacing
            )
            if on_recorded is not None:
                on_recorded(draft_id, record_id)
            return record_id

        return record

    def write_taken(self, taken: TakenNote, on_error: OnError) -> None:
        """Write the note taken into its record, with its findings and hook."""
        request = taken.request
        report = check_draft(taken.note, request)  # a note, or a follow-up message
        if taken.note in taken.hooks:  # a candidate as drafted: the engine knows its hook
            hook = taken.hooks[taken.note]
        else:
            from composer.drafting.hooks import cited_hook

            hook = cited_hook(taken.note, request)
        with self._lock:
            if taken.seq < self._written:  # a later take is recorded already
                return
            self._written = taken.seq
            failed: list[str] = []
            written = composer.history.record_taken(
                taken.record_id, taken.note, report, hook, on_error=failed.append
            )
            if written is None:
                marked = f"the note you took is not recorded: #{taken.record_id} is marked already"
                on_error(failed[0] if failed else marked)
