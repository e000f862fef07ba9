"""Canonical names across the corpus: merges that need more than one article, each stored
with why (``aliases`` table), so ``entities --explain`` can say it without loading spaCy.

Extraction gives every mention a key that holds within its article (``extract/canonical.py``:
spelling variants, a surname for its full name, a typo next to the right spelling). Here,
after every article is written, three rules join keys across articles:

- **acronym**: an article defines "ABC" by a name ("Name (ABC)", "ABC (Name)", "ABC,
  Name,"; the definitions are found when the article is written, ``record_acronyms``), so
  every "ABC" of that label, in any article, is that name;
- **typo**: two names of one label one letter apart, long enough for that to be a slip
  (``Cerrutti``/``Cerruti``); the spelling used more often wins. People must share their
  first names and differ in a surname of five letters or more, so ``Paul Martin`` and
  ``Paula Martin`` stay two people; a digit never differs (``Formule 3``/``Formule 4``);
- **surname**: a bare surname joins the one full name of the corpus that ends with it; when
  several full names share it (``Jean Martin``, ``Paul Martin``), it joins none.

Mentions keep their extraction key in spirit: a merge rewrites ``mentions.key`` and is
undone (the key recomputed from the mention's canonical name) before the next refresh, so
removing the defining article undoes the link.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable

from motorpme.extract.acronyms import Span, definitions
from motorpme.extract.canonical import canonical_key, one_edit

NAMED = ("ORG", "PER", "LOC", "EVENT", "PRODUCT", "MISC")
_IN_NAMED = f"label IN ({', '.join(repr(label) for label in NAMED)})"
_TYPO_MIN = 6  # shorter names one letter apart are often two names ("Alès"/"Alex")
_SURNAME_MIN = 5


def record_acronyms(
    db: sqlite3.Connection, rowid: int, text: str, mentions: Iterable[Span]
) -> None:
    """Store the acronyms an article defines, with the sentence that does it."""
    rows = [
        (rowid, d.label, d.acronym, d.name, d.sentence)
        for d in definitions(text, [m for m in mentions if m.label in NAMED])
    ]
    db.executemany("INSERT OR IGNORE INTO acronyms VALUES (?, ?, ?, ?, ?)", rows)


Link = tuple[str, str, str, str]  # target key, rule, proof, article id


def refresh_merges(db: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """Undo the last merges, find them anew and rewrite the merged mentions' keys; the
    names acronym targets were defined with ({(label, key): name}), for targets no mention
    spells out."""
    db.create_function("motorpme_key", 1, canonical_key, deterministic=True)
    for label, key in db.execute("SELECT DISTINCT label, key FROM aliases").fetchall():
        db.execute(
            "UPDATE mentions SET key = motorpme_key(coalesce(canonical, text))"
            " WHERE label = ? AND key = ?",
            (label, key),
        )
    db.execute("DELETE FROM aliases")
    weight = {
        (label, key): (n, docs)
        for label, key, n, docs in db.execute(
            "SELECT label, key, count(*), count(DISTINCT article) FROM mentions"
            f" WHERE {_IN_NAMED} GROUP BY label, key"
        )
    }
    links: dict[tuple[str, str], Link] = {}
    named = _acronym_links(db, links)
    for (label, a), (_, b) in _typo_pairs(weight):
        source, target = sorted([a, b], key=lambda k: (weight[(label, k)], k))
        if (label, source) not in links:
            links[(label, source)] = (target, "typo", *_two_spellings(db, label, source, target))
    _surname_links(db, weight, links)
    for (label, source), (target, rule, proof, doc) in links.items():
        root = _root(links, label, target)
        if root in (None, source):
            continue
        db.execute(
            "INSERT INTO aliases VALUES (?, ?, ?, ?, ?, ?)", (label, root, source, rule, proof, doc)
        )
        db.execute("UPDATE mentions SET key = ? WHERE label = ? AND key = ?", (root, label, source))
    return named


def _root(links: dict[tuple[str, str], Link], label: str, key: str) -> str | None:
    """Where a chain of links ends (None on a cycle)."""
    seen = {key}
    while (label, key) in links:
        key = links[(label, key)][0]
        if key in seen:
            return None
        seen.add(key)
    return key


def _acronym_links(
    db: sqlite3.Connection, links: dict[tuple[str, str], Link]
) -> dict[tuple[str, str], str]:
    """An acronym joins the name most articles define it by (then the first defined)."""
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    first: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for label, acronym, name, sentence, doc in db.execute(
        "SELECT d.label, d.acronym, d.name, d.sentence, a.id FROM acronyms d"
        " JOIN articles a ON a.rowid = d.article ORDER BY a.date IS NULL, a.date, a.id"
    ):
        source, target = canonical_key(acronym), canonical_key(name)
        if source != target:
            votes[(label, source)][target] += 1
            first.setdefault((label, source, target), (name, sentence, doc))
    named = {}
    for (label, source), counted in votes.items():
        target = counted.most_common(1)[0][0]
        name, sentence, doc = first[(label, source, target)]
        links[(label, source)] = (target, "acronym", sentence, doc)
        named[(label, target)] = name
        for other in counted:  # another spelling of the name defines the same acronym
            if other != target and (label, other) not in links:
                _, sentence, doc = first[(label, source, other)]
                links[(label, other)] = (target, "acronym", sentence, doc)
    return named


def _typo_pairs(
    weight: dict[tuple[str, str], tuple[int, int]],
) -> Iterable[tuple[tuple[str, str], tuple[str, str]]]:
    """Pairs of keys of one label one edit apart that pass the guards: every key files under
    itself and its one-letter deletions, and two keys one edit apart share a file."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for label, key in weight:
        if len(key) >= _TYPO_MIN:
            by_label[label].append(key)
    for label, keys in by_label.items():
        files: dict[str, str] = {}  # a file and its first key; later keys are candidates
        pairs: set[tuple[str, str]] = set()
        for key in keys:
            for i in _slips(label, key):
                first = files.setdefault(key[:i] + key[i + 1 :], key)
                if first != key:
                    pairs.add((first, key) if first < key else (key, first))
        pairs |= _more_than_two(keys, files, pairs)
        for a, b in sorted(pairs):
            if _is_typo(label, a, b):
                yield (label, a), (label, b)


