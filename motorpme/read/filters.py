"""Filters on entities shared by every read: an entity named any way the user writes it (a
canonical name or an alias, a surname for a full name, a date or an amount by its value),
and amounts within a range. Each is a (sql, args) part over ``mentions m``."""

from __future__ import annotations

import re

from motorpme.errors import MotorpmeError
from motorpme.read.sql import key_of

_ISO = re.compile(r"(?:19|20)\d\d(?:-\d\d(?:-\d\d)?)?")
_SCALE = {"k": 1e3, "m": 1e6, "md": 1e9, "mds": 1e9, "g": 1e9, "b": 1e9}
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(k|m|md|mds|g|b)?", re.IGNORECASE)


def like_pattern(text: str) -> str:
    """``text`` as a literal in a LIKE pattern with ``ESCAPE '\\'``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def mention_match(entity: str, label: str | None = None) -> tuple[str, list]:
    """Mentions of ``entity``: by its key (canonical names and aliases share it), or the key
    it was merged into across the corpus (an acronym, a typo, a surname: the ``aliases``
    table), a surname by the full names it ends (PER), a date by its value and the days
    within it (``2018``, ``2018-06``), an amount by its value and currency (``3 millions
    d'euros``)."""
    key = key_of(entity)
    merged = "m.key IN (SELECT j.key FROM aliases j WHERE j.alias = ? AND j.label = m.label)"
    parts, args = ["m.key = ?", merged], [key, key]
    if label in (None, "PER") and key and " " not in key:
        parts.append("(m.label = 'PER' AND m.key LIKE ? ESCAPE '\\')")
        args.append(f"% {like_pattern(key)}")
    day = entity.strip()
    if label in (None, "DATE") and _ISO.fullmatch(day):
        parts.append("(m.label = 'DATE' AND (m.value = ? OR m.value LIKE ? ESCAPE '\\'))")
        args += [day, f"{like_pattern(day)}-%"]
    money = _money(entity) if label in (None, "MONEY") else None
    if money is not None:
        parts.append("(m.label = 'MONEY' AND m.value = ? AND ifnull(m.currency, '') = ?)")
        args += [money[0], money[1] or ""]
    sql = "(" + " OR ".join(parts) + ")"
    return (f"m.label = ? AND {sql}", [label, *args]) if label else (sql, args)


def _money(text: str) -> tuple[float | int, str | None] | None:
    if not any(c.isdigit() for c in text):
        return None
    from motorpme.extract.money import parse_money  # pure rules, no spaCy

    return parse_money(text)


def articles_with(
    entities: list[str] | None, any_of: bool = False, column: str = "a.rowid"
) -> tuple[str, list]:
    """Articles mentioning every one of ``entities`` (or one of them, ``any_of``)."""
    parts, args = [], []
    for entity in entities or ():
        sql, more = mention_match(entity)
        parts.append(f"{column} IN (SELECT m.article FROM mentions m WHERE {sql})")
        args += more
    joined = (" OR " if any_of else " AND ").join(parts)
    return (f"({joined})" if parts else ""), args


def parse_amount(text: str) -> float:
    """An amount as the user writes it: ``1M``, ``1,5 M``, ``500k``, ``2 000 000``, ``2 Md``."""
    plain = text.replace("\u00a0", " ").replace(" ", "").strip()
    match = _AMOUNT.fullmatch(plain)
    if match is None:
        raise MotorpmeError(f"{text!r}: not an amount", hint="e.g. 500000, 500k, 1M, 1,5M, 2Md")
    number = float(match.group(1).replace(",", "."))
    return number * _SCALE.get((match.group(2) or "").lower(), 1)


def amount_range(
    low: str | None, high: str | None, currency: str | None, column: str = "m"
) -> tuple[str, list]:
    """MONEY mentions (``column``: the mentions' alias) valued in [low, high], in ``currency``."""
    if low is None and high is None and currency is None:
        return "", []
    parts, args = [f"{column}.label = 'MONEY'"], []
    if low is not None:
        parts.append(f"CAST({column}.value AS REAL) >= ?")
        args.append(parse_amount(low))
    if high is not None:
        parts.append(f"CAST({column}.value AS REAL) <= ?")
        args.append(parse_amount(high))
    if currency is not None:
        parts.append(f"{column}.currency = ?")
        args.append(currency.upper())
    return " AND ".join(parts), args


def articles_with_amounts(
    low: str | None, high: str | None, currency: str | None, column: str = "a.rowid"
) -> tuple[str, list]:
    """Articles with an amount within [low, high] (in ``currency``)."""
    sql, args = amount_range(low, high, currency)
    return (f"{column} IN (SELECT m.article FROM mentions m WHERE {sql})" if sql else ""), args
