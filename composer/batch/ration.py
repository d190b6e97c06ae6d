"""Sharing out a few notes in a batch: the strongest reasons get them (``--notes N``).

A free account gets only a handful of personalised notes a month, so a batch larger than
that must choose. ``ration(pending, job, given)`` ranks the targets left to draft by the
hook the profiles offer (``composer.drafting.hooks.best_hook``, in ``HOOK_ORDER``: a named
mutual connection, a post of theirs, a shared employer, school, group, event, then only
their role or only the goal), the input order breaking ties, and keeps the first
``N - given`` to draft; the others get a line ``"note": null, "send": "without-note"``
saying why they ranked lower.

Resume: lines already in the output keep the decision written in them, and the notes
they hold (``"send": "with-note"``, a failed draft included: it keeps its place for
``--retry-failed``) count against N. Only the targets not yet written are ranked, among
themselves. Lines without a note are written before any drafting starts, so an
interrupted run leaves exactly the chosen targets undrafted, and the same command picks
the same people again. A different N on rerun (the default follows the notes left this
month, which changes when notes are marked sent) applies to the unwritten targets only:
no written line is ever re-ranked or rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from composer.batch.drafting import Work
from composer.core.contract import HOOK_ORDER
from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.drafting.hooks import Hook, best_hook

WITH_NOTE = "with-note"
WITHOUT_NOTE = "without-note"

_WHAT = {
    "mutual": "a named mutual connection",
    "post": "a post of theirs",
    "employer": "a shared employer",
    "school": "a shared school",
    "group": "a shared group",
    "event": "a shared event",
    "role": "only their role",
    "goal": "only your goal",
}


def hook_reason(hook: Hook) -> str:
    """'a post of theirs (on payment routing)', 'only their role (CTO)'."""
    what = _WHAT.get(hook.kind, hook.kind)
    return f"{what} ({hook.value})" if hook.value and hook.kind != "goal" else what


@dataclass(slots=True)
class Ranked:
    work: Work
    hook: Hook
    rank: int  # 1 = the strongest reason among the targets ranked in this run


@dataclass(slots=True)
class Ration:
    notes: list[Ranked] = field(default_factory=list)  # to draft, with a note
    without: list[Ranked] = field(default_factory=list)  # a line without a note


def strength(hook: Hook) -> int:
    return HOOK_ORDER.index(hook.kind) if hook.kind in HOOK_ORDER else len(HOOK_ORDER)


def ration(
    pending: list[Work], budget: int, given: int, sender: Profile | None, goal: Goal
) -> Ration:
    """Split ``pending`` (in input order) into the ``budget - given`` strongest and the rest."""
    hooks = []
    for index, work in enumerate(pending):
        profile = work.target.profile
        assert profile is not None  # a target without a profile failed before ranking
        hook = best_hook(profile, sender, work.target.goal or goal)
        hooks.append((strength(hook), index, work, hook))
    hooks.sort(key=lambda item: (item[0], item[1]))
    slots = max(budget - given, 0)
    out = Ration()
    for rank, (_, _, work, hook) in enumerate(hooks, start=1):
        (out.notes if rank <= slots else out.without).append(Ranked(work, hook, rank))
    return out


def why_without(ranked: Ranked, ration: Ration, budget: int, given: int) -> str:
    """The reason a target gets no note, naming what the notes went to."""
    if not ration.notes:
        spent = (
            f"the {budget} notes of --notes went to earlier lines of this output"
            if given
            else "no notes left (--notes 0)"
        )
        return f"{spent}; this one rests on {hook_reason(ranked.hook)}"
    weakest = ration.notes[-1].hook
    return (
        f"ranked {ranked.rank} of {len(ration.notes) + len(ration.without)}: it rests on "
        f"{hook_reason(ranked.hook)}, and the {len(ration.notes)} notes left went to stronger "
        f"or earlier reasons (the weakest given: {_WHAT.get(weakest.kind, weakest.kind)}); "
        "send the invitation without a note, and once they accept, compose follow-up drafts "
        "the first message"
    )
