"""Invitation triage: accept / consider / ignore, with the catalogue's reasons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from composer.checker.profile_reading import company_as_person
from composer.cli import main
from composer.core.findings import Finding, Report
from composer.core.goals import make_goal
from composer.linkedin.triage import Invitation, ghost_profile, triage
from composer.profile import Profile, profile_from_dict
from composer.profile.export import load_export_profile

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "linkedin-export"
ME = load_export_profile(FIXTURE)  # Marta Ruiz López, Head of Data at Datalia, Madrid


DEFAULT_ES = "Me gustaría añadirte a mi red profesional de LinkedIn."
PITCH_ES = (
    "Ofrecemos software de BI con un 30% de descuento. Pide tu demo gratuita y consulta "
    "nuestro catálogo de precios."
)

RECRUITER: dict[str, Any] = {
    "name": "Irene Castro",
    "headline": "Talent Acquisition Lead at Mercado Norte",
    "about": "Busco perfiles de datos para equipos de analítica retail.",
    "location": "Madrid, España",
    "photo": True,
    "experience": [{"title": "Talent Acquisition Lead", "company": "Mercado Norte"}],
    "skills": ["SQL", "Selección de personal"],
    "language": "es",
}
RECRUITER_NOTE = (
    "Hola Marta, soy Irene, lidero la selección de datos en Mercado Norte. Leí tu artículo "
    "sobre plataformas de datos y me gustaría contarte un puesto de Head of Analytics."
)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _write(tmp_path: Path, data: Any, name: str = "inv.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- the judgement ----------------------------------------------------------------------


def test_a_relevant_person_with_a_personal_note_is_accepted() -> None:
    inviter = profile_from_dict(RECRUITER)
    j = triage(Invitation(inviter, RECRUITER_NOTE), ME, make_goal(preset="job-search"))
    assert j.decision == "accept"
    assert j.reasons == []
    assert "you are both in Madrid" in j.in_favour
    assert "shared skills: sql" in j.in_favour
    assert any(item.startswith("fits job-search") for item in j.in_favour)
    assert j.caveats == []


def test_someone_who_serves_the_goal_needs_no_common_ground() -> None:
    """A recruiter in another city, nothing shared: accepted when job hunting (002:
    people accept contacts that serve their goals), the user's call otherwise."""
    elsewhere = profile_from_dict(
        {**RECRUITER, "location": "Barcelona", "skills": [], "about": "Selección de perfiles."}
    )
    note = "Hola Marta, soy Irene, de selección en Mercado Norte. Buscamos una Head of Data."
    j = triage(Invitation(elsewhere, note), ME, make_goal(preset="job-search"))
    assert [f.rule for f in j.reasons] == ["no-common-ground"]
    assert j.in_favour[0].startswith("fits job-search")
    assert j.decision == "accept"
    assert triage(Invitation(elsewhere, note), ME).decision == "consider"  # no goal given


def test_a_ghost_profile_without_common_ground_is_ignored() -> None:
    ghost = profile_from_dict({"name": "Alex Kane", "photo": False, "location": "Toronto"})
    j = triage(Invitation(ghost, ""), ME)
    assert j.decision == "ignore"
    rules = [f.rule for f in j.reasons]
    assert rules == ["ghost-profile", "not-personalized", "no-common-ground"]
    assert "no photo" in j.reasons[0].message and "no experience" in j.reasons[0].message


def test_a_company_posing_as_a_person_is_ignored_even_with_common_ground() -> None:
    company = profile_from_dict({**RECRUITER, "name": "Mercado Norte S.A."})
    j = triage(Invitation(company, RECRUITER_NOTE), ME)
    assert j.decision == "ignore"
    assert j.reasons[0].rule == "company-as-person"
    assert j.reasons[0].severity == "warning"


@pytest.mark.parametrize(
    ("name", "flagged"),
    [
        ("Soluciones Digitales S.L.", True),
        ("ACME GmbH", True),
        ("Northwind Ltd", True),
        ("Brightpath Consulting", True),
        ("Grupo Almena", True),
        ("María del Mar Sánchez", False),
        ("Lucía Fernández", False),
        ("Salvador Inc", True),
        ("Sancho Ltdson", False),
        ("Datos Norte SA", True),
        ("ACME S.A.U.", True),
        ("Foo, S.L.U.", True),
        ("Nokia Oy", True),
        ("Acme GmbH & Co. KG", True),
        ("Baz B.V.", True),
        # A legal form follows a company's name: a given name is not one, nor is a short
        # surname that happens to spell one.
        ("Sa Nguyen", False),
        ("Ab Smith", False),
        ("Ana Sa", False),
        ("Li Ag", False),
    ],
)
def test_company_as_person(name: str, flagged: bool) -> None:
    assert (company_as_person(Profile(name=name)) is not None) is flagged


