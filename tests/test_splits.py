"""Names glued by punctuation, cut apart: made-up credits and bylines."""

from motorpme.extract.splits import split_on_dash
from tests.conftest import at

FIRST = frozenset({"Jean", "Marie", "Maëlle"})


def test_a_spaced_dash_splits_a_credit_or_byline_from_a_person_only():
    first = FIRST
    text = "© Studio Nord - Jean Morvan. 3D Print - 3D Labo. Marie Caron - Le Courrier"
    split = [
        m.text for m in split_on_dash(text, at(text, "Studio Nord - Jean Morvan", "PER"), first)
    ]
    assert split == ["Studio Nord", "Jean Morvan"]
    whole = at(text, "3D Print - 3D Labo", "ORG")
    assert split_on_dash(text, whole, first) == [whole]
    byline = at(text, "Marie Caron - Le Courrier", "PER")
    assert [m.text for m in split_on_dash(text, byline, first)] == ["Marie Caron", "Le Courrier"]


def test_a_copyright_sign_always_ends_a_name_then_the_dash_rule_applies():
    text = "Le tracé du futur circuit © France Bleu Nord - Maëlle Vantorre"
    whole = at(text, "circuit © France Bleu Nord - Maëlle Vantorre", "LOC")
    parts = [(m.text, m.label) for m in split_on_dash(text, whole, FIRST)]
    assert parts == [("circuit", "LOC"), ("France Bleu Nord", "LOC"), ("Maëlle Vantorre", "LOC")]
    credit = at(text, "© France Bleu Nord", "ORG")
    assert [m.text for m in split_on_dash(text, credit, FIRST)] == ["France Bleu Nord"]
