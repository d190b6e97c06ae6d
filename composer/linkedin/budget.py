"""The note budget, the weekly pace and the invitations left pending.

``sent_invitations(history, tz)`` lists every invitation the user sent, once: the notes
marked with ``compose mark ID sent`` (with or without ``--without-note``; accepted,
ignored and withdrawn ones too) and the outgoing invitations of imported exports. An
export's invitation to a person whose note was marked within a day of it is the same
invitation, counted once (from the history, which knows the hour).

``compute_budget(history, account, now)``: the notes used this calendar month and those
left, the invitations of the last 7 days against the weekly limit, the pending ones and
those older than 3 weeks, and when the next note is available. Months and weeks are the
user's local time (``now``'s time zone): a note sent at 00:30 on the 1st in Madrid counts
in the new month although it is still the last day of the old one in UTC.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from composer.config.settings import Account
from composer.core.errors import ComposerError
from composer.history import History, Record
from composer.linkedin.network import OUTGOING, ConnectionIndex, accepted
from composer.linkedin.store import (
    gone_from_later_exports,
    stored_connections,
    stored_invitations,
)
from composer.text.normalize import match_key

WEEK = timedelta(days=7)
STALE_AFTER = timedelta(weeks=3)  # LinkedIn blocks re-inviting for about 3 weeks
SAME_INVITATION = timedelta(days=1)  # an export's date has no hour or time zone


@dataclass(frozen=True, slots=True)
class Sent:
    """One invitation the user sent."""

    name: str
    person: str  # the normalised profile URL, else ""
    at: datetime  # aware, in the user's time zone (an export's day at 00:00)
    with_note: bool
    source: str  # "history" or "export"
    pending: bool  # no answer known: neither accepted, ignored nor withdrawn
    record_id: int | None = None

    def waited(self, now: datetime) -> timedelta:
        return now - self.at

    def to_dict(self, now: datetime) -> dict[str, Any]:
        return {
            "name": self.name,
            "url": self.person,
            "sent_at": self.at.isoformat(timespec="minutes"),
            "days_pending": self.waited(now).days,
            "with_note": self.with_note,
            "source": self.source,
            "id": self.record_id,
        }


def _local(stamp: str, tz: tzinfo) -> datetime:
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:  # the history writes UTC; be safe with older rows
        moment = moment.replace(tzinfo=datetime.now().astimezone().tzinfo)
    return moment.astimezone(tz)


def _from_history(record: Record, tz: tzinfo, connected: ConnectionIndex) -> Sent:
    at = _local(record.sent_at or record.created_at, tz)
    pending = record.outcome == "sent" and not connected.connected(
        record.target_name, record.target_id if "/" in record.target_id else "", at.date()
    )
    return Sent(
        name=record.target_name,
        person=record.target_id if "/" in record.target_id else "",
        at=at,
        with_note=record.with_note,
        source="history",
        pending=pending,
        record_id=record.id,
    )


def sent_invitations(history: History, tz: tzinfo) -> list[Sent]:
    """Every invitation sent, oldest first, each once (see the module's docstring)."""
    index = ConnectionIndex(stored_connections(history))
    marked = [
        _from_history(r, tz, index)
        for r in history.iter_records(newest_first=False)
        if r.outcome is not None
    ]
    by_person: dict[str, list[Sent]] = {}
    for sent in marked:
        for key in (sent.person, match_key(sent.name)):
            if key:
                by_person.setdefault(key, []).append(sent)
    out = list(marked)
    gone = gone_from_later_exports(history)
    for invitation in stored_invitations(history, OUTGOING):
        day = invitation.sent_on
        if day is None:
            continue  # no date: it cannot count in a month or a week
        at = datetime.combine(day, time(0, 0), tzinfo=tz)
        same = [
            s
            for key in (invitation.recipient_url, match_key(invitation.recipient))
            if key
            for s in by_person.get(key, [])
            if abs(s.at.date() - day) <= SAME_INVITATION
        ]
        if same:
            continue  # marked with compose mark too: counted once, from the history
        later = [
            s
            for s in by_person.get(invitation.recipient_url or match_key(invitation.recipient), [])
            if s.at.date() > day
        ]  # fmt: skip
        out.append(
            Sent(
                name=invitation.recipient,
                person=invitation.recipient_url,
                at=at,
                with_note=bool(invitation.message.strip()),
                source="export",
                # Answered when they became a connection, or a later note was marked;
                # gone when a later export no longer lists it (withdrawn, ignored, expired).
                pending=not accepted(invitation, index)
                and not later
                and invitation.key() not in gone,
            )
        )
    return sorted(out, key=lambda s: s.at)


@dataclass(slots=True)
class Budget:
    tier: str
    note_limit: int
    notes_per_month: int | None
    notes_used_this_month: int
    invitations_last_7_days: int
    weekly_limit: int
    pending: list[Sent]
    now: datetime
    stale_after: timedelta = STALE_AFTER
    known: int = 0  # invitations counted in all (0: nothing marked or imported yet)

    @property
    def notes_left(self) -> int | None:
        """Notes left this month; None without a monthly limit."""
        if self.notes_per_month is None:
            return None
        return max(self.notes_per_month - self.notes_used_this_month, 0)

    @property
    def invitations_left_this_week(self) -> int:
        return max(self.weekly_limit - self.invitations_last_7_days, 0)

    @property
    def stale(self) -> list[Sent]:
        """Pending longer than ``stale_after``, oldest first."""
        return [s for s in self.pending if s.waited(self.now) > self.stale_after]

    @property
    def next_note(self) -> datetime:
        """When a note can next be sent: now, or the first day of next month."""
        if self.notes_left is None or self.notes_left > 0:
            return self.now
        return _next_month(self.now)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tier": self.tier,
            "note_limit": self.note_limit,
            "notes_per_month": self.notes_per_month,
            "notes_used_this_month": self.notes_used_this_month,
            "notes_left": self.notes_left,
            "next_note_available": self.next_note.isoformat(timespec="minutes"),
            "invitations_last_7_days": self.invitations_last_7_days,
            "weekly_limit": self.weekly_limit,
            "invitations_left_this_week": self.invitations_left_this_week,
            "pending": len(self.pending),
            "pending_over_3_weeks": len(self.stale),
            "now": self.now.isoformat(timespec="minutes"),
        }


