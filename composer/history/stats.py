"""Acceptance figures from the recorded outcomes, as data (rendering lives elsewhere).

``compute(history) -> Stats``: the overall figure and a list of ``Grouping`` (with note
vs without, by goal preset, by hook, by whether the note had warnings), each bucket with
its counts so a small sample shows as small. More groupings (e.g. from imported LinkedIn
invitations) plug in by appending a provider function to ``PROVIDERS``.

A note counts once its outcome is recorded: ``sent`` (invited, no answer yet),
``accepted`` or ``ignored``. The acceptance rate is accepted / invited, where invited is
all three: pending invitations count against the rate, as they do on LinkedIn. An
invitation marked ``replied`` was accepted too.

Reply rates after acceptance (``replies``): of the people who accepted, how many replied
(the invitation or one of its follow-ups marked ``replied``), with a note vs without and
by the note's hook; and of the follow-ups sent, how many got the reply, by number.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from composer.history.records import Record

if TYPE_CHECKING:
    from composer.history.store import History

SMALL_SAMPLE = 10  # fewer invitations than this: the rate says little
Z95 = 1.959964  # the normal quantile of a two-sided 95% interval
DIFFERENCE_METHOD = "Newcombe hybrid score interval (from Wilson intervals), 95%"


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a proportion (sound at small n and at 0% or 100%)."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(a: int, n1: int, b: int, n2: int, z: float = Z95) -> tuple[float, float, float]:
    """The difference a/n1 - b/n2 and its 95% interval (Newcombe 1998, method 10)."""
    p1, p2 = a / n1, b / n2
    l1, u1 = wilson(a, n1, z)
    l2, u2 = wilson(b, n2, z)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, low, high


@dataclass(slots=True)
class Bucket:
    label: str
    accepted: int = 0
    ignored: int = 0
    pending: int = 0

    @property
    def invited(self) -> int:
        return self.accepted + self.ignored + self.pending

    @property
    def rate(self) -> float | None:
        """Accepted / invited, or None when nobody was invited."""
        return self.accepted / self.invited if self.invited else None

    @property
    def small(self) -> bool:
        return self.invited < SMALL_SAMPLE

    def add(self, outcome: str) -> None:
        if outcome in ("accepted", "replied"):  # a reply means they accepted
            self.accepted += 1
        elif outcome in ("ignored", "withdrawn"):  # a withdrawn invitation was not accepted
            self.ignored += 1
        else:
            self.pending += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "invited": self.invited,
            "accepted": self.accepted,
            "ignored": self.ignored,
            "pending": self.pending,
            "rate": None if self.rate is None else round(self.rate, 4),
            "small_sample": self.small,
        }


@dataclass(slots=True)
class Grouping:
    key: str  # stable, for --json: "with_note", "goal_preset", ...
    title: str  # for people: "With a note vs without"
    buckets: list[Bucket] = field(default_factory=list)

    def difference(self) -> tuple[float, float, float] | None:
        """With a note minus without: the difference of rates and its 95% interval
        (``newcombe``), for the with/without groupings holding both."""
        by_label = {b.label: b for b in self.buckets}
        with_note, without = by_label.get("with note"), by_label.get("without note")
        if not self.key.endswith("with_note") or not with_note or not without:
            return None
        return newcombe(with_note.accepted, with_note.invited, without.accepted, without.invited)

    def to_dict(self) -> dict[str, Any]:
        buckets = [b.to_dict() for b in self.buckets]
        out: dict[str, Any] = {"key": self.key, "title": self.title, "buckets": buckets}
        difference = self.difference()
        if difference is not None:
            d, low, high = difference
            out["difference"] = {
                "with_minus_without": round(d, 4),
                "low": round(low, 4),
                "high": round(high, 4),
                "method": DIFFERENCE_METHOD,
            }
        return out


@dataclass(slots=True)
class ReplyBucket:
    """Of ``asked`` (people who accepted, or follow-ups sent), how many ``replied``."""

    label: str
    replied: int = 0
    asked: int = 0

    @property
    def rate(self) -> float | None:
        return self.replied / self.asked if self.asked else None

    @property
    def small(self) -> bool:
        return self.asked < SMALL_SAMPLE

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "asked": self.asked,
            "replied": self.replied,
            "rate": None if self.rate is None else round(self.rate, 4),
            "small_sample": self.small,
        }


@dataclass(slots=True)
class ReplyGrouping:
    key: str  # "after_acceptance", "with_note", "hook", "follow_up"
    title: str
    buckets: list[ReplyBucket] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "buckets": [b.to_dict() for b in self.buckets],
        }


@dataclass(slots=True)
class Stats:
    overall: Bucket
    groupings: list[Grouping] = field(default_factory=list)
    drafted: int = 0  # notes recorded, with or without an outcome
    replies: list[ReplyGrouping] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "drafted": self.drafted,
            "overall": self.overall.to_dict(),
            "groupings": [g.to_dict() for g in self.groupings],
            "replies": [g.to_dict() for g in self.replies],
            "small_sample_below": SMALL_SAMPLE,
        }


def group(
    key: str,
    title: str,
    records: Iterable[Record],
    label: Callable[[Record], str],
    order: list[str] | None = None,
) -> Grouping:
    """Bucket records by ``label(record)``; ``order`` fixes the order of known labels."""
    buckets: dict[str, Bucket] = {name: Bucket(name) for name in order or []}
    for record in records:
        name = label(record)
        buckets.setdefault(name, Bucket(name)).add(record.outcome or "sent")
    kept = [b for b in buckets.values() if b.invited]
    if order is None:
        kept.sort(key=lambda b: (-b.invited, b.label))
    return Grouping(key, title, kept)


def by_note(records: list[Record]) -> Grouping:
    return group(
        "with_note", "With a note vs without", records,
        lambda r: "with note" if r.with_note and r.note.strip() else "without note",
        order=["with note", "without note"],
    )  # fmt: skip


def by_preset(records: list[Record]) -> Grouping:
    def label(r: Record) -> str:
        if r.goal_preset:
            return r.goal_preset
        return "free-text goal" if r.goal_text else "no goal"

    return group("goal_preset", "By goal preset", records, label)


def by_hook(records: list[Record]) -> Grouping:
    # Only notes that went out count here: a note not sent had no hook that mattered.
    sent = [r for r in records if r.with_note]
    return group("hook", "By the note's hook", sent, lambda r: r.hook or "none")


def by_warnings(records: list[Record]) -> Grouping:
    sent = [r for r in records if r.with_note]
    return group(
        "warnings", "By checker warnings", sent,
        lambda r: "with warnings" if r.warnings else "no warnings",
        order=["no warnings", "with warnings"],
    )  # fmt: skip


Provider = Callable[[list[Record]], Grouping]
PROVIDERS: list[Provider] = [by_note, by_preset, by_hook, by_warnings]


def compute(history: History, extra: Iterable[Grouping] = ()) -> Stats:
    """The acceptance figures for every note with a recorded outcome, then ``extra``
    groupings computed elsewhere from other tables (``composer.linkedin.analytics``
    adds the imported invitations': ``linkedin.analytics.stats``)."""
    records = [r for r in history.iter_records(newest_first=False) if r.outcome]
    overall = Bucket("all invitations")
    for record in records:
        overall.add(record.outcome or "sent")
    follow_ups = [r for r in history.iter_records(newest_first=False, kind="follow-up")]
    return Stats(
        overall=overall,
        groupings=[provider(records) for provider in PROVIDERS] + list(extra),
        drafted=history.count(kind="note"),
        replies=replies(records, follow_ups),
    )


def _reply_group(
    key: str, title: str, items: Iterable[tuple[str, bool]], order: list[str] | None = None
) -> ReplyGrouping:
    buckets: dict[str, ReplyBucket] = {name: ReplyBucket(name) for name in order or []}
    for label, replied in items:
        bucket = buckets.setdefault(label, ReplyBucket(label))
        bucket.asked += 1
        bucket.replied += int(replied)
    kept = [b for b in buckets.values() if b.asked]
    if order is None:
        kept.sort(key=lambda b: (-b.asked, b.label))
    return ReplyGrouping(key, title, kept)


def replies(notes: list[Record], follow_ups: list[Record]) -> list[ReplyGrouping]:
    """Reply rates after acceptance (see the module doc); empty when nobody accepted."""
    answered = {m.invitation_id for m in follow_ups if m.outcome == "replied"}
    accepted = [r for r in notes if r.outcome in ("accepted", "replied")]
    if not accepted:
        return []
    people = [(r, r.outcome == "replied" or r.id in answered) for r in accepted]
    sent = [m for m in follow_ups if m.outcome in ("sent", "replied", "ignored")]
    with_note = [
        ("with note" if r.with_note and r.note.strip() else "without note", replied)
        for r, replied in people
    ]
    by_hook = [(r.hook or "none", replied) for r, replied in people if r.with_note]
    by_nth = [(f"message {m.nth}", m.outcome == "replied") for m in sent]
    return [
        _reply_group(
            "after_acceptance", "Replies after acceptance", [("all accepted", x) for _, x in people]
        ),
        _reply_group(
            "with_note", "Replies: with a note vs without", with_note, ["with note", "without note"]
        ),
        _reply_group("hook", "Replies: by the note's hook", by_hook),
        _reply_group("follow_up", "Replies: by follow-up number (messages sent)", sorted(by_nth)),
    ]
