"""Read batch targets: a JSONL file, a CSV file or a directory of profile JSON files.

``read_targets(path) -> list[Target]``. Each target carries its profile, or the one-line
error that made its line unusable (a malformed line is a target that failed, not the
end of the run), where it came from (``file:line``), an optional per-row goal, and the
identity batch mode uses to skip what is already done.

CSV columns: name, headline, company, title, location, language, url, about, plus
optional goal, goal_preset, register (``tu``/``usted``), and skills /
mutual_connections / groups (separated by ``;``). Header names are matched case-,
space-, dash- and camelCase-blind, with the usual variants (``Full Name``, ``First
Name`` + ``Last Name``, ``Job Title`` / ``Position``, ``Company Name`` / ``Organization``,
``Profile URL`` / ``LinkedIn URL``, ``Summary``; see ``CSV_COLUMNS``). Other columns are ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from composer.core.errors import ComposerError, InputError
from composer.core.goals import Goal, resolve_preset
from composer.export.table import csv_records, normalize_header, text_lines
from composer.history.identity import person_id
from composer.profile import MAX_PROFILE_BYTES, Profile, load_profile, profile_from_dict
from composer.profile.readers import HugeNumber, loads_json, parse_json

CSV_FIELDS = ("name", "headline", "company", "title", "location", "language", "url", "about")
CSV_LISTS = ("skills", "mutual_connections", "groups")
GOAL_FIELDS = ("goal", "goal_preset", "register")
# Our key -> the header spellings read as it (compared by ``_fold``: "LinkedIn URL",
# "linkedin_url" and "linkedinUrl" are one).
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "contact name", "person name"),
    "first_name": ("first name", "given name"),
    "last_name": ("last name", "family name", "surname"),
    "headline": ("headline", "tagline"),
    "company": ("company", "company name", "organization", "organisation", "employer"),
    "title": ("title", "job title", "position", "role"),
    "location": ("location", "city", "geo location"),
    "language": ("language", "lang"),
    "url": ("url", "profile url", "public profile url", "linkedin url", "linkedin",
            "linkedin profile", "profile"),
    "about": ("about", "summary", "bio"),
    "goal": ("goal",),
    "goal_preset": ("goal preset", "preset"),
    "register": ("register", "tratamiento"),
    "skills": ("skills",),
    "mutual_connections": ("mutual connections", "mutuals"),
    "groups": ("groups",),
}  # fmt: skip


def _fold(header: str) -> str:
    return normalize_header(header).replace(" ", "")


_CSV_HEADERS = {_fold(alias): key for key, names in CSV_COLUMNS.items() for alias in names}


@dataclass(slots=True)
class Target:
    where: str  # "targets.csv:7", "people/ana.json": what error messages point at
    identity: str  # person_id(profile), or "invalid:<hash>" for a line that failed
    profile: Profile | None = None
    goal: Goal | None = None  # a per-row goal; None means the run's goal
    register: str | None = None  # a per-row "tu"/"usted"; None means the run's setting
    error: str | None = None
    line: int | None = None

    @property
    def name(self) -> str:
        return self.profile.name if self.profile else ""


def read_targets(path: str | Path) -> list[Target]:
    """Every target in ``path``; raises ``InputError`` only when the whole input is unusable
    (unreadable, an unknown format, no name column, or no target at all). Files are read
    a line at a time: a bad line (not UTF-8, not JSON, too long, an unclosed quote) is a
    target that failed, and the others are drafted."""
    path = Path(path)
    name = str(path)
    if path.is_dir():
        return _read_directory(path)
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".ndjson", ".csv", ".json"):
        raise InputError(
            "unknown targets format: give a .jsonl or .csv file, or a directory of profiles",
            path=name,
        )
    try:
        with path.open("rb") as stream:
            if suffix == ".csv":
                targets = _read_csv(text_lines(stream, name), name)
                empty = "no rows under the header: nobody to draft for"
            elif suffix == ".json":
                targets = _read_json_array(_read_text(stream, name), name)
                empty = "the list of profiles is empty: nobody to draft for"
            else:
                targets = _read_jsonl(stream, name)
                empty = "no profiles in this file (it is empty): nobody to draft for"
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except PermissionError:
        raise InputError("permission denied", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path=name) from None
    if not targets:
        raise InputError(empty, path=name)
    return targets


def _read_text(stream: BinaryIO, source: str) -> str:
    raw = stream.read(MAX_PROFILE_BYTES * 16 + 1)
    if len(raw) > MAX_PROFILE_BYTES * 16:
        raise InputError(
            f"over the {MAX_PROFILE_BYTES * 16 // (1024 * 1024)} MB limit for a JSON list of "
            "profiles; write one profile per line in a .jsonl file",
            path=source,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"line {line}: not UTF-8 text; save the file as UTF-8", path=source
        ) from None


def _invalid(where: str, line: int | None, raw: str, message: str) -> Target:
    # The identity of a bad line is a hash of its text: a rerun skips it (it would fail
    # again), and once the user fixes the line it becomes a new target.
    digest = hashlib.sha256(raw.encode()).hexdigest()[:16]
    return Target(where=where, identity=f"invalid:{digest}", error=_one_line(message), line=line)


def _one_line(message: str) -> str:
    # Messages may quote the input (an unknown preset name): keep them on one line.
    return message.replace("\r", "\\r").replace("\n", "\\n")


def _target(data: Any, where: str, line: int | None, raw: str) -> Target:
    try:
        profile = profile_from_dict(data, source=where)
        goal = _row_goal(data, where)
        register = _row_register(data, where)
    except InputError as exc:
        return _invalid(where, line, raw, exc.message)
    return Target(where=where, identity=person_id(profile), profile=profile, goal=goal,
                  register=register, line=line)  # fmt: skip


def _row_register(data: dict[str, Any], where: str) -> str | None:
    """A row's ``register`` column: "tu"/"tú" or "usted" (blank: the run's setting)."""
    value = data.get("register")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    spelled = {"tu": "tu", "tú": "tu", "usted": "usted"}
    register = spelled.get(value.strip().casefold()) if isinstance(value, str) else None
    if register is None:
        raise InputError("expected tu or usted", path=where, field="register")
    return register


def _row_goal(data: dict[str, Any], where: str) -> Goal | None:
    text = data.get("goal")
    preset = data.get("goal_preset")
    for key, value in (("goal", text), ("goal_preset", preset)):
        if value is not None and (not isinstance(value, str) or isinstance(value, HugeNumber)):
            raise InputError("expected a string", path=where, field=key)
    if not (text and text.strip()) and not (preset and preset.strip()):
        return None
    try:
        canonical = resolve_preset(preset) if preset and preset.strip() else None
    except InputError as exc:
        raise InputError(exc.message, path=where, field="goal_preset") from None
    return Goal(text=(text or "").strip(), preset=canonical)


def _read_jsonl(stream: BinaryIO, source: str) -> list[Target]:
    targets: list[Target] = []
    limit = MAX_PROFILE_BYTES
    for number, raw in enumerate(_byte_lines(stream, limit), start=1):
        where = f"{source}:{number}"
        if raw is None:
            message = f"{where}: line longer than the {limit // 1024} KB limit for a profile"
            targets.append(_invalid(where, number, f"too-long:{number}", message))
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            message = f"{where}: not UTF-8 text (bad byte at column {exc.start + 1})"
            targets.append(_invalid(where, number, raw.decode("utf-8", "replace"), message))
            continue
        try:
            data = loads_json(text)
        except json.JSONDecodeError as exc:
            targets.append(_invalid(where, number, text, f"{where}: invalid JSON ({exc.msg})"))
            continue
        except ValueError as exc:
            targets.append(_invalid(where, number, text, f"{where}: {exc}"))
            continue
        targets.append(_target(data, where, number, text))
    return targets


def _byte_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of ``stream``, one at a time; ``None`` for a line over ``limit`` bytes
    (read to its end and dropped, never held whole)."""
    while raw := stream.readline(limit + 1):
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (more := stream.readline(limit + 1)) and not more.endswith(b"\n"):
                pass
            yield None
            continue
        yield raw


