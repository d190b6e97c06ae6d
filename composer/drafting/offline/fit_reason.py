"""The offline note's reason about the target, from the target fit's evidence (advice 2).

Kept apart from the wording of the templates: ``fit_context(request, language)`` gives
the templates ``fit`` (related, unrelated, unknown, or "" when there is nothing to
judge by) and ``fit_topic``, the field the evidence rests on in the note's language
("payments" is not said, "software" or "selección de personal" is): a role hook then
reads "your work in recruiting at Finch Labs", the reason this person fits the goal,
rather than a generic "your work at Finch Labs".
"""

from __future__ import annotations

from composer.checker.fit import judge_fit
from composer.core.contract import DraftRequest
from composer.text.fields import field

# Evidence kinds whose field names the reason: a shared field, or a recruiter's trade.
_TOPICAL = frozenset({"field", "recruiter"})


def fit_context(request: DraftRequest, language: str) -> dict[str, str]:
    """``fit`` and ``fit_topic`` for the templates (empty strings when unknown)."""
    if request.sender is None and not request.goal:
        return {"fit": "", "fit_topic": ""}
    fit = judge_fit(request.target, request.sender, request.goal)
    topic = ""
    if fit.verdict == "related" and fit.basis is not None and fit.basis.kind in _TOPICAL:
        topic = field(fit.basis.field).name(language)
    return {"fit": fit.verdict, "fit_topic": topic}
