"""The project file ``motorpme.toml`` and its stop-list, on made-up articles: settings persist
between runs (flag > environment > file > default), and hidden entities leave every read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from motorpme.cli.main import app

ARTICLES = {
    "a.txt": "Recrutement\n\nL'écurie Signatech Alpine a recruté Pierre Gasly à Dieppe.",
    "b.txt": "Investissement\n\nLe constructeur Alpine investit 12 millions d'euros à Dieppe.",
    "c.txt": "Partenariat\n\nLa société Oreca signe avec Alpine. Oreca fournit les châssis.",
}


@pytest.fixture()
def project(make_corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A project folder holding ``articles/`` and an aliases file, the current folder;
    ``write(toml)`` writes its motorpme.toml; ``run(*args)`` runs motorpme there."""
    for var in ("MOTORPME_CORPUS", "MOTORPME_INDEX", "MOTORPME_MAX_SIZE", "MOTORPME_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    root = make_corpus(ARTICLES)
    folder = root.parent
    (folder / "aliases.tsv").write_text("Signatech Alpine\tAlpine\n", encoding="utf-8")
    monkeypatch.chdir(folder)

    class Project:
        path = folder

        @staticmethod
        def write(text: str) -> Path:
            (folder / "motorpme.toml").write_text(text, encoding="utf-8")
            return folder / "motorpme.toml"

        @staticmethod
        def run(*args: str):
            return CliRunner().invoke(app, list(args))

        @staticmethod
        def json(*args: str):
            result = CliRunner().invoke(app, [*args, "--json"])
            assert result.exit_code in (0, 1), result.stderr + repr(result.exception)
            return json.loads(result.stdout)

    return Project


BASE = 'corpus = "corpus"\nindex = "state/index.sqlite"\naliases = "aliases.tsv"\n'


def _orgs(rows: list[dict]) -> dict[str, int]:
    return {r["name"]: r["articles"] for r in rows if r["label"] == "ORG"}


def test_the_project_file_keeps_the_aliases_so_the_next_run_neither_forgets_nor_re_extracts(
    project,
) -> None:
    project.write(BASE)
    first = project.run("index")
    assert first.exit_code == 0, first.stderr
    assert "indexed 3 file(s)" in first.stderr
    assert (project.path / "state/index.sqlite").is_file()  # relative to the file's folder
    # No flag given: the file's aliases still apply, and nothing is extracted again.
    again = project.run("entities", "--type", "ORG", "--json")
    assert again.exit_code == 0, again.stderr
    assert "indexed" not in again.stderr
    orgs = _orgs(json.loads(again.stdout))
    assert orgs["Alpine"] == 3 and "Signatech Alpine" not in orgs


def test_the_file_is_found_from_a_folder_below_it(project, monkeypatch) -> None:
    project.write(BASE)
    below = project.path / "notes" / "2024"
    below.mkdir(parents=True)
    monkeypatch.chdir(below)
    shown = project.json("config")
    assert shown["file"] == str(project.path / "motorpme.toml")
    assert shown["settings"]["corpus"] == {
        "value": str(project.path / "corpus"),
        "source": str(project.path / "motorpme.toml"),
    }
    assert {r["id"] for r in project.json("list")} == {"a", "b", "c"}


def test_config_shows_each_setting_and_where_it_came_from_flag_env_file_default(
    project, monkeypatch
) -> None:
    toml = project.write(BASE + "workers = 1\nmax_size = 5\nmodel = 'fr_core_news_md'\n")
    monkeypatch.setenv("MOTORPME_INDEX", str(project.path / "from-env.sqlite"))
    monkeypatch.setenv("MOTORPME_MAX_SIZE", "7")
    shown = project.json("--workers", "2", "config")["settings"]
    assert shown["workers"] == {"value": 2, "source": "flag"}  # flag beats file
    assert shown["index"] == {  # environment beats file
        "value": str(project.path / "from-env.sqlite"),
        "source": "env MOTORPME_INDEX",
    }
    assert shown["max_size"] == {"value": 7, "source": "env MOTORPME_MAX_SIZE"}
    assert shown["aliases"] == {"value": str(project.path / "aliases.tsv"), "source": str(toml)}
    assert shown["patterns"] == {"value": None, "source": "default"}
    table = project.run("config")
    assert table.exit_code == 0
    assert f"config\t{toml}\tfound" in table.stdout
    assert f"workers\t1\t{toml}" in table.stdout


def test_config_without_a_file_says_so_and_shows_the_defaults(project) -> None:
    shown = project.json("config")
    assert shown["file"] is None
    assert shown["settings"]["model"] == {"value": "fr_core_news_md", "source": "default"}
    assert shown["settings"]["hide"] == {"value": [], "source": "default"}


def test_config_flag_names_another_file(project, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "team.toml"
    other.parent.mkdir()
    other.write_text(f'corpus = "{project.path / "corpus"}"\nhide = ["Oreca"]\n', encoding="utf-8")
    shown = project.json("--config", str(other), "config")
    assert shown["file"] == str(other)
    assert shown["settings"]["hide"] == {"value": ["Oreca"], "source": str(other)}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("corpus = [oops", "not valid TOML"),
        ("workers = 'two'", "workers = 'two': a whole number from 0 to 256"),
        ("max_size = 0", "max_size = 0: a whole number from 1 to 4096"),
        ("colour = true", "unknown setting 'colour'"),
        ("hide = 'Oreca'", "a list of names"),
    ],
)
def test_a_bad_project_file_is_one_line_naming_it_exit_2(project, text: str, says: str) -> None:
    toml = project.write(text + "\n")
    result = project.run("list")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {toml}: ") and says in result.stderr


