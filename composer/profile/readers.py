"""Profile readers: native profile JSON, JSON Resume, and the loader that picks one.

``read_json`` reads a JSON file and ``profile_from_dict`` turns its data into a
``Profile``; anything wrong with the file raises ``InputError`` with one line naming
the file and the field.
``profile_from_dict`` does the same for data that came from elsewhere (a JSONL
line, a CSV row). Unknown fields are ignored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from composer.core.errors import InputError
from composer.core.profile import Education, Experience, Post, Profile
from composer.text.language import detect_language, language_code
from composer.text.terminal import safe_text

MAX_PROFILE_BYTES = 2 * 1024 * 1024  # a LinkedIn profile is a few KB; 2 MB is generous
MAX_INT_DIGITS = 40  # longer whole numbers are kept as text and named where they are read


class HugeNumber(str):
    """A whole number too long to be a year or a count, as it was written: Python
    refuses to convert more than 4,300 digits, so ``loads_json`` keeps it as text and
    the field reader names it. (A ``str`` subclass so that ``json.dumps`` can write it
    back; every reader checks for it before accepting a string.)"""

    __slots__ = ()


def _parse_int(digits: str) -> int | HugeNumber:
    return int(digits) if len(digits) <= MAX_INT_DIGITS else HugeNumber(digits)


def loads_json(text: str, *, what: str = "a profile") -> Any:
    """``json.loads`` that never crashes on hostile input: a huge whole number becomes a
    ``HugeNumber`` (named later by the field that holds it) and nesting too deep for
    Python's parser is a ``ValueError`` with a message, like invalid JSON."""
    try:
        return json.loads(text, parse_int=_parse_int)
    except RecursionError:
        raise ValueError(f"the JSON is nested too deeply to be {what}") from None


def read_json(path: str | Path, *, what: str, max_bytes: int, expected: str = "") -> Any:
    """The parsed JSON of a small file (``what`` is "a profile", "an invitation"...);
    every failure is an ``InputError`` naming the file, in one line. ``expected`` says
    what an empty file should have held (default: ``what`` as a JSON object)."""
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise InputError(f"is a directory, expected {what} JSON file", path=name)
        size = p.stat().st_size
        if size <= max_bytes:
            # Read at most one byte past the cap: a pipe or a device (/dev/stdin,
            # /dev/zero) has no size to check beforehand.
            with p.open("rb") as stream:
                raw = stream.read(max_bytes + 1)
        if size > max_bytes or len(raw) > max_bytes:
            how_big = f"file is {size // 1024} KB, over" if size > max_bytes else "over"
            raise InputError(f"{how_big} the {max_bytes // 1024} KB limit for {what}", path=name)
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except PermissionError:
        raise InputError("permission denied", path=name) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, expected {what} JSON file", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (bad byte at offset {exc.start}); save the file as UTF-8",
            path=name,
        ) from None
    if not text.strip():
        wanted = expected or f"{what} as a JSON object"
        raise InputError(f"the file is empty, expected {wanted}", path=name)
    return parse_json(text, what=what, source=name)


def parse_json(text: str, *, what: str, source: str) -> Any:
    """``loads_json`` with every failure an ``InputError`` naming ``source``, in one line."""
    try:
        return loads_json(text, what=what)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", path=source
        ) from None
    except ValueError as exc:
        raise InputError(str(exc), path=source) from None


