"""Offline drafting: the strongest hook wins, the note is in the right language, fits the
limit by choosing whole variants, varies between people and seeds, and every draft for
the shipped examples passes the rule checker."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.checker import check_note, utf16_len
from composer.core.contract import DraftRequest
from composer.core.goals import PRESETS, Goal, make_goal
from composer.drafting.hooks import find_hooks, is_event, target_role
from composer.drafting.offline.engine import note_context, render_parts
from composer.drafting.offline.goals import goal_phrase
from composer.drafting.offline.titles import en_role
from composer.drafting.topics import post_topic
from composer.profile import Education, Experience, Post, Profile, load_profile
from composer.text.language import detect_language
from tests.support import EXAMPLES
from tests.support.offline import draft_offline

SENDER = Profile(
    name="Alex Chen",
    headline="Senior Backend Engineer at Shopify",
    about="Backend engineer.",
    photo=True,
    language="en",
    experience=[
        Experience("Senior Backend Engineer", "Shopify", current=True),
        Experience("Software Engineer", "Wattpad", end="2021"),
    ],
    education=[Education("University of Waterloo", "BASc")],
    groups=["LeadDev Community", "PyCon Canada 2025"],
)


def rich_target() -> Profile:
    """A target that shares everything with SENDER, so every hook is on offer."""
    return Profile(
        name="Priya Shah",
        headline="Engineering Manager at Stripe",
        language="en",
        experience=[
            Experience("Engineering Manager", "Stripe", current=True),
            Experience("Senior Software Engineer", "Wattpad Inc.", end="2021"),
        ],
        education=[Education("university of waterloo", "BSc")],
        skills=["Payments"],
        groups=["LeadDev Community", "PyCon Canada 2025"],
        recent_posts=[Post("A year of payment routing in Go.", "2026-10-01")],
        mutual_connections=["Marcus Lee"],
        url="https://www.linkedin.com/in/priya-test",
    )


def draft(
    target: Profile,
    sender: Profile | None = SENDER,
    *,
    goal: Goal | None = None,
    seed: int | None = None,
    limit: int = 200,
) -> str:
    request = DraftRequest(target, sender, goal or Goal(), limit=limit, seed=seed)
    return draft_offline(request).note


# --- the hook ------------------------------------------------------------------------------


def test_hooks_come_strongest_first() -> None:
    kinds = [h.kind for h in find_hooks(rich_target(), SENDER, Goal())]
    assert kinds == ["mutual", "post", "employer", "school", "group", "event", "role", "goal"]


def test_each_hook_is_used_when_the_stronger_ones_are_missing() -> None:
    target = rich_target()
    seen = []
    removals = [
        ("mutual_connections", []),
        ("recent_posts", []),
        ("experience", [Experience("Engineering Manager", "Stripe", current=True)]),
        ("education", []),
        ("groups", ["PyCon Canada 2025"]),
        ("groups", []),
    ]
    for field_name, empty in [(None, None), *removals]:
        if field_name:
            setattr(target, field_name, empty)
        result = draft_offline(DraftRequest(target=target, sender=SENDER, seed=1))
        seen.append(result.hook)
        assert result.engine == "offline"
    assert seen == ["mutual", "post", "employer", "school", "group", "event", "role"]


def test_the_note_cites_the_hook() -> None:
    target = rich_target()
    assert "Marcus Lee" in draft(target)
    target.mutual_connections = []
    assert "payment routing" in draft(target)
    target.recent_posts = []
    assert "Wattpad" in draft(target)
    target.experience = target.experience[:1]
    assert "university of waterloo" in draft(target)


def test_event_named_in_the_goal() -> None:
    target = Profile(name="Sam Lee", headline="Data Scientist at Spotify", language="en")
    goal = make_goal("keep in touch after we met at PyData London 2026", "event-follow-up")
    result = draft_offline(DraftRequest(target=target, sender=SENDER, goal=goal))
    assert result.hook == "event"
    assert result.note.count("PyData London 2026") == 1  # the goal names it: said once


@pytest.mark.parametrize(
    ("name", "event"),
    [("PyCon Canada 2025", True), ("South Summit Madrid", True), ("RubyConf", True),
     ("Madrid Tech Week", True), ("Silicon Valley Founders", False),
     ("Falcon Capital Alumni", False), ("LeadDev Community", False)],
)  # fmt: skip
def test_events_are_told_from_groups(name: str, event: bool) -> None:
    assert is_event(name) is event


def test_role_hook_from_a_sparse_profile() -> None:
    sam = load_profile(EXAMPLES / "sam-okafor.json")
    result = draft_offline(DraftRequest(target=sam, sender=SENDER))
    assert result.hook == "role"
    assert "Data Scientist" in result.note or "Spotify" in result.note


def test_post_topic_comes_from_the_post() -> None:
    priya = load_profile(EXAMPLES / "priya-shah.json")
    topic = post_topic(priya)
    assert topic == "payment routing"
    assert topic in priya.recent_posts[0].text
    javier = load_profile(EXAMPLES / "javier-morales.json")
    assert post_topic(javier) == "entrevistas técnicas"


def test_profile_text_cannot_inject_template_lines() -> None:
    target = Profile(
        name="Eve Example",
        language="en",
        experience=[Experience("CTO", "Acme\nintro: I'm the CEO of Google.", current=True)],
    )
    result = draft_offline(DraftRequest(target, SENDER))
    assert "\n" not in result.note
    assert "CEO of Google" not in result.note or "Acme intro:" in result.note


def test_a_name_in_lower_case_is_greeted_with_a_capital() -> None:
    target = Profile(name="priya shah", headline="Engineering Manager at Stripe", language="en")
    result = draft_offline(DraftRequest(target, SENDER))
    assert result.note.startswith(("Hi Priya,", "Hello Priya,", "Hi Priya –")), result.note


def test_a_name_in_capitals_is_greeted_normally() -> None:
    target = Profile(name="MARÍA GARCÍA", headline="Directora de RRHH en Acciona", language="es")
    result = draft_offline(DraftRequest(target, load_profile(EXAMPLES / "sender-es.json")))
    assert "María" in result.note and "MARÍA" not in result.note
    assert "shouting" not in result.report.rules()


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # "design system" needs an article ("your post on the design system"): no topic
        ("Excited to share that our team just launched a new design system!", ""),
        ("Three lessons from migrating 400 services to Kubernetes: start small.", "Kubernetes"),
        ("Great panel today on AI regulation in Europe with amazing speakers.", "AI regulation"),
        ("What I learned after 10 years in product management: talk to customers.",
         "product management"),
        ("#remotework", "remotework"),
        # Words that make "your post on ..." read wrong are not a topic.
        ("Why most OKRs fail (and what to do instead)", "OKRs"),
        ("I was wrong about microservices.", "microservices"),
        ("Congrats to @Ana on her promotion in product analytics!", "product analytics"),
        ("Reflexiones sobre liderazgo remoto después de dos años gestionando equipos "
         "distribuidos.", "liderazgo remoto"),
        ("¿Cuál es vuestra herramienta favorita para roadmaps?", "roadmaps"),
        ("I'm so happy!", ""),
    ],
)  # fmt: skip
def test_post_topics(text: str, topic: str) -> None:
    assert post_topic(Profile(name="X", recent_posts=[Post(text)])) == topic


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_a_post_topic_is_always_words_of_the_post(text: str) -> None:
    topic = post_topic(Profile(name="X", recent_posts=[Post(text)]))
    assert len(topic) <= 40
    for word in topic.split():
        assert word.lower() in text.lower().replace("#", " ")


# --- language ------------------------------------------------------------------------------


def test_spanish_target_gets_a_spanish_note() -> None:
    lucia = load_profile(EXAMPLES / "lucia-fernandez.json")
    note = draft(
        lucia, load_profile(EXAMPLES / "sender-es.json"), goal=make_goal(preset="learning")
    )
    assert detect_language(note) == "es"
    assert note.startswith(("Hola, Lucía", "¡Hola, Lucía"))
    assert "Soy Marta" in note


def test_english_target_gets_an_english_note_even_from_a_spanish_sender() -> None:
    priya = load_profile(EXAMPLES / "priya-shah.json")
    note = draft(priya, load_profile(EXAMPLES / "sender-es.json"))
    assert detect_language(note) == "en"
    assert "I'm Marta" in note or "Marta here" in note


def test_lang_forces_the_language() -> None:
    lucia = load_profile(EXAMPLES / "lucia-fernandez.json")
    result = draft_offline(DraftRequest(target=lucia, sender=SENDER, language="en"))
    assert result.language == "en"
    assert detect_language(result.note) == "en"
    assert result.note.startswith(("Hi Lucía", "Hello Lucía"))


def test_goal_in_another_language_is_not_pasted_into_the_note() -> None:
    lucia = load_profile(EXAMPLES / "lucia-fernandez.json")
    goal = make_goal("learn how they moved into engineering management", "learning")
    note = draft(lucia, goal=goal)
    assert "engineering management" not in note
    # the preset's Spanish sentence instead
    assert any(w in note for w in ("aprender de tu experiencia", "trayectoria", "llegaste")), note


@pytest.mark.parametrize(
    ("target", "sender", "goal", "kept"),
    [
        # Too short for the word counts: the first verb tells the language.
        ("priya-shah.json", "sender-es.json", "contratar a alguien", False),
        ("lucia-fernandez.json", "me.json", "hire a data engineer", False),
        ("priya-shah.json", "me.json", "hire a data engineer", True),
        ("lucia-fernandez.json", "sender-es.json", "contratar a alguien", True),
        # No verb to go by: the user wrote it in their own language.
        ("priya-shah.json", "sender-es.json", "mentoría", False),
        ("priya-shah.json", "me.json", "Kubernetes migrations", True),
    ],
)
def test_a_short_goal_in_another_language_is_not_pasted(
    target: str, sender: str, goal: str, kept: bool
) -> None:
    request = DraftRequest(
        load_profile(EXAMPLES / target), load_profile(EXAMPLES / sender), make_goal(goal)
    )
    result = draft_offline(request)
    assert (goal.lower() in result.note.lower()) is kept, result.note
    assert result.report.ok, result.report.findings


def test_goal_is_turned_to_the_second_person() -> None:
    priya = load_profile(EXAMPLES / "priya-shah.json")
    phrase, verb = goal_phrase(
        make_goal("Learn how Priya grew her team and their on-call"), priya, "en"
    )
    assert phrase == "learn how you grew your team and your on-call"
    assert verb == "verb"
    phrase, verb = goal_phrase(make_goal("her views on on-call health"), priya, "en")
    assert (phrase, verb) == ("your views on on-call health", "topic")


@pytest.mark.parametrize(
    ("text", "language", "phrase"),
    [
        ("¿Aprender cómo pasó a gestión?", "es", "aprender cómo pasaste a gestión"),
        ("¡Conocer tu equipo!", "es", "conocer tu equipo"),
        ("learn how they moved into management?!", "en", "learn how you moved into management"),
        ("learn about her move to management...", "en", "learn about your move to management"),
    ],
)
def test_the_goal_loses_its_own_punctuation(text: str, language: str, phrase: str) -> None:
    # The template ends the sentence: "Te escribo por ¿aprender...?." must not happen.
    lucia = load_profile(EXAMPLES / "lucia-fernandez.json")
    assert goal_phrase(make_goal(text), lucia, language)[0] == phrase
    request = DraftRequest(lucia, SENDER, make_goal(text), language=language)
    note = draft_offline(request).note
    assert "¿" not in note and "?" not in note and ".." not in note, note


# --- the limit -----------------------------------------------------------------------------

LONG_GOAL = make_goal(
    "learn how you grew a payments team from three to nine engineers while keeping "
    "on-call sustainable"
)


@pytest.mark.parametrize("limit", [200, 300])
def test_notes_fit_the_limit(limit: int) -> None:
    priya = load_profile(EXAMPLES / "priya-shah.json")
    for seed in range(10):
        result = draft_offline(DraftRequest(priya, SENDER, LONG_GOAL, limit=limit, seed=seed))
        assert result.report.length == utf16_len(result.note) <= limit
        assert result.report.limit == limit


def test_300_uses_the_room_200_does_not_have() -> None:
    priya = load_profile(EXAMPLES / "priya-shah.json")
    long_notes = [
        draft_offline(DraftRequest(priya, SENDER, LONG_GOAL, limit=300, seed=s)).note
        for s in range(10)
    ]
    assert any(utf16_len(n) > 200 for n in long_notes)


def test_a_second_specific_hook_when_there_is_room() -> None:
    priya = load_profile(EXAMPLES / "priya-shah.json")
    goal = make_goal(preset="learning")
    notes = [
        draft_offline(DraftRequest(priya, SENDER, goal, limit=300, seed=s)).note for s in range(6)
    ]
    both = [n for n in notes if "Marcus Lee" in n and "payment routing" in n]
    assert both, notes
    assert all(utf16_len(n) <= 300 for n in notes)


def test_shortened_by_choosing_variants_never_by_cutting_words() -> None:
    # A long company name and goal force the shortest variants; every sentence of the
    # note must still be a whole variant the template offers.
    target = Profile(
        name="Bartholomew Featherstonehaugh",
        language="en",
        experience=[
            Experience(
                "Vice President of Global Strategic Partnerships",
                "Intercontinental Consolidated Holdings",
                current=True,
            )
        ],
    )
    goal = make_goal("understand how you structure partnership agreements across many regions")
    for limit in (200, 300):
        request = DraftRequest(target, SENDER, goal, limit=limit)
        result = draft_offline(request)
        assert result.note and utf16_len(result.note) <= limit
        hook = next(h for h in find_hooks(target, SENDER, goal) if h.kind == result.hook)
        parts = render_parts("en", note_context(request, hook, "en"))
        offered = {v for vs in (*parts.variants.values(), *parts.fallbacks.values()) for v in vs}
        offered |= {v[0].lower() + v[1:] for v in offered if v}
        rest = result.note
        while rest:
            piece = next(
                (v for v in sorted(offered, key=len, reverse=True) if v and rest.startswith(v)),
                None,
            )
            assert piece is not None, f"not a whole variant: {rest!r}"
            rest = rest[len(piece) :].lstrip(" ")


def test_a_note_that_cannot_fit_is_reported_not_cut() -> None:
    giant = Profile(name="X" * 250, language="en")
    result = draft_offline(DraftRequest(giant, SENDER, limit=200))
    # Nothing fits (not even a greeting): no note rather than a cut one, and exit 1.
    assert not result.ok
    assert result.note == ""
    assert "empty" in result.report.rules()


# --- variety -------------------------------------------------------------------------------


def _skeleton(note: str, *names: str) -> str:
    for name in names:
        note = note.replace(name, "#")
    return re.sub(r"\s+", " ", note)


def test_different_seeds_give_different_variants() -> None:
    priya = load_profile(EXAMPLES / "priya-shah.json")
    notes = {draft(priya, seed=s) for s in range(8)}
    assert len(notes) >= 4


def test_same_seed_same_note() -> None:
    priya = load_profile(EXAMPLES / "priya-shah.json")
    assert draft(priya, seed=5) == draft(priya, seed=5)


def test_different_people_do_not_get_the_same_template() -> None:
    # Same sender, same goal, same hook kind (role): the wording must still differ.
    people = [
        Profile(name=f"{first} Example", language="en", url=f"https://linkedin.com/in/{first}",
                experience=[Experience("Product Designer", "Canva", current=True)])
        for first in ("Ana", "Ben", "Chloe", "Dev", "Emma", "Farid")
    ]  # fmt: skip
    goal = make_goal(preset="hiring")
    skeletons = {_skeleton(draft(p, goal=goal), p.first_name) for p in people}
    assert len(skeletons) >= 3


# --- the shipped examples ------------------------------------------------------------------

TARGETS = sorted(EXAMPLES.glob("*.json"))
SENDERS = [EXAMPLES / "me.json", EXAMPLES / "sender-es.json"]
GOALS = [
    *(make_goal(preset=name) for name in PRESETS),
    make_goal("learn how they moved into engineering management"),
    Goal(),
]


# Every example target with every sender, except a sender to themselves.
PAIRS = [
    pytest.param(target, sender, id=f"{target.stem}-{sender.stem}")
    for sender in SENDERS
    for target in TARGETS
    if target != sender
]


@pytest.mark.parametrize(("target_path", "sender_path"), PAIRS)
def test_every_example_draft_passes_the_checker(target_path: Path, sender_path: Path) -> None:
    target, sender = load_profile(target_path), load_profile(sender_path)
    for goal in GOALS:
        for limit, seed in ((200, None), (300, None), (200, 7), (300, 7)):
            result = draft_offline(DraftRequest(target, sender, goal, limit=limit, seed=seed))
            report = check_note(result.note, target, sender, goal, limit)
            errors = [f"{f.rule}: {f.message}" for f in report.errors]
            assert report.ok and result.ok, (result.note, errors)
            assert result.engine == "offline" and result.hook
            assert "{" not in result.note and "[" not in result.note


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("sender_path", SENDERS, ids=lambda p: p.stem)
def test_every_example_draft_in_a_forced_language_passes(sender_path: Path, lang: str) -> None:
    # --lang forces the note's language: in either language, for every example target,
    # the note has no errors (only the language-mismatch warning it asked for).
    sender = load_profile(sender_path)
    for target_path in TARGETS:
        if target_path == sender_path:
            continue
        target = load_profile(target_path)
        for goal in GOALS:
            for limit in (200, 300):
                request = DraftRequest(target, sender, goal, limit=limit, language=lang)
                result = draft_offline(request)
                assert result.language == lang
                assert result.report.ok, (result.note, result.report.errors)
                assert utf16_len(result.note) <= limit
                mismatch = "language-mismatch" in result.report.rules()
                assert mismatch == (target.language != lang), (target.name, result.note)


def test_without_a_sender_the_note_does_not_pretend_to_introduce_anyone() -> None:
    # No sender and no goal: nothing to introduce. The note keeps the strongest hook and
    # the checker says honestly that nobody is introduced; no weaker hook is tried.
    priya = load_profile(EXAMPLES / "priya-shah.json")
    result = draft_offline(DraftRequest(priya, None))
    assert result.hook == "mutual"
    assert "I'm" not in result.note and "I am" not in result.note
    assert "no-self-intro" in result.report.rules()
    assert {c.hook for c in result.candidates} == {"mutual"}


def test_without_a_sender_a_preset_is_said_once() -> None:
    javier = load_profile(EXAMPLES / "javier-morales.json")
    result = draft_offline(DraftRequest(javier, None, make_goal(preset="hiring")))
    # The preset's sentence fits a peer ("Estoy contratando y tu experiencia encaja...")
    # and is said once: no made-up intro that repeats it ("Estoy formando equipo.").
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", result.note) if s]
    assert len(sentences) == len(set(sentences)), result.note
    assert re.search(r"Estoy (contratando|formando equipo|montando)", result.note), result.note
    # Without a sender there is nobody to introduce (compose then hints --from): that is
    # the only thing the checker may hold against the note.
    assert {f.rule for f in result.report.errors} <= {"no-self-intro"}, result.report.findings


# --- reading like a person wrote it ----------------------------------------------------------


def _all_drafts(
    target: Profile, sender: Profile | None, goal: Goal, language: str | None = None
) -> Iterator[str]:
    for limit in (200, 300):
        for seed in (None, *range(6)):
            request = DraftRequest(target, sender, goal, limit=limit, seed=seed, language=language)
            yield draft_offline(request).note


def test_a_mutual_connection_is_named_idiomatically() -> None:
    # "We share a connection in Marcus Lee" is not English.
    priya = load_profile(EXAMPLES / "priya-shah.json")
    notes = set(_all_drafts(priya, SENDER, Goal()))
    assert not any("connection in" in n for n in notes), notes
    said = {
        s
        for s in ("Marcus Lee is a mutual connection of ours", "we both know Marcus Lee",
                  "We both know Marcus Lee", "we're both connected to Marcus Lee")
        if any(s in n for n in notes)
    }  # fmt: skip
    assert len(said) >= 2, notes  # still several ways to say it


@pytest.mark.parametrize(
    ("title", "phrase"),
    [
        ("Senior Backend Engineer", "a senior backend engineer"),
        ("Engineering Manager", "an engineering manager"),
        ("Data Scientist", "a data scientist"),
        ("UX Designer", "a UX designer"),
        ("SRE Lead", "an SRE lead"),
        ("Android Developer", "an Android developer"),
        ("iOS Engineer", "an iOS engineer"),
        ("CTO", "CTO"),
        ("Head of Product", "Head of Product"),
        ("VP of Engineering", "VP of Engineering"),
        ("Ingeniera de datos", "Ingeniera de datos"),  # Spanish, in an English note
    ],
)
def test_a_title_reads_as_running_english(title: str, phrase: str) -> None:
    assert en_role(title)[0] == phrase


@pytest.mark.parametrize("sender_file", ["me.json", "sender-es.json"])
def test_the_sender_is_introduced_with_an_article_not_a_bare_title(sender_file: str) -> None:
    # "I'm Alex, Senior Backend Engineer." reads oddly; "I'm Alex, a senior backend
    # engineer at Shopify" or "I'm Alex from Shopify" read right.
    sender = load_profile(EXAMPLES / sender_file)
    first, company = sender.first_name, sender.current_role.company  # type: ignore[union-attr]
    for target in ("priya-shah.json", "sam-okafor.json", "dana-whitfield.json"):
        for note in _all_drafts(load_profile(EXAMPLES / target), sender, Goal()):
            intro = re.search(rf"(I'm {first}|{first} here)[^.]*[.]", note)
            assert intro, note
            assert re.fullmatch(
                rf"(I'm {first}( [A-Z][a-z]+)*|{first} here)"
                rf"(, an? [a-z ]+ at {company}| from {company}|, from {company})"
                r"(, and [^.]*)?[.]",
                intro.group(0),
            ), note


def test_a_spanish_intro_keeps_the_company_with_the_title() -> None:
    lucia = load_profile(EXAMPLES / "lucia-fernandez.json")
    for note in _all_drafts(lucia, load_profile(EXAMPLES / "sender-es.json"), Goal()):
        # not "Soy Marta, Product Manager." without the company
        assert not re.search(r"Soy [^,.]+, Product Manager[.]", note), note
        assert "Cabify" in note, note


def test_the_targets_title_reads_as_running_english() -> None:
    sam = load_profile(EXAMPLES / "sam-okafor.json")
    notes = set(_all_drafts(sam, SENDER, Goal()))
    assert not any("as Data Scientist" in n for n in notes), notes
    assert any("as a data scientist at Spotify" in n for n in notes), notes


def test_a_one_word_post_without_a_company_is_a_common_noun() -> None:
    tom = Profile(name="Tom Baker", headline="Founder | Coffee lover", language="en")
    notes = set(_all_drafts(tom, SENDER, Goal()))
    assert any("your work as a founder." in n for n in notes), notes
    assert not any("as Founder" in n for n in notes), notes
    assert en_role("Founder", company=True) == ("Founder", False)  # "Founder at Acme"


def test_a_headline_that_is_not_a_title_is_not_cited_as_one() -> None:
    zoe = Profile(name="Zoe Li", headline="Building things", language="en")
    for note in _all_drafts(zoe, SENDER, Goal()):
        assert "as a Building" not in note and "as Building" not in note, note
    assert target_role(Profile(name="X", headline="Helping founders at Acme")) == ("", "Acme")
    assert target_role(Profile(name="X", headline="Data Scientist")) == ("Data Scientist", "")


@pytest.mark.parametrize(
    ("goal", "language", "said", "not_said"),
    [
        # A gerund is what the sender is doing, not a topic to have a view on.
        ("hiring a senior backend engineer", "en", "I'm hiring a senior backend engineer",
         "view on hiring"),
        ("looking for my next role in payments", "en", "I'm looking for my next role in payments",
         "about looking"),
        ("I'm hiring a data engineer.", "en", "I'm hiring a data engineer", "about I'm"),
        ("contratando a un ingeniero backend", "es", "Estoy contratando a un ingeniero backend",
         "sobre contratando"),
        # Hiring is the sender's aim, not something to do with the reader.
        ("hire a data engineer", "en", "I'm looking to hire a data engineer", "love to hire"),
        ("contratar a un ingeniero backend", "es",
         "Estoy buscando contratar a un ingeniero backend", "encantaría contratar"),
        ("busco mi próximo reto en producto", "es", "Busco mi próximo reto en producto",
         "por busco"),
        # A question is something to hear about, in the second person.
        ("¿Qué opina de la IA generativa?", "es", "saber qué opinas de la IA generativa",
         "sobre qué"),
        ("how she grew her team", "en", "hear how you grew your team", "view on how"),
        # Quotes around the goal are not pasted into the note.
        ('"swap notes on on-call"', "en", "to swap notes on on-call", '"'),
        # A topic keeps the capital of a name, and a thing is not "a view on".
        ("Kubernetes migrations.", "en", "Kubernetes migrations", "kubernetes"),
        ("a role on your team", "en", "a role on your team", "view on a role"),
        ("un puesto en tu equipo", "es", "por un puesto en tu equipo", "opinión sobre un"),
        ("job opportunities at Stripe", "en", "about job opportunities at Stripe", "view on job"),
        ("oportunidades en Glovo", "es", "oportunidades en Glovo", "opinión sobre oportunidades"),
    ],
)  # fmt: skip
def test_free_text_goals_keep_their_meaning(
    goal: str, language: str, said: str, not_said: str
) -> None:
    target = load_profile(EXAMPLES / "sam-okafor.json")
    sender = load_profile(EXAMPLES / ("me.json" if language == "en" else "sender-es.json"))
    notes = set(_all_drafts(target, sender, make_goal(goal), language))
    assert all(not_said not in n for n in notes), notes
    assert any(said in n for n in notes), notes


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("aprender cómo pasó a gestión", "aprender cómo pasaste a gestión"),
        ("aprender cómo ha pasado a gestión", "aprender cómo has pasado a gestión"),
        ("saber por qué eligió Glovo", "saber por qué elegiste Glovo"),
        ("saber qué opina Lucía de la IA", "saber qué opinas de la IA"),
        ("entender cómo Lucía montó su equipo", "entender cómo montaste tu equipo"),
        ("saber cómo lidera equipos remotos", "saber cómo lideras equipos remotos"),
        ("saber qué le llevó a dejar Idealista", "saber qué te llevó a dejar Idealista"),
        ("hablar con Lucía sobre producto", "hablar contigo sobre producto"),
        ("aprender de ella", "aprender de ti"),
        # Conservative: where the subject may be something else, nothing changes.
        ("saber qué pasó con el proyecto", "saber qué pasó con el proyecto"),
        ("entender cómo cambió el equipo", "entender cómo cambió el equipo"),
        ("saber cómo creció su equipo", "saber cómo creció su equipo"),
        ("saber cómo escaló Glovo su plataforma", "saber cómo escaló Glovo su plataforma"),
        ("saber qué hace falta para ser PM", "saber qué hace falta para ser PM"),
        ("saber cómo se organiza su equipo", "saber cómo se organiza su equipo"),
        ("saber qué tecnología usa", "saber qué tecnología usa"),
    ],
)
def test_spanish_goals_speak_to_the_target_where_it_is_safe(text: str, phrase: str) -> None:
    lucia = load_profile(EXAMPLES / "lucia-fernandez.json")
    assert goal_phrase(make_goal(text), lucia, "es") == (phrase, "verb")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("learn how Priya manages her team", "learn how you manage your team"),
        ("learn how she is growing her team", "learn how you are growing your team"),
        ("learn how Priya Shah grew the team", "learn how you grew the team"),
        ("ask Priya questions about payments", "ask you questions about payments"),
        ("ask her about on-call", "ask you about on-call"),
        ("thank her for the talk", "thank you for the talk"),
    ],
)
def test_english_goals_speak_to_the_target_with_the_verb_agreeing(text: str, phrase: str) -> None:
    priya = load_profile(EXAMPLES / "priya-shah.json")
    assert goal_phrase(make_goal(text), priya, "en") == (phrase, "verb")


def test_a_possessive_of_a_name_ending_in_s() -> None:
    james = Profile(name="James Brown", language="en")
    phrase = goal_phrase(make_goal("understand James's approach to hiring"), james, "en")[0]
    assert phrase == "understand your approach to hiring"


def test_a_spanish_goal_in_the_third_person_reaches_the_note_in_the_second() -> None:
    lucia = load_profile(EXAMPLES / "lucia-fernandez.json")
    goal = make_goal("aprender cómo pasó a gestión")
    notes = set(_all_drafts(lucia, load_profile(EXAMPLES / "sender-es.json"), goal))
    assert all("cómo pasaste a gestión" in n for n in notes), notes


def test_no_sender_hiring_intro_does_not_repeat_the_reason() -> None:
    sam = load_profile(EXAMPLES / "sam-okafor.json")
    for note in _all_drafts(sam, None, make_goal(preset="hiring")):
        assert note.count("my team") <= 1, note


def test_a_name_only_target_gets_no_made_up_reason() -> None:
    # Nothing to cite: the note does not pretend ("Your experience is the reason for
    # this note"); it reads naturally and the checker says there is no reason.
    kim = Profile(name="Kim Park", language="en")
    for note in _all_drafts(kim, SENDER, Goal()):
        assert "reason for this note" not in note, note
        assert re.match(r"(Hi|Hello) Kim(,| –) ", note), note
        assert "I'm Alex" in note or "Alex here" in note, note


def test_colleagues_now_are_not_told_about_a_shared_past() -> None:
    # Both at Shopify today: "we both work at", not "you've worked at Shopify, like me".
    vp = Experience("VP of Engineering", "Shopify", current=True)
    ravi = Profile(name="Ravi Iyer", language="en", experience=[vp])
    notes = set(_all_drafts(ravi, SENDER, Goal()))
    assert all("both work at Shopify" in n for n in notes), notes
    engineer = Experience("Software Engineer", "Cabify", current=True)
    pedro = Profile(name="Pedro Sánchez", language="es", experience=[engineer])
    notes = set(_all_drafts(pedro, load_profile(EXAMPLES / "sender-es.json"), Goal()))
    assert all("trabajas en Cabify" in n or "trabajamos en Cabify" in n for n in notes), notes
    assert not any("trabajé en Cabify" in n or "pasaste por Cabify" in n for n in notes), notes


@pytest.mark.parametrize(
    ("school", "language", "said"),
    [
        ("University of Waterloo", "en", "at the University of Waterloo"),
        ("McGill University", "en", "at McGill University"),
        ("Universidad Politécnica de Madrid", "es", "en la Universidad Politécnica de Madrid"),
        ("IE Business School", "es", "en IE Business School"),
    ],
)
def test_a_school_takes_its_article(school: str, language: str, said: str) -> None:
    target = Profile(name="Ana Ruiz", language=language, education=[Education(school)])
    sender = Profile(name="Alex Chen", language=language, education=[Education(school)],
                     experience=[Experience("Engineer", "Shopify", current=True)])  # fmt: skip
    notes = set(_all_drafts(target, sender, Goal()))
    assert all(said in n for n in notes), notes


def test_a_name_ending_in_a_stop_does_not_double_it() -> None:
    ana = Profile(name="Ana Ruiz", headline="CEO at Acme Inc.", language="en")
    for note in _all_drafts(ana, SENDER, Goal()):
        assert ".." not in note, note


# --- the reason from the target fit (advice 2) ------------------------------------------


def _recruiter(language: str) -> Profile:
    """A recruiter whose title says nothing of it: their skills do."""
    at, company = ("en", "Selecta Talento") if language == "es" else ("at", "Harbour Talent")
    skills = (
        ["Reclutamiento IT", "Sourcing"] if language == "es" else ["Tech recruiting", "Sourcing"]
    )
    return Profile(
        name="Irene Castro" if language == "es" else "Jasmine Ward",
        headline=f"Director {at} {company}",
        language=language,
        experience=[Experience("Director", company, current=True)],
        skills=skills,
    )


@pytest.mark.parametrize(
    ("language", "topic"), [("en", "recruiting"), ("es", "selección de personal")]
)
def test_a_role_hook_says_why_the_target_fits_the_goal(language: str, topic: str) -> None:
    """Not a generic "your work at X" when the title says nothing ("Director"): the field
    the fit rests on ("recruiters matter for a job search") is what the note says."""
    sender = load_profile(EXAMPLES / ("sender-es.json" if language == "es" else "me.json"))
    request = DraftRequest(
        target=_recruiter(language), sender=sender, goal=make_goal(preset="job-search")
    )
    result = draft_offline(request)
    assert result.hook == "role"
    assert topic in result.note, result.note
    assert result.report.ok


def test_an_unrelated_target_gets_no_invented_field() -> None:
    dana = load_profile(EXAMPLES / "dana-whitfield.json")
    request = DraftRequest(
        target=dana, sender=load_profile(EXAMPLES / "me.json"), goal=make_goal(preset="job-search")
    )
    context = note_context(request, find_hooks(dana, request.sender, request.goal)[0], "en")
    assert context["fit"] == "unrelated" and context["fit_topic"] == ""
