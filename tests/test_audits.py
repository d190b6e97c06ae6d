"""Profile audits: sender-incomplete and target-unrelated, warnings that never block."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.checker.audits import audit, audit_people, audit_sender, audit_target
from composer.checker.fit import judge_fit
from composer.core.contract import DraftRequest
from composer.core.goals import make_goal
from composer.profile import Experience, Profile, load_profile
from tests.support.profiles import lucia, priya, sam


def _salon_manager() -> Profile:
    return Profile(
        name="Dana Whitfield",
        headline="Regional Manager at Luxe Hair Salons",
        industry="Personal Care Services",
        experience=[Experience("Regional Manager", "Luxe Hair Salons")],
        skills=["Salon operations", "Stylist training"],
    )


def _pharma_rep() -> Profile:
    return Profile(
        name="Pat Rivera",
        headline="Pharmaceutical Sales Representative at Medix",
        industry="Pharmaceuticals",
        photo=True,
        about="Oncology portfolio.",
        experience=[Experience("Sales Representative", "Medix")],
    )


def test_complete_sender_has_no_finding() -> None:
    assert audit_sender(sam()) == []


def test_incomplete_sender_lists_what_to_fix() -> None:
    (finding,) = audit_sender(Profile(name="Ghost", photo=False))
    assert finding.rule == "sender-incomplete"
    assert finding.severity == "warning"
    for part in ("a photo", "a headline", "an About summary", "experience"):
        assert part in finding.message
    assert finding.start is None


def test_unknown_photo_is_mentioned_as_unknown() -> None:
    sender = sam()
    sender.photo = None
    (finding,) = audit_sender(sender)
    assert "not stated" in finding.message
    assert "headline" not in finding.message


def test_a_json_sender_without_photo_is_told_to_state_it() -> None:
    (finding,) = audit_sender(Profile(name="Ghost", headline="Engineer"))
    assert '"photo": true' in finding.message
    assert "data export" not in finding.message


def test_pharma_rep_to_salon_manager_is_unrelated() -> None:
    (finding,) = audit_target(_salon_manager(), _pharma_rep(), None)
    assert finding.rule == "target-unrelated"
    assert finding.severity == "warning"
    # Shown under the target's name (the panel, the one-shot's audits): it says what is
    # missing and what to do, without repeating who.
    assert finding.message.startswith("nothing in their role, industry, skills or posts")
    assert "pick someone closer to your goal" in finding.message


def test_shared_field_or_words_make_a_target_related() -> None:
    assert audit_target(priya(), sam(), None) == []  # both in software
    assert audit_target(lucia(), sam(), None) == []  # Spanish target, English sender


def test_goal_words_make_a_target_related() -> None:
    goal = make_goal("learn how salon chains train their stylists")
    assert audit_target(_salon_manager(), _pharma_rep(), goal) == []


def test_a_recruiter_fits_a_job_search_not_an_event_follow_up() -> None:
    recruiter = Profile(name="Rae", headline="Technical Recruiter at Zeta")
    assert audit_target(recruiter, _pharma_rep(), make_goal(preset="job-search")) == []
    assert audit_target(recruiter, _pharma_rep(), make_goal(preset="event-follow-up"))


def _person(name: str, title: str, company: str, industry: str, at: str = "at") -> Profile:
    """Someone whose headline is their current role, as most headlines are."""
    return Profile(
        name=name,
        headline=f"{title} {at} {company}",
        industry=industry,
        experience=[Experience(title, company, current=True)],
    )


PRESETS = ["job-search", "hiring", "sales", "partnership", "learning", "event-follow-up", None]


@pytest.mark.parametrize("preset", PRESETS)
def test_the_articles_example_is_unrelated_under_every_preset(preset: str | None) -> None:
    """The first article's pears with apples, in Spanish: "Atención primaria" and
    "Atención al cliente" share a word, not a field (no 5-letter stems)."""
    rep = _person(
        "Lucía Fernández",
        "Delegada comercial, Atención primaria",
        "Laboratorios Alcazaba",
        "Fabricación de productos farmacéuticos",
        at="en",
    )
    salon = _person(
        "Javier Gil",
        "Gerente, Atención al cliente",
        "Peluquerías Melena",
        "Servicios de belleza y cuidado personal",
        at="en",
    )
    for sender, target in ((rep, salon), (_pharma_rep(), _salon_manager())):
        (finding,) = audit_target(target, sender, make_goal(preset=preset))
        assert finding.rule == "target-unrelated"
        assert "health care" in finding.message and "beauty and hair care" in finding.message


BACKEND = _person("Sam Okafor", "Backend Engineer", "Parcelhub", "Software Development")
PURCHASING = _person(
    "Helen Marsh", "Director of Purchasing", "Harvest Lane Foods", "Food and Beverage Manufacturing"
)


@pytest.mark.parametrize("preset", ["job-search", "learning", "sales", "partnership"])
def test_a_generic_title_relates_nobody(preset: str) -> None:
    """ "Director" made anyone related to a job search, sales or learning before."""
    (finding,) = audit_target(PURCHASING, BACKEND, make_goal(preset=preset))
    assert finding.rule == "target-unrelated"
    assert "relates to software" in finding.message
    assert "food" in finding.message


def test_readmes_unrelated_example_keeps_its_warning() -> None:
    examples = Path(__file__).resolve().parent.parent / "examples" / "profiles"
    me, dana = load_profile(examples / "me.json"), load_profile(examples / "dana-whitfield.json")
    (finding,) = audit_target(dana, me, make_goal(preset="job-search"))
    assert finding.rule == "target-unrelated"


def test_a_scientist_is_not_a_data_person() -> None:
    """ "Científica" was filed under data science: a paleontologist is no HR-software PM's peer."""
    paleo = Profile(
        name="Ana Ruiz",
        headline="Científica titular · Paleontología de vertebrados",
        industry="Investigación",
    )
    pm = Profile(
        name="Elena Prieto",
        headline="Product Manager en Plantilla Cloud (software de RRHH)",
        skills=["Análisis de datos", "Estadística"],
    )
    (finding,) = audit_target(
        paleo, pm, make_goal("entender cómo eligen las empresas su software de RRHH")
    )
    assert "scientific research" in finding.message


