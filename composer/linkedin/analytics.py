"""Acceptance figures from an imported export: the user's own evidence of what works.

``groupings(history) -> list[Grouping]`` (the shape of ``composer.history.stats``) for
outgoing invitations imported with ``compose import``: overall, with a note vs without,
by month sent, by note length, and by which checker rules the note broke. An
invitation counts as accepted when its invitee is among the connections on or after
the day it was sent (``network.accepted``); otherwise it counts as pending, since the
export cannot tell an ignored invitation from one not yet answered. With several exports
imported (each kept as a snapshot), an invitation one export listed and a later one no
longer lists, its invitee not a connection, counts as ignored (withdrawn, ignored or
expired: LinkedIn does not say which).

The checker runs over the notes here, not at import, so the figures follow the
current rules.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from composer.core.profile import Profile
from composer.history.stats import Bucket, Grouping, Stats
from composer.linkedin.network import OUTGOING, ConnectionIndex, Invitation, accepted
from composer.linkedin.store import (
    gone_from_later_exports,
    stored_connections,
    stored_invitations,
)

if TYPE_CHECKING:
    from composer.core.findings import Report
    from composer.history import History

# Notes were already sent, so LinkedIn accepted their length: check against the Premium
# limit so that a 250-character note is not reported as too long.
SENT_NOTE_LIMIT = 300
LENGTH_BUCKETS = ((1, 100), (101, 200), (201, 300))
NO_NOTE = "no note"
NO_FINDINGS = "no findings"
UNJUDGED_RULES = frozenset({"unsupported-claim"})


@dataclass(frozen=True, slots=True)
class Outcome:
    invitation: Invitation
    accepted: bool
    gone: bool = False  # a later export no longer lists it: withdrawn, ignored or expired

    @property
    def state(self) -> str:
        if self.accepted:
            return "accepted"
        return "ignored" if self.gone else "pending"


def outcomes(
    invitations: Iterable[Invitation], index: ConnectionIndex, gone: Collection[str] = ()
) -> list[Outcome]:
    """Each outgoing invitation with whether it was accepted, or (``gone``: the keys
    ``store.gone_from_later_exports`` gives) dropped from a later export unanswered."""
    return [
        Outcome(inv, ok, gone=not ok and inv.key() in gone)
        for inv in invitations
        if inv.direction == OUTGOING
        for ok in (accepted(inv, index),)
    ]


def export_outcomes(history: History) -> list[Outcome]:
    """The outcomes of every imported outgoing invitation, across all the exports."""
    index = ConnectionIndex(stored_connections(history))
    return outcomes(stored_invitations(history, OUTGOING), index, gone_from_later_exports(history))


def groupings(
    history: History,
    check: Callable[..., Report] | None = None,
    sender: Profile | None = None,
) -> list[Grouping]:
    """The stats groupings for the imported invitations ([] when nothing was imported).
    ``sender`` is the user's own profile (``compose stats --from``), which lets the checker
    see that a note naming their company or role introduces them."""
    items = export_outcomes(history)
    if not items:
        return []
    return compute(items, check, sender)


def stats(history: History, sender: Profile | None = None) -> Stats:
    """``compose stats``: the history's figures and, after them, the imported
    invitations' (``sender``: see ``groupings``)."""
    from composer.history.stats import compute as history_stats

    return history_stats(history, extra=groupings(history, sender=sender))


def compute(
    items: list[Outcome],
    check: Callable[..., Report] | None = None,
    sender: Profile | None = None,
) -> list[Grouping]:
    if check is None:
        from composer.checker import check_note

        check = check_note
    return [
        _overall(items),
        _group("linkedin_with_note", "LinkedIn export: with a note vs without", items,
               lambda o: ["with note" if o.invitation.message else "without note"],
               order=["with note", "without note"]),
        _group("linkedin_month", "LinkedIn export: by month sent", items,
               lambda o: [_month(o.invitation)], sort_labels=True),
        _group("linkedin_length", "LinkedIn export: by note length (characters)", items,
               lambda o: [length_bucket(o.invitation.message)],
               order=[NO_NOTE, *(f"{a}-{b}" for a, b in LENGTH_BUCKETS), "over 300"]),
        _group("linkedin_rules", "LinkedIn export: by checker rule the note broke",
               [o for o in items if o.invitation.message],
               lambda o: _rules(o.invitation, check, sender)),
    ]  # fmt: skip


def length_bucket(message: str) -> str:
    """``"no note"``, ``"1-100"``, ``"101-200"``, ``"201-300"`` or ``"over 300"``,
    counted in UTF-16 units as LinkedIn counts."""
    from composer.checker import utf16_len

    n = utf16_len(message)
    if n == 0:
        return NO_NOTE
    for low, high in LENGTH_BUCKETS:
        if low <= n <= high:
            return f"{low}-{high}"
    return "over 300"


def _overall(items: list[Outcome]) -> Grouping:
    bucket = Bucket("outgoing invitations")
    for o in items:
        bucket.add(o.state)
    return Grouping("linkedin_overall", "LinkedIn export: all outgoing invitations", [bucket])


def _group(
    key: str,
    title: str,
    items: list[Outcome],
    labels: Callable[[Outcome], list[str]],
    *,
    order: list[str] | None = None,
    sort_labels: bool = False,
) -> Grouping:
    buckets: dict[str, Bucket] = {name: Bucket(name) for name in order or []}
    for o in items:
        for label in labels(o):
            buckets.setdefault(label, Bucket(label)).add(o.state)
    kept = [b for b in buckets.values() if b.invited]
    if sort_labels:
        kept.sort(key=lambda b: b.label)
    elif order is None:
        kept.sort(key=lambda b: (-b.invited, b.label))
    return Grouping(key, title, kept)


def _month(invitation: Invitation) -> str:
    return invitation.sent_on.strftime("%Y-%m") if invitation.sent_on else "unknown date"


def _rules(
    invitation: Invitation, check: Callable[..., Report], user: Profile | None = None
) -> list[str]:
    # The export names both people and nothing more. The sender's name lets "Marta here,
    # ..." count as an introduction (the user's own profile, when given, adds their role
    # and company); with only the invitee's name known, a company the note cites cannot be
    # told from an invented one, so unsupported-claim is not judged.
    target = Profile(name=invitation.recipient or "?")
    sender = user or (Profile(name=invitation.sender) if invitation.sender else None)
    report = check(invitation.message, target=target, sender=sender, limit=SENT_NOTE_LIMIT)
    rules = sorted(report.rules() - UNJUDGED_RULES)
    return rules or [NO_FINDINGS]
