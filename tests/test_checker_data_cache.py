"""The compiled rule data is cached next to the data files and rebuilt when they change."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from composer.checker import lexicon


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

    def no_parsing(files: list[Path]) -> None:
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(lexicon, "_parse", no_parsing)
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


def test_unwritable_cache_still_works(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "_cache_file", lambda: data_copy / "no" / "such" / "dir" / "x")
    languages, common, root = lexicon._compiled()
    assert "en" in languages and "placeholder" in common
    assert _has_phrase(root, "add", "me")


def test_corrupt_cache_is_rebuilt(data_copy: Path) -> None:
    lexicon._compiled()
    lexicon._cache_file().write_bytes(b"not marshal data")
    lexicon._compiled.cache_clear()
    assert _has_phrase(lexicon._compiled()[2], "add", "me")
