"""Canonical names across the corpus (``index.merging``) and why each alias joined its name
(``read.explain``), on made-up articles. A stand-in extractor tags the names each test gives
(no model loaded) and then runs the real per-article canonical names, as the pipeline does."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from motorpme.extract.acronyms import definitions, is_acronym_of
from motorpme.extract.canonical import assign_canonical
from motorpme.index import schema, store
from motorpme.models import Mention
from motorpme.read.explain import explain
from motorpme.read.filters import articles_with
from tests.fakes import Calls, build


def tagger(names: dict[str, str], sentence: int | None = None):
    """An extractor tagging every whole-word occurrence of ``names`` (longest first), each
    in the ``sentence`` given (for ``network``: one-sentence articles)."""
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")

    def extract(articles):
        for article in articles:
            found = [
                Mention(m.group(), names[m.group()], m.start(), m.end())
                for m in pattern.finditer(article.text)
            ]
            yield article, [replace(m, sentence=sentence) for m in assign_canonical(found)]

    return Calls(extract)


def corpus(tmp_path: Path, bodies: dict[str, str]) -> Path:
    root = tmp_path / "corpus"
    root.mkdir(exist_ok=True)
    for name, body in bodies.items():
        (root / f"{name}.txt").write_text(f"Titre {name}\n\nPublié le 12 mars 2019\n\n{body}\n")
    return root


def index(tmp_path: Path, bodies: dict[str, str], names: dict[str, str]) -> sqlite3.Connection:
    db, _, _ = build(corpus(tmp_path, bodies), tmp_path / "i.sqlite", tagger(names))
    return db


def entity(db: sqlite3.Connection, label: str, name: str) -> tuple[str, list[str], int]:
    """(canonical name, aliases, articles) of the entity ``name`` is a mention of."""
    row = db.execute(
        "SELECT e.name, e.aliases, e.articles FROM mentions m JOIN entities e"
        " ON e.label = m.label AND e.key = m.key WHERE m.label = ? AND m.text = ? LIMIT 1",
        (label, name),
    ).fetchone()
    return row[0], sorted(set(row[1].split("|")) - {row[0]}), row[2]


def found_in(db: sqlite3.Connection, name: str) -> list[str]:
    """The articles ``list --entity NAME`` finds."""
    sql, args = articles_with([name])
    return [
        r[0] for r in db.execute(f"SELECT a.id FROM articles a WHERE {sql} ORDER BY a.id", args)
    ]


def why(db: sqlite3.Connection, name: str, alias: str) -> dict:
    (found,) = explain(db, name)
    return next(a for a in found["aliases"] if a["alias"] == alias)


FFSA = {"FFSA": "ORG", "Fédération française du sport automobile": "ORG"}


def test_an_acronym_defined_in_one_article_is_its_name_in_every_article(tmp_path: Path) -> None:
    db = index(
        tmp_path,
        {
            "a1": "La Fédération française du sport automobile (FFSA) aide les clubs.",
            "a2": "La FFSA double son budget. La FFSA recrute.",
        },
        FFSA,
    )
    assert entity(db, "ORG", "FFSA") == ("Fédération française du sport automobile", ["FFSA"], 2)
    assert found_in(db, "FFSA") == found_in(db, "fédération française du sport automobile")
    assert found_in(db, "FFSA") == ["a1", "a2"]
    told = why(db, "FFSA", "FFSA")
    assert told["rule"] == "acronym" and told["article"] == "a1"
    assert told["proof"] == "La Fédération française du sport automobile (FFSA) aide les clubs."


@pytest.mark.parametrize(
    "definition",
    [
        "La FFSA (Fédération française du sport automobile) aide les clubs.",
        "La FFSA, Fédération française du sport automobile, aide les clubs.",
        "La FFSA, la Fédération française du sport automobile, aide les clubs.",
    ],
)
def test_the_acronym_may_come_first(tmp_path: Path, definition: str) -> None:
    db = index(tmp_path, {"a1": definition, "a2": "La FFSA recrute."}, FFSA)
    assert entity(db, "ORG", "FFSA")[0] == "Fédération française du sport automobile"
    assert found_in(db, "FFSA") == ["a1", "a2"]


def test_two_spellings_of_a_name_defining_one_acronym_are_one_entity(tmp_path: Path) -> None:
    names = {**FFSA, "Fédération française de sport automobile": "ORG"}
    db = index(
        tmp_path,
        {
            "a1": "La Fédération française du sport automobile (FFSA) aide les clubs.",
            "a2": "La Fédération française du sport automobile (FFSA) recrute.",
            "a3": "La Fédération française de sport automobile (FFSA) vote.",
        },
        names,
    )
    name, aliases, articles = entity(db, "ORG", "Fédération française de sport automobile")
    assert (name, articles) == ("Fédération française du sport automobile", 3)
    assert aliases == ["FFSA", "Fédération française de sport automobile"]


def test_no_definition_no_merge(tmp_path: Path) -> None:
    db = index(
        tmp_path,
        {"a1": "La Fédération française du sport automobile aide. La FFSA aussi."},
        FFSA,
    )
    assert entity(db, "ORG", "FFSA") == ("FFSA", [], 1)


def test_removing_the_defining_article_undoes_the_merge(tmp_path: Path) -> None:
    bodies = {
        "a1": "La Fédération française du sport automobile (FFSA) aide les clubs.",
        "a2": "La FFSA recrute.",
    }
    db = index(tmp_path, bodies, FFSA)
    assert entity(db, "ORG", "FFSA")[0] == "Fédération française du sport automobile"
    (tmp_path / "corpus" / "a1.txt").unlink()
    db, _, _ = build(tmp_path / "corpus", tmp_path / "i.sqlite", tagger(FFSA))
    assert entity(db, "ORG", "FFSA") == ("FFSA", [], 1)
    assert db.execute("SELECT count(*) FROM aliases").fetchone() == (0,)


def test_a_typo_across_articles_joins_the_spelling_used_more(tmp_path: Path) -> None:
    names = {"Jacques Cerruti": "PER", "Jacques Cerrutti": "PER"}
    db = index(
        tmp_path,
        {
            "a1": "Jacques Cerruti préside. Jacques Cerruti signe.",
            "a2": "Le pilote Jacques Cerrutti gagne.",
        },
        names,
    )
    assert entity(db, "PER", "Jacques Cerrutti") == ("Jacques Cerruti", ["Jacques Cerrutti"], 2)
    told = why(db, "Jacques Cerrutti", "Jacques Cerrutti")
    assert told["rule"] == "typo"
    assert told["proof"] == '"Jacques Cerrutti" (a2) / "Jacques Cerruti" (a1)'


def test_people_sharing_a_surname_stay_apart(tmp_path: Path) -> None:
    names = {n: "PER" for n in ("Jean Martin", "Paul Martin", "Paula Martin", "Martin")}
    names |= {"Marc Durand": "PER", "Marco Durand": "PER"}
    db = index(
        tmp_path,
        {
            "a1": "Jean Martin et Marc Durand dirigent le garage.",
            "a2": "Paul Martin et Marco Durand reprennent le stand.",
            "a3": "Paula Martin arrive.",
            "a4": "Le directeur Martin confirme.",
        },
        names,
    )
    for name in names:
        assert entity(db, "PER", name) == (name, [], 1)
    assert db.execute("SELECT count(*) FROM aliases").fetchone() == (0,)


def test_a_bare_surname_joins_the_only_full_name_with_it(tmp_path: Path) -> None:
    names = {"Jacques Cerruti": "PER", "Cerruti": "PER"}
    db = index(
        tmp_path,
        {"a1": "Jacques Cerruti préside.", "a2": "Selon Cerruti, tout va bien."},
        names,
    )
    assert entity(db, "PER", "Cerruti") == ("Jacques Cerruti", ["Cerruti"], 2)
    told = why(db, "Jacques Cerruti", "Cerruti")
    assert told["rule"] == "surname" and told["article"] == "a2"


def test_the_network_shows_a_merged_name_once(tmp_path: Path) -> None:
    """Pairs are stored with the names as written, the merges made after: a bare surname that
    joined the full name is one entity in the network, each article counted once."""
    from motorpme.read.network import network

    names = {"Jacques Cerruti": "PER", "Cerruti": "PER", "FFSA": "ORG", "Alès": "LOC"}
    bodies = {
        "a1": "Jacques Cerruti rejoint la FFSA à Alès.",
        "a2": "Selon Cerruti, la FFSA va bien.",
        "a3": "Jacques Cerruti et la FFSA : Cerruti signe.",
    }
    root = corpus(tmp_path, bodies)
    db, _, _ = build(root, tmp_path / "i.sqlite", tagger(names, sentence=0))
    assert entity(db, "PER", "Cerruti") == ("Jacques Cerruti", ["Cerruti"], 3)
    edges = [(e["source"], e["target"], e["weight"], e["sentences"]) for e in network(db)]
    assert edges == [
        ("FFSA", "Jacques Cerruti", 3, 3),
        ("Alès", "FFSA", 1, 1),
        ("Alès", "Jacques Cerruti", 1, 1),
    ]
    proof = network(db, min_weight=3)[0]["proof"]
    assert "[FFSA]" in proof and "Cerruti]" in proof
    # Anywhere in an article: the same weights, and the sentences of either spelling (a2's
    # bare "Cerruti" counted too).
    in_articles = [
        (e["source"], e["target"], e["weight"], e["sentences"]) for e in network(db, "article")
    ]
    assert in_articles == edges


def test_names_a_digit_or_a_short_word_apart_stay_apart(tmp_path: Path) -> None:
    names = {n: "ORG" for n in ("Formule 3 Régionale", "Formule 4 Régionale")}
    names |= {"Team Alpha A": "ORG", "Team Alpha B": "ORG"}
    db = index(
        tmp_path,
        {
            "a1": "La Formule 3 Régionale et Team Alpha A.",
            "a2": "La Formule 4 Régionale, Team Alpha B.",
        },
        names,
    )
    assert db.execute("SELECT count(*) FROM aliases").fetchone() == (0,)


def test_explain_names_the_spelling_variant_rules(tmp_path: Path) -> None:
    names = {"Tecmoteur SAS": "ORG", "TECMOTEUR": "ORG", "Tecmoteur": "ORG"}
    names |= {"circuit de Vallerande": "LOC", "Vallerande circuit": "LOC"}
    db = index(
        tmp_path,
        {
            "a1": "Tecmoteur signe. Tecmoteur livre, Tecmoteur paie. Le circuit de Vallerande.",
            "a2": "TECMOTEUR recrute. Tecmoteur SAS paie. Le Vallerande circuit ferme.",
        },
        names,
    )
    assert why(db, "Tecmoteur", "TECMOTEUR")["rule"] == "spelling variant: case"
    told = why(db, "Tecmoteur", "Tecmoteur SAS")
    assert told == {
        "alias": "Tecmoteur SAS",
        "rule": "spelling variant: legal form",
        "proof": '"Tecmoteur SAS" (a2) / "Tecmoteur" (a1)',
        "article": "a2",
    }
    assert why(db, "circuit Vallerande", "Vallerande circuit")["rule"] == (
        "spelling variant: circuit form"
    )


def test_explain_says_a_surname_joined_in_its_article(tmp_path: Path) -> None:
    db = index(
        tmp_path,
        {"a1": "Jacques Cerruti préside. Selon Cerruti, tout va bien."},
        {"Jacques Cerruti": "PER", "Cerruti": "PER"},
    )
    assert why(db, "Cerruti", "Cerruti") == {
        "alias": "Cerruti",
        "rule": "surname (same article)",
        "proof": '"Cerruti" and "Jacques Cerruti" in a1',
        "article": "a1",
    }
    assert explain(db, "Nobody") == []


def test_definitions_found_in_text() -> None:
    text = (
        "Selon la FIA, Fédération Internationale de l'Automobile, rien."
        " L'ACO (Automobile Club de l'Ouest) vote."
    )
    mentions = [
        Mention(s, "ORG", text.index(s), text.index(s) + len(s))
        for s in ("FIA", "Fédération Internationale de l'Automobile", "ACO")
    ]
    found = [(d.acronym, d.name, d.label) for d in definitions(text, mentions)]
    assert found == [
        ("FIA", "Fédération Internationale de l'Automobile", "ORG"),
        ("ACO", "Automobile Club de l'Ouest", "ORG"),
    ]


@pytest.mark.parametrize(
    ("acronym", "name", "expected"),
    [
        ("FFSA", "Fédération française du sport automobile", True),
        ("ORECA", "ORganisation Exploitation Compétition Automobile", True),
        ("ACO", "Automobile Club de l'Ouest", True),
        ("FFSA", "Fédération française de football", False),
        ("Ffsa", "Fédération française du sport automobile", False),
        ("FIA", "Automobile", False),
    ],
)
def test_is_acronym_of(acronym: str, name: str, expected: bool) -> None:
    assert is_acronym_of(acronym, name) is expected


def test_a_version_6_index_gains_the_merge_tables(tmp_path: Path) -> None:
    bodies = {
        "a1": "La Fédération française du sport automobile (FFSA) aide les clubs.",
        "a2": "La FFSA recrute.",
    }
    db = index(tmp_path, bodies, FFSA)
    db.execute("DELETE FROM aliases")
    db.execute("UPDATE mentions SET key = 'ffsa' WHERE text = 'FFSA'")
    for table in ("aliases", "acronyms"):
        db.execute(f"DROP TABLE {table}")
    db.execute("UPDATE meta SET value = '6' WHERE key = 'schema'")
    db.close()
    store.rebuilt.clear()
    calls = tagger(FFSA)
    db, work, _ = build(tmp_path / "corpus", tmp_path / "i.sqlite", calls)
    assert (store.rebuilt, calls.loads, work.unchanged) == ([], 0, 2)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (schema.VERSION,)
    assert db.execute("SELECT count(*) FROM acronyms").fetchone() == (0,)  # until re-extracted
    assert entity(db, "ORG", "FFSA") == ("FFSA", [], 2)  # no merge left behind
