"""People's names as a note greets them and as the sender signs them.

``greeting_name("Dr. María José Ruiz-Giménez") == "María José"``: honorifics, initials,
emoji and stray symbols are dropped, compound given names kept whole ("María José",
"Juan Carlos", "María del Mar"; "Anne-Marie" is one word already), a name typed in
lower case or capitals is written as a person would ("j. o'neill" has no usable first
name: the note then greets without one, "Hello," / "Hola,", rather than "Hello J.,"
or "Hello O'Neill,"). ``display_name`` is the whole name cleaned the same way, for
"I'm Nadia Haddad". Word lists: ``[drafting]`` of ``composer/text/data/common.toml``.
"""

from __future__ import annotations

import re

from composer.text.lexicon import drafting_words

_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W\d_])?\.?")
_PARTICLES = ("de", "del", "la", "las", "los", "y", "van", "von", "der", "da", "di", "do", "dos")


def _words(name: str) -> list[str]:
    """The name's words, without emoji, symbols or digits ("🚀 Priya 🚀 Shah" -> Priya Shah)."""
    return [w for w in _WORD.findall(name) if any(c.isalpha() for c in w)]


def _honorific(word: str) -> bool:
    return word.casefold().rstrip(".") in drafting_words("", "honorifics")


def _initial(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) == 1


def _recase(word: str) -> str:
    """ "maría" / "MARÍA" -> "María", "o'neill" -> "O'Neill", "anne-marie" -> "Anne-Marie";
    a name written in mixed case ("McKenzie", "DeShawn") is kept as written."""
    if word.casefold() in _PARTICLES:
        return word.casefold()
    if not (word.islower() or (word.isupper() and len(word) > 1)):
        return word
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), word)


def _given(words: list[str]) -> list[str]:
    """The given name's words at the start of ``words`` (honorifics already dropped)."""
    if len(words) < 3:
        return words[:1]
    first, second = words[0].casefold(), words[1].casefold()
    if first in drafting_words("", "compound-first"):
        if second in drafting_words("", "compound-second"):
            return words[:2]
        # "María del Mar", "María de los Ángeles": the given name goes on after a particle.
        if second == "del" and len(words) >= 4:
            return words[:3]
        if second == "de" and len(words) >= 5 and words[2].casefold() in ("los", "las", "la"):
            return words[:4]
    return words[:1]


def greeting_name(name: str) -> str:
    """The given name to greet with, or "" when the name offers none to use safely."""
    words = [w for w in _words(name) if not _honorific(w)]
    if not words or _initial(words[0]):
        return ""  # "j. o'neill": what follows an initial is a surname
    given = _given(words)
    if any(len([c for c in w if c.isalpha()]) < 2 for w in given):
        return ""
    return " ".join(_recase(w.rstrip(".")) for w in given)


def display_name(name: str) -> str:
    """The whole name as the sender would sign it: cleaned and re-cased, no honorifics."""
    words = [w for w in _words(name) if not _honorific(w)]
    return " ".join(_recase(w) for w in words)


# Honorifics a formal Spanish note greets with, as written before a surname.
_FORMAL = {"dr": "Dr.", "dra": "Dra.", "prof": "Prof.", "profa": "Profa.", "sr": "Sr.",
           "sra": "Sra."}  # fmt: skip


def formal_name(name: str) -> str:
    """ "Dra. Elena Castro" -> "Dra. Castro": how an "usted" note greets a person whose
    name carries an honorific; "" without one, or without a surname after the given name."""
    words = _words(name)
    if len(words) < 3:
        return ""
    honorific = _FORMAL.get(words[0].casefold().rstrip("."))
    if honorific is None:
        return ""
    rest = [w for w in words[1:] if not _honorific(w)]
    given = _given(rest)
    if honorific in ("Dr.", "Prof.", "Sr.") and given and given[0].casefold().endswith("a"):
        return ""  # "Dr. María José…": a woman, whom "Dr." would mis-gender in Spanish
    surname = rest[len(given) : len(given) + 1]
    if not surname or _initial(surname[0]) or surname[0].casefold() in _PARTICLES:
        return ""
    return f"{honorific} {_recase(surname[0])}"
