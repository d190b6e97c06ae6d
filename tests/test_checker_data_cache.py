"""The compiled rule data is cached next to the data files and rebuilt when they change."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from composer.text import lexicon
from tests.support import ROOT
from tests.support.permissions import refuse_writes


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "data"
    shutil.copytree(lexicon.DATA_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(lexicon, "DATA_DIR", folder)
    lexicon._compiled.cache_clear()
    yield folder
    monkeypatch.undo()
    lexicon._compiled.cache_clear()  # the real data again for the other tests


def _has_phrase(root: lexicon.Node, *words: str) -> bool:
    node = root
    for word in words:
        if word not in node:
            return False
        node = node[word]
    return "\x00end" in node


def test_cache_is_written_then_used(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = lexicon._compiled()
    assert lexicon._cache_file().exists()
    lexicon._compiled.cache_clear()

    monkeypatch.setattr(lexicon, "_parse", _no_parsing)
    assert lexicon._compiled() == first


def test_changed_data_rebuilds_the_cache(data_copy: Path) -> None:
    lexicon._compiled()
    en = data_copy / "en.toml"
    en.write_text(
        en.read_text(encoding="utf-8").replace(
            '"touch base",', '"touch base", "circle the wagons",'
        ),
        encoding="utf-8",
    )
    stat = en.stat()
    os.utime(en, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    lexicon._compiled.cache_clear()
    root = lexicon._compiled()[2]
    assert _has_phrase(root, "circle", "the", "wagons")


def _no_parsing(files: list[Path]) -> None:
    raise AssertionError("a cache should have been used")


def test_read_only_package_caches_in_the_user_cache_folder(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The package's __pycache__ cannot be created (a file is in the way: the same as a
    # site-packages owned by another user, even when the tests run as root).
    (data_copy / "__pycache__").write_text("not a folder", encoding="utf-8")
    languages, common, root = lexicon._compiled()
    assert "en" in languages and "placeholder" in common
    assert _has_phrase(root, "add", "me")
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "composer" / "rules"
    cached = list(folder.glob("rules.*.marshal"))
    assert len(cached) == 1 and folder.stat().st_mode & 0o777 == 0o700
    lexicon._compiled.cache_clear()  # the next run loads it instead of compiling
    monkeypatch.setattr(lexicon, "_parse", _no_parsing)
    assert lexicon._compiled()[2] == root


def test_nothing_writable_still_checks(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (data_copy / "__pycache__").write_text("not a folder", encoding="utf-8")
    blocked = data_copy / "cache-is-a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    _, _, root = lexicon._compiled()
    assert _has_phrase(root, "add", "me")
    assert not list(data_copy.rglob("*.tmp"))


def test_read_only_folder(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pycache = data_copy / "__pycache__"
    pycache.mkdir()
    # A package installed by another user (chmod 555 for anyone but root, who CI runs
    # as): writing a file in its __pycache__ is refused, as the system refuses it.
    refuse_writes(monkeypatch, lambda path: path.parent == pycache)
    assert _has_phrase(lexicon._compiled()[2], "add", "me")
    assert not list(pycache.iterdir())
    user_cache = lexicon._user_cache_file()
    assert user_cache is not None and user_cache.exists()  # in Composer's own folder


def test_processes_writing_at_once_leave_one_whole_cache(data_copy: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from composer.text import lexicon; "
        "lexicon.DATA_DIR = Path(sys.argv[1]); print(len(lexicon._compiled()[2]))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(data_copy)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outs = [proc.communicate(timeout=60)[0] for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    assert len(set(outs)) == 1
    assert [p.name for p in (data_copy / "__pycache__").iterdir()] == [lexicon._cache_file().name]
    lexicon._compiled.cache_clear()
    stored = marshal.loads(lexicon._cache_file().read_bytes())
    assert _has_phrase(stored[3], "add", "me")


def test_pycache_prefix_keeps_the_package_untouched(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))
    lexicon._compiled()
    assert not (data_copy / "__pycache__").exists()
    assert lexicon._cache_file().is_relative_to(tmp_path / "prefix")
    assert lexicon._cache_file().exists()


def test_the_wheel_ships_no_cache(tmp_path: Path) -> None:
    lexicon._compiled()  # the checkout's cache exists...
    assert lexicon._cache_file().exists() or sys.pycache_prefix
    proc = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "composer/text/data/en.toml" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".marshal")]  # ...not shipped


def test_corrupt_cache_is_rebuilt(data_copy: Path) -> None:
    lexicon._compiled()
    lexicon._cache_file().write_bytes(b"not marshal data")
    lexicon._compiled.cache_clear()
    assert _has_phrase(lexicon._compiled()[2], "add", "me")


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_a_cache_others_can_write_is_not_loaded(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lexicon._compiled()
    (cached,) = (data_copy / "__pycache__").glob("*.marshal")
    cached.chmod(0o666)  # anyone could have planted it
    lexicon._compiled.cache_clear()
    parsed: list[object] = []
    real = lexicon._parse

    def parse(files: list[Path]) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
        parsed.append(files)
        return real(files)

    monkeypatch.setattr(lexicon, "_parse", parse)
    lexicon._compiled()
    assert parsed, "a marshal file writable by others was loaded"
    assert cached.stat().st_mode & 0o777 == 0o600  # rewritten, private
