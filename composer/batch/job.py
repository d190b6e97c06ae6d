"""What a batch run is asked to do (``BatchJob``) and what it did (``Summary``).

``run_batch(job) -> Summary`` (``runner.py``) takes the one and returns the other;
``compose batch`` builds the job from its flags and prints the summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from composer.batch.output import Resume
from composer.batch.targets import Target
from composer.config.settings import Settings
from composer.core.goals import Goal
from composer.core.profile import Profile


@dataclass(slots=True)
class BatchJob:
    targets: list[Target]
    out: Path
    settings: Settings = field(default_factory=Settings)
    sender: Profile | None = None
    goal: Goal = field(default_factory=Goal)
    limit: int = 200
    language: str | None = None
    concurrency: int = 4
    fsync: bool = False
    retry_failed: bool = False
    skip_invited: bool = False
    skip_unrelated: bool = False  # leave out the targets the fit finds unrelated
    record_history: bool = True
    # Draft for people already connected or with an invitation pending (left out by default).
    include_connected: bool = False
    # Draft the first message after acceptance instead of a note, for the targets who
    # accepted (marked so, or connected per an imported export) and were not messaged.
    follow_up: bool = False
    # Notes to give (``composer.batch.ration``): the targets with the strongest reasons get
    # them, the others a line without a note. None: every target gets a note.
    notes: int | None = None


@dataclass(slots=True)
class Summary:
    total: int = 0  # targets in the input
    already_done: int = 0  # in the output before this run
    duplicates: int = 0  # the same person again in the input
    ok: int = 0
    with_errors: int = 0  # drafted, but the checker still finds errors
    bad_input: int = 0
    provider_failed: int = 0  # provider or internal errors
    skipped_invited: int = 0
    skipped_self: int = 0  # the sender's own profile among the targets
    skipped_connected: int = 0  # already a connection (history or an imported export)
    skipped_pending: int = 0  # an invitation to them still pending
    unrelated: int = 0  # targets the fit finds unrelated to the sender or the goal
    skipped_unrelated: int = 0  # of those, left out (--skip-unrelated)
    skipped_not_accepted: int = 0  # --follow-up: no accepted invitation known
    skipped_messaged: int = 0  # --follow-up: a message already sent, or they replied
    seen_before: int = 0  # drafted for or invited in an earlier run (per the history)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    elapsed: float = 0.0
    remaining: int = 0  # not attempted (interrupted or aborted)
    interrupted: bool = False
    signal: int | None = None  # the signal that interrupted the run (SIGINT, SIGTERM)
    aborted: str | None = None
    resume: Resume = field(default_factory=Resume)
    # --notes: who got a note in this run and on what reason, and the hooks of those without.
    notes_budget: int | None = None  # --notes N (None: every target gets a note)
    noted: list[tuple[str, str]] = field(default_factory=list)
    without_note: list[tuple[str, str]] = field(default_factory=list)
    # This run's notes by language, each with the words it may take from the profiles,
    # to tell whether they read alike (``composer.batch.variety``).
    notes: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)

    @property
    def drafted(self) -> int:
        return self.ok + self.with_errors

    @property
    def failed(self) -> int:
        return self.bad_input + self.provider_failed

    @property
    def skipped(self) -> int:
        """Targets given a line without a note, on purpose."""
        return (
            self.skipped_invited + self.skipped_self + self.skipped_connected
            + self.skipped_pending + self.skipped_unrelated + self.skipped_not_accepted
            + self.skipped_messaged
        )  # fmt: skip

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens
