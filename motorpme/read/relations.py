"""Reads of the relations stored at index time: amounts with who gives, receives or holds
them and what they are for (``amounts``), their totals (``amount_sums``), and person, role,
organisation triples (``roles``). Every row carries its proof sentence; nothing here loads
spaCy or re-reads a rule."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any

from motorpme.models import value_fields
from motorpme.read.filters import amount_range, mention_match
from motorpme.read.scope import EVERYTHING, Scope
from motorpme.read.sql import where_clause

# The fixed euro conversion rate of the French franc (1 EUR = 6.55957 FRF, 1999).
FRF_PER_EUR = 6.55957


def _linked_to(entities: tuple[str, ...], any_of: bool, article: str, seq: str) -> tuple[str, list]:
    """Rows whose mention (``article``, ``seq`` columns) is one of ``entities``' mentions."""
    parts, args = [], []
    for entity in entities:
        sql, more = mention_match(entity)
        parts.append(f"({article}, {seq}) IN (SELECT m.article, m.seq FROM mentions m WHERE {sql})")
        args += more
    joined = (" OR " if any_of else " AND ").join(parts)
    return (f"({joined})" if parts else ""), args


def amounts(
    db: sqlite3.Connection, scope: Scope = EVERYTHING, limit: int | None = None
) -> list[dict[str, Any]]:
    """Each MONEY mention in scope, in date order, with its value, its article's date, its
    sentence and its links; with ``--entity``, only the amounts linked to that entity."""
    entity_sql, entity_args = _linked_to(
        scope.entities, scope.any_entity, "l.article", "l.target_seq"
    )
    linked: tuple[str, list] = ("", [])
    if entity_sql:
        linked = (
            "EXISTS (SELECT 1 FROM money_links l WHERE l.article = x.article"
            f" AND l.mention_seq = x.seq AND {entity_sql})",
            entity_args,
        )
    where, args = where_clause(
        ("x.label = 'MONEY'", []),
        *scope.parts(db, amounts=False),
        amount_range(scope.min_amount, scope.max_amount, scope.currency, "x"),
        linked,
    )
    sql = (
        "SELECT a.rowid, a.id, a.date, x.seq, x.text, x.value, x.value_max, x.currency,"
        " s.sent_start, s.sent_end,"
        " substr(motorpme_text(a.text), s.sent_start + 1, s.sent_end - s.sent_start)"
        " FROM mentions x JOIN articles a ON a.rowid = x.article"
        " LEFT JOIN money_sentences s ON s.article = x.article AND s.mention_seq = x.seq"
        f" {where} ORDER BY a.date IS NULL, a.date, a.id, x.start"
    )
    if limit is not None:
        sql, args = sql + " LIMIT ?", [*args, limit]
    found = db.execute(sql, args).fetchall()
    links = _links(db, sorted({r[0] for r in found}))
    rows = []
    for rowid, doc, date, seq, text, value, value_max, currency, lo, hi, sentence in found:
        rows.append(
            {
                "id": doc,
                "date": date,
                "text": text,
                **value_fields("MONEY", value, currency, value_max),
                "sentence": " ".join(sentence.split()) if sentence else None,
                "sentence_start": lo,
                "sentence_end": hi,
                "links": links.get((rowid, seq), []),
            }
        )
    return rows


def _links(db: sqlite3.Connection, rowids: list[int]) -> dict[tuple[int, int], list[dict]]:
    out: dict[tuple[int, int], list[dict]] = defaultdict(list)
    sql = (
        "SELECT article, mention_seq, role, target_text, target_label, rule FROM money_links"
        " WHERE article IN (SELECT value FROM json_each(?)) ORDER BY article, mention_seq, rowid"
    )
    for article, seq, role, text, label, rule in db.execute(sql, [json.dumps(rowids)]):
        out[(article, seq)].append({"role": role, "entity": text, "label": label, "rule": rule})
    return out


