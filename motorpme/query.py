"""Read-side queries over the index: list, entities, show, export.

Also the date filters, article lookup and keyword-in-context lines that ``search``
(full-text search) builds on. Pure SQL and Python: nothing here imports spaCy,
so reads start fast.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from motorpme.errors import MotorpmeError
from motorpme.store import COUNTED

SORTS = {
    "date": "a.date IS NULL, a.date, a.id",
    "title": "a.title COLLATE NOCASE, a.id",
    "entities": "a.n_mentions DESC, a.id",
    "id": "a.id",
}
ENTITY_SORTS = {
    "mentions": "e.mentions DESC, e.articles DESC, e.name",
    "articles": "e.articles DESC, e.mentions DESC, e.name",
    "name": "e.name COLLATE NOCASE, e.label",
    "value": "e.value IS NULL, CAST(e.value AS REAL) DESC, e.name",
}
COUNTS = COUNTED


def date_filter(since: str | None, until: str | None, column: str = "a.date") -> tuple[str, list]:
    """SQL for ``--since``/``--until`` on ISO dates of any precision (``2018`` … ``2019-06-30``)."""
    sql, args = [], []
    for bound in (since, until):
        if bound is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", bound):
            raise MotorpmeError(f"{bound!r}: not a date", hint="use YYYY, YYYY-MM or YYYY-MM-DD")
    if since:
        sql.append(f"{column} >= ?")
        args.append(since)
    if until:
        sql.append(f"{column} <= ?")
        args.append(until + "\uffff")  # "2019-06" keeps every day of June 2019
    return " AND ".join(sql), args


def where_clause(*parts: tuple[str, list]) -> tuple[str, list]:
    """``WHERE a AND b`` and its arguments from (sql, args) parts; empty parts are left out."""
    sql = [p for p, _ in parts if p]
    args = [a for _, group in parts for a in group]
    return ("WHERE " + " AND ".join(sql)) if sql else "", args


def resolve_doc(db: sqlite3.Connection, ref: str) -> int:
    """An article's rowid from its id, file name or a unique prefix of either."""
    rows = db.execute(
        "SELECT rowid, id FROM articles WHERE id = ? OR file = ?", (ref, ref)
    ).fetchall()
    if not rows:
        like = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = db.execute(
            "SELECT rowid, id FROM articles WHERE id LIKE ? ESCAPE '\\' OR file LIKE ? ESCAPE '\\'",
            (like, like),
        ).fetchall()
    if len(rows) == 1:
        return rows[0][0]
    if not rows:
        raise MotorpmeError(
            f"{ref}: no such article", hint="`motorpme list` shows the ids", exit_code=1
        )
    ids = ", ".join(r[1] for r in rows[:5])
    raise MotorpmeError(f"{ref}: ambiguous article id ({ids}…)", hint="give more of the id")


def _list_sql(
    columns: str, sort: str, since: str | None, until: str | None, entity: str | None
) -> tuple[str, list]:
    ent = ("", [])
    if entity:
        ent = ("a.rowid IN (SELECT article FROM mentions WHERE key = ?)", [key_of(entity)])
    where, args = where_clause(date_filter(since, until), ent)
    return f"SELECT {columns} FROM articles a {where} ORDER BY {SORTS[sort]}", args


