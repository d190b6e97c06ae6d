"""The checker's API: lengths, spans, languages, the good notes of the task, speed-safe inputs."""

from __future__ import annotations

import pytest

from composer.checker import RULES, check_note, utf16_len
from composer.core.findings import MESSAGE_RULES, NOTE_RULES
from composer.core.goals import make_goal
from composer.core.profile import Profile
from tests.support.profiles import lucia, priya, sam

GOOD_EN = (
    "Hi Priya, I'm Sam, a backend lead at Acme. Your post on growing from engineer to manager "
    "stuck with me; I'd like to learn how you made that move. Thanks!"
)
GOOD_ES = (
    "Hola Lucía, soy Sam, responsable de backend en Acme. Leí tu artículo sobre equipos "
    "remotos y me gustaría aprender de tu experiencia. ¡Gracias!"
)


def test_registry_matches_the_catalogue() -> None:
    assert list(RULES) == [*NOTE_RULES, *MESSAGE_RULES]
    for slug, rule in RULES.items():
        assert rule.severity == {**NOTE_RULES, **MESSAGE_RULES}[slug][0]
        assert rule.help


@pytest.mark.parametrize("sender", [sam(), None])
def test_good_english_note_has_no_findings(sender: object) -> None:
    report = check_note(GOOD_EN, priya(), sam(), make_goal(preset="learning"))
    assert report.ok
    assert report.findings == []
    assert report.language == "en"
    assert report.length == len(GOOD_EN)


def test_good_spanish_note_has_no_findings() -> None:
    report = check_note(GOOD_ES, lucia(), sam(), "aprender de su experiencia")
    assert report.findings == []
    assert report.language == "es"


def test_good_notes_pass_without_any_profile() -> None:
    for note in (GOOD_EN, GOOD_ES):
        report = check_note(note)
        assert report.ok, report.findings


def test_length_counts_utf16_units_and_crlf_as_one() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("😀") == 2  # outside the BMP: a surrogate pair
    assert utf16_len("ñ") == 1
    assert utf16_len("a\r\nb") == 3
    assert utf16_len("a\rb") == 3
    report = check_note("Hi Priya 😀\r\nI'm Sam.", priya())
    assert report.length == len("Hi Priya ") + 2 + 1 + len("I'm Sam.")


def test_too_long_span_starts_where_the_limit_is_crossed() -> None:
    note = "Hi Priya, " + "x" * 195 + " end"
    report = check_note(note, priya(), limit=200)
    (finding,) = [f for f in report.findings if f.rule == "too-long"]
    assert finding.start == 200
    assert finding.end == len(note)
    assert "209/200" in finding.message
    assert check_note(note, priya(), limit=300).rules().isdisjoint({"too-long"})


def test_emoji_past_the_limit_counts_two() -> None:
    note = "a" * 199 + "😀"  # 201 units, 200 code points
    report = check_note(note, limit=200)
    assert report.length == 201
    assert "too-long" in report.rules()


def test_empty_note_reports_only_empty() -> None:
    report = check_note("  \n ", priya(), sam())
    assert [f.rule for f in report.findings] == ["empty"]
    assert not report.ok


def test_spans_point_at_the_offending_text() -> None:
    note = "Hi Priya, I'm Sam. Your post on management stuck with me. Book a demo, 20% off!"
    report = check_note(note, priya(), sam())
    pitches = [note[f.start : f.end] for f in report.findings if f.rule == "sales-pitch"]
    assert pitches == ["Book a demo", "20% off"]


def test_findings_say_what_to_change() -> None:
    report = check_note("Hi Maria, add me", priya(), sam())
    messages = {f.rule: f.message for f in report.findings}
    assert "Priya Shah" in messages["wrong-name"]
    assert '"add me"' in messages["asks-for-invite"]


def test_target_rules_are_skipped_without_a_target() -> None:
    note = "Hola María, soy Sam. Leí tu artículo sobre equipos remotos."
    report = check_note(note)
    assert "wrong-name" not in report.rules()
    assert "language-mismatch" not in report.rules()


def test_language_mismatch_names_both_languages() -> None:
    report = check_note("Hola Priya, soy Sam. Leí tu artículo sobre gestión de equipos.", priya())
    (finding,) = [f for f in report.findings if f.rule == "language-mismatch"]
    assert "Spanish" in finding.message and "English" in finding.message


def test_other_languages_are_reported_not_judged() -> None:
    note = "Bonjour Priya, je suis Sam et votre article sur le management m'a beaucoup plu."
    report = check_note(note, priya(), sam())
    assert report.language == "fr"
    # No nonsense from English word lists: the content rules are skipped, and said so.
    assert {"no-self-intro", "no-reason"}.isdisjoint(report.rules())
    (finding,) = [f for f in report.findings if f.rule == "language-mismatch"]
    assert "French" in finding.message and "not checked" in finding.message
    report = check_note(note)  # no target: still told why the content rules were skipped
    assert "only English and Spanish" in report.findings[-1].message


def test_default_text_in_another_language_is_not_called_unchecked() -> None:
    # LinkedIn's own text in French: no-self-intro and no-reason do fire, so the
    # language finding must not claim that they were skipped.
    note = "Bonjour Priya, je souhaiterais faire partie de votre réseau professionnel sur LinkedIn."
    report = check_note(note, priya(), sam())
    assert {"default-message", "no-self-intro", "no-reason"} <= report.rules()
    (finding,) = [f for f in report.findings if f.rule == "language-mismatch"]
    assert "default text" in finding.message
    assert "self-intro" not in finding.message and "reason rules were not" not in finding.message


