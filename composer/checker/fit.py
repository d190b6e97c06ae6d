"""Target fit (advice 2, "¿peras con manzanas?"): is this person worth inviting for this goal?

``judge_fit(target, sender, goal) -> Fit``: ``related``, ``unrelated`` or ``unknown``
(their profile, or yours and the goal together, say too little), with the evidence
either way in plain words. What a person would look at:

- the goal's kind (a preset, else what the free text says: "busco trabajo como..." is a
  job search): job search => recruiters for the sender's field or the one next to it,
  and people in the field (not students or juniors: they do not hire, unless they work
  at a company the goal names);
  hiring => people with the skills sought; sales => people in the sector the sender
  sells to (another seller is not a buyer); learning => people who do what the sender
  wants to learn; partnership => businesses in the same or an adjacent field;
- the sender's fields and the target's (the taxonomy in ``composer.text.fields``, read
  from their role, employer, industry and skills by ``profile_reading``), and the
  goal's own words (found anywhere in the target's profile, posts included), places
  excepted: "a data role in Manchester" narrows where, it relates nobody who merely
  lives there;
- ties: a shared employer or group/event relates two people; a shared school, city or
  mutual connection is a hook for the note but, alone, relates nobody to a goal.

Words match as whole words read as lemmas, never as stems ("Atención primaria" and
"Atención al cliente" share a word, not a field), and titles alone ("Manager",
"Director", "Gerente") relate nobody. A company page ("Lendora", "Soluciones
Digitales Turia S.L.") is no person to judge: ``company_as_person``
(``profile_reading``) says why, and the verdict is unknown, except for a sale, where
the company is the buyer and its trade decides. When neither side's trade is in the
taxonomy the verdict is unknown too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Literal

from composer.checker.profile_reading import (
    company_as_person,
    content_words,
    contentful,
    profile_fields,
    role_title,
    student_or_junior,
)
from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.text import fields as taxonomy
from composer.text.orgs import org_key, plain

__all__ = [
    "KIND_NAMES",
    "Evidence",
    "Fit",
    "Verdict",
    "goal_kind",
    "judge_fit",
]

Verdict = Literal["related", "unrelated", "unknown"]

# Goal kinds that look past trades shared by every sector: a seller is not a buyer,
# and two sellers in unrelated markets are no partners.
_PAST_FUNCTIONS = frozenset({"sales", "partnership"})
# What a recruiter recruits for is their other fields; these say only that they recruit.
_RECRUITING = frozenset({"recruiting", "hr"})
# Goal kinds held to the exact fields: a candidate has the skills sought (hiring), a
# buyer is in the sector sold to (sales). The others reach the fields next to the
# sender's (``near`` in the data): a partner in an adjacent business, for a job the
# next team (a CTO for a product manager), a data scientist for an engineer's network.
_EXACT = frozenset({"hiring", "sales"})
_MIN_CONTENT = 3  # a profile with fewer words of its own (not titles) says too little
_MIN_GOAL_WORD = 4
_TOO_LITTLE = "their profile says too little to judge: open it before sending"

KIND_NAMES = {
    "job-search": "a job search",
    "hiring": "hiring",
    "sales": "sales",
    "partnership": "a partnership",
    "learning": "learning",
    "event-follow-up": "an event follow-up",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason for the verdict. ``kind``: recruiter, field, goal-words, employer,
    group, school, place, mutual, company, too-little, nothing-to-compare, no-match.
    ``field``: the taxonomy slug it rests on; ``detail``: the words found (their role,
    the employer, the group)."""

    kind: str
    text: str
    field: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Fit:
    verdict: Verdict
    kind: str | None  # the goal's kind: a preset name, or inferred from its text
    evidence: tuple[Evidence, ...] = ()
    target_fields: frozenset[str] = field(default_factory=frozenset)
    our_fields: frozenset[str] = field(default_factory=frozenset)

    @property
    def reason(self) -> str:
        """The evidence as one phrase: the deciding reason first."""
        return "; ".join(e.text for e in self.evidence)

    @property
    def basis(self) -> Evidence | None:
        """The deciding piece of evidence, or None."""
        return self.evidence[0] if self.evidence else None

    def to_dict(self) -> dict[str, object]:
        return {"verdict": self.verdict, "kind": self.kind, "reason": self.reason}


