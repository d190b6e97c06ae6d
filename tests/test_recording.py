"""The UI's recording protocol (``NoteRecorder``) and its LLM client (``SessionClient``),
tested without Textual: the order the UI calls them in, races included."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from composer.cli import main
from composer.config.settings import Secret, Settings
from composer.core.contract import Candidate
from composer.drafting.engine import SessionClient
from composer.drafting.recording import NoteRecorder
from composer.history import History
from composer.profile import Profile
from tests.fake_llm import FakeLLM
from tests.support.history import make

PRIYA = Profile(name="Priya Shah", url="https://www.linkedin.com/in/priya-shah/")
ERRORS: list[str] = []


def show(recorder: NoteRecorder, draft_id: int, note: str, name: str = "Priya Shah") -> int:
    """Show a draft and record it, as the UI does; its record id."""
    url = "https://www.linkedin.com/in/" + name.lower().replace(" ", "-")
    request, result = make(name, url, note)
    recorder.shown(draft_id, request, result)
    record_id = recorder.step(draft_id, ERRORS.append)(request, result)
    assert record_id is not None
    assert recorder.recorded(draft_id, record_id) is None
    return record_id


def test_regenerating_a_draft_nobody_took_keeps_one_record() -> None:
    recorder = NoteRecorder()
    first = show(recorder, 1, "Hi Priya, first try.")
    for draft_id in range(2, 7):
        assert show(recorder, draft_id, f"Hi Priya, try {draft_id}.") == first
    with History() as history:
        (record,) = history.records()
    assert record.note == "Hi Priya, try 6." and record.taken_at is None


def test_a_taken_draft_is_kept_and_the_next_one_is_a_new_record() -> None:
    recorder = NoteRecorder()
    first = show(recorder, 1, "Hi Priya, first try.")
    taken = recorder.taken("Hi Priya, first try.\n", PRIYA)  # taken as drafted: recorded
    assert taken is not None and taken.record_id == first
    recorder.write_taken(taken, ERRORS.append)
    assert recorder.taken("Hi Priya, first try.", PRIYA) is None  # again: nothing new
    second = show(recorder, 2, "Hi Priya, second try.")
    assert second != first
    with History() as history:
        kept = history.get(first)
        assert kept is not None and kept.taken_at and kept.note == "Hi Priya, first try."
        assert kept.drafted_note is None  # taken as drafted


def test_mark_by_name_marks_the_note_taken_not_a_later_draft(capsys: object) -> None:
    recorder = NoteRecorder()
    show(recorder, 1, "Hi Priya, try one.")
    taken_id = show(recorder, 2, "Hi Priya, try two.")
    taken = recorder.taken("Hi Priya, try two, edited.", PRIYA)
    assert taken is not None
    recorder.write_taken(taken, ERRORS.append)
    with History() as history:  # later, a batch run drafts for her again
        later = history.record(*make(note="Hi Priya, a batch draft."), source="batch")
    assert main(["mark", "priya", "sent"]) == 0
    with History() as history:
        marked = history.get(taken_id)
        batch = history.get(later)
    assert marked is not None and marked.outcome == "sent"
    assert marked.note == "Hi Priya, try two, edited."
    assert batch is not None and batch.outcome is None


def test_a_note_taken_before_the_record_exists_is_written_after_it() -> None:
    recorder = NoteRecorder()
    request, result = make(note="Hi Priya, drafted.")
    recorder.shown(1, request, result)
    assert recorder.taken("Hi Priya, edited.", PRIYA) is None  # the record is being written
    record_id = recorder.step(1, ERRORS.append)(request, result)
    assert record_id is not None
    taken = recorder.recorded(1, record_id)
    assert taken is not None and taken.note == "Hi Priya, edited."
    recorder.write_taken(taken, ERRORS.append)
    with History() as history:
        record = history.get(record_id)
    assert record is not None
    assert (record.note, record.drafted_note) == ("Hi Priya, edited.", "Hi Priya, drafted.")


def test_a_stale_record_and_a_note_for_someone_else_are_ignored() -> None:
    recorder = NoteRecorder()
    request, result = make(note="Hi Priya, one.")
    recorder.shown(1, request, result)
    recorder.shown(2, *make(note="Hi Priya, two."))  # shown before the first was recorded
    assert recorder.step(1, ERRORS.append)(request, result) is None  # the first: not written
    assert recorder.recorded(1, None) is None and recorder.record_id is None
    show(recorder, 3, "Hi Priya, three.")
    assert recorder.taken("Hi Sam.", Profile(name="Sam", url="linkedin.com/in/sam")) is None


def test_of_two_takes_the_later_wins_even_written_first() -> None:
    recorder = NoteRecorder()
    record_id = show(recorder, 1, "Hi Priya, drafted.")
    early = recorder.taken("Hi Priya, early.", PRIYA)
    late = recorder.taken("Hi Priya, late.", PRIYA)
    assert early is not None and late is not None
    recorder.write_taken(late, ERRORS.append)
    recorder.write_taken(early, ERRORS.append)  # a slow thread: too late to count
    with History() as history:
        record = history.get(record_id)
    assert record is not None and record.note == "Hi Priya, late."


def test_a_candidate_taken_keeps_the_hook_the_engine_gave_it() -> None:
    recorder = NoteRecorder()
    request, result = make(note="Hi Priya, one.")
    result.candidates = [
        Candidate("Hi Priya, one.", result.report, "post"),
        Candidate("Hi Priya, two.", result.report, "company"),
    ]
    recorder.shown(1, request, result)
    record_id = recorder.step(1, ERRORS.append)(request, result)
    assert record_id is not None
    recorder.recorded(1, record_id)
    taken = recorder.taken("Hi Priya, two.", PRIYA)
    assert taken is not None
    recorder.write_taken(taken, ERRORS.append)
    with History() as history:
        record = history.get(record_id)
    assert record is not None and record.hook == "company"


async def test_the_session_client_is_kept_until_the_settings_change(fake_llm: FakeLLM) -> None:
    llm = SessionClient()
    settings = Settings(engine="openai", base_url=fake_llm.base_url, api_key=Secret("sk-fake-test"))
    first = await llm.get(settings)
    assert first is not None
    assert await llm.get(settings) is first
    other = await llm.get(dataclasses.replace(settings, model="gpt-4.1-mini"))
    assert other is not None and other is not first
    assert first is not None and first.is_closed()
    assert await llm.get(Settings(engine="offline")) is None and other.is_closed()
    last = await llm.get(settings)
    await llm.close()
    assert last is not None and last.is_closed() and llm.client is None


def test_the_recorder_and_the_client_import_no_textual() -> None:
    code = (
        "import sys, composer.drafting.recording, composer.drafting.engine;"
        "assert 'textual' not in sys.modules and 'openai' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_pipeline_records_the_note_it_chose_only_when_asked() -> None:
    from composer.core.contract import DraftRequest
    from composer.drafting.pipeline import compose_note
    from composer.drafting.recording import record_in_history

    request = DraftRequest(target=PRIYA, sender=Profile(name="Alex Doe", headline="Engineer"))
    unrecorded = compose_note(request, Settings(engine="offline"))
    assert unrecorded.record_id is None
    result = compose_note(request, Settings(engine="offline"), record=record_in_history("cli"))
    with History() as history:
        (record,) = history.records()  # the first draft was not recorded
    assert result.record_id == record.id and record.note == result.note
    assert record.source == "cli"


def test_a_batch_recorder_says_why_once_and_records_nothing_more() -> None:
    from composer.drafting.recording import HistoryRecorder

    history = History(shared=True)
    recorder = HistoryRecorder(history, "batch")
    assert recorder(*make()) is not None
    history.close()  # the database goes away mid-run
    assert recorder(*make()) is None
    assert recorder.failed and "closed" in recorder.failed
    assert recorder(*make()) is None  # not tried again
