"""Output a reader can use, on made-up articles: where an entity was first seen comes from the
row's own article, ``entities --json`` lists each entity's articles, the CSV export carries
each mention's context, and an 80-column terminal never cuts a value."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import Motorpme, write_corpus

ARTICLES = {
    "2017/circuit.txt": (
        "Le circuit s'agrandit\n\n12 mars 2017\n\n"
        "Le Conseil départemental du Gers apporte 1,2 million d'euros au circuit de Nogaro. "
        "En 2017, la société Oreca suit le chantier."
    ),
    "2018/usine.txt": (
        "Oreca recrute\n\n4 juin 2018\n\n"
        "La société Oreca investit 350 000 euros dans son usine de Signes. Oreca vise le WEC. "
        "Les travaux de 2017 sont finis."
    ),
}


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Motorpme:
    root = write_corpus(tmp_path_factory.mktemp("reading") / "corpus", ARTICLES)
    cli = Motorpme(root, root.parent / "i.sqlite")
    assert cli("index").exit_code == 0
    return cli


def test_first_seen_context_comes_from_the_rows_own_article(cli: Motorpme) -> None:
    # 2017 is first seen in the 2017 article; restricted to the 2018 one, it is seen there.
    text = ARTICLES["2018/usine.txt"]
    rows = cli.json("entities", "--doc", "usine", "--type", "DATE")
    year = next(r for r in rows if r["value"] == "2017")
    assert year["doc"] == "usine"
    assert year["context"].replace("[", "").replace("]", "").strip("…") in " ".join(text.split())
    assert "[2017]" in year["context"]
    everywhere = next(r for r in cli.json("entities", "--type", "DATE") if r["value"] == "2017")
    assert everywhere["doc"] == "circuit"


def test_entities_json_lists_every_article_of_an_entity_with_its_mentions(cli: Motorpme) -> None:
    oreca = next(r for r in cli.json("entities", "--type", "ORG") if r["name"] == "Oreca")
    assert oreca["documents"] == [{"id": "circuit", "mentions": 1}, {"id": "usine", "mentions": 3}]
    assert oreca["articles"] == 2 and oreca["mentions"] == 4


def test_csv_export_has_a_context_column_with_the_words_around_each_mention(
    cli: Motorpme,
) -> None:
    result = cli("export", "--csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[-1] == "context"
    money = next(r for r in rows if r["label"] == "MONEY" and r["id"] == "usine")
    assert money["context"] == (
        "recrute 4 juin 2018 La société Oreca investit [350 000 euros] dans son usine de"
        " Signes. Oreca vise le"
    )
    assert all("\n" not in r["context"] and f"[{r['text']}]" in r["context"] for r in rows)
    assert len(rows) > 5


@pytest.fixture()
def terminal_80(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdout and stderr taken for an 80-column terminal."""
    from motorpme.cli import output

    monkeypatch.setattr(output.Stream, "is_terminal", property(lambda self: True))
    monkeypatch.setenv("COLUMNS", "80")


def test_at_80_columns_values_are_whole_and_low_value_columns_go(
    terminal_80: None, cli: Motorpme
) -> None:
    result = cli("entities", "--type", "MONEY")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines and max(map(len, lines)) <= 80
    for whole in ("1,2 million d'euros", "350 000 euros", "1200000 EUR", "350000 EUR"):
        assert whole in result.stdout
    assert "first seen" not in lines[0] and "…" not in result.stdout
    assert "left out at 80 columns: aliases, first seen" in result.stderr


def test_at_200_columns_the_first_seen_column_stays(
    terminal_80: None, cli: Motorpme, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("entities", "--type", "MONEY")
    assert "first seen" in result.stdout.splitlines()[0]
    assert "[350 000 euros]" in result.stdout and "left out" not in result.stderr


def test_at_80_columns_a_long_title_wraps_whole(terminal_80: None, tmp_path: Path) -> None:
    title = "Le Pôle Mécanique d'Alès accueille la convention des équipementiers du sport auto"
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text(f"{title}\n\n3 mars 2020\n\nAlpine signe.", encoding="utf-8")
    result = Motorpme(root, tmp_path / "i.sqlite")("list")
    assert result.exit_code == 0
    assert max(map(len, result.stdout.splitlines())) <= 80
    assert "…" not in result.stdout
    assert " ".join(result.stdout.split()).count("équipementiers du sport") == 1
