"""Profile audits: warnings about the people, shown before the note, never blocking.

- ``audit_sender(sender)``: ``sender-incomplete`` when the sender's own profile lacks a
  photo, headline, summary or experience (advice 3: nobody accepts a ghost). A profile
  read from a LinkedIn data export (``origin == "export"``) cannot state a photo, so it
  is not asked to.
- ``audit_target(target, sender, goal)``: ``company-as-person`` when the target is a
  company page (find a person there instead); else ``target-unrelated`` when the fit
  judgement (``composer.checker.fit``) finds nothing relating the target to the sender
  or the goal, with its evidence, or finds their profile too thin to judge (advice 2:
  pears with apples).
- ``audit_people(target, sender, goal)``: both, for whichever of the two is given
  (``compose check``); ``audit(request)``: the same for a ``DraftRequest``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from composer.checker.fit import judge_fit
from composer.checker.profile_reading import company_as_person
from composer.core.findings import PROFILE_RULES, Finding
from composer.core.goals import Goal
from composer.core.profile import Profile

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


def audit_target(
    target: Profile, sender: Profile | None = None, goal: Goal | str | None = None
) -> list[Finding]:
    """``company-as-person`` when the target is a company page (and, for a sale, also
    ``target-unrelated`` when the company's trade is outside the market you sell to),
    else ``target-unrelated`` when the fit (``composer.checker.fit``) finds the target
    unrelated, or cannot judge their profile, with the evidence. With neither a sender
    nor a goal there is nothing to relate the target to: only the company check runs.
    """
    findings: list[Finding] = []
    company = company_as_person(target)
    if company:
        findings.append(
            _finding(
                "company-as-person",
                f"{company}: a note to a company page reaches nobody, find a person at "
                "that company instead",
            )
        )
    if sender is None and not goal:
        return findings
    fit = judge_fit(target, sender, goal)
    basis = fit.basis
    if fit.verdict == "unrelated" and basis is not None:
        # A company is judged by its trade for a sale: one outside your market is
        # worth saying too, whoever there you would write to.
        return [
            *findings,
            _finding(
                "target-unrelated",
                f"{basis.text}: say why this person matters to you, or pick someone "
                "closer to your goal",
            ),
        ]
    if findings:
        return findings
    if fit.verdict == "unknown" and basis is not None and basis.kind == "too-little":
        return [_finding("target-unrelated", basis.text)]
    return []


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
