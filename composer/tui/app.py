"""The Composer terminal UI: ``make_app(...)`` builds a ``ComposerApp``.

The app keeps a ``Session`` (target, sender, goal, options), drafts through
``composer.drafting.pipeline.stream_compose`` in a worker, and re-checks the note with
``composer.checker.check_note`` on every keystroke. Profiles are read and notes saved
in thread workers; every result comes back as a message from ``composer.tui.messages``.

Two methods are the places other features hook into:

- ``on_draft_ready``: every finished draft passes through it, once.
- ``note_taken``: called when the user copies or saves the note (the history then
  records the text taken, when it is not the draft's).

What the history holds of the drafts shown and the notes taken is
``composer.drafting.recording.NoteRecorder``'s protocol; with an LLM, every draft goes
through one client per session (``composer.drafting.llm.client.SessionClient``), closed
on exit. Both are plain classes, tested without Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, TextArea
from textual.widgets.text_area import Document, Selection
from textual.worker import Worker, WorkerState

from composer.checker import check_note
from composer.config.settings import Account, Settings
from composer.core.contract import Candidate, DraftRequest, DraftResult
from composer.core.errors import ComposerError
from composer.core.findings import Finding, Report
from composer.core.goals import Goal
from composer.drafting.engine import FALLBACK as FALLBACK_ENGINE
from composer.drafting.engine import SessionClient
from composer.drafting.recording import DraftToRecord, NoteRecorder, TakenNote
from composer.profile import Profile, load_profile
from composer.tui.messages import (
    DraftChunk,
    DraftFailed,
    DraftReady,
    DraftRecorded,
    DraftRestart,
    HistoryFailed,
    NoteSaved,
    NotesCounted,
    ProfileFailed,
    ProfileLoaded,
)
from composer.tui.screens import (
    GoalScreen,
    HelpScreen,
    Options,
    OptionsScreen,
    ProfileScreen,
    QuitScreen,
    SaveScreen,
)
from composer.tui.session import Session, Versions
from composer.tui.widgets import (
    CandidateBar,
    Counter,
    FindingsList,
    GoalPanel,
    NoteEditor,
    NotesLeft,
    OptionsPanel,
    ProfilePanel,
    Verdict,
)

# What the empty editor suggests, by what is still missing.
PLACEHOLDER = (
    "Load the person you want to invite (ctrl+t) and say what you want (ctrl+g):"
    " the draft appears here. Or write your own note and watch the findings."
)
PLACEHOLDER_NO_GOAL = (
    "Say what you want from this connection (ctrl+g), or press ctrl+r to draft now."
    " Or write your own note and watch the findings."
)
PLACEHOLDER_READY = "Press ctrl+r to draft, or write your own note and watch the findings."

# The editor's own keys, listed on the help screen next to the app's bindings.
EDITOR_KEYS = [
    ("ctrl+z / ctrl+y", "undo / redo typing (a new draft or candidate too)"),
    ("ctrl+c/x/v", "copy / cut / paste the selection"),
    ("f6 / f7", "select the line / all the text"),
    ("tab", "move between the note, the findings and the panels"),
]


class MainScreen(Screen[None]):
    """The composing screen. Its keys live here so dialogs don't trigger them."""

    # The footer shows the keys that apply now (ComposerApp.check_action hides the
    # others). ctrl+t and ctrl+g are shown while their input is missing: the first
    # binding of a key is shown, and does nothing once it is loaded; the second works.
    # f8, not ctrl+b (tmux's prefix key), for the previous candidate.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "app.ask_target", "Target",
                tooltip="load the profile of the person to invite"),
        Binding("ctrl+g", "app.ask_goal", "Goal",
                tooltip="set the goal: a preset and/or your words"),
        Binding("ctrl+r,f5", "app.regenerate", "Regenerate", tooltip="draft the note again"),
        Binding("escape", "app.stop_draft", "Stop",
                tooltip="stop a draft under way; in a dialog: close it"),
        Binding("ctrl+n,f9", "app.next_candidate", "Next", tooltip="show the next candidate"),
        Binding("f8", "app.previous_candidate", "Prev", tooltip="the previous candidate"),
        Binding("f2", "app.copy_note", "Copy", tooltip="copy the note to the clipboard"),
        Binding("ctrl+s", "app.save_note", "Save", tooltip="save the note to a file"),
        Binding("ctrl+l", "app.restore_version", "Restore",
                tooltip="back to your own text from before a draft"),
        Binding("f1", "app.help", "Help", tooltip="this list of keys"),
        Binding("ctrl+t", "app.load_target", "Target", show=False,
                tooltip="load the profile of the person to invite"),
        Binding("ctrl+f", "app.load_sender", "Sender", show=False,
                tooltip="load your own profile (the note is from you)"),
        Binding("ctrl+g", "app.edit_goal", "Goal", show=False,
                tooltip="set the goal: a preset and/or your words"),
        Binding("ctrl+o", "app.edit_options", "Options", show=False,
                tooltip="limit, language, engine and model, candidates"),
        Binding("f3", "app.toggle_dark", "Theme", show=False, tooltip="light or dark theme"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        yield Header(icon="✉")
        with Horizontal(id="body"):
            with VerticalScroll(id="sidebar"):
                yield ProfilePanel("target", "ctrl+t", id="target")
                yield ProfilePanel("sender", "ctrl+f", id="sender")
                yield GoalPanel(id="goal")
                yield OptionsPanel(id="options")
            with Vertical(id="work"):
                yield CandidateBar(id="candidates")
                editor = NoteEditor(
                    id="draft",
                    soft_wrap=True,
                    tab_behavior="focus",
                    placeholder=PLACEHOLDER,
                    highlight_cursor_line=False,
                )
                editor.border_title = "Note"
                yield editor
                with Horizontal(id="status"):
                    yield Counter("0/200", id="counter")
                    yield Verdict(id="verdict")
                yield NotesLeft(id="notes-left")
                yield FindingsList(id="findings")
        yield Footer()


class ComposerApp(App[None]):
    """Compose, check and edit one connection note at a time."""

    TITLE = "Composer"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(
        self,
        session: Session,
        *,
        target_path: Path | None = None,
        sender_path: Path | None = None,
        browse_dir: Path | None = None,
        autodraft: bool = True,
    ) -> None:
        super().__init__()
        self.session = session
        self.browse_dir = browse_dir or Path.cwd()
        self.paths: dict[str, Path | None] = {"target": target_path, "sender": sender_path}
        self.autodraft = autodraft
        self.versions = Versions()
        self.report = Report()
        self.audits: list[Finding] = []
        self.result: DraftResult | None = None
        self.request: DraftRequest | None = None  # what self.result answers
        self.candidates: list[Candidate] = []
        self.candidate = 0
        self.last_taken: tuple[str, str] | None = None  # (how, note) of the last copy/save
        self.recorder = NoteRecorder()  # what the history holds of the drafts shown
        self.llm = SessionClient()  # one LLM client for the session, closed on exit
        self._busy = "drafting… escape stops"  # the verdict while drafting
        self._loading: set[str] = set()
        self._draft_id = 0
        self._pending: DraftRequest | None = None  # the request being drafted
        self._drafting = False
        self._streamed = ""
        self._before_draft = ""
        self._before_dirty = False
        self._shown: str | None = ""  # the text the app last put in the editor
        self.main = MainScreen()
        self._keys_shown: dict[str, bool] = {}  # what the footer was drawn for

    # --- set-up -----------------------------------------------------------------------

    async def on_mount(self) -> None:
        self._warm_up(self.session.settings)
        await self.push_screen(self.main)
        self._refresh_panels()
        self._recheck()
        self.editor.focus()
        for role, path in self.paths.items():
            if path is not None:
                self._loading.add(role)
                self._load_profile(role, path)
        self._maybe_autodraft()
        self._count_notes()

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _warm_up(self, settings: Settings) -> None:
        """Import the drafting engine while the screen is built, so the first draft is
        sooner (measured in benchmarks/bench_tui.py). Only a head start: on failure the
        draft itself imports again and reports what is wrong."""
        try:
            import composer.drafting.pipeline  # noqa: F401 - a head start
            from composer.drafting.engine import engine_for

            engine_for(settings).warm_up()
        except (ImportError, ComposerError):
            pass

    # --- which keys apply now (the footer shows those) ---------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """False hides a key from the footer, and makes it do nothing, while it does not
        apply: nothing to copy, one candidate, no draft under way (Textual's dynamic
        actions). The command palette still offers every action, and says why not."""
        return self._applicable().get(action, True)

    def _applicable(self) -> dict[str, bool]:
        if not self.main.is_mounted:
            return {}
        s = self.session
        has_text = bool(self.editor.text.strip()) and not self._drafting
        return {
            "ask_target": s.target is None,
            "ask_goal": s.target is not None and not s.goal,
            "regenerate": s.target is not None,
            "stop_draft": self._drafting,
            "next_candidate": len(self.candidates) > 1 and not self._drafting,
            "previous_candidate": len(self.candidates) > 1 and not self._drafting,
            "copy_note": has_text,
            "save_note": has_text,
            "restore_version": len(self.versions) > 0,
        }

    def _refresh_keys(self) -> None:
        """Redraw the footer when the keys that apply changed (not on every key typed)."""
        applicable = self._applicable()
        if applicable != self._keys_shown:
            self._keys_shown = applicable
            self.refresh_bindings()

    def action_ask_target(self) -> None:
        self.action_load_target()

    def action_ask_goal(self) -> None:
        self.action_edit_goal()

    @property
    def editor(self) -> NoteEditor:
        return self.main.query_one("#draft", NoteEditor)

    # --- what the panels and the status show ------------------------------------------

    def _refresh_panels(self) -> None:
        s = self.session
        self._show_audits(s.audits())
        language = s.language or (s.target.language if s.target else None) or "en"
        self.main.query_one("#goal", GoalPanel).show(s.goal, language)
        self.main.query_one("#options", OptionsPanel).show(
            limit=s.limit,
            language=s.language,
            register=s.register,
            engine=s.engine_label(),
            candidates=s.candidates,
        )
        self.sub_title = f"{s.engine_label()} engine"
        if not self._drafting:
            self._show_placeholder()

    def _show_placeholder(self) -> None:
        """What the empty editor suggests, by what is still missing."""
        s = self.session
        if s.target is None:
            self.editor.placeholder = PLACEHOLDER
        else:
            self.editor.placeholder = PLACEHOLDER_READY if s.goal else PLACEHOLDER_NO_GOAL

    @on(TextArea.Changed, "#draft")
    def _recheck(self) -> None:
        """Check the note as it is now: counter, verdict and findings follow every key."""
        s = self.session
        text = self.editor.text
        self.report = check_note(text, s.target, s.sender, s.goal, s.limit)
        self.main.query_one("#counter", Counter).show(self.report.length, s.limit)
        busy = self._busy if self._drafting else None  # the header names the engine
        self.main.query_one("#verdict", Verdict).show(self.report.findings, busy=busy)
        # A streamed preview is judged once it is whole: findings on half a sentence
        # would flicker by ("no greeting", "too short") and mean nothing.
        findings = [] if self._drafting else self.report.findings
        self.main.query_one("#findings", FindingsList).show(
            findings, self.audits, waiting=self._drafting
        )
        self.editor.mark(findings)
        self._show_title()
        self._refresh_keys()

    @on(OptionList.OptionHighlighted, "#findings")
    def _finding_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._select_finding(event.option_index)

    @on(OptionList.OptionSelected, "#findings")
    def _finding_selected(self, event: OptionList.OptionSelected) -> None:
        self._select_finding(event.option_index)
        self.editor.focus()

    def _select_finding(self, index: int) -> None:
        finding = self.main.query_one("#findings", FindingsList).finding_at(index)
        if finding is not None:
            self._select_span(finding)

    def _select_span(self, finding: Finding) -> None:
        """Select the finding's span in the note, so the user sees what it is about."""
        if finding.start is None or finding.end is None:
            return
        document = self.editor.document
        assert isinstance(document, Document)  # a plain TextArea, not a syntax-aware one
        size = len(self.editor.text)
        start = document.get_location_from_index(min(finding.start, size))
        end = document.get_location_from_index(min(finding.end, size))
        self.editor.selection = Selection(start, end)
        self.editor.scroll_cursor_visible()

    # --- the text in the editor and the user's versions -------------------------------

    @property
    def dirty(self) -> bool:
        """True when the editor holds text the user typed (not what a draft put there)."""
        text = self.editor.text
        return bool(text.strip()) and text != self._shown

    def _show_text(self, text: str, *, users: bool = False, undoable: bool = False) -> None:
        """Replace the editor's text. ``users``: it is the user's own (a restored version).
        ``undoable``: as one edit, so the editor's undo (ctrl+z) brings the text it
        replaced back, with the typing history before it; otherwise that history is
        cleared (a streamed preview)."""
        self._shown = None if users else text
        editor = self.editor
        if undoable:
            editor.history.checkpoint()  # the replacement is an undo step of its own
            editor.move_cursor(editor.document.end)  # where an undo leaves the cursor
            editor.replace(text, (0, 0), editor.document.end, maintain_selection_offset=False)
        else:
            editor.load_text(text)
        editor.move_cursor(editor.document.end)

    def _remember_user_text(self) -> None:
        if self.dirty:
            self._keep(self.editor.text)

    def _keep(self, text: str) -> None:
        """Keep the user's ``text`` that a draft or a candidate is about to replace."""
        if self.versions.push(text):
            self.notify("Your version is kept: ctrl+z or ctrl+l brings it back.")

    def action_restore_version(self) -> None:
        text = self.versions.pop(self.editor.text, keep_current=self.dirty)
        if text is None:
            self.notify("No earlier version of yours to go back to.", severity="warning")
            return
        self._show_text(text, users=True, undoable=True)
        self.editor.focus()
        self.notify(f"Restored your version ({len(self.versions)} more kept).")

    # --- loading profiles -------------------------------------------------------------

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

    @work(thread=True, group="notes", exit_on_error=False)
    def _count_notes(self) -> None:
        """The note budget from the history, off the UI thread (SQLite)."""
        status = self.session.notes_status()
        if status is not None:
            self.post_message(NotesCounted(*status))

    def on_notes_counted(self, message: NotesCounted) -> None:
        self.main.query_one("#notes-left", NotesLeft).show(
            message.text, none_left=message.none_left
        )

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
            self.session.target = message.profile
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
        self._draft(self._draft_id, request, s.settings)

    @work(exclusive=True, group="draft", exit_on_error=False)
    async def _draft(self, draft_id: int, request: DraftRequest, settings: Settings) -> None:

        from composer.drafting.engine import Restart
        from composer.drafting.pipeline import stream_compose

        try:
            client = await self.llm.get(settings)
            # repairs=True: a repair round streams too, after a Restart (a new preview).
            async for piece in stream_compose(request, settings, repairs=True, client=client):
                if isinstance(piece, DraftResult):
                    self.post_message(DraftReady(draft_id, piece))
                elif isinstance(piece, Restart):
                    self.post_message(DraftRestart(draft_id))
                else:
                    self.post_message(DraftChunk(draft_id, piece))
        except ComposerError as exc:
            self.post_message(DraftFailed(draft_id, str(exc)))

    @work(thread=True, group="history", exit_on_error=False)
    def _record(self, draft: DraftToRecord) -> None:
        """Record a draft shown and say so, in a worker of its own: a regenerate cancels
        the draft worker, and must not cancel this one."""
        # stderr is the terminal Textual draws on: a failure is a notification.
        record_id = self.recorder.record(draft, self._history_failed)
        self.post_message(DraftRecorded(draft.draft_id, record_id))

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
        """A draft finished: show the best note and its candidates. Called once per draft."""
        if message.draft_id != self._draft_id:
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
        self._record(self.recorder.shown(message.draft_id, self.request, result))
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
        taken = self.recorder.recorded(message.draft_id, message.record_id)
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
        self.workers.cancel_group(self, "draft")
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
        if event.worker.group == "draft" and self._drafting:
            self._draft_failed(f"unexpected error while drafting: {error!r}")
        else:
            self.notify(f"unexpected error: {error!r}", severity="error", timeout=10)

    def _show_audits(self, audits: Sequence[Finding]) -> None:
        """Each profile's audit findings in its panel (and at the end of the findings)."""
        s = self.session
        self.audits = list(audits)
        self.main.query_one("#target", ProfilePanel).show(
            s.target, [f for f in audits if f.rule.startswith("target")]
        )
        self.main.query_one("#sender", ProfilePanel).show(
            s.sender, [f for f in audits if not f.rule.startswith("target")]
        )

    # --- candidates -------------------------------------------------------------------

    def _show_candidates(self) -> None:
        bar = self.main.query_one("#candidates", CandidateBar)
        bar.show(self.candidates, self.candidate)
        self._show_title()
        self._refresh_keys()

    def _show_title(self) -> None:
        """ "Note · candidate 2/3", and "· edited" once the user changed what was drafted."""
        total = len(self.candidates)
        title = f"Note · candidate {self.candidate + 1}/{total}" if total > 1 else "Note"
        if self.dirty:
            title += " · edited"
        self.editor.border_title = title

    def action_use_candidate(self, index: int) -> None:
        if not 0 <= index < len(self.candidates):
            return
        self._remember_user_text()
        self.candidate = index
        self._show_text(self.candidates[index].note, undoable=True)
        self._show_candidates()
        self.editor.focus()

    def action_next_candidate(self) -> None:
        self._step_candidate(+1)

    def action_previous_candidate(self) -> None:
        self._step_candidate(-1)

    def _step_candidate(self, step: int) -> None:
        if len(self.candidates) < 2:
            why = "No draft yet" if not self.candidates else "Only one candidate"
            self.notify(f"{why}: ctrl+r drafts another.", severity="warning")
            return
        self.action_use_candidate((self.candidate + step) % len(self.candidates))

    # --- copy and save ----------------------------------------------------------------

    def _still_drafting(self, what: str) -> bool:
        """A streamed preview is not the note yet (not checked, maybe repaired): say so."""
        if self._drafting:
            self.notify(f"Drafting: {what} the note once it is done (escape stops).",
                        severity="warning")  # fmt: skip
        return self._drafting

    def action_copy_note(self) -> None:
        if self._still_drafting("copy"):
            return
        note = self.editor.text
        if not note.strip():
            self.notify("Nothing to copy yet.", severity="warning")
            return
        self.copy_to_clipboard(note)  # the terminal's clipboard (OSC 52)
        self._copy_to_system(note)  # and the system's, where the terminal ignores OSC 52
        self.notify(f"Copied the note ({self.report.length} characters).")
        self.note_taken(note, "copied")

    @work(thread=True, group="clipboard", exit_on_error=False)
    def _copy_to_system(self, note: str) -> None:
        from composer.tui.clipboard import copy_with_system_tool

        copy_with_system_tool(note)

    def action_save_note(self) -> None:
        if self._still_drafting("save"):
            return
        note = self.editor.text
        if not note.strip():
            self.notify("Nothing to save yet.", severity="warning")
            return
        target = self.session.target
        stem = target.first_name.lower() if target and target.first_name else "note"
        suggestion = Path.cwd() / f"note-{stem}.txt"

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._save(path, note)

        self.push_screen(SaveScreen(suggestion), chosen)

    @work(thread=True, group="save", exit_on_error=False)
    def _save(self, path: Path, note: str) -> None:
        try:
            path.write_text(note.rstrip("\n") + "\n", encoding="utf-8")
        except OSError as exc:
            self.post_message(NoteSaved(path, note, f"{path}: cannot write ({exc.strerror})"))
        else:
            self.post_message(NoteSaved(path, note))

    def on_note_saved(self, message: NoteSaved) -> None:
        if message.error:
            self.notify(message.error, title="Not saved", severity="error")
            return
        self.notify(f"Saved to {message.path}")
        self.note_taken(message.note, "saved")

    def note_taken(self, note: str, how: str) -> None:
        """The user copied or saved ``note`` (``how``: "copied" or "saved")."""
        self.last_taken = (how, note)
        taken = self.recorder.taken(note, self.session.target)
        if taken is not None:
            self._write_taken(taken)

    @work(thread=True, group="history", exit_on_error=False)
    def _write_taken(self, taken: TakenNote) -> None:
        self.recorder.write_taken(taken, self._history_failed)

    # --- help, theme, command palette --------------------------------------------------

    def key_table(self) -> list[tuple[str, str]]:
        """Every key the user can press, for the help screen."""
        keys: list[tuple[str, str]] = []
        for binding in MainScreen.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.action.startswith("app.ask_"):
                continue  # the footer's prompt for a missing input: listed as load_*
            # "ctrl+r,f5": either key.
            keys.append((binding.key.replace(",", " / "), binding.tooltip or binding.description))
        keys.append(("ctrl+p", "command palette: every action by name"))
        keys.append(("ctrl+q", "quit"))
        keys.extend(EDITOR_KEYS)
        return keys

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.key_table()))

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_use_offline(self) -> None:
        self._apply_options(
            Options(
                limit=self.session.limit,
                language=self.session.language,
                engine=FALLBACK_ENGINE,
                candidates=self.session.candidates,
                model=getattr(self.session.settings, "model", None),
                register=self.session.register,
            )
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Composer's actions, and Textual's own but "Theme" (f3 toggles light and
        dark) and "Keys" (f1 lists every key): one of each in the palette."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Keys"):
                yield command
        for title, help_text, callback in PALETTE:
            yield SystemCommand(title, help_text, getattr(self, callback))

    async def action_quit(self) -> None:
        """ctrl+q (and the palette's Quit): with an edited note never copied nor saved,
        ask first (one key: y or ctrl+q quits, escape stays); otherwise quit at once."""
        if isinstance(self.screen, QuitScreen):
            self.exit()
            return
        text = self.editor.text if self.main.is_mounted else ""
        taken = self.last_taken is not None and self.last_taken[1] == text
        if not self.dirty or taken:
            self.exit()
            return

        def chosen(quit_: bool | None) -> None:
            if quit_:
                self.exit()

        self.push_screen(QuitScreen(), chosen)


