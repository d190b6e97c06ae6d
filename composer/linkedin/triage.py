"""Invitation triage: should the user accept, consider or ignore an incoming invitation?

``triage(invitation, me, goal) -> Judgement`` judges the inviter and their note against
the user's own profile and goal, with the reasons of ADVICE.md's catalogue:
``company-as-person``, ``ghost-profile``, ``not-personalized``, ``no-common-ground``,
``language-mismatch`` and the note rules that apply to a message someone else wrote
(``sales-pitch``, ``asks-for-invite``, ``cliche``, ...) from ``composer.checker``.
What speaks *for* the inviter (shared employer, school, a note that cites something
real, a fit with the goal) is listed too. When the judgement rests on little data (an
export row has only a name and maybe a message) the ``caveats`` say so.

``company_as_person`` and the goal's fit come from ``composer.checker.fit``, the judgement
the drafting audits use, so a company page or an unrelated inviter is told the same way
in both places.

Ignoring is often the best answer to an unwanted invitation: the inviter is not told.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from composer.checker.fit import judge_fit
from composer.checker.profile_reading import company_as_person, profile_fields
from composer.core.findings import PROFILE_RULES, Finding, Report
from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.text import fields as taxonomy
from composer.text.language import detect_language
from composer.text.normalize import match_key
from composer.text.orgs import org_key

Decision = Literal["accept", "consider", "ignore"]
Checker = Callable[..., Report]

# What LinkedIn's default text (or no note) lacks by definition: not-personalized covers it.
_UNPERSONAL_RULES = frozenset({"no-self-intro", "no-reason", "no-greeting"})
# Note rules that say the invitation itself is unwelcome, whoever sent it (advice 4, 5).
HARD_NOTE_RULES = frozenset({"sales-pitch", "asks-for-invite", "placeholder", "wrong-name"})
# Note rules worth reporting about a message someone else wrote. Left out: rules about
# our own drafts' mechanics (too-long: LinkedIn enforced it; unsupported-claim: the
# inviter may well name their own company), and the ones triage words itself
# (empty and default-message become not-personalized; language-mismatch is judged
# against every language the user speaks, not only their profile's).
TRIAGE_NOTE_RULES = frozenset(
    HARD_NOTE_RULES
    | {"no-self-intro", "no-reason", "no-greeting", "contact-info", "shouting", "cliche"}
)


@dataclass(slots=True)
class Invitation:
    """An incoming invitation: who sent it, their note, and how much we know of them."""

    inviter: Profile
    message: str = ""
    sent_at: str = ""
    little_data: bool = False  # True for an export row: a name, a URL and the message


@dataclass(slots=True)
class Judgement:
    invitation: Invitation
    decision: Decision
    reasons: list[Finding] = field(default_factory=list)  # what speaks against
    in_favour: list[str] = field(default_factory=list)  # what speaks for
    caveats: list[str] = field(default_factory=list)  # what the judgement could not see

    def to_dict(self) -> dict[str, Any]:
        inviter = self.invitation.inviter
        return {
            "inviter": {"name": inviter.name, "url": inviter.url, "headline": inviter.headline},
            "message": self.invitation.message,
            "sent_at": self.invitation.sent_at,
            "decision": self.decision,
            "reasons": [f.to_dict() for f in self.reasons],
            "in_favour": self.in_favour,
            "little_data": self.invitation.little_data,
            "caveats": self.caveats,
        }


def triage(
    invitation: Invitation,
    me: Profile | None = None,
    goal: Goal | None = None,
    *,
    languages: Iterable[str] = (),
    check: Checker | None = None,
) -> Judgement:
    """Judge one incoming invitation. ``languages``: every language the user speaks
    (their profile's language is always included)."""
    if check is None:
        from composer.checker import check_note

        check = check_note
    inviter, message = invitation.inviter, invitation.message.strip()
    judgement = Judgement(invitation, "consider")
    reasons, favour, caveats = judgement.reasons, judgement.in_favour, judgement.caveats

    company = company_as_person(inviter)
    if company:
        reasons.append(_finding("company-as-person", company))
    if invitation.little_data:
        caveats.append(
            "judged on the name and the note only (the export has no profile for the "
            "inviter): open their profile before accepting"
        )
    else:
        ghost = ghost_profile(inviter)
        if ghost:
            reasons.append(_finding("ghost-profile", ghost))

    note_findings = _note_findings(message, inviter, me, check)
    personalised = bool(message) and not any(f.rule == "default-message" for f in note_findings)
    if not personalised:
        what = "no note" if not message else "LinkedIn's default text as the note"
        reasons.append(
            _finding("not-personalized", f"{what}: nothing says why they want to connect with you")
        )
    # LinkedIn's default text lacks an introduction, a reason and a greeting by design:
    # not-personalized says it all, so those three are not listed on top of it.
    wanted = TRIAGE_NOTE_RULES if personalised else TRIAGE_NOTE_RULES - _UNPERSONAL_RULES
    reasons.extend(_for_the_reader(f for f in note_findings if f.rule in wanted))

    if me is None:
        caveats.append("your own profile is unknown (--from): common ground was not judged")
    else:
        ground = common_ground(inviter, message, me)
        favour.extend(ground)
        if not ground:
            reasons.append(
                _finding(
                    "no-common-ground",
                    "shares nothing visible with you: no employer, school, group, skill, "
                    "place or mutual connection"
                    + (" that the note mentions" if invitation.little_data else ""),
                )
            )
        mismatch = language_mismatch(inviter, message, me, languages)
        if mismatch:
            reasons.append(Finding("language-mismatch", "warning", mismatch))
    fit = goal_fit(inviter, message, goal, me)
    if fit:
        favour.append(fit)
    relevant = bool(favour)  # common ground or the goal, before the note's own merit
    if personalised and not any(f.is_error for f in note_findings):
        favour.append("a personal note that says who they are and why")

    judgement.decision = _decide(
        reasons, relevant, personalised, fits_goal=bool(fit), blind=invitation.little_data
    )
    return judgement


def _decide(
    reasons: list[Finding],
    relevant: bool,
    personalised: bool,
    *,
    fits_goal: bool = False,
    blind: bool = False,
) -> Decision:
    """Ignore what the advice says to ignore; accept only a personal note from someone
    relevant with nothing against them (every reason listed counts: a verdict never
    contradicts its reasons); everything else is the user's call. Someone who serves the
    user's goal needs no common ground (a recruiter when job hunting: 002). ``blind``: the
    export holds no profile of the inviter, so no common ground seen is no evidence: with
    nothing else against them the user should open the profile (consider), not ignore."""
    rules = {f.rule for f in reasons}
    if rules & (HARD_NOTE_RULES | {"company-as-person"}):
        return "ignore"
    if "ghost-profile" in rules and not relevant:
        return "ignore"
    if not personalised and "no-common-ground" in rules and not blind:
        return "ignore"  # a blank request from a stranger: ignoring costs nothing
    against = rules - {"no-common-ground"} if fits_goal else rules
    if relevant and personalised and not against:
        return "accept"
    return "consider"


# The checker words its messages to the note's author ("say who you are"); in triage the
# user is the reader, so these say what the note lacks instead.
_READER_MESSAGES = {
    "no-self-intro": "the note never says who they are",
    "no-reason": "the note gives no reason about you: nothing about your work or what you share",
    "no-greeting": "the note does not greet you",
}


def _for_the_reader(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per rule, worded for the user who received the note."""
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    out = []
    for rule, group in by_rule.items():
        first = group[0]
        message = _READER_MESSAGES.get(rule, first.message)
        if len(group) > 1 and rule not in _READER_MESSAGES:
            message += f" (and {len(group) - 1} more)"
        out.append(Finding(rule, first.severity, message, first.start, first.end))
    return out


def _finding(rule: str, message: str) -> Finding:
    return Finding(rule, PROFILE_RULES[rule][0], message)


def _note_findings(
    message: str, inviter: Profile, me: Profile | None, check: Checker
) -> list[Finding]:
    if not message:
        return []
    # The note was written to the user by the inviter: the user is its target.
    target = me or Profile(name="")
    report = check(message, target=target, sender=inviter, goal=None, limit=300)
    return list(report.findings)


def ghost_profile(inviter: Profile) -> str | None:
    """What makes the inviter's profile look empty, or None when it looks real."""
    missing = []
    if inviter.photo is False:
        missing.append("no photo")
    if not inviter.headline:
        missing.append("no headline")
    if not inviter.about:
        missing.append("no summary")
    if not inviter.experience:
        missing.append("no experience")
    elif not any(e.company for e in inviter.experience):
        missing.append("no named employer")
    # One gap is common in real profiles; a photo-less or two-gap profile is a ghost.
    if "no photo" in missing or len(missing) >= 2:
        return "incomplete profile: " + ", ".join(missing)
    return None


def common_ground(inviter: Profile, message: str, me: Profile) -> list[str]:
    """What the inviter visibly shares with the user, each as a short phrase."""
    out: list[str] = []
    mine_co = {_org_key(c): c for c in me.companies}
    mine_school = {_org_key(s): s for s in me.schools}
    for company in inviter.companies:
        if _org_key(company) in mine_co:
            out.append(f"you both worked at {company}")
    for school in inviter.schools:
        if _org_key(school) in mine_school:
            out.append(f"you both studied at {school}")
    groups = {match_key(g) for g in me.groups} & {match_key(g) for g in inviter.groups}
    out += [f"you share the group {g}" for g in sorted(groups)]
    skills = {match_key(s) for s in me.skills} & {match_key(s) for s in inviter.skills}
    if skills:
        out.append("shared skills: " + ", ".join(sorted(skills)))
    fields = sorted(set(profile_fields(inviter)) & set(profile_fields(me)))
    if fields:  # the taxonomy the target fit uses: "Tech Recruiter" and "RRHH" are one trade
        out.append("you both work in " + " and ".join(taxonomy.field(f).en for f in fields[:2]))
    mine_city, their_city = _city(me.location), _city(inviter.location)
    if mine_city and mine_city == their_city:
        out.append(f"you are both in {inviter.location.split(',')[0].strip()}")
    if inviter.mutual_connections:
        n = len(inviter.mutual_connections)
        out.append(f"{n} mutual connection{'s' if n != 1 else ''}")
    out += _mentions(message, me, already=" ".join(out))
    return out


def _mentions(message: str, me: Profile, already: str) -> list[str]:
    """Things of the user's the note names: what an export row can still tell us."""
    text = f" {_plain(message)} "
    found: list[str] = []
    seen = f" {_plain(already)} "  # "Madrid" inside "Universidad ... de Madrid" is not news
    city = me.location.split(",")[0].strip()
    items = [*me.companies, *me.schools, *me.groups, *(s for s in me.skills if len(s) >= 4)]
    items += [city] if city else []
    for item in dict.fromkeys(items):
        key = _plain(item)
        if key and f" {key} " in text and key not in seen:
            found.append(f"their note mentions {item}")
            seen += f" {key} "
    return found


def language_mismatch(
    inviter: Profile, message: str, me: Profile, languages: Iterable[str]
) -> str | None:
    """Their profile or note is in a language the user does not speak, or None."""
    spoken = {lang for lang in (me.language, *languages) if lang}
    script = _foreign_script(message)
    # Judged by its script only when every language the user speaks is written in Latin
    # letters (the language detector knows Latin-script languages only).
    if spoken and script and spoken <= LATIN_LANGUAGES:
        return (
            f"their note is written in {script} script, which none of your languages "
            f"({', '.join(sorted(spoken))}) uses: a network you cannot talk to is of "
            "little use"
        )
    # The note's language first: it is the one they chose to talk to the user in.
    theirs = (detect_language(message) if message else None) or inviter.language
    if not spoken or not theirs or theirs in spoken:
        return None
    return (
        f"their {'note' if message else 'profile'} is in '{theirs}', a language your profile "
        f"does not use ({', '.join(sorted(spoken))}): a network you cannot talk to is of "
        "little use"
    )


# The languages Composer knows that are written in the Latin script.
LATIN_LANGUAGES = frozenset({"en", "es", "fr", "de", "it", "pt", "nl", "ca", "pl", "ro", "sv"})


def _foreign_script(message: str) -> str | None:
    """The script most of the note's letters are in ("Devanagari", "Cyrillic"), when it
    is not the Latin one; None for a Latin note or one without letters."""
    if message.isascii():
        return None
    import unicodedata

    counts: dict[str, int] = {}
    for ch in message:
        if ch.isalpha():
            script = unicodedata.name(ch, "UNKNOWN").split()[0]
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script, count = max(counts.items(), key=lambda item: item[1])
    if script == "LATIN" or count * 2 < sum(counts.values()):
        return None
    return script.title()


def goal_fit(
    inviter: Profile, message: str, goal: Goal | None, me: Profile | None = None
) -> str | None:
    """How the inviter serves the user's goal (e.g. a recruiter when job hunting), or
    None: the target fit of ``composer.checker.fit`` (the same judgement and fields as
    the ``target-unrelated`` audit), with what their note says about them read as part
    of their profile."""
    if not goal:
        return None
    said = " ".join(p for p in (inviter.about, message) if p)
    fit = judge_fit(replace(inviter, about=said), me, goal)
    basis = fit.basis
    if fit.verdict != "related" or basis is None:
        return None
    return f"fits {goal.preset or 'your goal'}: {basis.text}"


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", match_key(text)).split())


def _org_key(name: str) -> str:
    return org_key(name)


def _city(location: str) -> str:
    return _plain(location.split(",")[0]) if location else ""
