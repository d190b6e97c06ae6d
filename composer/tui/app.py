"""The Composer terminal UI: ``make_app(...)`` builds a ``ComposerApp``.

The app keeps a ``Session`` (target, sender, goal, options), drafts through
``composer.drafting.pipeline.stream_compose`` in a worker, and re-checks the note with
``composer.checker.check_note`` on every keystroke (``check_message`` in message mode, f4:
the first message after acceptance). Profiles are read and notes saved
in thread workers; every result comes back as a message from ``composer.tui.messages``.

Two methods are the places other features hook into:

- ``on_draft_ready``: every finished draft passes through it, once.
- ``note_taken``: called when the user copies or saves the note (the history then
  records the text taken, when it is not the draft's).

What the history holds of the drafts shown and the notes taken is
``composer.drafting.recording.NoteRecorder``'s protocol: the pipeline records a draft
(``NoteRecorder.step``, its ``record=``) once ``on_draft_ready`` has shown it, never a
draft stopped or replaced before it showed; with an LLM, every draft goes
through one client per session (``composer.drafting.llm.client.SessionClient``), closed
on exit. Both are plain classes, tested without Textual.

The app is built in layers, one module each: ``composer.tui.main_screen`` (the screen's
layout and keys), ``composer.tui.editing.EditingApp`` (the state, the re-check, the
panels, the candidates), ``composer.tui.drafting.DraftingApp`` (the inputs, the drafts,
the history), and ``ComposerApp`` here (start-up, copy and save, help, palette, quit).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from composer.config.settings import Account, Settings
from composer.core.errors import ComposerError
from composer.core.goals import Goal
from composer.drafting.engine import FALLBACK as FALLBACK_ENGINE
from composer.profile import Profile
from composer.tui.drafting import DraftingApp
from composer.tui.main_screen import (
    EDITOR_KEYS,
    PLACEHOLDER,
    PLACEHOLDER_NO_GOAL,
    PLACEHOLDER_READY,
    MainScreen,
)
from composer.tui.messages import NoteSaved, NotesCounted
from composer.tui.screens import HelpScreen, Options, QuitScreen, SaveScreen
from composer.tui.session import MESSAGE, NOTE, Session
from composer.tui.widgets import NotesLeft

__all__ = [
    "EDITOR_KEYS",
    "PLACEHOLDER",
    "PLACEHOLDER_NO_GOAL",
    "PLACEHOLDER_READY",
    "ComposerApp",
    "MainScreen",
    "make_app",
]


class ComposerApp(DraftingApp):
    """Compose, check and edit one connection note at a time."""

    TITLE = "Composer"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", priority=True)]

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
        self.notify(f"Copied the {self.what} ({self.report.length} characters).")
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
        suggestion = Path.cwd() / f"{self.what}-{stem}.txt"

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
        hidden = self.pages[NOTE if self.session.message else MESSAGE]  # f4's other text
        edited = {hidden.kind} if hidden.unsaved else set()
        if self.dirty and not taken:
            edited.add(self.session.kind)
        if not edited:
            self.exit()
            return
        what = " and ".join(f"the {w}" for k, w in ((NOTE, "note"), (MESSAGE, "message"))
                            if k in edited)  # fmt: skip

        def chosen(quit_: bool | None) -> None:
            if quit_:
                self.exit()

        self.push_screen(QuitScreen(what), chosen)


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
    ("Note or message", "Switch between the invitation note and the first message after "
     "they accept (f4)", "action_note_or_message"),
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