# The palette's commands: title, what it does (with its key), the app's method.
PALETTE = [
    ("Regenerate", "Draft the note again (ctrl+r)", "action_regenerate"),
    ("Next candidate", "Show the next candidate (ctrl+n)", "action_next_candidate"),
    ("Previous candidate", "Show the previous candidate (f8)", "action_previous_candidate"),
    ("Copy note", "Copy the note to the clipboard (f2)", "action_copy_note"),
    ("Save note", "Write the note to a file (ctrl+s)", "action_save_note"),
    ("Load target", "Load the target's profile (ctrl+t)", "action_load_target"),
    ("Load sender", "Load your own profile (ctrl+f)", "action_load_sender"),
    ("Set goal", "What you want from this connection (ctrl+g)", "action_edit_goal"),
    ("Options", "Limit, language, engine, candidates (ctrl+o)", "action_edit_options"),
    ("Restore my version", "Go back to the text you wrote before (ctrl+l)",
     "action_restore_version"),
    ("Use the offline engine", "Draft without an LLM", "action_use_offline"),
    ("Stop drafting", "Stop the draft under way (escape)", "action_stop_draft"),
    ("Theme: light or dark", "Switch between the light and dark theme (f3)",
     "action_toggle_dark"),
    ("Help", "List every key (f1)", "action_help"),
]  # fmt: skip


def make_app(
    *,
    target: Path | str | Profile | None = None,
    sender: Path | str | Profile | None = None,
    goal: Goal | None = None,
    settings: Settings | None = None,
    limit: int = 200,
    language: str | None = None,
    candidates: int = 3,
    browse_dir: Path | None = None,
    autodraft: bool = True,
    theme: str | None = None,
    account: Account | None = None,
) -> ComposerApp:
    """Build the app. Profiles given as paths are loaded in a worker once it runs."""
    session = Session(
        target=target if isinstance(target, Profile) else None,
        sender=sender if isinstance(sender, Profile) else None,
        goal=goal or Goal(),
        limit=limit,
        language=language,
        candidates=candidates,
        settings=settings or Settings(),
        account=account or Account(),
    )
    app = ComposerApp(
        session,
        target_path=None if target is None or isinstance(target, Profile) else Path(target),
        sender_path=None if sender is None or isinstance(sender, Profile) else Path(sender),
        browse_dir=browse_dir,
        autodraft=autodraft,
    )
    if theme:
        app.theme = theme
    return app
