"""The migrations that bring an older index up to ``schema.VERSION`` in place.

A migration adds what a new version stores without re-extracting any article; each one
runs in a write transaction and checks the version first, so two runs upgrading one index
at once do the work once."""

from __future__ import annotations

import sqlite3
import struct
from itertools import groupby
from operator import itemgetter

from motorpme.index.schema import (
    COPY_TABLES,
    COUNT_COLUMNS,
    FTS,
    FTS_11,
    PAIRS,
    PAIRS_13,
    RELATIONS,
    SCHEMA,
    counts_sql,
    if_not_exists,
    transaction,
)


def migrate(db: sqlite3.Connection, version: str) -> str:
    """Bring an index at ``version`` up to ``VERSION``; the version it ends at (unchanged
    when it is not one this code knows: the caller says so)."""
    steps = {
        "3": _migrate_3_to_4,
        "4": _migrate_4_to_5,
        "5": _migrate_5_to_6,
        "6": _migrate_6_to_7,
        "7": _migrate_7_to_8,
        "8": _migrate_8_to_9,
        "9": _migrate_9_to_10,
        "10": _migrate_10_to_11,
        "11": _migrate_11_to_12,
        "12": _migrate_12_to_13,
        "13": _migrate_13_to_14,
        "14": _migrate_14_to_15,
    }
    while version in steps:
        steps[version](db)
        version = str(int(version) + 1)
    return version


def _migrate_3_to_4(db: sqlite3.Connection) -> None:
    """Version 4 stores each article's mention counts: computed once here, no re-extraction."""
    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("3",):
            return  # another run migrated it meanwhile
        for column in ["n_mentions INTEGER NOT NULL DEFAULT 0", *COUNT_COLUMNS.split(", ")]:
            db.execute(f"ALTER TABLE articles ADD COLUMN {column}")
        db.execute(f"UPDATE articles SET {counts_sql()}")
        db.execute("UPDATE meta SET value = '4' WHERE key = 'schema'")


def _migrate_4_to_5(db: sqlite3.Connection) -> None:
    """Version 5 stores a MONEY range's upper amount (``value_max``); null for older rows."""
    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("4",):
            return  # another run migrated it meanwhile
        db.execute("ALTER TABLE mentions ADD COLUMN value_max")
        db.execute("UPDATE meta SET value = '5' WHERE key = 'schema'")


def _migrate_5_to_6(db: sqlite3.Connection) -> None:
    """Version 6 stores where each date came from and an inferred year. Both come from the
    text: they fill in as articles are re-extracted, which the new date reader's pipeline
    signature (it hashes ``ingest/``) already asks of every article of an older index."""
    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("5",):
            return  # another run migrated it meanwhile
        for column in ("date_source TEXT", "inferred_date TEXT"):
            db.execute(f"ALTER TABLE articles ADD COLUMN {column}")
        db.execute("UPDATE meta SET value = '6' WHERE key = 'schema'")


def _migrate_6_to_7(db: sqlite3.Connection) -> None:
    """Version 7 stores the acronyms each article defines and the corpus-wide merges with
    their reasons (``index/merging.py``). The definitions fill in as articles are
    re-extracted, which the new rules' pipeline signature asks of every article; the merges
    at the next entity refresh, which this migration asks for."""
    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("6",):
            return  # another run migrated it meanwhile
        for statement in SCHEMA.split(";"):
            if any(s in statement for s in ("TABLE acronyms", "TABLE aliases", "INDEX aliases_by")):
                db.execute(
                    statement.replace(" TABLE ", " TABLE IF NOT EXISTS ", 1).replace(
                        " INDEX ", " INDEX IF NOT EXISTS ", 1
                    )
                )
        db.execute("INSERT OR IGNORE INTO meta VALUES ('entities', 'stale')")
        db.execute("UPDATE meta SET value = '7' WHERE key = 'schema'")


def _migrate_7_to_8(db: sqlite3.Connection) -> None:
    """Version 8 stores the relations of ``amounts`` and ``roles``. The tables start empty:
    they fill as articles are re-extracted, which the relation rules' pipeline signature
    (it hashes ``extract/``) asks of every article of an older index."""
    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("7",):
            return  # another run migrated it meanwhile
        for statement in filter(str.strip, RELATIONS.split(";")):
            db.execute(if_not_exists(statement))
        db.execute("UPDATE meta SET value = '8' WHERE key = 'schema'")


def _migrate_8_to_9(db: sqlite3.Connection) -> None:
    """Version 9 stores each mention's sentence and the pairs of entities sharing one
    (``network``). Both come from extraction: they fill in as articles are re-extracted,
    which the sentence-numbering pipeline's signature asks of every article."""
    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("8",):
            return  # another run migrated it meanwhile
        columns = {r[1] for r in db.execute("PRAGMA table_info(mentions)")}
        if "sentence" not in columns:
            db.execute("ALTER TABLE mentions ADD COLUMN sentence INTEGER")
        for statement in filter(str.strip, PAIRS_13.split(";")):
            db.execute(if_not_exists(statement))
        db.execute("UPDATE meta SET value = '9' WHERE key = 'schema'")


