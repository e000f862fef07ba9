"""Distinct entities across the corpus with mention and article counts; the per-article view."""

from __future__ import annotations

import sqlite3
from typing import Any

from motorpme.models import Label, value_fields
from motorpme.read.filters import amount_range
from motorpme.read.kwic import kwic
from motorpme.read.scope import EVERYTHING, Scope
from motorpme.read.sql import as_dict, check_sort, fetch, where_clause
from motorpme.text import unpack

ENTITY_SORTS = {
    "mentions": "e.mentions DESC, e.articles DESC, e.name",
    "articles": "e.articles DESC, e.mentions DESC, e.name",
    "name": "e.name COLLATE NOCASE, e.label",
    "value": "e.value IS NULL, CAST(e.value AS REAL) DESC, e.name",
}


def entities(
    db: sqlite3.Connection,
    label: str | None = None,
    sort: str = "mentions",
    scope: Scope = EVERYTHING,
    limit: int | None = None,
    documents: bool = False,
) -> list[dict[str, Any]]:
    """Distinct entities with mention and article counts, MONEY/DATE with their value.

    Without ``label``, the main types (``Label.main``); EVENT, PRODUCT and MISC only when asked
    for. Counts are over the articles of ``scope``, whose amount range selects amounts. MONEY
    and DATE rows also say where the entity first occurs in scope (``entity_examples``);
    ``documents`` adds each entity's articles with their mention counts."""
    order = ENTITY_SORTS[check_sort(sort, ENTITY_SORTS)]
    if scope.everything:
        counts = (
            "mentions, articles"
            if scope.all_copies
            else ("mentions_once AS mentions, articles_once AS articles")
        )
        once = ("", []) if scope.all_copies else ("articles_once > 0", [])
        where, args = where_clause(_labels("label", label), once)
        inner = f"SELECT key, name, label, {counts}, value, currency, aliases FROM entities {where}"
    else:  # restricted views aggregate on the fly over the covering index
        amounts = amount_range(scope.min_amount, scope.max_amount, scope.currency, "e")
        where, args = where_clause(
            *scope.parts(db, amounts=False), _labels("m.label", label), amounts
        )
        inner = (
            "SELECT e.key, e.name, e.label, count(*) AS mentions,"
            " count(DISTINCT m.article) AS articles, e.value, e.currency, e.aliases"
            " FROM mentions m JOIN articles a ON a.rowid = m.article"
            f" JOIN entities e ON e.label = m.label AND e.key = m.key {where}"
            " GROUP BY m.label, m.key"
        )
    sql = f"SELECT * FROM ({inner}) e ORDER BY {order}"
    found = [as_dict(r, c) for r, c in fetch(db, sql, args, limit)]
    rows = [_entity_row(row) for row in found]
    for row, raw in zip(rows, found, strict=True):
        if label in (Label.MONEY, Label.DATE):
            entity_examples(db, row, scope, raw["key"])
        if documents:
            row["documents"] = _documents(db, row["label"], raw["key"], scope)
    return rows


def _documents(db: sqlite3.Connection, label: str, key: str, scope: Scope) -> list[dict]:
    where, args = where_clause(("m.label = ? AND m.key = ?", [label, key]), *scope.parts(db))
    sql = (
        "SELECT a.id, count(*) FROM mentions m JOIN articles a ON a.rowid = m.article"
        f" {where} GROUP BY a.rowid ORDER BY a.date IS NULL, a.date, a.id"
    )
    return [{"id": doc_id, "mentions": n} for doc_id, n in db.execute(sql, args)]


def _labels(column: str, label: str | None) -> tuple[str, list]:
    if label:
        return f"{column} = ?", [label]
    main = [lab.value for lab in Label.main()]
    return f"{column} IN ({', '.join('?' * len(main))})", main


def _entity_row(row: dict[str, Any]) -> dict[str, Any]:
    aliases = [a for a in (row["aliases"] or "").split("|") if a and a != row["name"]]
    return {
        "name": row["name"],
        "label": row["label"],
        "mentions": row["mentions"],
        "articles": row["articles"],
        **value_fields(row["label"], row["value"], row["currency"]),
        "aliases": aliases,
    }


def entity_examples(
    db: sqlite3.Connection, row: dict[str, Any], scope: Scope, key: str, context: int = 6
) -> None:
    """Add where an entity first occurs in ``scope``: the article id, date and a context line."""
    where, args = where_clause(("m.label = ? AND m.key = ?", [row["label"], key]), *scope.parts(db))
    found = db.execute(
        'SELECT a.id, a.date, a.text, m.start, m."end" FROM mentions m'
        f" JOIN articles a ON a.rowid = m.article {where}"
        " ORDER BY a.date IS NULL, a.date, a.id, m.start LIMIT 1",
        args,
    ).fetchone()
    if found:
        doc_id, date, text, start, end = found
        line = kwic(unpack(text), [(start, end)], context)[0]
        row.update(doc=doc_id, date=date, context=f"{line['left']}[{line['match']}]{line['right']}")


def entities_by_article(
    db: sqlite3.Connection,
    label: str | None = None,
    scope: Scope = EVERYTHING,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The per-article view: each article with its distinct entities, most mentioned first."""
    lab = ("m.label = ?", [label]) if label else ("", [])
    where, args = where_clause(lab, *scope.parts(db))
    sql = (
        "SELECT a.id, a.date, a.title, e.name, e.label, count(*) AS n FROM mentions m"
        " JOIN articles a ON a.rowid = m.article"
        f" JOIN entities e ON e.label = m.label AND e.key = m.key {where}"
        " GROUP BY a.rowid, m.label, m.key ORDER BY a.date IS NULL, a.date, a.id, n DESC, e.name"
    )
    out: list[dict[str, Any]] = []
    for doc_id, date, title, name, lab_, n in db.execute(sql, args):
        if not out or out[-1]["id"] != doc_id:
            if limit is not None and len(out) == limit:
                break
            out.append({"id": doc_id, "date": date, "title": title, "entities": []})
        out[-1]["entities"].append({"name": name, "label": lab_, "mentions": n})
    return out
