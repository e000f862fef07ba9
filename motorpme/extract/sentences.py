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


# A sentence ends at . ! ? … (closing quotes may follow) before a space and a capital, a
# digit or an opening quote; not after an initial or a title ("J. Dupont", "M. Martin").
_END = re.compile(r"[.!?…][\"»”)]*\s+(?=[«\"“A-ZÀ-ÖØ-Ý0-9])")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-ZÀ-Ý]|MM|Mme|Mlle|Dr|Me|St|Ste|av|cf|ex)\.$")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, none across a paragraph, blanks trimmed."""
    spans: list[tuple[int, int]] = []
    for offset, block in wrapped_paragraphs(text):
        start = 0
        for match in _END.finditer(block):
            if _ABBREVIATION.search(block[max(0, match.start() - 4) : match.start() + 1]):
                continue
            _add(spans, block, offset, start, match.end())
            start = match.end()
        _add(spans, block, offset, start, len(block))
    return spans


def _add(spans: list[tuple[int, int]], block: str, offset: int, start: int, end: int) -> None:
    piece = block[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        spans.append((offset + start + lead, offset + start + len(piece.rstrip())))
