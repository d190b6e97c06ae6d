"""The user's network from the export: ``Invitations.csv`` and ``Connections.csv``,
and which outgoing invitations were accepted.

An outgoing invitation counts as accepted when its invitee appears in the
connections on or after the day it was sent: matched by profile URL, else by full
name (case and accents aside). A connection whose date is unknown matches on any day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from composer.core.profile import normalize_url
from composer.export import columns
from composer.export.dates import parse_date
from composer.export.source import ExportSource
from composer.export.table import read_table
from composer.text.normalize import match_key

OUTGOING = "OUTGOING"
INCOMING = "INCOMING"


@dataclass(frozen=True, slots=True)
class Connection:
    name: str
    url: str = ""  # normalised (``linkedin.com/in/...``), "" when the export hides it
    company: str = ""
    position: str = ""
    connected_on: date | None = None


@dataclass(frozen=True, slots=True)
class Invitation:
    sender: str  # the From column
    recipient: str  # the To column
    direction: str  # OUTGOING, INCOMING, or "" when the export does not say
    message: str = ""
    sent_at: str = ""  # as written in the export
    sent_on: date | None = None
    sender_url: str = ""  # normalised
    recipient_url: str = ""  # normalised

    @property
    def other_name(self) -> str:
        """The person on the other side: the invitee of an outgoing invitation."""
        return self.sender if self.direction == INCOMING else self.recipient

    @property
    def other_url(self) -> str:
        return self.sender_url if self.direction == INCOMING else self.recipient_url

    def key(self) -> str:
        """What makes an invitation the same one across two imports of overlapping exports,
        even when the two export versions write the date differently."""
        when = self.sent_on.isoformat() if self.sent_on else self.sent_at
        key = "|".join((self.direction, match_key(self.sender), match_key(self.recipient), when))
        # Two namesakes invited on one day are two invitations: the other person's
        # profile URL, when the export gives it, tells them apart (migration m005 gave
        # the invitations stored before the same key).
        return f"{key}|{self.other_url}" if self.other_url else key


def read_connections(source: ExportSource) -> list[Connection]:
    """The rows of ``Connections.csv`` (an empty list when the export has none)."""
    with source.lines("Connections.csv") as lines:
        if lines is None:
            return []
        table = read_table(lines, columns.CONNECTIONS, source=source.where("Connections.csv"))
    out = []
    for row in table.rows:
        name = " ".join(f"{row['first_name']} {row['last_name']}".split())
        if not name and not row["url"]:
            continue  # a member who left LinkedIn: nothing to match on
        connected = parse_date(row["connected_on"])
        out.append(
            Connection(
                name=name,
                url=normalize_url(row["url"]) if row["url"] else "",
                company=row["company"],
                position=row["position"],
                connected_on=connected.value if connected else None,
            )
        )
    return out


def read_invitations(source: ExportSource, me: str = "") -> list[Invitation]:
    """The rows of ``Invitations.csv``. ``me`` (the user's name) fills in a missing
    Direction column: invitations from the user are outgoing."""
    with source.lines("Invitations.csv") as lines:
        if lines is None:
            return []
        table = read_table(
            lines,
            columns.INVITATIONS,
            source=source.where("Invitations.csv"),
            required=("from", "to"),
        )
    mine = match_key(me)
    out = []
    for row in table.rows:
        direction = row["direction"].strip().upper()
        if direction not in (OUTGOING, INCOMING):
            direction = _infer_direction(row["from"], row["to"], mine)
        sent = parse_date(row["sent_at"])
        out.append(
            Invitation(
                sender=" ".join(row["from"].split()),
                recipient=" ".join(row["to"].split()),
                direction=direction,
                message=row["message"].replace("\r\n", "\n").strip(),
                sent_at=row["sent_at"],
                sent_on=sent.value if sent else None,
                sender_url=normalize_url(row["from_url"]) if row["from_url"] else "",
                recipient_url=normalize_url(row["to_url"]) if row["to_url"] else "",
            )
        )
    return out


def _infer_direction(sender: str, recipient: str, mine: str) -> str:
    if not mine:
        return ""
    if match_key(sender) == mine:
        return OUTGOING
    if match_key(recipient) == mine:
        return INCOMING
    return ""


class ConnectionIndex:
    """Connections by URL and by name, for matching invitations to them."""

    def __init__(self, connections: Iterable[Connection]) -> None:
        self.by_url: dict[str, list[date | None]] = {}
        self.by_name: dict[str, list[date | None]] = {}
        self.by_name_without_url: dict[str, list[date | None]] = {}
        for c in connections:
            if c.url:
                self.by_url.setdefault(c.url, []).append(c.connected_on)
            key = match_key(c.name)
            if key:
                self.by_name.setdefault(key, []).append(c.connected_on)
                if not c.url:
                    self.by_name_without_url.setdefault(key, []).append(c.connected_on)

    def connected(self, name: str, url: str, since: date | None) -> bool:
        """Is this person a connection made on or after ``since``?

        By URL when the invitation has one; else by name. An invitation with a URL
        that no connection has only matches by name a connection without a URL: a
        namesake with another URL is another person.
        """
        if url and url in self.by_url:
            return _any_on_or_after(self.by_url[url], since)
        names = self.by_name_without_url if url else self.by_name
        return _any_on_or_after(names.get(match_key(name), []), since)


def _any_on_or_after(dates: list[date | None], since: date | None) -> bool:
    return any(d is None or since is None or d >= since for d in dates)


def accepted(invitation: Invitation, index: ConnectionIndex) -> bool:
    """An outgoing invitation was accepted; an incoming one was accepted by the user."""
    return index.connected(invitation.other_name, invitation.other_url, invitation.sent_on)


def pending_incoming(invitations: Iterable[Invitation], index: ConnectionIndex) -> list[Invitation]:
    """Incoming invitations whose inviter is not (yet) a connection: the ones to triage."""
    return [i for i in invitations if i.direction == INCOMING and not accepted(i, index)]
