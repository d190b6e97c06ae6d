"""Exports over time (migration m009): every compose import is kept as a snapshot, so an
invitation pending in one export whose invitee is a connection in a later one counts as
accepted, and one that a later export no longer lists, its invitee not a connection, as
withdrawn, ignored or expired; in whichever order the exports are imported. One export
alone, where no invitation matches a connection, gives no rate: compose stats says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from composer.cli import main
from composer.history.stats import newcombe, wilson
from tests.support.linkedin import FIXTURE

INVITATIONS = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ME = (
    'Marta Ruiz López,{to},"{day}, 10:00 AM",{note},OUTGOING,'
    "https://www.linkedin.com/in/marta-ruiz-lopez,https://www.linkedin.com/in/{slug}\n"
)


def _export(
    tmp_path: Path, name: str, invited: list[tuple[str, str, str]], connected: list[tuple[str, str]]
) -> Path:
    """An export holding only these pending invitations (name, M/D/YY, note) and these
    connections (name, DD Mon YYYY)."""
    folder = tmp_path / name
    shutil.copytree(FIXTURE, folder)
    rows = [
        ME.format(to=to, day=day, note=note, slug=to.lower().replace(" ", "-"))
        for to, day, note in invited
    ]
    (folder / "Invitations.csv").write_text(INVITATIONS + "".join(rows), encoding="utf-8")
    people = [
        f"{n.split()[0]},{n.split()[1]},https://www.linkedin.com/in/{n.lower().replace(' ', '-')},"
        f",Acme,Engineer,{day}\n"
        for n, day in connected
    ]
    (folder / "Connections.csv").write_text(CONNECTIONS + "".join(people), encoding="utf-8")
    return folder


def _two_exports(tmp_path: Path) -> tuple[Path, Path]:
    early = _export(
        tmp_path, "march",
        [("Nora Quinn", "2/1/24", "Hola Nora"), ("Omar Diaz", "2/10/24", ""),
         ("Pia Lind", "2/20/24", "Hi Pia")],
        [("Zed Old", "01 May 2023")],
    )  # fmt: skip
    late = _export(
        tmp_path, "may",
        [("Pia Lind", "2/20/24", "Hi Pia"), ("Quin Moss", "4/30/24", "")],
        [("Zed Old", "01 May 2023"), ("Nora Quinn", "15 Mar 2024")],
    )  # fmt: skip
    return early, late


def _overall(capsys: pytest.CaptureFixture[str]) -> dict[str, int]:
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    groupings = {g["key"]: g for g in json.loads(capsys.readouterr().out)["groupings"]}
    bucket = groupings["linkedin_overall"]["buckets"][0]
    return {k: bucket[k] for k in ("invited", "accepted", "ignored", "pending")}


@pytest.mark.parametrize("order", ["early first", "late first"])
def test_a_later_export_tells_accepted_and_gone_in_either_order(
    order: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    early, late = _two_exports(tmp_path)
    for export in (early, late) if order == "early first" else (late, early):
        assert main(["import", str(export)]) == 0
    # Nora became a connection; Omar vanished without connecting; Pia and Quin wait.
    assert _overall(capsys) == {"invited": 4, "accepted": 1, "ignored": 1, "pending": 2}
    assert main(["pending", "--json"]) == 0
    stale = json.loads(capsys.readouterr().out)["stale"]
    assert [s["name"] for s in stale] == ["Pia Lind", "Quin Moss"]


def test_importing_the_same_export_again_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    early, late = _two_exports(tmp_path)
    for export in (early, late, early, late):
        main(["import", str(export)])
    assert _overall(capsys) == {"invited": 4, "accepted": 1, "ignored": 1, "pending": 2}


def test_one_export_alone_gives_no_rate_and_asks_for_a_later_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    early, _ = _two_exports(tmp_path)
    assert main(["import", str(early)]) == 0
    out = capsys.readouterr().out
    assert "none of the 3 invitations you sent matches a connection yet" in out
    assert "0%" not in out
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "LinkedIn export: no acceptance rate yet" in out
    assert "Import a later export (compose import)" in out
    assert "0%" not in out and "LinkedIn export: with a note vs without" not in out


def test_the_with_without_difference_has_its_newcombe_interval(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Newcombe (1998), Statistics in Medicine 17:873, table II: 56/70 - 48/80.
    d, low, high = newcombe(56, 70, 48, 80)
    assert (round(d, 4), round(low, 4), round(high, 4)) == (0.2, 0.0524, 0.3339)
    assert tuple(round(x, 4) for x in wilson(0, 10)) == (0.0, 0.2775)
    assert main(["import", str(FIXTURE)]) == 0
    capsys.readouterr()
    main(["stats", "--json"])
    groupings = {g["key"]: g for g in json.loads(capsys.readouterr().out)["groupings"]}
    difference = groupings["linkedin_with_note"]["difference"]  # 4/7 vs 1/3
    assert difference["with_minus_without"] == round(4 / 7 - 1 / 3, 4)
    assert difference["low"] < 0 < difference["high"]  # too few to tell
    assert "Newcombe" in difference["method"] and "Wilson" in difference["method"]
    main(["stats"])
    assert "with - without: +24 points, 95% interval -32 to +62 (Newcombe" in (
        capsys.readouterr().out
    )