def test_one_gap_is_not_a_ghost_but_two_are() -> None:
    assert ghost_profile(profile_from_dict({**RECRUITER, "about": ""})) is None
    two = ghost_profile(profile_from_dict({**RECRUITER, "about": "", "headline": ""}))
    assert two == "incomplete profile: no headline, no summary"


def test_a_note_in_a_language_the_user_does_not_speak() -> None:
    inviter = profile_from_dict({**RECRUITER, "language": "de"})
    note = "Hallo Marta, ich bin Irene und ich arbeite mit Daten in der Firma, danke für die Zeit."
    j = triage(Invitation(inviter, note), ME, languages=["es", "en"])
    assert "language-mismatch" in [f.rule for f in j.reasons]
    assert j.decision == "consider"
    # English is spoken too (Languages.csv): an English note is no mismatch.
    j = triage(Invitation(inviter, "Hi Marta, I am Irene and I read your post on data."), ME,
               languages=["es", "en"])  # fmt: skip
    assert "language-mismatch" not in [f.rule for f in j.reasons]


def test_note_rules_come_from_the_checker_and_hard_ones_mean_ignore() -> None:
    """The note's findings are the checker's, filtered to what matters in triage."""

    def fake_check(note: str, **kwargs: Any) -> Report:
        assert kwargs["target"] is ME  # the user is the note's target
        return Report(
            findings=[
                Finding("sales-pitch", "error", "offers a demo", 0, 5),
                Finding("too-long", "error", "301/300"),
                Finding("language-mismatch", "warning", "not in es"),
                Finding("cliche", "warning", "stock phrase"),
            ]
        )

    inviter = profile_from_dict(RECRUITER)
    j = triage(Invitation(inviter, RECRUITER_NOTE), ME, check=fake_check, languages=["es"])
    assert [f.rule for f in j.reasons] == ["sales-pitch", "cliche"]
    assert j.decision == "ignore"
    assert "a personal note that says who they are and why" not in j.in_favour


def test_without_the_users_profile_common_ground_is_not_judged() -> None:
    j = triage(Invitation(profile_from_dict(RECRUITER), RECRUITER_NOTE), None)
    assert "no-common-ground" not in [f.rule for f in j.reasons]
    assert any("your own profile is unknown" in c for c in j.caveats)
    assert j.decision == "consider"


def test_a_sales_pitch_is_ignored_with_the_real_checker() -> None:
    j = triage(Invitation(profile_from_dict(RECRUITER), PITCH_ES), ME)
    pitch = [f for f in j.reasons if f.rule == "sales-pitch"]
    assert len(pitch) == 1  # five pitch phrases, one reason
    assert pitch[0].message.endswith("(and 4 more)")
    assert j.decision == "ignore"


def test_linkedins_default_text_is_not_personalized() -> None:
    j = triage(Invitation(Profile(name="Paula Ríos"), DEFAULT_ES, little_data=True), ME)
    # One reason says it all: not also no-self-intro, no-reason and no-greeting.
    assert [f.rule for f in j.reasons] == ["not-personalized", "no-common-ground"]
    assert "default text" in j.reasons[0].message
    assert j.decision == "consider"  # the export alone: open the profile first


@pytest.mark.parametrize("message", ["", DEFAULT_ES])
def test_a_blank_request_is_ignored_only_when_the_profile_was_seen(message: str) -> None:
    stranger = Profile(name="Mike Brown", headline="Sales at Acme", location="Denver")
    blind = triage(Invitation(stranger, message, little_data=True), ME)
    seen = triage(Invitation(stranger, message), ME)
    assert blind.decision == "consider" and "open their profile" in blind.caveats[0]
    assert seen.decision == "ignore"  # a full profile with nothing in common: ignore


def test_a_note_in_a_script_the_user_does_not_read_is_a_language_mismatch() -> None:
    hindi = "नमस्ते मार्टा, मैं डेटा इंजीनियर हूँ और आपके काम से प्रभावित हूँ। जुड़ना चाहूँगा।"
    j = triage(Invitation(Profile(name="Ravi Kumar"), hindi, little_data=True), ME)
    mismatch = [f for f in j.reasons if f.rule == "language-mismatch"]
    assert mismatch and "Devanagari" in mismatch[0].message
    assert j.decision != "accept"
    hindi_reader = triage(Invitation(Profile(name="Ravi"), hindi), ME, languages=["hi"])
    assert "language-mismatch" not in {f.rule for f in hindi_reader.reasons}


