"""Round 5 of the offline wording: five kinds of faults a reviewer found on fresh profiles,
reproduced on the cases of ``tests/corpus/drafting_r5/`` (the case's name says its kind,
a-e) and fixed as kinds, in English and Spanish."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from composer.core.contract import DraftRequest
from composer.core.goals import make_goal
from composer.core.profile import Experience, Post, Profile
from composer.drafting.topics import post_hook
from tests.golden.regen import case_request
from tests.support.offline import draft_offline

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = CORPUS / "drafting_r5"


def _notes(case: str, seeds: int = 5) -> list[str]:
    request, _ = case_request(CASES / case)
    return [draft_offline(dataclasses.replace(request, seed=s)).note for s in range(seeds)]


def test_every_case_drafts_a_note_that_passes_its_checker() -> None:
    no_sender = {"es-a1-mutual-post-no-name", "es-a5-employer-mutual-usted"}  # nobody to introduce
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        request, _ = case_request(folder)
        result = draft_offline(request)
        assert result.note
        assert result.ok or folder.name in no_sender, (folder.name, result.report.rules())


# --- A: a sentence that presupposes another never comes without it ---------------------

_ALSO = re.compile(
    r"(?:^|[.!?:,–]\s+)(?:I also|We also|We're also|We've also|We were also|También|Además)\b",
    re.IGNORECASE,
)


def _target(language: str, n: int, *, post: bool, mutual: bool, group: bool) -> Profile:
    es = language == "es"
    return Profile(
        name=["Álvaro Ruiz", "Dana Whitfield", "Marta Vidal", "Kwame Mensah"][n % 4],
        language=language,
        headline="Data Engineer",
        experience=[
            Experience("Data Engineer", ["Cabify", "Shopify", "Factorial"][n % 3], current=True)
        ],
        mutual_connections=["Lucía Gómez"] if mutual else [],
        groups=["Python Madrid"] if group else [],
        recent_posts=[
            Post(
                "Migrar nuestros DAG de Airflow a Dagster nos llevó tres meses."
                if es
                else "Why we moved our on-call rotation to follow-the-sun, and what it cost us.",
                date="2026-10-01",
            )
        ]
        if post
        else [],
    )


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("sender_named", [False, True])
def test_a_second_hook_never_comes_before_or_without_the_first(
    language: str, sender_named: bool
) -> None:
    sender = (
        Profile(name="Rob Lee", language=language, groups=["Python Madrid"], photo=True)
        if sender_named
        else None
    )
    checked = 0
    for n in range(4):
        for post, mutual, group in [(True, True, False), (True, False, True), (True, True, True)]:
            target = _target(language, n, post=post, mutual=mutual, group=group)
            for limit in (200, 300):
                for preset in ("job-search", "learning", None):
                    for seed in range(3):
                        request = DraftRequest(
                            target=target, sender=sender, goal=make_goal(None, preset),
                            limit=limit, seed=seed,
                        )  # fmt: skip
                        note = draft_offline(request).note
                        also = _ALSO.search(note)
                        if also is None:
                            continue
                        checked += 1
                        before = note[: also.start()]
                        # the first hook (the mutual connection, else the post) is said first
                        first = (
                            "Lucía Gómez"
                            if mutual
                            else ("Airflow" if language == "es" else "on-call")
                        )
                        assert first in before, note
    assert checked > 20  # the second hook was said often enough to be checked


# --- B: goals that are clauses are sentences, never topics --------------------------------


@pytest.mark.parametrize(
    ("case", "said", "not_said"),
    [
        ("es-b1-nos-conocimos-wayra", "Nos conocimos en el Demo Day de Wayra", "sobre nos"),
        ("es-a2-event-named-post", "Nos conocimos en el 4YFN 2026", "sobre nos"),
        ("es-b2-me-hablo-de-ti", "Ana Ruiz me habló de ti", "colaborar en me"),
        ("es-b3-vi-tu-charla", "Vi tu charla en la Commit Conf", "por vi tu"),
        ("es-b4-quiero-cooperativa", "Quiero montar una cooperativa", "Me encantaría montar"),
        ("es-b5-coincidimos", "Coincidimos en las Jornadas", "sobre coincidimos"),
        ("en-b6-we-met-at", "we met at SXSW Sydney", "follow up on we"),
        ("en-b7-move-into-ux", "I'm looking to move into UX", "I'd love to move"),
        ("en-b8-ana-told-me", "Ana Ruiz told me you were building", "on Ana Ruiz"),
        ("en-b9-saw-your-talk", "I saw your talk at BSides Austin", "on I saw"),
    ],
)
def test_a_goal_that_is_a_clause_is_said_as_a_sentence(case: str, said: str, not_said: str) -> None:
    notes = _notes(case)
    assert all(said.casefold() in note.casefold() for note in notes), notes
    assert not any(not_said in note for note in notes), notes


@pytest.mark.parametrize("case", ["es-b1-nos-conocimos-wayra", "en-b6-we-met-at"])
def test_the_event_a_follow_up_goal_names_is_its_hook_said_once(case: str) -> None:
    request, _ = case_request(CASES / case)
    for seed in range(5):
        result = draft_offline(dataclasses.replace(request, seed=seed))
        assert result.hook == "event", result.note
        name = "Wayra" if case.startswith("es") else "SXSW"
        assert result.note.count(name) == 1, result.note


# --- C: a hiring goal is the recruiter's, not the reader's job ----------------------------


@pytest.mark.parametrize(
    ("case", "said"),
    [
        ("es-c1-cubrir-head-of-data", "Estoy buscando a alguien para un puesto de Head of Data"),
        ("es-c2-contratar-jefe-obra", "Estoy buscando contratar un jefe de obra"),
        ("es-c3-buscamos-camarero", "Buscamos camarero/a para temporada"),
        ("es-c7-incorporar-enfermera", "Estoy buscando incorporar una enfermera"),
        ("en-c4-fill-nurse", "I'm hiring a senior nurse"),
        ("en-c5-find-rails", "I'm looking for a Rails contractor"),
        ("en-c6-head-of-data-valencia", "I'm hiring a Head of Data in Valencia"),
    ],
)
def test_a_hiring_goal_says_the_sender_is_hiring(case: str, said: str) -> None:
    notes = _notes(case)
    assert all(said in note for note in notes), notes
    wished = re.compile(r"(?:Sería estupendo|Me encantaría|Me gustaría|I'd love to|I'd like to) "
                        r"(?:cubrir|contratar|incorporar|fill|hire|find)")  # fmt: skip
    assert not any(wished.search(note) for note in notes), notes


# --- D: a post that announces an opening is a job seeker's hook ----------------------------


@pytest.mark.parametrize(
    ("case", "said"),
    [
        ("es-d1-nuvalia-buscamos", "buscáis data engineer junior"),
        ("es-d3-estamos-contratando", "buscan desarrolladores backend en Go"),  # Argentina: ustedes
        ("es-d4-se-busca", "buscáis cocinero/a de partida"),
        ("es-d6-incorporamos", "buscáis 15 consultores de ciberseguridad"),
        ("en-d2-electricians", "hiring two junior electricians"),
        ("en-d5-brightpath-pune", "growing the cloud team in Pune"),
    ],
)
def test_a_job_seeker_hooks_on_the_opening_a_post_announces(case: str, said: str) -> None:
    request, _ = case_request(CASES / case)
    for seed in range(5):
        result = draft_offline(dataclasses.replace(request, seed=seed))
        assert said in result.note, result.note
        assert result.hook == "post"  # before a mutual connection (d1, d4 have one)


# --- E: a post's topic is what it is about, or none -------------------------------------


def test_post_topics_read_right_on_varied_posts() -> None:
    rows = json.loads((CORPUS / "post_topics" / "posts.json").read_text("utf-8"))
    assert len(rows) >= 30
    wrong = []
    for row in rows:
        target = Profile(name="Ana Ruiz", language=row["language"],
                         recent_posts=[Post(row["post"], date="2026-10-01")])  # fmt: skip
        got = list(post_hook(target))
        if got not in row["reads_right"]:
            wrong.append((row["post"], got))
    assert len(wrong) <= 2, wrong  # 35 of 36 when written; 18 before round 5


@pytest.mark.parametrize(
    ("post", "company", "not_topic"),
    [
        ("Thank you all for 10 years at Deloitte. Onto the next chapter.", "Deloitte", "Deloitte"),
        ("¡Gracias Sevilla! Qué semana tan bonita.", "Heineken", "Sevilla"),
        ("Big news: Acme Robotics opens a new office.", "Acme Robotics", "Acme"),
    ],
)
def test_a_place_or_employer_is_no_topic(post: str, company: str, not_topic: str) -> None:
    target = Profile(name="Ana Ruiz", language="en", location="Sevilla, España",
                     experience=[Experience("CFO", company, current=True)],
                     recent_posts=[Post(post, date="2026-10-01")])  # fmt: skip
    assert post_hook(target)[0] != not_topic
