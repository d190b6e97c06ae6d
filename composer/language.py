"""Tell English from Spanish (and notice other languages) from a few words of text.

Deterministic and cheap: counts of very common function words, plus letters that only
some languages use. The word lists live in the checker's data files
(``composer/checker/data/<code>.toml``, table ``[language]``), so adding a language is a
data change. Returns an ISO 639-1 code, or ``None`` when the text is too short to tell.
"""

from __future__ import annotations

from functools import cache


@cache
def _table() -> tuple[dict[str, tuple[str, ...]], dict[str, str], tuple[str, ...]]:
    # Imported here: the checker package imports the profile module, which imports us.
    from composer.checker import lexicon

    by_word: dict[str, list[str]] = {}
    for code, words in lexicon.stopwords().items():
        for word in words:
            by_word.setdefault(word, []).append(code)
    codes = tuple(lexicon.stopwords())
    return {w: tuple(c) for w, c in by_word.items()}, lexicon.letters(), codes


def detect_language(text: str, *, min_words: int = 3) -> str | None:
    """Return the most likely language code for ``text``, or None if unsure."""
    from composer.checker.text import clean

    return detect_words(clean(text).split(), text, min_words=min_words)


def detect_words(words: list[str], text: str, *, min_words: int = 3) -> str | None:
    """``detect_language`` for text already split by ``composer.checker.text.clean``."""
    if len(words) < min_words:
        return None
    by_word, letters, codes = _table()
    votes = [code for found in map(by_word.get, words) if found for code in found]
    scores = {code: votes.count(code) for code in codes}
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
