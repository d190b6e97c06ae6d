"""Account settings: --tier, notes a month, invitations a week (flag > env > .env)."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.cli import main
from composer.config.settings import load_account
from composer.core.errors import ConfigError
from tests.support import EXAMPLES


def test_defaults_are_a_free_account() -> None:
    account = load_account()
    assert (account.tier, account.note_limit) == ("free", 200)
    assert (account.notes_per_month, account.weekly_invites) == (5, 100)


def test_premium_has_300_characters_and_no_monthly_note_limit() -> None:
    account = load_account(tier="premium")
    assert (account.note_limit, account.notes_per_month) == (300, None)


def test_flag_beats_environment_beats_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text(
        "COMPOSER_TIER=premium\nCOMPOSER_NOTES_PER_MONTH=9\nCOMPOSER_WEEKLY_INVITES=80\n"
    )
    account = load_account()
    assert (account.tier, account.notes_per_month, account.weekly_invites) == ("premium", 9, 80)
    assert account.sources["tier"] == "COMPOSER_TIER (.env)"
    monkeypatch.setenv("COMPOSER_NOTES_PER_MONTH", "3")
    assert load_account().notes_per_month == 3
    assert load_account(notes_per_month="unlimited").notes_per_month is None
    assert load_account(tier="free").note_limit == 200


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"tier": "gold"}, "--tier"),
        ({"notes_per_month": "many"}, "--notes-per-month"),
        ({"weekly_invites": "0"}, "--weekly-invites"),
    ],
)
def test_a_bad_value_names_its_flag(kwargs: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_account(**kwargs, environ={})  # type: ignore[arg-type]  # str flags, as typed


def test_the_tier_sets_the_note_limit_of_compose(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(EXAMPLES / "priya-shah.json")
    main(["--to", target, "--engine", "offline"])
    assert "/200 characters" in capsys.readouterr().out
    monkeypatch.setenv("COMPOSER_TIER", "premium")
    main(["--to", target, "--engine", "offline"])
    assert "/300 characters" in capsys.readouterr().out
    main(["--to", target, "--engine", "offline", "--limit", "200"])
    assert "/200 characters" in capsys.readouterr().out


def test_a_bad_tier_in_the_environment_is_one_line_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMPOSER_TIER", "gold")
    assert main(["--to", str(EXAMPLES / "priya-shah.json"), "--engine", "offline"]) == 2
    err = capsys.readouterr().err
    assert "COMPOSER_TIER" in err and "Traceback" not in err
