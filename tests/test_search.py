"""Search (issue 4): every query form, on a small made-up corpus and on the seeds."""

from __future__ import annotations

import json

import pytest

from motorpme.errors import MotorpmeError
from motorpme.read.fulltext import to_fts_query
from motorpme.text import fold
from tests.conftest import Motorpme, ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"circuit de Nogaro"', {"nogaro"}),
        ("circuit entreprises", {"magny"}),
        ("Nogaro OR Dieppe", {"nogaro", "alpine"}),
        ("circuit NOT Nogaro", {"magny"}),
        ("équipement*", {"magny"}),
        ("equipementiers", {"magny"}),
        ("l'ACO", {"nogaro"}),
        ("ACO", {"nogaro"}),
        ("Etat", {"nogaro"}),
        ("MAGNY-COURS", {"magny"}),
        ("(Dieppe OR Nevers) NOT usine", {"magny"}),
    ],
)
def test_query_forms(press: Motorpme, query: str, expected: set[str]) -> None:
    assert ids(press.json("search", query)) == expected


def test_hits_are_highlighted_with_context(press: Motorpme) -> None:
    [row] = press.json("search", '"conseil departemental"', "--context", "3")
    [line] = row["lines"]
    assert line["match"] == "Conseil départemental"
    assert line["left"] == "de Nogaro. Le "
    assert line["right"] == " du Gers apporte"
    assert row["date"] == "2016-03-12"


def test_search_by_entity_type_uses_entities_not_words(press: Motorpme) -> None:
    orgs = press.json("search", "Alpine", "--type", "ORG")
    assert ids(orgs) == {"alpine"}
    assert all(line["match"] == "Alpine" for line in orgs[0]["lines"])
    assert press("search", "Dieppe", "--type", "PER").exit_code == 1


def test_search_since_and_doc_restrict(press: Motorpme) -> None:
    assert ids(press.json("search", "circuit", "--since", "2018")) == {"magny"}
    assert ids(press.json("search", "circuit", "--doc", "nogaro")) == {"nogaro"}


def test_fts_query_translation_never_passes_raw_syntax() -> None:
    assert to_fts_query("l'ACO") == '"ACO"'
    assert to_fts_query("Montval-sur-Loir") == '"Montval-sur-Loir"'
    assert to_fts_query("mécan* OR pôle") == '"mécan"* OR "pôle"'
    with pytest.raises(MotorpmeError, match="unclosed quote"):
        to_fts_query('"Pôle')
    with pytest.raises(MotorpmeError, match="no word"):
        to_fts_query("OR")


def test_fold_keeps_offsets() -> None:
    text = "Pôle Mécanique d'Alès — Œuvre"
    assert len(fold(text)) == len(text)
    assert fold(text).startswith("pole mecanique d'ales")


def test_search_on_seeds_is_accent_insensitive(seeds_cli: Motorpme) -> None:
    assert ids(seeds_cli.json("search", "Etat")) == ids(seeds_cli.json("search", "État"))


def test_search_shows_the_best_n_and_says_when_it_cut(press: Motorpme) -> None:
    result = press("search", "circuit OR Dieppe", "--limit", "1", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 1
    assert "--limit 0" in result.stderr
    assert len(press.json("search", "circuit OR Dieppe", "--limit", "0")) == 3
