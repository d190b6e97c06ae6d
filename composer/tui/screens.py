"""The dialogs: load a profile, set the goal, change the options, save the note, quit
with an edit not taken, help.

Each dialog is a ``ModalScreen`` that dismisses with what the user chose (or ``None``
on escape); the app does the work (loading, drafting, writing) in its workers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Label, Select, Static

from composer.config.settings import MAX_CANDIDATES
from composer.core.goals import PRESETS, Goal
from composer.drafting.engine import AUTO, ENGINES

PROFILE_SUFFIXES = (".json", ".zip")


def is_export_folder(path: Path) -> bool:
    """A LinkedIn data export unpacked: a folder holding ``Profile.csv``."""
    return (path / "Profile.csv").is_file()


class ProfileTree(DirectoryTree):
    """A directory tree showing folders and the files a profile can be read from;
    selecting an export folder (one holding ``Profile.csv``) picks it."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in PROFILE_SUFFIXES)
        ]


class Dialog(ModalScreen[Any]):
    """Escape closes any dialog without a result."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)


class ProfileScreen(Dialog):
    """Type a path or pick a file or an export folder in the tree; dismisses with the
    chosen ``Path``."""

    def __init__(self, role: str, start: Path, current: Path | None = None) -> None:
        super().__init__()
        self.role = role
        self.start = start
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="profile-dialog") as box:
            box.border_title = f"Load the {self.role}'s profile"
            yield Static(
                "Path to a profile (.json, JSON Resume, LinkedIn export folder or .zip):",
                classes="prompt",
            )
            yield Input(
                value=str(self.current) if self.current else "",
                placeholder="e.g. examples/profiles/priya-shah.json",
                id="path",
            )
            yield ProfileTree(self.start, id="tree")
            yield Static(
                "enter loads · tab to the tree · escape cancels",
                classes="hint",
            )

    @on(Input.Submitted, "#path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value:
            self.dismiss(Path(value).expanduser())

    @on(DirectoryTree.FileSelected)
    def _file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(event.path)

    @on(DirectoryTree.DirectorySelected)
    def _directory_selected(self, event: DirectoryTree.DirectorySelected) -> None:
        # Any other folder just opens in the tree; an export folder is a profile.
        if is_export_folder(event.path):
            self.dismiss(event.path)


class GoalScreen(Dialog):
    """A preset and/or the goal in the user's words; dismisses with a ``Goal``."""

    def __init__(self, goal: Goal) -> None:
        super().__init__()
        self.goal = goal

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="goal-dialog") as box:
            box.border_title = "What do you want from this connection?"
            with Horizontal(classes="field"):
                yield Label("Preset", classes="label")
                yield Select(
                    [(name, name) for name in PRESETS],
                    prompt="none",
                    value=self.goal.preset or Select.NULL,
                    compact=True,
                    id="preset",
                )
            yield Static(self._summary(self.goal.preset), id="preset-summary", classes="hint")
            with Horizontal(classes="field"):
                yield Label("In words", classes="label")
                yield Input(
                    value=self.goal.text,
                    placeholder="e.g. ask about the data platform team",
                    compact=True,
                    id="goal-text",
                )
            with Horizontal(classes="buttons"):
                yield Button("Set goal", variant="primary", id="ok", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @staticmethod
    def _summary(preset: str | None) -> str:
        if not preset or preset not in PRESETS:
            return "no preset: the note uses your words only"
        return escape(PRESETS[preset].summary)

    @on(Select.Changed, "#preset")
    def _preset_changed(self, event: Select.Changed) -> None:
        preset = event.value if isinstance(event.value, str) else None
        self.query_one("#preset-summary", Static).update(self._summary(preset))

    @on(Input.Submitted, "#goal-text")
    @on(Button.Pressed, "#ok")
    def _accept(self) -> None:
        preset = self.query_one("#preset", Select).value
        text = self.query_one("#goal-text", Input).value.strip()
        self.dismiss(Goal(text=text, preset=preset if isinstance(preset, str) else None))


@dataclass(frozen=True, slots=True)
class Options:
    """What the options dialog returns."""

    limit: int
    language: str | None
    engine: str
    candidates: int
    model: str | None = None
    register: str | None = None  # Spanish "tu" or "usted"; None: automatic


class OptionsScreen(Dialog):
    """Limit, language, Spanish register, engine (and model), number of candidates."""

    def __init__(self, current: Options, *, has_model: bool) -> None:
        super().__init__()
        self.current = current
        self.has_model = has_model

    def compose(self) -> ComposeResult:
        cur = self.current
        with Vertical(classes="dialog", id="options-dialog") as box:
            box.border_title = "Options"
            yield from self._field(
                "Limit",
                Select(
                    [("200 (free account)", 200), ("300 (Premium)", 300)],
                    value=cur.limit, allow_blank=False, compact=True, id="limit",
                ),
            )  # fmt: skip
            yield from self._field(
                "Language",
                Select(
                    [("the target's", "auto"), ("English", "en"), ("Spanish", "es")],
                    value=cur.language or "auto", allow_blank=False, compact=True, id="language",
                ),
            )  # fmt: skip
            yield from self._field(
                "Spanish",
                Select(
                    [("automatic", "auto"), ("tú", "tu"), ("usted", "usted")],
                    value=cur.register or "auto", allow_blank=False, compact=True, id="register",
                ),
            )  # fmt: skip
            yield from self._field(
                "Engine",
                Select(
                    [("auto (LLM if configured)", AUTO), *((n, n) for n in ENGINES)],
                    value=cur.engine if cur.engine in (AUTO, *ENGINES) else AUTO,
                    allow_blank=False, compact=True, id="engine",
                ),
            )  # fmt: skip
            if self.has_model:
                yield from self._field(
                    "Model",
                    Input(value=cur.model or "", placeholder="default", compact=True, id="model"),
                )
            yield from self._field(
                "Candidates",
                Select(
                    [(str(n), n) for n in range(1, MAX_CANDIDATES + 1)],
                    value=min(max(cur.candidates, 1), MAX_CANDIDATES),
                    allow_blank=False, compact=True, id="candidates",
                ),
            )  # fmt: skip
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="ok", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @staticmethod
    def _field(label: str, widget: Select[Any] | Input) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label(label, classes="label")
            yield widget

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _accept(self) -> None:
        model = self.query_one("#model", Input).value.strip() if self.has_model else None
        self.dismiss(
            Options(
                limit=int(str(self._value("#limit"))),
                language=self._value("#language") if self._value("#language") != "auto" else None,
                engine=str(self._value("#engine")),
                candidates=int(str(self._value("#candidates"))),
                model=model or None,
                register=self._value("#register") if self._value("#register") != "auto" else None,
            )
        )

    def _value(self, selector: str) -> str:
        """A select's value as text (none of these selects allows a blank)."""
        return str(self.query_one(selector, Select).value)


class SaveScreen(Dialog):
    """Ask where to save the note; dismisses with the ``Path``."""

    def __init__(self, suggestion: Path) -> None:
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="save-dialog") as box:
            box.border_title = "Save the note"
            yield Label("File to write (replaced if it exists):")
            yield Input(value=str(self.suggestion), id="save-path")
            yield Static("enter saves · escape cancels", classes="hint")

    @on(Input.Submitted, "#save-path")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(Path(event.value.strip()).expanduser())


class QuitScreen(Dialog):
    """Quit with an edited note nobody took? One key: dismisses True to quit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "cancel", "Stay"),
        Binding("y", "quit", "Quit"),  # ctrl+q, the app's, quits here too
    ]

    def __init__(self, what: str = "the note") -> None:
        super().__init__()
        self.what = what  # "the note", "the message" (after acceptance), or both

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="quit-dialog") as box:
            box.border_title = "Quit?"
            yield Label(f"You edited {self.what} and neither copied nor saved it:")
            yield Label("quitting loses the edit.")
            yield Static("y or ctrl+q quits · escape stays", classes="hint")

    def action_quit(self) -> None:
        self.dismiss(True)


class HelpScreen(Dialog):
    """Every key of the app, built from its bindings so it cannot fall out of date."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("f1", "cancel", "Close", show=False),
        Binding("q", "cancel", "Close", show=False),
    ]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help-dialog") as box:
            box.border_title = "Keys"
            box.border_subtitle = "escape closes"
            width = max(len(k) for k, _ in self.keys) + 2
            lines = [
                f"[b $accent]{escape(key):<{width}}[/] {escape(what)}" for key, what in self.keys
            ]
            yield Static("\n".join(lines), id="help-keys")
