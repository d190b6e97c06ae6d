"""What the target fit reads in a profile: the person's trade, their words, their role.

- ``profile_fields(profile)``: the fields of the taxonomy (``composer.text.fields``) its
  role, headline, employer, industry and skills place it in, with the words that did;
- ``content_words(profile)``: the words of its own (posts included), titles and stop
  words left out; ``role_title(profile)``: its current role, else any;
- ``student_or_junior(profile)``: where it says its owner is a student or a junior;
- ``company_as_person(profile)``: why this "person" is a company or a company page.

``composer.checker.fit`` judges with these.
"""

from __future__ import annotations

import re

from composer.core.profile import Profile
from composer.text import fields as taxonomy
from composer.text import lexicon
from composer.text.orgs import legal_form, org_key, plain

# --- what a profile is about ------------------------------------------------------------


def role_text(profile: Profile) -> list[tuple[str, str]]:
    """Where a profile says what it does, as (label, text): role, employer, industry,
    skills. The fields are read from these."""
    out = [("role", e.title) for e in profile.experience if e.title]
    out += [("headline", profile.headline)]
    out += [("employer", e.company) for e in profile.experience if e.company]
    out += [("industry", profile.industry)]
    out += [("skills", s) for s in profile.skills]
    return [(label, text) for label, text in out if text.strip()]


def profile_fields(profile: Profile) -> dict[str, str]:
    """Field slug -> the first words that placed the profile in it ("Tech Recruiter").

    A field named only by one skill is left out: "Software de reservas" among a salon
    manager's skills is a tool they use, not their trade."""
    found: dict[str, str] = {}
    skill_only: dict[str, list[str]] = {}
    for label, text in role_text(profile):
        for match in taxonomy.fields_in(text):
            for slug in sorted(match.fields):
                where = f"{_LABELS[label]}: {text.strip()}"
                if label == "skills":
                    skill_only.setdefault(slug, []).append(where)
                else:
                    found.setdefault(slug, where)
    for slug, places in skill_only.items():
        if slug not in found and len(set(places)) >= 2:
            found[slug] = places[0]
    return found


_LABELS = {
    "headline": "their headline",
    "role": "their role",
    "employer": "their employer",
    "industry": "their industry",
    "skills": "their skills",
}


def content_words(profile: Profile) -> set[str]:
    texts = [t for _, t in role_text(profile)] + [profile.about]
    texts += [p.text for p in profile.recent_posts]
    return {w for w in taxonomy.lemmas(" ".join(texts)) if contentful(w)}


def contentful(word: str) -> bool:
    if len(word) < 3 or word.isdigit() or taxonomy.is_generic(word):
        return False
    return word not in lexicon.all_stopwords() and word not in lexicon.section_words("generic")


# Words that make a headline or a current role a student's or a junior's.
_JUNIOR = frozenset(
    {"student", "estudiante", "alumno", "intern", "internship", "becario", "trainee",
     "junior", "aprendiz", "apprentice", "practicas", "graduate"}
)  # fmt: skip


def role_title(profile: Profile) -> str:
    current = [e.title for e in profile.experience if e.title and e.current]
    return (current or [e.title for e in profile.experience if e.title] or [""])[0]


def student_or_junior(profile: Profile) -> str:
    """Where a profile says its owner is a student or a junior ("their headline: B.Tech
    student at ..."), or "": the headline and the current roles."""
    places = [("headline", profile.headline)]
    places += [("role", e.title) for e in profile.experience if e.current and e.title]
    for label, text in places:
        if text and _JUNIOR & set(taxonomy.lemmas(text)):
            return f"{_LABELS[label]}: {text.strip()}"
    return ""


# --- companies posing as people ---------------------------------------------------------


def company_as_person(profile: Profile) -> str | None:
    """Why this 'person' looks like a company or a company page, or None."""
    name = profile.name.strip()
    legal = legal_form(name)
    if legal:
        return f"'{name}' carries a company's legal form ({legal})"
    words = plain(name).split()
    business = taxonomy.company_words(name)
    if business and len(words) >= 2:
        return f"'{name}' reads as a company name ({business[0]}), not a person's"
    companies = {org_key(c) for c in profile.companies}
    if org_key(name) in companies:
        return f"'{name}' is the name of the company they list as their employer"
    if (
        len(words) == 1
        and not profile.experience
        and profile.headline
        and not _names_a_role(profile.headline)
    ):
        return f"'{name}' is no person's name (one word, no role): it reads as a company page"
    return None


_ROLE_AT = re.compile(r"(?:^|\s)(?:at|en|@)\s", re.IGNORECASE)


def _names_a_role(headline: str) -> bool:
    """ "Technical Recruiter at Zeta", "Founder": a person's headline. "Lending for SMEs"
    (a company page's tagline) names no role."""
    if _ROLE_AT.search(headline):
        return True
    return any(taxonomy.is_generic(w) for w in taxonomy.lemmas(headline))
