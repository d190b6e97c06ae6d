"""The rule checker: ``check_note(note, target, sender, goal, limit) -> Report``.

Every rule of the catalogue in ADVICE.md (slugs and severities in
``composer.core.findings.NOTE_RULES``), for English and Spanish notes; other languages are
detected and reported. Rules are declared in ``composer.checker.rules``; their word
lists and patterns are data in ``composer/text/data/*.toml``. Fast enough to run
on every keystroke; imports nothing beyond the standard library and Composer's core.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from composer.checker.note import Note, prepare
from composer.checker.rules import RULES, Check, Rule, default_span
from composer.core.contract import DraftRequest
from composer.core.findings import MESSAGE_LIMIT, Finding, Report
from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.text import lexicon
from composer.text.normalize import needs_normalising, normalise, utf16_cut, utf16_len

__all__ = [
    "MAX_CHECKED",
    "RULES",
    "Rule",
    "check_draft",
    "check_message",
    "check_note",
    "utf16_len",
]

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


def check_draft(text: str, request: DraftRequest) -> Report:
    """Check ``text`` as what ``request`` asks for: a note (``check_note``), or a
    follow-up message (``check_message``, against the note they accepted)."""
    r = request
    if r.kind == "follow-up":
        return check_message(text, r.target, r.sender, r.goal, r.limit, r.accepted_note)
    return check_note(text, r.target, r.sender, r.goal, r.limit)


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
    checked = note[:MAX_CHECKED]
    hidden = _hidden_characters(checked)
    if hidden is not None:
        report.findings.append(hidden)
    # The rules read the note as a reader sees it: NFKC, hidden characters gone,
    # look-alike letters folded ("5\u200b0% o\u200bff" is "50% off").
    origin: list[int] | None = None
    if needs_normalising(checked):
        checked, origin = normalise(checked)
    prepared = prepare(checked, target, sender, goal)
    prepared.previous = previous
    report.language = prepared.language
    findings = report.findings
    for check in _checks(target is not None, prepared.full, kind):
        if origin is None:
            findings.extend(check(prepared))
        else:
            findings.extend(_in_original(f, origin, len(note)) for f in check(prepared))
    language_finding = _language_mismatch(prepared, target)
    if language_finding is not None:
        findings.append(language_finding)
    if len(findings) > 1:
        findings.sort(key=_order)
    return report


# Decided in check_note itself, which knows the limit, the target's language and the
# note as written.
_BUILT_IN = frozenset({"empty", "too-long", "language-mismatch", "hidden-characters"})

# C0 and C1 controls but tab and newline (and CR before LF), DEL, zero-width
# characters, bidi marks, embeddings, overrides and isolates, BOM, soft hyphen.
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u061c\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\r(?!\n)"
)


def _hidden_characters(text: str) -> Finding | None:
    if text.isprintable() or (text.isascii() and text.replace("\n", "").isprintable()):
        return None  # the common note: no control character at all
    found = []
    for match in _HIDDEN.finditer(text):
        at = match.start()
        ch = text[at]
        if ch == "\u200d" and _joins_emoji(text, at):
            continue  # the joiner inside an emoji sequence such as 👩‍💻
        found.append(at)
    if not found:
        return None
    first = text[found[0]]
    try:
        what = unicodedata.name(first)
    except ValueError:
        what = "control character"
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    return RULES["hidden-characters"].finding(
        f"U+{ord(first):04X} ({what.lower()}){more}: a character the reader cannot see "
        "(it can hide or reorder words); retype the note or paste it as plain text",
        found[0],
        found[0] + 1,
    )


def _joins_emoji(text: str, at: int) -> bool:
    before = text[at - 1 : at]
    after = text[at + 1 : at + 2]
    return (
        bool(before)
        and bool(after)
        and before > "\u2000"
        and after > "\u2000"
        and not before.isalpha()
        and not after.isalpha()
    )


def _in_original(finding: Finding, origin: list[int], length: int) -> Finding:
    """A finding on the normalised note, its span moved back onto the note as written."""
    start, end = finding.start, finding.end
    if start is None:
        return finding
    new_start = origin[start] if start < len(origin) else length
    new_end = origin[end - 1] + 1 if end is not None and 0 < end <= len(origin) else new_start
    return Finding(
        finding.rule, finding.severity, finding.message, new_start, max(new_start, new_end)
    )


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
        if default_span(note) is not None:
            # LinkedIn's default text is judged in any language: it introduces nobody
            # and gives no reason, and no-self-intro and no-reason say so.
            skipped = (
                "it is LinkedIn's default text, so it has no introduction and no "
                "reason; the claim rules were not checked"
            )
        else:
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
