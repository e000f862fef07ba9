"""Why each alias of an entity joined its canonical name (``entities --explain NAME``).

Three places make a name an alias, and each leaves its trace in the index:
- a spelling variant shares the name's key (``canonical_key``): which variant rules the two
  spellings need is read off them (``spelling_rules``), proved by the two spellings;
- inside one article, extraction gives a surname its full name, a misspelling the better
  spelling, and the user's alias file its canonical name: the mention's text and its
  canonical name differ; the proof is the two, with the article;
- across articles, the index joined an acronym to the name a text defines it by, a typo to
  the spelling used more, a surname to the one full name with it: stored with rule and
  proof in the ``aliases`` table at index time (``index/merging.py``).
Reads only: no spaCy, no write.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from motorpme.extract.canonical import canonical_key, load_aliases, one_edit, spelling_rules
from motorpme.read.filters import like_pattern
from motorpme.read.sql import where_clause


def explain(
    db: sqlite3.Connection,
    name: str,
    label: str | None = None,
    alias_file: Path | None = None,
) -> list[dict[str, Any]]:
    """The entities ``name`` names (any of its spellings; one per label), each with its
    aliases and, for each, the rule that joined it and one proof line. ``alias_file`` is the
    user's ``--aliases`` file the index was built with, if any."""
    key = canonical_key(name)
    user = load_aliases(alias_file) if alias_file is not None else {}
    # Its key, a key merged into another, a surname's full names, or a mention written so
    # (a name the user's alias file renamed).
    named = (
        "(e.key = ? OR e.key IN (SELECT j.key FROM aliases j WHERE j.alias = ? AND j.label"
        " = e.label) OR (e.label = 'PER' AND ? AND e.key LIKE ? ESCAPE '\\')"
        " OR (e.label, e.key) IN (SELECT m.label, m.key FROM mentions m WHERE m.text = ?))",
        [key, key, " " not in key, "% " + like_pattern(key), name.strip()],
    )
    found = where_clause(named, ("e.label = ?", [label]) if label else ("", []))
    rows = db.execute(
        "SELECT e.label, e.key, e.name, e.mentions, e.articles FROM entities e"
        f" {found[0]} ORDER BY e.mentions DESC, e.label",
        found[1],
    ).fetchall()
    return [
        {
            "name": entity,
            "label": lab,
            "mentions": n,
            "articles": docs,
            "aliases": _aliases(db, lab, ekey, entity, user),
        }
        for lab, ekey, entity, n, docs in rows
    ]


def _aliases(
    db: sqlite3.Connection, label: str, key: str, name: str, user: dict[str, str]
) -> list[dict[str, Any]]:
    forms = db.execute(
        "SELECT m.text, coalesce(m.canonical, m.text) AS form, min(a.id), count(*)"
        " FROM mentions m JOIN articles a ON a.rowid = m.article"
        " WHERE m.label = ? AND m.key = ? GROUP BY m.text, form ORDER BY count(*) DESC, m.text",
        (label, key),
    ).fetchall()
    merged = {
        alias: (rule, proof, doc)
        for alias, rule, proof, doc in db.execute(
            "SELECT alias, rule, proof, article FROM aliases WHERE label = ? AND key = ?",
            (label, key),
        )
    }
    where_name = next((doc for text, _, doc, _ in forms if text == name), None)
    out: dict[str, dict[str, Any]] = {}
    for text, canonical, doc, _ in forms:
        if text == name or text in out:
            continue
        rule, proof, at = _why(text, canonical, doc, key, merged, user)
        if rule is None:  # the same key as the name: a spelling variant of it
            rule = "spelling variant: " + ", ".join(spelling_rules(text, name))
            proof, at = f'"{text}" ({doc}) / "{name}" ({where_name or doc})', doc
        out[text] = {"alias": text, "rule": rule, "proof": proof, "article": at}
    return list(out.values())


def _why(
    text: str,
    canonical: str,
    doc: str,
    key: str,
    merged: dict[str, tuple[str, str, str]],
    user: dict[str, str],
) -> tuple[str | None, str, str]:
    """The rule, proof and article of an alias that does not share the name's key."""
    own, base = canonical_key(text), canonical_key(canonical)
    if base != key and base in merged:  # joined across articles, by its key
        rule, proof, at = merged[base]
        inside = _in_article(text, canonical, own, base, user) if own != base else None
        return (f"{inside} + {rule}" if inside else rule), proof, at
    if own in merged:  # its own spelling was merged (its article had no other name for it)
        return merged[own]
    if own != key:
        rule = _in_article(text, canonical, own, base, user)
        return rule, f'"{text}" and "{canonical}" in {doc}', doc
    return None, "", doc


def _in_article(text: str, canonical: str, own: str, base: str, user: dict[str, str]) -> str:
    """Why extraction gave ``text`` the canonical name ``canonical`` in its article."""
    if user.get(own) == canonical or user.get(base) == canonical:
        return "user alias file"
    if " " not in own and base.endswith(" " + own):
        return "surname (same article)"
    if own == "mans" and base == "le mans":
        return "spelling variant: determiner"
    if one_edit(own, base):
        return "typo (same article)"
    return "surname or typo (same article)"
