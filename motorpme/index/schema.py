"""The index's tables, and the migrations that bring an older index up to them in place.

A migration adds what a new version stores without re-extracting any article; each one
runs in a write transaction and checks the version first, so two runs upgrading one index
at once do the work once."""

from __future__ import annotations

import sqlite3
import struct
from itertools import groupby
from operator import itemgetter

from motorpme.models import COUNTED

VERSION = "12"
# Mentions per article of each main type, stored with the article so `list` reads no mention.
COUNT_COLUMNS = ", ".join(f"n_{label.lower()} INTEGER NOT NULL DEFAULT 0" for label in COUNTED)
# Copy detection (index/copies.py): which articles are signed and compared with their LSH
# band buckets, the pairs found similar, and the articles deleted since the last refresh
# (their pairs go then, in one pass); the groups are ``articles.copy_of``. The shingle hashes
# are computed again from the stored text when needed (since version 11). Since version 12
# an article's buckets are one blob of uint32 (``copies.bucket_blob``), candidates are found
# in memory (``candidates.py``), a similarity is stored in ten-thousandths, and the pairs
# have no cascade (nor the index by ``b`` it needed): 10.0 MB -> 3.2 MB at 10,000 articles.
COPY_TABLES = """
CREATE TABLE minhash (
    article INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    shingles INTEGER NOT NULL, compared INTEGER NOT NULL DEFAULT 0, buckets BLOB
);
CREATE TABLE copy_pairs (
    a INTEGER NOT NULL, b INTEGER NOT NULL, similarity INTEGER NOT NULL, PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE TABLE copy_gone (article INTEGER PRIMARY KEY);
CREATE INDEX articles_by_copy ON articles (copy_of);
"""
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, file TEXT UNIQUE NOT NULL,
    title TEXT, date TEXT, author TEXT, source TEXT, text TEXT NOT NULL, words INTEGER,
    sha TEXT NOT NULL, size INTEGER, mtime_ns INTEGER, signature TEXT NOT NULL,
    n_mentions INTEGER NOT NULL DEFAULT 0, {counts}, date_source TEXT, inferred_date TEXT,
    copy_of INTEGER, copy_similarity REAL
);
CREATE TABLE mentions (
    article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    seq INTEGER NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, canonical TEXT, key TEXT NOT NULL,
    value, currency TEXT, value_max, sentence INTEGER, PRIMARY KEY (article, seq)
) WITHOUT ROWID;
CREATE INDEX mentions_by_entity ON mentions (label, key, article);
{pairs}
CREATE TABLE entities (
    label TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL, value, currency TEXT, aliases TEXT,
    mentions_once INTEGER NOT NULL DEFAULT 0, articles_once INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (label, key)
) WITHOUT ROWID;
CREATE TABLE acronyms (
    article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    label TEXT NOT NULL, acronym TEXT NOT NULL, name TEXT NOT NULL, sentence TEXT NOT NULL,
    PRIMARY KEY (article, label, acronym)
) WITHOUT ROWID;
CREATE TABLE aliases (
    label TEXT NOT NULL, key TEXT NOT NULL, alias TEXT NOT NULL, rule TEXT NOT NULL,
    proof TEXT NOT NULL, article TEXT, PRIMARY KEY (label, alias)
) WITHOUT ROWID;
CREATE INDEX aliases_by_key ON aliases (label, key);
CREATE TABLE skipped (
    file TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, signature TEXT, reason TEXT
);
{relations}
{copies}
{fts};
"""
# Version 11: the full-text index reads the text from ``articles`` (external content), where
# it stored a copy of its own; rows are added and deleted with the same values (store.py).
FTS = (
    "CREATE VIRTUAL TABLE fts USING fts5 (title, text, content = 'articles',"
    " content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2')"
)
# Version 7: relations read from one sentence at index time (extract/relations.py, roles.py).
# Each row carries its proof sentence's (sent_start, sent_end) in the article text; the
# ``*_seq`` columns are the mentions' ``seq`` in the same article.
RELATIONS = """
CREATE TABLE money_sentences (
    article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    mention_seq INTEGER NOT NULL, sent_start INTEGER NOT NULL, sent_end INTEGER NOT NULL,
    PRIMARY KEY (article, mention_seq)
) WITHOUT ROWID;
CREATE TABLE money_links (
    article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    mention_seq INTEGER NOT NULL, role TEXT NOT NULL, target_seq INTEGER,
    target_key TEXT NOT NULL, target_label TEXT NOT NULL, target_text TEXT NOT NULL,
    rule TEXT NOT NULL, sent_start INTEGER NOT NULL, sent_end INTEGER NOT NULL
);
CREATE INDEX money_links_by_mention ON money_links (article, mention_seq);
CREATE INDEX money_links_by_target ON money_links (target_key, article);
CREATE TABLE roles (
    article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    person_seq INTEGER NOT NULL, person_key TEXT NOT NULL, role TEXT NOT NULL,
    org_seq INTEGER NOT NULL, org_key TEXT NOT NULL, rule TEXT NOT NULL,
    sent_start INTEGER NOT NULL, sent_end INTEGER NOT NULL
);
CREATE INDEX roles_by_article ON roles (article);
"""
# Version 9: two named entities sharing a sentence, once per article, with how many sentences
# they share and the two mentions (``seq``) of the first one: ``network`` reads it. Since
# version 11 no index by article: an article's rows are deleted by value (``pairs.unpair``).
PAIRS = """
CREATE TABLE pairs (
    article INTEGER NOT NULL,
    a_label TEXT NOT NULL, a_key TEXT NOT NULL, b_label TEXT NOT NULL, b_key TEXT NOT NULL,
    sentences INTEGER NOT NULL, a_seq INTEGER NOT NULL, b_seq INTEGER NOT NULL,
    PRIMARY KEY (a_label, a_key, b_label, b_key, article)
) WITHOUT ROWID;
"""
SCHEMA = (
    SCHEMA.replace("{counts}", COUNT_COLUMNS)
    .replace("{relations}", RELATIONS)
    .replace("{pairs}", PAIRS)
    .replace("{copies}", COPY_TABLES)
    .replace("{fts}", FTS)
)


def create(db: sqlite3.Connection) -> None:
    """The tables of an empty index, inside the caller's transaction."""
    # Statement by statement: executescript would COMMIT the open transaction first.
    for statement in filter(str.strip, SCHEMA.split(";")):
        db.execute(statement)
    db.execute("INSERT INTO meta VALUES ('schema', ?)", (VERSION,))


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
    }
    while version in steps:
        steps[version](db)
        version = str(int(version) + 1)
    return version


class transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: one writer at a time, the others wait (busy_timeout)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, *_: object) -> None:
        if not kind:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:  # SQLite already rolled back after "disk is full"
            self.db.execute("ROLLBACK")


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
        for statement in filter(str.strip, PAIRS.split(";")):
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
    (computed again from the text). Nothing is re-extracted; ``shrink`` gives the space back."""
    with transaction(db):
        if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != ("10",):
            return  # another run migrated it meanwhile
        fts = db.execute("SELECT sql FROM sqlite_master WHERE name = 'fts'").fetchone()
        if fts is None or "content" not in fts[0]:  # an index made by this version: done
            db.execute("DROP TABLE IF EXISTS fts")
            db.execute(FTS)
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
            db.execute(PAIRS.replace("TABLE pairs (", "TABLE pairs_11 (", 1))
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
    again: the same pairs and groups. The freed pages (17% of a 10,000-article file) are
    reused by later writes; ``shrink`` vacuums from a quarter only."""
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


def shrink(db: sqlite3.Connection) -> None:
    """VACUUM when over a quarter of the file is free pages (after a migration dropped a
    copy of the text): outside any transaction, once."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    if pages and free * 4 > pages:
        db.execute("VACUUM")


def restat(db: sqlite3.Connection) -> bool:
    """Table statistics for SQLite's planner (``ANALYZE``), taken again when the number of
    articles moved by a tenth since the last: with them a read that keeps few articles (one
    per copy group in a corpus of copies) starts from those articles, not from every mention
    (``timeline`` at 100,000 articles: its amounts query 115 ms -> 1 ms). Outside any
    transaction; True when it ran (0.6 s at 100,000 articles)."""
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    try:
        row = db.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles'").fetchone()
    except sqlite3.OperationalError:  # no statistics yet
        row = None
    known = int(row[0].split()[0]) if row else None
    if known is not None and abs(articles - known) * 10 <= max(known, 1):
        return False
    db.execute("ANALYZE")
    return True


def if_not_exists(statement: str) -> str:
    """A ``CREATE TABLE``/``INDEX`` that a migration may meet already done (an index made by
    a newer version's tables, the migrations of older versions run after)."""
    for kind in ("TABLE", "INDEX"):
        statement = statement.replace(f"CREATE {kind} ", f"CREATE {kind} IF NOT EXISTS ", 1)
    return statement


def counts_sql() -> str:
    """``n_mentions = c.n, n_org = c.org, … FROM`` one pass over the mentions by article."""
    sums = ", ".join(f"sum(label = '{label}') AS {label.lower()}" for label in COUNTED)
    sets = ", ".join(f"n_{label.lower()} = c.{label.lower()}" for label in COUNTED)
    return (
        f"n_mentions = c.n, {sets} FROM (SELECT article, count(*) AS n, {sums}"
        " FROM mentions GROUP BY article) AS c WHERE c.article = articles.rowid"
    )
