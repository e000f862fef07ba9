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


def dated_column(inferred: bool = False) -> str:
    """The date a filter reads: the stated one, or with ``inferred`` an inferred year for an
    article that states none."""
    return "coalesce(a.date, a.inferred_date)" if inferred else "a.date"


def date_filter(
    since: str | None, until: str | None, undated: bool = False, inferred: bool = False
) -> tuple[str, list]:
    """SQL for ``--since``/``--until`` on ISO dates of any precision (``2018`` … ``2019-06-30``);
    ``undated`` keeps the articles with no date, ``inferred`` see ``dated_column``."""
    column = dated_column(inferred)
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
    if sql and undated:
        return f"({' AND '.join(sql)} OR {column} IS NULL)", args
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


def undated_left_out(
    db: sqlite3.Connection, since: str | None, until: str | None, inferred: bool = False
) -> int:
    """How many articles of the index a date filter (without ``undated``) leaves out for
    having no date."""
    if not (since or until):
        return 0
    sql = f"SELECT count(*) FROM articles a WHERE {dated_column(inferred)} IS NULL"
    return db.execute(sql).fetchone()[0]


def shown_date(row_date: str | None, source: str | None, inferred: str | None) -> str | None:
    """The date an output carries: the stated one, else the inferred year (its
    ``date_source`` says ``inferred``)."""
    return row_date if row_date or source != "inferred" else inferred


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
