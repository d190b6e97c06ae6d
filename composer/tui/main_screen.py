"""The composing screen (``MainScreen``): its layout, its keys, and what the empty
editor suggests. The app (``composer.tui.app``) acts on the keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header

from composer.tui.widgets import (
    CandidateBar,
    Counter,
    FindingsList,
    GoalPanel,
    KeysFooter,
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
PLACEHOLDER_MESSAGE = (
    "The first message once they accepted: press ctrl+r to draft it (f4: back to the"
    " note), or write your own and watch the findings."
)

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
    # f8, not ctrl+b (tmux's prefix key), for the previous candidate. f4 switches
    # between the note and the message (f6/f7 are the editor's own: select line/all);
    # the footer shows "Message" or "Note", whichever f4 goes to.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "app.ask_target", "Target",
                tooltip="load the profile of the person to invite"),
        Binding("ctrl+g", "app.ask_goal", "Goal",
                tooltip="set the goal: a preset and/or your words"),
        Binding("ctrl+r,f5", "app.regenerate", "Redraft", tooltip="draft the note again"),
        Binding("escape", "app.stop_draft", "Stop",
                tooltip="stop a draft under way; in a dialog: close it"),
        Binding("ctrl+n,f9", "app.next_candidate", "Next", tooltip="show the next candidate"),
        # Not in the footer (Next cycles through them all; f1 and the palette list it),
        # so the footer still fits 80 columns with f4 in it.
        Binding("f8", "app.previous_candidate", "Prev", show=False,
                tooltip="the previous candidate"),
        Binding("f2", "app.copy_note", "Copy", tooltip="copy the note to the clipboard"),
        Binding("ctrl+s", "app.save_note", "Save", tooltip="save the note to a file"),
        Binding("ctrl+l", "app.restore_version", "Restore",
                tooltip="back to your own text from before a draft"),
        Binding("f4", "app.show_message", "Message",
                tooltip="the first message after they accept"),
        Binding("f4", "app.show_note", "Note", tooltip="back to the invitation note"),
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
        yield KeysFooter()
