"""Importing an export into the history database, idempotently, and reading it back.

``import_export(history, path) -> ImportResult``: invitations and connections go into
the ``linkedin_*`` tables (see ``schema.py``). Importing the same export twice adds
nothing; importing a newer one adds what is new and refreshes connections' company
and position. One transaction per import: a killed import leaves the history as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.errors import InputError
from composer.export.source import ExportSource
from composer.linkedin.network import (
    Connection,
    Invitation,
    read_connections,
    read_invitations,
)
from composer.text.normalize import match_key

if TYPE_CHECKING:
    from composer.history import History


@dataclass(slots=True)
class ImportResult:
    invitations: int = 0  # rows read from Invitations.csv
    new_invitations: int = 0
    connections: int = 0  # rows read from Connections.csv
    new_connections: int = 0
    outgoing: int = 0
    incoming: int = 0
    me: str = ""  # the user's name, from Profile.csv (used for a missing Direction column)


def import_export(history: History, path: str | Path) -> ImportResult:
    """Read the export's invitations and connections into the history."""
    with ExportSource.open(path) as source:
        me = _my_name(source)
        invitations = read_invitations(source, me=me)
        connections = read_connections(source)
        has_invitations = source.has("Invitations.csv")
        if not has_invitations and not source.has("Connections.csv"):
            raise InputError(
                "neither Invitations.csv nor Connections.csv in this export", path=str(path)
            )
    result = ImportResult(
        invitations=len(invitations),
        connections=len(connections),
        outgoing=sum(1 for i in invitations if i.direction == "OUTGOING"),
        incoming=sum(1 for i in invitations if i.direction == "INCOMING"),
        me=me,
    )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn = history.conn  # autocommit mode: the transaction is ours to open and close
    conn.execute("BEGIN IMMEDIATE")  # the write lock up front; other writers wait
    try:
        before_inv = _count(history, "linkedin_invitations")
        before_con = _count(history, "linkedin_connections")
        conn.executemany(
            "INSERT OR IGNORE INTO linkedin_invitations (key, direction, sender, recipient,"
            " sender_url, recipient_url, sent_at, sent_on, message, imported_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_invitation_row(i, now) for i in invitations),
        )
        conn.executemany(
            "INSERT INTO linkedin_connections (key, name, url, company, position,"
            " connected_on, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET name = excluded.name,"
            " company = excluded.company, position = excluded.position,"
            " connected_on = coalesce(linkedin_connections.connected_on, excluded.connected_on)",
            (_connection_row(c, now) for c in connections),
        )
        _snapshot(history, invitations, connections, has_invitations, now)
        result.new_invitations = _count(history, "linkedin_invitations") - before_inv
        result.new_connections = _count(history, "linkedin_connections") - before_con
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return result


def _snapshot(
    history: History,
    invitations: list[Invitation],
    connections: list[Connection],
    has_invitations: bool,
    now: str,
) -> None:
    """Keep what this export listed (migration m009), as of its newest date."""
    dates = [i.sent_on for i in invitations if i.sent_on]
    dates += [c.connected_on for c in connections if c.connected_on]
    as_of = max(dates).isoformat() if dates else None
    cur = history.conn.execute(
        "INSERT INTO linkedin_snapshots (imported_at, as_of, has_invitations) VALUES (?, ?, ?)",
        (now, as_of, int(has_invitations)),
    )
    history.conn.executemany(
        "INSERT OR IGNORE INTO linkedin_snapshot_invitations (snapshot, invitation_key)"
        " VALUES (?, ?)",
        [(cur.lastrowid, i.key()) for i in invitations if i.direction == "OUTGOING"],
    )


def gone_from_later_exports(history: History) -> set[str]:
    """The keys of outgoing invitations an export listed and a later one (a newer
    ``as_of``, with an Invitations.csv) no longer lists: withdrawn, ignored or expired,
    unless the invitee became a connection (the caller checks that). Imported in any
    order: exports are compared by their dates, not by when they were imported."""
    snapshots = history.conn.execute(
        "SELECT id, as_of, has_invitations FROM linkedin_snapshots WHERE as_of IS NOT NULL"
    ).fetchall()
    listed: dict[int, set[str]] = {sid: set() for sid, _, _ in snapshots}
    for sid, key in history.conn.execute(
        "SELECT snapshot, invitation_key FROM linkedin_snapshot_invitations"
    ):
        if sid in listed:
            listed[sid].add(key)
    gone: set[str] = set()
    for sid, as_of, _ in snapshots:
        for later, later_as_of, has_invitations in snapshots:
            if has_invitations and later_as_of > as_of:
                gone |= listed[sid] - listed[later]
    # Listed again by any export as late as the latest that dropped it: still there.
    return gone - _listed_in_latest(snapshots, listed)


