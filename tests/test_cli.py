"""Every command through the CLI on the seeds and on small made-up corpora."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from motorpme.cli.main import app
from motorpme.cli.plumbing import Command
from tests.conftest import Motorpme

# Derived from the app, so a new command is covered without editing a list.
COMMANDS = [info.name or info.callback.__name__ for info in app.commands]


def test_the_command_list_is_the_apps() -> None:
    assert {"list", "search", "entities", "show", "export", "index", "evaluate"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


@pytest.mark.parametrize("info", app.commands, ids=COMMANDS)
def test_every_command_turns_core_errors_into_one_line(info) -> None:
    assert issubclass(info.cls, Command)


def test_a_run_makes_only_the_command_it_runs_and_help_lists_them_all() -> None:
    """Typer reads every command's signature before it runs one: here only the one run is
    made (start-up), while ``--help`` still lists every command in order."""
    group = typer.main.get_command(app)
    assert list(group.commands) == COMMANDS and "search" in group.commands
    assert "nope" not in group.commands and not group.commands.made
    assert isinstance(group.commands["entities"], Command)
    assert list(group.commands.made) == ["entities"]
    helptext = CliRunner().invoke(app, ["--help"]).stdout
    shown = [name for name in COMMANDS if f" {name} " in helptext]
    assert shown == COMMANDS


def test_list_shows_the_five_seeds_sorted_by_date(seeds_cli: Motorpme) -> None:
    rows = seeds_cli.json("list")
    assert len(rows) == 5
    dated = [r["date"] for r in rows if r["date"] and r["date_source"] != "inferred"]
    assert dated == sorted(dated) and len(dated) == 4
    assert rows[-1]["date_source"] == "inferred"  # an inferred year sorts after stated dates
    by_id = {r["id"]: r for r in rows}
    first = by_id["000_1cd3fef0"]
    assert first["title"].startswith("Signatech Alpine Matmut et #ClubFranceActive")
    assert first["date"] == "2017-03-31"
    assert first["entities"]["PER"] >= 2 and first["words"] > 300


def test_list_table_on_stdout_messages_on_stderr(seeds_cli: Motorpme) -> None:
    result = seeds_cli("list")
    assert result.exit_code == 0
    assert "000_1cd3fef0" in result.stdout
    assert "indexing" not in result.stdout


def test_search_phrase_is_case_and_accent_insensitive(seeds_cli: Motorpme) -> None:
    exact = seeds_cli.json("search", '"Pôle Mécanique"')
    folded = seeds_cli.json("search", '"pole mecanique"')
    ids = {r["id"] for r in exact}
    assert ids == {r["id"] for r in folded}
    assert {"001_677ee09f", "003_01fde6af"} <= ids
    line = exact[0]["lines"][0]
    assert line["match"].lower().startswith("pôle")
    assert line["left"] and line["right"]


def test_search_nothing_found_exits_1(seeds_cli: Motorpme) -> None:
    result = seeds_cli("search", "zeppelin")
    assert result.exit_code == 1
    assert result.stdout.strip() == ""


def test_search_malformed_query_is_one_line_error(seeds_cli: Motorpme) -> None:
    result = seeds_cli("search", '"Pôle Mécanique')
    assert result.exit_code == 2
    assert "unclosed quote" in result.stderr
    assert "Traceback" not in result.stderr


def test_entities_org_are_distinct_with_counts(seeds_cli: Motorpme) -> None:
    rows = seeds_cli.json("entities", "--type", "ORG")
    assert rows and all(r["label"] == "ORG" for r in rows)
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names))
    assert all(r["mentions"] >= r["articles"] >= 1 for r in rows)


@pytest.mark.parametrize("n", [1, 5, 12])
def test_entities_limit_n_gives_n_rows_of_the_main_types(seeds_cli: Motorpme, n: int) -> None:
    rows = seeds_cli.json("entities", "--limit", str(n))
    assert len(rows) == n
    assert {r["label"] for r in rows} <= {"ORG", "PER", "LOC", "MONEY", "DATE"}
    table = seeds_cli("entities", "--limit", str(n)).stdout.splitlines()
    assert len(table) == n + 1  # the header, then n rows


def test_entities_money_carry_value_and_currency(seeds_cli: Motorpme) -> None:
    rows = seeds_cli.json("entities", "--type", "money")
    amounts = {(r["value"], r["currency"]) for r in rows}
    assert (30000, "EUR") in amounts
    assert (90000000, "FRF") in amounts


def test_entities_restricted_to_one_article(seeds_cli: Motorpme) -> None:
    rows = seeds_cli.json("entities", "--doc", "004_12c3265340d8db59.txt")
    assert rows and all(r["articles"] == 1 for r in rows)


def test_show_gives_metadata_text_and_entities(seeds_cli: Motorpme) -> None:
    doc = seeds_cli.json("show", "003")
    assert doc["id"] == "003_01fde6af" and doc["date"] == "2012-10-10"
    assert "Voir Plus" not in doc["text"]
    assert any(e["label"] == "MONEY" for e in doc["entities"])


def test_show_unknown_id_exits_1_with_message(seeds_cli: Motorpme) -> None:
    result = seeds_cli("show", "nope")
    assert result.exit_code == 1
    assert "no such article" in result.stderr


def test_export_reads_the_articles_a_page_at_a_time_in_the_same_order(
    seeds_cli: Motorpme, seeds_export: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory holds a page of articles, not the corpus: pages of two give the same export."""
    from motorpme.read import articles

    monkeypatch.setattr(articles, "PAGE", 2)
    paged = seeds_cli.json("export")
    assert [d["id"] for d in paged["documents"]] == [d["id"] for d in seeds_export["documents"]]
    assert paged == seeds_export and len(paged["documents"]) == 5


