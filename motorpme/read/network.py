"""The co-occurrence network of canonical entities: which pairs appear together, in how many
articles (and sentences), each pair with one line of proof from the text.

The sentence window reads the pairs stored at index time (``index/pairs.py``); the article
window joins the distinct entities of each article. Both count an article once per pair and
take the articles of a ``Scope``, so a filter (and copy detection) applies here as everywhere.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from motorpme.errors import MotorpmeError
from motorpme.read.scope import EVERYTHING, Scope
from motorpme.read.sql import where_clause
from motorpme.text import unpack

WINDOWS = ("sentence", "article")
NAMED = ("PER", "ORG", "LOC")  # the default types; EVENT, PRODUCT, MISC when asked for
NETWORK_LABELS = ("PER", "ORG", "LOC", "EVENT", "PRODUCT", "MISC")  # no amount or date
# A proof line: the two mentions with the words between them when they are this close.
NEAR = 400


def network(
    db: sqlite3.Connection,
    window: str = "sentence",
    labels: tuple[str, ...] = NAMED,
    min_weight: int = 1,
    scope: Scope = EVERYTHING,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The strongest pairs first: ``weight`` is the number of articles in which both appear
    (in one sentence, with the sentence window), ``sentences`` the sentences they share.
    Only pairs whose two entities have one of ``labels`` and whose weight is at least
    ``min_weight``; each with one place where it is seen (``doc``, ``date``, ``proof``)."""
    if window not in WINDOWS:
        raise MotorpmeError(f"--window {window!r}: unknown", hint="sentence or article")
    bad = [label for label in labels if label not in NETWORK_LABELS]
    if bad:
        raise MotorpmeError(
            f"--type {bad[0]}: amounts and dates are not in the network",
            hint=f"one of {', '.join(NETWORK_LABELS)}",
        )
    sql, args = (_by_sentence if window == "sentence" else _by_article)(db, labels, scope)
    sql = (
        f"SELECT * FROM ({sql}) WHERE weight >= ?"
        " ORDER BY weight DESC, sentences DESC, a_key, b_key, a_label, b_label"
    )
    args.append(min_weight)
    if limit is not None:
        sql, args = sql + " LIMIT ?", [*args, limit]
    rows = db.execute(sql, args).fetchall()
    names = _names(db, {(r[0], r[1]) for r in rows} | {(r[2], r[3]) for r in rows})
    edges = []
    for a_label, a_key, b_label, b_key, weight, sentences, *first in rows:
        edge = {
            "source": names[a_label, a_key],
            "source_label": a_label,
            "target": names[b_label, b_key],
            "target_label": b_label,
            "weight": weight,
            "sentences": sentences,
        }
        edge.update(
            _proof(db, (a_label, a_key), (b_label, b_key), scope, first[0] if first else None)
        )
        edges.append(edge)
    return edges


def _in(column: str, labels: tuple[str, ...]) -> tuple[str, list]:
    return f"{column} IN ({', '.join('?' * len(labels))})", list(labels)


def _by_sentence(db: sqlite3.Connection, labels: tuple[str, ...], scope: Scope) -> tuple[str, list]:
    parts = [part for part in scope.parts(db) if part[0]]
    held: tuple[str, list] = ("", [])
    if parts:
        # The articles a filter keeps are drawn once (an in-memory set SQLite builds from the
        # subquery), not looked up per pair: at 100,000 articles 1.7 s became 0.13 s.
        inner, inner_args = where_clause(*parts)
        held = (f"p.article IN (SELECT a.rowid FROM articles a {inner})", inner_args)
    typed, typed_args = _in("label", labels)
    numbers = f"(SELECT id FROM pair_entities WHERE {typed})"
    kept = [(f"p.a IN {numbers} AND p.b IN {numbers}", typed_args * 2), held]
    merged = [r[0] for r in db.execute(_ALIASED).fetchall()]
    marks = ", ".join("?" * len(merged))
    if merged:  # their pairs are left to the second part, counted under the merged name
        kept.append((f"p.a NOT IN ({marks}) AND p.b NOT IN ({marks})", merged * 2))
    where, args = where_clause(*kept)
    # Read in the table's (pair, article) order, the grouping needs no sort; the entities'
    # label and key are looked up for the pairs kept only.
    sql = (
        "SELECT x.label AS a_label, x.key AS a_key, y.label AS b_label, y.key AS b_key,"
        " g.weight, g.sentences FROM (SELECT p.a, p.b, count(*) AS weight,"
        f" sum(p.sentences) AS sentences FROM pairs p {where} GROUP BY p.a, p.b) g"
        " JOIN pair_entities x ON x.id = g.a JOIN pair_entities y ON y.id = g.b"
    )
    if not merged:
        return sql, args
    inner, inner_args = where_clause(
        (f"(p.a IN ({marks}) OR p.b IN ({marks}))", merged * 2),
        (f"x.{typed} AND y.{typed} AND (x.label, x.key) != (y.label, y.key)", typed_args * 2),
        held,
    )
    merged_pair = "a_label, a_key, b_label, b_key"
    sql += (
        f" UNION ALL SELECT {merged_pair}, count(*), sum(sentences)"
        f" FROM ({_merged_pairs(inner)}) GROUP BY {merged_pair}"
    )
    return sql, [*args, *inner_args]


