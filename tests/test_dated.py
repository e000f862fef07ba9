"""Dates on the read side: date_source in every output, undated articles never dropped
silently, inferred years only when asked for. Made-up articles."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Motorpme

BODY = (
    "Le club de la vallée organise sa course de côte avec quarante engagés et un budget "
    "de 20 000 euros, cette année encore, sur la route du col."
)
ARTICLES = {
    "header.txt": f"La course de côte revient\n12 juin 2016\n\n{BODY}\n",
    "byline.txt": f"Le col rouvre aux pilotes\nPar Anne Roux, Le Journal, 3 mai 2018\n\n{BODY}\n",
    "past.txt": f"Un club en fête au village\n\nLe club a été fondé en 2012. {BODY}\n",
    "bare.txt": f"Un club sans date au village\n\n{BODY}\n",
}


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> Motorpme:
    root = tmp_path_factory.mktemp("dated")
    for name, body in ARTICLES.items():
        (root / name).write_text(body, encoding="utf-8")
    return Motorpme(root, root.parent / "dated.sqlite")


def test_list_json_carries_date_and_its_source(dated: Motorpme) -> None:
    rows = {r["id"]: r for r in dated.json("list")}
    assert {k: (r["date"], r["date_source"]) for k, r in rows.items()} == {
        "header": ("2016-06-12", "header"),
        "byline": ("2018-05-03", "byline"),
        "past": ("2012", "inferred"),
        "bare": (None, None),
    }


def test_a_date_filter_says_how_many_undated_articles_it_left_out(dated: Motorpme) -> None:
    result = dated("list", "--since", "2015", "--json")
    assert result.exit_code == 0
    assert {r["id"] for r in json.loads(result.stdout)} == {"header", "byline"}
    assert "2 undated article(s) left out; --undated keeps them" in result.stderr
    kept = dated("list", "--since", "2015", "--undated", "--json")
    assert {r["id"] for r in json.loads(kept.stdout)} == {"header", "byline", "past", "bare"}
    assert "left out" not in kept.stderr
    assert "left out" not in dated("list", "--json").stderr


@pytest.mark.parametrize("command", ["search", "entities", "export"])
def test_undated_on_every_read_command(dated: Motorpme, command: str) -> None:
    args = {"search": ["search", "club", "--json"], "entities": ["entities", "--json"]}
    base = args.get(command, ["export", "--jsonl"])
    cut = dated(*base, "--until", "2017")
    assert cut.exit_code == 0 and "2 undated article(s) left out" in cut.stderr
    assert "left out" not in dated(*base, "--until", "2017", "--undated").stderr
    if command == "export":
        docs = [
            json.loads(line)
            for line in dated(*base, "--until", "2017", "--undated").stdout.splitlines()
        ]
        assert {d["id"] for d in docs} == {"header", "past", "bare"}


def test_inferred_years_filter_only_when_asked(dated: Motorpme) -> None:
    plain = {r["id"] for r in dated.json("list", "--until", "2013")}
    assert plain == set()
    result = dated("list", "--until", "2013", "--inferred-dates", "--json")
    assert {r["id"] for r in json.loads(result.stdout)} == {"past"}
    assert "1 undated article(s) left out" in result.stderr
    table = dated("list").stdout
    assert "~2012" in table


def test_export_puts_date_source_right_after_date(dated: Motorpme) -> None:
    line = dated("export", "--jsonl").stdout.splitlines()[0]
    keys = list(json.loads(line))
    assert keys[keys.index("date") + 1] == "date_source"
    rows = list(csv.DictReader(io.StringIO(dated("export", "--csv").stdout)))
    header = list(rows[0])
    assert header[header.index("date") + 1] == "date_source"
    shown = dated("show", "byline", "--json")
    assert json.loads(shown.stdout)["date_source"] == "byline"


def test_unresolved_dates_are_not_merged_across_articles(dated: Motorpme) -> None:
    # The four articles share one body, so they are copies of one story: every copy counts.
    dates = dated.json("entities", "--type", "DATE", "--all-copies")
    resolved = {e["value"]: e["articles"] for e in dates if e["value"]}
    assert resolved.get("2016") == 1 and resolved.get("2018") == 1  # "cette année" resolved
    assert all(e["articles"] == 1 for e in dates if e["value"] is None)
    assert sum(1 for e in dates if e["value"] is None) == 2


def test_a_version_5_index_gains_the_date_columns(tmp_path: Path) -> None:
    import sqlite3

    from motorpme.index import schema, store
    from tests.fakes import as_version_6

    index = tmp_path / "i.sqlite"
    store.connect(index).close()
    db = sqlite3.connect(index)
    as_version_6(db)
    for column in ("date_source", "inferred_date"):
        db.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    for table in ("money_sentences", "money_links", "roles"):  # version 7, migrated in turn
        db.execute(f"DROP TABLE {table}")
    db.execute("ALTER TABLE mentions DROP COLUMN sentence")  # version 6 (migrated in turn)
    db.execute("DROP TABLE pairs")
    db.execute("UPDATE meta SET value = '5' WHERE key = 'schema'")
    db.commit()
    db.close()
    db = store.connect(index)
    columns = {r[1] for r in db.execute("PRAGMA table_info(articles)")}
    assert {"date_source", "inferred_date"} <= columns
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (schema.VERSION,)
    assert {"money_links", "roles"} <= {
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
