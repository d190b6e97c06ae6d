"""Compiled templates are cached in $COMPOSER_HOME/cache/jinja, and never go stale."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from composer.core.goals import make_goal
from composer.drafting import templates
from composer.drafting.offline.engine import note_context
from composer.profile import load_profile
from tests.conftest import EXAMPLES


@pytest.fixture(autouse=True)
def fresh_environment() -> Iterator[None]:
    templates.environment.cache_clear()  # it reads COMPOSER_HOME when first built
    yield
    templates.environment.cache_clear()


def _context() -> dict[str, object]:
    from composer.core.contract import DraftRequest
    from composer.drafting.hooks import find_hooks

    request = DraftRequest(
        target=load_profile(EXAMPLES / "priya-shah.json"),
        sender=load_profile(EXAMPLES / "me.json"),
        goal=make_goal(preset="learning"),
    )
    hook = find_hooks(request.target, request.sender, request.goal)[0]
    return note_context(request, hook, "en", None)


def _no_compiling(*args: object, **kwargs: object) -> None:
    raise AssertionError("the template should have come from the cache")


def test_second_render_loads_the_compiled_template(monkeypatch: pytest.MonkeyPatch) -> None:
    context = _context()
    first = templates.render("offline/en.j2", **context)
    folder = Path(os.environ["COMPOSER_HOME"]) / "cache" / "jinja"
    assert len(list(folder.glob("*.cache"))) == 1
    templates.environment.cache_clear()  # as a new process would
    monkeypatch.setattr(jinja2.Environment, "compile", _no_compiling)
    assert templates.render("offline/en.j2", **context) == first


def test_an_edited_template_is_compiled_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts = tmp_path / "prompts"
    shutil.copytree(templates.prompts_dir(), prompts)
    monkeypatch.setattr(templates, "prompts_dir", lambda: prompts)
    (prompts / "probe.j2").write_text("one {{ x }}", encoding="utf-8")
    assert templates.render("probe.j2", x=1) == "one 1"
    templates.environment.cache_clear()
    (prompts / "probe.j2").write_text("two {{ x }}", encoding="utf-8")
    assert templates.render("probe.j2", x=1) == "two 1"


def test_unwritable_home_still_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "home-is-a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("COMPOSER_HOME", str(blocked))
    assert "Priya" in templates.render("offline/en.j2", **_context())
