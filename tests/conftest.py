"""Shared fixtures. No test touches the user's real state or the network."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fake_llm import fake_llm  # noqa: F401  (the loopback LLM server fixture)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "profiles"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point Composer's data directory at a temp dir and forget any real LLM settings."""
    monkeypatch.setenv("COMPOSER_HOME", str(tmp_path / "composer-home"))
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "COMPOSER_MODEL",
        "COMPOSER_ENGINE",
        "COMPOSER_SENDER",
        "COMPOSER_TIMEOUT",
    ):
        monkeypatch.delenv(var, raising=False)
    # A .env in the developer's working directory must not leak into tests.
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def examples() -> Path:
    return EXAMPLES
