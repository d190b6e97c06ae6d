"""Tell English from Spanish (and notice other languages) from a few words of text.

Deterministic and cheap: counts of very common function words, plus letters that
only some languages use. Returns an ISO 639-1 code, or ``None`` when the text is
too short to tell.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Function words: frequent, short, and rarely shared between the languages.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to in is you your i my me we our for on with at this that it "
        "are was be have has would like love about how what from by an as "
        "hi hello dear thanks thank after saw read".split()
    ),
    "es": frozenset(
        "el la los las de del y en es un una que por para con mi tu su sus "
        "me te se lo al como muy pero más tus nos soy estoy hola gracias "
        "sobre desde leí vi he tengo trabajo encantaría gustaría saludos".split()
    ),
    "pt": frozenset("o os as do da dos das não com uma para você obrigado olá sou em é".split()),
    "fr": frozenset("le les des du et est une pour avec vous je suis bonjour merci dans".split()),
    "de": frozenset("der die das und ist nicht mit ich sie ein eine für auf hallo danke".split()),
    "it": frozenset("il gli della che è per con sono una ciao grazie anche molto".split()),
}

_SPANISH_LETTERS = re.compile(r"[ñ¿¡]")


def detect_language(text: str, *, min_words: int = 3) -> str | None:
    """Return the most likely language code for ``text``, or None if unsure."""
    words = _WORD.findall(text.lower())
    if len(words) < min_words:
        return None
    scores = {lang: 0 for lang in _STOPWORDS}
    for word in words:
        for lang, stop in _STOPWORDS.items():
            if word in stop:
                scores[lang] += 1
    if _SPANISH_LETTERS.search(text):
        scores["es"] += 2
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] == 0:
        return None
    # Ties between the two supported languages go to the one with accents.
    if scores["en"] == scores["es"] == scores[best]:
        return "es" if re.search(r"[áéíóú]", text) else "en"
    return best
