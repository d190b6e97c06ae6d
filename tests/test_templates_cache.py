"""Compiled templates are cached in the user's cache folder ($XDG_CACHE_HOME/composer/jinja),
never in a folder a project's .env can choose, and never go stale."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest

from composer.core.goals import make_goal
from composer.drafting import templates
from composer.drafting.offline.engine import note_context
from composer.profile import load_profile
from tests.support import EXAMPLES


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
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "composer" / "jinja"
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
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert "Priya" in templates.render("offline/en.j2", **_context())


def test_a_dotenv_composer_home_cannot_choose_where_code_is_loaded_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project's .env may set COMPOSER_HOME; a bytecode cache planted there is never
    read (Jinja would run it), and nothing is cached there either."""
    planted = tmp_path / "attacker"
    (planted / "cache" / "jinja").mkdir(parents=True)
    (tmp_path / ".env").write_text(f"COMPOSER_HOME={planted}\n", encoding="utf-8")
    monkeypatch.delenv("COMPOSER_HOME")
    context = _context()
    templates.render("offline/en.j2", **context)
    assert not list(planted.rglob("*.cache"))
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "composer" / "jinja"
    assert len(list(folder.glob("*.cache"))) == 1 and folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_an_entry_others_can_write_is_not_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    context = _context()
    first = templates.render("offline/en.j2", **context)
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "composer" / "jinja"
    (entry,) = folder.glob("*.cache")
    entry.chmod(0o666)  # anyone could have replaced it
    templates.environment.cache_clear()
    compiled: list[object] = []
    real = jinja2.Environment.compile

    def counting(self: jinja2.Environment, *args: Any, **kwargs: Any) -> Any:
        compiled.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    assert templates.render("offline/en.j2", **context) == first
    assert compiled, "an entry writable by others was loaded"
    # A cache folder others can write is not used at all.
    templates.environment.cache_clear()
    folder.chmod(0o777)
    assert templates._bytecode_cache() is None