def profile_from_dict(data: Any, *, source: str = "<profile>") -> Profile:
    """Build a ``Profile`` from parsed JSON: the native format or a JSON Resume."""
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object, got {_json_type(data)}", path=source)
    if "basics" in data and "name" not in data:
        data = _from_json_resume(data, source)
    name = _str(data, "name", source, required=True)
    if not name.strip():
        raise InputError("must not be empty", path=source, field="name")
    language = _language_code(_opt_str(data, "language", source), source)
    profile = Profile(
        name=" ".join(name.split()),
        headline=_str(data, "headline", source),
        about=_str(data, "about", source),
        location=_str(data, "location", source),
        language=language,
        photo=_opt_bool(data, "photo", source),
        industry=_str(data, "industry", source),
        experience=[
            Experience(
                title=_str(item, "title", source, prefix=f"experience[{i}]"),
                company=_str(item, "company", source, prefix=f"experience[{i}]"),
                start=_opt_str(item, "start", source, prefix=f"experience[{i}]", year=True),
                end=_opt_str(item, "end", source, prefix=f"experience[{i}]", year=True),
                current=bool(_opt_bool(item, "current", source, prefix=f"experience[{i}]")),
            )
            for i, item in enumerate(_list_of_objects(data, "experience", source))
        ],
        education=[
            Education(
                school=_str(item, "school", source, prefix=f"education[{i}]"),
                degree=_str(item, "degree", source, prefix=f"education[{i}]"),
            )
            for i, item in enumerate(_list_of_objects(data, "education", source))
        ],
        skills=_list_of_str(data, "skills", source),
        groups=_list_of_str(data, "groups", source),
        recent_posts=[
            Post(
                text=_str(item, "text", source, prefix=f"recent_posts[{i}]"),
                date=_opt_str(item, "date", source, prefix=f"recent_posts[{i}]", year=True),
            )
            for i, item in enumerate(_list_of_objects(data, "recent_posts", source))
        ],
        mutual_connections=_list_of_str(data, "mutual_connections", source),
        url=_str(data, "url", source),
    )
    # A current role with no end date and no explicit flag is the current one.
    if profile.experience and not any(e.current for e in profile.experience):
        for exp in profile.experience:
            if not exp.end:
                exp.current = True
                break
    if profile.language is None:
        profile.language = detect_language(profile.text()) or None
        profile.language_detected = profile.language is not None
    return profile


def _language_code(value: str | None, source: str) -> str | None:
    """``"es-ES"``, ``"ES"``, ``"Spanish"`` -> ``"es"``; anything else that is not an ISO
    639 code is bad input, named."""
    if value is None:
        return None
    code = value.lower().replace("_", "-").split("-")[0]
    if len(code) in (2, 3) and code.isascii() and code.isalpha():
        return code
    named = language_code(value)
    if named:
        return named
    raise InputError(
        f"expected an ISO 639-1 code such as 'en' or 'es', got {value!r}",
        path=source,
        field="language",
    )


# --- JSON Resume (https://jsonresume.org/schema) -------------------------------------


def _from_json_resume(data: dict[str, Any], source: str) -> dict[str, Any]:
    """The native fields of a JSON Resume document; a wrong type is named by its JSON
    Resume field (``work[0].position``), the one the user wrote."""
    basics = data.get("basics")
    if not isinstance(basics, dict):
        raise InputError(
            f"expected an object, got {_json_type(basics)}", path=source, field="basics"
        )
    name = _str(basics, "name", source, required=True, prefix="basics")
    location = basics.get("location")
    if isinstance(location, dict):
        loc = ", ".join(
            part
            for k in ("city", "region", "countryCode")
            if (part := _str(location, k, source, prefix="basics.location"))
        )
    else:
        loc = _str(basics, "location", source, prefix="basics")  # a plain string, or nothing
    url = ""
    for i, prof in enumerate(_list_of_objects(basics, "profiles", source, prefix="basics")):
        where = f"basics.profiles[{i}]"
        if "linkedin" in _str(prof, "network", source, prefix=where).lower():
            url = _str(prof, "url", source, prefix=where)
    out: dict[str, Any] = {
        "name": name,
        "headline": _str(basics, "label", source, prefix="basics"),
        "about": _str(basics, "summary", source, prefix="basics"),
        "location": loc,
        "photo": bool(_str(basics, "image", source, prefix="basics"))
        if "image" in basics
        else None,
        "url": url or _str(basics, "url", source, prefix="basics"),
    }
    out["experience"] = [
        {
            "title": _str(w, "position", source, prefix=f"work[{i}]"),
            "company": _str(w, "name", source, prefix=f"work[{i}]")
            or _str(w, "company", source, prefix=f"work[{i}]"),
            "start": _opt_str(w, "startDate", source, prefix=f"work[{i}]", year=True),
            "end": (end := _opt_str(w, "endDate", source, prefix=f"work[{i}]", year=True)),
            "current": not end,
        }
        for i, w in enumerate(_list_of_objects(data, "work", source))
    ]
    out["education"] = [
        {
            "school": _str(e, "institution", source, prefix=f"education[{i}]"),
            "degree": " ".join(
                x
                for key in ("studyType", "area")
                if (x := _str(e, key, source, prefix=f"education[{i}]"))
            ),
        }
        for i, e in enumerate(_list_of_objects(data, "education", source))
    ]
    skills = data.get("skills")
    if skills is not None and not isinstance(skills, list):
        raise InputError(f"expected a list, got {_json_type(skills)}", path=source, field="skills")
    out["skills"] = [
        _str(s, "name", source, prefix=f"skills[{i}]") if isinstance(s, dict) else s
        for i, s in enumerate(skills or [])
    ]  # objects {"name": ...} or plain strings; anything else is named by the native reader
    out["skills"] = [s for s in out["skills"] if s != ""]
    out["language"] = _resume_language(data, source)
    return out


