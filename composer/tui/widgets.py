"""The widgets of the main screen: the input panels, the counter, the candidates bar
and the findings list.

They only display what the app hands them (profiles, findings, candidates); none of
them reads a file or calls the core.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.markup import escape
from textual.widgets import Footer, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Document

from composer.core.contract import Candidate
from composer.core.findings import Finding
from composer.core.goals import Goal
from composer.core.profile import Profile

ICONS = {"error": "✖", "warning": "▲"}
# Muted text in markup is ``$foreground-muted``: ``$text-muted`` is "auto 60%", which
# content markup draws at full contrast (white on dark, black on light), not muted.


class KeysFooter(Footer):
    """Textual's footer, rebuilt only when the keys it shows change.

    Textual rebuilds the footer (a widget per key, each restyled twice) each time the
    focus moves or the app refreshes its bindings: nine times while the app starts and
    drafts, six of them for the same keys; a quarter of the start-up's CPU went there.
    """

    _shown: Hashable = None

    def _keys(self) -> Hashable:
        """What ``Footer.compose`` shows: the active bindings as the footer draws them."""
        if not self._bindings_ready:
            return None
        return self.show_command_palette, tuple(
            (key, binding.key, self.app.get_key_display(binding), binding.action,
             binding.description, binding.show, id(binding.group), enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
        )  # fmt: skip

    async def recompose(self) -> None:
        shown = self._keys()
        if shown is not None and shown == self._shown:
            return
        self._shown = shown
        await super().recompose()


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] or text[: width - 1]
    return cut.rstrip(" ,;:|-") + "…"


def finding_markup(finding: Finding, *, width: int | None = None) -> str:
    """One finding as ``✖ rule  message``, coloured by severity."""
    colour = "$error" if finding.is_error else "$warning"
    message = shorten(finding.message, width) if width else finding.message
    return f"[{colour}]{ICONS[finding.severity]} {finding.rule}[/]  {escape(message)}"


class ProfilePanel(Static):
    """The target's or the sender's summary: name, headline, language, audit findings."""

    def __init__(self, role: str, key: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="panel", markup=True)
        self.role = role
        self.key = key
        self.border_title = role.capitalize()
        self.border_subtitle = key
        self.show(None)

    def show(self, profile: Profile | None, audits: Sequence[Finding] = ()) -> None:
        if profile is None:
            self.update(f"[$foreground-muted]none yet: {self.key} loads one[/]")
            self.set_class(True, "-empty")
            self.tooltip = None
            return
        self.set_class(False, "-empty")
        language = profile.language or "?"
        guessed = "?" if profile.language_detected else ""
        lines = [f"[b]{escape(profile.name)}[/b] [$foreground-muted]· {language}{guessed}[/]"]
        if profile.headline:
            lines.append(f"[$foreground-muted]{escape(shorten(profile.headline, 46))}[/]")
        lines.extend(finding_markup(f, width=34) for f in audits)
        self.update("\n".join(lines))
        self.set_class(bool(audits), "-flagged")
        # The sidebar is narrow: the full headline and audit messages are a hover away.
        how = "guessed from the profile's text" if profile.language_detected else "stated"
        details = [
            profile.headline,
            f"language: {language} ({how})",
            *(f"{f.rule}: {f.message}" for f in audits),
        ]
        self.tooltip = "\n".join(d for d in details if d) or None


class GoalPanel(Static):
    """The goal: the preset's name and the sentence the note will use."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="panel", markup=True)
        self.border_title = "Goal"
        self.border_subtitle = "ctrl+g"

    def show(self, goal: Goal, language: str) -> None:
        if not goal:
            self.update("[$foreground-muted]none yet: ctrl+g to set one[/]")
            return
        preset = f"[b]{escape(goal.preset)}[/b]: " if goal.preset else ""
        self.update(preset + escape(shorten(goal.sentence(language), 70)))


