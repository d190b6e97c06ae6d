"""The profile loader: every way a file can be wrong gives one line naming the file and
the field (exit 2, no traceback); unknown fields are ignored; JSON Resume is mapped;
the shipped examples load, match the JSON Schema and have the expected language."""

from __future__ import annotations

import dataclasses
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from composer.cli import main
from composer.core.errors import InputError
from composer.profile import (
    MAX_PROFILE_BYTES,
    Education,
    Experience,
    Post,
    Profile,
    load_profile,
    normalize_url,
)
from tests.support import EXAMPLES, ROOT


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, *needles: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("compose: error: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- error paths, each through the CLI ---------------------------------------------------


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["--to", str(tmp_path / "nobody.json")], capsys)
    assert code == 2 and out == ""
    assert_one_line_error(err, "nobody.json", "no such file")


def test_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = run_cli(["--to", str(folder)], capsys)
    assert code == 2
    assert_one_line_error(err, str(folder))


@pytest.mark.parametrize(
    "argv", [["--to", ""], ["--to", str(EXAMPLES / "priya-shah.json"), "--from", ""]]
)
def test_empty_path(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(argv, capsys)
    assert code == 2
    assert_one_line_error(err, "path is empty")


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ('{"name": "Ana",\n  "headline": "x",,\n}', "line 2, column 19"),
        ('{"name": "Ana"', "line 1, column 15"),
        ("{'name': 'Ana'}", "line 1, column 2"),
    ],
)
def test_invalid_json_says_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, where: str
) -> None:
    path = write(tmp_path, "broken.json", content)
    code, _, err = run_cli(["--to", str(path)], capsys)
    assert code == 2
    assert_one_line_error(err, "broken.json", "invalid JSON", where)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Ana", "experience": [{"title": "CTO", "company": 42}]}, "experience[0].company"),
        ({"name": "Ana", "experience": "CTO at Acme"}, "experience"),
        ({"name": "Ana", "education": [{"school": "UCM"}, "MIT"]}, "education[1]"),
        ({"name": "Ana", "skills": ["Go", 3]}, "skills[1]"),
        ({"name": "Ana", "photo": "yes"}, "photo"),
        ({"name": 7}, "name"),
        ({"name": "Ana", "recent_posts": [{"text": ["a"]}]}, "recent_posts[0].text"),
        ({"name": "Ana", "mutual_connections": "Luis"}, "mutual_connections"),
        ({"name": "Ana", "experience": [{"start": True}]}, "experience[0].start"),
        ({"name": "Ana", "experience": [{"start": 2019.5}]}, "experience[0].start"),
        ({"name": "Ana", "experience": [{"end": 1e400}]}, "experience[0].end"),
        ({"name": "Ana", "experience": [{"current": "yes"}]}, "experience[0].current"),
        ({"name": "Ana", "recent_posts": [{"text": "x", "date": [2024]}]}, "recent_posts[0].date"),
        ({"name": "Ana", "language": 5}, "language"),
        ({"name": "Ana", "language": "klingon"}, "language"),
        # a lone UTF-16 surrogate escape would crash wherever the text is printed or stored
        ({"name": "Ana", "about": "\ud800 hi"}, "about"),
        ({"name": "Ana", "skills": ["Go", "\udfff"]}, "skills[1]"),
        # JSON Resume: named by the JSON Resume field the user wrote
        ({"basics": {"name": "Jane", "profiles": 5}}, "basics.profiles"),
        ({"basics": {"name": "Jane", "profiles": [{"network": 1}]}}, "basics.profiles[0].network"),
        ({"basics": {"label": "CTO"}}, "basics.name"),
        ({"basics": {"name": "Jane", "location": {"city": 3}}}, "basics.location.city"),
        ({"basics": {"name": "Jane"}, "work": [{"position": 5}]}, "work[0].position"),
        ({"basics": {"name": "Jane"}, "work": [{"startDate": 2019.5}]}, "work[0].startDate"),
        ({"basics": {"name": "Jane"}, "work": {"name": "Acme"}}, "work"),
        ({"basics": {"name": "Jane"}, "education": [{"area": ["CS"]}]}, "education[0].area"),
        ({"basics": {"name": "Jane"}, "skills": [{"name": ["Go"]}]}, "skills[0].name"),
        ({"basics": {"name": "Jane"}, "skills": [3]}, "skills[0]"),
        ({"basics": {"name": "Jane"}, "languages": "English"}, "languages"),
    ],
)
def test_wrong_type_names_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict[str, Any], field: str
) -> None:
    path = write(tmp_path, "typed.json", json.dumps(data).replace("\\\\u", "\\u"))
    code, _, err = run_cli(["--to", str(path)], capsys)
    assert code == 2
    assert_one_line_error(err, "typed.json", f"'{field}'")


