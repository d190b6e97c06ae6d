"""The Spanish register of a note: tú unless asked, or the target or goal asks for usted."""

from __future__ import annotations

from composer.core.contract import DraftRequest
from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.drafting.register import note_register


def _request(name: str, goal: str = "", register: str | None = None) -> DraftRequest:
    return DraftRequest(target=Profile(name=name), goal=Goal(text=goal), register=register)


def test_tu_by_default() -> None:
    assert note_register(_request("Lucía Fernández")) == "tu"


def test_usted_for_an_honorific_or_a_formal_goal() -> None:
    assert note_register(_request("Dra. María José Ruiz-Giménez")) == "usted"
    assert note_register(_request("D. Ernesto Sanz")) == "usted"
    assert note_register(_request("Ernesto Sanz", "quisiera pedirle consejo, si usted puede")) == (
        "usted"
    )


def test_asked_for_wins() -> None:
    assert note_register(_request("Dra. Ruiz", register="tu")) == "tu"
    assert note_register(_request("Lucía", register="usted")) == "usted"
