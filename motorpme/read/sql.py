"""What every read query is built from: filters as (sql, args) parts, article lookup, rows.

Arguments are always bound, never spliced into SQL.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from motorpme.errors import MotorpmeError


def date_filter(since: str | None, until: str | None, column: str = "a.date") -> tuple[str, list]:
    """SQL for ``--since``/``--until`` on ISO dates of any precision (``2018`` … ``2019-06-30``)."""
    sql, args = [], []
    for option, bound in (("--since", since), ("--until", until)):
        if bound is not None:
            check_date(option, bound)
    if since and until and since > until + "\uffff":  # "2019-06" until "2019" is fine
        raise MotorpmeError(f"--since {since} is after --until {until}", hint="swap them")
    if since:
        sql.append(f"{column} >= ?")
        args.append(since)
    if until:
        sql.append(f"{column} <= ?")
        args.append(until + "\uffff")  # "2019-06" keeps every day of June 2019
    return " AND ".join(sql), args


_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", re.ASCII)


def check_date(option: str, bound: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` in ASCII digits, naming a real day or month."""
    match = _DATE.fullmatch(bound)
    hint = "use YYYY, YYYY-MM or YYYY-MM-DD"
    if not match:
        raise MotorpmeError(f"{option} {bound!r}: not a date", hint=hint)
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise MotorpmeError(f"{option} {bound!r}: no month {match[2]}", hint=hint)
    if day is not None:
        try:
            datetime.date(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            raise MotorpmeError(f"{option} {bound!r}: no day {match[3]} in that month") from None
    return bound


def where_clause(*parts: tuple[str, list]) -> tuple[str, list]:
    """``WHERE a AND b`` and its arguments from (sql, args) parts; empty parts are left out."""
    sql = [p for p, _ in parts if p]
    args = [a for _, group in parts for a in group]
    return ("WHERE " + " AND ".join(sql)) if sql else "", args


def check_sort(sort: str, sorts: dict[str, str]) -> str:
    """``sort`` if it is one of ``sorts``, else a one-line error naming the choices."""
    if sort not in sorts:
        raise MotorpmeError(f"--sort {sort!r}: unknown", hint=f"one of {', '.join(sorts)}")
    return sort


def resolve_doc(db: sqlite3.Connection, ref: str) -> int:
    """An article's rowid from its id, file name or a unique prefix of either."""
    if not ref.strip():  # every id starts with "": it would mean any article
        raise MotorpmeError(f"{ref!r}: an empty article id", hint="`motorpme list` shows the ids")
    rows = db.execute(
        "SELECT rowid, id FROM articles WHERE id = ? OR file = ?", (ref, ref)
    ).fetchall()
    if not rows:
        like = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = db.execute(
            "SELECT rowid, id FROM articles WHERE id LIKE ? ESCAPE '\\' OR file LIKE ? ESCAPE '\\'",
            (like, like),
        ).fetchall()
    if len(rows) == 1:
        return rows[0][0]
    if not rows:
        raise MotorpmeError(
            f"{ref}: no such article", hint="`motorpme list` shows the ids", exit_code=1
        )
    ids = ", ".join(r[1] for r in rows[:5])
    raise MotorpmeError(f"{ref}: ambiguous article id ({ids}…)", hint="give more of the id")


def fetch(db: sqlite3.Connection, sql: str, args: list, limit: int | None) -> Iterator:
    """Each row of ``sql`` with its column names, at most ``limit`` of them."""
    if limit is not None:
        sql, args = sql + " LIMIT ?", [*args, limit]
    cur = db.execute(sql, args)
    cols = [d[0] for d in cur.description]
    return ((r, cols) for r in cur)


def as_dict(values: tuple, cols: list[str]) -> dict[str, Any]:
    """One row as a dict of column name to value."""
    return dict(zip(cols, values, strict=True))


def key_of(text: str) -> str:
    """The key mentions of the same entity share in the index (``canonical_key``)."""
    from motorpme.extract.canonical import canonical_key

    return canonical_key(text)
