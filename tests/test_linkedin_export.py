"""The user's profile read from a LinkedIn export: folder, .zip, and drifted headers.

``build_variant`` rewrites the fixture export the way another export version writes it
(other header spellings, column order, date formats, CRLF, BOM, no ``Notes:`` preamble,
no Direction column); other test modules import it to prove their figures don't move.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from composer.core.errors import InputError
from composer.profile import load_profile
from tests.support.linkedin import FIXTURE, VARIANT_FOLDER, VARIANT_ZIP, build_variant, zip_export


def _assert_is_marta(profile_path: Path) -> None:
    p = load_profile(profile_path)
    assert p.name == "Marta Ruiz López"
    assert p.headline.startswith("Head of Data en Datalia")
    assert p.location == "Madrid, Comunidad de Madrid, España"
    assert p.language == "es"
    assert [(e.company, e.title, e.start, e.end, e.current) for e in p.experience] == [
        ("Datalia", "Head of Data", "2021-03", None, True),
        ("Banco Meridiano", "Data Engineer", "2016-09", "2021-02", False),
    ]
    assert p.schools == ["Universidad Politécnica de Madrid"]
    assert p.skills == [
        "Ingeniería de datos",
        "Python",
        "SQL",
        "Apache Spark",
        "Liderazgo de equipos",
    ]
    assert p.photo is None  # the export does not say
    assert p.origin == "export"


def test_sender_profile_from_the_export_folder() -> None:
    _assert_is_marta(FIXTURE)
    p = load_profile(FIXTURE)
    assert p.about.startswith("Lidero el equipo de datos de Datalia en Madrid.\nConstruyo")
    assert p.industry == "Tecnología de la información"


def test_sender_profile_from_the_zip_even_inside_a_dated_folder(tmp_path: Path) -> None:
    _assert_is_marta(zip_export(FIXTURE, tmp_path / "export.zip"))
    _assert_is_marta(zip_export(FIXTURE, tmp_path / "nested.ZIP", prefix="Basic_LinkedIn_2024/"))


def test_sender_profile_from_another_export_version(tmp_path: Path) -> None:
    variant = build_variant(tmp_path / "variant")
    _assert_is_marta(variant)
    _assert_is_marta(VARIANT_ZIP)
    assert load_profile(VARIANT_ZIP).industry == ""  # that version has no Industry column


def test_a_folder_with_one_export_inside_is_read(tmp_path: Path) -> None:
    """~/Downloads holding one unpacked export (and other CSV files of its own)."""
    shutil.copytree(FIXTURE, tmp_path / "Basic_LinkedInDataExport_01-01-2025")
    (tmp_path / "budget.csv").write_text("Item,Cost\nRent,900\n")
    _assert_is_marta(tmp_path)


def test_two_exports_side_by_side_are_refused_not_mixed(tmp_path: Path) -> None:
    """Profile.csv from one export and Invitations.csv from another would be one person's
    profile with another person's history: say which folders, and read neither."""
    shutil.copytree(FIXTURE, tmp_path / "export-2024")
    (tmp_path / "export-2025").mkdir()
    shutil.copy(FIXTURE / "Invitations.csv", tmp_path / "export-2025" / "Invitations.csv")
    for where in (tmp_path, zip_export_tree(tmp_path, tmp_path.parent / "both.zip")):
        with pytest.raises(InputError) as caught:
            load_profile(where)
        assert str(caught.value) == (
            f"{where}: holds 2 LinkedIn exports (export-2024, export-2025): give the one to read"
        )
    # An export at the top level wins over the folders below it, and only its own files
    # are read: Positions.csv one folder down does not fill in a top level without one.
    shutil.copy(FIXTURE / "Profile.csv", tmp_path / "Profile.csv")
    assert load_profile(tmp_path).experience == []
    for path in FIXTURE.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    _assert_is_marta(tmp_path)


