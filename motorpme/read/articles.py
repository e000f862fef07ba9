"""The articles: the ``list`` rows with their entity counts, and whole documents in the export
schema (``show``, ``export``). Pure SQL and Python: nothing here imports spaCy."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from motorpme.extract import signature_model
from motorpme.models import COUNTED, value_fields
from motorpme.read.scope import EVERYTHING, Scope
from motorpme.read.sql import check_sort, fetch, resolve_doc, shown_date, where_clause
from motorpme.text import unpack

SORTS = {
    "date": "a.date IS NULL, a.date, a.id",
    "title": "a.title COLLATE NOCASE, a.id",
    "entities": "a.n_mentions DESC, a.id",
    "id": "a.id",
}


# A copy names its representative; a representative says how many copies it has.
COPY_OF = "(SELECT r.id FROM articles r WHERE r.rowid = a.copy_of)"
COPIES = "ifnull((SELECT k.copies FROM copy_counts k WHERE k.article = a.rowid), 0)"


def _list_sql(db: sqlite3.Connection, columns: str, sort: str, scope: Scope) -> tuple[str, list]:
    where, args = where_clause(*scope.parts(db))
    order = SORTS[check_sort(sort, SORTS)]
    return f"SELECT {columns} FROM articles a {where} ORDER BY {order}", args


def list_articles(
    db: sqlite3.Connection,
    sort: str = "date",
    scope: Scope = EVERYTHING,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """One row per article with its entity counts per type (stored with the article)."""
    counts = ", ".join(f"a.n_{lab.lower()}" for lab in COUNTED)
    columns = (
        "a.id, a.file, a.date, a.date_source, a.inferred_date, a.title, a.author, a.source,"
        f" a.words, {COPY_OF}, {COPIES}, {counts}"
    )
    sql, args = _list_sql(db, columns, sort, scope)
    return [
        {
            "id": r[0],
            "file": r[1],
            "date": shown_date(r[2], r[3], r[4]),
            "date_source": r[3],
            "title": r[5],
            "author": r[6],
            "source": r[7],
            "words": r[8],
            "copy_of": r[9],
            "copies": r[10],
            "entities": dict(zip(COUNTED, r[11:], strict=True)),
        }
        for r, _ in fetch(db, sql, args, limit)
    ]


LIST_COLUMNS = ("id", "date", "title", "author", "words", "copies", *COUNTED)


def list_table(
    db: sqlite3.Connection,
    sort: str = "date",
    scope: Scope = EVERYTHING,
    limit: int | None = None,
) -> list[tuple[str, ...]]:
    """``list_articles`` as table cells, every one a string made by SQLite (``LIST_COLUMNS``;
    the author column falls back on the source; an inferred year shows as ``~2019``): 10,000
    rows print without a Python loop."""
    counts = ", ".join(f"CAST(a.n_{lab.lower()} AS TEXT)" for lab in COUNTED)
    columns = (
        "a.id, coalesce(a.date, '~' || a.inferred_date, ''), ifnull(a.title, ''),"
        " coalesce(nullif(a.author, ''), nullif(a.source, ''), ''),"
        f" CAST(a.words AS TEXT), CASE WHEN a.copy_of IS NOT NULL THEN '=' || {COPY_OF}"
        f" ELSE ifnull('+' || nullif({COPIES}, 0), '') END, {counts}"
    )
    sql, args = _list_sql(db, columns, sort, scope)
    if limit is not None:
        sql, args = sql + " LIMIT ?", [*args, limit]
    return db.execute(sql, args).fetchall()


def indexed_model(db: sqlite3.Connection) -> str | None:
    """The ``name-version`` of the model the index was built with (None when it is empty)."""
    row = db.execute(
        "SELECT s.signature FROM articles a JOIN signatures s ON s.id = a.signature LIMIT 1"
    ).fetchone()
    return signature_model(row[0]) if row else None


def get_article(db: sqlite3.Connection, ref: str) -> dict[str, Any]:
    """One article: metadata, clean text and its mentions in text order (the export schema)."""
    from motorpme.read.copies import copies_of

    rowid = resolve_doc(db, ref)
    doc = next(iter_documents(db, Scope(all_copies=True), rowids=[rowid]))
    doc["copies"] = copies_of(db, rowid)
    return doc


def iter_documents(
    db: sqlite3.Connection, scope: Scope = EVERYTHING, rowids: list[int] | None = None
) -> Iterator[dict[str, Any]]:
    """Documents in the export schema, one at a time: the order is read first (one number an
    article), then the articles ``PAGE`` at a time, so memory holds a page, not the corpus."""
    only = (f"a.rowid IN ({','.join('?' * len(rowids))})", list(rowids)) if rowids else ("", [])
    where, args = where_clause(only, *scope.parts(db))
    order = [
        r[0]
        for r in db.execute(
            f"SELECT a.rowid FROM articles a {where} ORDER BY a.date IS NULL, a.date, a.id", args
        )
    ]
    for start in range(0, len(order), PAGE):
        page = order[start : start + PAGE]
        rows = {
            r[0]: r
            for r in db.execute(
                "SELECT a.rowid, a.id, a.file, a.title, a.date, a.date_source, a.inferred_date,"
                f" a.author, {COPY_OF}, a.text FROM articles a"
                f" WHERE a.rowid IN ({','.join('?' * len(page))})",
                page,
            )
        }
        for rowid in page:
            if rowid in rows:  # else removed meanwhile by an index run
                yield _document(db, rows[rowid])


PAGE = 500  # articles read at a time by ``iter_documents``


def _document(db: sqlite3.Connection, row: tuple) -> dict[str, Any]:
    rowid, doc_id, file, title, date, source, inferred_date, author, copy_of, text = row
    doc = {
        "id": doc_id,
        "file": file,
        "title": title,
        "date": shown_date(date, source, inferred_date),
        "date_source": source,
        "author": author,
        "copy_of": copy_of,
        "text": unpack(text),
    }
    doc["entities"] = [
        _mention(r)
        for r in db.execute(
            # A name's canonical name is its entity's, across the corpus (an acronym's
            # expansion); an amount or a date keeps its own text.
            'SELECT m.text, m.label, m.start, m."end", CASE WHEN m.label IN'
            " ('MONEY', 'DATE') THEN coalesce(m.canonical, m.text)"
            " ELSE coalesce(e.name, m.canonical, m.text) END,"
            " m.value, m.currency, m.value_max FROM mentions m LEFT JOIN entities e"
            " ON e.label = m.label AND e.key = m.key"
            " WHERE m.article = ? ORDER BY m.start, m.seq",
            (rowid,),
        )
    ]
    return doc


def _mention(row: tuple) -> dict[str, Any]:
    text, label, start, end, canonical, value, currency, value_max = row
    return {
        "text": text,
        "label": label,
        "start": start,
        "end": end,
        "canonical": canonical,
        **value_fields(label, value, currency, value_max),
    }
