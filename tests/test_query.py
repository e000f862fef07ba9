"""Search and reading (issue 4): every query form, on a small made-up corpus and on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from motorpme.errors import MotorpmeError
from motorpme.query import fold, kwic, to_fts_query
from tests.conftest import Motorpme

PRESS = {
    "2016/nogaro.txt": (
        "Le circuit Paul Armagnac s'agrandit\n\n12 mars 2016\n\n"
        "L'ACO et la FFSA soutiennent l'extension du circuit de Nogaro. Le Conseil "
        "départemental du Gers apporte 1,2 million d'euros. Jean Dupuy, président de "
        "l'association, salue l'effort de l'État."
    ),
    "2018/magny.txt": (
        "Magny-Cours cherche des partenaires\n\n4 juin 2018\n\n"
        "Le circuit de Nevers Magny-Cours lance un appel aux entreprises. La Nièvre investit "
        "350 000 euros dans le pôle technologique. Le directeur, Serge Saulnier, vise les "
        "équipementiers de la Formule 1 et du WEC."
    ),
    "2019/alpine.txt": (
        "Dieppe fête Alpine\n\n20 septembre 2019\n\n"
        "L'usine Alpine de Dieppe produit l'Alpine A110. La ville de Dieppe verse 15 000 euros "
        "au club des propriétaires. Le constructeur Alpine emploie 400 personnes."
    ),
}


@pytest.fixture(scope="module")
def press(tmp_path_factory: pytest.TempPathFactory) -> Motorpme:
    root = tmp_path_factory.mktemp("press")
    for name, body in PRESS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(body, encoding="utf-8")
    return Motorpme(root, root.parent / "press.sqlite")


def ids(rows: list[dict]) -> set[str]:
    return {r["id"] for r in rows}


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


@pytest.mark.parametrize("command", ["list", "entities", "export"])
def test_since_until_on_read_commands(press: Motorpme, command: str) -> None:
    args = [command, "--since", "2017", "--until", "2018-06"]
    result = press(*args) if command == "export" else press(*args, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    if command == "list":
        assert ids(data) == {"magny"}
    elif command == "export":
        assert [d["id"] for d in data["documents"]] == ["magny"]
    else:
        assert {e["name"] for e in data} >= {"Serge Saulnier"}
        assert "Jean Dupuy" not in {e["name"] for e in data}


def test_search_since_and_doc_restrict(press: Motorpme) -> None:
    assert ids(press.json("search", "circuit", "--since", "2018")) == {"magny"}
    assert ids(press.json("search", "circuit", "--doc", "nogaro")) == {"nogaro"}


def test_bad_date_is_a_usage_error(press: Motorpme) -> None:
    result = press("list", "--since", "mars 2018")
    assert result.exit_code == 2 and "not a date" in result.stderr


def test_list_by_entity_and_sorts(press: Motorpme) -> None:
    assert ids(press.json("list", "--entity", "serge saulnier")) == {"magny"}
    by_title = [r["title"] for r in press.json("list", "--sort", "title")]
    assert by_title == sorted(by_title, key=str.lower)
    by_date = [r["date"] for r in press.json("list")]
    assert by_date == sorted(by_date)


def test_entities_money_sorted_by_value_with_context(press: Motorpme) -> None:
    rows = press.json("entities", "--type", "MONEY", "--sort", "value")
    assert [r["value"] for r in rows] == [1200000, 350000, 15000]
    assert rows[0]["doc"] == "nogaro" and "[1,2 million d'euros]" in rows[0]["context"]


def test_entities_by_article(press: Motorpme) -> None:
    rows = press.json("entities", "--by-article", "--type", "PER")
    assert [r["id"] for r in rows] == ["nogaro", "magny"]
    assert rows[1]["entities"][0]["name"] == "Serge Saulnier"


def test_limit_and_stable_order(press: Motorpme) -> None:
    first = press.json("entities", "--limit", "3")
    assert len(first) == 3
    assert first == press.json("entities", "--limit", "3")


def test_show_html_escapes_and_marks(press: Motorpme, tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    assert press("show", "magny", "--html", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<mark" in html and "Serge Saulnier<small>PER</small>" in html
    assert html.startswith("<!DOCTYPE html>")


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


def test_kwic_cuts_words_not_characters() -> None:
    text = "un deux trois QUATRE cinq six sept"
    [line] = kwic(text, [(14, 20)], context=2)
    assert (line["left"], line["match"], line["right"]) == ("deux trois ", "QUATRE", " cinq six")


def test_search_on_seeds_is_accent_insensitive(seeds_cli: Motorpme) -> None:
    assert ids(seeds_cli.json("search", "Etat")) == ids(seeds_cli.json("search", "État"))


def test_search_shows_the_best_n_and_says_when_it_cut(press: Motorpme) -> None:
    result = press("search", "circuit OR Dieppe", "--limit", "1", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 1
    assert "--limit 0" in result.stderr
    assert len(press.json("search", "circuit OR Dieppe", "--limit", "0")) == 3