def zip_export_tree(folder: Path, dest: Path) -> Path:
    with zipfile.ZipFile(dest, "w") as archive:
        for path in sorted(folder.rglob("*.csv")):
            archive.write(path, path.relative_to(folder).as_posix())
    return dest


def test_the_committed_variant_zip_is_what_build_variant_writes(tmp_path: Path) -> None:
    """tests/fixtures/linkedin-export-variant.zip holds, byte for byte, what
    ``build_variant`` writes, so the two cannot drift apart."""
    folder = build_variant(tmp_path / "v")
    with zipfile.ZipFile(VARIANT_ZIP) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    expected = {VARIANT_FOLDER + p.name: p.read_bytes() for p in folder.glob("*.csv")}
    assert members == expected, "rebuild it: python -m tests.support.linkedin"


def test_optional_files_may_be_missing(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "Profile.csv").write_text("First Name,Last Name,Headline\nAna,Gil,CTO\n")
    p = load_profile(tmp_path / "x")
    assert (p.name, p.headline, p.experience, p.skills) == ("Ana Gil", "CTO", [], [])


def test_spoken_language_is_used_when_the_text_says_nothing(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "Profile.csv").write_text("First Name,Last Name\nAna,Gil\n")
    (tmp_path / "x" / "Languages.csv").write_text("Name,Proficiency\nEspañol,Native\n")
    assert load_profile(tmp_path / "x").language == "es"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: None, r"x: no Profile\.csv: expected a profile JSON file or a LinkedIn"),
        (lambda d: (d / "Profile.csv").write_text("First Name,Last Name\n"),
         r"Profile\.csv: no profile row$"),
        (lambda d: (d / "Profile.csv").write_text("Name;Surname\nAna;Gil\n"),
         r"Profile\.csv: no header row naming the columns \(First Name, Last Name"),
        (lambda d: (d / "Profile.csv").write_bytes(b"\x00\x9d\xff" * 50),
         r"Profile\.csv: not a text file"),
        (lambda d: (d / "Profile.csv").write_text("First Name,Last Name,Headline\n , ,CTO\n"),
         r"Profile\.csv: field 'First Name': is empty$"),
    ],
)  # fmt: skip
def test_unreadable_export_files_are_named(tmp_path: Path, setup: object, message: str) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    assert callable(setup)
    setup(folder)
    with pytest.raises(InputError, match=message):
        load_profile(folder)


def test_a_damaged_zip_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "export.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"export\.zip: not a zip archive"):
        load_profile(bad)
    with pytest.raises(InputError, match=r"missing\.zip: no such file or folder"):
        load_profile(tmp_path / "missing.zip")


