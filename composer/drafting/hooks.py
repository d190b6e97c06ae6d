"""Choosing the hook of a note: the most specific thing the two profiles and the goal share.

``find_hooks(target, sender, goal)`` returns every hook the data offers, strongest first,
in the order the advice ranks them (ADVICE.md: notes citing a verifiable specific do
best): a named mutual connection, a recent post (its topic), a shared employer, a shared
school, a shared group, a shared event (from both profiles' groups or named in the goal),
then the target's role. Each ``Hook`` carries only words taken from the profiles or the
goal, so a note built on it never claims a shared past that isn't there.
What a recent post is about is ``composer.drafting.topics``'s to say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from composer.core.contract import DraftRequest
from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.drafting.offline.goals import UNSAFE, goal_phrase
from composer.drafting.offline.titles import looks_like_title
from composer.drafting.topics import STOPWORDS, post_hook, reads_as_topic
from composer.text.language import detect_language
from composer.text.normalize import match_key
from composer.text.orgs import org_key


@dataclass(frozen=True, slots=True)
class Hook:
    """One reason to write to this person.

    ``value`` is the name, topic, company, school, group or event the note cites;
    for ``post``, ``detail`` is ``"quote"`` when ``value`` is the post's own opening
    words, to quote exactly ("your post “How we cut plastic…”"), else ``value`` is a
    noun phrase ("your post on payment routing"); for ``role`` it is the target's title
    and ``detail`` their company. For ``employer``,
    ``detail`` is ``"current"`` when both work there now. For ``event``,
    ``detail`` is ``"both"`` (in both profiles) or ``"goal"`` (named in the goal only),
    or ``"named"`` when the goal's words, said in the note, name it already: the note
    then names it there, once, and says no hook line of its own.
    ``goal`` is the last resort: the profile offers nothing to cite.
    """

    kind: str
    value: str = ""
    detail: str = ""

    @property
    def specific(self) -> bool:
        return self.kind not in ("role", "goal")


def find_hooks(
    target: Profile, sender: Profile | None = None, goal: Goal | None = None
) -> list[Hook]:
    """Every hook the data offers, strongest first; never empty (``goal`` comes last)."""
    goal = goal or Goal()
    hooks: list[Hook] = []
    if target.mutual_connections:
        hooks.append(Hook("mutual", target.mutual_connections[0]))
    topic, how = post_hook(target)
    if topic or how == "hiring":  # "I saw you're hiring" names no role
        hooks.append(Hook("post", topic, how))
    if sender is not None:
        company = _shared(target.companies, sender.companies)
        if company:
            # Both there now: colleagues ("we both work at"), not a shared past.
            now = _shared([company], _current_companies(target)) and _shared(
                [company], _current_companies(sender)
            )
            hooks.append(Hook("employer", company, "current" if now else ""))
        school = _shared(target.schools, sender.schools)
        if school:
            hooks.append(Hook("school", school))
    hooks += _group_and_event_hooks(target, sender, goal)
    if goal.preset == "event-follow-up":
        # A follow-up after an event opens on the event: it is why they'd remember you.
        # A post whose topic is the event itself would only name it twice.
        # A goal that names the event ("after her Coalesce talk") says it already: the
        # note names it there, once.
        events = [h for h in hooks if h.kind == "event"]
        if events:
            name = events[0].value.casefold()
            named = name.split()[0] in goal.text.casefold().split() and _goal_said(
                goal, target, sender
            )
            first = Hook("event", events[0].value, "named") if named else events[0]
            hooks = [first] + [
                h
                for h in hooks
                if h.kind != "event" and not (h.kind == "post" and h.value.casefold() in name)
            ]
    elif any(h.kind == "event" and h.detail == "goal" for h in hooks):
        # A goal that names the event ("I saw your talk at BSides Austin") says it: the
        # note names it there, once, not in a hook line too.
        hooks = [
            Hook("event", h.value, "named")
            if h.kind == "event" and h.detail == "goal" and _names(goal, h.value, target, sender)
            else h
            for h in hooks
        ]
    if _job_search(goal):
        # A post that announces an opening is the best reason a job seeker has to write.
        hooks.sort(key=lambda h: not (h.kind == "post" and h.detail in ("hiring", "growing")))
    role = target_role(target)
    if role[0] or role[1] or headline_focus(target):
        hooks.append(Hook("role", role[0], role[1]))
    hooks.append(Hook("goal"))
    return hooks


_JOB_SEARCH = re.compile(
    r"\b(?:job|jobs|role|roles|position|opening|opportunit(?:y|ies)|trabajo|empleo|puesto|"
    r"oportunidad(?:es)?|reto)\b",
    re.IGNORECASE,
)


def _job_search(goal: Goal) -> bool:
    """Whether the sender writes looking for a job (the preset, or a goal that says so)."""
    if goal.preset:
        return goal.preset == "job-search"
    return bool(
        re.match(
            r"^(?:i'?m\s+)?(?:looking|busco|buscando|estoy\s+buscando)\b", goal.text.strip(), re.I
        )
    ) and bool(_JOB_SEARCH.search(goal.text))


def _names(goal: Goal, event: str, target: Profile, sender: Profile | None) -> bool:
    """Whether the goal's words, said in the note, name ``event``."""
    words = goal.text.casefold().split()
    return event.casefold().split()[0] in words and _goal_said(goal, target, sender)


