"""The offline note's reason about the target, from the target fit's evidence (advice 2).

Kept apart from the wording of the templates: ``fit_context(request, language)`` gives
the templates ``fit`` (related, unrelated, unknown, or "" when there is nothing to
judge by) and ``fit_topic``, the field the evidence rests on in the note's language
("software", "selección de personal"): a role hook whose title says nothing of it
("Director", "Owner", none) then reads "your work in recruiting at Harbour Talent", the
reason this person fits the goal, rather than a generic "your work at Harbour Talent".
"""

from __future__ import annotations

import re

from composer.checker.fit import judge_fit
from composer.core.contract import DraftRequest
from composer.text.fields import field, fields_in
from composer.text.lexicon import drafting_words

# Evidence kinds whose field names the reason: a shared field, or a recruiter's trade.
_TOPICAL = frozenset({"field", "recruiter"})


def fit_context(request: DraftRequest, language: str, title: str = "") -> dict[str, str]:
    """``fit`` and ``fit_topic`` for the templates (empty strings when unknown).

    ``title``: the target's title the role hook would cite. A title that names a field
    ("Data Scientist", "Technical Recruiter") already says why they matter, and is more
    concrete than the field's name: then there is no ``fit_topic``. A generic one
    ("Director", "Owner") or none gets the field the fit rests on."""
    if request.sender is None and not request.goal:
        return {"fit": "", "fit_topic": ""}
    fit = judge_fit(request.target, request.sender, request.goal)
    topic = ""
    basis = fit.basis
    topical = fit.verdict == "related" and basis is not None and basis.kind in _TOPICAL
    if topical and basis is not None and not fields_in(title) and not _names_a_specialty(title):
        topic = field(basis.field).name(language)
    return {"fit": fit.verdict, "fit_topic": topic}


_GENERIC = drafting_words("", "title-words") | drafting_words("es", "title-words")
_HEADS = drafting_words("en", "title-heads") | drafting_words("es", "title-heads")


def _names_a_specialty(title: str) -> bool:
    """Whether a title says what its holder does beyond a generic post: "Jefa de
    Cardiología" does (a field's name, "salud", would say less), "Senior Manager" does not."""
    words = [w.casefold() for w in re.findall(r"[^\W\d_]{4,}", title)]
    return any(w not in _GENERIC and w not in _HEADS and w.rstrip("s") not in _HEADS for w in words)
