"""Near-duplicate articles (syndicated copies): MinHash signatures of word shingles, banded
for locality-sensitive hashing, kept in the index; copy groups with a representative.

Why this shape:
- An article's LSH band buckets are stored with it, one blob of sorted 32-bit buckets in its
  ``minhash`` row (37 bands: 148 bytes), not one indexed row per bucket (an SQLite index on
  the bucket was 68 MB of a 491 MB index at 100,000 articles). Finding candidates is done in
  memory by ``refresh``, and only when some article is new: every stored blob is read once
  and the buckets a new article has are kept (about 8 bytes a bucket, 30 MB at 100,000
  articles), with no LSH structure rebuilt from every stored signature (rebuilding
  datasketch's ``MinHashLSH`` from 10,000 signatures took 1.9 s; see ``make bench``).
- Candidates are checked exactly on the shingle hashes, computed again from the stored text.
  The similarity is the containment of the shorter article in the longer,
  |A∩B| / min(|A|, |B|): it is near 1 for a copy with other boilerplate, a changed word or
  typography, an added paragraph or a truncation (one is the first half of the other), where
  Jaccard drops to 0.5; articles that share a quote or a press-release paragraph stay far
  below ``THRESHOLD``. Pairs store it in ten-thousandths (an integer: the 4 digits kept).
- Groups are redrawn from the stored pairs after every change (cheap: pairs are few), so a
  removed or edited representative hands its group to the next one. A removed article's
  pairs go at the next ``refresh``, all removed articles in one pass over the pairs: the
  pairs keep no index by their second article, nor a cascade that would need one.
"""

from __future__ import annotations

import hashlib
import math
import re
import sqlite3
import struct
import zlib
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from motorpme.text import fold, unpack

if TYPE_CHECKING:  # numpy is imported when an article is signed, never by a read command
    import numpy as np

    from motorpme.index.candidates import Candidates

NUM_PERM = 128  # MinHash permutations: Jaccard estimated to about ±0.04
SHINGLE = 5  # words per shingle: shared common phrases rarely make 5 words in a row
# LSH is tuned to find every pair of Jaccard 0.3 or more (a half-truncation is 0.5), and
# datasketch picks the bands and rows that minimise the false positives and negatives there.
CANDIDATE_JACCARD = 0.3
# Two articles are copies at this containment or more: chosen on the curve of
# bench/copies.py (README, "Copies").
THRESHOLD = 0.6
# Pairs are kept from this similarity on, so ``copies --min-similarity`` can look lower
# than THRESHOLD without comparing again; groups are drawn at THRESHOLD.
KEEP = 0.3
# Candidates checked exactly per new article, those sharing the most bands first: a story
# copied a hundred times is still one group (each copy joins it through the others), and a
# corpus where everything shares paragraphs stays linear in its size.
MAX_CANDIDATES = 16
# A text shorter than this many shingles says too little to call anything its copy.
MIN_SHINGLES = 10
_SCHEME = "affine32"
_WORD = re.compile(r"\w+")


def shingle_hashes(text: str) -> np.ndarray:
    """The sorted distinct 32-bit hashes of the text's word shingles. Words are folded (case,
    accents) and punctuation is dropped, so typography (quotes, apostrophes, dashes, spaces)
    never makes two copies differ. Each word is hashed once (CRC-32) and a shingle's hash
    combines its words' hashes by position, in numpy: no string is built per shingle."""
    import numpy as np

    words = _WORD.findall(fold(text))
    if not words:
        return np.empty(0, np.uint32)
    hashed = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), np.uint64, len(words))
    width = min(SHINGLE, len(words))
    count = len(words) - width + 1
    combined = np.zeros(count, np.uint64)
    for k in range(width):  # wraps modulo 2**64: that is the point of a hash
        combined = combined * np.uint64(_MIX) + hashed[k : k + count]
    return np.unique((combined >> np.uint64(29)).astype(np.uint32))


# An odd 64-bit multiplier (from splitmix64): each word's position changes the shingle hash.
_MIX = 0x9E3779B97F4A7C15


class Signer:
    """MinHash signatures (datasketch) and their LSH band buckets, with the permutations
    drawn once (drawing them is most of the cost of a new ``MinHash``)."""

    def __init__(self) -> None:
        from datasketch import MinHash, MinHashLSH

        self._minhash = MinHash
        template = MinHash(num_perm=NUM_PERM, scheme=_SCHEME, hashfunc=_same)
        self._permutations = template.permutations
        lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
        self.bands, self.rows = lsh.b, lsh.r

    def signature(self, hashes: np.ndarray) -> np.ndarray:
        import numpy as np

        m = self._minhash(
            num_perm=NUM_PERM,
            scheme=_SCHEME,
            hashfunc=_same,
            permutations=self._permutations,
        )
        if len(hashes):
            m.update_batch(hashes.astype(np.uint64))
        return np.asarray(m.hashvalues, dtype=np.uint32)

    def buckets(self, signature: np.ndarray) -> list[int]:
        """One bucket per band: a 32-bit hash of the band's rows, salted with its number (bits
        1-32 of a blake2b digest: what the buckets of version 11 kept, so they convert)."""
        out = []
        for band in range(self.bands):
            rows = signature[band * self.rows : (band + 1) * self.rows].tobytes()
            digest = hashlib.blake2b(rows, digest_size=8, salt=band.to_bytes(8, "little"))
            out.append((int.from_bytes(digest.digest(), "little") >> 1) & 0xFFFFFFFF)
        return out


