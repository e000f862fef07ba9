"""Which articles a read looks at: their dates, one article, the entities they mention, the
amounts they hold. One record that every read command takes, so a filter means the same
everywhere."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from motorpme.read.filters import articles_with, articles_with_amounts
from motorpme.read.sql import date_filter, resolve_doc, undated_left_out

Part = tuple[str, list]


@dataclass(frozen=True, slots=True)
class Scope:
    since: str | None = None
    until: str | None = None
    doc: str | None = None
    entities: tuple[str, ...] = ()
    any_entity: bool = False  # one of ``entities`` is enough (else every one)
    min_amount: str | None = None
    max_amount: str | None = None
    currency: str | None = None
    undated: bool = False  # with --since/--until, keep the articles that have no date
    inferred: bool = False  # with --since/--until, an undated article's inferred year counts
    # Count every copy of a syndicated story; by default a copy group counts once, through
    # its representative (``copy_of`` is null for it and for every article with no copy).
    all_copies: bool = False

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None

    @property
    def amounts(self) -> bool:
        return (self.min_amount, self.max_amount, self.currency) != (None, None, None)

    @property
    def everything(self) -> bool:
        return not (self.dated or self.doc is not None or self.entities or self.amounts)

    def undated_left_out(self, db: sqlite3.Connection) -> int:
        """How many articles the date filter leaves out for having no date (0 with --undated)."""
        if self.undated:
            return 0
        return undated_left_out(db, self.since, self.until, self.inferred)

    def parts(self, db: sqlite3.Connection, amounts: bool = True) -> list[Part]:
        """(sql, args) parts over ``articles a``; ``amounts`` False leaves the amount range
        to the caller (``entities`` applies it to the amounts themselves)."""
        doc: Part = (
            ("a.rowid = ?", [resolve_doc(db, self.doc)]) if self.doc is not None else ("", [])
        )
        held: Part = ("", [])
        if amounts:
            held = articles_with_amounts(self.min_amount, self.max_amount, self.currency)
        return [
            doc,
            date_filter(self.since, self.until, self.undated, self.inferred),
            articles_with(list(self.entities), self.any_entity),
            held,
            once(self.all_copies),
        ]


def once(all_copies: bool = False) -> Part:
    """The part that keeps one article per copy group (its representative), unless
    ``all_copies``: a story copied on five sites counts once."""
    return ("", []) if all_copies else ("a.copy_of IS NULL", [])


EVERYTHING = Scope()  # no filter: the whole corpus
