"""A draft and its request, as the history records them."""

from __future__ import annotations

from composer.core.contract import DraftRequest, DraftResult
from composer.core.findings import Finding, Report
from composer.core.goals import Goal
from composer.history import History
from composer.profile import Profile


def make(
    name: str = "Priya Shah",
    url: str = "https://www.linkedin.com/in/priya-shah/",
    note: str = "Hi Priya, I'm Alex, an engineer at Acme. Loved your post on on-call.",
    *,
    warnings: int = 0,
    errors: int = 0,
    hook: str | None = "post",
    goal: Goal | None = None,
    engine: str = "offline",
    usage: dict[str, int] | None = None,
) -> tuple[DraftRequest, DraftResult]:
    findings = [Finding("cliche", "warning", "stock phrase")] * warnings
    findings += [Finding("no-reason", "error", "give a reason")] * errors
    report = Report(findings=findings, length=len(note), limit=200, language="en")
    request = DraftRequest(target=Profile(name=name, url=url), goal=goal or Goal())
    result = DraftResult(
        note=note, report=report, language="en", engine=engine, hook=hook, usage=usage,
        model="m-1" if engine != "offline" else None,
    )  # fmt: skip
    return request, result


def old_insert(history: History, name: str, url: str, note: str, source: str) -> int:
    """A note recorded in the first schema's columns, as its code did."""
    cur = history.conn.execute(
        "INSERT INTO notes (target_id, target_name, target_url, note, ok, findings, engine,"
        " source, created_at) VALUES (?, ?, ?, ?, 1, '[]', 'offline', ?, ?)",
        (url, name, "https://www." + url, note, source, "2026-01-30T10:00:00+00:00"),
    )
    return int(cur.lastrowid or 0)


def mark_sent(history: History, name: str, at_utc: str, *, with_note: bool = True) -> int:
    slug = name.lower().replace(" ", "-")
    record_id = history.record(*make(name, f"linkedin.com/in/{slug}"), source="cli")
    history.mark(record_id, "sent", with_note=with_note)
    history.conn.execute("UPDATE notes SET sent_at = ? WHERE id = ?", (at_utc, record_id))
    return record_id
