"""Matching invitations to connections, and what importing the export pulls in."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from composer.export.source import ExportSource
from composer.linkedin.network import (
    INCOMING,
    OUTGOING,
    Connection,
    ConnectionIndex,
    Invitation,
    accepted,
)
from composer.text.normalize import match_key
from tests.support.linkedin import FIXTURE

DAY = date(2024, 3, 5)


def _sent(to: str, url: str = "", on: date | None = DAY) -> Invitation:
    return Invitation("Me", to, OUTGOING, sent_on=on, recipient_url=url)


@given(offset=st.integers(-400, 400), by_url=st.booleans())
def test_accepted_exactly_when_connected_on_or_after_the_day_sent(
    offset: int, by_url: bool
) -> None:
    url = "linkedin.com/in/ana" if by_url else ""
    index = ConnectionIndex([Connection("Ana García", url, connected_on=DAY + timedelta(offset))])
    assert accepted(_sent("Ana García", url), index) is (offset >= 0)


def test_a_namesake_with_another_url_is_another_person() -> None:
    index = ConnectionIndex([Connection("Ana García", "linkedin.com/in/ana-2", connected_on=DAY)])
    assert not accepted(_sent("Ana García", "linkedin.com/in/ana-1"), index)
    assert accepted(_sent("Ana García"), index)  # no URL on the invitation: by name
    no_url = ConnectionIndex([Connection("ANA  Garcia", "", connected_on=DAY)])
    assert accepted(_sent("Ana García", "linkedin.com/in/ana-1"), no_url)


def test_unknown_dates_do_not_block_a_match() -> None:
    index = ConnectionIndex([Connection("Ana García", "", connected_on=None)])
    assert accepted(_sent("Ana García"), index)
    assert accepted(_sent("Ana García", on=None), ConnectionIndex([Connection("Ana García")]))


def test_incoming_invitations_match_the_inviter() -> None:
    inv = Invitation("Raúl Ortega", "Me", INCOMING, sent_on=DAY, sender_url="linkedin.com/in/r")
    assert accepted(inv, ConnectionIndex([Connection("X", "linkedin.com/in/r", connected_on=DAY)]))


def test_match_key_folds_case_accents_and_spaces() -> None:
    assert match_key("  Lucía  FERNÁNDEZ ") == match_key("lucia fernandez") == "lucia fernandez"
    assert match_key("Jürgen Groß") == "jurgen gross"
    assert match_key("王 小明") == "王 小明"


def test_export_files_are_found_one_folder_down_but_no_deeper(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "Connections.csv").write_text("First Name,Last Name\n")
    (tmp_path / "a" / "b" / "Invitations.csv").write_text("From,To\n")
    with ExportSource.open(tmp_path) as source:
        assert source.has("connections.csv")
        assert not source.has("Invitations.csv")


def test_import_and_triage_do_not_load_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from composer.commands import import_, triage\n"
        "from composer.core.goals import make_goal\n"
        f"triage.triage_export({str(FIXTURE)!r}, None, make_goal())\n"
        "heavy = [m for m in ('textual', 'openai', 'jinja2') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


def test_an_invitation_matches_its_connection_whatever_form_the_url_takes(
    tmp_path: Path,
) -> None:
    """Invitations.csv and Connections.csv may write one profile URL differently: a
    country host, percent-encoding, a trailing slash, other letter case."""
    from composer.linkedin.network import read_connections, read_invitations

    (tmp_path / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviteeProfileUrl\n"
        "Me,María López,2024-03-05,,OUTGOING,https://es.linkedin.com/in/mar%C3%ADa-l%C3%B3pez\n"
        "Me,María López,2024-03-05,,OUTGOING,https://www.linkedin.com/in/maria-lopez-2\n",
        encoding="utf-8",
    )
    (tmp_path / "Connections.csv").write_text(
        "First Name,Last Name,URL,Connected On\n"
        "Maria,Lopez,https://www.linkedin.com/in/María-López/,06 Mar 2024\n"
        "Maria,Lopez,https://www.linkedin.com/in/maria-lopez-3,06 Mar 2024\n",
        encoding="utf-8",
    )
    with ExportSource.open(tmp_path) as source:
        index = ConnectionIndex(read_connections(source))
        first, namesake = read_invitations(source)
    assert accepted(first, index)
    assert not accepted(namesake, index)  # same name, another URL: another person
