"""The pairs of named entities that share a sentence, per article, computed when an article is
written: ``network`` then reads stored rows instead of joining every mention at read time."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations

from motorpme.models import VALUED, Mention

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


def unpair(db: sqlite3.Connection, article: int) -> None:
    """Delete an article's pairs, found by their values (computed again from its stored
    mentions: the table has no index by article), before the article is deleted."""
    items = db.execute(
        "SELECT label, key, sentence, seq FROM mentions WHERE article = ? ORDER BY seq", (article,)
    )
    db.executemany(
        "DELETE FROM pairs WHERE a_label = ? AND a_key = ? AND b_label = ? AND b_key = ?"
        " AND article = ?",
        [(*a, *b, article) for a, b in _shared(items)],
    )


Entity = tuple[str, str]


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