def _month_start(now: datetime) -> datetime:
    return datetime.combine(now.date().replace(day=1), time(0, 0), tzinfo=now.tzinfo)


def _next_month(now: datetime) -> datetime:
    first = now.date().replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return datetime.combine(following, time(0, 0), tzinfo=now.tzinfo)


def local_now(now: datetime | None = None) -> datetime:
    """``now`` (it must be aware), or the current time in the user's time zone."""
    if now is None:
        return datetime.now().astimezone()
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now


def budget_from(sent: Iterable[Sent], account: Account, now: datetime) -> Budget:
    sent = list(sent)
    month = _month_start(now)
    assert now.tzinfo is not None
    return Budget(
        tier=account.tier,
        note_limit=account.note_limit,
        notes_per_month=account.notes_per_month,
        notes_used_this_month=sum(
            1 for s in sent if s.with_note and month <= s.at.astimezone(now.tzinfo) <= now
        ),
        invitations_last_7_days=sum(1 for s in sent if now - WEEK < s.at <= now),
        weekly_limit=account.weekly_invites,
        pending=[s for s in sent if s.pending and s.at <= now],
        now=now,
        known=len(sent),
    )


def compute_budget(history: History, account: Account, now: datetime | None = None) -> Budget:
    """The budget as of ``now`` (default: the current local time)."""
    moment = local_now(now)
    assert moment.tzinfo is not None
    return budget_from(sent_invitations(history, moment.tzinfo), account, moment)


FOLLOW_UP = "compose follow-up drafts that first message"


def budget_notice(budget: Budget) -> str:
    """What drafting says about the budget: the notes left, or none left and what to do."""
    if budget.notes_left is None:
        return f"note budget: no monthly limit ({budget.tier})"
    if budget.notes_left > 0:
        return f"note budget: {budget.notes_left} of {budget.notes_per_month} notes left this month"
    when = budget.next_note
    return (
        f"note budget: no notes left this month ({budget.notes_used_this_month} used of "
        f"{budget.notes_per_month}; the next on {when:%Y-%m-%d}): send the invitation "
        f"without a note now, and when they accept, send this text as your first message "
        f"({FOLLOW_UP})"
    )


def budget_status(budget: Budget) -> str:
    """The one line the UI shows under the verdict: the notes left, or none left and the
    alternative (an invitation without a note, then ``compose follow-up``)."""
    if budget.notes_left is None:
        return f"notes: no monthly limit ({budget.tier})"
    if budget.notes_left > 0:
        return f"notes: {budget.notes_left} of {budget.notes_per_month} left this month"
    return (
        f"no notes left this month (the next on {budget.next_note:%d %b}): send the"
        " invitation without a note, and once they accept, compose follow-up drafts the"
        " first message"
    )


def current_budget(account: Account, now: datetime | None = None) -> Budget | None:
    """The budget from the user's history, or None when the history cannot be read."""
    try:
        with History() as history:
            return compute_budget(history, account, now)
    except (ComposerError, sqlite3.Error, OSError):
        return None
