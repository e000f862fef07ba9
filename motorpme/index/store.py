"""The SQLite index on disk: opening it (or setting a broken one aside), writing an article
with its mentions, the entity table. Its tables and migrations are ``schema.py``.

One file, outside the corpus. Each article is written with its mentions in one
transaction, so a run killed half-way leaves a consistent index that the next run
completes. ``update`` never imports spaCy unless some file actually needs extracting.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

from motorpme.errors import MotorpmeError
from motorpme.index import copies, migrations, schema
from motorpme.index.schema import signature_id, transaction
from motorpme.ingest.corpus import CorpusFile
from motorpme.models import COUNTED, VALUED, Article, Mention
from motorpme.text import pack, unpack


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the index; a corrupt or foreign file is rebuilt, never served.

    The unusable file is renamed, not deleted: ``--index`` may point at a user's own file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MotorpmeError(
            f"{path.parent}: cannot create the index folder ({exc.strerror or exc})",
            hint="choose another place with --index PATH",
        ) from None
    if path.is_dir():
        raise MotorpmeError(f"{path}: is a folder, not an index file", hint="--index FILE")
    try:
        db = _open(path)
    except sqlite3.DatabaseError as exc:
        _raise_if_access_problem(path, exc)
        db = _rebuild(path, str(exc))
    _finish_interrupted(db)
    return db


# Errors that say nothing about the file's content: rebuilding would not help, or would
# destroy an index another process is using.
_ACCESS = ("readonly", "read-only", "unable to open", "locked", "busy", "permission")


def _raise_if_access_problem(path: Path, exc: sqlite3.DatabaseError) -> None:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        raise MotorpmeError(
            f"{path}: another motorpme run holds the index", hint="wait for it and retry"
        ) from None
    if any(word in text for word in _ACCESS):
        raise readonly(path, str(exc)) from None


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    # Article texts are stored packed (``text.pack``): SQL that reads one unpacks it with this.
    db.create_function("motorpme_text", 1, unpack, deterministic=True)
    try:
        # Large pages for a new index (no effect on an existing one): fewer page headers
        # and a 1-3 KB article per page less often split across two.
        db.execute("PRAGMA page_size = 16384")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 60000")
        # Decide "empty" inside a write transaction: two runs creating one index must not
        # both create the schema (the loser would take the winner's index for corrupt).
        db.execute("BEGIN IMMEDIATE")
        if db.execute("SELECT count(*) FROM sqlite_master").fetchall() == [(0,)]:
            schema.create(db)
        db.execute("COMMIT")
        # fetchall everywhere: a half-read statement keeps a read lock, and two runs each
        # holding one while switching to WAL would deadlock.
        version = [r[0] for r in db.execute("SELECT value FROM meta WHERE key = 'schema'")]
        if version and version[0] != schema.VERSION:
            version = [migrations.migrate(db, version[0])]
            if version == [schema.VERSION]:  # once per upgrade: what it freed goes
                schema.compact(db)  # (2 s at 100,000 articles)
        if version != [schema.VERSION]:
            raise sqlite3.DatabaseError(
                f"index schema {version[0] if version else '?'}, expected {schema.VERSION}"
            )
        db.execute("SELECT count(*) FROM articles").fetchall()
        _use_wal(db)
    except BaseException:
        db.close()
        raise
    return db


def _use_wal(db: sqlite3.Connection) -> None:
    """WAL, so readers never block the writer. Two runs switching at once deadlock, and SQLite
    answers "locked" at once instead of waiting: back off and retry."""
    for _ in range(300):
        try:
            if db.execute("PRAGMA journal_mode = WAL").fetchall() == [("wal",)]:
                # In WAL mode NORMAL still survives a killed process; only a power cut may
                # lose the last transactions, which the next run re-indexes.
                db.execute("PRAGMA synchronous = NORMAL")
                return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
        import random  # a busy index only: reads start without it

        time.sleep(0.05 + random.random() / 10)
    raise sqlite3.OperationalError("database is locked")


rebuilt: list[str] = []  # read by the CLI to say, once, that an index was rebuilt


def _rebuild(path: Path, why: str) -> sqlite3.Connection:
    aside = set_aside(path)
    rebuilt.append(f"{path}: unusable index ({why}); rebuilding it (old file kept as {aside.name})")
    try:
        return _open(path)
    except sqlite3.DatabaseError as exc:
        _raise_if_access_problem(path, exc)
        raise


_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def set_aside(path: Path) -> Path:
    """Rename an unusable index (and its side files) to ``FILE.unusable``, else
    ``FILE.unusable-2``…: a file kept from an earlier rebuild is never overwritten."""
    if path.exists() and not path.is_file():  # a device or a FIFO is never renamed
        raise MotorpmeError(f"{path}: not a regular file, not an index", hint="--index FILE")
    n = 1
    aside = Path(f"{path}.unusable")
    while any(os.path.lexists(f"{aside}{suffix}") for suffix in _SIDE_FILES):
        n += 1
        aside = Path(f"{path}.unusable-{n}")
    try:
        for suffix in _SIDE_FILES:
            if Path(f"{path}{suffix}").exists():
                Path(f"{path}{suffix}").replace(f"{aside}{suffix}")
    except OSError as exc:
        raise readonly(path, exc.strerror or str(exc)) from None
    return aside


def reopen_rebuilt(db: sqlite3.Connection, path: Path, why: str) -> sqlite3.Connection:
    """Close a damaged index, set it aside and open a new empty one in its place."""
    db.close()
    return _rebuild(path, why)


def readonly(path: Path, why: str = "read-only") -> MotorpmeError:
    return MotorpmeError(
        f"{path}: cannot write the index ({why})",
        hint="choose a writable place with --index PATH or MOTORPME_INDEX",
    )


def _finish_interrupted(db: sqlite3.Connection) -> None:
    """A run killed after writing articles but before recounting entities left a mark."""
    if copies.stale(db):
        with transaction(db):
            copies.refresh(db)
            refresh_entities(db)
    if db.execute("SELECT 1 FROM meta WHERE key = 'entities' AND value = 'stale'").fetchone():
        with transaction(db):
            refresh_entities(db)


def record_skip(db: sqlite3.Connection, item: CorpusFile, reason: str, signature: str) -> None:
    delete_file(db, item.file)
    db.execute(
        "INSERT INTO skipped VALUES (?, ?, ?, ?, ?)",
        (item.file, item.size, item.mtime_ns, signature, reason),
    )


def delete_file(db: sqlite3.Connection, file: str) -> None:
    row = db.execute(
        "SELECT rowid, coalesce(title, ''), text FROM articles WHERE file = ?", (file,)
    ).fetchone()
    if row:
        row = (row[0], row[1], unpack(row[2]))
        # Contentless: the full-text index is told the very values it indexed.
        db.execute("INSERT INTO fts (fts, rowid, title, text) VALUES ('delete', ?, ?, ?)", row)
        from motorpme.index import pairs  # a write's module, not imported by reads

        copies.forget(db, row[0])
        pairs.unpair(db, row[0])
        db.execute("DELETE FROM articles WHERE rowid = ?", row[:1])
    db.execute("DELETE FROM skipped WHERE file = ?", (file,))
    # Cleared by refresh_entities: a run killed before recounting is finished by the next.
    # The row is only ever 'stale': once there, it is left as is (no rewrite per article).
    db.execute("INSERT OR IGNORE INTO meta VALUES ('entities', 'stale')")
    copies.mark_stale(db)


def _unique_id(db: sqlite3.Connection, article: Article) -> str:
    wanted, n = article.id, 1
    while True:
        row = db.execute("SELECT file FROM articles WHERE id = ?", (wanted,)).fetchone()
        if row is None or row[0] == article.file:
            return wanted
        n += 1
        wanted = f"{article.id}-{n}"


_INSERT_ARTICLE = (
    "INSERT INTO articles (id, file, title, date, author, source, text, words, sha, size,"
    f" mtime_ns, signature, n_mentions{''.join(f', n_{label.lower()}' for label in COUNTED)},"
    f" date_source, inferred_date) VALUES ({', '.join('?' * (15 + len(COUNTED)))})"
)


def write_article(
    db: sqlite3.Connection,
    article: Article,
    mentions: list[Mention],
    stat: CorpusFile,
    signature: str,
) -> None:
    """An article with its mentions, pairs, acronyms and relations (inside the caller's
    transaction). What only writes need is imported here: a read never pays for it."""
    from motorpme.index import merging, pairs

    delete_file(db, article.file)
    labels = Counter(m.label for m in mentions)
    values = (
        _unique_id(db, article),
        article.file,
        article.title,
        article.date,
        article.author,
        article.source,
        pack(article.text),
        article.words,
        bytes.fromhex(article.sha),
        stat.size,
        stat.mtime_ns,
        signature_id(db, signature),
        len(mentions),
        *(labels[label] for label in COUNTED),
        article.date_source,
        article.inferred_date,
    )
    cur = db.execute(_INSERT_ARTICLE, values)
    rowid = cur.lastrowid
    db.execute(
        "INSERT INTO fts (rowid, title, text) VALUES (?, ?, ?)",
        (rowid, article.title or "", article.text),
    )
    keys = [entity_key(m, article.file) for m in mentions]
    copies.sign(db, copies.signer(), rowid, article.text)
    db.executemany(
        "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                rowid,
                i,
                m.text,
                m.label,
                m.start,
                m.end,
                m.canonical if m.canonical and m.canonical != m.text else None,
                key,
                m.value,
                m.currency,
                m.value_max,
                m.sentence,
            )
            for i, (m, key) in enumerate(zip(mentions, keys, strict=True))
        ],
    )
    pairs.write_pairs(db, rowid, mentions, keys)
    merging.record_acronyms(db, rowid, article.text, mentions)
    write_relations(db, rowid, article, mentions)


def write_relations(
    db: sqlite3.Connection, rowid: int | None, article: Article, mentions: list[Mention]
) -> None:
    """The relations of ``amounts`` and ``roles`` (pure rules over the text and the mentions,
    no spaCy), each with its proof sentence's offsets."""
    from motorpme.extract.relations import money_links
    from motorpme.extract.roles import role_triples

    links, sentences = money_links(article.text, mentions)
    db.executemany(
        "INSERT INTO money_sentences VALUES (?, ?, ?, ?)",
        [(rowid, n, start, end) for n, (start, end) in sentences.items()],
    )
    rows = []
    for link in links:
        target = mentions[link.target] if link.target is not None else None
        key = entity_key(target, article.file) if target else link.text.lower()
        rows.append(
            (
                rowid,
                link.money,
                link.role,
                link.target,
                key,
                link.label,
                link.text,
                link.rule,
                *link.sentence,
            )
        )
    db.executemany("INSERT INTO money_links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.executemany(
        "INSERT INTO roles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                rowid,
                t.person,
                entity_key(mentions[t.person], article.file),
                t.role,
                t.org,
                entity_key(mentions[t.org], article.file),
                t.rule,
                *t.sentence,
            )
            for t in role_triples(article.text, mentions)
        ],
    )


