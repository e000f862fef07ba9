"""The pairs of named entities that share a sentence, per article, computed when an article is
written: ``network`` then reads stored rows instead of joining every mention at read time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations

from motorpme.models import VALUED, Mention

PairRow = tuple[int, str, str, str, str, int, int, int]


def pair_rows(article: int, mentions: Sequence[Mention], keys: Sequence[str]) -> Iterator[PairRow]:
    """One row per pair of distinct named entities (not amounts or dates) of an article that
    share at least one sentence: the pair in (label, key) order, the number of sentences they
    share, and the ``seq`` of their two mentions in the first of these sentences (the proof
    a reader is shown)."""
    sentences: dict[int, dict[tuple[str, str], int]] = {}
    for seq, (m, key) in enumerate(zip(mentions, keys, strict=True)):
        if m.label in VALUED or m.sentence is None:
            continue
        sentences.setdefault(m.sentence, {}).setdefault((m.label, key), seq)
    found: dict[tuple[tuple[str, str], tuple[str, str]], list[int]] = {}
    for number in sorted(sentences):
        for (a, a_seq), (b, b_seq) in combinations(sorted(sentences[number].items()), 2):
            if (a, b) in found:
                found[a, b][0] += 1
            else:
                found[a, b] = [1, a_seq, b_seq]
    for (a, b), (count, a_seq, b_seq) in found.items():
        yield (article, *a, *b, count, a_seq, b_seq)
