"""Reading targets never crashes: any text gives targets (each a profile or an error)
or one InputError for the whole file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.batch.targets import read_targets
from composer.core.errors import InputError

COLUMNS = st.sampled_from(["name", "Name", "company", "url", "goal", "goal_preset", "x"])
CELL = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)


def check(path: Path) -> None:
    try:
        targets = read_targets(path)
    except InputError as exc:
        assert str(path) in exc.message and "\n" not in exc.message
        return
    for t in targets:
        assert (t.profile is None) == (t.error is not None)
        assert t.identity and (t.error is None or "\n" not in t.error)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(CELL, st.dictionaries(CELL, CELL, max_size=4).map(json.dumps))))
def test_any_jsonl(tmp_path_factory: pytest.TempPathFactory, lines: list[str]) -> None:
    path = tmp_path_factory.mktemp("t") / "t.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    check(path)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(COLUMNS, min_size=1, max_size=5),
    st.lists(st.lists(CELL, max_size=7), max_size=6),
)
def test_any_csv(
    tmp_path_factory: pytest.TempPathFactory, header: list[str], rows: list[list[str]]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("t") / "t.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    check(path)


def test_identity_of_a_bad_line_is_stable_and_does_not_depend_on_its_position(
    tmp_path: Path,
) -> None:
    a = tmp_path / "a.jsonl"
    a.write_text('{"name": 1}\n')
    b = tmp_path / "b.jsonl"
    b.write_text('{"name": "Ana"}\n\n{"name": 1}\n')
    (bad_a,) = read_targets(a)
    bad_b = read_targets(b)[1]
    assert bad_a.identity == bad_b.identity and bad_a.identity.startswith("invalid:")
    assert bad_b.line == 3 and bad_b.where == f"{b}:3"


def test_a_url_that_normalises_to_nothing_falls_back_to_the_profile_hash(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"name": "Ana", "url": "?"}\n{"name": "Bo", "url": "https://"}\n')
    ana, bo = read_targets(path)
    assert ana.identity.startswith("sha256:") and bo.identity.startswith("sha256:")
    assert ana.identity != bo.identity  # not one empty key for both


def test_messages_quoting_the_input_stay_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"name": "Ana", "goal_preset": "a\nb"}) + "\n")
    (target,) = read_targets(path)
    assert target.error is not None and "\n" not in target.error and "a\\nb" in target.error
