"""Where Composer keeps its data: ``COMPOSER_HOME``, else the platform's user data dir.

``COMPOSER_HOME`` is read like every other setting: the environment, then ``.env`` in
the working directory (``composer.config.dotenv.env_value``).

Standard library only: ``~/.local/share/composer`` (or ``$XDG_DATA_HOME/composer``) on
Linux, ``~/Library/Application Support/composer`` on macOS, ``%LOCALAPPDATA%\\composer``
on Windows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "composer"
DB_NAME = "history.db"


def data_dir() -> Path:
    """The directory for Composer's data (not created here)."""
    from composer.config.dotenv import env_value

    home = env_value("COMPOSER_HOME")
    if home:
        return Path(home).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    xdg = os.environ.get("XDG_DATA_HOME")
    return Path(xdg if xdg else Path.home() / ".local" / "share") / APP


def default_db_path() -> Path:
    return data_dir() / DB_NAME
