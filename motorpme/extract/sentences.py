"""Where sentences and paragraphs are in an article's text, by rules (no spaCy).

The relations of ``relations.py`` are read within one sentence; the pipeline cuts its model
input at the same paragraphs (``wrapped_paragraphs``)."""

from __future__ import annotations

import re

_LINE_END = '.!?…:;»"”)'


def wrapped_paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, block) of the text's lines, the lines of a hard-wrapped paragraph joined.

    Some pages keep a print layout: every paragraph broken at ~70 characters, mid-sentence
    ("... a indiqué Stéphane\\nClair, le directeur"). When most of the long lines of an
    article end without punctuation, a line that does is a paragraph's last; the others run
    on into the next non-blank line."""
    lines = text.split("\n")
    long = [line for line in lines if len(line) >= 50]
    open_ended = sum(1 for line in long if line.rstrip()[-1:] not in _LINE_END)
    wrapped = len(long) >= 5 and open_ended >= 0.6 * len(long)
    out: list[tuple[int, str]] = []
    offset, joining = 0, False
    for line in lines:
        if joining and line.strip():
            start, block = out[-1]
            out[-1] = (start, block + "\n" + line)
        else:
            out.append((offset, line))
        stripped = line.rstrip()
        joining = wrapped and len(stripped) >= 30 and stripped[-1:] not in _LINE_END
        offset += len(line) + 1
    return out


# A sentence ends at . ! ? … (closing quotes may follow, French style after a space:
# "indispensable. » En") before a space and a capital, a digit or an opening quote; not after
# an initial or a title ("J. Dupont", "J.-P. Dupont", "M. Martin").
_END = re.compile(r"[.!?…](?:[\"»”]|\s[»”])*\)?\s+(?=[«\"“A-ZÀ-ÖØ-Ý0-9])")
_ABBREVIATION = re.compile(r"(?:^|[\s(.-])(?:[A-ZÀ-Ý]|MM|Mme|Mlle|Dr|Me|St|Ste|av|cf|ex)\.$")
_INITIAL = re.compile(r"(?:^|[\s(.-])(?!M\.)[A-ZÀ-Ý]\.$")
# After a single capital and a stop, a quote or a word no name starts with: the capital ended
# the sentence ("la Formule E. Il faut", "un plan B. « Nous"), it was no initial. Not Le, La,
# Les, which open names too ("D. Le Mèner"); "M." stays a title ("M. Le Pen").
_OPENS_SENTENCE = re.compile(
    r"[«\"“]|(?:Il|Ils|Elle|Elles|On|Nous|Vous|Je|Un|Une|Ce|Cet|Cette|"
    r"Ces|C['’]|Mais|Et|Or|Donc|Puis|Pour|En|Au|Aux|Dans|Selon|Depuis|Ainsi|Alors|Après|"
    r"Avant|Si|Quand|Cela|Ça)(?![\w-])"
)
# A line that stops with no sentence end and a next line that opens in lower case: one
# sentence cut by the layout ("Selon\nl'élu, le circuit…", "est déjà connu :\nil sera de").
_OPEN_END = re.compile(r"[^.!?…\"»”)]$")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, none across a paragraph, blanks trimmed;
    a line break inside a sentence (the next line going on in lower case) does not end it."""
    spans: list[tuple[int, int]] = []
    for offset, block in wrapped_paragraphs(text):
        start = 0
        for match in _END.finditer(block):
            if _ABBREVIATION.search(block[max(0, match.start() - 4) : match.start() + 1]) and not (
                _INITIAL.search(block[max(0, match.start() - 2) : match.start() + 1])
                and _OPENS_SENTENCE.match(block, match.end())
            ):
                continue
            _add(spans, block, offset, start, match.end())
            start = match.end()
        _add(spans, block, offset, start, len(block))
    return _runs_on(text, spans)


def _runs_on(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if (
            out
            and text[out[-1][1] : start] == "\n"
            and _OPEN_END.search(text, out[-1][0], out[-1][1])
            and text[start].islower()
        ):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _add(spans: list[tuple[int, int]], block: str, offset: int, start: int, end: int) -> None:
    piece = block[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        spans.append((offset + start + lead, offset + start + len(piece.rstrip())))
