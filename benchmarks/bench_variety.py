"""Do offline notes to different people read alike? Word similarity and skeletons.

Drafts notes for ``--targets`` synthetic profiles (generated deterministically: varied
names, titles, companies, posts, groups, schools, sparse and rich, English and Spanish,
every goal preset) from one sender per language, and prints per language:

- the mean pairwise word (Jaccard) similarity between notes (target below 0.30);
- the share of the notes that share the most common skeleton, names and facts blanked
  (target at most 10%).

    .venv/bin/python benchmarks/bench_variety.py [--targets 200] [--strict]

``--strict`` exits 1 when a target is missed. ``tests/test_variety.py`` runs it smaller.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from composer.batch.variety import MAX_SIMILARITY, MAX_SKELETON_SHARE, Variety, facts
from composer.config.settings import Settings
from composer.core.contract import DraftRequest
from composer.core.goals import PRESETS, Goal
from composer.core.profile import Education, Experience, Post, Profile
from composer.drafting.pipeline import compose_note

OFFLINE = Settings(engine="offline")

FIRST = {
    "en": [
        "Priya",
        "Marcus",
        "Hannah",
        "Oliver",
        "Chloe",
        "Daniel",
        "Grace",
        "Kwame",
        "Aisha",
        "Ravi",
        "Nora",
        "Liam",
        "Emma",
        "Noah",
        "Sofia",
        "Ethan",
        "Mei",
        "Lars",
        "Fiona",
        "Jake",
        "Sarah",
        "Tom",
        "Elena",
        "Yuki",
        "Brianna",
    ],
    "es": [
        "Lucía",
        "Javier",
        "María",
        "José",
        "Carmen",
        "Pablo",
        "Nuria",
        "Álvaro",
        "Paula",
        "Martín",
        "Rocío",
        "Diego",
        "Teresa",
        "Andrés",
        "Inés",
        "Marta",
        "Sergio",
        "Ximena",
        "Raúl",
        "Pilar",
        "Jordi",
        "Alba",
        "Rubén",
        "Sara",
        "Begoña",
    ],
}
LAST = {
    "en": [
        "Shah",
        "Lee",
        "Okafor",
        "Grant",
        "Martin",
        "Costa",
        "Adebayo",
        "Mensah",
        "Rahman",
        "Kumar",
        "Whitfield",
        "Turner",
        "Brooks",
        "Park",
        "Tanaka",
        "Eriksson",
        "MacLeod",
        "Cole",
        "Ward",
        "Frost",
    ],
    "es": [
        "Fernández",
        "Morales",
        "Beltrán",
        "Ortega",
        "Sancho",
        "Sosa",
        "Márquez",
        "Navarro",
        "Pardo",
        "Quintana",
        "Iglesias",
        "Valero",
        "Casals",
        "Salgado",
        "Ferrer",
        "Gil",
        "Campos",
        "Echeverría",
        "Treviño",
        "Robles",
    ],
}
TITLES = {
    "en": ["Engineering Manager", "Senior Data Scientist", "Technical Recruiter", "Founder",
           "Head of Procurement", "Product Designer", "Account Executive", "Staff Engineer",
           "Marketing Director", "Student", "Operations Manager", "CTO", "UX Researcher",
           "Talent Partner", "Chief Financial Officer"],
    "es": ["Directora de Compras", "Ingeniero de datos", "Responsable de Selección",
           "Fundadora", "Abogada laboralista", "Product Manager", "Jefe de operaciones",
           "Estudiante", "Gerente comercial", "Diseñadora UX", "CTO", "Consultor senior",
           "Directora financiera", "Analista de riesgos", "Headhunter"],
}  # fmt: skip
COMPANIES = {
    "en": [
        "Stripe",
        "Monzo",
        "Shopify",
        "Atlassian",
        "Spotify",
        "Ocado",
        "Wise",
        "Gymshark",
        "Xero",
        "Deloitte",
        "Oatly",
        "Brightline",
        "Rootly",
        "Nubank",
        "Kavak",
        "Drata",
        "Pento",
        "Cyclion",
    ],
    "es": [
        "Cabify",
        "Glovo",
        "Mapfre",
        "Acciona",
        "Damm",
        "Kueski",
        "BBVA",
        "Wallapop",
        "Factorial",
        "Airbus",
        "Tendam",
        "Consum",
        "Bellota",
        "Cajamar",
        "Postobón",
        "Matika",
        "Kfund",
        "Saica",
    ],
}
TOPICS = {
    "en": ["payment routing", "on-call rotations", "design systems", "supplier audits",
           "hiring pipelines", "data contracts", "pricing experiments", "remote onboarding",
           "warehouse robotics", "carbon accounting"],
    "es": ["liderazgo remoto", "entrevistas técnicas", "envases reciclables",
           "modelos de crédito", "rotación de personal", "logística inversa",
           "precios dinámicos", "equipos distribuidos", "ciberseguridad industrial",
           "cadenas de frío"],
}  # fmt: skip
POSTS = {
    "en": ["Notes on {t} after a year of trying.", "What we got wrong about {t}",
           "A short thread on {t} and why it matters for small teams."],
    "es": ["Algunas ideas sobre {t} tras un año de pruebas.", "Lo que aprendimos sobre {t}",
           "Un hilo breve sobre {t} y por qué importa en equipos pequeños."],
}  # fmt: skip
SCHOOLS = {
    "en": ["University of Toronto", "Purdue University", "Imperial College London"],
    "es": ["Universidad Complutense de Madrid", "Universidad de los Andes", "ESADE"],
}
GROUPS = {"en": ["LeadDev Community", "Women in Data UK"],
          "es": ["Python Madrid", "Mujeres en Tech"]}  # fmt: skip
SENDERS = {
    "en": Profile(
        name="Alex Chen", headline="Senior Backend Engineer at Shopify", language="en",
        photo=True, experience=[Experience("Senior Backend Engineer", "Shopify", current=True)],
        education=[Education("University of Toronto")], groups=["LeadDev Community"],
    ),
    "es": Profile(
        name="Marta Gil", headline="Product Manager en Cabify", language="es", photo=True,
        experience=[Experience("Product Manager", "Cabify", current=True)],
        education=[Education("Universidad Complutense de Madrid")], groups=["Python Madrid"],
    ),
}  # fmt: skip


def synthetic_target(i: int, language: str, rng: random.Random) -> Profile:
    """One varied profile: some sparse (a name and a headline), most richer."""
    name = f"{rng.choice(FIRST[language])} {rng.choice(LAST[language])}"
    title, company = rng.choice(TITLES[language]), rng.choice(COMPANIES[language])
    at = "at" if language == "en" else "en"
    profile = Profile(name=name, headline=f"{title} {at} {company}", language=language,
                      url=f"https://www.linkedin.com/in/synthetic-{language}-{i}")  # fmt: skip
    if rng.random() < 0.2:
        return profile  # sparse
    profile.experience = [Experience(title, company, current=True)]
    if rng.random() < 0.5:
        topic = rng.choice(TOPICS[language])
        profile.recent_posts = [Post(rng.choice(POSTS[language]).format(t=topic), "2026-10-01")]
    if rng.random() < 0.25:
        profile.education = [Education(rng.choice(SCHOOLS[language]))]
    if rng.random() < 0.2:
        profile.groups = [rng.choice(GROUPS[language])]
    if rng.random() < 0.15:
        profile.mutual_connections = [f"{rng.choice(FIRST[language])} {rng.choice(LAST[language])}"]
    return profile


def run(targets: int, seed: int = 0) -> dict[str, Variety]:
    """Draft ``targets`` notes (half English, half Spanish) and measure each language."""
    rng = random.Random(seed)
    presets = [None, *PRESETS]
    notes: dict[str, list[tuple[str, frozenset[str]]]] = {"en": [], "es": []}
    for i in range(targets):
        language = "en" if i % 2 == 0 else "es"
        target = synthetic_target(i, language, rng)
        goal = Goal(preset=presets[i % len(presets)])
        sender = SENDERS[language]
        result = compose_note(DraftRequest(target, sender, goal), OFFLINE)
        notes[language].append((result.note, facts(target, sender, goal.text)))
    return {language: Variety.of(items) for language, items in notes.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    missed = False
    for language, v in run(args.targets, args.seed).items():
        ok = v.similarity < MAX_SIMILARITY and v.skeleton_share <= MAX_SKELETON_SHARE
        missed |= not ok
        print(
            f"{language}: {v.notes} notes, mean pairwise word similarity {v.similarity:.3f} "
            f"(target < {MAX_SIMILARITY}), most common skeleton {v.skeleton_share:.1%} "
            f"(target <= {MAX_SKELETON_SHARE:.0%}) {'ok' if ok else 'MISSED'}"
        )
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