def _goal_said(goal: Goal, target: Profile, sender: Profile | None) -> bool:
    """Whether the note will say the goal in its words (not one left out as unsafe)."""
    language = target.language or detect_language(goal.text) or "en"
    return goal_phrase(goal, target, language, sender)[1] not in ("", UNSAFE)


def best_hook(target: Profile, sender: Profile | None = None, goal: Goal | None = None) -> Hook:
    return find_hooks(target, sender, goal)[0]


# --- shared employer, school, group ----------------------------------------------------


def _key(name: str) -> str:
    """Compare organisation names ignoring case, accents, punctuation and legal forms."""
    return org_key(name)


def _current_companies(profile: Profile) -> list[str]:
    return [e.company for e in profile.experience if e.company and e.current]


def _shared(theirs: list[str], mine: list[str]) -> str:
    """The first of the target's names that the sender also has, in the target's spelling."""
    my_keys = {_key(m) for m in mine if m.strip()}
    for name in theirs:
        if name.strip() and _key(name) in my_keys:
            return name
    return ""


# --- groups and events ------------------------------------------------------------------

_EVENT_WORDS = re.compile(
    r"\b(summit|conference|conf|congress|congreso|meetup|meet-up|forum|foro|expo|week|"
    r"jornadas?|encuentro|festival|fest|hackathon|workshop|taller|webinar|days|keynote|"
    r"symposium|simposio|feria|demo\s+day|open\s+day|career\s+fair)\b|\b(19|20)\d\d\b",
    re.IGNORECASE,
)
_CON_NAME = re.compile(r"[a-z]Conf?\b")  # PyCon, RubyConf: case matters (not "Silicon")
# "we met at PyCon Spain 2025", "nos conocimos en el South Summit": a capitalised name
# after a preposition, up to the next lowercase word or punctuation.
_NAMED_AFTER = re.compile(
    r"\b(?:at|from|after|during|en|tras|desde|durante|del?)\s+(?:the\s+|el\s+|la\s+)?"
    r"((?:[A-Z0-9][\w&'’.-]*)(?:\s+(?:[A-Z0-9][\w&'’.-]*|de|of|del))*)"
)


# A goal that says where the two met or where the sender saw the target speak.
_MET = re.compile(
    r"^(?:(?:i\s+(?:want\s+to|would\s+like\s+to|'d\s+like\s+to)\s+)?(?:follow\s+up[,:]?\s+)?"
    r"(?:we\s+(?:both\s+)?(?:met|chatted|spoke|talked)|i\s+(?:met\s+you|saw\s+your|heard\s+your))|"
    r"(?:nos\s+(?:conocimos|vimos)|coincidimos|vi\s+(?:tu|su)|escuché\s+(?:tu|su)))\b",
    re.IGNORECASE,
)


def is_event(name: str) -> bool:
    """True when a group name looks like an event (a summit, a meetup, a dated edition)."""
    return bool(_EVENT_WORDS.search(name) or _CON_NAME.search(name))


def _group_and_event_hooks(target: Profile, sender: Profile | None, goal: Goal) -> list[Hook]:
    hooks: list[Hook] = []
    sender_groups = sender.groups if sender is not None else []
    goal_text = goal.text.casefold()
    groups: list[Hook] = []
    events: list[Hook] = []
    for name in target.groups:
        shared = bool(_shared([name], sender_groups))
        in_goal = bool(goal_text) and name.casefold() in goal_text
        if not (shared or in_goal):
            continue
        if is_event(name):
            events.append(Hook("event", name, "both" if shared else "goal"))
        else:
            groups.append(Hook("group", name))
    if not events and goal.text:
        # "we met at SXSW Sydney", "nos conocimos en el Demo Day de Wayra": where they
        # met is an event, whatever its name looks like.
        met = bool(_MET.match(goal.text.strip()))
        for match in _NAMED_AFTER.finditer(goal.text):
            name = match.group(1).strip(" .,'’")
            if (met or is_event(name)) and len(name) <= 60:
                events.append(Hook("event", name, "goal"))
                break
    hooks += groups[:1] + events[:1]
    return hooks


