"""A stand-in extractor and a small corpus for the index tests (no model loaded)."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from motorpme.index import schema, store, update
from motorpme.ingest.corpus import resolve_corpus
from motorpme.models import Article, Mention
from motorpme.text import unpack

SIG = "motorpme-test|fake-1.0|rules-0"


def fake_extract(articles: Iterable[Article]) -> Iterator[tuple[Article, list[Mention]]]:
    """Every "Alpine" is an ORG: enough to check that mentions and entities are stored."""
    for article in articles:
        found = [
            Mention(m.group(), "ORG", m.start(), m.end())
            for m in re.finditer(r"Alpine", article.text)
        ]
        yield article, found


def faulty_extract(articles: Iterable[Article]) -> Iterator[tuple[Article, list[Mention]]]:
    """``fake_extract`` with faults on demand: an article saying BOOM crashes the extractor,
    DIE kills its process, SLOW hangs it (for the tests of workers and signals)."""
    for article in articles:
        if "BOOM" in article.text:
            raise ValueError("the extractor choked. Details follow")
        if "DIE" in article.text:
            os._exit(3)
        if "SLOW" in article.text:
            time.sleep(600)
        yield from fake_extract([article])


class Faulty:
    """A loader of ``faulty_extract``; a value, so worker processes can be sent one."""

    def __call__(self):
        return faulty_extract


class Calls:
    """An extractor factory that counts how often the model would have been loaded."""

    def __init__(self, extract=fake_extract) -> None:
        self.loads, self.extract = 0, extract

    def __call__(self):
        self.loads += 1
        return self.extract


def article(title: str, body: str = "Alpine signe avec un partenaire régional.") -> str:
    return f"{title}\n\nPublié le 12 mars 2019\n\n{body} {title} continue son programme.\n"


def build(root: Path, index: Path, extract: Calls | None = None, signature: str = SIG):
    """Plan and apply an update the way the CLI does; returns the db and the progress steps."""
    db = store.connect(index)
    corpus = resolve_corpus(root)
    work = update.plan(db, corpus, signature)
    steps = list(update.update(db, corpus, work, signature, extract or Calls()))
    return db, work, steps


def files(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT file FROM articles ORDER BY file")]


def three_articles(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for i, name in enumerate(["Nogaro", "Magny-Cours", "Lohéac"]):
        (root / f"{i:03d}_{name}.txt").write_text(article(f"Circuit de {name}"), "utf-8")
    return root


def as_version_6(db: sqlite3.Connection) -> None:
    """Take away what version 7 added (the copy tables and columns)."""
    db.execute("DROP INDEX articles_by_copy")
    db.execute("DROP INDEX articles_by_group")
    for table in ("minhash", "copy_pairs", "copy_gone"):
        db.execute(f"DROP TABLE {table}")
    for column in ("copy_of", "copy_similarity"):
        db.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    for column in ("mentions_once", "articles_once"):
        db.execute(f"ALTER TABLE entities DROP COLUMN {column}")
    db.execute("UPDATE meta SET value = '6' WHERE key = 'schema'")


def as_version_14(db: sqlite3.Connection) -> None:
    """Take away what version 15 added: the stored number of copies of each group."""
    db.execute("DROP TABLE copy_counts")
    db.execute("UPDATE meta SET value = '14' WHERE key = 'schema'")


def as_version_13(db: sqlite3.Connection) -> None:
    """Give back what version 14 numbered: the pairs keyed by label and key, the SHA-256 in
    hex and the pipeline signature's text in every article row (as a version-13 index
    declares them)."""
    as_version_14(db)
    db.execute("ALTER TABLE pairs RENAME TO pairs_14")
    db.execute(schema.PAIRS_13)
    db.execute(
        "INSERT INTO pairs SELECT p.article, x.label, x.key, y.label, y.key, p.sentences,"
        " p.a_seq, p.b_seq FROM pairs_14 p JOIN pair_entities x ON x.id = p.a"
        " JOIN pair_entities y ON y.id = p.b"
    )
    db.execute("DROP TABLE pairs_14")
    db.execute("DROP TABLE pair_entities")
    rows = db.execute(
        "SELECT a.rowid, a.sha, s.signature FROM articles a JOIN signatures s ON s.id = a.signature"
    ).fetchall()
    db.execute("ALTER TABLE articles RENAME COLUMN sha TO sha_14")
    db.execute("ALTER TABLE articles RENAME COLUMN signature TO signature_14")
    db.execute("ALTER TABLE articles ADD COLUMN sha TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE articles ADD COLUMN signature TEXT NOT NULL DEFAULT ''")
    db.executemany(
        "UPDATE articles SET sha = ?, signature = ? WHERE rowid = ?",
        [(sha.hex(), signature, rowid) for rowid, sha, signature in rows],
    )
    for column in ("sha_14", "signature_14"):
        db.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    db.execute("DROP TABLE signatures")
    db.execute("DROP INDEX articles_by_group")
    db.execute("UPDATE meta SET value = '13' WHERE key = 'schema'")


def as_version_12(db: sqlite3.Connection) -> None:
    """Give back the plain article texts version 13 packs, under a full-text index that
    reads them (external content)."""
    as_version_13(db)
    rows = db.execute("SELECT rowid, text FROM articles").fetchall()
    db.executemany(
        "UPDATE articles SET text = ? WHERE rowid = ?", [(unpack(t), r) for r, t in rows]
    )
    db.execute("DROP TABLE fts")
    db.execute(schema.FTS_11)
    db.execute("INSERT INTO fts (fts) VALUES ('rebuild')")
    db.execute("UPDATE meta SET value = '12' WHERE key = 'schema'")


def as_version_11(db: sqlite3.Connection) -> None:
    """Give back what version 12 took away: one ``copy_bands`` row per 63-bit bucket (the
    buckets of version 11, computed from the text), similarities as REAL, the cascades."""
    import hashlib

    from motorpme.index.copies import MIN_SHINGLES, shingle_hashes, signer

    as_version_12(db)
    by = signer()
    db.execute(
        "CREATE TABLE copy_bands (bucket INTEGER NOT NULL, article INTEGER NOT NULL,"
        " PRIMARY KEY (bucket, article)) WITHOUT ROWID"
    )
    for rowid, text in db.execute("SELECT rowid, text FROM articles").fetchall():
        hashes = shingle_hashes(text)
        if len(hashes) < MIN_SHINGLES:
            continue
        signature = by.signature(hashes)
        for band in range(by.bands):
            rows = signature[band * by.rows : (band + 1) * by.rows].tobytes()
            digest = hashlib.blake2b(rows, digest_size=8, salt=band.to_bytes(8, "little"))
            bucket = int.from_bytes(digest.digest(), "little") >> 1
            db.execute("INSERT OR IGNORE INTO copy_bands VALUES (?, ?)", (bucket, rowid))
    db.execute("ALTER TABLE minhash DROP COLUMN buckets")
    db.execute("ALTER TABLE copy_pairs RENAME TO copy_pairs_12")
    db.execute(
        "CREATE TABLE copy_pairs (a INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE"
        " CASCADE, b INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,"
        " similarity REAL NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID"
    )
    db.execute("INSERT INTO copy_pairs SELECT a, b, similarity / 10000.0 FROM copy_pairs_12")
    db.execute("DROP TABLE copy_pairs_12")
    db.execute("CREATE INDEX copy_pairs_by_b ON copy_pairs (b)")
    db.execute("DROP TABLE copy_gone")
    db.execute("UPDATE meta SET value = '11' WHERE key = 'schema'")


def as_version_10(db: sqlite3.Connection) -> None:
    """Give back what version 11 took away: the full-text index's own copy of the text, the
    copy tables' hashes, signatures and index by article, the pairs' cascade and index."""
    as_version_11(db)
    db.execute("DROP TABLE fts")
    db.execute(
        "CREATE VIRTUAL TABLE fts USING fts5 (title, text,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.execute(
        "INSERT INTO fts (rowid, title, text) SELECT rowid, coalesce(title, ''), text FROM articles"
    )
    db.execute("ALTER TABLE minhash ADD COLUMN signature BLOB NOT NULL DEFAULT x'00'")
    db.execute("ALTER TABLE minhash ADD COLUMN hashes BLOB NOT NULL DEFAULT x'00'")
    db.execute("CREATE INDEX copy_bands_by_article ON copy_bands (article)")
    db.execute("ALTER TABLE pairs RENAME TO pairs_11")
    db.execute(
        "CREATE TABLE pairs (article INTEGER NOT NULL REFERENCES articles(rowid)"
        " ON DELETE CASCADE, a_label TEXT NOT NULL, a_key TEXT NOT NULL, b_label TEXT NOT NULL,"
        " b_key TEXT NOT NULL, sentences INTEGER NOT NULL, a_seq INTEGER NOT NULL,"
        " b_seq INTEGER NOT NULL, PRIMARY KEY (a_label, a_key, b_label, b_key, article))"
        " WITHOUT ROWID"
    )
    db.execute("INSERT INTO pairs SELECT * FROM pairs_11")
    db.execute("DROP TABLE pairs_11")
    db.execute("CREATE INDEX pairs_by_article ON pairs (article)")
    db.execute("UPDATE meta SET value = '10' WHERE key = 'schema'")