def test_a_missing_config_file_is_a_usage_error(project) -> None:
    result = project.run("--config", "absent.toml", "list")
    assert result.exit_code == 2
    assert "absent.toml: config file not found" in result.stderr


def test_the_stop_list_hides_entities_from_every_read_without_re_extracting(project) -> None:
    project.write(BASE)
    assert project.run("index").exit_code == 0
    assert "Oreca" in _orgs(project.json("entities"))
    orecas = [e for e in project.json("show", "c")["entities"] if e["text"] == "Oreca"]
    counted = {r["id"]: r["entities"]["ORG"] for r in project.json("list")}
    project.write(BASE + 'hide = ["oreca", "Pierre Gasly"]\n')  # any case, as --entity

    listed = project.run("entities", "--json")
    assert "indexed" not in listed.stderr  # hiding is at read time: nothing re-extracted
    names = {r["name"] for r in json.loads(listed.stdout)}
    assert "Alpine" in names and not names & {"Oreca", "Pierre Gasly"}
    by_article = project.json("entities", "--by-article", "--doc", "c")
    assert {e["name"] for e in by_article[0]["entities"]} == {"Alpine"}
    assert project.run("search", "Oreca", "--type", "ORG").exit_code == 1
    assert project.run("list", "--entity", "Oreca").exit_code == 1
    shown = project.json("show", "c")
    assert "Oreca" in shown["text"]  # the text stays
    assert "Oreca" not in {e["text"] for e in shown["entities"]}
    exported = project.json("export")["documents"]
    mentions = {e["text"] for doc in exported for e in doc["entities"]}
    assert "Alpine" in mentions and not mentions & {"Oreca", "Pierre Gasly"}
    csv_out = project.run("export", "--csv").stdout
    assert "Alpine" in csv_out and ",Oreca," not in csv_out
    recounted = {r["id"]: r["entities"]["ORG"] for r in project.json("list")}
    assert len(orecas) == 2 and recounted == {**counted, "c": counted["c"] - 2}
    # Plain search reads the text: it still finds the word.
    assert {r["id"] for r in project.json("search", "Oreca")} == {"c"}


def test_hiding_an_alias_hides_the_name_it_was_merged_into(project) -> None:
    project.write(BASE + 'hide = ["Signatech Alpine"]\n')
    assert "Alpine" not in _orgs(project.json("entities"))


def test_evaluate_scores_hidden_entities_too(project) -> None:
    gold = project.path / "gold.jsonl"
    gold.write_text(
        '{"doc": "c.txt", "entities": [{"text": "Oreca", "label": "ORG"}]}\n', encoding="utf-8"
    )
    project.write(BASE)
    seen = project.json("evaluate", str(gold))["ORG"]
    project.write(BASE + 'hide = ["Oreca"]\n')
    assert project.json("evaluate", str(gold))["ORG"] == seen
    assert seen["tp"] >= 1


def test_the_default_size_limit_is_the_corpus_walks() -> None:
    from motorpme.config import SETTINGS
    from motorpme.ingest.corpus import MAX_SIZE

    assert SETTINGS["max_size"][2] * 1024 * 1024 == MAX_SIZE
