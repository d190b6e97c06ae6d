"""Spanish register: whether a note says "tú" or "usted" to the target.

``note_register(request)``: the register asked for (``DraftRequest.register``), else
"usted" when the target or the goal asks for formality (an honorific such as "Dr.",
"Dra.", "D.", "Sr."; a goal written with "usted" or "Estimado"), else "tú", the norm on
LinkedIn in Spain and most of Latin America.
"""

from __future__ import annotations

import re

from composer.core.contract import DraftRequest

_FORMAL_NAME = re.compile(
    r"^(?:dr|dra|d|dña|doña|don|sr|sra|srta|excmo|excma|ilmo|ilma)\.?\s", re.I
)
_FORMAL_GOAL = re.compile(r"\b(?:usted|ustedes|estimad[oa]s?|le\s+escribo)\b", re.I)


def note_register(request: DraftRequest) -> str:
    """ "tu" or "usted" for ``request``'s note (English notes ignore it)."""
    if request.register:
        return request.register
    if _FORMAL_NAME.match(request.target.name.strip()):
        return "usted"
    if request.goal.text and _FORMAL_GOAL.search(request.goal.text):
        return "usted"
    return "tu"