def _merged_pairs(where: str) -> str:
    """The stored pairs ``where`` keeps, under the names as merged (``x`` and ``y``: the two
    ends, ``p``: the pair): per pair and article, the sentences of the spelling that shares
    most (the pairs keep counts, not which sentences: two spellings may share the same one).
    Columns ``a_label, a_key, b_label, b_key, article, sentences``, a before b."""
    lo = "(x.label, x.key) < (y.label, y.key)"
    return (
        f"SELECT iif({lo}, x.label, y.label) AS a_label, iif({lo}, x.key, y.key) AS a_key,"
        f" iif({lo}, y.label, x.label) AS b_label, iif({lo}, y.key, x.key) AS b_key,"
        " p.article, max(p.sentences) AS sentences FROM pairs p"
        f" JOIN ({_MERGED}) x ON x.id = p.a JOIN ({_MERGED}) y ON y.id = p.b {where}"
        " GROUP BY 1, 2, 3, 4, 5"
    )


# Merges (index/merging.py: a surname, a typo, an acronym joined to a name) rewrite the
# mentions' keys after the pairs are stored, and are made again at each update: the pairs
# keep the numbers of the names as written, read here through ``aliases``. The numbers an
# alias or a name it joins has; each number with the key it has now.
_ALIASED = (
    "SELECT DISTINCT p.id FROM aliases al JOIN pair_entities p ON p.label = al.label"
    " AND p.key IN (al.alias, al.key)"
)
_MERGED = (
    "SELECT p.id, p.label, coalesce(al.key, p.key) AS key FROM pair_entities p"
    " LEFT JOIN aliases al ON al.label = p.label AND al.alias = p.key"
)


def _by_article(db: sqlite3.Connection, labels: tuple[str, ...], scope: Scope) -> tuple[str, list]:
    where, args = where_clause(_in("m.label", labels), *scope.parts(db))
    shared, joined, extra = "p.sentences", "", []
    merged = [r[0] for r in db.execute(_ALIASED).fetchall()]
    if merged:
        # A merged name's pairs are stored under each spelling: per article, the spelling
        # that shares most sentences with the other end counts (as in the sentence window).
        marks = ", ".join("?" * len(merged))
        pairs = _merged_pairs(f"WHERE p.a IN ({marks}) OR p.b IN ({marks})")
        joined = (
            f" LEFT JOIN ({pairs}) s ON s.a_label = x.label AND s.a_key = x.key"
            " AND s.b_label = y.label AND s.b_key = y.key AND s.article = x.article"
        )
        shared, extra = "coalesce(s.sentences, p.sentences)", merged * 2
    sql = (
        "WITH e AS (SELECT DISTINCT m.article, m.label, m.key FROM mentions m"
        f" JOIN articles a ON a.rowid = m.article {where})"
        " SELECT x.label AS a_label, x.key AS a_key, y.label AS b_label, y.key AS b_key,"
        f" count(*) AS weight, coalesce(sum({shared}), 0) AS sentences,"
        " min(x.article) AS first"  # the first article indexed that holds both, in scope
        " FROM e x JOIN e y ON y.article = x.article AND (x.label, x.key) < (y.label, y.key)"
        " LEFT JOIN pair_entities i ON i.label = x.label AND i.key = x.key"
        " LEFT JOIN pair_entities j ON j.label = y.label AND j.key = y.key"
        f" LEFT JOIN pairs p ON p.a = i.id AND p.b = j.id AND p.article = x.article{joined}"
        " GROUP BY x.label, x.key, y.label, y.key"
    )
    return sql, [*args, *extra]


