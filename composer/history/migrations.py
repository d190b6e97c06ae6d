"""The history's schema, as a numbered list of migrations applied once each, in order.

Each migration is a ``(name, sql)`` pair; ``name`` starts with ``mNNN_``. The names that
have been applied are recorded in the ``_migrations`` table, so adding a schema change
means appending one entry to ``MIGRATIONS`` (never editing or reordering an applied one).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from composer.history.linkedin_schema import LINKEDIN_IMPORT

M001_INITIAL = """
CREATE TABLE notes (
    id                INTEGER PRIMARY KEY,
    target_id         TEXT NOT NULL,      -- Profile.identity(): normalised URL or sha256:...
    target_name       TEXT NOT NULL,
    target_url        TEXT NOT NULL DEFAULT '',
    note              TEXT NOT NULL,
    ok                INTEGER NOT NULL,   -- 1 when the checker found no error
    findings          TEXT NOT NULL,      -- JSON list of Finding.to_dict()
    errors            INTEGER NOT NULL DEFAULT 0,
    warnings          INTEGER NOT NULL DEFAULT 0,
    hook              TEXT,
    goal_text         TEXT NOT NULL DEFAULT '',
    goal_preset       TEXT,
    language          TEXT,
    engine            TEXT NOT NULL,
    model             TEXT,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    source            TEXT NOT NULL,      -- cli, batch, tui
    created_at        TEXT NOT NULL,      -- ISO 8601, UTC
    outcome           TEXT CHECK (outcome IN ('sent', 'accepted', 'ignored')),
    outcome_at        TEXT,
    with_note         INTEGER NOT NULL DEFAULT 1  -- 0: the invitation went out without it
);
CREATE INDEX notes_target ON notes (target_id);
CREATE INDEX notes_created ON notes (created_at);
"""

# The note the user took (copied or saved from the UI) when it differs from the draft:
# ``note`` and its checker columns then describe the taken text, and ``drafted_note``
# keeps the text as the engine drafted it (NULL when the note is as drafted).
M003_DRAFTED_NOTE = """
ALTER TABLE notes ADD COLUMN drafted_note TEXT;
"""

# Note ids are what `compose mark ID` takes, so one is never given twice: without
# AUTOINCREMENT, SQLite hands the highest id out again once `compose forget` deleted
# that row, and an id noted down earlier would mark another person's note. SQLite
# cannot add AUTOINCREMENT to a table, so the table is rebuilt with its rows.
M004_IDS_NEVER_REUSED = """
CREATE TABLE notes_m004 (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    target_id         TEXT NOT NULL,      -- Profile.identity(): normalised URL or sha256:...
    target_name       TEXT NOT NULL,
    target_url        TEXT NOT NULL DEFAULT '',
    note              TEXT NOT NULL,
    ok                INTEGER NOT NULL,   -- 1 when the checker found no error
    findings          TEXT NOT NULL,      -- JSON list of Finding.to_dict()
    errors            INTEGER NOT NULL DEFAULT 0,
    warnings          INTEGER NOT NULL DEFAULT 0,
    hook              TEXT,
    goal_text         TEXT NOT NULL DEFAULT '',
    goal_preset       TEXT,
    language          TEXT,
    engine            TEXT NOT NULL,
    model             TEXT,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    source            TEXT NOT NULL,      -- cli, batch, tui
    created_at        TEXT NOT NULL,      -- ISO 8601, UTC
    outcome           TEXT CHECK (outcome IN ('sent', 'accepted', 'ignored')),
    outcome_at        TEXT,
    with_note         INTEGER NOT NULL DEFAULT 1,  -- 0: the invitation went out without it
    drafted_note      TEXT
);
INSERT INTO notes_m004 (
    id, target_id, target_name, target_url, note, ok, findings, errors, warnings, hook,
    goal_text, goal_preset, language, engine, model, prompt_tokens, completion_tokens,
    source, created_at, outcome, outcome_at, with_note, drafted_note
)
SELECT
    id, target_id, target_name, target_url, note, ok, findings, errors, warnings, hook,
    goal_text, goal_preset, language, engine, model, prompt_tokens, completion_tokens,
    source, created_at, outcome, outcome_at, with_note, drafted_note
