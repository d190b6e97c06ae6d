"""The rule registry: one small declaration per rule of the catalogue (ADVICE.md).

Each ``Rule`` names its slug (severity and description come from
``composer.core.findings.NOTE_RULES``, the contract), the function that checks a prepared
``Note``, and a ``help`` line saying how to fix it and which advice it comes from
(each finding's message says what is wrong and why). Word lists and patterns are data
(``composer/text/data``); rules that are only "flag every phrase of this table" are
declared with ``phrase_rule``.

The checks live in one module per part of the catalogue: ``base`` (``Rule``,
``phrase_rule``, ``finding`` and shared helpers), ``default`` (default-message), ``intro``
(no-self-intro), ``reason`` (no-reason), ``names`` (no-greeting, wrong-name), ``style``
(contact-info, shouting), ``claims`` (unsupported-claim), ``placeholder``, ``pitch``
(sales-pitch) and ``message`` (no-ask, multiple-asks, repeats-note). This module holds the
registry, in the catalogue's order.
"""

from __future__ import annotations

from collections.abc import Iterator

from composer.checker.note import Note
from composer.checker.rules.base import Check, Rule, phrase_rule
from composer.checker.rules.claims import _unsupported_claim
from composer.checker.rules.default import _default_message, default_span
from composer.checker.rules.intro import _self_intro
from composer.checker.rules.invite import connection_ask
from composer.checker.rules.message import _multiple_asks, _no_ask, _repeats_note
from composer.checker.rules.names import _no_greeting, _wrong_name
from composer.checker.rules.pitch import _sales_pitch
from composer.checker.rules.placeholder import _placeholder_patterns
from composer.checker.rules.reason import _reason
from composer.checker.rules.style import _contact, _shouting
from composer.core.findings import Finding

__all__ = ["RULES", "Check", "Rule", "default_span", "phrase_rule"]


def _hidden(note: Note) -> Iterator[Finding]:
    return iter(())  # decided in check_note, on the note as written (before normalising)


def _empty(note: Note) -> Iterator[Finding]:
    return iter(())  # decided in check_note before any rule runs


def _too_long(note: Note) -> Iterator[Finding]:
    return iter(())  # decided in check_note, which knows the limit


def _language(note: Note) -> Iterator[Finding]:
    return iter(())  # decided in check_note, which knows the target's language


# Each rule's ``help`` says how to fix it, with an example where one helps, and where the
# rule comes from (ADVICE.md: advice 1-5, 002 for the second article). The finding's
# message says what is wrong in this note and why.
_RULE_LIST = [
    Rule(
        "empty",
        _empty,
        "say who you are and why you write to this person, e.g. \"Hi Priya, I'm Sam from "
        'Acme; your post on on-call stuck with me" (advice 1)',
    ),
    Rule(
        "too-long",
        _too_long,
        "choose shorter phrasings rather than cutting words; free accounts get 200 "
        "characters, Premium 300 (--limit 300)",
    ),
    Rule(
        "default-message",
        _default_message,
        "one sentence about you, one about them: \"I'm Sam (Acme); your talk on X helped "
        'my team" / "soy Sam (Acme); tu charla sobre X me ayudó" (advice 1)',
    ),
    Rule(
        "no-self-intro",
        _self_intro,
        'e.g. "I\'m Sam, backend lead at Acme", "soy Sam, responsable de backend en Acme", '
        'or how you know them: "we met at X" (advice 1)',
    ),
    Rule(
        "no-reason",
        _reason,
        'e.g. "your post on X", "we both worked at Y", "Z suggested I write", "leí tu '
        'artículo sobre X", "coincidimos en Y" (advice 1)',
    ),
    phrase_rule(
        "asks-for-invite",
        "{quote} asks them to invite or add you: you are the one sending the invitation",
        "delete the request: whoever wants the contact sends the invitation, and both "
        "sides have only so many (advice 4)",
        keep=connection_ask,
    ),
    Rule(
        "sales-pitch",
        _sales_pitch,
        "keep any offer for later, if they accept and ask; the note says why you want to "
        "connect (advice 5)",
    ),
    Rule(
        "placeholder",
        _placeholder_patterns,
        "fill in their real name, company or whatever the slot stands for",
    ),
    Rule(
        "wrong-name",
        _wrong_name,
        "greet them by the name on their profile",
        needs_target=True,
    ),
    Rule(
        "no-greeting",
        _no_greeting,
        'start with "Hi <first name>," or "Hola <nombre>," (advice 5: notes that skip the '
        "greeting are ignored)",
    ),
    Rule(
        "contact-info",
        _contact,
        "remove it: once they accept, your profile shows how to reach you (advice 5)",
    ),
    Rule(
        "language-mismatch",
        _language,
        "write in the language of their profile (002: a note they can't read is ignored)",
        needs_target=True,
    ),
    Rule(
        "shouting",
        _shouting,
        "sentence case, one exclamation mark and one emoji at most",
    ),
    phrase_rule(
        "cliche",
        "{quote} is stock filler that says the note was not written for them: say "
        "something about them instead",
        "replace it with something specific: their post, a talk, a shared employer, "
        "school or event (advice 1)",
    ),
    Rule(
        "unsupported-claim",
        _unsupported_claim,
        "name only what their profile, yours or your goal shows, so they can recognise it",
        content=True,
    ),
    Rule(
        "hidden-characters",
        _hidden,
        "retype the note or paste it as plain text: control, zero-width and bidi "
        "characters hide words from the reader and from this checker",
    ),
    Rule(
        "no-ask",
        _no_ask,
        'end with one easy question tied to your goal: "would you be open to a short call '
        'next week?", "¿te parece si hablamos 15 minutos?"',
        content=True,
    ),
    Rule(
        "multiple-asks",
        _multiple_asks,
        "keep one question or request, the one your goal needs most",
        content=True,
    ),
    Rule(
        "repeats-note",
        _repeats_note,
        "thank them, then move on from the note: one sentence on why, one new question",
    ),
]


RULES: dict[str, Rule] = {rule.slug: rule for rule in _RULE_LIST}