def _names(db: sqlite3.Connection, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The display name of each (label, key): the entity table's, else the key."""
    names = {pair: pair[1] for pair in wanted}
    for label, key in wanted:
        row = db.execute(
            "SELECT name FROM entities WHERE label = ? AND key = ?", (label, key)
        ).fetchone()
        if row:
            names[label, key] = row[0]
    return names


def _proof(
    db: sqlite3.Connection,
    a: tuple[str, str],
    b: tuple[str, str],
    scope: Scope,
    first: int | None,
) -> dict[str, Any]:
    """One place where the pair is seen in scope: a sentence both are in (in the first article
    indexed with it), else (article window) the first mention of each in ``first``, the first
    article indexed that holds both (the window's query finds it with the weight: looked up
    pair by pair, it read every article of the two, 28 s for 1,460 pairs at 100,000)."""
    parts = scope.parts(db)
    ids = [_numbers(db, entity) for entity in (a, b)]
    # Each spelling's pairs are read in the table's order, which stops at the first row
    # (sorting by date would read every article of a frequent pair); with no merge the
    # pair has one number each, in the stored order. The first article indexed wins.
    pairs = [(x, y) for x in ids[0] for y in ids[1]]
    if len(pairs) > 1:
        pairs += [(y, x) for x, y in pairs]
    row = None
    for x, y in pairs:
        where, args = where_clause(("p.a = ? AND p.b = ?", [x, y]), *parts)
        found = db.execute(
            "SELECT a.rowid, a.id, a.date, a.text, p.a_seq, p.b_seq FROM pairs p CROSS JOIN"
            f" articles a ON a.rowid = p.article {where} ORDER BY p.article LIMIT 1",
            args,
        ).fetchone()
        if found is not None and (row is None or found[0] < row[0]):
            row = found
    if row is None and first is not None:
        article = db.execute(
            "SELECT a.rowid, a.id, a.date, a.text FROM articles a WHERE a.rowid = ?", (first,)
        ).fetchone()
        if article is not None:
            seqs = [
                db.execute(
                    "SELECT min(seq) FROM mentions WHERE article = ? AND label = ? AND key = ?",
                    (first, *entity),
                ).fetchone()[0]
                for entity in (a, b)
            ]
            row = (*article, *seqs)
    if row is None:
        return {}
    rowid, doc_id, date, packed, a_seq, b_seq = row
    text = unpack(packed)
    spans = sorted(
        db.execute(
            'SELECT start, "end" FROM mentions WHERE article = ? AND seq IN (?, ?)',
            (rowid, a_seq, b_seq),
        ).fetchall()
    )
    return {"doc": doc_id, "date": date, "proof": proof_line(text, spans)}


def _numbers(db: sqlite3.Connection, entity: tuple[str, str]) -> list[int]:
    """The ``pair_entities`` numbers of an entity: its own, and those of its aliases."""
    found = db.execute(
        "SELECT id FROM pair_entities WHERE label = ? AND key = ? UNION SELECT p.id"
        " FROM aliases al JOIN pair_entities p ON p.label = al.label AND p.key = al.alias"
        " WHERE al.label = ? AND al.key = ?",
        [*entity, *entity],
    )
    return [r[0] for r in found.fetchall()]


def proof_line(text: str, spans: list[tuple[int, int]], context: int = 60) -> str:
    """The two mentions in brackets with the text between them and ``context`` characters
    around, on one line; far apart, two excerpts joined by `` … ``."""
    (s1, e1), (s2, e2) = spans[0], spans[-1]

    def excerpt(start: int, end: int, marks: list[tuple[int, int]]) -> str:
        left = max(0, start - context)
        left = text.find(" ", left, start) + 1 if left else 0
        right = text.rfind(" ", end, end + context) if end + context < len(text) else len(text)
        right = right if right > end else min(len(text), end + context)
        pieces, pos = [], left
        for s, e in marks:
            pieces += [text[pos:s], "[", text[s:e], "]"]
            pos = e
        pieces.append(text[pos:right])
        cut = ("…" if left else "", "…" if right < len(text) else "")
        return cut[0] + " ".join("".join(pieces).split()) + cut[1]

    if s2 - e1 <= NEAR or len(spans) == 1:
        return excerpt(s1, e2, spans if s2 >= e1 else spans[:1])
    return excerpt(s1, e1, [spans[0]]) + " " + excerpt(s2, e2, [spans[-1]])


def graph(edges: list[dict[str, Any]]) -> Any:
    """The edges as a networkx graph (nodes named ``TYPE:name``, with their ``label``, the name
    Gephi shows, and ``type``; edges with their weight, sentences and proof): what
    ``--gexf``, ``--graphml`` and ``--json`` write."""
    import networkx as nx

    g = nx.Graph()
    for e in edges:
        ends = []
        for side in ("source", "target"):
            node = f"{e[side + '_label']}:{e[side]}"
            g.add_node(node, label=e[side], type=e[side + "_label"])
            ends.append(node)
        attrs = {
            k: e[k] for k in ("weight", "sentences", "doc", "date", "proof") if e.get(k) is not None
        }
        g.add_edge(*ends, **attrs)
    return g
