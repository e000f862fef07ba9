"""Mentions and amounts by year or month: of one entity, of one type, or of the whole corpus.

A period is the article's date cut to the year (``2019``) or the month (``2019-06``; an
article dated by its year alone counts under ``2019``); articles without a date come last,
under ``undated``. The whole corpus and the main types read the per-article counts stored
with each article, so only amounts (and an entity's mentions) touch the mentions table.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from motorpme.errors import MotorpmeError
from motorpme.models import COUNTED
from motorpme.read.filters import mention_match
from motorpme.read.scope import EVERYTHING, Scope
from motorpme.read.sql import dated_column, where_clause

PERIODS = {"year": 4, "month": 7}
UNDATED = "undated"


def timeline(
    db: sqlite3.Connection,
    entity: str | None = None,
    label: str | None = None,
    by: str = "year",
    scope: Scope = EVERYTHING,
) -> list[dict[str, Any]]:
    """One row per period, in time order: ``articles`` (those of scope that mention the
    entity, or the type, else all), ``mentions`` (of the entity or type, else every
    mention), ``amounts`` (the MONEY mentions with a value in these articles) and ``total``
    (their sum per currency; a range counts its lower amount)."""
    if by not in PERIODS:
        raise MotorpmeError(f"--by {by!r}: unknown", hint="year or month")
    period = f"substr({dated_column(scope.inferred)}, 1, {PERIODS[by]})"
    counts, args, held = _counts(db, entity, label, scope, period)
    rows: dict[str | None, dict[str, Any]] = {}
    for when, articles, mentions in db.execute(counts, args):
        rows[when] = {"period": when or UNDATED, "articles": articles, "mentions": mentions}
        rows[when].update(amounts=0, total={})
    where, args = where_clause(
        ("m.label = 'MONEY' AND m.value IS NOT NULL", []), held, *scope.parts(db)
    )
    amounts = (
        f"SELECT {period}, m.currency, count(*), sum(m.value) FROM mentions m"
        f" JOIN articles a ON a.rowid = m.article {where} GROUP BY 1, 2"
    )
    for when, currency, n, total in db.execute(amounts, args):
        if when in rows:
            rows[when]["amounts"] += n
            rows[when]["total"][currency or "?"] = total
    return sorted(rows.values(), key=lambda r: (r["period"] == UNDATED, r["period"]))


def _counts(
    db: sqlite3.Connection, entity: str | None, label: str | None, scope: Scope, period: str
) -> tuple[str, list, tuple[str, list]]:
    """The articles-and-mentions query by period, and the part that says which articles
    count (for the amounts)."""
    if entity is not None:
        match, margs = mention_match(entity, label)
        held = (f"a.rowid IN (SELECT m.article FROM mentions m WHERE {match})", margs)
        where, args = where_clause((match, margs), *scope.parts(db))
        sql = (
            f"SELECT {period}, count(DISTINCT a.rowid), count(*) FROM mentions m"
            f" JOIN articles a ON a.rowid = m.article {where} GROUP BY 1"
        )
        return sql, args, held
    if label is None:
        where, args = where_clause(*scope.parts(db))
        sql = f"SELECT {period}, count(*), sum(a.n_mentions) FROM articles a {where} GROUP BY 1"
        return sql, args, ("", [])
    if label in COUNTED:  # counted per article when indexed: no mention is read
        column = f"a.n_{label.lower()}"
        held = (f"{column} > 0", [])
        where, args = where_clause(held, *scope.parts(db))
        sql = f"SELECT {period}, count(*), sum({column}) FROM articles a {where} GROUP BY 1"
        return sql, args, held
    held = ("a.rowid IN (SELECT m.article FROM mentions m WHERE m.label = ?)", [label])
    where, args = where_clause(("m.label = ?", [label]), *scope.parts(db))
    sql = (
        f"SELECT {period}, count(DISTINCT a.rowid), count(*) FROM mentions m"
        f" JOIN articles a ON a.rowid = m.article {where} GROUP BY 1"
    )
    return sql, args, held


def timeline_csv_rows(rows: list[dict[str, Any]]) -> list[list[str]]:
    """Header and rows for ``--csv`` and the table: the totals as ``30000 EUR; 9e7 FRF``."""
    out = [["period", "articles", "mentions", "amounts", "total"]]
    for r in rows:
        total = "; ".join(f"{_number(v)} {c}" for c, v in sorted(r["total"].items()))
        out.append([r["period"], str(r["articles"]), str(r["mentions"]), str(r["amounts"]), total])
    return out


def _number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"
