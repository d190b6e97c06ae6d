"""Profile audits: sender-incomplete and target-unrelated, warnings that never block."""

from __future__ import annotations

from composer.checker.audits import audit, audit_people, audit_sender, audit_target
from composer.core.contract import DraftRequest
from composer.core.goals import make_goal
from composer.profile import Experience, Profile
from tests.test_checker_profiles import lucia, priya, sam


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


def test_preset_keywords_make_a_target_related() -> None:
    recruiter = Profile(name="Rae", headline="Technical Recruiter at Zeta")
    assert audit_target(recruiter, _pharma_rep(), make_goal(preset="job-search")) == []
    assert audit_target(recruiter, _pharma_rep(), make_goal(preset="event-follow-up"))


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