def _migrate_9_to_10(db: sqlite3.Connection) -> None:
    """Version 10 finds syndicated copies: the copy tables, each article's group
    (``copy_of``) and entity counts over one copy per group. The signatures are computed
    from the stored texts by the next refresh (marked stale here), with no re-extraction."""
    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("9",):
            return  # another run migrated it meanwhile
        have = {r[1] for r in db.execute("PRAGMA table_info(articles)")}
        for column in ("copy_of INTEGER", "copy_similarity REAL"):
            if column.split()[0] not in have:
                db.execute(f"ALTER TABLE articles ADD COLUMN {column}")
        have = {r[1] for r in db.execute("PRAGMA table_info(entities)")}
        for column in ("mentions_once", "articles_once"):
            if column not in have:
                db.execute(f"ALTER TABLE entities ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
        for statement in filter(str.strip, COPY_TABLES.split(";")):
            db.execute(if_not_exists(statement))
        db.execute("INSERT OR IGNORE INTO meta VALUES ('copies', 'stale')")
        db.execute("INSERT OR IGNORE INTO meta VALUES ('entities', 'stale')")
        db.execute("UPDATE meta SET value = '10' WHERE key = 'schema'")


def _migrate_10_to_11(db: sqlite3.Connection) -> None:
    """Version 11 stores the text once: the full-text index is rebuilt over ``articles``
    (external content), the copy tables keep no hashes, signatures or index by article
    (computed again from the text). Nothing is re-extracted; the file is compacted after
    (``schema.compact``)."""
    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("10",):
            return  # another run migrated it meanwhile
        fts = db.execute("SELECT sql FROM sqlite_master WHERE name = 'fts'").fetchone()
        if fts is None or "content" not in fts[0]:  # an index made by this version: done
            db.execute("DROP TABLE IF EXISTS fts")
            db.execute(FTS_11)
            db.execute("INSERT INTO fts (fts) VALUES ('rebuild')")
        columns = {r[1] for r in db.execute("PRAGMA table_info(minhash)")}
        if "hashes" in columns:
            _copy_table(db, "minhash", "article, shingles, compared")
        by_article = "SELECT 1 FROM sqlite_master WHERE name = 'copy_bands_by_article'"
        if db.execute(by_article).fetchone():
            db.execute("DROP INDEX copy_bands_by_article")
            _copy_table(db, "copy_bands", "bucket, article")
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'pairs_by_article'").fetchone():
            db.execute("DROP INDEX pairs_by_article")  # and the cascade: rows go by value
            db.execute(PAIRS_13.replace("TABLE pairs (", "TABLE pairs_11 (", 1))
            db.execute("INSERT INTO pairs_11 SELECT * FROM pairs")
            db.execute("DROP TABLE pairs")
            db.execute("ALTER TABLE pairs_11 RENAME TO pairs")
        db.execute("UPDATE meta SET value = '11' WHERE key = 'schema'")


def _copy_table(db: sqlite3.Connection, table: str, columns: str) -> None:
    """Replace ``table`` by its version-11 shape, keeping ``columns`` of its rows."""
    create = next(s for s in (*COPY_TABLES.split(";"), _COPY_BANDS_11) if f"TABLE {table} (" in s)
    db.execute(create.replace(f"TABLE {table} (", f"TABLE {table}_11 (", 1))
    db.execute(f"INSERT INTO {table}_11 ({columns}) SELECT {columns} FROM {table}")
    db.execute(f"DROP TABLE {table}")
    db.execute(f"ALTER TABLE {table}_11 RENAME TO {table}")


# Version 11's buckets, one row each (version 12 keeps them in ``minhash.buckets``).
_COPY_BANDS_11 = """CREATE TABLE copy_bands (
    bucket INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (bucket, article)
) WITHOUT ROWID"""


def _migrate_11_to_12(db: sqlite3.Connection) -> None:
    """Version 12 keeps an article's buckets as one blob in its ``minhash`` row (bits 1-32
    of version 11's 63-bit buckets, see ``copies.Signer.buckets``), a pair's similarity in
    ten-thousandths, and the pairs with no cascade nor index by ``b``. Nothing is compared
    again: the same pairs and groups. The freed pages (17% of a 10,000-article file) go
    when the file is compacted after the upgrade (``schema.compact``)."""
    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("11",):
            return  # another run migrated it meanwhile
        if "buckets" not in {r[1] for r in db.execute("PRAGMA table_info(minhash)")}:
            db.execute("ALTER TABLE minhash ADD COLUMN buckets BLOB")
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'copy_bands'").fetchone():
            rows = db.execute(  # read one article at a time: memory stays small
                "SELECT article, bucket & 4294967295 FROM copy_bands ORDER BY 1"
            )
            for article, group in groupby(rows, key=itemgetter(0)):
                found = sorted({bucket for _, bucket in group})
                db.execute(
                    "UPDATE minhash SET buckets = ? WHERE article = ?",
                    (struct.pack(f"<{len(found)}I", *found), article),
                )
            db.execute("DROP TABLE copy_bands")
        types = {r[1]: r[2] for r in db.execute("PRAGMA table_info(copy_pairs)")}
        if types.get("similarity") == "REAL":
            create = next(s for s in COPY_TABLES.split(";") if "TABLE copy_pairs (" in s)
            db.execute(create.replace("TABLE copy_pairs (", "TABLE copy_pairs_12 (", 1))
            db.execute(
                "INSERT INTO copy_pairs_12 SELECT a, b, CAST(round(similarity * 10000) AS INTEGER)"
                " FROM copy_pairs"
            )
            db.execute("DROP TABLE copy_pairs")  # with its index by b
            db.execute("ALTER TABLE copy_pairs_12 RENAME TO copy_pairs")
        db.execute("CREATE TABLE IF NOT EXISTS copy_gone (article INTEGER PRIMARY KEY)")
        db.execute("UPDATE meta SET value = '12' WHERE key = 'schema'")


def _migrate_12_to_13(db: sqlite3.Connection) -> None:
    """Version 13 stores each article's text packed (``text.pack``, 0.6 of its size on short
    articles) under a contentless full-text index, made again from the plain texts first
    (tokenising them again: about 20 s at 100,000 articles). Nothing is re-extracted."""
    from motorpme.text import pack

    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("12",):
            return
        db.execute("DROP TABLE fts")
        db.execute(FTS)
        db.execute(
            "INSERT INTO fts (rowid, title, text)"
            " SELECT rowid, coalesce(title, ''), text FROM articles WHERE typeof(text) = 'text'"
        )
        while rows := db.execute(
            "SELECT rowid, text FROM articles WHERE typeof(text) = 'text' LIMIT 500"
        ).fetchall():
            db.executemany(
                "UPDATE articles SET text = ? WHERE rowid = ?", [(pack(t), r) for r, t in rows]
            )
        db.execute("UPDATE meta SET value = '13' WHERE key = 'schema'")


def _migrate_13_to_14(db: sqlite3.Connection) -> None:
    """Version 14 names the entities of ``pairs`` by number (``pair_entities``), stores each
    article's pipeline signature by number (``signatures``) and its SHA-256 as 32 bytes.
    Nothing is re-extracted: the same pairs, signatures and digests."""
    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("13",):
            return
        db.execute(
            "CREATE TABLE IF NOT EXISTS signatures"
            " (id INTEGER PRIMARY KEY, signature TEXT UNIQUE NOT NULL)"
        )
        # The column stays declared TEXT: the number is stored as its digits, and compares
        # equal to ``signatures.id`` (SQLite applies the integer's affinity).
        db.execute(
            "INSERT OR IGNORE INTO signatures (signature)"
            " SELECT DISTINCT signature FROM articles WHERE typeof(signature) = 'text'"
        )
        db.execute(
            "UPDATE articles SET signature = (SELECT id FROM signatures s"
            " WHERE s.signature = articles.signature) WHERE typeof(signature) = 'text'"
        )
        db.create_function("motorpme_unhex", 1, bytes.fromhex, deterministic=True)
        db.execute("UPDATE articles SET sha = motorpme_unhex(sha) WHERE typeof(sha) = 'text'")
        if "a_label" in {r[1] for r in db.execute("PRAGMA table_info(pairs)")}:
            db.execute("ALTER TABLE pairs RENAME TO pairs_13")
            for statement in filter(str.strip, PAIRS.split(";")):
                db.execute(if_not_exists(statement))
            db.execute(
                "INSERT OR IGNORE INTO pair_entities (label, key)"
                " SELECT a_label, a_key FROM pairs_13 UNION SELECT b_label, b_key FROM pairs_13"
                " ORDER BY 1, 2"
            )
            db.execute(
                "INSERT INTO pairs SELECT x.id, y.id, p.article, p.sentences, p.a_seq, p.b_seq"
                " FROM pairs_13 p JOIN pair_entities x ON x.label = p.a_label AND x.key = p.a_key"
                " JOIN pair_entities y ON y.label = p.b_label AND y.key = p.b_key"
            )
            db.execute("DROP TABLE pairs_13")
        db.execute("CREATE INDEX IF NOT EXISTS articles_by_group ON articles (rowid, copy_of)")
        db.execute("UPDATE meta SET value = '14' WHERE key = 'schema'")


def _migrate_14_to_15(db: sqlite3.Connection) -> None:
    """Version 15 keeps each representative's number of copies (``copy_counts``), drawn from
    the groups as they are."""
    from motorpme.index.copies import count_copies

    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("14",):
            return
        db.execute(
            "CREATE TABLE IF NOT EXISTS copy_counts"
            " (article INTEGER PRIMARY KEY, copies INTEGER NOT NULL)"
        )
        count_copies(db)
        db.execute("UPDATE meta SET value = '15' WHERE key = 'schema'")