@lru_cache(maxsize=1)
def signer() -> Signer:
    """The one ``Signer`` of this process (its permutations are drawn once)."""
    return Signer()


def _same(value: int) -> int:
    """The shingles come hashed already: datasketch's hash function is the identity."""
    return value


def bucket_blob(buckets: Iterable[int]) -> bytes | None:
    """The stored form of an article's buckets: distinct, sorted, little-endian uint32."""
    found = sorted(set(buckets))
    return struct.pack(f"<{len(found)}I", *found) if found else None


def sign(db: sqlite3.Connection, by: Signer, rowid: int, text: str) -> None:
    """Store that an article is signed, with its band buckets (inside the caller's
    transaction); it is compared with the others by the next ``refresh``."""
    hashes = shingle_hashes(text)
    db.execute(
        "INSERT OR REPLACE INTO minhash VALUES (?, ?, 0, ?)",
        (rowid, len(hashes), bucket_blob(_buckets(by, hashes))),
    )
    if len(_SIGNED) >= Hashes.KEPT:
        _SIGNED.clear()
    _SIGNED[rowid] = (zlib.crc32(text.encode("utf-8")), hashes)


# The hashes ``sign`` computed, for the ``refresh`` that follows in the same run (which
# would compute them again from the stored text): each with its text's CRC-32, so that an
# article written since under the same rowid is never given another's. Bounded like
# ``Hashes`` (10,000 articles: 1.5 s of the writing process's CPU saved).
_SIGNED: dict[int, tuple[int, np.ndarray]] = {}


def _buckets(by: Signer, hashes: np.ndarray) -> list[int]:
    """An article's LSH band buckets (none when it is too short to call anything a copy)."""
    return by.buckets(by.signature(hashes)) if len(hashes) >= MIN_SHINGLES else []


def forget(db: sqlite3.Connection, rowid: int) -> None:
    """Note that an article is deleted: its pairs go at the next ``refresh``, with those of
    every article deleted meanwhile (its ``minhash`` row goes with it, by cascade). A new
    article given its rowid gets no pair before then, so none of its own is lost."""
    db.execute("INSERT OR IGNORE INTO copy_gone VALUES (?)", (rowid,))
    # Its group's count as ``copy_of`` now tells it, until the groups are drawn again.
    db.execute("DELETE FROM copy_counts WHERE article = ?", (rowid,))
    db.execute(
        "UPDATE copy_counts SET copies = copies - 1"
        " WHERE article = (SELECT copy_of FROM articles WHERE rowid = ?)",
        (rowid,),
    )


