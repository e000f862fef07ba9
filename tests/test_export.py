"""JSON / JSONL / CSV writers: valid output on any input, no formula reaches a spreadsheet."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motorpme.read.export import CSV_FIELDS, safe_cell, write_csv, write_json, write_jsonl


def _doc(title: str = "Un titre", mention: str = "Alpine", file: str = "a.txt") -> dict:
    text = f"{title}\n\n{mention} investit."
    start = text.index(mention, len(title))
    return {
        "id": "a",
        "file": file,
        "title": title,
        "date": "2019-03-12",
        "author": None,
        "text": text,
        "entities": [
            {
                "text": mention,
                "label": "ORG",
                "start": start,
                "end": start + len(mention),
                "canonical": mention,
            },
            {
                "text": "30 000 euros",
                "label": "MONEY",
                "start": 0,
                "end": 12,
                "canonical": "30 000 euros",
                "value": -30000,
                "currency": "EUR",
            },
        ],
    }


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x","clic")', '\'=HYPERLINK("http://x","clic")'),
        ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Alpine", "Alpine"),
        ("Le Mans = 24 heures", "Le Mans = 24 heures"),
        ("", ""),
        (-30000, -30000),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_safe_cell_neutralises_formula_starts_only(cell, safe) -> None:
    assert safe_cell(cell) == safe


def _read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_neutralises_hostile_titles_mentions_and_file_names() -> None:
    out = io.StringIO()
    doc = _doc(title='=cmd|" /C calc"!A0', mention="@Alpine", file="+evil.txt")
    assert write_csv(out, [doc], "m") == 1
    rows = _read_csv(out.getvalue())
    assert [r["text"] for r in rows] == ["'@Alpine", "30 000 euros"]
    assert {r["title"] for r in rows} == {'\'=cmd|" /C calc"!A0'}
    assert {r["file"] for r in rows} == {"'+evil.txt"}
    assert rows[1]["value"] == "-30000"  # numbers are numbers, not formulas


def test_csv_has_a_header_and_one_row_per_mention_even_with_newlines_and_quotes() -> None:
    out = io.StringIO()
    write_csv(out, [_doc(title='Le "Mans",\nencore'), _doc()], None)
    rows = _read_csv(out.getvalue())
    assert list(rows[0]) == list(CSV_FIELDS)
    assert len(rows) == 4 and rows[0]["title"] == 'Le "Mans",\nencore'


def test_empty_export_is_still_valid_output() -> None:
    for writer in (write_json, write_jsonl, write_csv):
        out = io.StringIO()
        assert writer(out, [], None) == 0
    out = io.StringIO()
    write_json(out, [], "fr_core_news_sm-3.8.0")
    assert json.loads(out.getvalue()) == {
        "motorpme": json.loads(json.dumps(__import__("motorpme").__version__)),
        "model": "fr_core_news_sm-3.8.0",
        "documents": [],
    }
    out = io.StringIO()
    write_csv(out, [], None)
    assert out.getvalue().strip() == ",".join(CSV_FIELDS)


text_st = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@given(title=text_st, mention=text_st.filter(bool), file=text_st)
def test_writers_round_trip_any_text(title: str, mention: str, file: str) -> None:
    doc = _doc(title=title, mention=mention, file=file)
    out = io.StringIO()
    write_json(out, [doc, doc], "m")
    assert json.loads(out.getvalue())["documents"] == [doc, doc]
    out = io.StringIO()
    write_jsonl(out, [doc], "m")
    [line] = out.getvalue().splitlines()
    assert json.loads(line)["entities"] == doc["entities"]
    out = io.StringIO(newline="")
    write_csv(out, [doc], "m")
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [r["text"] for r in rows] == [str(safe_cell(mention)), "30 000 euros"]
    assert all(not r[k].startswith(("=", "+", "-", "@")) for r in rows for k in r if k != "value")


@pytest.mark.parametrize("brk", ["\x85", "\u2028", "\u2029"])
def test_jsonl_stays_one_line_per_document_with_unicode_line_breaks(brk: str) -> None:
    out = io.StringIO()
    write_jsonl(out, [_doc(title=f"avant{brk}après", file=f"a{brk}.txt")], None)
    [line] = out.getvalue().splitlines()
    assert json.loads(line)["title"] == f"avant{brk}après"