def amount_sums(db: sqlite3.Connection, scope: Scope = EVERYTHING) -> list[dict[str, Any]]:
    """Totals per linked entity, role, year and currency (never EUR and FRF together; FRF
    also in euros at the fixed rate, marked ``converted``). An amount counts once per entity
    and role in an article however often it is repeated; a range counts its lower amount;
    purpose phrases are no entity and are left out, and so is an amount in brackets that
    says the one before it again ("250 000 € HT (300 000 € TTC)")."""
    # Imported here: the rules module and its cue tables cost every read command 8 ms.
    from motorpme.extract.relations import SAME_AMOUNT

    entity_sql, entity_args = _linked_to(
        scope.entities, scope.any_entity, "l.article", "l.target_seq"
    )
    where, args = where_clause(
        (
            "l.target_label != 'PHRASE' AND x.value IS NOT NULL AND l.rule NOT LIKE ?",
            [f"%, {SAME_AMOUNT}"],
        ),
        *scope.parts(db, amounts=False),
        amount_range(scope.min_amount, scope.max_amount, scope.currency, "x"),
        (entity_sql, entity_args),
    )
    sql = (
        "SELECT coalesce(e.name, min(d.target_text)), d.target_label, d.role, d.year,"
        " d.currency, sum(d.value), count(*) FROM ("
        "  SELECT DISTINCT l.article, l.target_key, l.target_label, l.target_text, l.role,"
        "   coalesce(substr(a.date, 1, 4), 'undated') AS year, ifnull(x.currency, '?') AS currency,"
        "   CAST(x.value AS REAL) AS value"
        "  FROM money_links l JOIN mentions x ON x.article = l.article AND x.seq = l.mention_seq"
        f"  JOIN articles a ON a.rowid = l.article {where}"
        ") d LEFT JOIN entities e ON e.label = d.target_label AND e.key = d.target_key"
        " GROUP BY d.target_key, d.target_label, d.role, d.year, d.currency"
        " ORDER BY 1 COLLATE NOCASE, d.target_label, d.role, d.currency, d.year"
    )
    rows = []
    for name, label, role, year, currency, total, count in db.execute(sql, args):
        row = {
            "entity": name,
            "label": label,
            "role": role,
            "year": year,
            "currency": currency,
            "total": _number(total),
            "amounts": count,
        }
        if currency == "FRF":
            row["eur"] = round(total / FRF_PER_EUR, 2)
            row["eur_converted"] = True
        rows.append(row)
    return _with_all_years(rows)


def _with_all_years(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """After the years of an entity, role and currency, their total (``year`` "all") when
    there are several years: "how much since 2015" is one row."""
    out: list[dict[str, Any]] = []
    group: list[dict[str, Any]] = []
    for row in [*rows, None]:
        same = ("entity", "label", "role", "currency")
        if group and (row is None or any(row[k] != group[0][k] for k in same)):
            out += group
            if len(group) > 1:
                total = sum(r["total"] for r in group)
                every = {**group[0], "year": "all", "total": _number(total)}
                every["amounts"] = sum(r["amounts"] for r in group)
                if "eur" in every:
                    every["eur"] = round(total / FRF_PER_EUR, 2)
                out.append(every)
            group = []
        if row is not None:
            group.append(row)
    return out


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def roles(
    db: sqlite3.Connection, scope: Scope = EVERYTHING, limit: int | None = None
) -> list[dict[str, Any]]:
    """Person, role, organisation triples in scope with their sentence; ``--entity`` matches
    either side."""
    person_sql, person_args = _linked_to(
        scope.entities, scope.any_entity, "r.article", "r.person_seq"
    )
    org_sql, org_args = _linked_to(scope.entities, scope.any_entity, "r.article", "r.org_seq")
    either: tuple[str, list] = ("", [])
    if person_sql:
        either = (f"({person_sql} OR {org_sql})", [*person_args, *org_args])
    where, args = where_clause(*scope.parts(db), either)
    sql = (
        "SELECT a.id, a.date, coalesce(p.canonical, p.text), r.role,"
        " coalesce(o.canonical, o.text), o.label, r.rule,"
        " substr(motorpme_text(a.text), r.sent_start + 1, r.sent_end - r.sent_start)"
        " FROM roles r JOIN articles a ON a.rowid = r.article"
        " JOIN mentions p ON p.article = r.article AND p.seq = r.person_seq"
        " JOIN mentions o ON o.article = r.article AND o.seq = r.org_seq"
        f" {where} ORDER BY a.date IS NULL, a.date, a.id, p.start"
    )
    if limit is not None:
        sql, args = sql + " LIMIT ?", [*args, limit]
    keys = ("id", "date", "person", "role", "organisation", "label", "rule", "sentence")
    rows = [dict(zip(keys, r, strict=True)) for r in db.execute(sql, args)]
    for row in rows:
        row["sentence"] = " ".join(row["sentence"].split())
    return rows
