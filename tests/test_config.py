"""Settings resolution: flags > environment > .env > defaults, and the key stays secret."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import pytest

from composer.cli import main
from composer.config.dotenv import ENV_VARS, parse_dotenv
from composer.config.settings import (
    DEFAULT_MODEL,
    Secret,
    Settings,
    add_engine_arguments,
    load_settings,
    settings_from_args,
)
from composer.core.errors import ConfigError
from composer.drafting.engine import resolve
from tests.support import EXAMPLES

KEY = "sk-CONFIGTEST-0123456789abcdef"


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_engine_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.fixture(autouse=True)
def _no_composer_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # conftest clears the common ones; these are new with the LLM engine.
    for var in ("COMPOSER_MAX_ATTEMPTS", "COMPOSER_DEADLINE", "COMPOSER_CANDIDATES",
                "COMPOSER_TEMPERATURE", "COMPOSER_RETRY_AFTER_CAP"):  # fmt: skip
        monkeypatch.delenv(var, raising=False)


def test_defaults_without_any_configuration() -> None:
    settings = settings_from_args(_args())
    assert settings.engine == "auto" and resolve(settings).name == "offline"
    assert settings.model == DEFAULT_MODEL
    assert (settings.timeout, settings.max_attempts, settings.deadline) == (30.0, 4, 60.0)
    assert settings.candidates == 3 and settings.api_key is None


def test_flag_beats_environment_beats_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text(
        "COMPOSER_MODEL=from-dotenv\nCOMPOSER_TIMEOUT=11\nCOMPOSER_CANDIDATES=5\n"
        "COMPOSER_DEADLINE=99\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("COMPOSER_MODEL", "from-env")
    monkeypatch.setenv("COMPOSER_TIMEOUT", "12")
    settings = settings_from_args(_args("--model", "from-flag"))
    assert settings.model == "from-flag"  # flag
    assert settings.timeout == 12.0  # environment over .env
    assert settings.candidates == 5 and settings.deadline == 99.0  # .env over defaults
    assert settings.sources["model"] == "--model"
    assert settings.sources["candidates"] == "COMPOSER_CANDIDATES (.env)"


def test_auto_engine_uses_the_llm_when_a_key_or_base_url_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1/")
    settings = load_settings()
    assert resolve(settings).name == "openai"
    assert settings.base_url == "http://localhost:11434/v1"  # trailing slash dropped
    assert resolve(load_settings(engine="offline")).name == "offline"
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    assert resolve(load_settings()).name == "openai"


def test_empty_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "")
    monkeypatch.setenv("COMPOSER_MODEL", "")
    settings = load_settings()
    assert settings.api_key is None and settings.model == DEFAULT_MODEL
    assert resolve(settings).name == "offline"


def test_key_never_shows_in_repr_str_or_asdict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    settings = load_settings()
    assert settings.api_key is not None and settings.api_key.reveal() == KEY
    for text in (repr(settings), str(settings), repr(dataclasses.asdict(settings)),
                 f"{settings.api_key}", repr(Settings(api_key=KEY))):  # type: ignore[arg-type]  # fmt: skip
        assert KEY not in text
    # A caller may pass a plain string (untyped code, a REPL): it is wrapped all the same.
    assert isinstance(Settings(api_key=KEY).api_key, Secret)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("COMPOSER_TIMEOUT", "soon", "COMPOSER_TIMEOUT: expected a number, got 'soon'"),
        ("COMPOSER_TIMEOUT", "0", "COMPOSER_TIMEOUT: expected a number from 0.1 to 3600, got 0"),
        ("COMPOSER_MAX_ATTEMPTS", "2.5", "COMPOSER_MAX_ATTEMPTS: expected a whole number"),
        ("COMPOSER_CANDIDATES", "50", "COMPOSER_CANDIDATES: expected a whole number from 1 to 8"),
        ("COMPOSER_ENGINE", "gpt", "COMPOSER_ENGINE: unknown engine 'gpt'"),
        ("OPENAI_BASE_URL", "localhost:11434", "OPENAI_BASE_URL: expected an http(s) URL"),
    ],
)
def test_bad_values_are_one_line_config_errors(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value).startswith(expected)
    assert "\n" not in str(raised.value)


def test_bad_flag_value_names_the_flag() -> None:
    with pytest.raises(ConfigError, match=r"^--candidates: expected a whole number"):
        settings_from_args(_args("--candidates", "many"))


def test_dotenv_syntax() -> None:
    text = """