def list_articles(
    db: sqlite3.Connection,
    sort: str = "date",
    since: str | None = None,
    until: str | None = None,
    entity: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """One row per article with its entity counts per type (stored with the article)."""
    counts = ", ".join(f"a.n_{lab.lower()}" for lab in COUNTS)
    columns = f"a.id, a.file, a.date, a.title, a.author, a.source, a.words, {counts}"
    sql, args = _list_sql(columns, sort, since, until, entity)
    return [
        {
            "id": r[0],
            "file": r[1],
            "date": r[2],
            "title": r[3],
            "author": r[4],
            "source": r[5],
            "words": r[6],
            "entities": dict(zip(COUNTS, r[7:], strict=True)),
        }
        for r, _ in fetch(db, sql, args, limit)
    ]


LIST_COLUMNS = ("id", "date", "title", "author", "words", *COUNTS)


def list_table(
    db: sqlite3.Connection,
    sort: str = "date",
    since: str | None = None,
    until: str | None = None,
    entity: str | None = None,
    limit: int | None = None,
) -> list[tuple[str, ...]]:
    """``list_articles`` as table cells, every one a string made by SQLite (``LIST_COLUMNS``;
    the author column falls back on the source): 10,000 rows print without a Python loop."""
    counts = ", ".join(f"CAST(a.n_{lab.lower()} AS TEXT)" for lab in COUNTS)
    columns = (
        "a.id, ifnull(a.date, ''), ifnull(a.title, ''),"
        " coalesce(nullif(a.author, ''), nullif(a.source, ''), ''),"
        f" CAST(a.words AS TEXT), {counts}"
    )
    sql, args = _list_sql(columns, sort, since, until, entity)
    if limit is not None:
        sql, args = sql + " LIMIT ?", [*args, limit]
    return db.execute(sql, args).fetchall()


def fetch(db: sqlite3.Connection, sql: str, args: list, limit: int | None) -> Iterator:
    """Each row of ``sql`` with its column names, at most ``limit`` of them."""
    if limit is not None:
        sql, args = sql + " LIMIT ?", [*args, limit]
    cur = db.execute(sql, args)
    cols = [d[0] for d in cur.description]
    return ((r, cols) for r in cur)


def as_dict(values: tuple, cols: list[str]) -> dict[str, Any]:
    """One row as a dict of column name to value."""
    return dict(zip(cols, values, strict=True))


def key_of(text: str) -> str:
    """The key mentions of the same entity share in the index (``canonical_key``)."""
    from motorpme.extract.canonical import canonical_key

    return canonical_key(text)


def entities(
    db: sqlite3.Connection,
    label: str | None = None,
    doc: str | None = None,
    sort: str = "mentions",
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Distinct entities with mention and article counts, MONEY/DATE with their value."""
    if doc is None and since is None and until is None:
        where, args = where_clause(("label = ?", [label]) if label else ("", []))
        inner = (
            "SELECT name, label, mentions, articles, value, currency, aliases"
            f" FROM entities {where}"
        )
    else:  # restricted views aggregate on the fly over the covering index
        scope = ("a.rowid = ?", [resolve_doc(db, doc)]) if doc else ("", [])
        lab = ("m.label = ?", [label]) if label else ("", [])
        where, args = where_clause(scope, lab, date_filter(since, until))
        inner = (
            "SELECT e.name, e.label, count(*) AS mentions, count(DISTINCT m.article) AS articles,"
            " e.value, e.currency, e.aliases FROM mentions m"
            " JOIN articles a ON a.rowid = m.article"
            f" JOIN entities e ON e.label = m.label AND e.key = m.key {where}"
            " GROUP BY m.label, m.key"
        )
    sql = f"SELECT * FROM ({inner}) e ORDER BY {ENTITY_SORTS[sort]}"
    rows = [as_dict(r, c) for r, c in fetch(db, sql, args, limit)]
    for row in rows:
        row["aliases"] = [a for a in (row["aliases"] or "").split("|") if a and a != row["name"]]
        if row["label"] not in ("MONEY", "DATE"):
            row.pop("value"), row.pop("currency")
        elif row["label"] == "DATE":
            row.pop("currency")
    return rows


def get_article(db: sqlite3.Connection, ref: str) -> dict[str, Any]:
    """One article: metadata, clean text and its mentions in text order (the export schema)."""
    rowid = resolve_doc(db, ref)
    return next(iter_documents(db, rowids=[rowid]))


def iter_documents(
    db: sqlite3.Connection,
    since: str | None = None,
    until: str | None = None,
    rowids: list[int] | None = None,
) -> Iterator[dict[str, Any]]:
    """Documents in the export schema, one at a time (memory stays flat on large corpora)."""
    scope = (f"a.rowid IN ({','.join('?' * len(rowids))})", list(rowids)) if rowids else ("", [])
    where, args = where_clause(scope, date_filter(since, until))
    sql = (
        f"SELECT a.rowid, a.id, a.file, a.title, a.date, a.author, a.text FROM articles a"
        f" {where} ORDER BY a.date IS NULL, a.date, a.id"
    )
    for rowid, *meta in db.execute(sql, args).fetchall():
        doc = dict(zip(("id", "file", "title", "date", "author", "text"), meta, strict=True))
        doc["entities"] = [
            _mention(r)
            for r in db.execute(
                'SELECT text, label, start, "end", canonical, value, currency FROM mentions'
                " WHERE article = ? ORDER BY start, seq",
                (rowid,),
            )
        ]
        yield doc


def _mention(row: tuple) -> dict[str, Any]:
    text, label, start, end, canonical, value, currency = row
    out: dict[str, Any] = {
        "text": text,
        "label": label,
        "start": start,
        "end": end,
        "canonical": canonical,
    }
    if label == "MONEY":
        out.update(value=value, currency=currency)
    elif label == "DATE":
        out["value"] = value
    return out


_SPACES = re.compile(r"\s+")


def kwic(
    text: str, spans: list[tuple[int, int]], context: int = 8, hits: int = 5
) -> list[dict[str, Any]]:
    """Keyword-in-context lines: ``context`` words either side of each span, spacing kept
    (``left`` ends and ``right`` starts with the text's own space or punctuation)."""
    lines = []
    for start, end in spans[:hits]:
        before = text[max(0, start - 30 * context - 30) : start]
        after = text[end : end + 30 * context + 30]
        # Word starts before the hit, the last one being the hit's own head when it starts
        # mid-word (or the empty word after a trailing space).
        starts = [0, *(m.end() for m in _SPACES.finditer(before))]
        left = before[starts[-context - 1] if len(starts) > context else 0 :] if context else ""
        right = re.match(rf"\S*(?:\s+\S+){{0,{context}}}", after).group() if context else ""
        lines.append(
            {
                "left": " ".join(left.split()) + (" " if left[-1:].isspace() else ""),
                "match": " ".join(text[start:end].split()),
                "right": (" " if right[:1].isspace() else "") + " ".join(right.split()),
                "start": start,
                "end": end,
            }
        )
    return lines


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
) -> list[dict[str, Any]]:
    """The per-article view: each article with its distinct entities, most mentioned first."""
    lab = ("m.label = ?", [label]) if label else ("", [])
    where, args = where_clause(lab, date_filter(since, until))
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
