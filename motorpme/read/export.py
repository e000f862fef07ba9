"""JSON / JSONL / CSV writers for the export schema (DESIGN.md, a contract)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from motorpme import __version__
from motorpme.read.kwic import kwic

CSV_FIELDS = (
    "id",
    "file",
    "date",
    "date_source",
    "title",
    "text",
    "label",
    "start",
    "end",
    "canonical",
    "value",
    "value_max",
    "currency",
    "copy_of",
    "context",
)
CONTEXT_WORDS = 8  # words either side of a mention in the CSV's ``context`` cell
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# Valid raw in JSON, but line breaks to str.splitlines and many JSONL readers: escaped.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def dumps(data: Any) -> str:
    """The one JSON serialiser: UTF-8 text, key order as built, one line whatever the text."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escaped in _LINE_BREAKS.items():  # str.translate reads a text character by
        if char in text:  # character: 1.5 s of `list --json` at 100,000 articles
            text = text.replace(char, escaped)
    return text


def write_json(out: TextIO, documents: Iterable[dict[str, Any]], model: str | None) -> int:
    """One JSON object, written document by document so memory stays flat. Returns the count."""
    out.write(f'{{"motorpme": {dumps(__version__)}, "model": {dumps(model)}, "documents": [')
    count = 0
    for doc in documents:
        out.write(("," if count else "") + "\n" + dumps(doc))
        count += 1
    out.write("\n]}\n")
    return count


def write_jsonl(out: TextIO, documents: Iterable[dict[str, Any]], model: str | None) -> int:
    count = 0
    for doc in documents:
        out.write(dumps({"motorpme": __version__, "model": model, **doc}) + "\n")
        count += 1
    return count


def safe_cell(value: Any) -> Any:
    """Neutralise a cell a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(out: TextIO, documents: Iterable[dict[str, Any]], model: str | None) -> int:
    """One row per mention, with its article's id, file, date and title, and its ``context``:
    the words around it on one line, the mention in brackets (``… en [2018], Michela …``)."""
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for doc in documents:
        count += 1
        for ent in doc["entities"]:
            row = {
                "id": doc["id"],
                "file": doc["file"],
                "date": doc["date"],
                "date_source": doc.get("date_source"),
                "title": doc["title"],
                "copy_of": doc.get("copy_of"),
                **ent,
                "context": _context(doc["text"], ent["start"], ent["end"]),
            }
            writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return count


def _context(text: str, start: int, end: int) -> str:
    line = kwic(text, [(start, end)], CONTEXT_WORDS, 1)[0]
    return f"{line['left']}[{line['match']}]{line['right']}"


WRITERS = {"json": write_json, "jsonl": write_jsonl, "csv": write_csv}
