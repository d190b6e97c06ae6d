"""Professional fields: which industries and professions a text is about.

The taxonomy is data (``composer/text/data/fields.toml``): each field has an English and
a Spanish name, the terms (words and phrases) that place a profile in it, and the
fields a partnership may reach. ``fields_in(text)`` finds the terms in a text, longest
first, as whole words read as lemmas: "Peluquerías" is "peluqueria", "Científica" is
"cientifico", and "atención" alone is nothing while "atención primaria" is health.
Nothing matches by a prefix: "atenci" is not a word.

Used by the target fit (``composer.checker.fit``) and, through it, by invitation triage.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from composer.text.lexicon import DATA_DIR
from composer.text.normalize import clean

FILE = DATA_DIR / "fields.toml"
_MAX_TERM = 8  # words in the longest term


@dataclass(frozen=True, slots=True)
class Field:
    slug: str
    en: str
    es: str
    near: tuple[str, ...] = ()
    function: bool = False  # a trade of every sector (sales), not a sector

    def name(self, language: str) -> str:
        return self.es if language == "es" else self.en


@dataclass(frozen=True, slots=True)
class Match:
    """A term found in a text: the words as written there, and the fields they place."""

    words: str
    fields: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Taxonomy:
    fields: dict[str, Field]
    terms: dict[tuple[str, ...], frozenset[str]]
    vocabulary: frozenset[str]
    generic: frozenset[str]
    company: frozenset[str]


@cache
def _raw() -> dict[str, Any]:
    import tomllib  # read once, on the first judgement

    return tomllib.loads(FILE.read_text(encoding="utf-8"))


def _candidates(word: str) -> list[str]:
    """Forms a word may be the inflection of, most reduced first, the word itself last:
    plural (-s, -es, -ies) and Spanish feminine (-a for -o, -ora for -or)."""
    bases: list[str] = []
    if len(word) > 4 and word.endswith("ies"):
        bases.append(word[:-3] + "y")
    if len(word) > 4 and word.endswith("es"):
        bases.append(word[:-2])
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        bases.append(word[:-1])
    bases.append(word)
    out: list[str] = []
    for base in bases:
        if len(base) > 3 and base.endswith("ora"):
            out.append(base[:-1])
        if len(base) > 3 and base.endswith("a"):
            out.append(base[:-1] + "o")
        out.append(base)
    return out


def _lemma(word: str, vocabulary: frozenset[str] | set[str]) -> str:
    for form in _candidates(word):
        if form in vocabulary:
            return form
    return word


@cache
def _taxonomy() -> _Taxonomy:
    data = _raw()
    written: list[list[str]] = []
    fields: dict[str, Field] = {}
    by_field: dict[str, list[list[str]]] = {}
    for slug, table in data.get("field", {}).items():
        near = tuple(table.get("near", ()))
        fields[slug] = Field(slug, table["en"], table["es"], near, bool(table.get("function")))
        by_field[slug] = [clean(t).split() for t in table.get("terms", [])]
        written += by_field[slug]
    generic_words = clean(data.get("generic", {}).get("words", "")).split()
    company_words = clean(data.get("company", {}).get("words", "")).split()
    vocabulary = {w for term in written for w in term} | set(generic_words) | set(company_words)
    terms: dict[tuple[str, ...], set[str]] = {}
    for slug, term_list in by_field.items():
        for term in term_list:
            if term:
                key = tuple(_lemma(w, vocabulary) for w in term)
                terms.setdefault(key, set()).add(slug)
    vocab = frozenset(vocabulary)
    return _Taxonomy(
        fields=fields,
        terms={k: frozenset(v) for k, v in terms.items()},
        vocabulary=vocab,
        generic=frozenset(_lemma(w, vocab) for w in generic_words),
        company=frozenset(_lemma(w, vocab) for w in company_words),
    )


def field(slug: str) -> Field:
    return _taxonomy().fields[slug]


def term_words() -> frozenset[str]:
    """Every word of the fields' terms (folded): the common words of the trades."""
    return frozenset(w for term in _taxonomy().terms for w in term)


def lemmas(text: str) -> list[str]:
    """The words of ``text`` (folded, punctuation as spaces), each read as its lemma."""
    vocabulary = _taxonomy().vocabulary
    return [_lemma(w.strip("'"), vocabulary) for w in clean(text).split() if w.strip("'")]


def fields_in(text: str) -> list[Match]:
    """The taxonomy's terms found in ``text``, longest first, each word used once."""
    tax = _taxonomy()
    words = lemmas(text)
    raw = [w.strip("'") for w in clean(text).split() if w.strip("'")]
    out: list[Match] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_TERM, len(words) - i), 0, -1):
            found = tax.terms.get(tuple(words[i : i + size]))
            if found:
                out.append(Match(" ".join(raw[i : i + size]), found))
                i += size
                break
        else:
            i += 1
    return out


def is_generic(word: str) -> bool:
    """A lemma that places nobody in a field: a title ("manager", "gerente"), a slogan."""
    return word in _taxonomy().generic


def company_words(text: str) -> list[str]:
    """The words of ``text`` that read as a company's ("Soluciones", "Group")."""
    company = _taxonomy().company
    return [w for w in lemmas(text) if w in company]


@cache
def _kind_terms() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    vocabulary = _taxonomy().vocabulary
    out = []
    for kind, terms in _raw().get("goal-kind", {}).items():
        keys = tuple(tuple(_lemma(w, vocabulary) for w in clean(t).split()) for t in terms)
        out.append((kind, tuple(k for k in keys if k)))
    return tuple(out)


def kind_words() -> frozenset[str]:
    """Every word of the goal-kind phrases: they say what the goal is, not its topic."""
    return frozenset(w for _, keys in _kind_terms() for key in keys for w in key)


def goal_kind_of(text: str) -> str | None:
    """The kind of goal a free text states ("busco trabajo como..." is job-search), or
    None; the ``[goal-kind]`` phrases of the taxonomy, matched as whole words."""
    words = lemmas(text)
    padded = f" {' '.join(words)} "
    for kind, keys in _kind_terms():
        if any(f" {' '.join(key)} " in padded for key in keys):
            return kind
    return None
