"""Sentence spans (extract/sentences.py) on made-up French text: where a sentence ends after a
closing guillemet, after a capital that is no initial, and across a line the layout cut."""

from __future__ import annotations

import pytest

from motorpme.extract.sentences import sentences


def cut(text: str) -> list[str]:
    return [text[start:end] for start, end in sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "La ville a obtenu « la garantie bancaire. » En tout, 3 millions d'euros suivront.",
            [
                "La ville a obtenu « la garantie bancaire. »",
                "En tout, 3 millions d'euros suivront.",
            ],
        ),
        (
            "Il court en Formule E. Il vise le titre. Le club a un plan B. « Tout est prêt. »",
            [
                "Il court en Formule E.",
                "Il vise le titre.",
                "Le club a un plan B.",
                "« Tout est prêt. »",
            ],
        ),
    ],
)
def test_a_sentence_ends_after_a_guillemet_or_a_capital_that_is_no_initial(text, expected):
    assert cut(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Selon J.-P. Martin, la course aura lieu.",
        "M. Le Goff et D. Le Floch signent avec E. Durand.",
        "« Bonjour. » a-t-il lancé.",
    ],
)
def test_initials_titles_and_a_lower_case_follow_up_do_not_end_a_sentence(text):
    assert cut(text) == [text]


def test_a_line_cut_by_the_layout_runs_on_when_the_next_line_goes_on_in_lower_case() -> None:
    text = (
        "Le budget est déjà connu :\nil sera de 3 millions d'euros.\nSelon\nle maire, tout va bien."
    )
    assert cut(text) == [
        "Le budget est déjà connu :\nil sera de 3 millions d'euros.",
        "Selon\nle maire, tout va bien.",
    ]


def test_a_line_ending_a_sentence_or_a_title_still_ends_it() -> None:
    text = "Un titre sans point\nUne phrase.\nencore une ligne\n\nautre paragraphe"
    assert cut(text) == [
        "Un titre sans point",
        "Une phrase.",
        "encore une ligne",
        "autre paragraphe",
    ]
