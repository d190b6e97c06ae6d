"""The rule checker: ``check_note(note, target, ...) -> Report``.

INTERIM: only `empty` and `too-long` are implemented; the full catalogue lands next.
"""

from __future__ import annotations

from composer.findings import Finding, Report
from composer.goals import Goal
from composer.profile import Profile


def utf16_len(text: str) -> int:
    """Length as a browser text box counts it: UTF-16 code units, CRLF as one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def check_note(
    note: str,
    target: Profile | None = None,
    sender: Profile | None = None,
    goal: Goal | str | None = None,
    limit: int = 200,
) -> Report:
    length = utf16_len(note)
    findings: list[Finding] = []
    if not note.strip():
        findings.append(Finding("empty", "error", "write a note: an invitation without one is ignored"))
    if length > limit:
        findings.append(
            Finding("too-long", "error", f"{length}/{limit} characters: shorten it", limit, len(note))
        )
    return Report(findings=findings, length=length, limit=limit)