def _read_json_array(text: str, source: str) -> list[Target]:
    data = parse_json(text, what="a list of profiles", source=source)
    if not isinstance(data, list):
        raise InputError(
            "expected a JSON list of profiles (or use a .jsonl file, one profile per line)",
            path=source,
        )
    return [
        _target(item, f"{source}[{i}]", i, json.dumps(item, sort_keys=True))
        for i, item in enumerate(data)
    ]


def _read_csv(lines: Iterator[str | None], source: str) -> list[Target]:
    records = csv_records(lines)
    first = next(records, None)
    if first is not None and first.cells is None:
        raise InputError(f"line 1: unreadable CSV header ({first.error})", path=source)
    header = first.cells if first is not None else None
    if header:
        header = [header[0].lstrip("\ufeff"), *header[1:]]
    if header is None:
        raise InputError(
            "the file is empty: it needs a header row (name, headline, company, ...) and a "
            "row per person",
            path=source,
        )
    columns = _csv_columns(header)
    if "name" not in columns and not {"first_name", "last_name"} & set(columns):
        found = ", ".join(h for h in header if h.strip()) or "nothing"
        raise InputError(
            _one_line(
                f"no 'name' column in the header (found: {found}); name it 'name' "
                "(or 'full name', or 'first name' and 'last name')"
            ),
            path=source,
        )
    targets: list[Target] = []
    for record in records:
        number = record.line
        where = f"{source}:{number}"
        if record.cells is None:
            message = f"{where}: {record.error}"
            targets.append(_invalid(where, number, f"{number}\x1f{record.error}", message))
            continue
        row = record.cells
        if not any(cell.strip() for cell in row):
            continue
        raw = "\x1f".join(row)
        if len(row) > len(columns):
            message = f"{where}: {len(row)} fields but the header has {len(columns)}"
            targets.append(_invalid(where, number, raw, message))
            continue
        cells = {col: cell.strip() for col, cell in zip(columns, row, strict=False)}
        targets.append(_target(_csv_profile(cells), where, number, raw))
    return targets


