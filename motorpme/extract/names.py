"""Names known by their written form or an apposition: hashtags, "X, une entreprise ...".

Pure: no spaCy. Like ``filters``, every function keeps ``text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

import re

from motorpme.extract.filters import (
    FIXED,
    ORG_CUES,
    STOPWORDS,
    _fold_set,
    canonical_word,
    name_words,
)
from motorpme.extract.mentions import LOC, MISC, ORG, PER, by_position, with_label
from motorpme.models import Mention

# The "#" first, then what precedes it: a regex opening on a literal skips straight to it.
_HASHTAG = re.compile(r"#(?<![\w#]#)[A-Za-zÀ-ÿ][\w]+")


def _hashtag(tag: re.Match) -> Mention:
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", tag.group()[1:])
    label = ORG if _fold_set(words) & ORG_CUES else MISC
    return Mention(tag.group(), label, tag.start(), tag.end())


def hashtags(text: str, mentions: list[Mention]) -> list[Mention]:
    """A hashtag is one name: a shorter span inside it ("ClubFranceActive" without its "#")
    gives way to the whole tag."""
    out = list(mentions)
    for tag in _HASHTAG.finditer(text):
        inside = [o for o in out if o.start < tag.end() and tag.start() < o.end]
        if not inside or any(
            o.start < tag.start() or o.end > tag.end() or o.label in FIXED for o in inside
        ):
            continue
        if all((o.start, o.end) != tag.span() for o in inside):
            out = [o for o in out if o not in inside] + [_hashtag(tag)]
    return sorted(out, key=by_position)


# "Aro Welding, une entreprise de ...": a name in apposition to a company noun is a company.
_APPOSITION = re.compile(
    r"\s*,\s+(?:une|la|cette)\s+(?:entreprise|société|PME|start-up|startup|firme|marque)\b"
)
# Searched from its comma (a literal found fast), the spaces before it added back.
_COMMA_APPOSITION = re.compile(_APPOSITION.pattern.removeprefix(r"\s*"))
# Up to five capitalised words right before it; "d'Aro Welding" gives "Aro Welding".
_CAPS_BEFORE = re.compile(r"(?<![\w&.-])[A-ZÀ-Ý][\w&.-]*(?:\s+[A-ZÀ-Ý][\w&.-]*){0,4}$")


def appositions(
    text: str, mentions: list[Mention], curated: frozenset[tuple[int, int]] = frozenset()
) -> list[Mention]:
    """A name followed by ", une entreprise", ", la société", ", cette PME"... is a company;
    capitalised words there that the model missed are added when nothing overlaps them."""
    out = []
    for m in mentions:
        if (
            m.label in (PER, LOC, MISC)
            and (m.start, m.end) not in curated
            and _APPOSITION.match(text, m.end)
        ):
            m = with_label(m, ORG)
        out.append(m)
    for hit in _COMMA_APPOSITION.finditer(text):
        start = hit.start()
        while start and text[start - 1].isspace():  # the "\s*" before the comma ("\s" is isspace)
            start -= 1
        name = _CAPS_BEFORE.search(text, max(0, start - 80), start)
        if name is None or any(o.start < name.end() and name.start() < o.end for o in out):
            continue
        if len(name_words(name.group())) == 1 and canonical_word(name.group()) in STOPWORDS:
            continue
        out.append(Mention(name.group(), ORG, name.start(), name.end()))
    return sorted(out, key=by_position)
