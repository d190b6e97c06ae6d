"""Organisation names: legal forms ("S.L.", "GmbH", "Inc"), and names compared as keys.

The one list of legal forms, used to compare employers and schools (drafting hooks,
invitation triage) and to tell a company posing as a person (``company-as-person``).
"""

from __future__ import annotations

import re
import unicodedata

LEGAL_FORMS = re.compile(
    r"(?:^|[\s,])(?:s\.?\s?l\.?\s?u?\.?|s\.?\s?a\.?\s?u?\.?|s\.?\s?a\.?\s?s\.?|s\.?\s?c\.?|"
    r"s\.?\s?coop\.?|ltd\.?|limited|inc\.?|incorporated|llc|llp|plc|gmbh|ag|kg|b\.?v\.?|"
    r"n\.?v\.?|corp\.?|corporation|co\.|s\.?r\.?l\.?|s\.?p\.?a\.?|sarl|oy|ab)(?=$|[\s,.])",
    re.IGNORECASE,
)


def plain(text: str) -> str:
    """``"Peluquerías  Melena, S.L."`` -> ``"peluquerias melena s l"``: lower case, no
    accents, punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


def org_key(name: str) -> str:
    """How organisation names are compared: ``"Acme Inc."`` and ``"acme"`` are one."""
    return " ".join(LEGAL_FORMS.sub(" ", plain(name)).split())


def legal_form(name: str) -> str | None:
    """The legal form in a name ("S.L.", "GmbH", "Inc"), or None. A legal form follows a
    company's name, so the first word is a given name ("Sa Nguyen", "Ab Smith"), and a
    two-letter form without dots counts only in capitals ("Datos Norte SA", not "Ana Sa")."""
    for m in LEGAL_FORMS.finditer(name):
        if not name[: m.start()].strip(" ,"):
            continue
        form = m.group(0).strip(" ,")
        letters = form.replace(".", "").replace(" ", "")
        if len(letters) <= 2 and "." not in form and not letters.isupper() and letters != "Oy":
            continue
        return form
    return None
