"""What can go wrong with the index file itself: damage found by SQLite's ``quick_check``, and
SQLite errors (locked, read-only, full, malformed) said as one line with what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from motorpme.errors import MotorpmeError
from motorpme.index.store import readonly


def intact(db: sqlite3.Connection) -> str | None:
    """None if SQLite's ``quick_check`` finds the file sound, else its first complaint."""
    try:
        answer = db.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if answer == [("ok",)] else str(answer[0][0]).split("\n")[0]


def failure(path: Path | str | None, exc: sqlite3.Error) -> MotorpmeError:
    """An SQLite error met while using the index, as one line: what went wrong, and what to do."""
    text = str(exc).split("\n")[0]
    where = path or "the index"
    lower = text.lower()
    if "locked" in lower or "busy" in lower:
        return MotorpmeError(f"{where}: another motorpme run holds the index", hint="retry later")
    if "malformed" in lower or "not a database" in lower or "corrupt" in lower:
        return MotorpmeError(
            f"{where}: the index is damaged ({text})",
            hint="`motorpme index --check` sets it aside and rebuilds it",
        )
    if "full" in lower:
        return MotorpmeError(
            f"{where}: cannot write the index ({text})",
            hint="free some disk space and run again; what was indexed is kept",
        )
    return readonly(Path(str(where)), text)
