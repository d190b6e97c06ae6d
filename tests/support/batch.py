"""Inputs and outputs of compose batch: targets, JSONL files, a running batch."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.support import EXAMPLES

ME = str(EXAMPLES / "me.json")


def people(n: int, *, start: int = 0) -> list[dict[str, object]]:
    """``n`` distinct, plausible targets (each with its own URL)."""
    roles = [("Engineering Manager", "Stripe"), ("Staff Engineer", "Shopify"),
             ("Head of Talent", "Wealthsimple"), ("Product Lead", "Figma")]  # fmt: skip
    out: list[dict[str, object]] = []
    for i in range(start, start + n):
        title, company = roles[i % len(roles)]
        out.append({
            "name": f"Person{i} Example",
            "headline": f"{title} at {company}",
            "url": f"https://www.linkedin.com/in/person-{i}/",
            "language": "en",
            "experience": [{"title": title, "company": company, "current": True}],
        })  # fmt: skip
    return out


def write_jsonl(path: Path, rows: Sequence[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


# What the issue promises on every output line: drafted, failed or skipped alike.
LINE_FIELDS = {"target", "note", "ok", "findings", "engine", "model", "error"}


def read_out(path: Path) -> list[dict[str, Any]]:
    raw = path.read_text()
    assert raw.endswith("\n")
    lines = [json.loads(line) for line in raw.splitlines()]
    for line in lines:
        assert set(line) >= LINE_FIELDS, sorted(LINE_FIELDS - set(line))
    return lines


def wait_for_lines(path: Path, n: int, proc: subprocess.Popen[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return
        if proc.poll() is not None:
            raise AssertionError(f"batch ended early: {proc.communicate()}")
        time.sleep(0.005)
    raise AssertionError(f"fewer than {n} lines after {timeout}s")


def assert_each_target_once(out: Path, n: int) -> None:
    raw = out.read_text()
    assert raw.endswith("\n")
    lines = [json.loads(line) for line in raw.splitlines()]  # every line valid JSON
    targets = [x["target"] for x in lines]
    assert sorted(targets) == sorted(f"linkedin.com/in/person-{i}" for i in range(n))
    assert all(x["note"] and x["error"] is None for x in lines)