def _listed_in_latest(
    snapshots: list[tuple[int, str, int]], listed: dict[int, set[str]]
) -> set[str]:
    with_invitations = [s for s in snapshots if s[2]]
    if not with_invitations:
        return set()
    newest = max(s[1] for s in with_invitations)
    out: set[str] = set()
    for sid, as_of, _ in with_invitations:
        if as_of == newest:
            out |= listed[sid]
    return out


def _my_name(source: ExportSource) -> str:
    """The user's name from Profile.csv, or "" (a partial export may lack it)."""
    if not source.has("Profile.csv"):
        return ""
    from composer.profile.export import profile_from_export

    try:
        return profile_from_export(source).name
    except InputError:
        return ""  # the profile is optional here: only a missing Direction needs it


def _count(history: History, table: str) -> int:
    return int(history.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _invitation_row(i: Invitation, now: str) -> tuple[object, ...]:
    return (
        i.key(), i.direction, i.sender, i.recipient, i.sender_url, i.recipient_url,
        i.sent_at, _iso(i.sent_on), i.message, now,
    )  # fmt: skip


def connection_key(c: Connection) -> str:
    return c.url or f"{match_key(c.name)}|{_iso(c.connected_on) or ''}"


def _connection_row(c: Connection, now: str) -> tuple[object, ...]:
    return (
        connection_key(c), c.name, c.url, c.company, c.position, _iso(c.connected_on), now,
    )  # fmt: skip


# --- reading back -----------------------------------------------------------------------


def stored_invitations(history: History, direction: str | None = None) -> Iterator[Invitation]:
    sql = (
        "SELECT direction, sender, recipient, sender_url, recipient_url, sent_at, sent_on,"
        " message FROM linkedin_invitations"
    )
    params: tuple[str, ...] = ()
    if direction is not None:
        sql += " WHERE direction = ?"
        params = (direction,)
    for row in history.conn.execute(sql + " ORDER BY id", params):
        yield Invitation(
            direction=row[0],
            sender=row[1],
            recipient=row[2],
            sender_url=row[3],
            recipient_url=row[4],
            sent_at=row[5],
            sent_on=date.fromisoformat(row[6]) if row[6] else None,
            message=row[7],
        )


def stored_connections(history: History) -> Iterator[Connection]:
    for row in history.conn.execute(
        "SELECT name, url, company, position, connected_on FROM linkedin_connections"
    ):
        yield Connection(
            name=row[0],
            url=row[1],
            company=row[2],
            position=row[3],
            connected_on=date.fromisoformat(row[4]) if row[4] else None,
        )


def forget_person(history: History, identity: str, name: str = "") -> int:
    """Delete the imported invitations and connections about one person: those with
    this normalised profile URL (``Profile.identity()``), and, when ``name`` is given,
    those with that name and no URL (any URL when ``identity`` is empty: the name is all
    the user gave). Returns how many rows were deleted."""
    key = match_key(name) if name else None
    conn = history.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        deleted = conn.execute(
            "DELETE FROM linkedin_invitations WHERE (sender_url = ?1 OR recipient_url = ?1)"
            " AND ?1 != ''",
            (identity,),
        ).rowcount
        deleted += conn.execute(
            "DELETE FROM linkedin_connections WHERE url = ?1 AND ?1 != ''", (identity,)
        ).rowcount
        if key:
            ids = [
                row[0]
                for row in conn.execute(
                    "SELECT id, sender, recipient, direction, sender_url, recipient_url"
                    " FROM linkedin_invitations"
                )
                if match_key(row[1] if row[3] == "INCOMING" else row[2]) == key
                and not (identity and (row[4] if row[3] == "INCOMING" else row[5]))
            ]
            deleted += conn.executemany(
                "DELETE FROM linkedin_invitations WHERE id = ?", [(i,) for i in ids]
            ).rowcount
            cids = [
                row[0]
                for row in conn.execute("SELECT id, name, url FROM linkedin_connections")
                if match_key(row[1]) == key and not (identity and row[2])
            ]
            deleted += conn.executemany(
                "DELETE FROM linkedin_connections WHERE id = ?", [(i,) for i in cids]
            ).rowcount
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    # Deleted rows may linger in the WAL file until a checkpoint: flush them now.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return deleted
