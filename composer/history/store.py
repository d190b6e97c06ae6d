"""``History``: the SQLite store of every note composed, and what became of it.

One connection per ``History``; WAL mode and a busy timeout let several processes (two
batch runs, the UI and a one-shot) write at once, and each write is its own short
``BEGIN IMMEDIATE`` transaction, so a killed process loses nothing already recorded.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.config.paths import default_db_path
from composer.core.errors import ConfigError, InputError
from composer.history.identity import person_id
from composer.history.migrations import migrate
from composer.history.records import COLUMNS, KINDS, OUTCOMES, Record, from_row
from composer.text.normalize import match_key

if TYPE_CHECKING:
    from composer.core.contract import DraftRequest, DraftResult
    from composer.core.findings import Report
    from composer.core.profile import Profile

BUSY_TIMEOUT_MS = 10_000
MAX_ID = 2**63 - 1  # SQLite's largest integer


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class History:
    """The history database. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path | None = None, *, shared: bool = False) -> None:
        """``shared``: the connection may be used from another thread than this one,
        one thread at a time (the caller serialises: a batch records from its event
        loop's thread through the history its main thread opened)."""
        self.path = Path(path) if path is not None else default_db_path()
        try:
            _private_files(self.path)
            # Autocommit mode: transactions are explicit and short (see _write).
            self.conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=not shared,
            )
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from None
        except OSError as exc:
            raise ConfigError(f"{self.path}: cannot open the history ({exc})") from None
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL is durable against a killed process (not power loss).
            self.conn.execute("PRAGMA synchronous = NORMAL")
            # forget() must really erase: overwrite deleted content.
            self.conn.execute("PRAGMA secure_delete = ON")
            self.conn.execute("PRAGMA foreign_keys = ON")
            migrate(self.conn)
        except sqlite3.Error as exc:
            self.conn.close()
            raise database_error(self.path, exc) from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -----------------------------------------------------------------------

    def record(self, request: DraftRequest, result: DraftResult, *, source: str) -> int:
        """Store one composed note; return its id."""
        return self.record_many([(request, result)], source=source)[0]

    def record_many(
        self, items: list[tuple[DraftRequest, DraftResult]], *, source: str
    ) -> list[int]:
        """Store several notes in one transaction (faster for batch); return their ids."""
        created = now_iso()
        rows = [_row(request, result, source, created) for request, result in items]
        ids: list[int] = []
        with self._write():
            for row in rows:
                cur = self.conn.execute(
                    "INSERT INTO notes (target_id, target_name, target_url, note, ok, findings,"
                    " errors, warnings, hook, goal_text, goal_preset, language, engine, model,"
                    " prompt_tokens, completion_tokens, source, created_at, kind, nth,"
                    " invitation_id)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*row, self._invitation_of(row[0], row[-2])),
                )
                ids.append(int(cur.lastrowid or 0))
        return ids

    def replace_draft(
        self, record_id: int, request: DraftRequest, result: DraftResult, *, source: str
    ) -> int | None:
        """Put a new draft in place of ``record_id``, a draft of the same person nobody
        took or marked (a regenerate in the UI: six drafts are not six notes). Returns
        ``record_id``, or None when that record was taken, marked, gone or is someone
        else's (then record the draft as a new one)."""
        if not 0 < record_id <= MAX_ID:
            return None
        row = _row(request, result, source, now_iso())
        with self._write():
            cur = self.conn.execute(
                "UPDATE notes SET target_id = ?, target_name = ?, target_url = ?, note = ?,"
                " ok = ?, findings = ?, errors = ?, warnings = ?, hook = ?, goal_text = ?,"
                " goal_preset = ?, language = ?, engine = ?, model = ?, prompt_tokens = ?,"
                " completion_tokens = ?, source = ?, created_at = ?, kind = ?, nth = ?,"
                " drafted_note = NULL"
                " WHERE id = ? AND target_id = ? AND taken_at IS NULL AND outcome IS NULL"
                " AND kind = ?",
                (*row, record_id, row[0], row[-2]),
            )
        return record_id if cur.rowcount else None

    def record_taken(
        self, record_id: int, note: str, report: Report, hook: str | None
    ) -> Record | None:
        """The user took (copied, saved) ``note`` from the draft recorded as ``record_id``:
        the record now holds that text, with its checker ``report`` and ``hook``,
        ``drafted_note`` the text as drafted (NULL again when the user takes it as drafted),
        and ``taken_at`` the time it was first taken.

        A record already marked (sent, accepted, ignored) is left as it was: returns None,
        as for an unknown id.
        """
        if not 0 < record_id <= MAX_ID:
            return None
        with self._write():
            # In an UPDATE every column on the right is the row's value before it.
            cur = self.conn.execute(
                "UPDATE notes SET note = ?, ok = ?, findings = ?, errors = ?, warnings = ?,"
                " hook = ?, drafted_note = CASE WHEN coalesce(drafted_note, note) = ?"
                " THEN NULL ELSE coalesce(drafted_note, note) END,"
                " taken_at = coalesce(taken_at, ?)"
                " WHERE id = ? AND outcome IS NULL",
                (note, *_checked(report), hook, note, now_iso(), record_id),
            )
        return self.get(record_id) if cur.rowcount else None

    def mark(self, record_id: int, outcome: str, *, with_note: bool = True) -> Record:
        """Record what happened to a note: sent, accepted, ignored, withdrawn or replied
        (to an invitation or a follow-up: the person answered). The first time it is
        marked sent is kept (``sent_at``): the note budget counts that day."""
        if outcome not in OUTCOMES:
            raise InputError(f"unknown outcome '{outcome}' (choose one of: {', '.join(OUTCOMES)})")
        if not 0 < record_id <= MAX_ID:  # SQLite cannot even be asked about a larger one
            raise InputError(f"no history record with id {record_id} (see compose history)")
        with self._write():
            cur = self.conn.execute(
                "UPDATE notes SET outcome = ?1, outcome_at = ?2, with_note = ?3, sent_at ="
                " CASE WHEN ?1 = 'sent' THEN coalesce(sent_at, ?2) ELSE sent_at END WHERE id = ?4",
                (outcome, now_iso(), int(with_note), record_id),
            )
        if cur.rowcount == 0:
            raise InputError(f"no history record with id {record_id} (see compose history)")
        record = self.get(record_id)
        assert record is not None
        return record

    def forget(self, target_id: str) -> int:
        """Delete every record about one person; return how many were deleted."""
        with self._write():
            cur = self.conn.execute("DELETE FROM notes WHERE target_id = ?", (target_id,))
        self.checkpoint()
        return cur.rowcount

    def checkpoint(self) -> None:
        """Copy the WAL into the database and empty it: after a delete, no old copy of
        the deleted rows stays in the WAL file (secure_delete zeroes them in the db)."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- reading -----------------------------------------------------------------------

    def get(self, record_id: int) -> Record | None:
        if not 0 < record_id <= MAX_ID:
            return None
        row = self.conn.execute(
            f"SELECT {COLUMNS} FROM notes WHERE id = ?", (record_id,)
        ).fetchone()
        return from_row(row) if row else None

    def records(
        self,
        *,
        target_id: str | None = None,
        outcome: str | None = None,
        limit: int | None = None,
        newest_first: bool = True,
        kind: str | None = "note",
    ) -> list[Record]:
        """Records, newest first, optionally for one person or one outcome; invitation
        notes only unless ``kind`` says otherwise (None: every kind)."""
        return list(
            self.iter_records(
                target_id=target_id, outcome=outcome, limit=limit, newest_first=newest_first,
                kind=kind,
            )
        )  # fmt: skip

    def iter_records(
        self,
        *,
        target_id: str | None = None,
        outcome: str | None = None,
        limit: int | None = None,
        newest_first: bool = True,
        kind: str | None = "note",
    ) -> Iterator[Record]:
        """As ``records``: invitation notes unless ``kind`` is "follow-up" or None (all)."""
        where: list[str] = []
        params: list[Any] = []
        if kind is not None:
            where.append("kind = ?")
            params.append(kind)
        if target_id is not None:
            where.append("target_id = ?")
            params.append(target_id)
        if outcome is not None:
            if outcome == "drafted":
                where.append("outcome IS NULL")
            else:
                where.append("outcome = ?")
                params.append(outcome)
        sql = f"SELECT {COLUMNS} FROM notes"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC" if newest_first else " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for row in self.conn.execute(sql, params):
            yield from_row(row)

    def latest_for(self, target_id: str, kind: str = "note") -> Record | None:
        """The most telling record of ``kind`` (an invitation note unless said) for a
        person: the latest with an outcome, else the latest."""
        row = self.conn.execute(
            f"SELECT {COLUMNS} FROM notes WHERE target_id = ? AND kind = ?"
            " ORDER BY outcome IS NULL, id DESC LIMIT 1",
            (target_id, kind),
        ).fetchone()
        return from_row(row) if row else None

    def to_mark(self, target_id: str, kind: str = "note") -> Record | None:
        """The note ``compose mark PERSON`` means: the latest the user took (copied or
        saved in the UI), else the latest drafted. A later draft nobody took (a batch
        run, a regenerate) is not the one that was sent."""
        row = self.conn.execute(
            f"SELECT {COLUMNS} FROM notes WHERE target_id = ? AND kind = ?"
            " ORDER BY taken_at IS NULL, id DESC LIMIT 1",
            (target_id, kind),
        ).fetchone()
        return from_row(row) if row else None

    def replied(self, target_id: str) -> Record | None:
        """The record (invitation or follow-up) marked replied for this person, if any."""
        row = self.conn.execute(
            f"SELECT {COLUMNS} FROM notes WHERE target_id = ? AND outcome = 'replied'"
            " ORDER BY id DESC LIMIT 1",
            (target_id,),
        ).fetchone()
        return from_row(row) if row else None

    def _invitation_of(self, target_id: str, kind: str) -> int | None:
        """The record a follow-up follows: the person's invitation note, the one marked
        accepted first, else the latest with an outcome, else the latest."""
        if kind != "follow-up":
            return None
        row = self.conn.execute(
            "SELECT id FROM notes WHERE target_id = ? AND kind = 'note'"
            " ORDER BY outcome IS NOT 'accepted', outcome IS NULL, id DESC LIMIT 1",
            (target_id,),
        ).fetchone()
        return int(row[0]) if row else None

    def find_targets(self, name: str) -> list[tuple[str, str]]:
        """(identity, name) of the people whose recorded name matches ``name``.

        Case and accents do not count ("lucia fernandez" finds "Lucía Fernández"). The
        whole name is looked for first; when nobody has it, every person whose name holds
        each word given ("Gareth", "Mills") matches.
        """
        wanted = match_key(name)
        if not wanted:
            return []
        people = self.conn.execute(
            "SELECT DISTINCT target_id, target_name FROM notes ORDER BY target_name"
        ).fetchall()
        keyed = [(match_key(str(person[1])), (str(person[0]), str(person[1]))) for person in people]
        whole = [person for key, person in keyed if key == wanted]
        if whole:
            return whole
        words = set(wanted.split())
        return [person for key, person in keyed if words <= set(key.split())]

    def count(self, kind: str | None = None) -> int:
        """Records of every kind, or of ``kind`` only."""
        if kind is None:
            return int(self.conn.execute("SELECT count(*) FROM notes").fetchone()[0])
        sql = "SELECT count(*) FROM notes WHERE kind = ?"
        return int(self.conn.execute(sql, (kind,)).fetchone()[0])

    # --- internals ---------------------------------------------------------------------

    def _write(self) -> _Transaction:
        return _Transaction(self.conn)


def _private_files(path: Path) -> None:
    """The history is private: its folder is created 0700 and the database 0600 (SQLite
    gives its -wal and -shm files the database's mode). An existing database, WAL or SHM
    file readable by others is narrowed to 0600; an existing folder is left as it is
    (COMPOSER_HOME may be a folder the user shares on purpose), and nothing is widened."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        os.close(fd)
    if sys.platform == "win32":  # pragma: no cover - no POSIX modes
        return
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            mode = file.stat().st_mode
            if mode & 0o077:
                file.chmod(mode & 0o700)
        except FileNotFoundError:
            continue
        except PermissionError:  # not ours to change (another user's file): leave it
            continue


def database_error(path: Path, exc: sqlite3.Error) -> ConfigError:
    """One line saying what is wrong with the history database and what to do. A locked
    or read-only database is healthy: moving it aside would lose the history, so only a
    damaged file is told to move."""
    text = str(exc)
    lower = text.lower()
    if "readonly" in lower or "read-only" in lower:
        return ConfigError(
            f"{path}: the history database is read-only ({text}); make it and its folder "
            "writable (or set COMPOSER_HOME to a writable folder) and try again"
        )
    if "locked" in lower or "busy" in lower:
        return ConfigError(
            f"{path}: the history database is locked by another process ({text}); let the "
            "other compose (a batch, the UI) finish and try again"
        )
    if "unable to open" in lower or "disk i/o" in lower or "full" in lower:
        return ConfigError(f"{path}: cannot use the history database ({text})")
    return ConfigError(f"{path}: not a usable history database ({text}); move it aside")


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``: take the write lock up front, so a concurrent
    writer waits on the busy timeout instead of failing with "database is locked"."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")


def _row(request: DraftRequest, result: DraftResult, source: str, created: str) -> tuple[Any, ...]:
    target: Profile = request.target
    usage = result.usage or {}
    return (
        person_id(target),
        target.name,
        target.url,
        result.note,
        *_checked(result.report),
        result.hook,
        request.goal.text,
        request.goal.preset,
        result.language,
        result.engine,
        result.model,
        int(usage.get("prompt_tokens", 0) or 0),
        int(usage.get("completion_tokens", 0) or 0),
        source,
        created,
        request.kind if request.kind in KINDS else "note",
        request.nth if request.kind == "follow-up" else 1,
    )


def _checked(report: Report) -> tuple[int, str, int, int]:
    """The checker's columns: ok, findings (JSON), errors, warnings."""
    return (
        int(report.ok),
        json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False),
        len(report.errors),
        len(report.warnings),
    )