@pytest.mark.parametrize("data", [{"headline": "CTO"}, {"name": "   "}, {"name": None}])
def test_missing_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict[str, Any]
) -> None:
    path = write(tmp_path, "anon.json", json.dumps(data))
    code, _, err = run_cli(["--to", str(path)], capsys)
    assert code == 2
    assert_one_line_error(err, "anon.json", "'name'")


@pytest.mark.parametrize("content", ["", "  \n", "\ufeff"])
def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    path = write(tmp_path, "empty.json", content)
    code, _, err = run_cli(["--to", str(path)], capsys)
    assert code == 2
    assert_one_line_error(err, "empty.json", "empty")


def test_not_an_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "list.json", "[]")
    code, _, err = run_cli(["--to", str(path)], capsys)
    assert code == 2
    assert_one_line_error(err, "list.json", "object")


def test_non_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "latin1.json", '{"name": "Jérôme"}'.encode("latin-1"))
    code, _, err = run_cli(["--to", str(path)], capsys)
    assert code == 2
    assert_one_line_error(err, "latin1.json", "UTF-8")


def test_over_the_size_cap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    padding = "x" * (MAX_PROFILE_BYTES + 10)
    path = write(tmp_path, "huge.json", json.dumps({"name": "Ana", "about": padding}))
    code, _, err = run_cli(["--to", str(path)], capsys)
    assert code == 2
    assert_one_line_error(err, "huge.json", "limit")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_stops_at_the_size_cap(capsys: pytest.CaptureFixture[str]) -> None:
    # /dev/zero reports size 0: the cap must hold while reading, not only from stat().
    code, _, err = run_cli(["--to", "/dev/zero"], capsys)
    assert code == 2
    assert_one_line_error(err, "/dev/zero", "over the 2048 KB limit")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_profile_from_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "target.json"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=('{"name": "Ana Pipe"}',))
    writer.start()
    try:
        assert load_profile(fifo).name == "Ana Pipe"
    finally:
        writer.join(timeout=5)


def test_bad_sender_file_is_named_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sender = write(tmp_path, "me.json", '{"name": "Me", "photo": 1}')
    code, _, err = run_cli(
        ["--to", str(EXAMPLES / "priya-shah.json"), "--from", str(sender)], capsys
    )
    assert code == 2
    assert_one_line_error(err, "me.json", "'photo'")


# --- what loads --------------------------------------------------------------------------


def test_unknown_fields_are_ignored(tmp_path: Path) -> None:
    data = {
        "name": "Ana  Ruiz",
        "headline": "CTO at Acme",
        "favourite_colour": "green",
        "experience": [{"title": "CTO", "company": "Acme", "salary": 1, "current": True}],
        "metadata": {"scraped": True},
    }
    profile = load_profile(write(tmp_path, "ana.json", json.dumps(data)))
    assert profile.name == "Ana Ruiz"
    assert profile.first_name == "Ana"
    assert profile.companies == ["Acme"]


@pytest.mark.parametrize(
    ("name", "first"),
    [("Dr. Ana Ruiz", "Ana"), ("Sra. Lucía Pérez", "Lucía"), ("Prof Jane Doe", "Jane"),
     ("Priya Shah", "Priya"), ("Dr.", "Dr.")],
)  # fmt: skip
def test_first_name_skips_honorifics(name: str, first: str) -> None:
    assert Profile(name=name).first_name == first


def test_current_role_without_flag_is_the_one_without_end(tmp_path: Path) -> None:
    data = {
        "name": "Ana",
        "experience": [
            {"title": "Engineer", "company": "Old Co", "start": 2015, "end": 2018},
            {"title": "Lead", "company": "New Co", "start": "2018"},
        ],
    }
    profile = load_profile(write(tmp_path, "ana.json", json.dumps(data)))
    assert profile.current_role is not None
    assert profile.current_role.company == "New Co"
    assert profile.experience[0].start == "2015"  # a year given as a number is kept