def test_export_contract_offsets_hold(seeds_export: dict) -> None:
    assert seeds_export["motorpme"] and seeds_export["model"].startswith("fr_core_news_md-")
    docs = seeds_export["documents"]
    assert len(docs) == 5
    for doc in docs:
        assert set(doc) >= {"id", "file", "title", "date", "author", "text", "entities"}
        starts = [e["start"] for e in doc["entities"]]
        assert starts == sorted(starts)
        for ent in doc["entities"]:
            assert doc["text"][ent["start"] : ent["end"]] == ent["text"]
            assert "\n" not in ent["text"]


def test_export_jsonl_and_csv_carry_the_same_mentions(
    seeds_cli: Motorpme, seeds_export: dict, tmp_path: Path
) -> None:
    lines = seeds_cli("export", "--jsonl").stdout.splitlines()
    assert [json.loads(x)["id"] for x in lines] == [d["id"] for d in seeds_export["documents"]]
    out = tmp_path / "m.csv"
    assert seeds_cli("export", "--csv", "-o", str(out)).exit_code == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) - 1 == sum(len(d["entities"]) for d in seeds_export["documents"])


def test_second_run_reprocesses_nothing(seeds_cli: Motorpme) -> None:
    result = seeds_cli("list")
    assert "indexing" not in result.stderr and "loading" not in result.stderr


def test_corpus_in_a_temporary_folder(make_corpus, tmp_path: Path) -> None:
    root = make_corpus(
        {
            "a/un.txt": "Le circuit de Nogaro\n\nLa FFSA a versé 200 000 euros au circuit en 2015.",
            "b/deux.txt": "Alpine au Mans\n\nPierre Dupont dirige Alpine depuis mars 2019.",
        }
    )
    cli = Motorpme(root, tmp_path / "idx.sqlite")
    rows = cli.json("list")
    assert sorted(r["file"] for r in rows) == ["a/un.txt", "b/deux.txt"]
    money = cli.json("entities", "--type", "MONEY")
    assert [(m["value"], m["currency"]) for m in money] == [(200000, "EUR")]
    (root / "b/deux.txt").unlink()
    assert [r["file"] for r in cli.json("list")] == ["a/un.txt"]


def test_a_money_range_reaches_the_export_with_its_upper_amount(
    make_corpus, tmp_path: Path
) -> None:
    root = make_corpus({"a.txt": "Titre\n\nLe billet coûte entre 700 et 1 000 euros au club."})
    cli = Motorpme(root, tmp_path / "idx.sqlite")
    (doc,) = cli.json("export", "--json")["documents"]
    money = [e for e in doc["entities"] if e["label"] == "MONEY"]
    assert [(m["text"], m["value"], m["value_max"], m["currency"]) for m in money] == [
        ("entre 700 et 1 000 euros", 700, 1000, "EUR")
    ]


def test_missing_corpus_is_a_usage_error(tmp_path: Path) -> None:
    result = Motorpme(tmp_path / "absent", tmp_path / "i.sqlite")("list")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