FROM notes;
DROP TABLE notes;
ALTER TABLE notes_m004 RENAME TO notes;
CREATE INDEX notes_target ON notes (target_id);
CREATE INDEX notes_created ON notes (created_at);
"""

# The invitation key names the other person's profile URL when there is one (namesakes
# invited on the same day were merged into one row); rekey what was imported before.
M005_INVITATION_KEY_URL = """
UPDATE linkedin_invitations
SET key = key || '|' || (CASE direction WHEN 'INCOMING' THEN sender_url ELSE recipient_url END)
WHERE (CASE direction WHEN 'INCOMING' THEN sender_url ELSE recipient_url END) != '';
"""

# `compose mark ID withdrawn` (an invitation taken back), and the date a note was marked
# sent, kept when it is later marked accepted or ignored: the monthly note budget and the
# weekly pace count invitations by the day they went out. SQLite cannot change a CHECK
# constraint, so the table is rebuilt; a note already marked accepted or ignored keeps
# sent_at NULL (when it went out is unknown: the budget then counts its drafting date).
M006_WITHDRAWN_AND_SENT_AT = """
CREATE TABLE notes_m006 (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    target_id         TEXT NOT NULL,      -- Profile.identity(): normalised URL or sha256:...
    target_name       TEXT NOT NULL,
    target_url        TEXT NOT NULL DEFAULT '',
    note              TEXT NOT NULL,
    ok                INTEGER NOT NULL,   -- 1 when the checker found no error
    findings          TEXT NOT NULL,      -- JSON list of Finding.to_dict()
    errors            INTEGER NOT NULL DEFAULT 0,
    warnings          INTEGER NOT NULL DEFAULT 0,
    hook              TEXT,
    goal_text         TEXT NOT NULL DEFAULT '',
    goal_preset       TEXT,
    language          TEXT,
    engine            TEXT NOT NULL,
    model             TEXT,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    source            TEXT NOT NULL,      -- cli, batch, tui
    created_at        TEXT NOT NULL,      -- ISO 8601, UTC
    outcome           TEXT CHECK (outcome IN ('sent', 'accepted', 'ignored', 'withdrawn')),
    outcome_at        TEXT,
    with_note         INTEGER NOT NULL DEFAULT 1,  -- 0: the invitation went out without it
    drafted_note      TEXT,
    sent_at           TEXT                -- ISO 8601, UTC: when it was marked sent
);
INSERT INTO notes_m006 (
    id, target_id, target_name, target_url, note, ok, findings, errors, warnings, hook,
    goal_text, goal_preset, language, engine, model, prompt_tokens, completion_tokens,
    source, created_at, outcome, outcome_at, with_note, drafted_note, sent_at
)
SELECT
    id, target_id, target_name, target_url, note, ok, findings, errors, warnings, hook,
    goal_text, goal_preset, language, engine, model, prompt_tokens, completion_tokens,
    source, created_at, outcome, outcome_at, with_note, drafted_note,
    CASE WHEN outcome = 'sent' THEN outcome_at END
FROM notes;
DROP TABLE notes;
ALTER TABLE notes_m006 RENAME TO notes;
CREATE INDEX notes_target ON notes (target_id);
CREATE INDEX notes_created ON notes (created_at);
"""

# When the user took the note (copied or saved it in the UI): `compose mark NAME` marks
# the note taken, not a later draft nobody sent, and a regenerate may replace a draft
# that was never taken instead of adding a row.
M007_TAKEN_AT = """
ALTER TABLE notes ADD COLUMN taken_at TEXT;
"""

# Follow-ups: a message after acceptance is a record too, of kind 'follow-up', with its
# number (nth) and the id of the invitation it follows (invitation_id); and the outcome
# 'replied'. SQLite cannot change a CHECK constraint, so the table is rebuilt; the id
# sequence is carried over so that the id of a forgotten note is never reused.
M008_FOLLOW_UPS = """
CREATE TABLE notes_m008 (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    target_id         TEXT NOT NULL,
    target_name       TEXT NOT NULL,
    target_url        TEXT NOT NULL DEFAULT '',
    note              TEXT NOT NULL,
    ok                INTEGER NOT NULL,
    findings          TEXT NOT NULL,
    errors            INTEGER NOT NULL DEFAULT 0,
    warnings          INTEGER NOT NULL DEFAULT 0,
    hook              TEXT,
    goal_text         TEXT NOT NULL DEFAULT '',
    goal_preset       TEXT,
    language          TEXT,
    engine            TEXT NOT NULL,
    model             TEXT,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    source            TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    outcome           TEXT CHECK (
        outcome IN ('sent', 'accepted', 'ignored', 'withdrawn', 'replied')
    ),
    outcome_at        TEXT,
    with_note         INTEGER NOT NULL DEFAULT 1,
    drafted_note      TEXT,
    sent_at           TEXT,
    taken_at          TEXT,
    kind              TEXT NOT NULL DEFAULT 'note' CHECK (kind IN ('note', 'follow-up')),
    nth               INTEGER NOT NULL DEFAULT 1,  -- a follow-up's number: 1 the first message
    invitation_id     INTEGER                      -- a follow-up: the invitation's record
);
INSERT INTO notes_m008 (
    id, target_id, target_name, target_url, note, ok, findings, errors, warnings, hook,
    goal_text, goal_preset, language, engine, model, prompt_tokens, completion_tokens,
    source, created_at, outcome, outcome_at, with_note, drafted_note, sent_at, taken_at
)
SELECT
    id, target_id, target_name, target_url, note, ok, findings, errors, warnings, hook,
    goal_text, goal_preset, language, engine, model, prompt_tokens, completion_tokens,
    source, created_at, outcome, outcome_at, with_note, drafted_note, sent_at, taken_at
