"""asks-for-invite: which requests to "invite me" are about the connection."""

from __future__ import annotations

import bisect

from composer.checker.attribution import sentence_end, sentence_starts
from composer.checker.note import Note
from composer.text import lexicon

# Before "invite" as a noun: "send me an invite".
_DETERMINERS = frozenset(["a", "an", "the", "your", "my", "un", "una", "la", "tu", "su"])


def connection_ask(note: Note, first: int, after: int) -> bool:
    """Whether the hit ``first:after`` asks for the connection, not for a seat at an
    event: "If the meetup runs again, would you invite me along?", "organizan una
    jornada abierta; ¿podría invitarme?" ask to be invited to the event. A request that
    names the connection ("invite me, I'm out of invitations", "invítame a tu red")
    is still one, and so is any "add me" or "send me a request"."""
    words = note.bare_words()
    section = "asks-for-invite"
    verbs = lexicon.section_words(section, "invite-verbs")
    if not any(
        words[k] in verbs and (k == 0 or words[k - 1] not in _DETERMINERS)
        for k in range(first, after)
    ):
        return True  # "add me", "send me an invite": always the connection
    starts = sentence_starts(note)
    k = bisect.bisect_right(starts, first)
    # The hit's sentence and the one before it: "Vi que organizan una jornada...;
    # ¿podría invitarme?" names the event first.
    begin = starts[k - 2] if k >= 2 else 0
    end = sentence_end(note, first)
    window = words[begin:end]
    if not lexicon.section_words(section, "connection-words").isdisjoint(words[first:end]):
        return True  # "invite me to your network", "invítame, que no me quedan invitaciones"
    return lexicon.section_words(section, "event-words").isdisjoint(window)