# --- what the goal says -----------------------------------------------------------------


def _goal_words(text: str) -> list[str]:
    kind_words = taxonomy.kind_words()
    out = []
    for w in taxonomy.lemmas(text):
        if len(w) >= _MIN_GOAL_WORD and contentful(w) and w not in kind_words:
            out.append(w)
    return list(dict.fromkeys(out))


def goal_kind(goal: Goal | str | None) -> str | None:
    """The goal's kind: its preset, else what its free text states, else None."""
    if isinstance(goal, Goal):
        if goal.preset:
            return goal.preset
        text = goal.text
    else:
        text = goal or ""
    return taxonomy.goal_kind_of(text) if text else None


def _goal_text(goal: Goal | str | None) -> str:
    return goal if isinstance(goal, str) else (goal.text if goal else "")


# --- the judgement ----------------------------------------------------------------------


def _names(slugs: frozenset[str] | set[str], joiner: str = "or") -> str:
    names = [taxonomy.field(s).en for s in sorted(slugs)]
    if len(names) <= 1:
        return "".join(names)
    if joiner == ",":
        return ", ".join(names)
    return ", ".join(names[:-1]) + f" {joiner} " + names[-1]


def _shared(theirs: list[str], mine: list[str], key: Callable[[str], str]) -> str:
    """The first of the target's names the sender also has, in the target's spelling."""
    keys = {key(m) for m in mine}
    return next((name for name in theirs if key(name) in keys), "")


def _ties(target: Profile, sender: Profile | None, goal_text: str) -> list[Evidence]:
    """Shared employer and group/event (strong), then school, city, mutuals (hooks)."""
    out: list[Evidence] = []
    me = sender or Profile(name="")
    company = _shared(target.companies, me.companies, org_key)
    if company:
        out.append(Evidence("employer", f"you both worked at {company}", detail=company))
    group = _shared(target.groups, me.groups, plain)
    if group:
        out.append(Evidence("group", f"you were both in {group}", detail=group))
    named = f" {plain(goal_text)} "
    for group in target.groups:
        head = " ".join(plain(group).split()[:2])  # "South Summit" of "South Summit Madrid 2026"
        if len(head) >= 6 and f" {head} " in named and not any(e.detail == group for e in out):
            out.append(Evidence("group", f"your goal names {group}, in their groups", detail=group))
            break
    school = _shared(target.schools, me.schools, org_key)
    if school:
        out.append(Evidence("school", f"you both studied at {school}", detail=school))
    city = target.location.split(",")[0].strip()
    if city and me.location and plain(me.location.split(",")[0]) == plain(city):
        out.append(Evidence("place", f"you are both in {city}", detail=city))
    if target.mutual_connections:
        n = len(target.mutual_connections)
        out.append(Evidence("mutual", f"{n} mutual connection{'s' if n != 1 else ''}"))
    return out


def judge_fit(
    target: Profile, sender: Profile | None = None, goal: Goal | str | None = None
) -> Fit:
    """Related, unrelated or unknown, with the evidence (see the module's docstring)."""
    kind = goal_kind(goal)
    goal_text = _goal_text(goal)
    theirs = profile_fields(target)
    goal_fields = {s for m in taxonomy.fields_in(goal_text) for s in m.fields}
    mine = set(profile_fields(sender)) if sender is not None else set()
    company = company_as_person(target)
    if company:
        judged = None
        if kind == "sales" and theirs:  # the company is the buyer: its trade decides
            judged = _judge(target, sender, kind, theirs, goal_text, goal_fields, mine)
        return _company_fit(company, kind, judged)
    ties = _ties(target, sender, goal_text)
    strong = tuple(t for t in ties if t.kind in ("employer", "group"))
    hooks = tuple(t for t in ties if t.kind not in ("employer", "group"))
    judged = _judge(target, sender, kind, theirs, goal_text, goal_fields, mine)
    if strong:  # a shared employer or group relates, whatever the goal says
        first = (judged.basis,) if judged.verdict == "related" and judged.basis else ()
        return Fit(
            "related", kind, (*first, *strong, *hooks), judged.target_fields, judged.our_fields
        )
    return Fit(
        judged.verdict, kind, (*judged.evidence, *hooks), judged.target_fields, judged.our_fields
    )


