"""The SQLite index: schema, incremental update, full-text search, queries.

One file, outside the corpus. Each article is written with its mentions in one
transaction, so a run killed half-way leaves a consistent index that the next run
completes. ``update`` never imports spaCy unless some file actually needs extracting.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

from motorpme.corpus import Corpus, CorpusFile, iter_files
from motorpme.errors import MotorpmeError
from motorpme.models import Article, Mention

SCHEMA_VERSION = "3"
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, file TEXT UNIQUE NOT NULL,
    title TEXT, date TEXT, author TEXT, source TEXT, text TEXT NOT NULL, words INTEGER,
    sha TEXT NOT NULL, size INTEGER, mtime_ns INTEGER, signature TEXT NOT NULL
);
CREATE TABLE mentions (
    article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    seq INTEGER NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, canonical TEXT, key TEXT NOT NULL,
    value, currency TEXT, PRIMARY KEY (article, seq)
) WITHOUT ROWID;
CREATE INDEX mentions_by_entity ON mentions (label, key, article);
CREATE TABLE entities (
    label TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL, value, currency TEXT, aliases TEXT, PRIMARY KEY (label, key)
) WITHOUT ROWID;
CREATE TABLE skipped (
    file TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, signature TEXT, reason TEXT
);
CREATE VIRTUAL TABLE fts USING fts5 (title, text, tokenize = 'unicode61 remove_diacritics 2');
"""