def test_json_resume_is_mapped() -> None:
    jane = load_profile(EXAMPLES / "jane-doe.resume.json")
    assert jane.name == "Jane Doe"
    assert jane.headline == "Staff Software Engineer at Wealthsimple"
    assert jane.about.startswith("Staff engineer working on trading systems")
    assert jane.location == "Toronto, Ontario, CA"
    assert jane.photo is True
    assert jane.language == "en" and not jane.language_detected
    assert jane.url == "https://www.linkedin.com/in/jane-doe-staff"
    assert [(e.title, e.company, e.current) for e in jane.experience] == [
        ("Staff Software Engineer", "Wealthsimple", True),
        ("Senior Software Engineer", "Wattpad", False),
    ]
    assert jane.education[0].school == "McGill University"
    assert jane.education[0].degree == "BSc Computer Science"
    assert jane.skills == ["Distributed systems", "Technical leadership"]


def test_json_nested_too_deeply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    code, _, err = run_cli(["--to", str(path)], capsys)
    assert code == 2
    assert_one_line_error(err, "deep.json", "nested too deeply")


@pytest.mark.parametrize(
    ("language", "code"), [("es-ES", "es"), ("ES", "es"), ("pt_BR", "pt"), ("Spanish", "es")]
)
def test_language_is_normalised_to_its_iso_code(tmp_path: Path, language: str, code: str) -> None:
    path = write(tmp_path, "ana.json", json.dumps({"name": "Ana", "language": language}))
    assert load_profile(path).language == code


def test_json_resume_native_language_wins_and_location_may_be_a_string(tmp_path: Path) -> None:
    doc = {
        "basics": {"name": "Luis Gómez", "location": "Sevilla"},
        "work": [{"name": "Bufete Gómez", "position": "Abogado", "startDate": 2015}],
        "languages": [
            {"language": "English", "fluency": "Professional working proficiency"},
            {"language": "Spanish", "fluency": "Native speaker"},
        ],
    }
    luis = load_profile(write(tmp_path, "luis.resume.json", json.dumps(doc)))
    assert luis.language == "es" and not luis.language_detected
    assert luis.location == "Sevilla"
    assert luis.experience[0].start == "2015" and luis.experience[0].current


def test_json_resume_with_spanish_language(tmp_path: Path) -> None:
    doc = {
        "basics": {"name": "Luis Gómez", "label": "Abogado"},
        "languages": [{"language": "Español", "fluency": "Nativo"}],
    }
    luis = load_profile(write(tmp_path, "luis.resume.json", json.dumps(doc)))
    assert luis.language == "es"
    assert luis.headline == "Abogado"


def test_json_resume_without_basics_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "cv.json", json.dumps({"basics": "Jane"}))
    code, _, err = run_cli(["--to", str(path)], capsys)
    assert code == 2
    assert_one_line_error(err, "cv.json", "'basics'")


EXPECTED_LANGUAGE = {
    "me.json": "en",
    "priya-shah.json": "en",
    "lucia-fernandez.json": "es",
    "sender-es.json": "es",
    "javier-morales.json": "es",
    "sam-okafor.json": "en",
    "dana-whitfield.json": "en",
    "jane-doe.resume.json": "en",
}


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.json"))


def test_every_example_is_listed_here() -> None:
    assert {p.name for p in example_files()} == set(EXPECTED_LANGUAGE)


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_examples_load_with_their_language(path: Path) -> None:
    profile = load_profile(path)
    assert profile.language == EXPECTED_LANGUAGE[path.name]


def test_detected_language_for_profiles_without_one() -> None:
    lucia = load_profile(EXAMPLES / "lucia-fernandez.json")
    priya = load_profile(EXAMPLES / "priya-shah.json")
    assert lucia.language_detected and lucia.language == "es"
    assert priya.language_detected and priya.language == "en"


def test_readme_quick_start_profiles_are_complete() -> None:
    me = load_profile(EXAMPLES / "me.json")
    assert me.photo is True and me.headline and me.about and me.experience
    priya = load_profile(EXAMPLES / "priya-shah.json")
    assert priya.recent_posts and priya.experience and priya.education and priya.skills
    assert priya.mutual_connections


# --- the JSON Schema ---------------------------------------------------------------------

SCHEMA = json.loads((ROOT / "examples" / "profile.schema.json").read_text(encoding="utf-8"))
_JSON_TYPES = {
    "string": str,
    "boolean": bool,
    "integer": int,
    "array": list,
    "object": dict,
}


