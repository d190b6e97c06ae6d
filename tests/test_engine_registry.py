"""The engine registry (``composer.drafting.engine``) alone chooses the engine: ``auto``
takes the first engine that can run, the settings only hold the name asked for, and no
other module branches on an engine's name."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from composer.cli import main
from composer.config import settings as config
from composer.config.settings import Secret, Settings
from composer.drafting.engine import AUTO, ENGINES, engine_for, resolve, unavailable
from tests.support import EXAMPLES, ROOT

PRIYA, ME = str(EXAMPLES / "priya-shah.json"), str(EXAMPLES / "me.json")


def test_auto_takes_the_first_engine_that_can_run() -> None:
    assert list(ENGINES) == ["openai", "offline"]  # the order of preference
    nothing = Settings()
    assert resolve(nothing).name == "offline"
    assert resolve(nothing).why == "no OPENAI_API_KEY/OPENAI_BASE_URL"
    assert unavailable("openai", nothing) == "no OPENAI_API_KEY/OPENAI_BASE_URL"
    assert unavailable("offline", nothing) is None
    for configured in (Settings(api_key=Secret("sk-fake-test")), Settings(base_url="http://h")):
        assert resolve(configured).name == "openai" and engine_for(configured).remote
    asked = Settings(engine="offline", api_key=Secret("sk-fake-test"))
    assert resolve(asked) == type(resolve(asked))("offline", "asked for")
    assert resolve(Settings(engine="openai")).name == "openai"  # drafting then says why not


def test_the_settings_accept_auto_and_every_registered_engine() -> None:
    assert (AUTO, *ENGINES) == config.ENGINES


def test_verbose_says_why_the_offline_engine_drafts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--to", PRIYA, "--from", ME, "--verbose"]) in (0, 1)
    assert "compose: engine offline (no OPENAI_API_KEY/OPENAI_BASE_URL)" in capsys.readouterr().err
    assert main(["--to", PRIYA, "--from", ME, "--verbose", "--engine", "offline"]) in (0, 1)
    assert "compose: engine offline (asked for)" in capsys.readouterr().err


def test_resolving_auto_imports_no_engine() -> None:
    code = (
        "import sys; from composer.config.settings import Settings;"
        "from composer.drafting.engine import resolve;"
        "assert resolve(Settings()).name == 'offline';"
        "loaded = {'composer.drafting.llm.engine', 'composer.drafting.offline.engine'};"
        "assert not loaded & set(sys.modules), loaded & set(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_module_but_the_registry_branches_on_an_engine_name() -> None:
    """A name may be a dictionary key, a class's own ``name`` or a string shown to the
    user; an ``==``/``!=``/``in`` against one is a choice only the registry makes."""
    names = set(ENGINES)
    registry = ROOT / "composer" / "drafting" / "engine.py"
    found: list[str] = []
    for path in sorted((ROOT / "composer").rglob("*.py")):
        if path == registry:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare) or "sys.modules" in ast.unparse(node):
                continue  # "openai" in sys.modules: the SDK's module, not the engine
            for operand in (node.left, *node.comparators):
                literals = operand.elts if isinstance(operand, ast.Tuple) else [operand]
                for lit in literals:
                    if isinstance(lit, ast.Constant) and lit.value in names:
                        found.append(f"{Path(path).relative_to(ROOT)}:{node.lineno}")
    assert found == []
