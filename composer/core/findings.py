"""The one diagnostic shape used everywhere: a Finding, and the Report that holds them.

The rule checker, the profile audits and invitation triage all produce Findings,
and the CLI, the JSON output and the UI all read them. Keep this module free of
imports beyond the standard library: it is on the hot path of every keystroke.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's verdict on a note or a profile.

    ``start``/``end`` are offsets into the note as a Python string (code points),
    ``None`` when the finding concerns the whole note or a profile.
    """

    rule: str
    severity: Severity
    message: str
    start: int | None = None
    end: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class Report:
    """The checker's verdict on one note."""

    findings: list[Finding] = field(default_factory=list)
    length: int = 0
    limit: int = 200
    language: str | None = None

    @property
    def ok(self) -> bool:
        """True when no finding is an error: the note may be sent as is."""
        return not any(f.is_error for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}

    def to_dict(self) -> dict[str, Any]:
        return {
            "length": self.length,
            "limit": self.limit,
            "language": self.language,
            "ok": self.ok,
            "findings": [f.to_dict() for f in self.findings],
        }


# The catalogue of ADVICE.md: slug -> (severity, what it means). A contract: the
# slugs and severities are relied on by tests, JSON consumers and saved history.
NOTE_RULES: dict[str, tuple[Severity, str]] = {
    "empty": ("error", "the note is empty or only whitespace"),
    "too-long": ("error", "the note exceeds the account's limit (UTF-16 units)"),
    "default-message": ("error", "the note is LinkedIn's default invitation text"),
    "no-self-intro": ("error", "the note never says who the sender is"),
    "no-reason": ("error", "the note gives no concrete reason about this person"),
    "asks-for-invite": ("error", "the note asks the target to send the invitation"),
    "sales-pitch": ("error", "the note offers products, services, prices or demos"),
    "placeholder": ("error", "the note still holds a template slot"),
    "wrong-name": ("error", "the note greets someone who is not the target"),
    "no-greeting": ("warning", "the note does not open with a greeting or the name"),
    "contact-info": ("warning", "the note contains a URL, e-mail address or phone number"),
    "language-mismatch": ("warning", "the note is not in the target profile's language"),
    "shouting": ("warning", "ALL-CAPS words, '!!' or a pile of emoji"),
    "cliche": ("warning", "stock filler phrases"),
    "unsupported-claim": ("warning", "names a company, school, event or person found nowhere"),
    "hidden-characters": (
        "error",
        "holds control, zero-width or bidirectional-override characters",
    ),
}

# Rules only for a first message after acceptance (ADVICE.md, last paragraph of the
# catalogue). A message is also checked by the note rules in ``MESSAGE_NOTE_RULES``.
MESSAGE_RULES: dict[str, tuple[Severity, str]] = {
    "no-ask": ("warning", "the message asks no clear question and proposes no next step"),
    "multiple-asks": ("warning", "the message asks more than one thing"),
    "repeats-note": ("warning", "the message restates the invitation note"),
}

# The note rules that also apply to a message: who you are and why you wrote were said
# in the note they accepted, and they are already connected (no invite to ask for).
MESSAGE_NOTE_RULES: frozenset[str] = frozenset(
    {
        "empty",
        "too-long",
        "placeholder",
        "wrong-name",
        "no-greeting",
        "sales-pitch",
        "contact-info",
        "cliche",
        "shouting",
        "language-mismatch",
        "hidden-characters",
        "unsupported-claim",
    }
)

# LinkedIn's limits for a message: Composer's default, and the most a message may hold.
MESSAGE_LIMIT = 600
MESSAGE_MAX = 8000

PROFILE_RULES: dict[str, tuple[Severity, str]] = {
    "sender-incomplete": (
        "warning",
        "the sender's profile lacks photo, headline, summary or experience",
    ),
    "target-unrelated": ("warning", "nothing in the target relates to the sender or the goal"),
    "ghost-profile": ("warning", "the inviter's profile is incomplete or unknown"),
    "company-as-person": ("warning", "a company name used as a person's name"),
    "not-personalized": ("warning", "the invitation has no note or the default text"),
    "no-common-ground": ("warning", "the inviter shares nothing with the user"),
    "already-connected": (
        "warning",
        "the history or an imported export says you are already connected",
    ),
    "already-invited": ("warning", "an invitation to them is still pending"),
}
