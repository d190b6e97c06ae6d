"""The history tables for an imported LinkedIn export (a migration of the history DB).

``composer.history.migrations.MIGRATIONS`` lists ``LINKEDIN_IMPORT`` under its number.
Invitations and connections are kept as the export gives them; acceptance is worked
out when stats are computed, so importing a later export (more connections) updates
the figures of invitations imported earlier.
"""

from __future__ import annotations

LINKEDIN_IMPORT = """
CREATE TABLE linkedin_invitations (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,  -- direction|from|to|sent at: one invitation across imports
    direction     TEXT NOT NULL,         -- OUTGOING, INCOMING, or '' when unknown
    sender        TEXT NOT NULL,
    recipient     TEXT NOT NULL,
    sender_url    TEXT NOT NULL DEFAULT '',  -- normalised: linkedin.com/in/...
    recipient_url TEXT NOT NULL DEFAULT '',
    sent_at       TEXT NOT NULL DEFAULT '',  -- as the export wrote it
    sent_on       TEXT,                      -- ISO date, when it could be read
    message       TEXT NOT NULL DEFAULT '',
    imported_at   TEXT NOT NULL
);
CREATE INDEX linkedin_invitations_sent ON linkedin_invitations (direction, sent_on);
CREATE TABLE linkedin_connections (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,  -- the normalised URL, else name|connected on
    name          TEXT NOT NULL,
    url           TEXT NOT NULL DEFAULT '',
    company       TEXT NOT NULL DEFAULT '',
    position      TEXT NOT NULL DEFAULT '',
    connected_on  TEXT,                  -- ISO date
    imported_at   TEXT NOT NULL
);
CREATE INDEX linkedin_connections_name ON linkedin_connections (name);
"""
