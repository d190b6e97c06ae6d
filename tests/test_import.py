"""``compose import`` and the acceptance figures ``compose stats`` shows for an export.

Every figure below was worked out by hand from tests/fixtures/linkedin-export:

  outgoing (sent)            note chars  in Connections.csv            accepted
  Ana García       2024-01-10   166      12 Jan 2024 (by URL)           yes
  John Smith       2024-01-15     0      -                              no
  Lucía Fernández  2024-01-20   155      21 Jan 2024 (URL with a slash) yes
  Pedro Sánchez    2024-02-03    54      -   (LinkedIn's default text)  no
  Carlos Perez     2024-02-10     0      Carlos Pérez 11 Feb (by name)  yes
  Laura Gómez      2024-02-14   153      01 Dec 2023: before it was sent no
  Emma Wilson      2024-03-05   158      05 Mar 2024: the same day      yes
  David Lee        2024-03-08     0      -                              no
  Sofía Martín     2024-03-20   267      02 Apr 2024                    yes
  Jorge Navarro    2024-03-25    71      -                              no
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from composer.cli import main
from composer.core.findings import Finding, Report
from composer.history import History
from composer.linkedin.analytics import compute, outcomes
from composer.linkedin.network import OUTGOING, ConnectionIndex
from composer.linkedin.store import stored_connections, stored_invitations
from tests.support.history import make
from tests.support.linkedin import FIXTURE, VARIANT_ZIP, build_variant

OVERALL = [("outgoing invitations", 10, 5)]
WITH_NOTE = [("with note", 7, 4), ("without note", 3, 1)]
BY_MONTH = [("2024-01", 3, 2), ("2024-02", 3, 1), ("2024-03", 4, 2)]
BY_LENGTH = [("no note", 3, 1), ("1-100", 2, 0), ("101-200", 4, 3), ("201-300", 1, 1)]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _stats(
    capsys: pytest.CaptureFixture[str], *flags: str
) -> dict[str, list[tuple[str, int, int]]]:
    code, out, _ = _run(["stats", "--json", *flags], capsys)
    assert code == 0
    return {
        g["key"]: [(b["label"], b["invited"], b["accepted"]) for b in g["buckets"]]
        for g in json.loads(out)["groupings"]
        if g["key"].startswith("linkedin_")
    }


def _assert_fixture_figures(stats: dict[str, list[tuple[str, int, int]]]) -> None:
    assert stats["linkedin_overall"] == OVERALL
    assert stats["linkedin_with_note"] == WITH_NOTE
    assert stats["linkedin_month"] == BY_MONTH
    assert stats["linkedin_length"] == BY_LENGTH


def test_import_then_stats_gives_the_hand_computed_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(["import", str(FIXTURE)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"imported {FIXTURE}: 15 invitations (10 sent, 5 received; 15 new), 9 connections (9 new)",
        "5 of 10 invitations you sent were accepted (50%); see compose stats for what made "
        "the difference",
    ]
    _assert_fixture_figures(_stats(capsys))


def test_importing_twice_adds_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    _run(["import", str(FIXTURE)], capsys)
    code, out, _ = _run(["import", str(FIXTURE), "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["invitations"] == {"read": 15, "new": 0, "outgoing": 10, "incoming": 5}
    assert data["connections"] == {"read": 9, "new": 0}
    assert data["history"] == {"outgoing": 10, "accepted": 5}
    _assert_fixture_figures(_stats(capsys))


def test_another_export_version_zipped_gives_the_same_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Drifted headers, ISO dates, CRLF, BOM, no Notes preamble, no Direction column."""
    code, out, err = _run(["import", str(VARIANT_ZIP), "--json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["invitations"]["outgoing"] == 10  # directions inferred from the name
    _assert_fixture_figures(_stats(capsys))


def test_the_same_export_in_another_version_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(["import", str(FIXTURE)], capsys)
    _, out, _ = _run(["import", str(build_variant(tmp_path / "v")), "--json"], capsys)
    data = json.loads(out)
    assert (data["invitations"]["new"], data["connections"]["new"]) == (0, 0)
    _assert_fixture_figures(_stats(capsys))


def test_a_later_export_updates_acceptance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(["import", str(FIXTURE)], capsys)
    later = tmp_path / "later"
    shutil.copytree(FIXTURE, later)
    with (later / "Connections.csv").open("a", encoding="utf-8") as f:
        f.write("David,Lee,https://www.linkedin.com/in/david-lee,,Northwind,CTO,09 Mar 2024\n")
    _, out, _ = _run(["import", str(later), "--json"], capsys)
    data = json.loads(out)
    assert (data["invitations"]["new"], data["connections"]["new"]) == (0, 1)
    assert data["history"] == {"outgoing": 10, "accepted": 6}
    stats = _stats(capsys)
    assert stats["linkedin_with_note"] == [("with note", 7, 4), ("without note", 3, 2)]
    assert stats["linkedin_month"][2] == ("2024-03", 4, 3)


def test_stats_by_checker_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """Each note counts under every rule it broke; a clean note under 'no findings'."""
    _run(["import", str(FIXTURE)], capsys)

    def fake_check(note: str, **kwargs: Any) -> Report:
        assert kwargs["limit"] == 300  # sent notes are not 'too long'
        findings = []
        if "descuento" in note:
            findings.append(Finding("sales-pitch", "error", "pitch"))
        if "red profesional" in note:
            findings.append(Finding("default-message", "error", "default"))
        if "espero que estés bien" in note or "Vi tu perfil" in note:
            findings.append(Finding("cliche", "warning", "cliche"))
            findings.append(Finding("no-reason", "error", "no reason"))
        return Report(findings=findings)

    with History() as history:
        index = ConnectionIndex(stored_connections(history))
        items = outcomes(stored_invitations(history, OUTGOING), index)
    by_rule = {g.key: g for g in compute(items, fake_check)}["linkedin_rules"]
    assert [(b.label, b.invited, b.accepted) for b in by_rule.buckets] == [
        ("no findings", 4, 4),  # Ana, Lucía, Emma, Sofía
        ("cliche", 1, 0),  # Jorge
        ("default-message", 1, 0),  # Pedro
        ("no-reason", 1, 0),  # Jorge
        ("sales-pitch", 1, 0),  # Laura
    ]


BY_RULE = [
    ("no findings", 4, 4),  # Ana, Lucía, Emma, Sofía: name, role or company, and a reason
    ("no-reason", 3, 0),  # Pedro, Laura (a pitch), Jorge ("Vi tu perfil" is no reason)
    ("no-self-intro", 2, 0),  # Pedro, Jorge; Laura's "en Datalia ofrecemos" names her company
    ("cliche", 1, 0),  # Jorge: "espero que estés bien", "Vi tu perfil"
    ("default-message", 1, 0),  # Pedro: "Me gustaría añadirte a mi red profesional"
    ("no-greeting", 1, 0),  # Pedro's note opens with no greeting
    ("sales-pitch", 1, 0),  # Laura: "descuento", "demo gratuita", "Precio"
]


def test_stats_by_rule_with_the_real_checker(capsys: pytest.CaptureFixture[str]) -> None:
    """The seven notes under every rule they broke, worked out by hand (the table above
    BY_RULE). No too-long: Sofía's 267 characters went out on LinkedIn. No
    unsupported-claim: the export names the invitee and nothing else about them, so
    "Tiendas Sol" in Ana's note cannot be checked against her profile."""
    _run(["import", str(FIXTURE)], capsys)
    assert _stats(capsys)["linkedin_rules"] == BY_RULE


def test_stats_from_your_profile_knows_your_company(capsys: pytest.CaptureFixture[str]) -> None:
    """With --from (here the export itself: Marta, Head of Data at Datalia) the figures
    are those of BY_RULE: Laura's "en Datalia ofrecemos..." names her company with or
    without a profile (still a pitch with no reason); Pedro and Jorge never say who
    Marta is, whatever her profile holds."""
    _run(["import", str(FIXTURE)], capsys)
    assert _stats(capsys, "--from", str(FIXTURE))["linkedin_rules"] == BY_RULE


def test_the_checker_knows_the_sender_by_name_and_skips_unsupported_claim() -> None:
    from datetime import date

    from composer.linkedin.analytics import Outcome
    from composer.linkedin.network import Invitation

    seen: list[tuple[str, str]] = []

    def fake_check(note: str, **kwargs: Any) -> Report:
        seen.append((kwargs["sender"].name, kwargs["target"].name))
        return Report(findings=[Finding("unsupported-claim", "warning", "x")])

    sent = Invitation("Marta Ruiz", "Ana Gil", OUTGOING, "Marta here: hi!", sent_on=date.today())
    by_rule = {g.key: g for g in compute([Outcome(sent, False)], fake_check)}["linkedin_rules"]
    assert seen == [("Marta Ruiz", "Ana Gil")]
    assert [(b.label, b.invited) for b in by_rule.buckets] == [("no findings", 1)]


def test_stats_text_shows_imported_figures_without_marked_notes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _run(["import", str(FIXTURE)], capsys)
    code, out, _ = _run(["stats"], capsys)
    assert code == 0
    assert out.startswith("No outcomes recorded with compose mark (0 notes drafted).\n")
    with History() as history:  # one note drafted: "1 note", not "1 notes"
        history.record(*make("Ana", "linkedin.com/in/ana"), source="cli")
    assert _run(["stats"], capsys)[1].startswith(
        "No outcomes recorded with compose mark (1 note drafted).\n"
    )
    assert "LinkedIn export: with a note vs without" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("with note"))
    assert "57%" in line and "4/7" in line and "small sample" in line


def test_an_export_without_invitations_or_connections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "partial"
    folder.mkdir()
    shutil.copy(FIXTURE / "Profile.csv", folder)
    code, out, err = _run(["import", str(folder)], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"compose: error: {folder}: neither Invitations.csv nor Connections.csv in this export\n"
    )


def test_a_broken_invitations_file_is_named_and_nothing_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(FIXTURE, folder)
    (folder / "Invitations.csv").write_text("Message,Sent At\nhola,2024-01-01\n")
    code, _, err = _run(["import", str(folder)], capsys)
    assert code == 2
    assert err == f"compose: error: {folder / 'Invitations.csv'}: missing columns 'From', 'To'\n"
    with History() as history:
        assert list(stored_connections(history)) == []


def test_forget_person_erases_imported_rows(capsys: pytest.CaptureFixture[str]) -> None:
    from composer.linkedin.store import forget_person

    _run(["import", str(FIXTURE)], capsys)
    with History() as history:
        # Ana: one invitation and one connection, both with her URL.
        assert forget_person(history, "linkedin.com/in/ana-garcia") == 2
        # Carlos: the invitation has no URL (matched by name); his connection has one.
        assert forget_person(history, "linkedin.com/in/carlos-perez-7", "Carlos Pérez") == 2
        names = {i.other_name for i in stored_invitations(history)}
        assert "Ana García" not in names and "Carlos Perez" not in names
        assert len(list(stored_invitations(history))) == 13
        assert len(list(stored_connections(history))) == 7
        assert forget_person(history, "linkedin.com/in/ana-garcia") == 0
        # Only a name: every row with that name, URL or not (Emma: invitation + connection).
        assert forget_person(history, "", "emma wilson") == 2
        assert forget_person(history, "linkedin.com/in/someone-else", "Sofía Martín") == 0


def test_a_note_that_introduces_the_sender_by_name_is_not_no_self_intro() -> None:
    """With the real checker: the From column is the sender, so "Marta from the data team"
    is an introduction (without it, the checker could not tell)."""
    from datetime import date

    from composer.linkedin.analytics import Outcome
    from composer.linkedin.network import Invitation

    note = (
        "Hi Ana, Marta from the data team. Your talk on demand forecasting at DataConf was "
        "great and I would like to follow your work."
    )
    sent = Invitation("Marta Ruiz", "Ana Gil", OUTGOING, note, sent_on=date(2024, 3, 5))
    by_rule = {g.key: g for g in compute([Outcome(sent, True)])}["linkedin_rules"]
    assert [(b.label, b.invited, b.accepted) for b in by_rule.buckets] == [("no findings", 1, 1)]


@pytest.mark.parametrize(
    ("note", "bucket"),
    [
        ("", "no note"),
        ("a", "1-100"),
        ("a" * 100, "1-100"),
        ("a" * 101, "101-200"),
        ("a" * 200, "101-200"),
        ("a" * 199 + "😀", "201-300"),  # an emoji is two UTF-16 units, as LinkedIn counts
        ("a" * 300, "201-300"),
        ("a" * 301, "over 300"),
    ],
)
def test_note_length_buckets_at_their_edges(note: str, bucket: str) -> None:
    from composer.linkedin.analytics import length_bucket

    assert length_bucket(note) == bucket