def _csv_columns(header: list[str]) -> list[str]:
    """Our key for each header cell ("" for a column we do not read, or a repeat)."""
    columns: list[str] = []
    for cell in header:
        key = _CSV_HEADERS.get(_fold(cell), "")
        columns.append("" if key in columns else key)
    return columns


def _csv_profile(cells: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if not cells.get("name"):
        full = " ".join(cells[k] for k in ("first_name", "last_name") if cells.get(k))
        cells = {**cells, "name": full}
    for key in ("name", "headline", "location", "language", "url", "about", *GOAL_FIELDS):
        if cells.get(key):
            data[key] = cells[key]
    if "name" not in data:
        data["name"] = None  # the loader reports it as required, with the line
    if cells.get("company") or cells.get("title"):
        data["experience"] = [
            {"title": cells.get("title", ""), "company": cells.get("company", ""), "current": True}
        ]
    for key in CSV_LISTS:
        if cells.get(key):
            data[key] = [item.strip() for item in cells[key].split(";") if item.strip()]
    return data


def _read_directory(path: Path) -> list[Target]:
    try:
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and p.is_file())
    except OSError as exc:
        raise InputError(
            f"cannot list the folder ({exc.strerror or exc})", path=str(path)
        ) from None
    if not files:
        raise InputError("no profile .json files in this directory", path=str(path))
    targets: list[Target] = []
    for file in files:
        where = str(file)
        try:
            if file.stat().st_size > MAX_PROFILE_BYTES:
                raise InputError("file too large for a profile", path=where)
            profile = load_profile(file)
            data = loads_json(file.read_text("utf-8-sig"))
            goal = _row_goal(data, where)
            register = _row_register(data, where)
        except (ComposerError, OSError, ValueError) as exc:
            message = exc.message if isinstance(exc, ComposerError) else f"{where}: {exc}"
            raw = f"{file.name}\x1f{_safe_read(file)}"
            targets.append(_invalid(where, None, raw, message))
            continue
        targets.append(Target(where=where, identity=person_id(profile), profile=profile, goal=goal,
                              register=register))  # fmt: skip
    return targets


def _safe_read(file: Path) -> str:
    try:
        return file.read_bytes()[:MAX_PROFILE_BYTES].decode("utf-8", "replace")
    except OSError:
        return ""