FROM notes;
INSERT INTO sqlite_sequence (name, seq)
SELECT 'notes_m008', seq FROM sqlite_sequence WHERE name = 'notes'
AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'notes_m008');
UPDATE sqlite_sequence
SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'notes'), 0))
WHERE name = 'notes_m008';
DROP TABLE notes;
ALTER TABLE notes_m008 RENAME TO notes;
CREATE INDEX notes_target ON notes (target_id);
CREATE INDEX notes_created ON notes (created_at);
CREATE INDEX notes_invitation ON notes (invitation_id);
"""

# Every `compose import` is kept as a snapshot: which outgoing invitations that export
# listed, and as of which day (its newest date). An invitation listed in one export and
# missing from a later one, its invitee not among the connections, was withdrawn,
# ignored or expired; a single export cannot tell that (composer.linkedin.store).
M009_EXPORT_SNAPSHOTS = """
CREATE TABLE linkedin_snapshots (
    id               INTEGER PRIMARY KEY,
    imported_at      TEXT NOT NULL,
    as_of            TEXT,               -- ISO date: the newest date in the export
    has_invitations  INTEGER NOT NULL    -- 0: no Invitations.csv, so it says nothing of them
);
CREATE TABLE linkedin_snapshot_invitations (
    snapshot         INTEGER NOT NULL REFERENCES linkedin_snapshots (id) ON DELETE CASCADE,
    invitation_key   TEXT NOT NULL,      -- linkedin_invitations.key
    PRIMARY KEY (snapshot, invitation_key)
);
"""

# Append new migrations at the end; each runs once, inside a transaction.
MIGRATIONS: list[tuple[str, str]] = [
    ("m001_initial", M001_INITIAL),
    # Imported LinkedIn invitations and connections (composer/history/linkedin_schema.py).
    ("m002_linkedin_import", LINKEDIN_IMPORT),
    ("m003_drafted_note", M003_DRAFTED_NOTE),
    ("m004_ids_never_reused", M004_IDS_NEVER_REUSED),
    ("m005_invitation_key_url", M005_INVITATION_KEY_URL),
    ("m006_withdrawn_and_sent_at", M006_WITHDRAWN_AND_SENT_AT),
    ("m007_taken_at", M007_TAKEN_AT),
    ("m008_follow_ups", M008_FOLLOW_UPS),
    ("m009_export_snapshots", M009_EXPORT_SNAPSHOTS),
]


def applied(conn: sqlite3.Connection) -> set[str]:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    return {row[0] for row in conn.execute("SELECT name FROM _migrations")}


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded; return their names.

    ``conn`` must be in autocommit mode. ``BEGIN IMMEDIATE`` takes the write lock first,
    so two processes opening a new database at once cannot both apply a migration.
    """
    names = [name for name, _ in MIGRATIONS]
    if len(set(names)) != len(names):  # pragma: no cover - a programming error
        raise RuntimeError("duplicate migration names")
    conn.execute("BEGIN IMMEDIATE")
    try:
        done = applied(conn)
        new: list[str] = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            new.append(name)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return new


def _statements(sql: str) -> list[str]:
    # executescript() would COMMIT our transaction; split on complete statements instead.
    out: list[str] = []
    current = ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out