@dataclass
class Plan:
    """What an update has to do, decided from ``stat`` and hashes, before any model loads."""

    todo: list[CorpusFile] = field(default_factory=list)
    touched: list[tuple[CorpusFile, int]] = field(default_factory=list)  # same bytes, new mtime
    removed: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class Progress:
    """One processed file: ``error`` is the one-line reason it was skipped, if it was."""

    file: str
    done: int
    total: int
    error: str | None = None


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
        raise _readonly(path, str(exc)) from None


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 60000")
        # Decide "empty" inside a write transaction: two runs creating one index must not
        # both create the schema (the loser would take the winner's index for corrupt).
        db.execute("BEGIN IMMEDIATE")
        if db.execute("SELECT count(*) FROM sqlite_master").fetchall() == [(0,)]:
            # Statement by statement: executescript would COMMIT the open transaction first.
            for statement in filter(str.strip, _SCHEMA.split(";")):
                db.execute(statement)
            db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        db.execute("COMMIT")
        # fetchall everywhere: a half-read statement keeps a read lock, and two runs each
        # holding one while switching to WAL would deadlock.
        version = [r[0] for r in db.execute("SELECT value FROM meta WHERE key = 'schema'")]
        if version != [SCHEMA_VERSION]:
            raise sqlite3.DatabaseError(
                f"index schema {version[0] if version else '?'}, expected {SCHEMA_VERSION}"
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
                return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
        time.sleep(0.05 + random.random() / 10)
    raise sqlite3.OperationalError("database is locked")


rebuilt: list[str] = []  # read by the CLI to say, once, that an index was rebuilt


def _rebuild(path: Path, why: str) -> sqlite3.Connection:
    aside = Path(f"{path}.unusable")
    try:
        for suffix in ("", "-wal", "-shm", "-journal"):
            if Path(f"{path}{suffix}").exists():
                Path(f"{path}{suffix}").replace(f"{aside}{suffix}")
    except OSError as exc:
        raise _readonly(path, exc.strerror or str(exc)) from None
    rebuilt.append(f"{path}: unusable index ({why}); rebuilding it (old file kept as {aside.name})")
    try:
        return _open(path)
    except sqlite3.DatabaseError as exc:
        _raise_if_access_problem(path, exc)
        raise


def _readonly(path: Path, why: str = "read-only") -> MotorpmeError:
    return MotorpmeError(
        f"{path}: cannot write the index ({why})",
        hint="choose a writable place with --index PATH or MOTORPME_INDEX",
    )


def _finish_interrupted(db: sqlite3.Connection) -> None:
    """A run killed after writing articles but before recounting entities left a mark."""
    if db.execute("SELECT 1 FROM meta WHERE key = 'entities' AND value = 'stale'").fetchone():
        with _transaction(db):
            refresh_entities(db)


def plan(db: sqlite3.Connection, corpus: Corpus, signature: str) -> Plan:
    """Compare the corpus with the index: unchanged size+mtime+signature means nothing to read."""
    known = {
        row[0]: row[1:]
        for row in db.execute("SELECT file, size, mtime_ns, signature, sha, rowid FROM articles")
    }
    # A skipped file is tried again when it changes or the pipeline does (a fixed reader).
    skipped = {
        row[0]: row[1:] for row in db.execute("SELECT file, size, mtime_ns, signature FROM skipped")
    }
    result, seen = Plan(), set()
    for item in iter_files(corpus):
        if isinstance(item, tuple):
            result.problems.append(item)
            continue
        seen.add(item.file)
        size, mtime, sig, sha, rowid = known.get(item.file, (None,) * 5)
        if sig == signature and (size, mtime) == (item.size, item.mtime_ns):
            result.unchanged += 1
        elif sig == signature and size == item.size and _sha(item.path) == sha:
            result.touched.append((item, rowid))
        elif item.file in skipped and skipped[item.file] == (item.size, item.mtime_ns, signature):
            result.problems.append((item.file, _skip_reason(db, item.file)))
        else:
            result.todo.append(item)
    result.removed = sorted((set(known) | set(skipped)) - seen)
    return result


def _sha(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _skip_reason(db: sqlite3.Connection, file: str) -> str:
    return db.execute("SELECT reason FROM skipped WHERE file = ?", (file,)).fetchone()[0]


Extract = Callable[[Iterable[Article]], Iterator[tuple[Article, list[Mention]]]]


def update(
    db: sqlite3.Connection,
    corpus: Corpus,
    work: Plan,
    signature: str,
    extract: Callable[[], Extract],
) -> Iterator[Progress]:
    """Apply a plan: drop removed files, re-stamp touched ones, extract and write the rest.

    ``extract`` is called only when some file needs the model, so reading an up-to-date
    index never loads spaCy. Yields one ``Progress`` per processed or skipped file.
    """
    with _transaction(db):
        for file in work.removed:
            _delete(db, file)
        for item, rowid in work.touched:
            db.execute("UPDATE articles SET mtime_ns = ? WHERE rowid = ?", (item.mtime_ns, rowid))
    total = len(work.todo)
    results = _results(work.todo, corpus, extract)
    for done, (item, article, result) in enumerate(results, 1):
        with _transaction(db):
            if isinstance(result, str):
                _skip(db, item, result, signature)
            else:
                _write(db, article, result, item, signature)
        yield Progress(item.file, done, total, result if isinstance(result, str) else None)
    if total or work.removed:
        with _transaction(db):
            refresh_entities(db)


Result = tuple[CorpusFile, Article | None, list[Mention] | str]  # mentions, or why skipped


def _results(
    todo: list[CorpusFile], corpus: Corpus, extract: Callable[[], Extract]
) -> Iterator[Result]:
    """Every file of ``todo`` once, in order, read and extracted, or with the reason it failed."""
    failures: list[tuple[CorpusFile, str]] = []
    by_file = {f.file: f for f in todo}
    for article, result in _extract_each(extract, _read_all(todo, corpus, failures)):
        while failures:
            yield _fail(failures)
        yield by_file[article.file], article, result
    while failures:
        yield _fail(failures)


def _fail(failures: list[tuple[CorpusFile, str]]) -> Result:
    item, reason = failures.pop(0)
    return item, None, reason


# After this many articles in a row fail extraction with none done, the extractor is broken,
# not the input: the run stops with the real error rather than skipping the whole corpus.
_BROKEN = 3


def _extract_each(
    extract: Callable[[], Extract], articles: Iterator[Article]
) -> Iterator[tuple[Article, list[Mention] | str]]:
    """The extractor's results; an article it crashes on comes back with the reason instead.

    The extractor batches, so a crash is pinned down by retrying the articles it held
    one by one; then batching resumes on the rest. ``MotorpmeError`` (no model...) stops all.
    The model loads only once an article has been read: a corpus of bad files does not wait.
    """
    first = next(articles, None)
    if first is None:
        return
    articles, fn = itertools.chain([first], articles), extract()
    pending: dict[str, Article] = {}
    done = failed = 0

    def feed() -> Iterator[Article]:
        for article in articles:
            pending[article.file] = article
            yield article

    while True:
        try:
            for article, mentions in fn(feed()):
                pending.pop(article.file, None)
                done += 1
                yield article, mentions
            return
        except MotorpmeError:
            raise
        except Exception:
            if not pending:
                raise
        while pending:
            article = pending.pop(next(iter(pending)))
            result = _extract_alone(fn, article)
            if isinstance(result, Exception):
                failed += 1
                if failed >= _BROKEN and not done:
                    raise result
                yield article, _why(result)
            else:
                done += 1
                yield article, result


def _extract_alone(fn: Extract, article: Article) -> list[Mention] | Exception:
    try:
        return next(iter(fn([article])))[1]
    except MotorpmeError:
        raise
    except Exception as exc:
        return exc


def _why(exc: Exception) -> str:
    # First sentence only: the reason is printed on one line next to the file name.
    detail = re.split(r"(?<=\.)\s|\n", str(exc).strip(), maxsplit=1)[0][:160]
    return f"extraction failed ({type(exc).__name__}{': ' + detail if detail else ''})"


def _read_all(
    todo: list[CorpusFile], corpus: Corpus, failures: list[tuple[CorpusFile, str]]
) -> Iterator[Article]:
    from motorpme.ingest import article_id_for, read_article

    for item in todo:
        raw_name = item.path.relative_to(corpus.root).as_posix()
        try:
            article = read_article(item.path, corpus.root)
        except MotorpmeError as exc:
            reason = exc.message.removeprefix(f"{raw_name}: ").removeprefix(f"{item.file}: ")
            failures.append((item, reason))
            continue
        except OSError as exc:
            failures.append((item, exc.strerror or type(exc).__name__))
            continue
        if article.file != item.file:  # a name with undecodable bytes: keep the printable one
            article = replace(article, file=item.file, id=article_id_for(item.file))
        yield article


def _skip(db: sqlite3.Connection, item: CorpusFile, reason: str, signature: str) -> None:
    _delete(db, item.file)
    db.execute(
        "INSERT INTO skipped VALUES (?, ?, ?, ?, ?)",
        (item.file, item.size, item.mtime_ns, signature, reason),
    )


class _transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: one writer at a time, the others wait (busy_timeout)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")


def _delete(db: sqlite3.Connection, file: str) -> None:
    row = db.execute("SELECT rowid FROM articles WHERE file = ?", (file,)).fetchone()
    if row:
        db.execute("DELETE FROM fts WHERE rowid = ?", row)
        db.execute("DELETE FROM articles WHERE rowid = ?", row)
    db.execute("DELETE FROM skipped WHERE file = ?", (file,))
    # Cleared by refresh_entities: a run killed before recounting is finished by the next.
    db.execute("INSERT OR REPLACE INTO meta VALUES ('entities', 'stale')")


def _unique_id(db: sqlite3.Connection, article: Article) -> str:
    wanted, n = article.id, 1
    while True:
        row = db.execute("SELECT file FROM articles WHERE id = ?", (wanted,)).fetchone()
        if row is None or row[0] == article.file:
            return wanted
        n += 1
        wanted = f"{article.id}-{n}"


def _write(
    db: sqlite3.Connection,
    article: Article,
    mentions: list[Mention],
    stat: CorpusFile,
    signature: str,
) -> None:

    _delete(db, article.file)
    cur = db.execute(
        "INSERT INTO articles (id, file, title, date, author, source, text, words, sha, size,"
        " mtime_ns, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            _unique_id(db, article),
            article.file,
            article.title,
            article.date,
            article.author,
            article.source,
            article.text,
            article.words,
            article.sha,
            stat.size,
            stat.mtime_ns,
            signature,
        ),
    )
    rowid = cur.lastrowid
    db.execute(
        "INSERT INTO fts (rowid, title, text) VALUES (?, ?, ?)",
        (rowid, article.title or "", article.text),
    )
    db.executemany(
        "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                rowid,
                i,
                m.text,
                m.label,
                m.start,
                m.end,
                m.canonical or m.text,
                entity_key(m),
                m.value,
                m.currency,
            )
            for i, m in enumerate(mentions)
        ],
    )