def test_a_company_page_gets_company_as_person_with_what_to_do() -> None:
    lendora = Profile(name="Lendora", headline="Lending for SMEs", industry="Financial Services")
    (finding,) = audit_target(lendora, BACKEND, make_goal(preset="partnership"))
    assert finding.rule == "company-as-person"
    assert "find a person at that company instead" in finding.message
    (finding,) = audit_target(Profile(name="Soluciones Digitales Turia S.L."), None, None)
    assert finding.rule == "company-as-person"


def test_a_small_company_is_judged_by_its_trade_for_a_sale() -> None:
    """A refurbishment firm's own profile buys tiles, not pallets: the company audit
    stays, and for a sale its trade decides whether it is worth a note at all."""
    firm = Profile(
        name="Reformas Integrales Turia S.L.",
        headline="Reformas integrales de viviendas, baños y cocinas en Valencia",
        industry="Construcción",
    )
    tiles = _person("Rocío Beltrán", "Delegada comercial", "Cerámicas del Maestrazgo", "Azulejos")
    pallets = _person(
        "Iván Morcillo", "Key Account Manager", "Palés Circulares", "Pooling de palés"
    )
    sale = make_goal(preset="sales")
    assert [f.rule for f in audit_target(firm, tiles, sale)] == ["company-as-person"]
    assert judge_fit(firm, tiles, sale).verdict == "related"
    company, unrelated = audit_target(firm, pallets, sale)
    assert (company.rule, unrelated.rule) == ("company-as-person", "target-unrelated")
    assert "construction" in unrelated.message and "logistics" in unrelated.message
    # For a job search a page neither hires nor refers: a person there is needed.
    assert judge_fit(firm, BACKEND, make_goal(preset="job-search")).verdict == "unknown"


def test_a_place_in_the_goal_relates_nobody_by_itself() -> None:
    chef = Profile(
        name="Danny Walsh",
        headline="Head Chef at The Ancoats Larder, Manchester",
        location="Manchester, England, United Kingdom",
        experience=[Experience("Head Chef", "The Ancoats Larder")],
        about="Manchester born and bred, cooking in Ancoats.",
    )
    analyst = _person("Hannah Price", "Senior Data Analyst", "Northvale", "Analytics")
    goal = make_goal("Find a senior data role in Manchester", "job-search")
    (finding,) = audit_target(chef, analyst, goal)
    assert finding.rule == "target-unrelated" and "hospitality" in finding.message
    # A goal word that is no place still relates: the goal names their employer.
    assert judge_fit(chef, analyst, "Meet the team at The Ancoats Larder").verdict == "related"


