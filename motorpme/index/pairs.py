"""The pairs of named entities that share a sentence, per article, computed when an article is
written: ``network`` then reads stored rows instead of joining every mention at read time."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations

from motorpme.models import VALUED, Mention

Entity = tuple[str, str]
PairRow = tuple[int, str, str, str, str, int, int, int]


def pair_rows(article: int, mentions: Sequence[Mention], keys: Sequence[str]) -> Iterator[PairRow]:
    """One row per pair of distinct named entities (not amounts or dates) of an article that
    share at least one sentence: the pair in (label, key) order, the number of sentences they
    share, and the ``seq`` of their two mentions in the first of these sentences (the proof
    a reader is shown)."""
    items = (
        (m.label, key, m.sentence, seq)
        for seq, (m, key) in enumerate(zip(mentions, keys, strict=True))
    )
    for (a, b), (count, a_seq, b_seq) in _shared(items).items():
        yield (article, *a, *b, count, a_seq, b_seq)


def write_pairs(
    db: sqlite3.Connection, article: int, mentions: Sequence[Mention], keys: Sequence[str]
) -> None:
    """Store an article's pairs (``pair_rows``), each entity by its ``pair_entities`` number."""
    rows = list(pair_rows(article, mentions, keys))
    ids = entity_ids(db, {(r[1], r[2]) for r in rows} | {(r[3], r[4]) for r in rows})
    db.executemany(
        "INSERT INTO pairs VALUES (?, ?, ?, ?, ?, ?)",
        [(ids[r[1], r[2]], ids[r[3], r[4]], r[0], *r[5:]) for r in rows],
    )


def entity_ids(db: sqlite3.Connection, entities: Iterable[Entity]) -> dict[Entity, int]:
    """The number of each (label, key), given one the first time it is paired. Numbers are
    never reused nor changed: an entity no pair names any more keeps its row (a few bytes)."""
    ids = {}
    for entity in sorted(entities):
        row = db.execute(
            "SELECT id FROM pair_entities WHERE label = ? AND key = ?", entity
        ).fetchone()
        if row is None:
            row = (
                db.execute(
                    "INSERT INTO pair_entities (label, key) VALUES (?, ?)", entity
                ).lastrowid,
            )
        ids[entity] = row[0]
    return ids


def unpair(db: sqlite3.Connection, article: int) -> None:
    """Delete an article's pairs, found by their values (computed again from its stored
    mentions: the table has no index by article), before the article is deleted."""
    items = db.execute(
        "SELECT label, key, sentence, seq FROM mentions WHERE article = ? ORDER BY seq", (article,)
    )
    number = "(SELECT id FROM pair_entities WHERE label = ? AND key = ?)"
    db.executemany(
        f"DELETE FROM pairs WHERE a = {number} AND b = {number} AND article = ?",
        [(*a, *b, article) for a, b in _shared(items)],
    )


def _shared(
    items: Iterable[tuple[str, str, int | None, int]],
) -> dict[tuple[Entity, Entity], list[int]]:
    """(label, key, sentence, seq) in seq order -> each pair sharing a sentence: [sentences,
    a_seq, b_seq] (the seqs of the first sentence they share)."""
    sentences: dict[int, dict[Entity, int]] = {}
    for label, key, sentence, seq in items:
        if label in VALUED or sentence is None:
            continue
        sentences.setdefault(sentence, {}).setdefault((label, key), seq)
    found: dict[tuple[Entity, Entity], list[int]] = {}
    for number in sorted(sentences):
        for (a, a_seq), (b, b_seq) in combinations(sorted(sentences[number].items()), 2):
            if (a, b) in found:
                found[a, b][0] += 1
            else:
                found[a, b] = [1, a_seq, b_seq]
    return found