def _resume_language(data: dict[str, Any], source: str) -> str | None:
    """The ISO code of the language the person speaks natively (its ``fluency`` says
    "native"), else of the first one listed; None when it is not one Composer knows."""
    spoken = []
    for i, item in enumerate(_list_of_objects(data, "languages", source)):
        where = f"languages[{i}]"
        name = _str(item, "language", source, prefix=where).lower()
        fluency = _str(item, "fluency", source, prefix=where).lower()
        spoken.append((not fluency.startswith(("native", "nativ", "lengua materna")), name))
    if not spoken:
        return None
    name = min(spoken, key=lambda pair: pair[0])[1]  # the first native one, else the first
    code = language_code(name)
    if code is not None:
        return code
    return name if len(name) == 2 and name.isascii() and name.isalpha() else None


# --- field readers: each names the file and the field in its error --------------------


def _json_type(value: Any) -> str:
    if isinstance(value, HugeNumber):
        return f"a number of {len(value)} digits"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _field(key: str, prefix: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _str(
    data: dict[str, Any], key: str, source: str, *, required: bool = False, prefix: str = ""
) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise InputError("is required", path=source, field=_field(key, prefix))
        return ""
    if not isinstance(value, str) or isinstance(value, HugeNumber):
        raise InputError(
            f"expected a string, got {_json_type(value)}", path=source, field=_field(key, prefix)
        )
    return _text(value, source, _field(key, prefix))


def _opt_str(
    data: dict[str, Any], key: str, source: str, *, prefix: str = "", year: bool = False
) -> str | None:
    """A string or nothing; with ``year``, a whole number is taken as a year (2019)."""
    value = data.get(key)
    if value is None:
        return None
    if year and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a year given as a number
    if not isinstance(value, str) or isinstance(value, HugeNumber):
        wanted = "a string or a year" if year else "a string"
        raise InputError(
            f"expected {wanted}, got {_json_type(value)}", path=source, field=_field(key, prefix)
        )
    return _text(value, source, _field(key, prefix)) or None


def _text(value: str, source: str, field: str) -> str:
    """``value`` stripped; a lone UTF-16 surrogate ("\\ud800" in the JSON) is bad input,
    named here, rather than a crash wherever the text is next printed or stored."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = ord(value[exc.start])
        raise InputError(
            f"has an unpaired surrogate escape (\\u{bad:04x}) at character {exc.start + 1}: "
            "remove it or give the whole pair",
            path=source,
            field=field,
        ) from None
    # A control character or a bidi override is escaped here, once: it never reaches a
    # note, the history or the terminal.
    return safe_text(value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _opt_bool(data: dict[str, Any], key: str, source: str, *, prefix: str = "") -> bool | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise InputError(
            f"expected true or false, got {_json_type(value)}",
            path=source,
            field=_field(key, prefix),
        )
    return value


def _list_of_str(data: dict[str, Any], key: str, source: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(
            f"expected a list of strings, got {_json_type(value)}", path=source, field=key
        )
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or isinstance(item, HugeNumber):
            raise InputError(
                f"expected a string, got {_json_type(item)}", path=source, field=f"{key}[{i}]"
            )
        if text := _text(item, source, f"{key}[{i}]"):
            out.append(text)
    return out


def _list_of_objects(
    data: dict[str, Any], key: str, source: str, *, prefix: str = ""
) -> list[dict[str, Any]]:
    value = data.get(key)
    where = _field(key, prefix)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(
            f"expected a list of objects, got {_json_type(value)}", path=source, field=where
        )
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise InputError(
                f"expected an object, got {_json_type(item)}", path=source, field=f"{where}[{i}]"
            )
    return value
