"""Search (issue 4): every query form, on a small made-up corpus and on the seeds."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from motorpme.errors import MotorpmeError
from motorpme.read import fulltext
from motorpme.read.query import parse_query
from motorpme.read.scope import Scope
from motorpme.text import fold
from tests.conftest import Motorpme, ids, write_corpus


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
    assert parse_query("l'ACO", exact=True).exact == '"aco"'
    assert parse_query("Montval-sur-Loir", exact=True).exact == '"montval sur loir"'
    assert parse_query("mécan* OR pôle", exact=True).exact == '"mecan"* OR "pole"'
    assert parse_query("mécan* OR pôle", exact=True).widened is None
    with pytest.raises(MotorpmeError, match="unclosed quote"):
        parse_query('"Pôle')
    with pytest.raises(MotorpmeError, match="no word"):
        parse_query("OR")


def test_a_plain_word_is_widened_to_its_stem_a_quoted_one_is_not() -> None:
    parsed = parse_query('subventions "Conseil départemental"')
    assert parsed.exact == '"subventions" "Conseil départemental"'
    assert parsed.widened == '("subventions" OR "subvent"*) AND "Conseil départemental"'
    assert parse_query("subventions", exact=True).widened is None


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


WORDS = {
    "a_sponsor.txt": "Le sponsor principal\n\nLe sponsor signe avec le club, à Nogaro.\n",
    "b_sponsors.txt": "Les partenaires\n\nTrois sponsors rejoignent le club. C'est acquis.\n",
    "c_finance.txt": "Le budget\n\nLe financement du circuit est bouclé par la région.\n",
    "d_code.txt": "Le logiciel\n\nL'équipe code en C++ et en C# pour 2 M€ par an.\n",
    "e_courrier.txt": "La logistique\n\nUn coursier apporte les pièces au stand.\n",
}


@pytest.fixture(scope="module")
def words(tmp_path_factory: pytest.TempPathFactory) -> Motorpme:
    root = tmp_path_factory.mktemp("words")
    for name, body in WORDS.items():
        (root / name).write_text(body, encoding="utf-8")
    return Motorpme(root, root.parent / "words.sqlite")


def test_a_word_finds_its_plural_and_kin_exact_matches_first(words: Motorpme) -> None:
    rows = words.json("search", "sponsor")
    assert [r["id"] for r in rows] == ["a_sponsor", "b_sponsors"]
    assert {line["match"] for line in rows[1]["lines"]} == {"sponsors"}
    assert ids(words.json("search", "financé")) == {"c_finance"}


def test_exact_or_quoted_words_are_not_widened(words: Motorpme) -> None:
    assert ids(words.json("search", "sponsor", "--exact")) == {"a_sponsor"}
    assert ids(words.json("search", '"sponsor"')) == {"a_sponsor"}


def test_a_stem_prefix_is_checked_against_the_words_stem(words: Motorpme) -> None:
    result = words("search", "cours", "--json")  # "coursier" starts like "cours", is not it
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_not_alone_means_every_article_without_the_word(words: Motorpme) -> None:
    assert ids(words.json("search", "NOT sponsor")) == {"c_finance", "d_code", "e_courrier"}


@pytest.mark.parametrize("query", ["C++", "c#", "M€"])
def test_terms_with_signs_match_as_typed(words: Motorpme, query: str) -> None:
    [row] = words.json("search", query)
    assert row["id"] == "d_code"
    assert [line["match"].lower() for line in row["lines"]] == [query.lower()]


def test_c_plus_plus_does_not_match_c_est(words: Motorpme) -> None:
    assert "b_sponsors" not in ids(words.json("search", "c++"))


def test_an_empty_answer_says_why_with_the_closest_word(words: Motorpme) -> None:
    result = words("search", "finacement")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no article matches 'finacement'; did you mean 'financement'?" in result.stderr


def test_an_empty_answer_names_the_date_filter_that_left_matches_out(words: Motorpme) -> None:
    result = words("search", "sponsor", "--since", "2030")
    assert result.exit_code == 1
    assert "2 matching article(s), none within the filters given" in result.stderr


def test_an_empty_entity_search_says_no_entity_of_that_type(words: Motorpme) -> None:
    result = words("search", "Nogar", "--type", "LOC")
    assert result.exit_code == 1
    assert "no LOC entity matches 'Nogar'; did you mean 'Nogaro'?" in result.stderr


def test_matches_read_by_chunks_keep_the_order_of_the_whole_join(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Search reads the full-text index first and articles a chunk at a time; equal scores
    (same length, one hit each) at a chunk's edge must still sort by date, then id."""
    towns = ["Albi", "Pau", "Dax", "Agen", "Auch", "Rodez", "Millau"]
    files = {
        f"{town.lower()}.txt": f"Le circuit ouvre\n\n{day} mai 20{10 + day % 3}\n\n"
        f"Le circuit de {town} ouvre ses portes aux entreprises.\n"
        for day, town in enumerate(towns, start=1)
    }
    files["long.txt"] = "Le circuit ouvre\n\nLe circuit ouvre encore ses portes aux entreprises.\n"
    cli = Motorpme(write_corpus(tmp_path / "c", files), tmp_path / "i.sqlite")
    assert cli("index").exit_code == 0
    db = sqlite3.connect(tmp_path / "i.sqlite")

    def joined(where: str = "") -> list[str]:
        sql = (
            "SELECT a.id FROM fts JOIN articles a ON a.rowid = fts.rowid WHERE fts MATCH ?"
            f" {where} ORDER BY bm25(fts), a.date, a.id"
        )
        return [r[0] for r in db.execute(sql, ['"circuit"'])]

    assert len(joined()) == 8
    assert 2 < len(joined("AND a.date >= '2011'")) < 8
    for chunk in (1, 2, 3, 200):
        monkeypatch.setattr(fulltext, "_CHUNK", chunk)
        found = fulltext.search(db, '"circuit"', Scope(all_copies=True))
        assert [r["id"] for r in found] == joined()
        found = fulltext.search(db, '"circuit"', Scope(all_copies=True, since="2011"))
        assert [r["id"] for r in found] == joined("AND a.date >= '2011'")