class OptionsPanel(Static):
    """The options in one glance: limit, language (and Spanish register), engine,
    candidates."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="panel", markup=True)
        self.border_title = "Options"
        self.border_subtitle = "ctrl+o"

    def show(
        self,
        *,
        limit: int,
        language: str | None,
        engine: str,
        candidates: int,
        register: str | None = None,
    ) -> None:
        lang = language or "auto"
        # The Spanish register, when the user chose one: "usted" or "tú".
        lang += {"tu": " · tú", "usted": " · usted"}.get(register or "", "")
        self.update(
            f"limit [b]{limit}[/b] · lang [b]{escape(lang)}[/b]\n"
            f"[b]{escape(engine)}[/b]\n"
            f"{candidates} candidate{'s' * (candidates != 1)}"
        )


class Counter(Static):
    """``187/200``: warning colour above 90% of the limit, error colour past it."""

    def show(self, length: int, limit: int) -> None:
        self.update(f"{length}/{limit}")
        self.set_class(length > limit, "-over")
        self.set_class(limit * 0.9 < length <= limit, "-near")


class Verdict(Static):
    """What the checker thinks of the note in a few words."""

    def show(self, findings: Sequence[Finding], *, busy: str | None = None) -> None:
        if busy:
            self.update(f"[$foreground-muted]{escape(busy)}[/]")
            return
        errors = sum(1 for f in findings if f.is_error)
        warnings = len(findings) - errors
        if errors:
            text = f"[$error]✖ {errors} error{'s' * (errors != 1)}[/]"
            if warnings:
                text += f" [$warning]▲ {warnings}[/]"
            self.update(text)
        elif warnings:
            self.update(f"[$success]✓ can send[/] [$warning]▲ {warnings} to improve[/]")
        else:
            self.update("[$success]✓ ready to send[/]")


class NotesLeft(Static):
    """The notes left this month, or none left and what to do instead (hidden until the
    history has something to count)."""

    def show(self, text: str, *, none_left: bool) -> None:
        self.update(escape(text))
        self.set_class(none_left, "-none")
        self.display = True


class CandidateBar(Static):
    """The candidates of the last draft, each with its verdict; click one to use it."""

    def show(self, candidates: Sequence[Candidate], current: int) -> None:
        if len(candidates) < 2:
            self.update("")
            self.display = False
            return
        self.display = True
        # Which hook each note leans on (mutual, post, ...) helps choose when they differ;
        # it fits the bar for three.
        hooks = {c.hook for c in candidates}
        with_hooks = len(hooks) > 1 and None not in hooks and len(candidates) <= 3
        parts = []
        for i, cand in enumerate(candidates):
            errors = len(cand.report.errors)
            warnings = len(cand.report.warnings)
            if errors:
                mark = f"[$error]✖{errors}[/]"
            elif warnings:
                mark = f"[$warning]▲{warnings}[/]"
            else:
                mark = "[$success]✓[/]"
            hook = f" {escape(cand.hook)}" if with_hooks and cand.hook else ""
            label = f" {i + 1} {mark}{hook} "
            if i == current:
                label = f"[reverse]{label}[/reverse]"
            parts.append(f"[@click=app.use_candidate({i})]{label}[/]")
        self.update("candidates " + " ".join(parts))


class NoteEditor(TextArea):
    """The note's editor, with the span of every finding marked in the text: errors in
    the error colour, warnings in the warning colour, both underlined."""

    COMPONENT_CLASSES: ClassVar[set[str]] = TextArea.COMPONENT_CLASSES | {
        "note-editor--error",
        "note-editor--warning",
    }

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        # line -> (start column, end column or None for the line's end, severity)
        self.marks: dict[int, list[tuple[int, int | None, str]]] = {}

    def mark(self, findings: Sequence[Finding]) -> None:
        """Mark the spans of ``findings`` (offsets into the text as it is now)."""
        document = self.document
        assert isinstance(document, Document)  # a plain TextArea, not a syntax-aware one
        size = len(self.text)
        marks: dict[int, list[tuple[int, int | None, str]]] = {}
        # Warnings first, so an error drawn over the same characters wins.
        for finding in sorted(findings, key=lambda f: f.is_error):
            if finding.start is None or finding.end is None or finding.end <= finding.start:
                continue
            start_row, start_col = document.get_location_from_index(min(finding.start, size))
            end_row, end_col = document.get_location_from_index(min(finding.end, size))
            for row in range(start_row, end_row + 1):
                first = start_col if row == start_row else 0
                last = end_col if row == end_row else None
                marks.setdefault(row, []).append((first, last, finding.severity))
        if marks != self.marks:
            self.marks = marks
            self.notify_style_update()  # drops the cached lines, so they are drawn again
            self.refresh()

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        for start, end, severity in self.marks.get(line_index, ()):
            line.stylize(self.get_component_rich_style(f"note-editor--{severity}"), start, end)
        return line


class FindingsList(OptionList):
    """The checker's findings on the note as it is now; highlight one to see its span."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.findings: list[Finding] = []

    def show(
        self,
        findings: Sequence[Finding],
        audits: Sequence[Finding] = (),
        *,
        waiting: bool = False,
        what: str = "note",
    ) -> None:
        """The note's findings, then the profile audits (whole messages, no span).
        ``waiting``: a draft is streaming in; its findings come once it is whole.
        ``what``: "note", or "message" after acceptance."""
        highlighted = self.highlighted
        self.clear_options()
        if waiting:
            pending = f"[$foreground-muted]the {what} is checked once the draft is done[/]"
            self.add_option(Option(pending, disabled=True))
        elif not findings:
            nothing = f"[$foreground-muted]nothing to fix in the {what}[/]"
            self.add_option(Option(nothing, disabled=True))
        shown = [*findings, *audits]
        self.add_options(Option(finding_markup(f), id=f"finding-{i}") for i, f in enumerate(shown))
        self.findings = shown
        self.border_title = f"Findings ({len(findings)})" if findings else "Findings"
        if shown and highlighted is not None and self.has_focus:
            index = min(highlighted, self.option_count - 1)
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index

    def finding_at(self, index: int) -> Finding | None:
        """The finding the option at ``index`` shows (``None`` for the "nothing" line)."""
        option_id = self.get_option_at_index(index).id if index < self.option_count else None
        if option_id is None or not option_id.startswith("finding-"):
            return None
        return self.findings[int(option_id.removeprefix("finding-"))]
