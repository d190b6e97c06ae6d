"""Tell English from Spanish (and notice other languages) from a few words of text.

Deterministic and cheap: counts of very common function words, plus letters that only
some languages use. The word lists live in the checker's data files
(``composer/text/data/<code>.toml``, table ``[language]``), so adding a language is a
data change. Returns an ISO 639-1 code, or ``None`` when the text is too short to tell.
"""

from __future__ import annotations

from functools import cache
from itertools import repeat

# Each language counts its votes in its own 10-bit field of one integer, so the votes of
# a whole note are one ``sum`` over dictionary look-ups, run in C; with six languages the
# total fits a machine word, which ``sum`` adds without making big integers. Texts are
# counted 1,023 words at a time, so a field cannot overflow.
_FIELD = 10
_MASK = (1 << _FIELD) - 1

# Language names as people and LinkedIn write them (English or Spanish UI, or the
# language's own name) -> ISO 639-1: the one table for profiles, exports and prompts.
LANGUAGE_CODES = {
    "english": "en", "inglés": "en", "ingles": "en",
    "spanish": "es", "español": "es", "espanol": "es", "castellano": "es",
    "portuguese": "pt", "portugués": "pt", "português": "pt",
    "french": "fr", "francés": "fr", "français": "fr",
    "german": "de", "alemán": "de", "deutsch": "de",
    "italian": "it", "italiano": "it", "catalan": "ca", "catalán": "ca", "català": "ca",
}  # fmt: skip
# ISO 639-1 -> the language's name in English, as a prompt says it.
LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "pt": "Portuguese", "fr": "French", "de": "German",
    "it": "Italian", "ca": "Catalan",
}  # fmt: skip


def language_code(name: str) -> str | None:
    """``"Spanish"``, ``"español"``, ``"es"`` -> ``"es"``; None for a name it does not know."""
    key = name.strip().lower()
    if key in LANGUAGE_NAMES:
        return key
    return LANGUAGE_CODES.get(key)


@cache
def _table() -> tuple[dict[str, int], dict[str, str], tuple[str, ...]]:
    # Imported here: the checker package imports the profile module, which imports us.
    from composer.text import lexicon

    codes = tuple(lexicon.stopwords())
    by_word: dict[str, int] = {}
    for index, code in enumerate(codes):
        for word in lexicon.stopwords()[code]:
            by_word[word] = by_word.get(word, 0) + (1 << (_FIELD * index))
    return by_word, lexicon.letters(), codes


def detect_language(text: str, *, min_words: int = 3) -> str | None:
    """Return the most likely language code for ``text``, or None if unsure."""
    from composer.text.normalize import clean

    return detect_words(clean(text).split(), text, min_words=min_words)


def detect_words(words: list[str], text: str, *, min_words: int = 3) -> str | None:
    """``detect_language`` for text already split by ``composer.text.normalize.clean``."""
    if len(words) < min_words:
        return None
    by_word, letters, codes = _table()
    scores = dict.fromkeys(codes, 0)
    # A note is a few dozen words; a whole profile's text may pass one field's range.
    for start in range(0, len(words), _MASK):
        votes = sum(map(by_word.get, words[start : start + _MASK], repeat(0)))
        for i, code in enumerate(codes):
            scores[code] += (votes >> (_FIELD * i)) & _MASK
    if not text.isascii():
        for code, chars in letters.items():
            if any(ch in text for ch in chars):
                scores[code] += 2
    best = max(scores, key=scores.__getitem__)
    if scores[best] == 0:
        return None
    # Ties between the two languages Composer writes go to the one with accents.
    if scores.get("en") == scores.get("es") == scores[best]:
        return "es" if not text.isascii() and any(ch in text for ch in "áéíóúÁÉÍÓÚ") else "en"
    return best