def entity_key(m: Mention, file: str = "") -> str:
    """What makes two mentions one entity: the canonical name, or for an amount or a date
    its value ("cette année" in a 2019 article and "2019" are one date; the same words in a
    2021 article are another). A date with no value ("cette année" in an undated article)
    is one entity in its article only: ``file`` is part of its key."""
    if m.label in VALUED and m.value is not None:
        upper = "" if m.value_max is None else f"-{m.value_max}"  # a range is its own amount
        return f"={m.value}{upper} {m.currency or ''}".rstrip()
    if m.label == "DATE" and file:
        return f"{_name_key(m.canonical or m.text)} @{file}"
    return _name_key(m.canonical or m.text)


# A name recurs in many articles and its key depends on it alone: computed once per run.
@lru_cache(maxsize=65536)
def _name_key(name: str) -> str:
    from motorpme.extract.canonical import canonical_key  # only the commands that write need it

    return canonical_key(name)


def refresh_entities(db: sqlite3.Connection) -> None:
    """Join names across articles (``merging.py``), then recompute the per-entity counts, so
    ``entities`` never scans every mention; the ``_once`` counts are over one copy per copy
    group (its representative)."""
    from motorpme.index import merging

    named = merging.refresh_merges(db)
    db.execute("DELETE FROM entities")
    db.execute("""
        INSERT INTO entities
        SELECT m.label, m.key,
               (SELECT coalesce(canonical, text) AS form FROM mentions m2
                WHERE m2.label = m.label AND m2.key = m.key
                GROUP BY form ORDER BY count(*) DESC, length(form) DESC, form LIMIT 1),
               count(*), count(DISTINCT article),
               (SELECT value FROM mentions m3 WHERE m3.label = m.label AND m3.key = m.key
                AND value IS NOT NULL GROUP BY value ORDER BY count(*) DESC LIMIT 1),
               (SELECT currency FROM mentions m4 WHERE m4.label = m.label AND m4.key = m.key
                AND currency IS NOT NULL GROUP BY currency ORDER BY count(*) DESC LIMIT 1),
               (SELECT group_concat(text, '|') FROM
                   (SELECT DISTINCT text FROM mentions m5 WHERE m5.label = m.label
                    AND m5.key = m.key ORDER BY text)),
               sum(a.copy_of IS NULL), count(DISTINCT CASE WHEN a.copy_of IS NULL
                                                    THEN m.article END)
        FROM mentions m JOIN articles a ON a.rowid = m.article GROUP BY m.label, m.key
    """)
    merging.fix_names(db, named)
    db.execute("DELETE FROM meta WHERE key = 'entities'")


def skipped(db: sqlite3.Connection) -> list[tuple[str, str]]:
    return list(db.execute("SELECT file, reason FROM skipped ORDER BY file"))


def describe(db: sqlite3.Connection) -> tuple[int, str]:
    """How many articles the index holds, and the path of its file."""
    count = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    return count, db.execute("PRAGMA database_list").fetchone()[2]