def validate(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """A tiny validator for the subset of JSON Schema the profile schema uses."""
    errors: list[str] = []
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        ok = any(
            isinstance(value, _JSON_TYPES[t]) and not (t == "integer" and isinstance(value, bool))
            for t in names
        )
        if not ok:
            return [f"{where}: expected {names}, got {type(value).__name__}"]
    if isinstance(value, str) and len(value) < schema.get("minLength", 0):
        errors.append(f"{where}: shorter than {schema['minLength']}")
    if isinstance(value, dict):
        errors += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        for key, sub in schema.get("properties", {}).items():
            if key in value and value[key] is not None:
                errors += validate(value[key], sub, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += validate(item, schema["items"], f"{where}[{i}]")
    return errors


def test_schema_is_draft_2020_12_and_requires_only_name() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["type"] == "object"
    assert SCHEMA["required"] == ["name"]


def _fields(cls: type) -> set[str]:
    # How the profile was read (guessed language, export origin), not fields of the file.
    return {f.name for f in dataclasses.fields(cls)} - {"language_detected", "origin"}


def test_schema_properties_match_what_the_loader_reads() -> None:
    props = SCHEMA["properties"]
    assert set(props) == _fields(Profile)
    assert set(props["experience"]["items"]["properties"]) == _fields(Experience)
    assert set(props["education"]["items"]["properties"]) == _fields(Education)
    assert set(props["recent_posts"]["items"]["properties"]) == _fields(Post)
    for name in ("name", "headline", "about", "location", "language", "industry", "url"):
        assert props[name]["type"] == "string", name
    assert props["photo"]["type"] == "boolean"
    for name in ("skills", "groups", "mutual_connections"):
        assert props[name] == {**props[name], "type": "array", "items": {"type": "string"}}


@pytest.mark.parametrize(
    "path", [p for p in example_files() if "resume" not in p.name], ids=lambda p: p.name
)
def test_native_examples_validate_against_the_schema(path: Path) -> None:
    assert validate(json.loads(path.read_text(encoding="utf-8")), SCHEMA) == []


def test_the_validator_catches_what_the_loader_rejects() -> None:
    # The tiny validator must be able to fail, or the test above proves nothing.
    assert validate({"headline": "x"}, SCHEMA) == ["$: missing name"]
    assert validate({"name": "A", "experience": [{"company": 3}]}, SCHEMA)
    assert validate({"name": "A", "skills": ["Go", 1]}, SCHEMA)
    assert validate({"name": "A", "photo": "yes"}, SCHEMA)


def test_loader_rejects_what_the_schema_rejects(tmp_path: Path) -> None:
    bad = {"name": "A", "experience": [{"company": 3}]}
    assert validate(bad, SCHEMA)
    with pytest.raises(InputError):
        load_profile(write(tmp_path, "bad.json", json.dumps(bad)))


@pytest.mark.parametrize("url", ["?", "https://", "https://www.", "#top", "  /  "])
def test_identity_falls_back_to_the_hash_when_the_url_normalises_to_nothing(url: str) -> None:
    ana, bea = Profile(name="Ana", url=url), Profile(name="Bea", url=url)
    assert ana.identity().startswith("sha256:")
    assert ana.identity() != bea.identity()  # not one shared key for everyone
    assert ana.identity() == Profile(name="Ana").identity()  # the empty URL adds nothing


def test_identity_is_the_normalised_url() -> None:
    profile = Profile(name="Ana", url="https://www.linkedin.com/in/Ana-Garcia/?x=1")
    assert profile.identity() == "linkedin.com/in/ana-garcia"


@pytest.mark.parametrize(
    "url",
    [
        "https://es.linkedin.com/in/María-López/",
        "http://uk.linkedin.com/in/mar%C3%ADa-l%C3%B3pez?trk=people",
        "www.linkedin.com/in/mar%c3%ada-l%c3%b3pez#about",
        "linkedin.com/in/maría-lópez",
    ],
)
def test_country_hosts_and_percent_encoding_are_one_profile(url: str) -> None:
    assert normalize_url(url) == "linkedin.com/in/maría-lópez"


def test_only_linkedin_country_hosts_are_folded() -> None:
    assert normalize_url("https://es.example.com/in/ana") == "es.example.com/in/ana"
    assert normalize_url("https://es.linkedin.company.com/x") == "es.linkedin.company.com/x"


def test_a_lone_surrogate_is_placed_where_a_person_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "s.json", '{"name": "J\\ud800"}')
    code, _, err = run_cli(["--to", str(path)], capsys)
    assert code == 2
    assert "(\\ud800) at character 2:" in err  # "J" is the first
