"""The index's tables (``migrations.py`` brings an older index up to them in place)."""

from __future__ import annotations

import sqlite3

from motorpme.models import COUNTED

VERSION = "15"
# Mentions per article of each main type, stored with the article so `list` reads no mention.
COUNT_COLUMNS = ", ".join(f"n_{label.lower()} INTEGER NOT NULL DEFAULT 0" for label in COUNTED)
# Copy detection (index/copies.py): which articles are signed and compared with their LSH
# band buckets, the pairs found similar, and the articles deleted since the last refresh
# (their pairs go then, in one pass); the groups are ``articles.copy_of``. The shingle hashes
# are computed again from the stored text when needed (since version 11). Since version 12
# an article's buckets are one blob of uint32 (``copies.bucket_blob``), candidates are found
# in memory (``candidates.py``), a similarity is stored in ten-thousandths, and the pairs
# have no cascade (nor the index by ``b`` it needed): 10.0 MB -> 3.2 MB at 10,000 articles.
# Since version 14 ``articles_by_group`` gives an article's group without reading its row:
# search skips the matches of groups it has shown (0.015 of the text at 100,000 articles).
# Since version 15 ``copy_counts`` holds how many copies each representative has, drawn
# with the groups (``copies.regroup``): `list` and `search` say it without counting.
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
CREATE INDEX articles_by_group ON articles (rowid, copy_of);
CREATE TABLE copy_counts (article INTEGER PRIMARY KEY, copies INTEGER NOT NULL);
"""
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, file TEXT UNIQUE NOT NULL,
    title TEXT, date TEXT, author TEXT, source TEXT, text BLOB NOT NULL, words INTEGER,
    sha BLOB NOT NULL, size INTEGER, mtime_ns INTEGER, signature INTEGER NOT NULL,
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
CREATE TABLE signatures (id INTEGER PRIMARY KEY, signature TEXT UNIQUE NOT NULL);
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
# ``mentions.canonical`` is NULL where it is the mention's own text (nine mentions in ten):
# readers take ``coalesce(canonical, text)``. Older rows hold the text itself; both read alike.
# Version 14: ``articles.sha`` holds the digest's 32 bytes (it held 64 hex characters) and
# ``articles.signature`` the number of the pipeline signature in ``signatures`` (it held the
# 59-character text in every row). An upgraded index keeps the old declared column types,
# which SQLite does not enforce; readers join ``signatures`` on the number either way.
# Version 11: the full-text index read the text from ``articles`` (external content), where
# it stored a copy of its own. Version 13: ``articles.text`` is packed (``text.pack``) and
# the full-text index is contentless: it keeps its tokens and ranks, never reads a text back
# (search reads the articles), and a row goes with the values it was added with (store.py).
FTS_11 = (
    "CREATE VIRTUAL TABLE fts USING fts5 (title, text, content = 'articles',"
    " content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2')"
)
FTS = (
    "CREATE VIRTUAL TABLE fts USING fts5 (title, text, content = '',"
    " tokenize = 'unicode61 remove_diacritics 2')"
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
# Version 14 names the two entities by a number (``pair_entities``, never renumbered) instead
# of repeating their label and key in every row: 0.39 -> 0.12 of the text at 100,000 articles.
PAIRS_13 = """
CREATE TABLE pairs (
    article INTEGER NOT NULL,
    a_label TEXT NOT NULL, a_key TEXT NOT NULL, b_label TEXT NOT NULL, b_key TEXT NOT NULL,
    sentences INTEGER NOT NULL, a_seq INTEGER NOT NULL, b_seq INTEGER NOT NULL,
    PRIMARY KEY (a_label, a_key, b_label, b_key, article)
) WITHOUT ROWID;
"""
PAIRS = """
CREATE TABLE pair_entities (
    id INTEGER PRIMARY KEY, label TEXT NOT NULL, key TEXT NOT NULL, UNIQUE (label, key)
);
CREATE TABLE pairs (
    a INTEGER NOT NULL, b INTEGER NOT NULL, article INTEGER NOT NULL,
    sentences INTEGER NOT NULL, a_seq INTEGER NOT NULL, b_seq INTEGER NOT NULL,
    PRIMARY KEY (a, b, article)
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


def signature_id(db: sqlite3.Connection, signature: str) -> int:
    """The number ``articles.signature`` stores for a pipeline signature (added when new)."""
    row = db.execute("SELECT id FROM signatures WHERE signature = ?", (signature,)).fetchone()
    if row is None:
        return db.execute("INSERT INTO signatures (signature) VALUES (?)", (signature,)).lastrowid
    return row[0]


def restat(db: sqlite3.Connection) -> bool:
    """Table statistics for SQLite's planner (``ANALYZE``), taken again when the number of
    articles moved by a tenth since the last: with them a read that keeps few articles (one
    per copy group in a corpus of copies) starts from those articles, not from every mention
    (``timeline`` at 100,000 articles: its amounts query 115 ms -> 1 ms). The file is then
    compacted (``compact``). Outside any transaction; True when it ran (0.6 s at 100,000
    articles, and the compaction)."""
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    try:
        row = db.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles'").fetchone()
    except sqlite3.OperationalError:  # no statistics yet
        row = None
    known = int(row[0].split()[0]) if row else None
    if known is not None and abs(articles - known) * 10 <= max(known, 1):
        return False
    db.execute("ANALYZE")
    compact(db)
    return True


def compact(db: sqlite3.Connection) -> bool:
    """Rewrite the file with its tables packed (``VACUUM``): rows inserted out of key order
    (the pairs, the mentions' index by entity) leave pages part empty: a fresh index of
    10,000 articles is 8 % smaller after it (2 s at 100,000). The full-text index is first
    merged into one segment (``optimize``), which drops what removed articles left in it.
    Outside any transaction; the write-ahead log it fills is emptied. When SQLite cannot
    (another run reads the file, no room for the copy it makes), the index stays as it
    was: False."""
    try:
        with transaction(db):
            db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        db.execute("VACUUM")
    except sqlite3.OperationalError:
        return False
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
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
