"""The LSH candidates of the articles a ``refresh`` compares (``copies.py``), found in memory.

Each article's buckets are one blob in its ``minhash`` row (sorted little-endian uint32). The
fresh articles' buckets are read first; then every stored blob is read once, a few thousand
rows at a time, and only the (bucket, article) entries whose bucket some fresh article has
are kept, packed as ``bucket << 32 | article`` in one sorted uint64 array: 8 bytes a kept
bucket (at most every stored one: 30 MB at 100,000 articles of 37 bands), allocated once.
Adding one article to a large index keeps a handful of entries; the cost is the one read of
the blobs (about 150 bytes an article).
"""

from __future__ import annotations

import sqlite3

import numpy as np

from motorpme.errors import MotorpmeError

_CHUNK = 4096  # rows read at a time
_LOW = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)


def _unpack(rows: list[tuple[int, bytes]]) -> tuple[np.ndarray, np.ndarray]:
    """The buckets of ``rows`` (article, blob) end to end, and each one's article."""
    keys = np.frombuffer(b"".join(blob for _, blob in rows), "<u4")
    counts = [len(blob) // 4 for _, blob in rows]
    owners = np.repeat(np.fromiter((a for a, _ in rows), np.uint64, len(rows)), counts)
    return keys, owners


class Candidates:
    """For each fresh article (``compared = 0``), the stored articles sharing the most of its
    buckets: the order of ``GROUP BY article ORDER BY count(*) DESC, article LIMIT n``."""

    def __init__(self, db: sqlite3.Connection, limit: int) -> None:
        self.limit = limit
        fresh = db.execute(
            "SELECT article, buckets FROM minhash WHERE compared = 0 AND buckets IS NOT NULL"
        ).fetchall()
        self.mine = {rowid: np.frombuffer(blob, "<u4") for rowid, blob in fresh}
        wanted = np.unique(np.concatenate(list(self.mine.values()))) if fresh else None
        self.entries = self._load(db, wanted) if wanted is not None else np.empty(0, np.uint64)

    @staticmethod
    def _load(db: sqlite3.Connection, wanted: np.ndarray) -> np.ndarray:
        total, top = db.execute(
            "SELECT sum(length(buckets)) / 4, max(article) FROM minhash WHERE buckets IS NOT NULL"
        ).fetchone()
        if top >= 2**32:
            raise MotorpmeError(
                "the index numbers its articles past 2**32", hint="rebuild it: rm the index file"
            )
        entries, used = np.empty(total, np.uint64), 0
        cursor = db.execute("SELECT article, buckets FROM minhash WHERE buckets IS NOT NULL")
        while rows := cursor.fetchmany(_CHUNK):
            keys, owners = _unpack(rows)
            at = np.minimum(np.searchsorted(wanted, keys), len(wanted) - 1)
            hit = wanted[at] == keys
            kept = (keys[hit].astype(np.uint64) << _SHIFT) | owners[hit]
            entries[used : used + len(kept)] = kept
            used += len(kept)
        entries = entries[:used]  # a view: no second copy
        entries.sort()
        return entries

    def __call__(self, rowid: int) -> list[int]:
        """The article's candidates, best first (none when it has no buckets)."""
        mine = self.mine.get(rowid)
        if mine is None or not len(self.entries):
            return []
        keys = mine.astype(np.uint64) << _SHIFT
        starts = np.searchsorted(self.entries, keys)
        ends = np.searchsorted(self.entries, keys + (np.uint64(1) << _SHIFT))
        owners = (
            np.concatenate([self.entries[s:e] for s, e in zip(starts, ends, strict=True)]) & _LOW
        )
        owners = owners[owners != np.uint64(rowid)]
        if not len(owners):
            return []
        articles, shared = np.unique(owners, return_counts=True)
        best = np.lexsort((articles, -shared))[: self.limit]
        return [int(a) for a in articles[best]]
