"""Text helpers: accent folding, UTF-16 length, words.

The one place accents are folded. Two forms, for two uses:

- ``fold(text)`` lowercases ASCII and strips accents from Latin letters one character
  for one character, so an offset in the folded text is the same offset in the note:
  rules match on the folded text and report spans in the original.
- ``match_key(text)`` is how two texts are compared when their spans do not matter
  (names in the history and the LinkedIn export, hook words in a note): case folded,
  accents stripped in every script, spaces collapsed. ``"  Lucía  FERNÁNDEZ "`` and
  ``"lucia fernandez"`` have the same key.
"""

from __future__ import annotations

import re
import unicodedata


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[:1]
        if base.isascii() and base.isalpha():
            table[code] = base.lower()
    # Typographic apostrophes and quotes read the same as the ASCII ones.
    for ch in "\u2018\u2019\u02bc\u00b4\u0060":
        table[ord(ch)] = "'"
    for ch in "\u201c\u201d\u00ab\u00bb":
        table[ord(ch)] = '"'
    # Non-breaking and narrow spaces are spaces.
    for ch in "\u00a0\u202f\u2007":
        table[ord(ch)] = " "
    return table


_FOLD = _build_fold_table()


def _build_clean_table() -> dict[int, str]:
    table = dict(_FOLD)
    for code in range(0x80):
        ch = chr(code)
        if not ch.isalnum() and ch != "'":
            table[code] = " "
    for code in range(0x80, 0xC0):  # ¿ ¡ « » · and other Latin-1 punctuation
        table[code] = " "
    for ch in "\u201c\u201d\u2013\u2014\u2026\u2022":
        table[ord(ch)] = " "
    return table


_CLEAN = _build_clean_table()
# The same for Latin-1 text as a byte table: bytes.translate is many times faster than
# str.translate, and most notes (English, Spanish) are Latin-1 once their typographic
# quotes and dashes are made plain.
_CLEAN_BYTES = bytes(ord(_CLEAN.get(code, chr(code))) for code in range(256))
_PLAIN = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", " "), ("\u201d", " "), ("\u2014", " "),
          ("\u2013", " "), ("\u2026", " "))  # fmt: skip

SENTENCE_END = re.compile(r"[.!?;:\n]")


def fold(text: str) -> str:
    """Lowercase ASCII, strip accents from Latin letters; same length as ``text``."""
    return text.translate(_FOLD)


def match_key(text: str) -> str:
    """``text`` case folded, without accents (any script), its spaces collapsed.

    Not length-preserving ("Groß" -> "gross"): for comparing, never for spans.
    """
    if text.isascii():  # most names and notes: skip the Unicode decomposition (~5x faster)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def clean(text: str) -> str:
    """``fold`` plus punctuation (hyphens too) as spaces, apostrophes kept; same length.

    Phrases are matched on this text, so "Hi, Priya!" and "hi priya" read the same and
    ``clean(text).split()`` gives the note's words.
    """
    try:
        return text.encode("latin-1").translate(_CLEAN_BYTES).decode("latin-1")
    except UnicodeEncodeError:
        pass
    plain = text
    for typographic, ascii_ in _PLAIN:
        if typographic in plain:
            plain = plain.replace(typographic, ascii_)
    try:
        return plain.encode("latin-1").translate(_CLEAN_BYTES).decode("latin-1")
    except UnicodeEncodeError:
        return text.translate(_CLEAN)  # emoji, other scripts: the general path


_DIGITS = b"0123456789"
_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """True when ``text`` holds a digit (``\\d``: a price, a phone number...).

    Latin-1 has no digits but 0-9, so for most notes deleting those from the bytes and
    comparing lengths answers, several times faster than a regex search for ``\\d``.
    """
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        return _DIGIT.search(text) is not None
    return len(data.translate(None, _DIGITS)) != len(data)


def fold_pattern(pattern: str) -> str:
    """Strip accents from a regex without touching its escapes (``\\S`` stays ``\\S``)."""
    return "".join(_FOLD.get(ord(ch), ch) if ord(ch) > 0x7F else ch for ch in pattern)


def utf16_len(text: str) -> int:
    """Length as a browser text box counts it: UTF-16 code units, CRLF as one."""
    units = len(text.encode("utf-16-le", "surrogatepass")) // 2
    return units - text.count("\r\n")


def utf16_cut(text: str, limit: int) -> int:
    """The index of the first character that takes ``text`` past ``limit`` UTF-16 units."""
    units = 0
    previous = ""
    for index, ch in enumerate(text):
        if not (ch == "\n" and previous == "\r"):
            units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return index
        previous = ch
    return len(text)


STEM_LENGTH = 6


def stem(word: str) -> str:
    """A crude stem good enough to match 'engineering' with 'engineer' in en and es."""
    return word[:STEM_LENGTH]


# --- normalising before the rules match -------------------------------------------------

# Characters that change nothing a reader sees but can hide words from the rules or
# reorder what is displayed: zero-width spaces and joiners, word joiners, the byte order
# mark, bidi marks, embeddings, overrides and isolates, soft hyphens.
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u3164\ufeff\uffa0"
)
_INVISIBLE_SET = frozenset(INVISIBLE)
# Letters of other scripts that look like Latin ones ("раypal" with a Cyrillic "р"):
# folded inside words that also hold Latin letters.
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁɡһӏԛԝАВЕКМНОРСТХУІЈЅαοντικρχΑΒΕΗΙΚΜΝΟΡΤΧΥΖ",
    "aeopcyxijsdghlqwABEKMHOPCTXYIJSaovtikpxABEHIKMNOPTXYZ",
)
_CONFUSABLE_CHARS = frozenset("аеорсухіјѕԁɡһӏԛԝАВЕКМНОРСТХУІЈЅαοντικρχΑΒΕΗΙΚΜΝΟΡΤΧΥΖ")
_MIXED_WORD = re.compile(r"[^\W\d_]+")


def needs_normalising(text: str) -> bool:
    """False for the common note (Latin-1 already in NFKC): nothing to do then."""
    if text.isascii():
        return False
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return True
    return "\xad" in text or not unicodedata.is_normalized("NFKC", text)


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` in NFKC, invisible characters and combining marks removed, confusables
    folded: what the rules match on. Also returns, for each character of the result,
    the index of the character of ``text`` it comes from (so spans map back).

    Done one character at a time (NFKC of a lone character), which is what matters
    here: full-width and styled letters ("𝐟𝐫𝐞𝐞"), ligatures, hidden characters.
    """
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        if ch in _INVISIBLE_SET:
            continue
        if ch.isascii():
            out.append(ch)
            origin.append(index)
            continue
        folded = unicodedata.normalize("NFKC", ch)
        for part in folded:
            if unicodedata.combining(part) and out and out[-1].isalpha():
                # A combining accent: fold it into the letter before when there is a
                # composed form ("e" + U+0301 -> "é"), else drop it.
                composed = unicodedata.normalize("NFC", out[-1] + part)
                if len(composed) == 1:
                    out[-1] = composed
                continue
            out.append(part)
            origin.append(index)
    result = "".join(out)
    if any(ch in _CONFUSABLE_CHARS for ch in result):
        result = _MIXED_WORD.sub(_fold_confusables, result)
    return result, origin


def _fold_confusables(match: re.Match[str]) -> str:
    word = match.group()
    if any("a" <= ch.lower() <= "z" for ch in word):
        return word.translate(_CONFUSABLES)
    return word
