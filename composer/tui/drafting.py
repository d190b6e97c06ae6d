"""The inputs and the drafts: ``DraftingApp``, between ``EditingApp`` and
``composer.tui.app.ComposerApp``.

Profiles are read in thread workers and the goal and options set in dialogs; when the
target and the goal are known, a draft starts (``_maybe_autodraft``). A draft streams
through ``composer.drafting.pipeline.stream_compose`` in a worker, each piece posted as a
message (``composer.tui.messages``); ``on_draft_ready`` shows the finished one, and only
then does the worker let the pipeline go on to its record step
(``NoteRecorder.step``), which writes the draft in a thread. A stop (escape) or a
regenerate cancels the worker of a draft not shown yet, so the pipeline never reaches
that step; the worker of a draft shown is never cancelled by them, so its record is
written. In message mode (f4) the draft is
the first message after acceptance, as ``compose follow-up`` drafts it: the invitation
note it must not restate is read from the history first (``AcceptedNoteRead``).
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.worker import Worker, WorkerState

from composer.config.settings import Settings
from composer.core.contract import Candidate, DraftRequest, DraftResult
from composer.core.errors import ComposerError
from composer.core.goals import Goal
from composer.drafting.recording import TakenNote
from composer.profile import Profile, load_profile
from composer.tui.editing import EditingApp
from composer.tui.messages import (
    AcceptedNoteRead,
    DraftChunk,
    DraftFailed,
    DraftReady,
    DraftRecorded,
    DraftRestart,
    HistoryFailed,
    ProfileFailed,
    ProfileLoaded,
)
from composer.tui.screens import GoalScreen, Options, OptionsScreen, ProfileScreen
from composer.tui.session import MESSAGE, NOTE


class DraftingApp(EditingApp):
    """Loading the inputs, drafting, stopping a draft, recording the one shown."""

    # --- loading profiles -------------------------------------------------------------

    def action_ask_target(self) -> None:
        self.action_load_target()

    def action_ask_goal(self) -> None:
        self.action_edit_goal()

    def action_load_target(self) -> None:
        self._ask_profile("target")

    def action_load_sender(self) -> None:
        self._ask_profile("sender")

    def _ask_profile(self, role: str) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None:
                self._loading.add(role)
                self._load_profile(role, path)

        current = self.paths.get(role)
        self.push_screen(ProfileScreen(role, self.browse_dir, current), chosen)

    @work(thread=True, group="load", exit_on_error=False)
    def _load_profile(self, role: str, path: Path) -> None:
        try:
            profile = load_profile(path)
        except ComposerError as exc:
            self.post_message(ProfileFailed(role, path, str(exc)))
            return
        notice = None
        if role == "target":  # drafted for or invited before: say so, as compose --to does
            from composer.history import notice_for

            notice = notice_for(profile)
        self.post_message(ProfileLoaded(role, path, profile, notice))

    def on_profile_loaded(self, message: ProfileLoaded) -> None:
        self._loading.discard(message.role)
        self.paths[message.role] = message.path
        if message.role == "target":
            before = self.session.target
            self.session.target = message.profile
            if before is None or before.identity() != message.profile.identity():
                self._target_changed()
        else:
            self.session.sender = message.profile
        if message.notice:
            self.notify(message.notice, title="Seen before", timeout=10)
        self._inputs_changed()

    def on_profile_failed(self, message: ProfileFailed) -> None:
        self._loading.discard(message.role)
        self.notify(message.error, title=f"Could not load the {message.role}", severity="error")
        if not self._draft_id:  # still opening: the profiles that did load may draft now
            self._maybe_autodraft()

    def _target_changed(self) -> None:
        """Another person: the hidden mode's draft was for the one before (the user's
        own text there is kept in its versions), and their accepted note is not known."""
        s = self.session
        self._accepted_for = None
        s.accepted_note = None
        hidden = self.pages[NOTE if s.message else MESSAGE]
        if hidden.text.strip() and hidden.text != hidden.shown:
            hidden.versions.push(hidden.text)
        hidden.text, hidden.shown, hidden.result, hidden.request = "", "", None, None
        hidden.candidates, hidden.candidate = [], 0
        if s.message and s.target is not None:
            self._read_accepted_note(s.target)

    # --- the first message after acceptance -------------------------------------------

    def _mode_changed(self) -> None:
        """Switched (f4): in message mode, read the accepted note once per person, then
        draft the message when there is none yet."""
        super()._mode_changed()
        s = self.session
        if not s.message or s.target is None:
            return
        if self._accepted_for != s.target.identity():
            self._read_accepted_note(s.target)
        elif self.request is None:
            self._maybe_autodraft()

    def _read_accepted_note(self, target: Profile) -> None:
        self._loading.add("accepted")  # no draft before it is known
        self._load_accepted_note(target)

    @work(thread=True, group="accepted", exit_on_error=False)
    def _load_accepted_note(self, target: Profile) -> None:
        from composer.history import accepted_note

        self.post_message(AcceptedNoteRead(target.identity(), accepted_note(target)))

    def on_accepted_note_read(self, message: AcceptedNoteRead) -> None:
        self._loading.discard("accepted")
        s = self.session
        if s.target is None or s.target.identity() != message.target_id:
            return  # another person was loaded meanwhile
        s.accepted_note, self._accepted_for = message.note, message.target_id
        self._recheck()  # repeats-note can only be found now
        stale = self.request is None or self.request.target.identity() != message.target_id
        if s.message and stale:
            self._maybe_autodraft()

    # --- goal and options -------------------------------------------------------------

    def action_edit_goal(self) -> None:
        def chosen(goal: Goal | None) -> None:
            if goal is not None:
                self.session.goal = goal
                self._inputs_changed()

        self.push_screen(GoalScreen(self.session.goal), chosen)

    def action_edit_options(self) -> None:
        s = self.session
        current = Options(
            limit=s.limit,
            language=s.language,
            engine=s.settings.engine,
            candidates=s.candidates,
            model=getattr(s.settings, "model", None),
            register=s.register,
        )
        self.push_screen(
            OptionsScreen(current, has_model=hasattr(s.settings, "model")), self._apply_options
        )

    def _apply_options(self, options: Options | None) -> None:
        if options is None:
            return
        s = self.session
        s.limit, s.language, s.candidates = options.limit, options.language, options.candidates
        s.register = options.register
        s.settings = s.with_engine(options.engine, options.model)
        self._inputs_changed()

    def _inputs_changed(self) -> None:
        """A profile, the goal or an option changed: show it, re-check, maybe redraft."""
        self._refresh_panels()
        self._recheck()
        if self._loading:
            return
        if self.dirty and self.session.target is not None and self.session.goal:
            self.notify("Your text is kept: ctrl+r drafts again with the new inputs.")
            return
        self._maybe_autodraft()

    def _maybe_autodraft(self) -> None:
        """Draft at once when the target and the goal are known and nothing is pending."""
        s = self.session
        ready = self.autodraft and not self._loading and s.target is not None and bool(s.goal)
        if ready and not self.dirty:
            self._start_draft()

    # --- drafting ---------------------------------------------------------------------

    def action_regenerate(self) -> None:
        self._start_draft()

    def _start_draft(self) -> None:
        s = self.session
        if s.target is None:
            self.notify("Load the target's profile first (ctrl+t).", severity="warning")
            return
        request = s.request()
        self._cancel_draft()  # a redraft mid-stream replaces the draft under way
        self._pending = request
        s.drafts += 1
        self._draft_id += 1
        if not self._drafting:  # a redraft mid-stream keeps what was there before the first
            self._before_draft = self.editor.text
            self._before_dirty = self.dirty
        self._drafting = True
        self._busy = "drafting… escape stops"
        self._streamed = ""
        self.editor.read_only = True
        self.editor.placeholder = f"Drafting with {s.engine_label()}… (escape stops)"
        self._recheck()
        self._draft_worker = self._draft(self._draft_id, request, s.settings)

    def _cancel_draft(self) -> None:
        """Cancel the worker of the draft under way, if any: not shown, never recorded.
        The worker of a draft shown is left to finish its record."""
        if self._drafting and self._draft_worker is not None:
            self._draft_worker.cancel()
        self._draft_worker = None

    @work(group="draft", exit_on_error=False)
    async def _draft(self, draft_id: int, request: DraftRequest, settings: Settings) -> None:
        """Draft, show, then record: the pipeline records the draft (``record=``) once
        ``on_draft_ready`` has shown it. Not ``exclusive``: a regenerate must not cancel
        the worker of a draft shown while its record is written (``_cancel_draft``)."""
        import asyncio
        from contextlib import aclosing

        from composer.drafting.engine import Restart
        from composer.drafting.pipeline import stream_compose

        # stderr is the terminal Textual draws on: a history failure is a notification.
        record = self.recorder.step(draft_id, self._history_failed, self._draft_recorded)
        try:
            client = await self.llm.get(settings)
            # repairs=True: a repair round streams too, after a Restart (a new preview).
            stream = stream_compose(request, settings, repairs=True, client=client, record=record)
            async with aclosing(stream):
                async for piece in stream:
                    if isinstance(piece, DraftResult):
                        handled = asyncio.get_running_loop().create_future()
                        self.post_message(DraftReady(draft_id, piece, handled))
                        if not await handled:  # stale: not shown, so not recorded
                            return
                    elif isinstance(piece, Restart):
                        self.post_message(DraftRestart(draft_id))
                    else:
                        self.post_message(DraftChunk(draft_id, piece))
        except ComposerError as exc:
            self.post_message(DraftFailed(draft_id, str(exc)))

    def _draft_recorded(self, draft_id: int, record_id: int | None) -> None:
        self.post_message(DraftRecorded(draft_id, record_id))  # from the recording thread

    async def on_unmount(self) -> None:
        """The app exits: close the LLM client (its connections) if one was opened."""
        await self.llm.close()

    def _history_failed(self, error: str) -> None:
        self.post_message(HistoryFailed(error))  # called from the recording thread

    def on_history_failed(self, message: HistoryFailed) -> None:
        self.notify(message.error, title="History", severity="warning", timeout=10)

    def on_draft_chunk(self, message: DraftChunk) -> None:
        if message.draft_id != self._draft_id:
            return
        self._streamed += message.text
        self._show_text(self._streamed)

    def on_draft_restart(self, message: DraftRestart) -> None:
        """A repair round (or a retried stream): its text replaces the preview."""
        if message.draft_id != self._draft_id:
            return
        self._streamed = ""
        self._busy = "repairing… escape stops"
        self.editor.placeholder = "Repairing the draft… (escape stops)"
        self._show_text("")

    def on_draft_ready(self, message: DraftReady) -> None:
        """A draft finished: show the best note and its candidates, then let the pipeline
        record it (``message.handled``; the worker resumes after this handler). Called
        once per draft."""
        stale = message.draft_id != self._draft_id
        if message.handled is not None and not message.handled.done():
            message.handled.set_result(not stale)
        if stale:
            return
        result = message.result
        self.request = self._pending  # only the latest draft gets here
        self._end_draft()
        if self._before_dirty:
            self._keep(self._before_draft)
        if self.editor.text != self._before_draft:  # a streamed preview replaced it
            self.editor.load_text(self._before_draft)
        self.result = result
        assert self.request is not None
        self.recorder.shown(message.draft_id, self.request, result)  # now it may be recorded
        self.candidates = list(result.candidates) or [
            Candidate(result.note, result.report, result.hook)
        ]
        notes = [c.note for c in self.candidates]
        self.candidate = notes.index(result.note) if result.note in notes else 0
        self._show_text(result.note, undoable=True)  # ctrl+z: back to the text before it
        self._show_candidates()
        if result.audits:
            self._show_audits([*self.session.network_audits(), *result.audits])
            self._recheck()
        self.editor.focus()

    def on_draft_recorded(self, message: DraftRecorded) -> None:
        # The draft may be the hidden mode's: each recorder knows its own drafts' ids.
        for page in self.pages.values():
            taken = page.recorder.recorded(message.draft_id, message.record_id)
            if taken is not None:  # taken before the record existed
                self._write_taken(taken)

    def on_draft_failed(self, message: DraftFailed) -> None:
        if message.draft_id != self._draft_id:
            return
        self._draft_failed(message.error)

    def action_stop_draft(self) -> None:
        """Stop the draft under way (a slow LLM may take up to its deadline)."""
        if not self._drafting:
            return
        self._cancel_draft()
        self._draft_id += 1  # anything the stopped worker still posts is stale
        self._put_back_before_draft()
        self.notify("Draft stopped: the note is as it was.")

    def _draft_failed(self, error: str) -> None:
        """Put back what the editor held before the draft, and say what went wrong."""
        self._put_back_before_draft()
        self.notify(error, title="Draft failed", severity="error", timeout=10)
        from composer.drafting.engine import engine_for

        if engine_for(self.session.settings).remote:
            self.notify("Options (ctrl+o) can switch to the offline engine.")

    def _put_back_before_draft(self) -> None:
        self._end_draft()
        if self.editor.text != self._before_draft:  # a streamed preview replaced it
            self._show_text(self._before_draft, users=self._before_dirty)

    def _end_draft(self) -> None:
        self._drafting = False
        self.editor.read_only = False
        self._show_placeholder()
        self._recheck()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug in a worker must not kill the app: report it and carry on."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        drafting = self._drafting and event.worker is self._draft_worker
        if event.worker.group == "draft" and drafting:
            self._draft_failed(f"unexpected error while drafting: {error!r}")
        else:
            self.notify(f"unexpected error: {error!r}", severity="error", timeout=10)

    # --- notes taken (copied, saved) ---------------------------------------------------

    def note_taken(self, note: str, how: str) -> None:
        """The user copied or saved ``note`` (``how``: "copied" or "saved")."""
        self.last_taken = (how, note)
        taken = self.recorder.taken(note, self.session.target)
        if taken is not None:
            self._write_taken(taken)

    @work(thread=True, group="history", exit_on_error=False)
    def _write_taken(self, taken: TakenNote) -> None:
        self.recorder.write_taken(taken, self._history_failed)
