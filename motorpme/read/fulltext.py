"""Full-text search: the user's query in FTS5 syntax, ranked matches, highlighted hits.

Words go through the FTS5 index; with an entity type, names go through the mentions
instead. Folding (case and accents) keeps offsets, so hits map back to the clean text.
Pure SQL and Python like ``query``, whose filters and context lines it shares: no spaCy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from motorpme.errors import MotorpmeError
from motorpme.read.filters import mention_match
from motorpme.read.kwic import kwic
from motorpme.read.query import Query, highlight, parse_query
from motorpme.read.scope import EVERYTHING, Scope, once
from motorpme.read.sql import as_dict, fetch, where_clause
from motorpme.text import unpack

Filters = tuple[tuple[str, list], ...]


def search(
    db: sqlite3.Connection,
    query: str,
    scope: Scope = EVERYTHING,
    label: str | None = None,
    limit: int | None = None,
    context: int = 8,
    hits: int = 5,
    exact: bool = False,
) -> list[dict[str, Any]]:
    """Articles matching ``query``, best first, each with its keyword-in-context lines.

    Articles holding the words as typed come first, then those holding only words of the
    same stem (none with ``exact``). With ``label``, the query is an entity name matched
    through canonical names, its aliases, a surname's full names, a date's or an amount's value."""
    filters = tuple(scope.parts(db))
    if label:
        return _search_entities(db, query, label, filters, limit, (context, hits))
    parsed = parse_query(query, exact)
    if parsed.only_not:
        return _without(db, parsed, filters, limit)
    seen: set[int] = set()
    results = _ranked(db, parsed, parsed.exact, False, filters, limit, (context, hits), seen)
    if parsed.widened and (limit is None or len(results) < limit):
        left = None if limit is None else limit - len(results)
        results += _ranked(db, parsed, parsed.widened, True, filters, left, (context, hits), seen)
    return results


def _ranked(
    db: sqlite3.Connection,
    parsed: Query,
    fts: str,
    widened: bool,
    filters: Filters,
    limit: int | None,
    shape: tuple[int, int],
    seen: set[int],
) -> list[dict[str, Any]]:
    """Matches of ``fts`` best first, those in ``seen`` left out (and added), each checked
    against the terms (a ``c++`` must be there as typed, a stem must really be the word's).
    A copy group is one hit, its best-ranked article, saying how many copies it has."""
    results = []
    for row in _matches(db, fts, filters, seen):
        if row["grp"] in seen:
            continue
        row["text"] = _text(db, row["rowid"])
        spans = highlight(row["text"], parsed.terms, widened)
        if spans is None or (widened and not spans):
            continue
        seen.add(row["grp"])
        results.append({**_hit(row, round(-row["score"], 4), spans, *shape), "copies": row["grp"]})
        if limit is not None and len(results) >= limit:
            break
    return _count_copies(db, results)


# Matches are read from the full-text index alone, best first, and their articles a chunk
# at a time: a query matching most of a large corpus reads the articles of the hits shown,
# not a join of every match (16,000 for a common word at 100,000 articles: 50 ms to 5).
_CHUNK = 200
_ONCE = once()  # the filter part that keeps one article per copy group


def _matches(
    db: sqlite3.Connection, fts: str, filters: Filters, seen: set[int]
) -> Iterator[dict[str, Any]]:
    """Every match of ``fts`` that the filters keep, with its article's id, file, date, title,
    score and copy group, in the order of ``ORDER BY score, a.date, a.id`` over the join;
    but for the matches of the groups in ``seen`` when their chunk is read."""
    try:
        cur = db.execute(
            "SELECT rowid, bm25(fts) AS score FROM fts WHERE fts MATCH ? ORDER BY score", [fts]
        )
        first = cur.fetchmany(_CHUNK)
    except sqlite3.OperationalError as exc:
        raise _bad_query(exc) from None
    return _chunked(db, first, cur, filters, seen)


def _chunked(
    db: sqlite3.Connection, pending: list, cur: sqlite3.Cursor, filters: Filters, seen: set[int]
) -> Iterator[dict[str, Any]]:
    for row in cur:
        # A chunk ends between two scores, so ties are sorted by date and id within it.
        if len(pending) >= _CHUNK and row[1] != pending[-1][1]:
            yield from _articles(db, pending, filters, seen)
            pending = []
        pending.append(row)
    if pending:
        yield from _articles(db, pending, filters, seen)


def _articles(
    db: sqlite3.Connection, chunk: list, filters: Filters, seen: set[int]
) -> list[dict[str, Any]]:
    scores = dict(chunk)
    representatives = _ONCE in filters
    if seen or representatives:
        # Before any article is read, an index of (article, group) leaves out the matches of
        # the groups already shown, and the copies when only representatives are kept: in a
        # corpus of copies most matches are (100,000 articles, `search Alpine`: 7,700
        # article rows read became 20). From `main`: a stop list shadows `articles` with a view.
        marks = ",".join("?" * len(scores))
        for rowid, copy_of in db.execute(
            "SELECT rowid, copy_of FROM main.articles INDEXED BY articles_by_group"
            f" WHERE rowid IN ({marks})",
            list(scores),
        ).fetchall():
            if (representatives and copy_of is not None) or (copy_of or rowid) in seen:
                del scores[rowid]
        if not scores:
            return []
    where, args = where_clause(
        (f"a.rowid IN ({','.join('?' * len(scores))})", list(scores)), *filters
    )
    rows = [
        {"rowid": r[0], "id": r[1], "file": r[2], "date": r[3], "title": r[4],
         "grp": r[5], "score": scores[r[0]]}
        for r in db.execute(
            "SELECT a.rowid, a.id, a.file, a.date, a.title, coalesce(a.copy_of, a.rowid)"
            f" FROM articles a {where}",
            args,
        )
    ]  # fmt: skip
    rows.sort(key=lambda r: (r["score"], r["date"] is not None, r["date"] or "", r["id"]))
    return rows


