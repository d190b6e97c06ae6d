"""``compose eval`` end to end: the offline engine on the shipped suite, the LLM against
the loopback fake server, saved runs compared, and bad suites refused in one line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from composer.cli import main
from composer.drafting.evaluate import DEFAULT_SUITE, similarity
from tests.fake_llm import FakeLLM, reply

KEYS = {
    "engine", "model", "cases", "ok_first_try", "ok_after_repair", "failed", "requests",
    "tokens", "mean_similarity", "results", "failed_by_rule", "mean_length",
    "seconds_per_note", "requests_per_note", "tokens_per_note", "audits", "interrupted",
}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["eval", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_offline_eval_on_the_shipped_suite(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--engine", "offline", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) >= KEYS
    assert data["engine"] == "offline" and data["model"] is None
    assert data["cases"] >= 30 and data["cases"] == len(data["results"])
    assert data["ok_first_try"] + data["ok_after_repair"] + data["failed"] == data["cases"]
    assert data["ok_after_repair"] == 0 and data["requests"] == 0 and data["tokens"] == 0
    assert sum(data["failed_by_rule"].values()) >= data["failed"]
    assert {r["language"] for r in data["results"]} == {"en", "es"}
    assert 0 < data["mean_similarity"] < 0.5  # notes to different people differ
    assert all(r["note"] for r in data["results"])


def test_table_and_summary_without_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--engine", "offline", "--cases", "4")
    assert code == 0
    assert "en-01" in out and "offline: 4 cases" in out and "mean similarity" in out


def test_offline_eval_never_imports_openai() -> None:
    code = (
        "import sys; from composer.cli import main; "
        "main(['eval', '--engine', 'offline', '--cases', '3', '--json']); "
        "assert 'openai' not in sys.modules, 'openai imported'"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr


def test_llm_eval_counts_requests_and_repairs(
    fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in fake_llm.env().items():
        monkeypatch.setenv(name, value)
    too_long = "Hi Hannah, I'm Dev. " + "I have a lot to say about ledgers. " * 8
    fake_llm.enqueue(reply(too_long))  # case 1's first try fails, its repair passes
    code, out, _ = run(capsys, "--cases", "3", "--candidates", "1", "--json")
    data = json.loads(out)
    assert code == 0 and data["engine"] == "openai" and data["model"]
    assert data["cases"] == 3
    assert data["ok_first_try"] + data["ok_after_repair"] + data["failed"] == 3
    assert data["ok_after_repair"] >= 1
    assert data["requests"] == len(fake_llm.requests) >= 4
    assert data["tokens"] > 0 and data["requests_per_note"] == round(data["requests"] / 3, 2)
    first = data["results"][0]
    assert first["requests"] == 2 and first["outcome"] == "ok_after_repair"


def test_compare_two_saved_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--engine", "offline", "--cases", "5", "--json")
    a = tmp_path / "a.json"
    a.write_text(out, encoding="utf-8")
    code, out, _ = run(capsys, "--engine", "offline", "--cases", "3", "--json")
    b = tmp_path / "b.json"
    b.write_text(out, encoding="utf-8")
    code, out, _ = run(capsys, "--compare", str(a), str(b))
    assert code == 0
    cases = next(line for line in out.splitlines() if line.startswith("cases"))
    assert cases.split()[1:] == ["5", "3"]
    assert "mean similarity" in out


def test_a_bad_case_is_one_line_naming_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suite = tmp_path / "suite"
    shutil.copytree(DEFAULT_SUITE / "en-01", suite / "bad")
    (suite / "bad" / "case.json").write_text('{"preset": "world-domination"}', encoding="utf-8")
    code, out, err = run(capsys, "--engine", "offline", "--suite", str(suite))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "case.json" in err and "preset" in err
    code, _, err = run(capsys, "--compare", str(tmp_path / "none.json"), str(tmp_path / "x"))
    assert code == 2 and "none.json" in err


def test_similarity_scores_the_same_note_one_and_different_notes_low() -> None:
    note = "Hi Priya, I'm Sam from Acme. Your post on on-call stuck with me."
    assert similarity(note, note) == 1.0
    assert similarity(note, "Hola Lucía, soy Marc de Factorial. ¿Conectamos?") < 0.2


def test_ctrl_c_stops_with_a_partial_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from composer.drafting import evaluate

    real = evaluate.measure
    calls: list[str] = []

    def measure(case: evaluate.Case, settings: object) -> evaluate.CaseResult:
        calls.append(case.name)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(case, settings)  # type: ignore[arg-type]

    monkeypatch.setattr(evaluate, "measure", measure)
    code, out, err = run(capsys, "--engine", "offline", "--json")
    data = json.loads(out)
    assert code == 0 and data["interrupted"] and data["cases"] == 2
    assert data["planned"] >= 30 and "interrupted after 2" in err