# a comment
export OPENAI_BASE_URL=http://localhost:1234/v1   # LM Studio
COMPOSER_MODEL="qwen 2.5" # quoted, with a space
COMPOSER_TIMEOUT='45'
OPENAI_API_KEY="a#b\\"c"
EMPTY=
"""
    values = parse_dotenv(text)
    assert values == {
        "OPENAI_BASE_URL": "http://localhost:1234/v1",
        "COMPOSER_MODEL": "qwen 2.5",
        "COMPOSER_TIMEOUT": "45",
        "OPENAI_API_KEY": 'a#b"c',
        "EMPTY": "",
    }


def test_malformed_dotenv_names_file_and_line_without_echoing_it(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"COMPOSER_MODEL=x\nOPENAI_API_KEY {KEY}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert message == f"{tmp_path / '.env'}:2: expected KEY=VALUE"
    assert KEY not in message


def test_dotenv_key_is_used_but_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text(f"OPENAI_API_KEY={KEY}\n", encoding="utf-8")
    settings = load_settings()
    assert settings.api_key is not None and settings.api_key.reveal() == KEY
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    settings = load_settings()
    assert settings.api_key is not None and settings.api_key.reveal() == "sk-from-env"


def test_engine_openai_without_key_or_url_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--to", str(EXAMPLES / "priya-shah.json"), "--engine", "openai"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("compose: error: --engine openai needs")
    assert "OPENAI_API_KEY" in err and "--engine offline" in err


def test_bad_engine_in_environment_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMPOSER_ENGINE", "gpt")
    code = main(["--to", str(EXAMPLES / "priya-shah.json")])
    err = capsys.readouterr().err
    assert code == 2 and "COMPOSER_ENGINE: unknown engine 'gpt'" in err
    assert err.count("\n") == 1


def test_env_example_documents_every_variable() -> None:
    from tests.support import ROOT

    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    for variable in ENV_VARS:
        assert variable in text, variable
    # .env.example itself parses with our parser (commented lines aside).
    assert parse_dotenv(text)["COMPOSER_MODEL"] == DEFAULT_MODEL


def test_dotenv_shared_with_other_tools_is_tolerated(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        'TLS_CERT="-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----"\n'
        "this line is for some other tool\n"
        "OTHER_TOOL='unterminated\n"
        "COMPOSER_MODEL=llama3.1\n",
        encoding="utf-8",
    )
    # The multi-line value is read as one; the unterminated foreign value swallows the
    # rest, as in python-dotenv, so put ours first or keep the file well-formed.
    values = parse_dotenv((tmp_path / ".env").read_text(), only={"TLS_CERT", "COMPOSER_MODEL"})
    assert values["TLS_CERT"].count("\n") == 2
    (tmp_path / ".env").write_text(
        "COMPOSER_MODEL=llama3.1\nthis line is for some other tool\nOTHER='x\n",
        encoding="utf-8",
    )
    assert load_settings().model == "llama3.1"


def test_malformed_line_is_never_echoed(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("sk-live-abcdefghijklmnopqrstuvwxyz\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        parse_dotenv((tmp_path / ".env").read_text())
    assert "abcdef" not in str(raised.value) and "sk-live" not in str(raised.value)


# One value per documented variable, and where load_settings shows it (None: not a setting).
_FROM_DOTENV = {
    "OPENAI_API_KEY": (KEY, "api_key"),
    "OPENAI_BASE_URL": ("http://localhost:11434/v1", "base_url"),
    "COMPOSER_ENGINE": ("offline", "engine"),
    "COMPOSER_MODEL": ("llama3.1", "model"),
    "COMPOSER_TIMEOUT": ("7", "timeout"),
    "COMPOSER_MAX_ATTEMPTS": ("2", "max_attempts"),
    "COMPOSER_DEADLINE": ("9", "deadline"),
    "COMPOSER_RETRY_AFTER_CAP": ("3", "retry_after_cap"),
    "COMPOSER_CANDIDATES": ("5", "candidates"),
    "COMPOSER_TEMPERATURE": ("0.2", "temperature"),
    "COMPOSER_SENDER": (str(EXAMPLES / "sender-es.json"), None),
    "COMPOSER_HOME": ("from-dotenv-home", None),
    # Account settings: load_account (tests/test_budget.py checks their order).
    "COMPOSER_TIER": ("premium", None),
    "COMPOSER_NOTES_PER_MONTH": ("7", None),
    "COMPOSER_WEEKLY_INVITES": ("80", None),
}


def test_every_documented_variable_is_read_from_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from composer.config.paths import data_dir

    assert set(_FROM_DOTENV) == set(ENV_VARS)  # a new variable needs a line here
    for variable in ENV_VARS:
        monkeypatch.delenv(variable, raising=False)
    (tmp_path / ".env").write_text(
        "".join(f"{name}={value}\n" for name, (value, _) in _FROM_DOTENV.items()),
        encoding="utf-8",
    )
    settings = load_settings()
    for variable, (value, name) in _FROM_DOTENV.items():
        if name is None:
            continue
        assert settings.sources[name] == f"{variable} (.env)", variable
        got = getattr(settings, name)
        got = got.reveal() if isinstance(got, Secret) else got
        assert str(got) == value or float(got) == float(value), variable
    assert data_dir() == Path("from-dotenv-home")
    # The sender and the history folder, as a user of `compose` sees them.
    assert main(["--to", str(EXAMPLES / "priya-shah.json"), "--json"]) in (0, 1)
    assert "Marta" in capsys.readouterr().out
    assert (tmp_path / "from-dotenv-home" / "history.db").is_file()


def test_environment_beats_dotenv_for_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from composer.config.paths import data_dir

    (tmp_path / ".env").write_text("COMPOSER_HOME=from-dotenv\n", encoding="utf-8")
    monkeypatch.setenv("COMPOSER_HOME", str(tmp_path / "from-env"))
    assert data_dir() == tmp_path / "from-env"


def test_every_variable_composer_reads_is_cleared_by_the_test_fixture() -> None:
    """conftest.py clears variables by prefix; a setting under another prefix would let
    the developer's shell reach the tests."""
    assert ENV_VARS
    assert all(v.startswith(("COMPOSER_", "OPENAI_")) for v in ENV_VARS), ENV_VARS


def test_a_setting_exported_in_the_shell_does_not_reach_a_test() -> None:
    import os

    leaked = [v for v in os.environ if v.startswith(("OPENAI_", "COMPOSER_"))]
    assert leaked == ["COMPOSER_HOME"]
