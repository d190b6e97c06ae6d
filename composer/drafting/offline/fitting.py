"""Fitting a note's parts to the limit: which variants, in which order, make a note.

A rendered template (``Parts``: the variants of each part and the orders they may go
in) gives hundreds of combinations. ``fitting_notes`` measures them all, keeps those
that fit the limit without saying a phrase twice or an "also" before its hook, and
draws candidates from the longest; ``join_parts`` joins the chosen variants into a
note. A note is shortened by choosing shorter variants, never by cutting words.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass, field

from composer.checker import utf16_len

# Among the combinations that fit, candidates are drawn from the longest ones (the
# richest notes); this share of the longest fitting length keeps enough of them to vary.
_WINDOW = 0.8


@dataclass(slots=True)
class Parts:
    """A rendered template: the variants of each part and the orders they may go in."""

    variants: dict[str, list[str]]
    orders: list[tuple[str, ...]]
    # Variants used only when a part has no other, or no note fits without them.
    fallbacks: dict[str, list[str]] = field(default_factory=dict)
    # Words that must keep their capital after "Hi Priya,": names from the profiles.
    proper: tuple[str, ...] = ()
    # Names a note says once: the second hook's employer when it is the sender's own
    # ("we've also both been at BBVA… I'm Elena from BBVA").
    once: tuple[str, ...] = ()

    def choices(self, part: str, *, with_fallbacks: bool) -> list[str]:
        main = self.variants.get(part) or []
        extra = self.fallbacks.get(part) or []
        if not main:
            return extra or [""]
        return main + extra if with_fallbacks else main


def fitting_notes(parts: Parts, limit: int, rng: random.Random, count: int) -> list[str]:
    """Up to ``count`` different notes that fit ``limit``, drawn from the longest that fit.

    Every combination of variants (one per part, in every allowed order) is measured;
    the ones that fit are ranked long to short and ``count`` are drawn at random from
    the top of the ranking, so a seed changes the phrasing but not the richness.
    """
    fitting: dict[tuple[str, ...], int] = {}
    for with_fallbacks in (False, True):
        for order in parts.orders:
            # Lengths are summed per variant rather than measured on joined notes: the
            # same answer (a space between parts), without building hundreds of strings.
            choices = [
                sorted(
                    (
                        (_room(v), v, _said_once(v, parts.once), *_leans(p, v))
                        for v in parts.choices(p, with_fallbacks=with_fallbacks)
                    ),
                    key=lambda choice: choice[:2],
                )
                for p in order
            ]
            _collect_fitting(choices, limit + 1, fitting)
        if fitting:
            break
    if not fitting:
        return []
    ranked = sorted((-length, texts) for texts, length in fitting.items())  # longest first
    floor = -ranked[0][0] * _WINDOW
    top = list(itertools.takewhile(lambda r: -r[0] >= floor, ranked))
    window = [texts for _, texts in (top if len(top) >= count else ranked[:count])]
    return [join_parts(t, parts.proper) for t in rng.sample(window, min(count, len(window)))]


# Words a note says once: "Your work caught my eye… I'd love to hear about your work",
# "…so I'd be glad to connect. Hope to connect." read as a template stitched together.
_ONCE = re.compile(
    r"\b(your work|caught my (?:eye|attention)|connect|tu trabajo|su trabajo|vuestro trabajo|"
    r"me llamó la atención|conectar|en contacto)\b",
    re.IGNORECASE,
)


def _said_once(text: str, names: tuple[str, ...] = ()) -> frozenset[str]:
    said = {m.casefold() for m in _ONCE.findall(text)}
    return frozenset(said | {n for n in names if n in text})


# A sentence that presupposes an earlier one ("I also liked your post", "También
# coincidimos en…", "Además, …"): said only after the hook it adds to.
_PRESUPPOSES = re.compile(
    r"^(?:(?:I|We|We're|We've|We were)\s+also\b|Also\b|También\b|Además\b|Asimismo\b)",
    re.IGNORECASE,
)
# The parts that say the hook a second hook ("extra") adds to.
_HOOK_PARTS = ("hook", "lead")


def _leans(part: str, text: str) -> tuple[bool, bool]:
    """Whether a variant leans on a hook said before it (the second hook, or a sentence
    opening on "also"/"También"), and whether it says a hook itself."""
    if not text:
        return False, False
    return part == "extra" or bool(_PRESUPPOSES.match(text)), part in _HOOK_PARTS


def _room(text: str) -> int:
    """The room a variant takes in a note: its length and the space that joins it to the
    next part (one too many for the last: ``_collect_fitting`` takes it off); none when
    it is empty (the part is left out)."""
    return utf16_len(text) + 1 if text else 0


def _collect_fitting(
    choices: list[list[tuple[int, str, frozenset[str], bool, bool]]],
    room: int,
    fitting: dict[tuple[str, ...], int],
) -> None:
    """Add to ``fitting`` every combination of one variant per part (``(room taken, text,
    what it says once, leans on a hook before it, says a hook)``, each list shortest first)
    whose parts take at most ``room``, say none of the ``_ONCE`` phrases twice and never
    say "also"/"También" before a hook (``_leans``), with its length.

    The same combinations as ``itertools.product`` filtered, at a fraction of the cost:
    the room taken and the phrases said are carried along the parts, and a prefix that
    repeats a phrase, or leaves too little room for the shortest variants of the parts
    after it, is never extended.
    """
    least = [0] * (len(choices) + 1)  # the room the parts from i on take at the least
    for i in range(len(choices) - 1, -1, -1):
        least[i] = least[i + 1] + choices[i][0][0]
    last = len(choices) - 1

    def walk(
        i: int, taken: int, texts: tuple[str, ...], seen: frozenset[str], hooked: bool
    ) -> None:
        bound = room - least[i + 1]
        for size, text, said, leans, hook in choices[i]:
            total = taken + size
            if total > bound:
                break  # the variants after it take more room still
            if said & seen:
                continue  # says a phrase again
            if leans and not hooked:
                continue  # "also" with nothing before it to add to
            chosen = (*texts, text) if text else texts
            if i < last:
                walk(i + 1, total, chosen, seen | said, hooked or hook)
            elif chosen and chosen not in fitting:
                fitting[chosen] = total - 1

    if choices:
        walk(0, 0, (), frozenset(), False)


def join_parts(parts: tuple[str, ...] | list[str], proper: tuple[str, ...] = ()) -> str:
    """Join the chosen variants into one note, skipping the parts left out.

    After a greeting that ends in a comma ("Hi Priya,") the next sentence goes on in
    lower case, except "I" and the names in ``proper``.
    """
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        if out and out[-1].endswith((",", "–")) and _lowercase_ok(part, proper):
            part = part[0].lower() + part[1:]
        out.append(part)
    return " ".join(out)


def _lowercase_ok(part: str, proper: tuple[str, ...]) -> bool:
    first = part.split(" ", 1)[0]
    if first == "I" or first.startswith(("I'", "I’")):
        return False
    return not any(name and part.startswith(name) for name in proper)
