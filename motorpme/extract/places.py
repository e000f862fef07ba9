"""French communes, départements and régions (``data/places.txt``, built from open data by
``make gazetteers``) used as evidence in context, never as blind matches: a commune may be
named like a common word or a family ("Vendredi", "Martin"). Pure: no spaCy.

A name in the list is a place where the text says so: after "à", "près de", "aux portes
de", "commune de"..., or before a département in brackets ("Magny-Cours (Nièvre)"). There a
person or organisation label the model gave becomes LOC, and a name the model missed is added.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from motorpme.extract.mentions import LOC, MISC, ORG, PER, by_position, with_label
from motorpme.extract.positions import Overlaps
from motorpme.extract.words import name_words
from motorpme.models import Mention

PLACES = Path(__file__).resolve().parent / "data" / "places.txt"


@lru_cache(maxsize=2)
def load_places(path: Path = PLACES) -> frozenset[str]:
    """The list as a frozenset, read once (extraction only: reads never load it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


# What says "a place follows" (the name starts right after, with a capital).
_BEFORE = re.compile(
    r"(?<![\w'’])(?:à|près\s+de|près\s+d['’]|aux\s+portes\s+de|au\s+cœur\s+de|non\s+loin\s+de"
    r"|commune\s+de|village\s+de|ville\s+de|communes?\s+d['’]|village\s+d['’])\s*(?=[A-ZÀ-Ý])"
)
# Up to four words of a place name: capitalised words, inner particles ("Saint-Jean-de-Luz"
# is one word; "Bourg en Bresse", "Pays de la Loire" are several).
_NAME = re.compile(
    r"[A-ZÀ-Ý][\w'’-]*(?:\s+(?:sur|sous|en|de|du|des|la|le|les|lès|l['’])?\s*[A-ZÀ-Ý][\w'’-]*){0,3}"
)
_BRACKET = re.compile(r"\s*\((?P<dep>\d{2,3}|2[AB]|[A-ZÀ-Ý][\w'’ -]{2,30})\)")
_CAPS_BEFORE = re.compile(r"[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*){0,2}$")


def _longest_place(text: str, start: int, places: frozenset[str]) -> int | None:
    """End of the longest place name of the list starting at ``start``, whole words only."""
    name = _NAME.match(text, start)
    if name is None:
        return None
    words = list(re.finditer(r"\S+", name.group()))
    for k in range(len(words), 0, -1):
        end = start + words[k - 1].end()
        if text[start:end] in places:
            return end
    return None


def _spans(text: str, places: frozenset[str]) -> list[tuple[int, int]]:
    found = []
    for cue in _BEFORE.finditer(text):
        end = _longest_place(text, cue.end(), places)
        # "à Jean Dupont": a longer capitalised name goes on; it is not the place
        if end is not None and not re.match(r"\s+[A-ZÀ-Ý]", text[end : end + 2]):
            found.append((cue.end(), end))
    at = text.find("(")
    while at >= 0:
        bracket = _BRACKET.match(text, at)
        dep = bracket and bracket.group("dep")
        if dep and (dep[0].isdigit() or dep in places):
            name = _CAPS_BEFORE.search(
                text, max(0, at - 60), at - 1 if text[at - 1 : at] == " " else at
            )
            if name:
                for word in re.finditer(r"\S+", name.group()):  # the longest tail in the list
                    if name.group()[word.start() :] in places:
                        found.append((name.start() + word.start(), name.end()))
                        break
        at = text.find("(", at + 1)
    return found


def place_evidence(
    text: str,
    mentions: list[Mention],
    places: frozenset[str],
    first_names: frozenset[str],
    curated: frozenset[tuple[int, int]] = frozenset(),
) -> list[Mention]:
    """Names of the list that the text shows as places: relabelled LOC, or added."""
    if not places:
        return mentions
    spans = _spans(text, places)
    if not spans:
        return mentions
    exact = {(m.start, m.end): i for i, m in enumerate(mentions)}
    out = list(mentions)
    added = []
    taken = Overlaps(mentions)  # with the places added: a Taken per addition is quadratic
    for start, end in spans:
        i = exact.get((start, end))
        if i is not None:
            m = out[i]
            words = name_words(m.text)
            person = m.label == PER and len(words) > 1 and words[0] in first_names
            if m.label in (PER, ORG, MISC) and (start, end) not in curated and not person:
                out[i] = with_label(m, LOC)
        elif not taken.overlapping(start, end):
            added.append(Mention(text[start:end], LOC, start, end))
            taken.add(added[-1])
    if not added:
        return out
    return sorted(out + added, key=by_position)


__all__ = ["load_places", "place_evidence"]
