"""Hot helpers on mentions: label strings, a fast copy, text order, merging gazetteer
matches, a name's other occurrences, a word the article writes in lowercase or at a line
start. Pure.

Postprocessing makes thousands of small calls per article: ``Label.PER.value`` goes through
the enum machinery and ``dataclasses.replace`` inspects the fields on every call, together
a tenth of the extraction time before these helpers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import fields
from itertools import accumulate
from operator import attrgetter
from typing import Any

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
_FIELDS = ("text", "label", "start", "end", "canonical", "value", "currency")
if tuple(f.name for f in fields(Mention)) != _FIELDS or hasattr(Mention, "__post_init__"):
    raise ImportError("mentions.new_mention no longer matches models.Mention")
_SET_TEXT, _SET_LABEL, _SET_START, _SET_END, _SET_CANONICAL, _SET_VALUE, _SET_CURRENCY = (
    getattr(Mention, name).__set__ for name in _FIELDS
)


def new_mention(
    text: str,
    label: str,
    start: int,
    end: int,
    canonical: str | None = None,
    value: float | int | str | None = None,
    currency: str | None = None,
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
    return m


def replace(m: Mention, **changes: Any) -> Mention:
    """``dataclasses.replace`` for a ``Mention``."""
    return new_mention(
        changes.get("text", m.text),
        changes.get("label", m.label),
        changes.get("start", m.start),
        changes.get("end", m.end),
        changes.get("canonical", m.canonical),
        changes.get("value", m.value),
        changes.get("currency", m.currency),
    )


def with_label(m: Mention, label: str) -> Mention:
    """``replace(m, label=label)``, the common case, without the keyword dict."""
    return new_mention(m.text, label, m.start, m.end, m.canonical, m.value, m.currency)


def _span(text: str, start: int, end: int, like: Mention, label: str | None = None) -> Mention:
    """``like`` moved to ``text[start:end]``, with ``label`` if given."""
    label = like.label if label is None else label
    return new_mention(
        text[start:end], label, start, end, like.canonical, like.value, like.currency
    )


def merge_gazetteer(text: str, model: list[Mention], gazetteer: list[Mention]) -> list[Mention]:
    """Combine model spans with gazetteer matches, neither splitting a longer name.

    A gazetteer match equal to or containing model spans replaces them (its label is
    curated); one inside a longer model span leaves that span alone ("Alpine" inside
    "Signatech Alpine Matmut"); a brand whose end the model read as the start of a longer
    name is a product ("Alfa Romeo" + "Romeo Giulietta"); other crossings are dropped.
    MONEY and DATE spans always win.
    """
    out = list(model)
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
            product = _span(text, g.start, max(m.end for m in right), product)
            out = [m for m in out if m not in overlapping] + [product]
    return sorted(out, key=by_position)


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
    free = _Taken(mentions).free  # checked before a Mention is made: most hits are the names
    # Dicts, not sets: text order decides which label a doubly tagged name spreads, the same
    # on every run (set order changes with PYTHONHASHSEED).
    for name, label in dict.fromkeys((m.text, m.label) for m in mentions if m.label not in FIXED):
        if len(name) < 4 or not name[0].isupper():
            continue
        upper = name.upper()  # rarely in the text: "in" costs less than the call that finds none
        for variant in (name,) if upper == name or upper not in text else (name, upper):
            size = len(variant)
            for start in _occurrences(text, variant):
                if free(start, start + size):
                    found.append(new_mention(variant, label, start, start + size))
    return dedupe(mentions + found)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what the regex "\w" matches


def _occurrences(text: str, name: str) -> list[int]:
    """Starts of ``name`` as a whole word: not after a word character, "#" or "-", and not
    before a word character or "-" (``str.find`` scans far faster than a regex per name)."""
    size, end, starts = len(name), len(text), []
    at = text.find(name)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + size] if at + size < end else " "
        # _is_word_char inlined: this runs for every occurrence of every name
        if before in "_#-" or before.isalnum() or after in "_-" or after.isalnum():
            at = text.find(name, at + 1)
        else:
            starts.append(at)
            at = text.find(name, at + size)
    return starts


_LOWER_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœ")


def _run_char(c: str) -> bool:
    return _is_word_char(c) or c == "-"  # "[\w-]"


def written_lowercase(text: str, w: str) -> bool:
    r"""Is ``w`` one of ``re.findall(r"\b[a-zàâäçéèêëîïôöùûüÿœ][\w-]*", text)``? Found with
    ``str.find`` instead of listing every lowercase word of the article."""
    if not w or w[0] not in _LOWER_FIRST or not all(map(_run_char, w)):
        return False
    at = text.find(w)
    while at >= 0:
        end = at + len(w)
        if (end == len(text) or not _run_char(text[end])) and _match_start(text, at):
            return True
        at = text.find(w, at + 1)
    return False


def _match_start(text: str, at: int) -> bool:
    r"""Does a findall match start at ``at`` (a lowercase letter)? Only after a non-word
    character, and not inside a match begun earlier in the same run of "[\w-]" (after "-")."""
    if at and _is_word_char(text[at - 1]):
        return False
    run = at
    while run and _run_char(text[run - 1]):
        run -= 1
    return not any(
        text[q] in _LOWER_FIRST and (q == 0 or text[q - 1] == "-" or q == run)
        for q in range(run, at)
    )


def is_line_start(text: str, start: int) -> bool:
    """Does a word at ``start`` open a line or a sentence?"""
    before = text[max(0, start - 3) : start]
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip(" \"'«“-–—•*"):
        return True
    # After a sentence end, or a rubric separator ("Gers - Économie", "… · Mis à jour").
    return bool(re.search(r"[.!?:]\s+$|\s[-–·|>•]\s+$", before))


class _Taken:
    """Is a span free of every given mention? Sorted starts and running maximum ends."""

    def __init__(self, mentions: list[Mention]) -> None:
        spans = sorted(map(by_position, mentions))
        self.starts = [start for start, _ in spans]
        self.max_end = list(accumulate([end for _, end in spans], max))

    def __call__(self, m: Mention) -> bool:
        return self.free(m.start, m.end)

    def free(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # the mentions starting before it ends
        return before == 0 or self.max_end[before - 1] <= start
