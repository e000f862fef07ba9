"""Names glued by punctuation, cut apart: made-up credits and bylines."""

import pytest

from motorpme.extract.splits import split_on_breaks, split_on_dash
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


@pytest.mark.parametrize(
    ("text", "span", "parts"),
    [
        # A bullet, a blank line, a "!" ending a sentence, a web address: the name stops.
        ("FORMULE 1•La Région a annoncé", "FORMULE 1•La Région", ["FORMULE 1", "La Région"]),
        ("Le circuit\n\nNevers Sport", "circuit\n\nNevers Sport", ["circuit", "Nevers Sport"]),
        (
            "Out this weekend! pic.twitter.com/SH7ZrZPRkc",
            "Out this weekend! pic.twitter.com/SH7ZrZPRkc",
            ["Out this weekend"],
        ),
        ("Voir https://lemans.org/fr Le Mans", "https://lemans.org/fr Le Mans", ["Le Mans"]),
        ("#Rallye #WRC @FIA_WRC : Ogier", "#Rallye #WRC @FIA_WRC", ["#Rallye", "#WRC", "@FIA_WRC"]),
        ("le tandem Vasseur/Todt dirige", "Vasseur/Todt", ["Vasseur", "Todt"]),
        # A quote the span closes without opening it, or opens without closing it.
        ("la tenue du « ePrix » de Paris", "ePrix » de Paris", ["ePrix", "de Paris"]),
        ("le « Rallye de Paris en mai", "« Rallye de Paris", ["Rallye de Paris"]),
    ],
)
def test_a_name_never_runs_across_a_break(text, span, parts):
    found = split_on_breaks(text, at(text, span, "ORG"))
    assert [m.text for m in found] == parts
    assert all(text[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Le « Grand Prix de Pau » revient", "« Grand Prix de Pau »"),  # trimmed later
        ("Autohebdo.fr Paris", "Autohebdo.fr Paris"),  # a site's name, no address
        ("Le site Yahoo!Sport", "Yahoo!Sport"),  # no space after the "!"
        ("Pôle\nMécanique", "Pôle\nMécanique"),  # one line break: a hard wrap
        ("Écrire à contact@oreca.fr", "contact@oreca.fr"),  # an address is no handle
        ("Le groupe AC/DC joue", "AC/DC"),  # a slash inside capitals
    ],
)
def test_a_name_without_a_break_is_kept_whole(text, span):
    whole = at(text, span, "ORG")
    assert split_on_breaks(text, whole) == [whole]
