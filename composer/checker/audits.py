"""Profile audits: warnings about the people, shown before the note, never blocking.

- ``audit_sender(sender)``: ``sender-incomplete`` when the sender's own profile lacks a
  photo, headline, summary or experience (advice 3: nobody accepts a ghost). A profile
  read from a LinkedIn data export (``origin == "export"``) cannot state a photo, so it
  is not asked to.
- ``audit_target(target, sender, goal)``: ``target-unrelated`` when nothing in the
  target's headline, industry, skills, roles or posts relates to the sender or the goal
  (advice 2: pears with apples).
- ``audit_people(target, sender, goal)``: both, for whichever of the two is given
  (``compose check``); ``audit(request)``: the same for a ``DraftRequest``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from composer.checker.facts import content_stems
from composer.core.findings import PROFILE_RULES, Finding
from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.text import lexicon
from composer.text.normalize import clean, fold, stem

if TYPE_CHECKING:  # only for annotations: `compose check` need not import drafting
    from composer.core.contract import DraftRequest


def _finding(slug: str, message: str) -> Finding:
    return Finding(slug, PROFILE_RULES[slug][0], message)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def audit_sender(sender: Profile) -> list[Finding]:
    """``sender-incomplete`` listing what the sender's profile lacks, or nothing."""
    missing: list[str] = []
    from_export = sender.origin == "export"
    if sender.photo is False:
        missing.append("a photo")
    elif sender.photo is None and not from_export:
        missing.append('a photo (not stated: add "photo": true if you have one)')
    if not sender.headline.strip():
        missing.append("a headline")
    if not sender.about.strip():
        missing.append("an About summary")
    if not sender.experience:
        missing.append("experience")
    if not missing:
        # An export cannot say whether there is a photo; it shows everything else,
        # so a complete export is not nagged about a field it cannot have.
        return []
    photo = ""
    if from_export and sender.photo is None:
        photo = " (and check your photo on LinkedIn: the data export does not show it)"
    return [
        _finding(
            "sender-incomplete",
            f"your profile lacks {_join(missing)}{photo}: fix it before sending, people "
            "check who invites them and ignore a ghost",
        )
    ]


def _words(*texts: str) -> list[str]:
    return [w.strip("'") for text in texts for w in clean(text).split() if w.strip("'")]


def _target_stems(target: Profile) -> frozenset[str]:
    roles = [f"{e.title} {e.company}" for e in target.experience]
    posts = [p.text for p in target.recent_posts]
    return content_stems(_words(target.headline, target.industry, *target.skills, *roles, *posts))


def _sender_stems(sender: Profile) -> frozenset[str]:
    roles = [e.title for e in sender.experience]
    return content_stems(_words(sender.headline, sender.industry, *sender.skills, *roles))


@cache
def _field_index() -> dict[str, frozenset[str]]:
    """Word stem -> the professional fields it belongs to (``[fields]`` in the data)."""
    index: dict[str, set[str]] = {}
    for table in (lexicon.common(), *lexicon.languages().values()):
        fields = table.get("fields", {})
        for field, words in fields.items():
            for word in clean(str(words)).split():
                index.setdefault(stem(word), set()).add(field)
    return {k: frozenset(v) for k, v in index.items()}


def _fields(stems: frozenset[str] | set[str]) -> set[str]:
    index = _field_index()
    out: set[str] = set()
    for s in stems:
        out |= index.get(s, frozenset())
    return out


def audit_target(
    target: Profile, sender: Profile | None = None, goal: Goal | str | None = None
) -> list[Finding]:
    """``target-unrelated`` when the target shares nothing with the sender or the goal.

    Compares word stems (stopwords and generic words removed, English and Spanish) of
    the target's headline, industry, skills, roles and posts with the sender's headline,
    industry, skills and roles, the goal's words and its preset's keywords; words of the
    same professional field (``[fields]`` in the checker data: software, data,
    product...) count as related. With neither a sender nor a goal there is nothing to
    compare, so no finding.
    """
    goal_text = goal if isinstance(goal, str) else (goal.text if goal else "")
    keywords: tuple[str, ...] = ()
    if isinstance(goal, Goal) and goal.preset_info is not None:
        keywords = goal.preset_info.keywords
    theirs = _target_stems(target)
    ours: set[str] = set(content_stems(_words(goal_text)))
    if sender is not None:
        ours |= _sender_stems(sender)
    if not ours and not keywords:
        return []
    if theirs & ours or _fields(theirs) & _fields(ours):
        return []
    # Preset keywords are prefixes chosen by the preset ("recruit", "ingenier"): match
    # them against the target's own words, before stemming cuts them short.
    target_words = _words(target.headline, *(e.title for e in target.experience))
    target_words += _words(target.industry)
    prefixes = [fold(k).strip() for k in keywords if k.strip()]
    if any(w.startswith(p) for p in prefixes for w in target_words):
        return []
    return [
        _finding(
            "target-unrelated",
            "nothing in their role, industry, skills or posts relates to you or your goal: "
            "say why this person matters to you, or pick someone closer to your goal",
        )
    ]


def audit_people(
    target: Profile | None, sender: Profile | None, goal: Goal | str | None = None
) -> list[Finding]:
    """The sender's profile (when given), then the target's fit (when given)."""
    findings: list[Finding] = []
    if sender is not None:
        findings += audit_sender(sender)
    if target is not None:
        findings += audit_target(target, sender, goal)
    return findings


def audit(request: DraftRequest) -> list[Finding]:
    """The audits for a draft: the sender's profile (when given), then the target's fit."""
    return audit_people(request.target, request.sender, request.goal)
