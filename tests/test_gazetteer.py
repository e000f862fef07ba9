"""The motorpme_gazetteer component: span_ruler's matches, as plain rows on matching lines."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import motorpme.extract.gazetteer  # noqa: F401  (registers the factory)
from motorpme.extract.doc_keys import GAZETTEER as FACTORY
from motorpme.extract.gazetteer import required_words
from motorpme.extract.pipeline import GAZETTEER, MEDIA, media_patterns, read_patterns

ROOT = Path(__file__).resolve().parent.parent


def _rows(nlp: Language, text: str) -> list[tuple[int, int, str]]:
    return [tuple(row) for row in nlp(text).user_data.get(FACTORY, [])]


@pytest.fixture
def blank() -> Language:
    nlp = spacy.blank("fr")
    nlp.add_pipe(FACTORY).add_patterns(
        [
            {"label": "ORG", "pattern": "Pôle Mécanique"},
            {"label": "LOC", "pattern": "Alès"},
            {"label": "ORG", "pattern": [{"LOWER": "oreca"}]},
        ]
    )
    return nlp


def test_phrase_patterns_match_exact_tokens_and_token_patterns_any_case(blank: Language) -> None:
    text = "Le Pôle Mécanique d'Alès reçoit ORECA, pas le pôle mécanique."
    assert _rows(blank, text) == [(3, 17, "ORG"), (20, 24, "LOC"), (32, 37, "ORG")]


def test_a_line_without_a_match_carries_nothing(blank: Language) -> None:
    assert FACTORY not in blank("Rien à signaler ici.").user_data


def test_a_pattern_of_the_wrong_type_is_refused(blank: Language) -> None:
    with pytest.raises(ValueError, match="string or a list"):
        blank.get_pipe(FACTORY).add_patterns([{"label": "ORG", "pattern": 42}])
    with pytest.raises(ValueError):  # the Matcher validates token patterns
        blank.get_pipe(FACTORY).add_patterns([{"label": "ORG", "pattern": [{"NOPE": 1}]}])


def test_rows_survive_multiprocessing(blank: Language) -> None:
    texts = ["Alès et Oreca.", "Rien.", "Le Pôle Mécanique."]
    single = [_rows(blank, t) for t in texts]
    multi = [
        [tuple(r) for r in d.user_data.get(FACTORY, [])] for d in blank.pipe(texts, n_process=2)
    ]
    assert multi == single == [[(0, 4, "LOC"), (8, 13, "ORG")], [], [(3, 17, "ORG")]]


def test_same_matches_as_spacys_span_ruler_on_the_seeds() -> None:
    """The real gazetteer over every seed line: same spans, labels and order as span_ruler."""
    lines = [
        line
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert _as_span_ruler(read_patterns(GAZETTEER), lines) > 20


def _as_span_ruler(rows: list[dict], lines: list[str]) -> int:
    """Check that ours finds on each line what span_ruler finds with ``rows``; how many."""
    ours, theirs = spacy.blank("fr"), spacy.blank("fr")
    ours.add_pipe(FACTORY).add_patterns(rows)
    theirs.add_pipe("span_ruler", config={"spans_key": "g", "validate": True}).add_patterns(rows)
    found = 0
    for line in lines:
        doc = theirs(line)
        expected = [(s.start_char, s.end_char, s.label_) for s in doc.spans["g"]]
        assert _rows(ours, line) == expected, line
        found += len(expected)
    return found


def test_a_token_pattern_needs_the_fixed_words_of_its_required_tokens() -> None:
    pattern = [
        {"LOWER": {"IN": ["l'", "l’"]}},
        {"LOWER": "équipe", "IS_LOWER": False},
        {"ORTH": "Magazine"},
        {"LOWER": "hebdo", "OP": "?"},
        {"LOWER": "Mixed"},  # a LOWER value in capitals matches no token: not a needed word
    ]
    assert required_words(pattern) == {"équipe", "magazine"}
    assert required_words([{"IS_TITLE": True}, {"LOWER": "x", "OP": "*"}]) == set()


def test_press_titles_and_wordless_patterns_match_as_span_ruler_does() -> None:
    """The press titles run only on lines holding their words: same spans as span_ruler,
    which runs every pattern everywhere; a pattern with no fixed word runs on every line."""
    blank = spacy.blank("fr")
    rows = [
        *media_patterns(blank, MEDIA),
        {"label": "MISC", "pattern": [{"SHAPE": "dddd"}, {"IS_TITLE": True}]},
    ]
    lines = [
        "Selon L'Équipe et Le Monde, l'équipe du monde entier recrute.",
        "Interrogé par France Bleu Gard Lozère puis par Ouest-France.",
        "D’après Auto Plus, la saison 2019 Formule change.",
        "Le Point et le point de vue d’Auto Hebdo.",
        "Rien ici.",
    ]
    assert _as_span_ruler(rows, lines) >= 6