# --- the target's role ------------------------------------------------------------------

_HEADLINE_AT = re.compile(r"^(.*?)\s+(?:at|@|en|in)\s+(.+)$")


def target_role(target: Profile) -> tuple[str, str]:
    """(title, company) of the target: the current position, else parsed from the headline."""
    role = target.current_role
    if role is not None and (role.title or role.company):
        return role.title, role.company
    head = re.split(r"\s[|·•–-]\s", target.headline, maxsplit=1)[0].strip()
    if not head:
        return "", ""
    # A headline is not always a title ("Building things"): only a title is cited as one.
    match = _HEADLINE_AT.match(head)
    if match:
        title = match.group(1).strip()
        return (title if looks_like_title(title) else ""), match.group(2).strip()
    return (head, "") if len(head) <= 50 and looks_like_title(head) else ("", "")


_SEGMENTS = re.compile(r"\s[|·•–-]\s")
_JOINERS = frozenset(("&", "and", "y", "e", "of", "de", "del", "for", "para", "in", "en"))


def headline_focus(target: Profile) -> str:
    """What a headline says the target works on or for, when it says it in words
    ("Certified Bookkeeper | QuickBooks ProAdvisor | Restaurants & food businesses" ->
    "restaurants and food businesses"): a segment that is neither a title nor a list, and
    reads as a noun phrase. Only for a target with no current position: a position says
    more. "" when there is none."""
    role = target.current_role
    if role is not None and (role.title or role.company):
        return ""
    for segment in _SEGMENTS.split(target.headline)[1:]:
        segment = " ".join(segment.split()).strip(" .")
        if not segment or len(segment) > 45 or re.search(r"[,;@]|\b(?:at|en)\b", segment):
            continue
        words = segment.split()
        if looks_like_title(segment) or len(words) < 2:
            continue  # "QuickBooks ProAdvisor", "CPA": credentials, not a focus
        content = [w for w in words if w.lower() not in _JOINERS]
        if all(w[:1].isupper() and w[1:].islower() for w in content):
            words = [w.lower() for w in words]  # Title Case: "Finanzas y Banca"
        elif words[0][1:].islower():
            words[0] = words[0].lower()  # sentence case: the capital is the segment's
        phrase = " ".join(words)
        parts = re.split(r"\s+(?:&|and|y|e)\s+", phrase)
        if all(reads_as_topic(part, target.language or "en") for part in parts):
            return phrase.replace(" & ", " y " if target.language == "es" else " and ")
    return ""


# --- which hook a written note cites ------------------------------------------------------

# How many of the target's recent posts an LLM is shown (``composer.drafting.llm.prompt``),
# and so how many a note may quote.
MAX_POSTS = 2


def cited_hook(note: str, request: DraftRequest) -> str | None:
    """Which hook a note (written by a model or a person) uses: the strongest one whose
    words it cites, else None."""
    folded = match_key(note)
    for hook in find_hooks(request.target, request.sender, request.goal):
        if hook.kind == "goal":
            continue
        value = match_key(hook.value)
        if value and value in folded:
            return hook.kind
        if hook.kind == "post" and value:
            words = [w for w in value.split() if len(w) > 3]
            if words and sum(w in folded for w in words) >= max(1, len(words) // 2):
                return "post"
            if _cites_a_post(folded, request):
                return "post"
    return None


_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]")


def _cites_a_post(folded_note: str, request: DraftRequest) -> bool:
    """Does the note quote two or more words of one of the target's posts (the ones the
    prompt shows)? A model often cites a post by its own words, not by its topic.

    Stopwords don't count, nor words the note would use anyway: the two people's
    headlines, titles and companies ("engineering manager" in a post about management).
    """
    target, sender = request.target, request.sender
    facts = [target.name, target.headline]
    for person in (target, sender):
        if person is not None:
            facts += [person.headline, *(f"{e.title} {e.company}" for e in person.experience)]
    common = set(_WORD.findall(match_key(" ".join(facts)))) | STOPWORDS
    note_words = set(_WORD.findall(folded_note)) - common
    for post in target.recent_posts[:MAX_POSTS]:
        words = {w for w in _WORD.findall(match_key(post.text)) if len(w) > 3}
        if len(words & note_words) >= 2:
            return True
    return False
