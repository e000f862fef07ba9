"""Distinct entities across the corpus with mention and article counts; the per-article view."""

from __future__ import annotations

import sqlite3
from typing import Any

from motorpme.models import Label, value_fields
from motorpme.read.kwic import kwic
from motorpme.read.sql import as_dict, check_sort, date_filter, fetch, resolve_doc, where_clause

ENTITY_SORTS = {
    "mentions": "e.mentions DESC, e.articles DESC, e.name",
    "articles": "e.articles DESC, e.mentions DESC, e.name",
    "name": "e.name COLLATE NOCASE, e.label",
    "value": "e.value IS NULL, CAST(e.value AS REAL) DESC, e.name",
}


def entities(
    db: sqlite3.Connection,
    label: str | None = None,
    doc: str | None = None,
    sort: str = "mentions",
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    undated: bool = False,
    inferred: bool = False,
) -> list[dict[str, Any]]:
    """Distinct entities with mention and article counts, MONEY/DATE with their value.

    Without ``label``, the main types (``Label.main``); EVENT, PRODUCT and MISC only when asked
    for. MONEY and DATE rows also say where the entity first occurs (``entity_examples``)."""
    order = ENTITY_SORTS[check_sort(sort, ENTITY_SORTS)]
    if doc is None and since is None and until is None:
        where, args = where_clause(_labels("label", label))
        inner = (
            "SELECT name, label, mentions, articles, value, currency, aliases"
            f" FROM entities {where}"
        )
    else:  # restricted views aggregate on the fly over the covering index
        scope = ("a.rowid = ?", [resolve_doc(db, doc)]) if doc else ("", [])
        where, args = where_clause(
            scope, _labels("m.label", label), date_filter(since, until, undated, inferred)
        )
        inner = (
            "SELECT e.name, e.label, count(*) AS mentions, count(DISTINCT m.article) AS articles,"
            " e.value, e.currency, e.aliases FROM mentions m"
            " JOIN articles a ON a.rowid = m.article"
            f" JOIN entities e ON e.label = m.label AND e.key = m.key {where}"
            " GROUP BY m.label, m.key"
        )
    sql = f"SELECT * FROM ({inner}) e ORDER BY {order}"
    rows = [_entity_row(as_dict(r, c)) for r, c in fetch(db, sql, args, limit)]
    if label in (Label.MONEY, Label.DATE):
        for row in rows:
            entity_examples(db, row)
    return rows


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


def entity_examples(db: sqlite3.Connection, row: dict[str, Any], context: int = 6) -> None:
    """Add where an entity first occurs: the article id, date and a context line."""
    found = db.execute(
        'SELECT a.id, a.date, a.text, m.start, m."end" FROM mentions m'
        " JOIN articles a ON a.rowid = m.article WHERE m.label = ? AND m.key IN"
        " (SELECT key FROM entities WHERE label = ? AND name = ?)"
        " ORDER BY a.date, a.id, m.start LIMIT 1",
        (row["label"], row["label"], row["name"]),
    ).fetchone()
    if found:
        doc_id, date, text, start, end = found
        line = kwic(text, [(start, end)], context)[0]
        row.update(doc=doc_id, date=date, context=f"{line['left']}[{line['match']}]{line['right']}")


def entities_by_article(
    db: sqlite3.Connection,
    label: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    undated: bool = False,
    inferred: bool = False,
) -> list[dict[str, Any]]:
    """The per-article view: each article with its distinct entities, most mentioned first."""
    lab = ("m.label = ?", [label]) if label else ("", [])
    where, args = where_clause(lab, date_filter(since, until, undated, inferred))
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