def _company_fit(company: str, kind: str | None, judged: Fit | None) -> Fit:
    """A company posing as a person. For a sale the company itself is the buyer: when
    its headline or industry says what it does, its field decides (``judged``: a
    refurbishment firm buys tiles, not pallets), the company evidence after. For any
    other goal a person is needed (a page neither hires, refers nor partners by
    itself): unknown."""
    evidence = Evidence("company", f"{company}: find a person at that company instead")
    if judged is not None and judged.verdict != "unknown":
        return replace(judged, evidence=(*judged.evidence, evidence))
    return Fit("unknown", kind, (evidence,))


def _judge(
    target: Profile,
    sender: Profile | None,
    kind: str | None,
    theirs: dict[str, str],
    goal_text: str,
    goal_fields: set[str],
    mine: set[str],
) -> Fit:
    """The verdict from the goal's kind, the fields and the goal's words (no ties)."""
    ours = frozenset(mine | goal_fields)
    target_fields = frozenset(theirs)

    def fit(verdict: Verdict, evidence: Evidence) -> Fit:
        return Fit(verdict, kind, (evidence,), target_fields, ours)

    content = content_words(target)
    if not theirs and len(content) < _MIN_CONTENT:
        return fit(
            "unknown",
            Evidence("too-little", _TOO_LITTLE),
        )

    # A recruiter matters for a job search when they recruit for the sender's field or
    # one next to it (a tech recruiter fills data roles too), or say nothing of it.
    if kind == "job-search" and "recruiting" in theirs:
        return fit(*_recruiter(theirs, ours))

    # A student or a junior does not hire: for a job search they matter only when they
    # work at a company the goal names (an inside view, a referral).
    junior = student_or_junior(target) if kind == "job-search" else ""
    if junior:
        employer = _goal_employer(target, goal_text)
        if employer:
            text = f"{junior} — they work at {employer}, a company your goal names"
            return fit("related", Evidence("goal-employer", text, detail=employer))
        text = (
            f"{junior} — a student or junior: they do not hire, and a job search needs "
            f"{_NEEDS['job-search']}"
        )
        return fit("unrelated", Evidence("junior", text, detail=junior))

    if kind == "hiring":
        sought = frozenset(goal_fields) or frozenset(mine)
    elif kind not in _EXACT:
        sought = _with_near(ours)
    else:
        sought = ours
    if kind in _PAST_FUNCTIONS:
        sought = frozenset(s for s in sought if not taxonomy.field(s).function)
    shared = sorted(target_fields & sought)
    if shared:
        slug = shared[0]
        name = taxonomy.field(slug).en
        if slug not in ours:
            text = f"{theirs[slug]} — {name}, a field next to yours"
        elif kind == "sales":
            text = f"{theirs[slug]} — {name}, the sector you sell to"
        elif slug in goal_fields and slug not in mine:
            text = f"{theirs[slug]} — {name}, the field your goal names"
        else:
            text = f"{theirs[slug]} — {name}, like yours"
        return fit("related", Evidence("field", text, slug, theirs[slug]))

    places = _places(goal_text, target, sender)
    goal_words = [w for w in _goal_words(goal_text) if w not in places]
    words = [w for w in goal_words if w in content]
    if words:
        spelt = _as_written(goal_text)
        quoted = ", ".join(f"'{spelt.get(w, w)}'" for w in words[:3])
        text = f"{quoted} from your goal {'is' if len(words) == 1 else 'are'} in their profile"
        return fit("related", Evidence("goal-words", text, detail=words[0]))

    if not sought and not goal_words:
        return fit("unknown", _nothing_to_compare(target, sender, theirs))
    if not theirs and not ours:
        return fit("unknown", _nothing_to_compare(target, sender, theirs))
    named = (ours & sought) or sought
    about = _names(named) if named else "your goal"
    text = f"nothing in their role, industry, skills or posts relates to {about}"
    if theirs:
        plural = "s" if len(target_fields) > 1 else ""
        text += f" (their field{plural}: {_names(target_fields, ',')})"
    elif role_title(target):
        text += f" (their role, {role_title(target)}, is in no field it knows)"
    if kind:
        text += f", and {KIND_NAMES.get(kind, kind)} needs {_NEEDS[kind]}"
    return fit("unrelated", Evidence("no-match", text))


