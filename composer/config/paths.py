"""Where Composer keeps its data: ``COMPOSER_HOME``, else the platform's user data dir.

``COMPOSER_HOME`` is read like every other setting: the environment, then ``.env`` in
the working directory (``composer.config.dotenv.env_value``).

Standard library only: ``~/.local/share/composer`` (or ``$XDG_DATA_HOME/composer``) on
Linux, ``~/Library/Application Support/composer`` on macOS, ``%LOCALAPPDATA%\\composer``
on Windows.
"""

from __future__ import annotations

import os
import stat
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


def cache_dir() -> Path:
    """The user's cache folder for Composer (not created here): ``$XDG_CACHE_HOME/composer``
    or ``~/.cache/composer`` on Linux, ``~/Library/Caches/composer`` on macOS,
    ``%LOCALAPPDATA%\\composer\\Cache`` on Windows. Read from the environment only, never
    from a project's ``.env``: caches hold compiled code, and a folder of a project's
    choosing must never be where it is loaded from."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / APP


def private_cache(name: str) -> Path | None:
    """``cache_dir()/name``, created 0700, or None when it cannot be trusted: not ours, or
    writable by others (someone else could plant compiled code there)."""
    folder = cache_dir() / name
    try:
        folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.mkdir(exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder if all(trusted(p) for p in (folder, folder.parent)) else None


def trusted(path: Path) -> bool:
    """May Composer load compiled code or marshalled data from ``path``? Only when it is
    owned by this user (or root, like the installed package itself), is not a symlink,
    and nobody else can write it. (On Windows, which has no such modes, always True.)"""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows
        return True
    try:
        st = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(st.st_mode) or st.st_uid not in (os.getuid(), 0):
        return False
    return not st.st_mode & 0o022
