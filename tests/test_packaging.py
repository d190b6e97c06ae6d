"""The wheel ships the prompt templates, and an installed wheel finds and uses them.

Builds the wheel with the installed build backend (hatchling, no build isolation, so
no network), then runs Composer from the unpacked wheel rather than the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_contains_the_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = sorted((ROOT / "prompts").rglob("*.j2"))
    assert templates, "no templates in the checkout"
    for template in templates:
        inside = "composer/prompts/" + template.relative_to(ROOT / "prompts").as_posix()
        assert inside in names, inside
    assert "composer/prompts/offline/en.j2" in names
    assert "composer/prompts/offline/es.j2" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_drafts_from_its_own_templates(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "COMPOSER_"))}
    env["PYTHONPATH"] = str(site)  # ahead of the editable install of the checkout
    env["COMPOSER_HOME"] = str(tmp_path / "home")
    where = subprocess.run(
        [sys.executable, "-c",
         "from composer.drafting.templates import prompts_dir; print(prompts_dir())"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()) == site / "composer" / "prompts"
    # With a sender: without one the note cannot introduce anybody and fails
    # no-self-intro (exit 1), which is not what this test is about.
    argv = ["--to", str(EXAMPLES / "lucia-fernandez.json"), "--from",
            str(EXAMPLES / "sender-es.json"), "--json"]  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-m", "composer", *argv],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["language"] == "es" and data["note"].startswith(("Hola", "¡Hola"))


def test_installed_wheel_evaluates_its_own_suite(wheel: Path, tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    suite = sorted(n for n in names if n.startswith("composer/drafting/suite/"))
    assert sum(n.endswith("/target.json") for n in suite) >= 30
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "COMPOSER_"))}
    env["PYTHONPATH"] = str(site)
    env["COMPOSER_HOME"] = str(tmp_path / "home")
    proc = subprocess.run(
        [sys.executable, "-m", "composer", "eval", "--engine", "offline", "--json"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["cases"] >= 30
