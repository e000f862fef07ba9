"""The cheap freshness check of a read: the corpus folders' mtimes, as the last full pass saw
them, against what they are now (one ``stat`` per folder, no file looked at); and where the
index keeps them, with the listing of the last complete update (``meta``).

A file added, removed or renamed changes its folder's mtime; an edit in place changes none,
which is why ``motorpme index`` and ``--refresh`` stat every file (README, "Where the index
lives"). Kept out of ``ingest/``: the pipeline signature hashes that folder's code.
"""

from __future__ import annotations

import os
import sqlite3
import time

from motorpme.index.schema import transaction
from motorpme.ingest.corpus import Corpus

# A folder changed less than this long before a walk may change again within the same tick
# of its mtime (file systems stamp coarsely, a network one with another clock): its mtime is
# not trusted to stand for its listing, and the next read makes the full pass again.
RACY_NS = 2_000_000_000

Folders = dict[str, int | None]  # relative path ("" the root, "sub/" below) -> mtime_ns


def folder_times(corpus: Corpus) -> Folders:
    """Every folder the corpus walk enters (not hidden, not a symlink), each with its mtime,
    taken before the walk lists it: call this before ``scan``, and a change meanwhile shows
    next time. ``None`` where a folder cannot be listed or changed within ``RACY_NS``.
    A single-file corpus has no folders to vouch for it."""
    folders: Folders = {}
    if corpus.only:
        return folders
    stack = [("", str(corpus.root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            folders[prefix] = os.stat(folder).st_mtime_ns
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith(".") or entry.is_symlink():
                        continue
                    try:
                        if entry.is_dir():
                            stack.append((f"{prefix}{entry.name}/", entry.path))
                    except OSError:
                        continue
        except OSError:  # ``scan`` names the problem; every read walks until it is fixed
            folders[prefix] = None
    recent = time.time_ns() - RACY_NS
    return {f: (None if t is not None and t >= recent else t) for f, t in folders.items()}


def folders_unchanged(corpus: Corpus, folders: Folders) -> bool:
    """Does every folder of an earlier ``folder_times`` still have the mtime it had then?
    Then no file was added, removed or renamed in any of them, nor a sub-folder."""
    if corpus.only or not folders:
        return False
    root = str(corpus.root)
    stat = os.stat
    try:
        for folder, mtime in folders.items():
            if mtime is None or stat(os.path.join(root, folder)).st_mtime_ns != mtime:
                return False
    except OSError:
        return False
    return True


def get_listing(db: sqlite3.Connection) -> str | None:
    """The fingerprint of the corpus listing the index was last brought up to date with."""
    row = db.execute("SELECT value FROM meta WHERE key = 'listing'").fetchone()
    return row[0] if row else None


def get_scan(db: sqlite3.Connection) -> str | None:
    """The folders' snapshot (JSON) of the walk of that update, which reads check first."""
    row = db.execute("SELECT value FROM meta WHERE key = 'scan'").fetchone()
    return row[0] if row else None


def set_listing(db: sqlite3.Connection, listing: str | None, scan: str | None = None) -> None:
    """Store the listing (None: clear it, and the snapshot with it); a new ``scan``
    replaces the snapshot, else the one stored stays with the listing."""
    with transaction(db):
        db.execute("DELETE FROM meta WHERE key = 'listing'")
        if listing:
            db.execute("INSERT INTO meta VALUES ('listing', ?)", (listing,))
        if scan or not listing:
            db.execute("DELETE FROM meta WHERE key = 'scan'")
        if scan:
            db.execute("INSERT INTO meta VALUES ('scan', ?)", (scan,))