def test_a_student_is_no_contact_for_a_job_search_unless_at_a_target_company() -> None:
    student = Profile(
        name="Rohan Deshmukh",
        headline="B.Tech student at Pune Institute of Technology | SQL",
        skills=["SQL", "Excel"],
        experience=[Experience("Student", "Pune Institute of Technology", current=True)],
    )
    analyst = _person("Hannah Price", "Senior Data Analyst", "Northvale", "Analytics")
    fit = judge_fit(student, analyst, make_goal(preset="job-search"))
    assert fit.verdict == "unrelated" and "they do not hire" in fit.reason
    assert judge_fit(student, analyst, make_goal(preset="hiring")).verdict == "related"
    junior = Profile(
        name="Chloe Bennett",
        headline="Junior Data Analyst at Monzo",
        experience=[Experience("Junior Data Analyst", "Monzo", current=True)],
    )
    fit = judge_fit(junior, analyst, make_goal("A senior analyst role at Monzo", "job-search"))
    assert fit.verdict == "related" and "they work at Monzo" in fit.reason


def test_a_tech_recruiter_fits_a_data_job_search() -> None:
    recruiter = _person(
        "Lewis Patterson", "IT Recruiter", "Hays Technology", "Staffing and Recruiting"
    )
    data = _person("Aisha Rahman", "Data Analyst", "Baskit", "Data Infrastructure and Analytics")
    fit = judge_fit(recruiter, data, make_goal(preset="job-search"))
    assert fit.verdict == "related"
    assert fit.reason.startswith("their role: IT Recruiter — a recruiter for software, next to")


def test_trades_it_does_not_know_on_both_sides_are_unknown_not_unrelated() -> None:
    luthier = _person("Tomas Brennan", "Luthier", "Brennan Guitars", "")
    tuner = _person("Alan Pierce", "Piano tuner", "Pierce Pianos", "")
    fit = judge_fit(tuner, luthier, make_goal(preset="partnership"))
    assert fit.verdict == "unknown"
    assert "neither your trade (Luthier) nor theirs (Piano tuner)" in fit.reason
    assert audit_target(tuner, luthier, make_goal(preset="partnership")) == []
    # A trade it now knows says which field it is in.
    vet = _person("Laura Fenwick", "Veterinary Surgeon", "Meadowbank Vets", "Veterinary Services")
    (finding,) = audit_target(vet, BACKEND, make_goal(preset="job-search"))
    assert "veterinary care" in finding.message


def test_a_profile_too_thin_to_judge_is_said_plainly() -> None:
    (finding,) = audit_target(Profile(name="Chris Morgan", headline="Manager"), BACKEND, None)
    assert finding.rule == "target-unrelated"
    assert finding.message == "their profile says too little to judge: open it before sending"


def test_the_evidence_for_a_fit_names_the_role() -> None:
    recruiter = Profile(
        name="Irene Castro",
        headline="Talent Acquisition Lead at Rutalia",
        experience=[Experience("Talent Acquisition Lead", "Rutalia")],
    )
    fit = judge_fit(recruiter, BACKEND, make_goal(preset="job-search"))
    assert fit.verdict == "related"
    assert fit.reason.startswith("their role: Talent Acquisition Lead — recruiters matter")


def test_nothing_to_compare_means_no_finding() -> None:
    assert audit_target(_salon_manager(), None, None) == []


def test_audit_combines_both_and_skips_a_missing_sender() -> None:
    rep = _pharma_rep()
    rep.photo = False
    request = DraftRequest(target=_salon_manager(), sender=rep)
    assert [f.rule for f in audit(request)] == ["sender-incomplete", "target-unrelated"]
    assert audit(DraftRequest(target=_salon_manager())) == []
    request = DraftRequest(target=priya(), sender=sam(), goal=make_goal(preset="learning"))
    assert audit(request) == []


def test_audit_people_skips_whichever_profile_is_missing() -> None:
    rep = _pharma_rep()
    rep.photo = False
    assert [f.rule for f in audit_people(None, rep)] == ["sender-incomplete"]
    assert [f.rule for f in audit_people(_salon_manager(), rep)] == [
        "sender-incomplete",
        "target-unrelated",
    ]
    assert audit_people(_salon_manager(), None) == []  # nothing to compare the target with
    assert audit_people(None, None) == []
