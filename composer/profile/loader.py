"""``load_profile(path)``: a profile file or a LinkedIn data export, read by the right reader."""

from __future__ import annotations

from pathlib import Path

from composer.core.errors import InputError
from composer.core.profile import Profile
from composer.profile.readers import MAX_PROFILE_BYTES, profile_from_dict, read_json


def load_profile(path: str | Path) -> Profile:
    """Read a profile JSON file (native or JSON Resume), or a LinkedIn data export
    folder or ``.zip``, into a ``Profile``."""
    p = Path(path)
    name = str(path)
    if not name.strip():  # Path("") is ".", the current folder: not what was meant
        raise InputError("the profile path is empty: give a JSON file")
    if p.suffix.lower() == ".csv" and p.is_file():
        raise InputError(
            "a CSV file: expected a profile JSON file, or a LinkedIn data export"
            " (its folder or .zip, not one of its files)",
            path=name,
        )
    if p.is_dir() or p.suffix.lower() == ".zip":
        # A LinkedIn data export (folder or .zip). Imported here, not at the top: only
        # `--from EXPORT` needs the CSV readers.
        from composer.profile.export import load_export_profile

        return load_export_profile(p)
    data = read_json(
        p, what="a profile", max_bytes=MAX_PROFILE_BYTES,
        expected="a JSON object with at least 'name'",
    )  # fmt: skip
    return profile_from_dict(data, source=name)
