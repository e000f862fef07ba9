"""Mentions as values: label strings, a fast constructor and relabel, text order, and the
operations on an article's list of mentions (merging gazetteer matches, removing overlaps,
spreading a name to its other occurrences). Pure.

Postprocessing makes thousands of small calls per article, hence plain label strings
(``Label.PER.value`` goes through the enum machinery) and a constructor that skips
``dataclasses.replace``'s inspection of the fields.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import fields
from operator import attrgetter

from motorpme.extract.positions import Occurrences, Taken
from motorpme.models import Label, Mention

PER, ORG, LOC, MISC = Label.PER.value, Label.ORG.value, Label.LOC.value, Label.MISC.value
EVENT, PRODUCT = Label.EVENT.value, Label.PRODUCT.value
MONEY, DATE = Label.MONEY.value, Label.DATE.value
FIXED = frozenset({MONEY, DATE})
# Sort keys read in C: a lambda building the tuple costs more than the sort itself.
by_position = attrgetter("start", "end")
_START, _END = attrgetter("start"), attrgetter("end")


# A frozen dataclass's __init__ sets each field through object.__setattr__; setting the
# slots directly makes a Mention in half the time (thousands are made per article).
_FIELDS = (
    *("text", "label", "start", "end", "canonical", "value", "currency", "value_max"),
    "sentence",
)
if tuple(f.name for f in fields(Mention)) != _FIELDS or hasattr(Mention, "__post_init__"):
    raise ImportError("mentions.new_mention no longer matches models.Mention")
(_SET_TEXT, _SET_LABEL, _SET_START, _SET_END, _SET_CANONICAL, _SET_VALUE, _SET_CURRENCY) = (
    getattr(Mention, name).__set__ for name in _FIELDS[:-2]
)
_SET_VALUE_MAX, _SET_SENTENCE = Mention.value_max.__set__, Mention.sentence.__set__


def new_mention(
    text: str,
    label: str,
    start: int,
    end: int,
    canonical: str | None = None,
    value: float | int | str | None = None,
    currency: str | None = None,
    value_max: float | int | None = None,
) -> Mention:
    """``Mention(...)``, the same object, made faster."""
    m = object.__new__(Mention)
    _SET_TEXT(m, text)
    _SET_LABEL(m, label)
    _SET_START(m, start)
    _SET_END(m, end)
    _SET_CANONICAL(m, canonical)
    _SET_VALUE(m, value)
    _SET_CURRENCY(m, currency)
    _SET_VALUE_MAX(m, value_max)
    _SET_SENTENCE(m, None)
    return m


def with_label(m: Mention, label: str) -> Mention:
    """``replace(m, label=label)``, the common case, without the keyword dict."""
    return new_mention(m.text, label, m.start, m.end, m.canonical, m.value, m.currency, m.value_max)


def respan(text: str, start: int, end: int, like: Mention, label: str | None = None) -> Mention:
    """``like`` moved to ``text[start:end]``, with ``label`` if given."""
    label = like.label if label is None else label
    return new_mention(
        text[start:end],
        label,
        start,
        end,
        like.canonical,
        like.value,
        like.currency,
        like.value_max,
    )


def merge_gazetteer(text: str, model: list[Mention], gazetteer: list[Mention]) -> list[Mention]:
    """Combine model spans with gazetteer matches, neither splitting a longer name.

    A gazetteer match equal to or containing model spans replaces them (its label is
    curated); one inside a longer model span leaves that span alone ("Alpine" inside
    "Signatech Alpine Matmut"); a brand whose end the model read as the start of a longer
    name is a product ("Alfa Romeo" + "Romeo Giulietta"); other crossings are dropped.
    MONEY and DATE spans always win. A model span that is only gazetteer matches and the
    words between them ("Var-Matin et Midi Libre") gives way to them.
    """
    out = [m for m in model if not _only_matches(text, m, gazetteer)]
    for g in sorted(gazetteer, key=lambda g: (g.start, -(g.end - g.start))):
        overlapping = [m for m in out if m.start < g.end and g.start < m.end]
        if any(m.label in FIXED for m in overlapping):
            continue
        inside = [m for m in overlapping if g.start <= m.start and m.end <= g.end]
        right = [m for m in overlapping if g.start < m.start < g.end < m.end]
        if len(inside) == len(overlapping):
            out = [m for m in out if m not in overlapping] + [g]
        elif g.label == ORG and len(inside) + len(right) == len(overlapping):
            product = with_label(g, PRODUCT)
            product = respan(text, g.start, max(m.end for m in right), product)
            out = [m for m in out if m not in overlapping] + [product]
    return sorted(out, key=by_position)


_JOINS = frozenset({"", ",", "et", "ou", "&", "/"})


def _only_matches(text: str, m: Mention, gazetteer: list[Mention]) -> bool:
    inside = sorted(
        (g for g in gazetteer if m.start <= g.start and g.end <= m.end), key=by_position
    )
    if len(inside) < 2 or m.label in FIXED:
        return False
    edges = [m.start, *(x for g in inside for x in (g.start, g.end)), m.end]
    gaps = (text[a:b].strip() for a, b in zip(edges[::2], edges[1::2], strict=True))
    return all(gap in _JOINS for gap in gaps)


def dedupe(mentions: Iterable[Mention]) -> list[Mention]:
    """Text order; of overlapping spans keep the first, longest one."""
    out: list[Mention] = []
    # By start, the longest first, ties kept in input order: two stable sorts (reverse=True
    # keeps equal items in order) in place of a key of (start, -length).
    ordered = sorted(mentions, key=_END, reverse=True)
    ordered.sort(key=_START)
    for m in ordered:
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out


def propagate(text: str, mentions: list[Mention]) -> list[Mention]:
    """Other occurrences of a name the article already tagged, also in capitals."""
    found = []
    free = Taken(mentions).free  # checked before a Mention is made: most hits are the names
    # Dicts, not sets: text order decides which label a doubly tagged name spreads, the same
    # on every run (set order changes with PYTHONHASHSEED).
    tagged = dict.fromkeys((m.text, m.label) for m in mentions if m.label not in FIXED)
    named = [(name, label) for name, label in tagged if len(name) >= 4 and name[0].isupper()]
    occurrences = Occurrences(text, [v for name, _ in named for v in (name, name.upper())])
    for name, label in named:
        upper = name.upper()  # a variant the text lacks has no occurrence
        for variant in (name,) if upper == name else (name, upper):
            size = len(variant)
            for start in occurrences(variant):
                if free(start, start + size):
                    found.append(new_mention(variant, label, start, start + size))
    return dedupe(mentions + found)


def numbered(mentions: list[Mention], starts: list[int]) -> list[Mention]:
    """Each mention with the number of its sentence: how many sentence ``starts`` (article
    offsets, ascending) come at or before it, less one. A line or a piece given to the model
    starts a sentence of its own."""
    out = []
    for m in mentions:
        n = new_mention(m.text, m.label, m.start, m.end, m.canonical, m.value, m.currency)
        _SET_VALUE_MAX(n, m.value_max)
        _SET_SENTENCE(n, max(bisect_right(starts, m.start) - 1, 0))
        out.append(n)
    return out