def _drop_gone(db: sqlite3.Connection) -> None:
    """Delete the pairs of the articles deleted since the last refresh: one pass."""
    if db.execute("SELECT 1 FROM copy_gone LIMIT 1").fetchone() is None:
        return
    db.execute(
        "DELETE FROM copy_pairs WHERE a IN (SELECT article FROM copy_gone)"
        " OR b IN (SELECT article FROM copy_gone)"
    )
    db.execute("DELETE FROM copy_gone")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Containment of the shorter shingle set in the longer (1.0 for a truncation)."""
    import numpy as np

    if not len(a) or not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / min(len(a), len(b))


def to_stored(score: float) -> int:
    """A similarity as ``copy_pairs`` stores it: ten-thousandths, ``round(score, 4)`` exactly."""
    return round(round(score, 4) * SCALE)


def from_stored(value: int) -> float:
    """The stored similarity back: the very float ``round(score, 4)`` gave."""
    return value / SCALE


SCALE = 10_000


def refresh(db: sqlite3.Connection) -> int:
    """Sign the articles that have no signature yet, compare every article not yet compared
    with its LSH candidates, and redraw the groups. Inside the caller's transaction.
    Returns how many articles were compared."""
    from motorpme.index.candidates import Candidates

    _drop_gone(db)
    unsigned = db.execute(
        "SELECT rowid, text FROM articles WHERE rowid NOT IN (SELECT article FROM minhash)"
    ).fetchall()
    for rowid, text in unsigned:
        sign(db, signer(), rowid, unpack(text))
    fresh = [r[0] for r in db.execute("SELECT article FROM minhash WHERE compared = 0")]
    seen = Hashes(db)
    if fresh:
        found = Candidates(db, MAX_CANDIDATES)
        for rowid in fresh:
            compare(db, rowid, seen, found)
        db.execute("UPDATE minhash SET compared = 1 WHERE compared = 0")
    regroup(db, THRESHOLD, seen)
    _SIGNED.clear()
    db.execute("DELETE FROM meta WHERE key = 'copies'")
    return len(fresh)


def _text(db: sqlite3.Connection, rowid: int) -> str:
    row = db.execute("SELECT text FROM articles WHERE rowid = ?", (rowid,)).fetchone()
    return unpack(row[0]) if row else ""


class Hashes:
    """Articles' shingle hashes, computed from their stored texts (as ``sign`` computed them)
    and kept for one ``refresh``: the same candidates recur from one article to the next.
    Bounded: about 600 bytes an article, ``KEPT`` of them at most."""

    KEPT = 20_000

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db, self.known = db, {}

    def __call__(self, rowid: int) -> np.ndarray:
        found = self.known.get(rowid)
        if found is None:
            if len(self.known) >= self.KEPT:
                self.known.clear()
            text = _text(self.db, rowid)
            signed = _SIGNED.pop(rowid, None)
            if signed is not None and signed[0] == zlib.crc32(text.encode("utf-8")):
                found = signed[1]
            else:
                found = shingle_hashes(text)
            self.known[rowid] = found
        return found


def compare(
    db: sqlite3.Connection,
    rowid: int,
    hashes: Hashes | None = None,
    found: Candidates | None = None,
) -> None:
    """Compare one article with its LSH candidates (exactly, on the shingle hashes) and
    keep the pairs at ``KEEP`` or more."""
    from motorpme.index.candidates import Candidates

    hashes = hashes or Hashes(db)
    found = found or Candidates(db, MAX_CANDIDATES)
    candidates = found(rowid)
    if not candidates:
        return
    mine = hashes(rowid)
    pairs = []
    for other in sorted(candidates):
        score = similarity(mine, hashes(other))
        if score >= KEEP:
            pairs.append((min(rowid, other), max(rowid, other), to_stored(score)))
    db.executemany("INSERT OR REPLACE INTO copy_pairs VALUES (?, ?, ?)", pairs)


def _components(pairs: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return groups


def regroup(
    db: sqlite3.Connection, threshold: float = THRESHOLD, hashes: Hashes | None = None
) -> None:
    """Draw the copy groups from the stored pairs at ``threshold``: each group's
    representative is its earliest dated article, else its longest; the others point at it
    (``copy_of``) with their similarity to it."""
    pairs = {
        (a, b): from_stored(s)
        for a, b, s in db.execute(
            "SELECT a, b, similarity FROM copy_pairs WHERE similarity >= ?", (at_least(threshold),)
        )
    }
    db.execute(
        "UPDATE articles SET copy_of = NULL, copy_similarity = NULL WHERE copy_of IS NOT NULL"
    )
    updates = []
    for members in _components(pairs).values():
        marks = ",".join("?" * len(members))
        ordered = [
            r[0]
            for r in db.execute(
                f"SELECT rowid FROM articles WHERE rowid IN ({marks})"
                " ORDER BY date IS NULL, date, words DESC, rowid",
                members,
            )
        ]
        head = ordered[0]
        for other in ordered[1:]:
            score = pairs.get((min(head, other), max(head, other)))
            if score is None:  # a copy of a copy: measured against the representative
                hashes = hashes or Hashes(db)
                score = round(similarity(hashes(head), hashes(other)), 4)
            updates.append((head, score, other))
    db.executemany("UPDATE articles SET copy_of = ?, copy_similarity = ? WHERE rowid = ?", updates)
    count_copies(db)


def count_copies(db: sqlite3.Connection) -> None:
    """``copy_counts`` drawn again from ``copy_of``: each representative's number of copies."""
    db.execute("DELETE FROM copy_counts")
    db.execute(
        "INSERT INTO copy_counts SELECT copy_of, count(*) FROM articles"
        " WHERE copy_of IS NOT NULL GROUP BY copy_of"
    )


def at_least(threshold: float) -> int:
    """The least stored similarity whose float is ``threshold`` or more."""
    least = math.ceil(threshold * SCALE)
    while least > 0 and from_stored(least - 1) >= threshold:
        least -= 1
    while from_stored(least) < threshold:
        least += 1
    return least


def mark_stale(db: sqlite3.Connection) -> None:
    """Say the groups must be redrawn (an article was written or removed): a run killed
    before ``refresh`` leaves the mark, and the next one finishes the work."""
    db.execute("INSERT OR IGNORE INTO meta VALUES ('copies', 'stale')")


def stale(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM meta WHERE key = 'copies'").fetchone() is not None