def test_a_verdict_never_contradicts_its_reasons() -> None:
    """A junior's note without an introduction, yet relevant to the user: not ACCEPT
    while no-self-intro is listed against it."""
    junior = Profile(name="Lucas Gil", headline="Junior data analyst at Datalia")
    note = "Hola Marta, me encantó tu charla sobre calidad de datos en Datalia. ¡Un saludo!"
    j = triage(Invitation(junior, note, little_data=True), ME)
    rules = {f.rule for f in j.reasons}
    assert "no-self-intro" in rules
    assert j.decision == "consider"


# --- the command ------------------------------------------------------------------------


def test_triage_an_export(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["triage", str(FIXTURE), "--json"], capsys)
    assert (code, err) == (0, "")
    data = json.loads(out)
    by_name = {j["inviter"]["name"]: j for j in data["invitations"]}
    # Raúl Ortega's invitation was accepted (he is a connection since 02 Feb 2024).
    assert list(by_name) == [
        "Elena Torres",
        "Soluciones Digitales S.L.",
        "Mike Brown",
        "Paula Ríos",
    ]
    assert data["summary"]["pending"] == 4
    assert all(j["little_data"] for j in data["invitations"])
    elena = by_name["Elena Torres"]
    assert elena["decision"] == "accept"
    assert "their note mentions Datalia" in elena["in_favour"]
    assert "their note mentions Universidad Politécnica de Madrid" in elena["in_favour"]
    assert elena["sent_at"] == "2024-03-10"
    assert by_name["Soluciones Digitales S.L."]["decision"] == "ignore"
    assert by_name["Soluciones Digitales S.L."]["reasons"][0]["rule"] == "company-as-person"
    mike = by_name["Mike Brown"]
    assert (mike["decision"], [r["rule"] for r in mike["reasons"]]) == (
        "consider",
        ["not-personalized", "no-common-ground"],
    )  # fmt: skip: no note and no profile in the export: open the profile
    assert mike["inviter"]["url"] == "https://www.linkedin.com/in/mike-brown-123"
    paula = by_name["Paula Ríos"]  # LinkedIn's default text, nothing in common
    assert paula["decision"] == "consider"
    assert [r["rule"] for r in paula["reasons"]] == ["not-personalized", "no-common-ground"]
    assert data["summary"] == {"pending": 4, "accept": 1, "consider": 2, "ignore": 1}


def test_triage_export_human_output_and_zip(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.support.linkedin import VARIANT_ZIP

    code, out, _ = _run(["triage", str(VARIANT_ZIP)], capsys)
    assert code == 0
    assert out.startswith("ACCEPT   Elena Torres  (2024-03-10)\n")
    assert "CONSIDER Mike Brown  (2024-03-15)\n  - not-personalized  no note" in out
    # Every invitation shares the caveat: said once, not under each.
    assert out.count("judged on the name and the note only") == 1
    assert "\nnote: judged on the name and the note only" in out
    assert out.rstrip().splitlines()[-1].startswith("4 pending invitations: 1 accept, ")


def test_triage_one_invitation_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, {"inviter": RECRUITER, "message": RECRUITER_NOTE})
    code, out, _ = _run(["triage", "--invitation", str(path), "--from", str(FIXTURE),
                         "--goal-preset", "job-search", "--json"], capsys)  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["decision"] == "accept"
    assert data["little_data"] is False
    assert data["inviter"]["name"] == "Irene Castro"


def test_the_users_profile_may_come_from_composer_sender(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPOSER_SENDER", str(FIXTURE))
    ghost = _write(tmp_path, {"name": "Alex Kane", "photo": False})
    code, out, _ = _run(["triage", "--invitation", str(ghost)], capsys)
    assert code == 0
    assert out.startswith("IGNORE   Alex Kane\n  - ghost-profile ")
    assert "no-common-ground" in out  # judged against Marta's export profile


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"inviter": {"headline": "x"}}, "inv.json: field 'inviter': field 'name': is required"),
        ({"name": "Ana", "message": 5}, "inv.json: field 'message': expected a string"),
        ([1, 2], "inv.json: expected a JSON object"),
    ],
)
def test_bad_invitation_files_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any, expected: str
) -> None:
    path = _write(tmp_path, data)
    code, out, err = _run(["triage", "--invitation", str(path)], capsys)
    assert (code, out) == (2, "")
    assert err == f"compose: error: {tmp_path}/{expected}\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "inv.json: the file is empty, expected an invitation as a JSON object"),
        (b'{"name": "Ana",}', "inv.json: invalid JSON at line 1, column 16: Expecting"),
        (b"\xff\xfe{}", "inv.json: not UTF-8 text (bad byte at offset 0)"),
    ],
)
def test_unreadable_invitation_files_read_like_profiles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], raw: bytes, expected: str
) -> None:
    (tmp_path / "inv.json").write_bytes(raw)
    code, out, err = _run(["triage", "--invitation", str(tmp_path / "inv.json")], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"compose: error: {tmp_path}/{expected}") and err.count("\n") == 1
    code, _, err = _run(["triage", "--invitation", str(tmp_path)], capsys)
    assert code == 2 and err.strip().endswith("is a directory, expected an invitation JSON file")