def test_goal_may_be_a_string_or_a_goal() -> None:
    for goal in ("learn from your experience", make_goal(preset="hiring"), None):
        assert check_note(GOOD_EN, priya(), sam(), goal).ok


def test_edited_profile_is_seen_afresh() -> None:
    target = priya()
    note = "Hi Priya, I'm Sam. I'd like to hear how Zenith runs its platform teams."
    assert "no-reason" in check_note(note, target).rules()
    target.experience[0].company = "Zenith"
    assert "no-reason" not in check_note(note, target).rules()


def test_unsupported_claim_is_quiet_without_profiles() -> None:
    note = "Hi Priya, I'm Sam. We met at Web Summit and your post on management stuck with me."
    assert "unsupported-claim" not in check_note(note).rules()
    assert "unsupported-claim" in check_note(note, priya()).rules()


def test_importing_the_checker_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, composer.checker as c; c.check_note('Hi Priya, I am Sam');"
        "bad = [m for m in ('jinja2', 'openai', 'textual') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_rule_data_is_well_formed() -> None:
    """Every phrase expands to words, star words are long enough, every pattern compiles."""
    from composer.text import lexicon

    for source in (lexicon.common(), *lexicon.languages().values()):
        for section, table in source.items():
            if not isinstance(table, dict):
                continue
            for phrase in table.get("phrases", []):
                expanded = lexicon.expand(phrase)
                assert expanded, f"[{section}] {phrase!r} expands to nothing"
                for words in expanded:
                    for word in words:
                        if word.endswith("*") and word != "*":
                            assert len(word) >= 5, f"[{section}] {phrase!r}: star word too short"
    for section in ("placeholder", "sales-pitch"):
        assert lexicon.patterns(section)
    for key in ("url", "email", "phone"):
        assert lexicon.patterns("contact-info", key)
    assert {"en", "es"} <= lexicon.full_languages()


def test_a_note_in_capitals_is_one_finding() -> None:
    note = "HI PRIYA, I'M SAM FROM ACME. YOUR POST ON MANAGEMENT STUCK WITH ME."
    shouting = [f for f in check_note(note, priya(), sam()).findings if f.rule == "shouting"]
    assert len(shouting) == 1
    # HI, PRIYA, I'M, FROM, YOUR, POST, MANAGEMENT, STUCK, WITH: SAM, ACME, ON and ME
    # are short and could be names or acronyms, so they are not counted.
    assert shouting[0].message.startswith("9 words in capitals")
    assert note[shouting[0].start : shouting[0].end] == note[: note.rindex("WITH") + 4]


@pytest.mark.parametrize(
    ("note", "loud"),
    [
        ("Hi Priya, I'm Sam. This is the BEST way to learn from you.", ["BEST"]),
        ("Hi Priya, I'm Sam. FREE advice from me, NOW.", ["FREE", "NOW"]),
        ("Hi Priya, I'm Sam. Your post was HUGE.", ["HUGE"]),
        ("Hola Lucía, soy Sam. Tu artículo me gustó MUY mucho, HOY mismo.", ["MUY", "HOY"]),
        ("Hi Priya, I'm Sam, VP of IT and CEO of an AI firm; HR, B2B, NHS.", []),
        ("Hola Lucía, soy Sam, director de RRHH y de IA, CEO de una pyme.", []),
    ],
)
def test_short_words_in_capitals_are_shouting_unless_acronyms(note: str, loud: list[str]) -> None:
    shouting = [f for f in check_note(note).findings if f.rule == "shouting"]
    assert [note[f.start : f.end] for f in shouting if f.start is not None] == loud


def test_the_goal_echoed_in_the_note_is_a_reason() -> None:
    note = "Hi Priya, I'm Sam. I'd love to follow up on what we discussed after Web Summit."
    assert "no-reason" in check_note(note, priya(), sam()).rules()
    goal = make_goal("follow up after Web Summit")
    report = check_note(note, priya(), sam(), goal)
    assert "no-reason" not in report.rules()
    assert "unsupported-claim" not in report.rules()  # named in the goal: not invented


def test_a_profile_with_only_a_name_does_not_make_a_reason_an_invention() -> None:
    # Imported invitations know the invitee by name only: "Tiendas Sol" cannot be
    # checked, so it must not cancel the article as a reason; with a full profile that
    # does not know the event, a met-at past is still shared context (a reason, advice
    # 1) but unsupported: the warning says so.
    note = (
        "Hola Ana, soy Marta, de Datalia. Leí tu artículo sobre previsión de demanda en "
        "Tiendas Sol y me encantaría seguir lo que publicas."
    )
    bare = check_note(note, Profile(name="Ana García"), Profile(name="Marta Ruiz"))
    assert "no-reason" not in bare.rules()
    invented = "Hi Priya, I'm Sam from Acme. Great meeting you at the Leeds Platform Summit."
    rules = check_note(invented, priya(), sam()).rules()
    assert "no-reason" not in rules
    assert "unsupported-claim" in rules


def test_a_work_named_at_the_start_of_a_post_is_one_of_their_titles() -> None:
    """A sentence's first capital is dropped from a name ("Presentamos Ebro Circular"),
    but not when a connector ties it to the rest ("Tales of the Riverbank opens...")."""
    from composer.checker.facts import profile_facts
    from composer.core.profile import Post, Profile

    posts = [
        Post("Tales of the Riverbank opens at the Lyceum next week!"),
        Post("Presentamos Ebro Circular, nuestra cooperativa."),
    ]
    titles = profile_facts(Profile(name="Graham Cole", recent_posts=posts)).titles
    assert "tales of the riverbank" in titles
    assert "ebro circular" in titles and "presentamos ebro circular" not in titles