READ_ONLY_SCRIPT = """
import sys
from typer.testing import CliRunner
from motorpme.cli.main import app
for args in (["list"], ["search", "Alpine"], ["entities", "--type", "ORG"], ["export"]):
    r = CliRunner().invoke(app, ["--corpus", sys.argv[1], "--index", sys.argv[2], *args])
    assert r.exit_code == 0, (args, r.stderr)
print(sorted({"spacy", "pydantic", "rich"} & set(sys.modules)))
"""


def test_read_commands_on_a_built_index_import_no_spacy_and_piped_no_rich_or_pydantic(
    seeds_cli: Motorpme,
) -> None:
    """spaCy takes seconds to import, pydantic (Typer's coercion) and Rich a tenth each: a
    read command on a built index, piped, needs none of them."""
    done = subprocess.run(
        [sys.executable, "-c", READ_ONLY_SCRIPT, str(seeds_cli.corpus), str(seeds_cli.index)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"


ALIAS_CORPUS = {
    "a.txt": "Recrutement\n\nL'écurie Signatech Alpine a recruté Pierre Gasly à Dieppe.",
    "b.txt": "Investissement\n\nLe constructeur Alpine investit 12 millions d'euros à Dieppe.",
}


def test_aliases_file_merges_names_and_search_by_type_follows_it(make_corpus, tmp_path) -> None:
    root = make_corpus(ALIAS_CORPUS)
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("# alias\tcanonical\nSignatech Alpine\tAlpine\n", encoding="utf-8")
    plain = Motorpme(root, tmp_path / "plain.sqlite")
    assert {r["id"] for r in plain.json("search", "Alpine", "--type", "ORG")} == {"b"}
    merged = Motorpme(root, tmp_path / "merged.sqlite", ("--aliases", str(aliases)))
    assert {r["id"] for r in merged.json("search", "Alpine", "--type", "ORG")} == {"a", "b"}


def test_user_patterns_add_an_entity(make_corpus, tmp_path) -> None:
    root = make_corpus({"a.txt": "Essais\n\nLes essais de la zorglub ont eu lieu hier."})
    patterns = tmp_path / "p.jsonl"
    patterns.write_text('{"label": "ORG", "pattern": "zorglub"}\n', encoding="utf-8")
    cli = Motorpme(root, tmp_path / "i.sqlite", ("--patterns", str(patterns)))
    assert ("zorglub", "ORG") in {(r["name"], r["label"]) for r in cli.json("entities")}


def test_missing_aliases_file_is_a_usage_error(seeds_cli: Motorpme, tmp_path) -> None:
    result = seeds_cli.runner.invoke(
        app,
        [
            "--corpus",
            str(seeds_cli.corpus),
            "--index",
            str(seeds_cli.index),
            "--aliases",
            str(tmp_path / "none.tsv"),
            "list",
        ],
    )
    assert result.exit_code == 2
    assert "aliases file not found" in result.stderr


def test_piped_tables_are_tab_separated_with_a_header(seeds_cli: Motorpme) -> None:
    lines = seeds_cli("list").stdout.splitlines()
    assert lines[0].split("\t")[:5] == ["id", "date", "title", "author", "words"]
    assert len(lines) == 6 and all(len(x.split("\t")) == 11 for x in lines)


def test_piped_list_keeps_one_row_per_line_whatever_a_cell_holds(
    seeds_cli: Motorpme, tmp_path: Path
) -> None:
    import sqlite3

    index = tmp_path / "copy.sqlite"
    with sqlite3.connect(seeds_cli.index) as source, sqlite3.connect(index) as db:
        source.backup(db)
        db.execute(
            "UPDATE articles SET title = 'Pôle\tMécanique\n2019', author = '', source = 'Midi'"
        )
    result = Motorpme(seeds_cli.corpus, index)("list", "--sort", "id")
    lines = result.stdout.splitlines()
    assert len(lines) == 6 and all(len(x.split("\t")) == 11 for x in lines)
    assert {x.split("\t")[2] for x in lines[1:]} == {"Pôle Mécanique 2019"}
    assert {x.split("\t")[3] for x in lines[1:]} == {"Midi"}  # no author: the source instead


def test_export_is_the_same_whatever_the_hash_seed(seeds_copy: Path, tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        index = tmp_path / f"i{seed}.sqlite"
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from motorpme.cli.main import main; main()",
                "--corpus",
                str(seeds_copy),
                "--index",
                str(index),
                "export",
                "--json",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]


@pytest.fixture()
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both streams taken for a terminal: Rich tables, colours and the progress bar."""
    from motorpme.cli import output

    monkeypatch.setattr(output.Stream, "is_terminal", property(lambda self: True))


def test_on_a_terminal_text_is_never_read_as_markup(
    terminal: None, make_corpus, tmp_path: Path
) -> None:
    corpus = make_corpus(
        {
            "a.txt": "Le [bold]Pôle[/bold] :smile: Mécanique [/] signe\n\n"
            "Publié le 3 mars 2020\n\nLe Pôle Mécanique d'Alès accueille Alpine.\n"
        }
    )
    cli = Motorpme(corpus, tmp_path / "i.sqlite")
    indexed = cli("index")
    assert indexed.exit_code == 0, indexed.stderr
    found = cli("search", "Alpine")
    assert "Le [bold]Pôle[/bold] :smile: Mécanique [/] signe" in found.stdout
    listed = cli("list")
    assert listed.exit_code == 0 and "Le [bold]Pôle[/bo" in listed.stdout
    assert "\t" not in listed.stdout  # a table, not tab-separated lines
    shown = cli("show", "a.txt")
    assert shown.exit_code == 0 and "Pôle Mécanique d'Alès" in shown.stdout


def test_list_and_entities_on_a_terminal_show_a_screenful_unless_asked(
    seeds_cli: Motorpme, monkeypatch: pytest.MonkeyPatch
) -> None:
    from motorpme.cli import options

    ids = [r["id"] for r in seeds_cli.json("list")]
    monkeypatch.setattr(options, "TERMINAL_ROWS", 2)
    piped = seeds_cli("list")
    assert [i for i in ids if i in piped.stdout] == ids and "showing" not in piped.stderr
    from motorpme.cli import output

    monkeypatch.setattr(output.Stream, "is_terminal", property(lambda self: True))
    shown = seeds_cli("list")
    assert shown.exit_code == 0 and [i for i in ids if i in shown.stdout] == ids[:2]
    assert "showing the first 2 articles; --limit 0 shows all" in shown.stderr
    every = seeds_cli("list", "--limit", "0")
    assert [i for i in ids if i in every.stdout] == ids and "showing" not in every.stderr
    names = [e["name"] for e in seeds_cli.json("entities", "--type", "ORG")]
    few = seeds_cli("entities", "--type", "ORG")
    assert "showing the first 2 entities; --limit 0 shows all" in few.stderr
    assert names[0] in few.stdout and sum(n in few.stdout for n in names) < len(names) - 2


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["list", "--limit", "-1"], "below the minimum, 0"),
        (["list", "-n", "deux"], "'deux' is not a whole number"),
        (["entities", "--type", "ORGA"], "'ORGA' is not one of 'org', 'per'"),
        (["--workers", "-1", "list"], "below the minimum, 0"),
    ],
)
def test_a_bad_option_value_is_a_usage_error_naming_it(
    seeds_cli: Motorpme, args: list[str], says: str
) -> None:
    result = seeds_cli(*args)
    assert result.exit_code == 2
    assert says in " ".join(result.stderr.replace("│", " ").split())


def test_option_values_are_coerced_as_documented(seeds_cli: Motorpme) -> None:
    assert len(seeds_cli.json("entities", "--type", "org", "-n", "2")) == 2
    assert {r["label"] for r in seeds_cli.json("entities", "-t", "Money")} == {"MONEY"}
    assert len(seeds_cli.json("--workers", "1", "list", "--limit", "3")) == 3


@pytest.mark.parametrize(
    "args", [["lst"], ["list", "--limit", "abc"], ["--corpus", "seeds", "entities", "-t", "X"]]
)
def test_a_usage_error_is_one_line_naming_the_help(seeds_cli: Motorpme, args: list[str]) -> None:
    result = seeds_cli(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "--help)" in result.stderr


def test_refresh_makes_a_read_stat_every_file(seeds_cli: Motorpme, monkeypatch) -> None:
    from motorpme.index import update

    asked: list[bool] = []
    real = update.plan

    def spy(db, corpus, signature, full=True):
        asked.append(full)
        return real(db, corpus, signature, full)

    monkeypatch.setattr(update, "plan", spy)
    plain = seeds_cli.json("list")
    refreshed = seeds_cli.json("--refresh", "list")
    assert seeds_cli("index").exit_code == 0
    assert asked == [False, True, True] and refreshed == plain and len(plain) == 5