def test_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["triage"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("compose: error: give either an EXPORT") and err.count("\n") == 1
    code, _, err = _run(["triage", str(tmp_path / "nowhere.zip")], capsys)
    assert code == 2
    assert err.strip() == f"compose: error: {tmp_path / 'nowhere.zip'}: no such file or folder"
    # A folder that is not an export is an error, not "no pending invitations".
    (tmp_path / "Profile.csv").write_text("First Name,Last Name\nAna,Gil\n")
    code, out, err = _run(["triage", str(tmp_path)], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"compose: error: {tmp_path}: no Invitations.csv: expected a LinkedIn data export"
        " (folder or .zip)\n"
    )


def test_an_export_without_profile_csv_is_triaged_with_a_caveat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    folder = tmp_path / "partial"
    folder.mkdir()
    for name in ("Invitations.csv", "Connections.csv"):
        shutil.copy(FIXTURE / name, folder)
    code, out, _ = _run(["triage", str(folder), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["summary"]["pending"] == 4
    elena = data["invitations"][0]
    assert elena["decision"] == "consider"  # nothing to share with an unknown user
    assert any("your own profile is unknown" in c for c in elena["caveats"])


def test_without_direction_or_profile_the_user_is_told_why_nothing_is_pending(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The variant export has no Direction column: without Profile.csv (nor --from) the
    received invitations cannot be found, and a warning says so rather than a bare
    "no pending invitations"."""
    import zipfile

    from tests.support.linkedin import VARIANT_FOLDER, VARIANT_ZIP

    folder = tmp_path / "partial"
    folder.mkdir()
    with zipfile.ZipFile(VARIANT_ZIP) as z:
        for name in ("Invitations.csv", "Connections.csv"):
            (folder / name).write_bytes(z.read(VARIANT_FOLDER + name))
    code, out, err = _run(["triage", str(folder)], capsys)
    assert (code, out) == (0, "no pending incoming invitations in this export\n")
    assert err == (
        f"compose: warning: 15 invitations in {folder} say neither OUTGOING nor INCOMING and"
        " do not name you, so received ones cannot be told apart: give your profile with"
        " --from\n"
    )
    code, out, err = _run(["triage", str(folder), "--from", str(FIXTURE), "--json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["summary"]["pending"] == 4


def test_triage_reads_fields_with_the_target_fits_taxonomy() -> None:
    """The same fields as the target-unrelated audit: a tech recruiter and a backend
    engineer share a trade (software), so that is common ground; "Atención" in two
    titles is not."""
    me = profile_from_dict(
        {"name": "Pablo Ruiz", "headline": "Desarrollador backend en Cobralia",
         "industry": "Desarrollo de software", "location": "Valencia"}
    )  # fmt: skip
    recruiter = profile_from_dict(
        {"name": "Irene Castro", "headline": "Tech Recruiter en Bitbloque",
         "industry": "Desarrollo de software", "location": "Sevilla"}
    )  # fmt: skip
    j = triage(Invitation(recruiter, ""), me, make_goal(preset="job-search"))
    assert "you both work in software" in j.in_favour
    assert "no-common-ground" not in [f.rule for f in j.reasons]
    assert any(
        item.startswith(
            "fits job-search: their headline: Tech Recruiter en Bitbloque — a recruiter for "
            "software, your field"
        )
        for item in j.in_favour
    )
    salon = profile_from_dict(
        {"name": "Javier Gil", "headline": "Gerente, Atención al cliente en Peluquerías Melena"}
    )
    rep = profile_from_dict(
        {"name": "Lucía Fernández", "headline": "Delegada comercial, Atención primaria"}
    )
    j = triage(Invitation(salon, ""), rep, make_goal(preset="sales"))
    assert "no-common-ground" in [f.rule for f in j.reasons]
    assert not any(item.startswith("fits") for item in j.in_favour)
