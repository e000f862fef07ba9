"""``network`` and ``timeline`` on made-up articles: the sentence window, weights in articles,
the type and weight filters, the graph files, and mentions and amounts by period."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import networkx as nx

from motorpme.extract.mentions import numbered
from motorpme.index.pairs import pair_rows
from motorpme.models import Mention
from tests.conftest import Motorpme


def _links(graph: dict) -> dict[frozenset[str], dict]:
    names = {n["id"]: n["label"] for n in graph["nodes"]}
    return {frozenset((names[e["source"]], names[e["target"]])): e for e in graph["links"]}


def test_mentions_carry_their_sentence_number() -> None:
    text = "Alpha et Beta. Gamma ici.\nDelta"
    found = [Mention("Alpha", "ORG", 0, 5), Mention("Gamma", "ORG", 15, 20)]
    found.append(Mention("Delta", "ORG", 26, 31))
    assert [m.sentence for m in numbered(found, [0, 15, 26])] == [0, 1, 2]
    assert text[15:20] == "Gamma"


def test_pairs_are_counted_once_per_sentence_and_never_with_amounts() -> None:
    mentions = [
        Mention("ACO", "ORG", 0, 3, "ACO", sentence=0),
        Mention("FFSA", "ORG", 10, 14, "FFSA", sentence=0),
        Mention("ACO", "ORG", 20, 23, "ACO", sentence=0),  # twice in one sentence: once
        Mention("5 euros", "MONEY", 30, 37, value=5, currency="EUR", sentence=0),
        Mention("FFSA", "ORG", 40, 44, "FFSA", sentence=1),
        Mention("ACO", "ORG", 50, 53, "ACO", sentence=1),
        Mention("Nogaro", "LOC", 60, 66, "Nogaro", sentence=2),
    ]
    keys = ["aco", "ffsa", "aco", "=5 EUR", "ffsa", "aco", "nogaro"]
    assert list(pair_rows(7, mentions, keys)) == [(7, "ORG", "aco", "ORG", "ffsa", 2, 0, 1)]


def test_the_sentence_window_keeps_only_pairs_sharing_a_sentence(relations: Motorpme) -> None:
    pairs = _links(relations.json("network"))
    aco_ffsa = pairs[frozenset(("ACO", "FFSA"))]
    assert (aco_ffsa["weight"], aco_ffsa["sentences"]) == (2, 3)  # a1's title is a sentence
    assert pairs[frozenset(("Jean Dupuy", "Signatech"))]["weight"] == 2
    assert frozenset(("ACO", "Jean Dupuy")) not in pairs
    assert "[Jean Dupuy]" in pairs[frozenset(("Jean Dupuy", "Signatech"))]["proof"]


def test_the_article_window_counts_every_article_both_are_in(relations: Motorpme) -> None:
    pairs = _links(relations.json("network", "--window", "article"))
    apart = pairs[frozenset(("ACO", "Jean Dupuy"))]
    assert (apart["weight"], apart["sentences"]) == (2, 0)
    assert apart["doc"] == "a1" and "[ACO]" in apart["proof"] and "[Jean Dupuy]" in apart["proof"]


def test_the_article_windows_proof_is_the_first_article_indexed_in_scope(
    make_corpus, tmp_path: Path
) -> None:
    """As in the sentence window, the proof of a pair is the first article indexed that holds
    both (c1, though c2 is older): found without reading every article of the two."""
    root = make_corpus(
        {
            "c1.txt": "Un accord\n\n12 mars 2021\n\nL'ACO et la FFSA signent un accord à Nogaro."
            " Le pilote Jean Dupuy rejoint l'écurie Signatech.\n",
            "c2.txt": "Le calendrier\n\n4 juin 2017\n\nLa FFSA et l'ACO présentent le calendrier"
            " de la saison. Jean Dupuy et Signatech visent la victoire au Mans.\n",
        }
    )
    cli = Motorpme(root, tmp_path / "i.sqlite")
    apart = _links(cli.json("network", "--window", "article"))[frozenset(("ACO", "Jean Dupuy"))]
    assert (apart["weight"], apart["sentences"], apart["doc"]) == (2, 0, "c1")
    assert "[ACO]" in apart["proof"] and "[Jean Dupuy]" in apart["proof"]
    older = _links(cli.json("network", "--window", "article", "--until", "2018"))
    assert older[frozenset(("ACO", "Jean Dupuy"))]["doc"] == "c2"


def test_type_and_weight_filters(relations: Motorpme) -> None:
    strong = _links(relations.json("network", "--min-weight", "2"))
    assert set(strong) == {frozenset(("ACO", "FFSA")), frozenset(("Jean Dupuy", "Signatech"))}
    orgs = _links(relations.json("network", "--type", "ORG"))
    assert set(orgs) == {frozenset(("ACO", "FFSA"))}
    result = relations("network", "--type", "MONEY")
    assert result.exit_code == 2 and "not in the network" in result.stderr


def test_a_date_filter_narrows_the_weights(relations: Motorpme) -> None:
    pairs = _links(relations.json("network", "--since", "2019"))
    assert pairs[frozenset(("ACO", "FFSA"))]["weight"] == 1
    assert pairs[frozenset(("ACO", "FFSA"))]["doc"] == "a2"


def test_the_table_lists_the_strongest_pairs_with_a_proof(relations: Motorpme) -> None:
    result = relations("network", "--limit", "2")
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    assert header.split("\t") == ["articles", "sentences", "entity", "with", "proof"]
    assert len(rows) == 2 and all(r.startswith("2\t") for r in rows)
    assert "a1: " in rows[0]


def test_graph_files_open_in_networkx(relations: Motorpme, tmp_path: Path) -> None:
    gexf, graphml = tmp_path / "g.gexf", tmp_path / "g.graphml"
    result = relations("network", "--gexf", str(gexf), "--graphml", str(graphml))
    assert result.exit_code == 0, result.stderr
    for g in (nx.read_gexf(gexf), nx.read_graphml(graphml)):
        assert g.number_of_edges() == 7
        assert g.edges["ORG:ACO", "ORG:FFSA"]["weight"] == 2
    assert not list(tmp_path.glob(".*part"))


def test_a_graph_file_is_never_a_corpus_article(relations: Motorpme) -> None:
    target = relations.corpus / "a1.txt"
    before = target.read_bytes()
    result = relations("network", "--gexf", str(target))
    assert result.exit_code == 2 and "corpus article" in result.stderr
    assert target.read_bytes() == before


def test_network_reads_stored_pairs(relations: Motorpme) -> None:
    db = sqlite3.connect(relations.index)
    assert db.execute("SELECT count(*) FROM mentions WHERE sentence IS NULL").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM pairs").fetchone()[0] >= 7


def test_timeline_by_year_counts_mentions_and_amounts(relations: Motorpme) -> None:
    rows = relations.json("timeline")
    assert [r["period"] for r in rows] == ["2018", "2019"]
    assert [r["articles"] for r in rows] == [1, 2]
    assert rows[1]["amounts"] == 2 and rows[1]["total"] == {"EUR": 2015000}


def test_timeline_of_an_entity_by_month(relations: Motorpme) -> None:
    rows = relations.json("timeline", "Jean Dupuy", "--by", "month")
    assert [(r["period"], r["mentions"]) for r in rows] == [
        ("2018-03", 1),
        ("2019-06", 1),
        ("2019-09", 1),
    ]
    assert [r["total"] for r in rows] == [{"EUR": 50000}, {"EUR": 2000000}, {"EUR": 15000}]
    only_orgs = relations.json("timeline", "--type", "ORG")
    assert [(r["period"], r["articles"]) for r in only_orgs] == [("2018", 1), ("2019", 1)]


def test_timeline_csv_and_an_unknown_entity(relations: Motorpme) -> None:
    result = relations("timeline", "FFSA", "--csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["period", "articles", "mentions", "amounts", "total"]
    assert rows[1:] == [
        ["2018", "1", "2", "1", "50000 EUR"],  # in the title and the text
        ["2019", "1", "1", "1", "2000000 EUR"],
    ]
    missing = relations("timeline", "Personne Inconnue")
    assert missing.exit_code == 1 and "no 'Personne Inconnue' found" in missing.stderr


READS_SCRIPT = """
import sys
from typer.testing import CliRunner
from motorpme.cli.main import app
for args in (["network"], ["network", "--window", "article"], ["timeline", "ACO"]):
    r = CliRunner().invoke(app, ["--corpus", sys.argv[1], "--index", sys.argv[2], *args])
    assert r.exit_code == 0, (args, r.stderr)
print(sorted({"spacy", "pydantic", "rich", "networkx", "matplotlib"} & set(sys.modules)))
r = CliRunner().invoke(app, ["--corpus", sys.argv[1], "--index", sys.argv[2], "report",
                             "--html", sys.argv[3]])
assert r.exit_code == 0, r.stderr
print(sorted({"spacy"} & set(sys.modules)))
"""


def test_network_timeline_and_report_never_load_spacy(relations: Motorpme, tmp_path: Path) -> None:
    """Reads stay reads: the pairs were stored at index time. The table needs neither
    networkx nor matplotlib (they are for graph files and the report)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            READS_SCRIPT,
            str(relations.corpus),
            str(relations.index),
            str(tmp_path / "r.html"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["[]", "[]"]
