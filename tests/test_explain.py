"""``entities --explain`` and names across articles, through the app with the real model, on
made-up articles: an acronym defined in one article finds every article of its entity, a typo
in another article joins the better spelling, and each alias says why it joined."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Motorpme

ARTICLES = {
    "a1": (
        "La ligue soutient les PME du département",
        "La Ligue régionale du sport automobile (LRSA) a présenté mardi à Dijon son plan"
        " d'aide aux entreprises de la filière. Son président, Jacques Cerruti, veut attirer"
        " des sous-traitants. Selon Jacques Cerruti, la saison sera longue.",
    ),
    "a2": (
        "Rallye de Bourgogne : la LRSA double son budget",
        "La LRSA a annoncé un budget de 200 000 euros pour le rallye de Bourgogne. Le pilote"
        " Jacques Cerrutti a salué cette décision à Beaune.",
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("explain") / "corpus"
    root.mkdir()
    for name, (title, body) in ARTICLES.items():
        text = f"{title}\n\nPublié le 12 mars 2019\n\n{body}\n"
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def cli(corpus: Path) -> Motorpme:
    return Motorpme(corpus, corpus.parent / "index.sqlite")


LRSA = "Ligue régionale du sport automobile"
DEFINED = (
    "La Ligue régionale du sport automobile (LRSA) a présenté mardi à Dijon son plan d'aide"
    " aux entreprises de la filière."
)


def test_an_acronym_finds_every_article_of_its_entity(cli: Motorpme) -> None:
    assert [a["id"] for a in cli.json("list", "--entity", "LRSA")] == ["a1", "a2"]
    assert [a["id"] for a in cli.json("list", "--entity", LRSA)] == ["a1", "a2"]
    assert [r["id"] for r in cli.json("search", "LRSA", "--type", "ORG")] == ["a1", "a2"]
    rows = {r["name"]: r for r in cli.json("entities", "--type", "ORG")}
    assert rows[LRSA]["aliases"] == ["LRSA"] and rows[LRSA]["articles"] == 2
    assert "LRSA" not in rows


def test_export_gives_the_acronym_its_expansion(cli: Motorpme) -> None:
    docs = cli.json("export")["documents"]
    a2 = next(d for d in docs if d["id"] == "a2")
    assert {e["canonical"] for e in a2["entities"] if e["text"] == "LRSA"} == {LRSA}


def test_explain_prints_rule_and_proof_for_each_alias(cli: Motorpme) -> None:
    result = cli("entities", "--explain", "LRSA")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{LRSA} ORG, 4 mention(s) in 2 article(s), 1 alias(es)"
    assert lines[1:] == ["alias\trule\tproof", f"LRSA\tacronym\t{DEFINED}"]


def test_explain_json_says_a_typo_joined_across_articles(cli: Motorpme) -> None:
    [person] = cli.json("entities", "--explain", "Jacques Cerrutti", "--type", "PER")
    assert (person["name"], person["articles"]) == ("Jacques Cerruti", 2)
    assert person["aliases"] == [
        {
            "alias": "Jacques Cerrutti",
            "rule": "typo",
            "proof": '"Jacques Cerrutti" (a2) / "Jacques Cerruti" (a1)',
            "article": "a2",
        }
    ]


def test_explain_an_unknown_name_exits_1(cli: Motorpme) -> None:
    result = cli("entities", "--explain", "Nobody")
    assert result.exit_code == 1
    assert result.stdout == "" and "no entity named 'Nobody'" in result.stderr


def test_explain_names_the_user_alias_file(corpus: Path, tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("Beaune\tBeaune-la-Jolie\n", encoding="utf-8")
    cli = Motorpme(corpus, tmp_path / "index.sqlite", ("--aliases", str(aliases)))
    [place] = cli.json("entities", "--explain", "Beaune")
    assert place["name"] == "Beaune-la-Jolie"
    assert place["aliases"] == [
        {
            "alias": "Beaune",
            "rule": "user alias file",
            "proof": '"Beaune" and "Beaune-la-Jolie" in a2',
            "article": "a2",
        }
    ]
