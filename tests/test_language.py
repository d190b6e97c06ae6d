"""Language detection: English, Spanish, the others it recognises, and too-short text."""

from __future__ import annotations

import pytest

from composer.text.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi Priya, I'm Sam. Your post on engineering management stuck with me.", "en"),
        ("Hola Lucía, soy Sam. Leí tu artículo sobre equipos remotos.", "es"),
        ("¿Qué tal? Me gustaría aprender de tu experiencia", "es"),
        ("Olá Ana, gostaria de adicioná-lo à minha rede profissional", "pt"),
        ("Bonjour Priya, je suis ravi de vous écrire", "fr"),
        ("Hallo Priya, ich möchte Sie gerne zu meinem Netzwerk hinzufügen", "de"),
        ("Ciao Priya, vorrei aggiungerti alla mia rete professionale", "it"),
    ],
)
def test_detects(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "Hi", "Priya Shah", "12345 678", "😀😀😀"])
def test_too_little_to_tell(text: str) -> None:
    assert detect_language(text) is None


def test_profile_language_is_detected_when_absent() -> None:
    from composer.profile import profile_from_dict

    profile = profile_from_dict(
        {
            "name": "Lucía",
            "headline": "Directora de producto en Glovo",
            "about": "Me encantan los equipos remotos y el producto",
        }
    )
    assert profile.language == "es"
    assert profile.language_detected


def test_one_table_names_languages_for_profiles_exports_and_prompts() -> None:
    from composer.text.language import LANGUAGE_NAMES, language_code

    assert language_code("Spanish") == language_code("español") == language_code("ES") == "es"
    assert language_code("Português") == "pt" and language_code("klingon") is None
    assert LANGUAGE_NAMES["es"] == "Spanish"