def _count_copies(db: sqlite3.Connection, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each hit's ``copies`` (its copy group's id until now) becomes how many copies the group
    has (``copy_counts``), read for the hits shown only."""
    groups = [hit["copies"] for hit in results]
    counts: dict[int, int] = {}
    for start in range(0, len(groups), 500):  # under SQLite's limit of bound values
        chunk = groups[start : start + 500]
        counts.update(
            db.execute(
                f"SELECT article, copies FROM copy_counts WHERE article IN"
                f" ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        )
    for hit in results:
        hit["copies"] = counts.get(hit["copies"], 0)
    return results


def _text(db: sqlite3.Connection, rowid: int) -> str:
    return unpack(db.execute("SELECT text FROM articles WHERE rowid = ?", (rowid,)).fetchone()[0])


def _without(
    db: sqlite3.Connection, parsed: Query, filters: Filters, limit: int | None
) -> list[dict[str, Any]]:
    """``NOT x`` alone: every article without x, by date."""
    where, args = where_clause(
        (
            "a.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)",
            [parsed.widened or parsed.exact],
        ),
        *filters,
    )
    sql = (
        f"SELECT a.rowid, a.id, a.file, a.date, a.title, '' AS text, 0 AS score FROM articles a"
        f" {where} ORDER BY a.date IS NULL, a.date, a.id"
    )
    results = []
    for values, cols in _run(db, sql, args, limit, parsed.text):
        row = as_dict(values, cols)  # no hit, no context line: the text is not read
        results.append({**_hit(row, 0, [], 0, 0), "lines": []})
    return results


def _run(db: sqlite3.Connection, sql: str, args: list, limit: int | None, parsed: Query) -> Any:
    try:
        return (
            list(fetch(db, sql, args, limit)) if limit is not None else fetch(db, sql, args, None)
        )
    except sqlite3.OperationalError as exc:
        raise _bad_query(exc) from None


def _bad_query(exc: sqlite3.OperationalError) -> MotorpmeError:
    return MotorpmeError(
        f"bad search query: {exc}",
        hint='quote phrases, e.g. "Pôle Mécanique"; operators are AND OR NOT',
    )


def _hit(
    row: dict[str, Any], score: float, spans: list[tuple[int, int]], context: int, hits: int
) -> dict[str, Any]:
    """One result: the article's id, file, date and title, its score, hits and context lines."""
    keep = {k: row[k] for k in ("id", "file", "date", "title")}
    lines = kwic(row["text"], spans, context, hits)
    return {**keep, "score": score, "hits": len(spans), "lines": lines}


def _search_entities(
    db: sqlite3.Connection,
    query: str,
    label: str,
    filters: Filters,
    limit: int | None,
    shape: tuple[int, int],
) -> list[dict[str, Any]]:
    where, args = where_clause(mention_match(query, label), *filters)
    sql = (
        f"SELECT a.rowid, a.id, a.file, a.date, a.title, a.text, count(*) AS n,"
        f" group_concat(m.start || ':' || m.\"end\") AS spans"
        f" FROM mentions m JOIN articles a ON a.rowid = m.article {where}"
        f" GROUP BY a.rowid ORDER BY n DESC, a.date, a.id"
    )
    results = []
    for values, cols in fetch(db, sql, args, limit):
        row = as_dict(values, cols)
        row["text"] = unpack(row["text"])
        spans = sorted(tuple(map(int, s.split(":"))) for s in row["spans"].split(","))
        results.append(_hit(row, row["n"], spans, *shape))
    return results


def why_empty(
    db: sqlite3.Connection,
    query: str,
    scope: Scope = EVERYTHING,
    label: str | None = None,
    exact: bool = False,
) -> str:
    """Why a search found nothing, in one line: the filters left the matches out, or nothing
    matches (with the closest indexed word or entity name when one is near)."""
    if not scope.everything:
        found = search(db, query, EVERYTHING, label, None, 0, 0, exact)
        if found:
            return f"{len(found)} matching article(s), none within the filters given"
    if label:
        names = [r[0] for r in db.execute("SELECT name FROM entities WHERE label = ?", (label,))]
        import difflib  # only when nothing matched: read commands start without it

        close = difflib.get_close_matches(query, names, n=1, cutoff=0.75)
        return f"no {label} entity matches {query!r}" + (
            f"; did you mean {close[0]!r}?" if close else ""
        )
    parsed = parse_query(query, exact)
    close = [_closest_word(db, t.words[0]) for t in parsed.terms if len(t.words) == 1]
    hint = ", ".join(repr(w) for w in close if w)
    return f"no article matches {query!r}" + (f"; did you mean {hint}?" if hint else "")


def _closest_word(db: sqlite3.Connection, word: str) -> str | None:
    """The indexed word nearest ``word`` (same first letter), when it is not indexed itself."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_words USING fts5vocab(main, fts, row)")
    head = word[:1]
    words = [
        r[0]
        for r in db.execute(
            "SELECT term FROM temp.fts_words WHERE term >= ? AND term < ?", (head, head + "\uffff")
        )
    ]
    if word in words:
        return None
    import difflib

    close = difflib.get_close_matches(word, words, n=1, cutoff=0.75)
    return close[0] if close else None