def entity_key(m: Mention) -> str:
    """What makes two mentions one entity: the canonical name, or for an amount or a date
    its value ("cette année" in a 2019 article and "2019" are one date; the same words in a
    2021 article are another)."""
    from motorpme.extract.canonical import canonical_key

    if m.label in ("MONEY", "DATE") and m.value is not None:
        return f"={m.value} {m.currency or ''}".rstrip()
    return canonical_key(m.canonical or m.text)


def refresh_entities(db: sqlite3.Connection) -> None:
    """Recompute the per-entity counts, so ``entities`` never scans every mention."""
    db.execute("DELETE FROM entities")
    db.execute("""
        INSERT INTO entities
        SELECT label, key,
               (SELECT canonical FROM mentions m2 WHERE m2.label = m.label AND m2.key = m.key
                GROUP BY canonical ORDER BY count(*) DESC, length(canonical) DESC, canonical
                LIMIT 1),
               count(*), count(DISTINCT article),
               (SELECT value FROM mentions m3 WHERE m3.label = m.label AND m3.key = m.key
                AND value IS NOT NULL GROUP BY value ORDER BY count(*) DESC LIMIT 1),
               (SELECT currency FROM mentions m4 WHERE m4.label = m.label AND m4.key = m.key
                AND currency IS NOT NULL GROUP BY currency ORDER BY count(*) DESC LIMIT 1),
               (SELECT group_concat(text, '|') FROM
                   (SELECT DISTINCT text FROM mentions m5 WHERE m5.label = m.label
                    AND m5.key = m.key ORDER BY text))
        FROM mentions m GROUP BY label, key
    """)
    db.execute("DELETE FROM meta WHERE key = 'entities'")


def skipped(db: sqlite3.Connection) -> list[tuple[str, str]]:
    return list(db.execute("SELECT file, reason FROM skipped ORDER BY file"))


def close(db: sqlite3.Connection) -> None:
    with closing(db):
        pass
