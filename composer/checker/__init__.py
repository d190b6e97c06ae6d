"""The rule checker: ``check_note(note, target, sender, goal, limit) -> Report``.

Every rule of the catalogue in ADVICE.md (slugs and severities in
``composer.core.findings.NOTE_RULES``), for English and Spanish notes; other languages are
detected and reported. Rules are declared in ``composer.checker.rules``; their word
lists and patterns are data in ``composer/text/data/*.toml``. Fast enough to run
on every keystroke; imports nothing beyond the standard library and Composer's core.
"""

from __future__ import annotations

from functools import cache

from composer.checker.note import Note, prepare
from composer.checker.rules import RULES, Check, Rule
from composer.core.findings import MESSAGE_LIMIT, Finding, Report
from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.text import lexicon
from composer.text.normalize import utf16_cut, utf16_len

__all__ = ["MAX_CHECKED", "RULES", "Rule", "check_message", "check_note", "utf16_len"]

# A note is 300 characters at most; past this the rules look no further (the note is
# far over the limit anyway, and a pasted book must not freeze the UI).
MAX_CHECKED = 10_000


def check_note(
    note: str,
    target: Profile | None = None,
    sender: Profile | None = None,
    goal: Goal | str | None = None,
    limit: int = 200,
) -> Report:
    """Check ``note`` against every rule; target-dependent rules need ``target``.

    ``Report.length`` counts UTF-16 code units after normalising line endings, as
    LinkedIn's text box does; finding spans are offsets into ``note`` as given.
    """
    return _check(note, target, sender, goal, limit, "note", None)


def check_message(
    message: str,
    target: Profile | None = None,
    sender: Profile | None = None,
    goal: Goal | str | None = None,
    limit: int = MESSAGE_LIMIT,
    note: str | None = None,
) -> Report:
    """Check a first message after acceptance: the note rules that apply to a message
    (``MESSAGE_NOTE_RULES``) plus ``no-ask``, ``multiple-asks`` and ``repeats-note``;
    ``note`` is the invitation note they accepted, when known."""
    return _check(message, target, sender, goal, limit, "message", note)


def _check(
    note: str,
    target: Profile | None,
    sender: Profile | None,
    goal: Goal | str | None,
    limit: int,
    kind: str,
    previous: str | None,
) -> Report:
    length = utf16_len(note)
    report = Report(length=length, limit=limit)
    if not note.strip():
        what = "an invitation" if kind == "note" else "a message"
        report.findings.append(
            RULES["empty"].finding(f"write a {kind}: {what} without one is ignored")
        )
        return report
    if length > limit:
        cut = utf16_cut(note, limit)
        report.findings.append(
            RULES["too-long"].finding(
                # Kept short and stable: the UI shows it (and its snapshot tests too).
                f"{length}/{limit} characters: cut {length - limit} (from here on does not fit)",
                cut,
                len(note),
            )
        )
    prepared = prepare(note[:MAX_CHECKED], target, sender, goal)
    prepared.previous = previous
    report.language = prepared.language
    findings = report.findings
    for check in _checks(target is not None, prepared.full, kind):
        findings.extend(check(prepared))
    language_finding = _language_mismatch(prepared, target)
    if language_finding is not None:
        findings.append(language_finding)
    if len(findings) > 1:
        findings.sort(key=_order)
    return report


# Decided in check_note itself, which knows the limit and the target's language.
_BUILT_IN = frozenset({"empty", "too-long", "language-mismatch"})


@cache
def _checks(has_target: bool, full: bool, kind: str = "note") -> tuple[Check, ...]:
    """The rule functions that apply, in catalogue order (worked out once per case)."""
    return tuple(
        rule.check
        for rule in RULES.values()
        if rule.slug not in _BUILT_IN
        and kind in rule.kinds
        and (has_target or not rule.needs_target)
        and (full or not rule.content)
    )


def _order(finding: Finding) -> tuple[int, int]:
    return (0 if finding.is_error else 1, finding.start if finding.start is not None else -1)


def _language_mismatch(note: Note, target: Profile | None) -> Finding | None:
    language = note.language
    if language is None:
        return None
    wanted = target.language if target is not None else None
    if note.full and (not wanted or wanted == language):
        return None  # the common case: an English or Spanish note for its reader
    name = lexicon.language_name(language)
    if not note.full:
        # Not English or Spanish: say so rather than judging it with the wrong words.
        skipped = "self-intro, reason and claim rules were not checked"
        if wanted and wanted != language:
            message = (
                f"the note reads as {name} but {target.name if target else 'the target'}'s "
                f"profile is in {lexicon.language_name(wanted)}: write it in "
                f"{lexicon.language_name(wanted)} ({skipped})"
            )
        else:
            message = (
                f"the note reads as {name}: only English and Spanish notes are fully "
                f"checked ({skipped})"
            )
        return RULES["language-mismatch"].finding(message)
    if wanted and wanted != language and target is not None:
        return RULES["language-mismatch"].finding(
            f"the note reads as {name} but {target.name}'s profile is in "
            f"{lexicon.language_name(wanted)}: write it in {lexicon.language_name(wanted)}"
        )
    return None