def _slips(label: str, key: str) -> list[int]:
    """Where a slip may be in ``key`` by the guards of ``_is_typo`` (a letter of a word of
    five or more letters, of the surname for a person), and ``len(key)``: the key itself."""
    at, found = 0, []
    words = key.split(" ")
    for n, word in enumerate(words):
        if len(word) >= _SURNAME_MIN and (label != "PER" or n == len(words) - 1):
            found += [at + i for i, c in enumerate(word) if not c.isdigit()]
        at += len(word) + 1
    return [*found, len(key)]


def _more_than_two(keys: list[str], files: dict[str, str], pairs: set) -> set[tuple[str, str]]:
    """Files holding three keys or more: the pairs not through their first key."""
    shared: dict[str, list[str]] = defaultdict(list)
    for a, b in pairs:
        for key in (a, b):
            shared[key].append(a if key == b else b)
    more = set()
    for others in shared.values():
        for i, a in enumerate(others):
            for b in others[i + 1 :]:
                more.add((a, b) if a < b else (b, a))
    return more


def _is_typo(label: str, a: str, b: str) -> bool:
    if not one_edit(a, b):
        return False
    at = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    longer = a if len(a) >= len(b) else b
    if any(c.isdigit() for c in a[at : at + 1] + b[at : at + 1]):
        return False
    start = longer.rfind(" ", 0, at) + 1
    end = longer.find(" ", at)
    word = longer[start : end if end >= 0 else len(longer)]
    if len(word) < _SURNAME_MIN:  # "Team A"/"Team B", "Paul"/"Paula"
        return False
    if label == "PER":  # the same first names, a surname one letter off
        first_a, first_b = (
            a.rsplit(" ", 1)[0] if " " in a else "",
            b.rsplit(" ", 1)[0] if " " in b else "",
        )
        return first_a == first_b and end < 0
    return True


def _surname_links(
    db: sqlite3.Connection,
    weight: dict[tuple[str, str], tuple[int, int]],
    links: dict[tuple[str, str], Link],
) -> None:
    """A bare surname joins the one full name (after typo links) that ends with it."""
    full: dict[str, set[str]] = defaultdict(set)
    for label, key in weight:
        if label == "PER" and " " in key:
            root = _root(links, label, key)
            if root:
                full[key.rsplit(" ", 1)[1]].add(root)
    for label, key in weight:
        if label != "PER" or " " in key or len(key) < _SURNAME_MIN or (label, key) in links:
            continue
        names = full.get(key, set())
        if len(names) == 1:
            target = next(iter(names))
            proof, doc = _two_spellings(db, label, key, target)
            links[(label, key)] = (target, "surname", f"{proof}, the only full name with it", doc)


def _two_spellings(db: sqlite3.Connection, label: str, source: str, target: str) -> tuple[str, str]:
    """'"Cerrutti" (doc1) / "Cerruti" (doc2)': each key's most used form and an article."""
    parts, docs = [], []
    for key in (source, target):
        form, doc = db.execute(
            "SELECT coalesce(m.canonical, m.text) AS form, min(a.id) FROM mentions m"
            " JOIN articles a ON a.rowid = m.article WHERE m.label = ? AND m.key = ?"
            " GROUP BY form ORDER BY count(*) DESC, form LIMIT 1",
            (label, key),
        ).fetchone()
        parts.append(f'"{form}" ({doc})')
        docs.append(doc)
    return " / ".join(parts), docs[0]


def fix_names(db: sqlite3.Connection, named: dict[tuple[str, str], str]) -> None:
    """A merged entity is named by its target's own forms (the expansion, the better-spelled
    or full name), not by the most frequent form of the group ("FFSA" may be)."""
    for label, key in db.execute("SELECT DISTINCT label, key FROM aliases").fetchall():
        forms = [
            (n, len(form), form)
            for form, n in db.execute(
                "SELECT coalesce(canonical, text) AS form, count(*) FROM mentions"
                " WHERE label = ? AND key = ? GROUP BY form",
                (label, key),
            )
            if canonical_key(form) == key
        ]
        # As refresh_entities orders: most used, then longest, then first in sort order.
        name = (
            min(forms, key=lambda f: (-f[0], -f[1], f[2]))[2] if forms else named.get((label, key))
        )
        if name:
            db.execute(
                "UPDATE entities SET name = ? WHERE label = ? AND key = ?", (name, label, key)
            )