def _with_near(slugs: frozenset[str]) -> frozenset[str]:
    return slugs | {n for s in slugs for n in taxonomy.field(s).near}


def _recruiter(theirs: dict[str, str], ours: frozenset[str]) -> tuple[Verdict, Evidence]:
    """A recruiter for a job search: related when they recruit for the sender's field
    or one next to it, or say nothing of what they recruit for."""
    recruits_for = frozenset(theirs) - _RECRUITING
    wanted = ours - _RECRUITING
    detail = theirs["recruiting"]
    if not recruits_for or not wanted:
        text = f"{detail} — recruiters matter for a job search"
        return "related", Evidence("recruiter", text, "recruiting", detail)
    if recruits_for & wanted:
        text = f"{detail} — a recruiter for {_names(recruits_for & wanted, 'and')}, your field"
        return "related", Evidence("recruiter", text, "recruiting", detail)
    adjacent = recruits_for & _with_near(wanted)
    if adjacent:
        text = (
            f"{detail} — a recruiter for {_names(adjacent, 'and')}, next to your field "
            f"({_names(wanted)}): tech recruiters fill both"
        )
        return "related", Evidence("recruiter", text, "recruiting", detail)
    text = f"{detail} — a recruiter, but for {_names(recruits_for, 'and')}, not {_names(wanted)}"
    return "unrelated", Evidence("no-match", text)


def _goal_employer(target: Profile, goal_text: str) -> str:
    """The target's employer when the goal names it ("a role at Monzo"), else ""."""
    named = f" {plain(goal_text)} "
    return next((c for c in target.companies if plain(c) and f" {plain(c)} " in named), "")


_LOCATIVE = frozenset({"in", "en", "near", "around", "cerca", "across", "based"})


def _places(goal_text: str, target: Profile, sender: Profile | None) -> set[str]:
    """The goal's words that name a place: where the target or the sender is, or a
    capitalised word after "in"/"en" ("a data role in Manchester"). A place narrows
    where to look; it relates nobody by itself."""
    out: set[str] = set()
    for location in (target.location, sender.location if sender else ""):
        out.update(taxonomy.lemmas(location or ""))
    employers = {w for c in target.companies for w in taxonomy.lemmas(c)}
    words = re.findall(r"[\w'-]+", goal_text)
    for before, word in pairwise(words):
        if before.lower() in _LOCATIVE and word[:1].isupper():
            lemma = taxonomy.lemmas(word)
            if lemma and lemma[0] not in employers and not taxonomy.fields_in(word):
                out.add(lemma[0])  # "trabajo en Glovo" names an employer, not a place
    return out


def _as_written(goal_text: str) -> dict[str, str]:
    """Lemma -> the word as the goal spells it ("manchester" -> "Manchester")."""
    out: dict[str, str] = {}
    for word in re.findall(r"[\w'-]+", goal_text):
        for lemma in taxonomy.lemmas(word):
            out.setdefault(lemma, word)
    return out


def _nothing_to_compare(
    target: Profile, sender: Profile | None, theirs: dict[str, str]
) -> Evidence:
    """Unknown: no field on either side, or nothing of the sender's to compare with."""
    mine = role_title(sender) if sender else ""
    if mine and not theirs:
        role = role_title(target)
        theirs_text = f" ({role})" if role else ""
        text = (
            f"neither your trade ({mine}) nor theirs{theirs_text} is one it knows: "
            "judge the fit yourself, or name in your goal (--goal) whom you want to reach"
        )
    elif mine:
        text = (
            f"your trade ({mine}) is not one it knows: name in your goal (--goal) whom "
            "you want to reach"
        )
    else:
        text = (
            "your profile and goal say too little to judge who fits: add a goal "
            "(--goal) or a headline and experience to your profile"
        )
    return Evidence("nothing-to-compare", text)


_NEEDS = {
    "job-search": "recruiters and people in your field",
    "hiring": "people with the skills you seek",
    "sales": "buyers in the sector you sell to",
    "partnership": "businesses next to yours",
    "learning": "people who do what you want to learn",
    "event-follow-up": "someone you met there",
}
