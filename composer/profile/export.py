"""The user's own profile, read from their export: Profile, Positions, Education,
Skills and Languages.

Only ``Profile.csv`` is required (it holds the name); the other files are optional
and a missing one just leaves that part of the profile empty. The export says
nothing about a photo, so ``photo`` stays unknown (``None``) and ``origin`` is
``"export"``: the sender audit then says to check the photo, not to add a field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from composer.core.errors import InputError
from composer.core.profile import Profile
from composer.export import columns
from composer.export.dates import parse_date
from composer.export.source import ExportSource
from composer.export.table import Table, read_table
from composer.profile.readers import profile_from_dict
from composer.text.language import language_code


def load_export_profile(path: str | Path) -> Profile:
    """The user's profile from an export folder or ``.zip``."""
    with ExportSource.open(path) as source:
        return profile_from_export(source)


def profile_from_export(source: ExportSource) -> Profile:
    table = _table(source, "Profile.csv", columns.PROFILE)
    if table is None:
        raise InputError(
            "no Profile.csv: expected a profile JSON file or a LinkedIn data export",
            path=str(source.path),
        )
    if not table.rows:
        raise InputError("no profile row", path=table.source)
    row = table.rows[0]
    name = " ".join(f"{row['first_name']} {row['last_name']}".split())
    if not name:
        raise InputError("is empty", path=table.source, field="First Name")
    data: dict[str, Any] = {
        "name": name,
        "headline": row["headline"],
        "about": row["summary"],
        "industry": row["industry"],
        "location": row["location"],
        "url": row["url"],
        "experience": _experience(source),
        "education": _education(source),
        "skills": _column(source, "Skills.csv", columns.SKILLS, "name"),
    }
    profile = profile_from_dict(data, source=table.source)
    profile.origin = "export"  # the audits then do not ask for a "photo" field
    if profile.language is None:
        spoken = spoken_languages(source)
        if spoken:
            profile.language = spoken[0]
    return profile


def spoken_languages(source: ExportSource) -> list[str]:
    """ISO codes of the languages in ``Languages.csv``, in the export's order."""
    codes: list[str] = []
    for name in _column(source, "Languages.csv", columns.LANGUAGES, "name"):
        code = language_code(name)
        if code and code not in codes:
            codes.append(code)
    return codes


def _table(source: ExportSource, name: str, cols: dict[str, tuple[str, ...]]) -> Table | None:
    with source.lines(name) as lines:
        return None if lines is None else read_table(lines, cols, source=source.where(name))


def _column(
    source: ExportSource, name: str, cols: dict[str, tuple[str, ...]], key: str
) -> list[str]:
    table = _table(source, name, cols)
    return [row[key] for row in table.rows if row[key]] if table else []


def _experience(source: ExportSource) -> list[dict[str, Any]]:
    table = _table(source, "Positions.csv", columns.POSITIONS)
    if table is None:
        return []
    out = []
    for row in table.rows:
        if not (row["company"] or row["title"]):
            continue
        start, end = parse_date(row["start"]), parse_date(row["end"])
        out.append(
            {
                "title": row["title"],
                "company": row["company"],
                "start": start.iso() if start else None,
                "end": end.iso() if end else None,
                "current": end is None and (not row["end"] or _ongoing(row["end"])),
            }
        )
    return out


# What some export versions and spreadsheets write for a position not yet finished.
_ONGOING = frozenset({"present", "current", "now", "actualidad", "actual", "presente", "hoy"})


def _ongoing(text: str) -> bool:
    return text.strip().strip(".").lower() in _ONGOING


def _education(source: ExportSource) -> list[dict[str, str]]:
    table = _table(source, "Education.csv", columns.EDUCATION)
    if table is None:
        return []
    return [
        {"school": row["school"], "degree": " ".join(p for p in (row["degree"], row["field"]) if p)}
        for row in table.rows
        if row["school"]
    ]
