"""Reading the copy groups the index drew (``index/copies.py``): the groups with their
representative and members, and the copies of one article. Pure SQL: no spaCy, no
datasketch."""

from __future__ import annotations

import sqlite3
from typing import Any

from motorpme.read.sql import resolve_doc, shown_date

_ARTICLE = "a.id, a.date, a.date_source, a.inferred_date, a.title, a.words"


def _article(row: tuple) -> dict[str, Any]:
    doc_id, date, source, inferred, title, words = row[:6]
    return {
        "id": doc_id,
        "date": shown_date(date, source, inferred),
        "title": title,
        "words": words,
    }


def copy_groups(
    db: sqlite3.Connection, min_similarity: float = 0.0, limit: int | None = None
) -> list[dict[str, Any]]:
    """Each copy group: its representative (the earliest dated article, else the longest) and
    its members with their similarity to it (containment of the shorter text in the longer),
    most similar first. ``min_similarity`` keeps the members at least that similar; a group
    left with none is not shown. Largest groups first."""
    members: dict[int, list[dict[str, Any]]] = {}
    for row in db.execute(
        f"SELECT a.copy_of, {_ARTICLE}, a.copy_similarity FROM articles a"
        " WHERE a.copy_of IS NOT NULL AND a.copy_similarity >= ?"
        " ORDER BY a.copy_similarity DESC, a.date IS NULL, a.date, a.id",
        (min_similarity,),
    ):
        members.setdefault(row[0], []).append({**_article(row[1:]), "similarity": row[7]})
    order = sorted(members, key=lambda head: -len(members[head]))
    groups = []
    for head in order[:limit] if limit else order:
        found = db.execute(f"SELECT {_ARTICLE} FROM articles a WHERE a.rowid = ?", (head,))
        groups.append({"representative": _article(found.fetchone()), "copies": members[head]})
    groups.sort(key=lambda g: (-len(g["copies"]), g["representative"]["id"]))
    return groups


def copies_of(db: sqlite3.Connection, ref: str | int) -> list[dict[str, Any]]:
    """The other articles of an article's copy group (empty when it has no copy): the
    representative first (``representative`` true), then the copies with their similarity
    to the representative."""
    rowid = ref if isinstance(ref, int) else resolve_doc(db, ref)
    head = db.execute(
        "SELECT coalesce(copy_of, rowid) FROM articles WHERE rowid = ?", (rowid,)
    ).fetchone()
    if head is None:
        return []
    rows = db.execute(
        "SELECT a.rowid, a.id, a.copy_similarity FROM articles a"
        " WHERE (a.rowid = ? OR a.copy_of = ?) AND a.rowid != ?"
        " ORDER BY a.copy_of IS NOT NULL, a.copy_similarity DESC, a.id",
        (head[0], head[0], rowid),
    ).fetchall()
    if len(rows) == 1 and rows[0][0] == head[0] and head[0] == rowid:
        return []
    return [
        {"id": doc_id, "representative": other == head[0], "similarity": score}
        for other, doc_id, score in rows
    ]
