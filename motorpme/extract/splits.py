"""Names glued together by punctuation, cut apart: a credit's copyright sign, a byline's
spaced dash. Pure: no spaCy; offsets keep pointing into the article text."""

from __future__ import annotations

import re

from motorpme.extract.mentions import respan
from motorpme.extract.words import name_words
from motorpme.models import Mention

_SPACED_DASH = re.compile(r"\s+[-–—|/]\s+")


def split_on_dash(text: str, m: Mention, first_names: frozenset[str]) -> list[Mention]:
    """A spaced dash between a person and another name separates them: "Maxppp - Jean Dupont"
    (a photo credit), "Jean Dupont - La Gazette" (a byline and its outlet). Without a first
    name on one side it may be one name ("3D Print - 3D Médical"). A copyright sign always
    ends a name: "circuit © France Bleu" is the caption's last word, then the credit."""
    if "©" in m.text:
        return _split_at(text, m, _COPYRIGHT, first_names)
    if " " not in m.text or not _SPACED_DASH.search(m.text):
        return [m]
    sides = _SPACED_DASH.split(m.text)
    if not any(name_words(s)[:1] and name_words(s)[0] in first_names for s in sides):
        return [m]
    return _split_at(text, m, _SPACED_DASH, first_names)


_COPYRIGHT = re.compile(r"\s*©\s*")


def _split_at(
    text: str, m: Mention, sep_rx: re.Pattern[str], first_names: frozenset[str]
) -> list[Mention]:
    parts, pos = [], 0
    for sep in [*sep_rx.finditer(m.text), None]:
        end = sep.start() if sep else len(m.text)
        if m.text[pos:end].strip():
            part = respan(text, m.start + pos, m.start + end, m)
            parts += split_on_dash(text, part, first_names) if sep_rx is _COPYRIGHT else [part]
        pos = sep.end() if sep else pos
    return parts


# What a name never runs across: a blank line (the paragraph ended), a bullet, a "!" or "?"
# ending a sentence, a web address, the space before a hashtag or a handle, a slash between
# two names ("le tandem Vasseur/Todt"). The model reads "Out this weekend! pic.twitter.com/…",
# "FORMULE 1•La Région" or "#Rallye #WRC" as one span.
_BREAK = re.compile(
    r"\n[ \t]*\n\s*|\s*[•▪►]\s*|(?<=\w)[!?]+\s+|\s+(?=[#@]\w)|(?<=[a-zà-ÿ])/(?=[A-ZÀ-Ý])"
    r"|\s*(?:https?://|www\.|pic\.twitter\.com/)\S*|\s*\b[\w.-]+\.(?:com|fr|net|org)/\S*"
)
_QUOTES = (("«", "»"), ("“", "”"))
_MAY_BREAK = re.compile(r"[\n•▪►!?/«»“”#@]|www\.")  # a character every break or quote needs


def split_on_breaks(text: str, m: Mention) -> list[Mention]:
    """The parts of ``m`` between breaks (``_BREAK``) and unpaired quotes: in "du « ePrix » de
    Paris" the span "ePrix » de Paris" closes a quote it did not open, so the name ends there.
    A quote the span opens and closes stays ("« Paris Rallye »" is trimmed later)."""
    if not _MAY_BREAK.search(m.text):  # most names: one scan, no cut
        return [m]
    cuts = [(b.start(), b.end()) for b in _BREAK.finditer(m.text)]
    for opening, closing in _QUOTES:
        if opening not in m.text and closing not in m.text:
            continue
        depth = 0
        for i, c in enumerate(m.text):
            if c == opening:
                if m.text.find(closing, i) < 0:
                    cuts.append((i, i + 1))
                depth += 1
            elif c == closing:
                if depth == 0:
                    cuts.append((i, i + 1))
                depth = max(0, depth - 1)
    if not cuts:
        return [m]
    parts, pos = [], 0
    for start, end in [*sorted(cuts), (len(m.text), len(m.text))]:
        piece = m.text[pos:start]
        if start > pos and piece.strip():
            first = pos + len(piece) - len(piece.lstrip())
            last = start - len(piece) + len(piece.rstrip())
            parts.append(respan(text, m.start + first, m.start + last, m))
        pos = max(pos, end)
    return parts
