"""Property tests: the checker never crashes, spans stay inside the note, lengths are exact."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.checker import check_note, utf16_len
from composer.checker.audits import audit_people
from composer.core.contract import DraftRequest
from composer.core.errors import InputError
from composer.core.findings import NOTE_RULES
from composer.core.goals import make_goal
from composer.profile import Profile, profile_from_dict
from tests.support.offline import draft_offline
from tests.support.profiles import lucia, priya, sam

PRIYA, LUCIA, SAM = priya(), lucia(), sam()

# Words the rules react to, mixed with anything: exercises the interesting paths.
TRIGGERS = [
    "Hi", "Hola", "Priya", "I'm", "soy", "your post", "tu artículo", "add me", "¿me agregas?",
    "book a demo", "$99", "20% off", "[First Name]", "{{nombre}}", "www.acme.com",
    "a@b.co", "+34 612 345 678", "AMAZING", "!!", "🚀🔥💯", "we met at", "Web Summit",
    "I'd like to add you to my professional network", "me gustaría añadirte a mi red",
    "\r\n", "\u200d", "\x00", "\ud800", "\U0010ffff", "İ", "ß", "ﬁ",
]  # fmt: skip
notes = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(TRIGGERS)), max_size=30).map(
    " ".join
)


def _utf16_units(text: str) -> int:
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in normalised)


def _assert_sane(note: str, limit: int = 200) -> None:
    for target, sender in ((None, None), (PRIYA, SAM), (LUCIA, None)):
        report = check_note(note, target, sender, "learning", limit)
        assert report.length == _utf16_units(note)
        assert report.ok == (not report.errors)
        for finding in report.findings:
            assert finding.rule in NOTE_RULES
            assert finding.severity == NOTE_RULES[finding.rule][0]
            assert finding.message
            if finding.start is not None:
                assert finding.end is not None
                assert 0 <= finding.start <= finding.end <= len(note)


@given(st.text())
@settings(max_examples=150, deadline=None)
def test_arbitrary_unicode_never_crashes(note: str) -> None:
    _assert_sane(note)


@given(notes)
@settings(max_examples=150, deadline=None)
def test_notes_made_of_rule_triggers(note: str) -> None:
    _assert_sane(note)


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=300))
@settings(max_examples=100, deadline=None)
def test_control_characters(note: str) -> None:
    _assert_sane(note)


@given(st.text(alphabet=st.characters(categories=["Cs", "So", "Mn", "Cf"]), max_size=200))
@settings(max_examples=100, deadline=None)
def test_surrogates_emoji_and_joiners(note: str) -> None:
    _assert_sane(note)


@given(st.sampled_from(TRIGGERS), st.integers(min_value=1, max_value=4))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_huge_inputs(piece: str, scale: int) -> None:
    note = (piece + " lorem ipsum Hi Priya ") * (100_000 * scale // (len(piece) + 20))
    assert len(note) >= 90_000
    report = check_note(note, PRIYA, SAM)
    assert report.length == utf16_len(note)
    assert "too-long" in report.rules()
    for finding in report.findings:
        if finding.start is not None:
            assert finding.end is not None and 0 <= finding.start <= finding.end <= len(note)


@given(st.one_of(st.text(), notes, st.text(alphabet=st.characters(max_codepoint=0x2100))))
@settings(max_examples=150, deadline=None)
def test_fast_cleaning_equals_the_general_path(text: str) -> None:
    from composer.text.normalize import _CLEAN, clean

    cleaned = clean(text)
    assert cleaned == text.translate(_CLEAN)
    assert len(cleaned) == len(text)  # offsets in the cleaned text are offsets in the note


# Profiles are user input too: any text in any field must not crash the checker, the
# audits or the offline drafter, and the drafted note still fits the limit.
_TEXT = st.text(max_size=60)
_PROFILES = st.fixed_dictionaries(
    {"name": st.text(min_size=1, max_size=30).filter(str.strip)},
    optional={
        "headline": _TEXT, "about": _TEXT, "industry": _TEXT, "photo": st.booleans(),
        "language": st.sampled_from(["en", "es", "pt", "xx"]),
        "experience": st.lists(
            st.fixed_dictionaries(
                {}, optional={"title": _TEXT, "company": _TEXT, "current": st.booleans()}
            ),
            max_size=3,
        ),
        "education": st.lists(st.fixed_dictionaries({"school": _TEXT}), max_size=2),
        "skills": st.lists(_TEXT, max_size=3), "groups": st.lists(_TEXT, max_size=3),
        "recent_posts": st.lists(st.fixed_dictionaries({"text": _TEXT}), max_size=2),
        "mutual_connections": st.lists(_TEXT, max_size=2),
    },
)  # fmt: skip


def _profile(data: dict[str, object]) -> Profile | None:
    try:
        return profile_from_dict(data)
    except InputError:  # e.g. a lone surrogate: reported, not crashed on
        return None


@given(
    _PROFILES, _PROFILES, _TEXT, st.text(max_size=200),
    st.sampled_from([200, 300]), st.sampled_from([None, "en", "es"]),
)  # fmt: skip
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_profiles_never_crash_checking_or_drafting(
    target_data: dict[str, object],
    sender_data: dict[str, object],
    goal_text: str,
    note: str,
    limit: int,
    lang: str | None,
) -> None:
    target, sender = _profile(target_data), _profile(sender_data)
    if target is None:
        return
    goal = make_goal(goal_text) if goal_text.strip() else make_goal()
    report = check_note(note, target, sender, goal, limit)
    assert report.length == _utf16_units(note)
    audit_people(target, sender, goal)
    result = draft_offline(DraftRequest(target, sender, goal, limit=limit, language=lang))
    assert utf16_len(result.note) <= limit
    assert result.report.ok == (not result.report.errors)
