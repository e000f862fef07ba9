"""Reading (issue 4): list, entities, show and export with their filters, on a small
made-up corpus (search is in ``test_search``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from motorpme.read.kwic import kwic
from tests.conftest import Motorpme, ids


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


def test_kwic_cuts_words_not_characters() -> None:
    text = "un deux trois QUATRE cinq six sept"
    [line] = kwic(text, [(14, 20)], context=2)
    assert (line["left"], line["match"], line["right"]) == ("deux trois ", "QUATRE", " cinq six")
