"""Where the user stands with a target: already connected, or already invited.

``Network.load(history)`` reads, once, the notes marked with ``compose mark`` and the
imported exports; ``network.standing(profile)`` says whether that person is a connection
(a note marked ``accepted``, or a row of an imported ``Connections.csv``) or has an
invitation still pending (a note marked ``sent`` and nothing after it, or an outgoing
invitation of an export whose invitee is not among the connections). ``audits(profile)``
turns that into the ``already-connected`` / ``already-invited`` findings that
``compose --to``, the UI and ``compose batch`` show before the note.

These audits read the history, so they live here rather than in ``composer.checker``
(which sits below the history and may not read it); ``network_audits(profile)`` opens
the history itself and never fails a command.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from composer.core.errors import ComposerError
from composer.core.findings import PROFILE_RULES, Finding
from composer.core.profile import Profile, normalize_url
from composer.history import History, Record, person_id
from composer.history.records import ACCEPTED
from composer.linkedin.network import (
    OUTGOING,
    Connection,
    ConnectionIndex,
    Invitation,
    accepted,
)
from composer.linkedin.store import stored_connections, stored_invitations
from composer.text.normalize import match_key


@dataclass(frozen=True, slots=True)
class Standing:
    """Why the user is already connected to, or has invited, one person (None: not)."""

    connected: str | None = None
    invited: str | None = None


class Network:
    """The user's connections and pending invitations, from the history and the exports."""

    def __init__(
        self,
        records: Iterable[Record],
        connections: Iterable[Connection],
        invitations: Iterable[Invitation],
    ) -> None:
        self._accepted: dict[str, Record] = {}
        self._latest: dict[str, Record] = {}  # the latest note with an outcome, by person
        for record in sorted(records, key=lambda r: r.id):
            if record.outcome is None:
                continue
            self._latest[record.target_id] = record
            if record.outcome in ACCEPTED:
                self._accepted[record.target_id] = record
        connections = list(connections)
        self._index = ConnectionIndex(connections)
        self._connection_by_url = {c.url: c for c in connections if c.url}
        self._connection_by_name = {match_key(c.name): c for c in connections}
        self._pending_by_url: dict[str, Invitation] = {}
        self._pending_by_name: dict[str, Invitation] = {}
        for invitation in invitations:
            if invitation.direction != OUTGOING or accepted(invitation, self._index):
                continue
            if invitation.recipient_url:
                self._pending_by_url[invitation.recipient_url] = invitation
            self._pending_by_name[match_key(invitation.recipient)] = invitation

    @classmethod
    def load(cls, history: History) -> Network:
        return cls(
            history.iter_records(newest_first=False),
            stored_connections(history),
            stored_invitations(history, OUTGOING),
        )

    def standing(self, profile: Profile) -> Standing:
        identity = person_id(profile)
        url = normalize_url(profile.url) if profile.url else ""
        return Standing(
            connected=self._connected(identity, profile.name, url),
            invited=self._invited(identity, profile.name, url),
        )

    def _connected(self, identity: str, name: str, url: str) -> str | None:
        record = self._accepted.get(identity)
        if record is not None:
            when = (record.outcome_at or record.created_at)[:10]
            return f"you marked note #{record.id} accepted on {when}"
        if not self._index.connected(name, url, None):
            return None
        connection = self._connection_by_url.get(url) or self._connection_by_name.get(
            match_key(name)
        )
        on = connection.connected_on if connection else None
        since = f" since {on}" if on else ""
        return f"an imported export lists them among your connections{since}"

    def _invited(self, identity: str, name: str, url: str) -> str | None:
        if self._connected(identity, name, url):
            return None  # an accepted invitation is no longer pending
        record = self._latest.get(identity)
        if record is not None and record.outcome == "sent":
            when = (record.outcome_at or record.created_at)[:10]
            return f"you marked note #{record.id} sent on {when} and recorded no answer"
        invitation = self._pending_invitation(name, url)
        if invitation is None:
            return None
        if record is not None and (record.outcome_at or "")[:10] >= str(invitation.sent_on or ""):
            return None  # marked ignored or withdrawn since that invitation went out
        when = f"sent on {invitation.sent_on}" if invitation.sent_on else "sent"
        return f"{when}, pending in an imported export"

    def _pending_invitation(self, name: str, url: str) -> Invitation | None:
        if url and url in self._pending_by_url:
            return self._pending_by_url[url]
        candidate = self._pending_by_name.get(match_key(name))
        # By name only when one side has no URL: a namesake with another URL is another person.
        if candidate is not None and (not url or not candidate.recipient_url):
            return candidate
        return None

    def audits(self, profile: Profile) -> list[Finding]:
        """``already-connected`` or ``already-invited`` for this person, or nothing."""
        standing = self.standing(profile)
        if standing.connected:
            return [
                _finding(
                    "already-connected",
                    f"{profile.name} is already a connection ({standing.connected}): no "
                    "invitation needed; write them a message instead",
                )
            ]
        if standing.invited:
            return [
                _finding(
                    "already-invited",
                    f"an invitation to {profile.name} is still pending ({standing.invited}): "
                    "wait for an answer, or withdraw it on LinkedIn first "
                    "(then compose mark ID withdrawn)",
                )
            ]
        return []


def _finding(slug: str, message: str) -> Finding:
    return Finding(slug, PROFILE_RULES[slug][0], message)


def network_audits(profile: Profile) -> list[Finding]:
    """The two audits from the user's history; nothing when it cannot be read."""
    try:
        with History() as history:
            return Network.load(history).audits(profile)
    except (ComposerError, sqlite3.Error, OSError):
        return []
