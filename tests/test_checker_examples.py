"""Every rule's failing and passing examples (tests/rule_examples/<slug>.toml), both languages.

A rule is only as good as its examples: the meta-test fails when a rule of the
catalogue has no failing and passing examples in English or Spanish.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from composer.checker import check_message, check_note
from composer.core.findings import MESSAGE_RULES, NOTE_RULES
from composer.core.goals import make_goal
from tests.support.profiles import lucia, priya, sam

EXAMPLES_DIR = Path(__file__).parent / "rule_examples"
TARGETS = {"en": priya, "es": lucia}


def _load() -> dict[str, dict[str, Any]]:
    return {
        path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(EXAMPLES_DIR.glob("*.toml"))
    }


def _cases() -> list[Any]:
    cases = []
    for slug, sections in _load().items():
        for name, table in sections.items():
            for kind in ("fail", "pass"):
                for i, note in enumerate(table.get(kind, [])):
                    cases.append(
                        pytest.param(slug, table, name, kind, note, id=f"{slug}-{name}-{kind}-{i}")
                    )
    return cases


def test_every_rule_has_examples_in_both_languages() -> None:
    examples = _load()
    for slug in {**NOTE_RULES, **MESSAGE_RULES}:
        assert slug in examples, f"no tests/rule_examples/{slug}.toml"
        for language in ("en", "es"):
            table = examples[slug].get(language, {})
            assert table.get("fail"), f"{slug}: no failing {language} example"
            if slug != "empty":  # every non-empty note passes `empty`; listed anyway
                assert table.get("pass"), f"{slug}: no passing {language} example"
    assert set(examples) <= set(NOTE_RULES) | set(MESSAGE_RULES), "an example file names no rule"
    for slug in MESSAGE_RULES:  # message rules are examples of messages, checked as such
        assert all(t.get("kind") == "message" for t in examples[slug].values()), slug


@pytest.mark.parametrize(("slug", "table", "section", "kind", "note"), _cases())
def test_rule_example(slug: str, table: dict[str, Any], section: str, kind: str, note: str) -> None:
    language = table.get("language", section)
    target = TARGETS[language]() if table.get("target", True) else None
    sender = sam() if table.get("sender", True) else None
    goal = make_goal(preset="learning")
    if table.get("kind") == "message":
        report = check_message(
            note, target, sender, goal, table.get("limit", 600), table.get("note")
        )
    else:
        report = check_note(note, target, sender, goal, table.get("limit", 200))
    found = [f for f in report.findings if f.rule == slug]
    shown = [(f.rule, f.message) for f in report.findings]
    if kind == "fail":
        assert found, f"{slug} should flag {note!r}; found {shown}"
        severity = {**NOTE_RULES, **MESSAGE_RULES}[slug][0]
        for finding in found:
            assert finding.severity == severity
            assert finding.message
            if finding.start is not None:
                assert finding.end is not None
                assert 0 <= finding.start <= finding.end <= len(note)
    else:
        assert not found, f"{slug} should not flag {note!r}; found {shown}"
