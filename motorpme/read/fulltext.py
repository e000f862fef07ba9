"""Full-text search: the user's query in FTS5 syntax, ranked matches, highlighted hits.

Words go through the FTS5 index; with an entity type, names go through the mentions
instead. Folding (case and accents) keeps offsets, so hits map back to the clean text.
Pure SQL and Python like ``query``, whose filters and context lines it shares: no spaCy.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from motorpme.errors import MotorpmeError
from motorpme.read.kwic import kwic
from motorpme.read.sql import as_dict, date_filter, fetch, key_of, resolve_doc, where_clause
from motorpme.text import fold

_ELISION = re.compile(r"(?i)^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]")
_QUERY_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
_OPERATORS = {"AND", "OR", "NOT"}


def to_fts_query(query: str) -> str:
    """The user's query in FTS5 syntax: phrases, AND/OR/NOT, ``prefix*`` and parentheses pass;
    elided articles are dropped (``l'ACO`` finds ``ACO``) and words FTS5 would choke on
    (``Montval-sur-Loir``, ``3D``) become phrases. Text is always bound, never spliced into SQL."""
    parts = []
    for token in _QUERY_TOKEN.findall(query):
        if token in _OPERATORS or token in "()":
            parts.append(token)
        elif token.startswith('"'):
            if len(token) < 2 or not token.endswith('"'):
                raise MotorpmeError(f"bad search query {query!r}: unclosed quote")
            parts.append(token)
        else:
            star = "*" if token.endswith("*") else ""
            word = _ELISION.sub("", token.rstrip("*")).strip(".,;:!?")
            if word:
                parts.append(f'"{word}"{star}')
    if not any(p not in _OPERATORS and p not in "()" for p in parts):
        raise MotorpmeError(f"bad search query {query!r}: no word to search for")
    return " ".join(parts)


def _terms(fts: str) -> list[tuple[list[str], bool]]:
    """The words of each phrase in an FTS query (NOT terms excluded), folded, with a prefix flag."""
    terms, negate = [], False
    for token in re.findall(r'"[^"]*"\*?|\S+', fts):
        if token in _OPERATORS:
            negate = token == "NOT"
            continue
        if token.startswith('"') and not negate:
            words = re.findall(r"\w+", fold(token.strip('"*')))
            if words:
                terms.append((words, token.endswith("*")))
        negate = False
    return terms


def _pattern(terms: list[tuple[list[str], bool]]) -> re.Pattern[str] | None:
    alts = [
        r"\W+".join(map(re.escape, words)) + (r"\w*" if star else r"\b") for words, star in terms
    ]
    return re.compile(r"\b(?:" + "|".join(alts) + ")") if alts else None


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Hits of neighbouring query words (``pole mecanique``) make one highlighted span."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start - merged[-1][1] <= 3 and not text[merged[-1][1] : start].strip(" -'"):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def search(
    db: sqlite3.Connection,
    query: str,
    context: int = 8,
    limit: int | None = None,
    since: str | None = None,
    until: str | None = None,
    label: str | None = None,
    doc: str | None = None,
    hits: int = 5,
    undated: bool = False,
    inferred: bool = False,
) -> list[dict[str, Any]]:
    """Articles matching ``query``, best first, each with its keyword-in-context lines.

    With ``label``, the query is an entity name matched through canonical names."""
    scope = ("a.rowid = ?", [resolve_doc(db, doc)]) if doc else ("", [])
    dates = date_filter(since, until, undated, inferred)
    if label:
        return _search_entities(db, query, label, context, limit, dates, scope, hits)
    fts = to_fts_query(query)
    where, args = where_clause(("fts MATCH ?", [fts]), scope, dates)
    sql = (
        f"SELECT a.rowid, a.id, a.file, a.date, a.title, a.text, bm25(fts) AS score"
        f" FROM fts JOIN articles a ON a.rowid = fts.rowid {where}"
        f" ORDER BY score, a.date, a.id"
    )
    try:
        rows = list(fetch(db, sql, args, limit))
    except sqlite3.OperationalError as exc:
        raise MotorpmeError(
            f"bad search query {query!r}: {exc}",
            hint='quote phrases, e.g. "Pôle Mécanique"; operators are AND OR NOT',
        ) from None
    pattern = _pattern(_terms(fts))
    results = []
    for values, cols in rows:
        row = as_dict(values, cols)
        text = row.pop("text")
        spans = _merge([m.span() for m in pattern.finditer(fold(text))] if pattern else [], text)
        row.pop("rowid")
        row["score"] = round(-row["score"], 4)
        row["hits"] = len(spans)
        row["lines"] = kwic(text, spans, context, hits)
        results.append(row)
    return results


def _search_entities(
    db: sqlite3.Connection,
    query: str,
    label: str,
    context: int,
    limit: int | None,
    dates: tuple[str, list],
    scope: tuple[str, list],
    hits: int,
) -> list[dict[str, Any]]:
    where, args = where_clause(("m.label = ? AND m.key = ?", [label, key_of(query)]), scope, dates)
    sql = (
        f"SELECT a.rowid, a.id, a.file, a.date, a.title, a.text, count(*) AS n,"
        f" group_concat(m.start || ':' || m.\"end\") AS spans"
        f" FROM mentions m JOIN articles a ON a.rowid = m.article {where}"
        f" GROUP BY a.rowid ORDER BY n DESC, a.date, a.id"
    )
    results = []
    for values, cols in fetch(db, sql, args, limit):
        row = as_dict(values, cols)
        spans = sorted(tuple(map(int, s.split(":"))) for s in row.pop("spans").split(","))
        text = row.pop("text")
        row.pop("rowid")
        row["score"] = row.pop("n")
        row["hits"] = len(spans)
        row["lines"] = kwic(text, spans, context, hits)
        results.append(row)
    return results
