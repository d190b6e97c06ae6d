"""What the UI shows, and the state behind it: ``EditingApp``, the base of
``composer.tui.app.ComposerApp``.

The session, the editor's text and the user's versions, the re-check on every key
(counter, verdict, findings), the panels, the candidates bar, which keys apply now, and
the two modes: the invitation note and the first message after acceptance (f4), each
with its own text, drafts and versions (``Page``).
``composer.tui.drafting.DraftingApp`` adds the inputs and drafting on top of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual import on
from textual.app import App
from textual.widgets import OptionList, TextArea
from textual.widgets.text_area import Document, Selection
from textual.worker import Worker

from composer.core.contract import Candidate, DraftRequest, DraftResult
from composer.core.findings import Finding, Report
from composer.drafting.engine import SessionClient
from composer.tui.main_screen import (
    PLACEHOLDER,
    PLACEHOLDER_MESSAGE,
    PLACEHOLDER_NO_GOAL,
    PLACEHOLDER_READY,
    MainScreen,
)
from composer.tui.session import MESSAGE, NOTE, Page, Session
from composer.tui.widgets import (
    CandidateBar,
    Counter,
    FindingsList,
    GoalPanel,
    NoteEditor,
    OptionsPanel,
    ProfilePanel,
    Verdict,
)


class EditingApp(App[None]):
    """The state of one UI session and what the screen shows of it."""

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
        # Each mode's editor and drafts; the shown one's live in the attributes below.
        self.pages = {NOTE: Page(NOTE), MESSAGE: Page(MESSAGE)}
        self.versions = self.pages[NOTE].versions
        self.report = Report()
        self.audits: list[Finding] = []
        self.result: DraftResult | None = None
        self.request: DraftRequest | None = None  # what self.result answers
        self.candidates: list[Candidate] = []
        self.candidate = 0
        self.last_taken: tuple[str, str] | None = None  # (how, note) of the last copy/save
        self.recorder = self.pages[NOTE].recorder  # what the history holds of the drafts
        self.llm = SessionClient()  # one LLM client for the session, closed on exit
        self._busy = "drafting… escape stops"  # the verdict while drafting
        self._loading: set[str] = set()
        self._draft_id = 0
        self._draft_worker: Worker[None] | None = None  # the draft not shown yet, if any
        self._pending: DraftRequest | None = None  # the request being drafted
        self._drafting = False
        self._streamed = ""
        self._before_draft = ""
        self._before_dirty = False
        self._shown: str | None = ""  # the text the app last put in the editor
        self._accepted_for: str | None = None  # whose accepted note session has
        self.main = MainScreen()
        self._keys_shown: dict[str, bool] = {}  # what the footer was drawn for

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
            "show_message": s.target is not None and not s.message and not self._drafting,
            "show_note": s.message and not self._drafting,
        }

    def _refresh_keys(self) -> None:
        """Redraw the footer when the keys that apply changed (not on every key typed)."""
        applicable = self._applicable()
        if applicable != self._keys_shown:
            self._keys_shown = applicable
            self.refresh_bindings()

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
            limit=s.current_limit,
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
        elif s.message:
            self.editor.placeholder = PLACEHOLDER_MESSAGE
        else:
            self.editor.placeholder = PLACEHOLDER_READY if s.goal else PLACEHOLDER_NO_GOAL

    @on(TextArea.Changed, "#draft")
    def _recheck(self) -> None:
        """Check the note as it is now: counter, verdict and findings follow every key."""
        s = self.session
        text = self.editor.text
        self.report = s.check(text)  # a note, or in message mode a message
        self.main.query_one("#counter", Counter).show(self.report.length, s.current_limit)
        busy = self._busy if self._drafting else None  # the header names the engine
        self.main.query_one("#verdict", Verdict).show(self.report.findings, busy=busy)
        # A streamed preview is judged once it is whole: findings on half a sentence
        # would flicker by ("no greeting", "too short") and mean nothing.
        findings = [] if self._drafting else self.report.findings
        self.main.query_one("#findings", FindingsList).show(
            findings, self.audits, waiting=self._drafting, what=self.what
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

    @property
    def what(self) -> str:
        """What the editor holds, in words: "note" or "message"."""
        return "message" if self.session.message else "note"

    def _show_title(self) -> None:
        """ "Note · candidate 2/3" (or "Message after acceptance · ..."), and "· edited"
        once the user changed what was drafted."""
        total = len(self.candidates)
        title = "Message after acceptance" if self.session.message else "Note"
        if total > 1:
            title += f" · candidate {self.candidate + 1}/{total}"
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

    # --- the two modes: the invitation note, the first message after acceptance --------

    def action_show_message(self) -> None:
        self._switch_to(MESSAGE)

    def action_show_note(self) -> None:
        self._switch_to(NOTE)

    def action_note_or_message(self) -> None:
        """Between the invitation note and the first message after acceptance (f4)."""
        self._switch_to(NOTE if self.session.message else MESSAGE)

    def _switch_to(self, kind: str) -> None:
        s = self.session
        if kind == s.kind:
            return
        if s.target is None:
            self.notify("Load the target's profile first (ctrl+t).", severity="warning")
            return
        if self._drafting:
            self.notify("Drafting: switch once the draft is done (escape stops).",
                        severity="warning")  # fmt: skip
            return
        self._stash(self.pages[s.kind])
        s.kind = kind
        self._unstash(self.pages[kind])
        self._mode_changed()

    def _stash(self, page: Page) -> None:
        """Keep what the editor and the drafts are now in ``page``."""
        page.text, page.shown = self.editor.text, self._shown
        page.versions, page.recorder, page.last_taken = (
            self.versions,
            self.recorder,
            self.last_taken,
        )
        page.result, page.request = self.result, self.request
        page.candidates, page.candidate = self.candidates, self.candidate

    def _unstash(self, page: Page) -> None:
        """Show ``page``: its text (as the user left it), drafts and versions."""
        self.versions, self.recorder, self.last_taken = (
            page.versions,
            page.recorder,
            page.last_taken,
        )
        self.result, self.request = page.result, page.request
        self.candidates, self.candidate = page.candidates, page.candidate
        self.editor.load_text(page.text)  # the other mode's undo history does not apply
        self.editor.move_cursor(self.editor.document.end)
        self._shown = page.shown

    def _mode_changed(self) -> None:
        """Hook for the drafting layer: the mode was switched (redraw, maybe draft)."""
        self._refresh_panels()
        self._show_candidates()
        self._recheck()
        self.editor.focus()