def test_compose_drafts_as_the_export_user(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from composer.cli import main
    from tests.support import EXAMPLES

    archive = zip_export(FIXTURE, tmp_path / "export.zip")
    target = EXAMPLES / "lucia-fernandez.json"
    code = main(["--to", str(target), "--from", str(archive), "--engine", "offline", "--json"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert "Marta" in json.loads(out)["note"]  # introduced as the export's user


def test_an_export_sender_is_not_told_to_add_a_photo_field(tmp_path: Path) -> None:
    from composer.checker.audits import audit_sender

    assert audit_sender(load_profile(FIXTURE)) == []  # complete, photo unknowable
    # The same export without the summary: the audit names what is missing and asks to
    # check the photo on LinkedIn, not to add '"photo": true' to a file there is none of.
    rows = list(csv.reader(io.StringIO((FIXTURE / "Profile.csv").read_text("utf-8"))))
    summary = rows[0].index("Summary")
    rows[1][summary] = ""
    folder = tmp_path / "export"
    folder.mkdir()
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    (folder / "Profile.csv").write_text(out.getvalue(), "utf-8")
    (finding,) = audit_sender(load_profile(folder))
    assert "an About summary" in finding.message
    assert '"photo"' not in finding.message
    assert "check your photo on LinkedIn" in finding.message


def _damaged_member(tmp_path: Path) -> Path:
    """A zip whose Positions.csv is stored but whose bytes were damaged in transit."""
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        for path in sorted(FIXTURE.glob("*.csv")):
            z.write(path, "Basic_2024/" + path.name)
    data = bytearray(archive.read_bytes())
    at = data.index(b"Datalia,Head of Data")  # inside Positions.csv's stored bytes
    data[at : at + 7] = b"XXXXXXX"
    archive.write_bytes(bytes(data))
    return archive


def _not_a_zip(tmp_path: Path) -> Path:
    (tmp_path / "export.zip").write_bytes(b"PK\x03\x04 cut short")
    return tmp_path / "export.zip"


def _folder_with(tmp_path: Path, name: str, content: bytes | None) -> Path:
    folder = tmp_path / "e"
    folder.mkdir()
    (folder / "Profile.csv").write_text("First Name,Last Name\nAna,Gil\n")
    if content is None:
        (folder / name).mkdir()  # a folder named like the file: cannot be read
    else:
        (folder / name).write_bytes(content)
    return folder


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_not_a_zip,
         "{d}/export.zip: not a zip archive (or a damaged one): expected a LinkedIn export"),
        (_damaged_member, "{d}/export.zip:Basic_2024/Positions.csv: cannot extract (Bad CRC-32"),
        (lambda d: _folder_with(d, "Positions.csv", None),
         "{d}/e/Positions.csv: cannot read file (Is a directory)"),
        (lambda d: _folder_with(d, "Skills.csv", b"\x00\xff" * 9),
         "{d}/e/Skills.csv: not a text file"),
        (lambda d: _folder_with(d, "Education.csv", b'School Name,Degree Name\n"Universidad'),
         "{d}/e/Education.csv: line 2: a quoted field is never closed"),
    ],
)  # fmt: skip
def test_a_bad_export_for_from_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, message: str
) -> None:
    from composer.cli import main
    from tests.support import EXAMPLES

    export = make(tmp_path)
    target = EXAMPLES / "lucia-fernandez.json"
    code = main(["--to", str(target), "--from", str(export), "--engine", "offline"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("compose: error: " + message.format(d=tmp_path)), err
    assert err.count("\n") == 1


def test_a_position_finished_present_is_current(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "Profile.csv").write_text("First Name,Last Name\nAna,Gil\n")
    (folder / "Positions.csv").write_text(
        "Company Name,Title,Started On,Finished On\n"
        "Acme,CTO,Mar 2021,Present\nFoo,Dev,2018-01,Actualidad\nBar,Intern,2017,Oct 2017\n"
        "Baz,Advisor,2016,sometime\n"
    )
    p = load_profile(folder)
    assert [(e.company, e.start, e.end, e.current) for e in p.experience] == [
        ("Acme", "2021-03", None, True),
        ("Foo", "2018-01", None, True),
        ("Bar", "2017", "2017-10", False),
        ("Baz", "2016", None, False),  # an end that is not a date: finished, when unknown
    ]


def test_one_file_of_the_export_is_not_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--from Profile.csv` or `compose import Connections.csv`: say to give the folder
    (not "invalid JSON" nor "not a zip archive")."""
    from composer.cli import main
    from tests.support import EXAMPLES

    target = str(EXAMPLES / "lucia-fernandez.json")
    profile_csv = FIXTURE / "Profile.csv"
    assert main(["--to", target, "--from", str(profile_csv), "--engine", "offline"]) == 2
    assert capsys.readouterr().err == (
        f"compose: error: {profile_csv}: a CSV file: expected a profile JSON file, or a"
        " LinkedIn data export (its folder or .zip, not one of its files)\n"
    )
    for argv in (["import"], ["triage"]):
        assert main([*argv, str(FIXTURE / "Connections.csv")]) == 2
        assert capsys.readouterr().err == (
            f"compose: error: {FIXTURE / 'Connections.csv'}: one file of a LinkedIn export:"
            f" give the export folder that holds it ({FIXTURE}) or the .zip\n"
        )
