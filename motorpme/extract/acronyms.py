"""Acronyms a text defines by their expansion. Pure: no spaCy.

"Fédération française du sport automobile (FFSA)", "FFSA (Fédération française du sport
automobile)" and "FFSA, Fédération française du sport automobile," say that the acronym and
the name are one body. The index links them across the corpus (``index/merging.py``): an
article that only writes "FFSA" joins the full name another article spelled out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from motorpme.text import fold

_FUNCTION_WORDS = frozenset(
    {"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "pour", "a", "au", "aux"}
    | {"sur", "sous", "of", "the", "and", "for"}
)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,9}")
_COMMA = re.compile(r"[ \t]*,[ \t]*(?:(?:la|le|les)[ \t]+|l['’])?")
# "ABC (the name)" where the model did not see the name: the words in the brackets.
_BRACKETED = re.compile(r"[ \t]*\([ \t]*([^()\n]{5,90}?)[ \t]*\)")
_BRACKETED_ACRONYM = re.compile(r"[ \t]*\([ \t]*([A-Z][A-Z0-9&]{1,9})[ \t]*\)")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


class Span(Protocol):
    """What a definition needs of a mention (``Mention`` has it)."""

    text: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Definition:
    """One text defining ``acronym`` as ``name`` (a mention's label), with its sentence."""

    acronym: str
    name: str
    label: str
    sentence: str


def is_acronym(text: str) -> bool:
    """Two to ten capitals (digits and ``&`` after the first): "FFSA", "ACO", "A&M"."""
    return bool(_ACRONYM.fullmatch(text))


def is_acronym_of(acronym: str, name: str) -> bool:
    """True when the words of ``name`` spell ``acronym`` in order, each giving the start of
    itself (one letter or more: "ORECA" of "ORganisation Exploitation Compétition
    Automobile"); only small words ("de", "la", "l'", "du") may give none."""
    if not is_acronym(acronym) or len(name.split()) < 2:
        return False
    words = tuple(w for w in re.split(r"[\s'’\-]+", fold(name)) if w)
    if len(words) > 12:
        return False
    return _spells(acronym.lower().replace("&", ""), words)


@lru_cache(maxsize=4096)
def _spells(letters: str, words: tuple[str, ...]) -> bool:
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if word in _FUNCTION_WORDS and _spells(letters, rest):
        return True
    return any(
        letters.startswith(word[:k]) and _spells(letters[k:], rest)
        for k in range(1, min(len(word), len(letters)) + 1)
    )


def definitions(text: str, mentions: list[Span]) -> list[Definition]:
    """Every acronym ``text`` defines by a name next to it, in text order: "Name (ABC)",
    "ABC (Name)", "ABC, Name,". The name must be a mention (its label is the entity's); in
    brackets either side may be words the model did not tag."""
    found: list[tuple[int, Definition]] = []
    names = [m for m in mentions if " " in m.text.strip()]
    for m in names:  # "Name (ABC)", ABC tagged or not
        bracket = _BRACKETED_ACRONYM.match(text, m.end)
        if bracket and is_acronym_of(bracket[1], m.text):
            found.append(
                (m.start, _define(text, bracket[1], m.text, m.label, m.start, bracket.end()))
            )
    for m in mentions:
        if not is_acronym(m.text):
            continue
        bracket = _BRACKETED.match(text, m.end)  # "ABC (Name)", the name tagged or not
        if bracket and is_acronym_of(m.text, bracket[1]):
            inside = [n for n in names if n.start >= bracket.start(1) and n.end <= bracket.end(1)]
            label = inside[0].label if len(inside) == 1 else m.label
            found.append(
                (m.start, _define(text, m.text, bracket[1], label, m.start, bracket.end()))
            )
            continue
        comma = _COMMA.match(text, m.end)  # "ABC, Name,": the name must be a mention
        after = [n for n in names if comma and n.start == comma.end()]
        if after and _COMMA.match(text, after[0].end) and is_acronym_of(m.text, after[0].text):
            end = after[0].end
            found.append(
                (m.start, _define(text, m.text, after[0].text, after[0].label, m.start, end))
            )
    return [d for _, d in sorted(found, key=lambda pair: pair[0])]


def _define(text: str, acronym: str, name: str, label: str, start: int, end: int) -> Definition:
    return Definition(acronym, name.strip(), label, sentence_around(text, start, end))


def sentence_around(text: str, start: int, end: int, width: int = 240) -> str:
    """The sentence holding ``text[start:end]``, on one line, at most ``width`` characters."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    stop = _SENTENCE_END.search(text, end)
    sentence = " ".join(text[begin : stop.start() + 1 if stop else len(text)].split())
    if len(sentence) <= width:
        return sentence
    centre = sentence.find(" ".join(text[start:end].split()))
    left = max(0, min(centre - width // 3, len(sentence) - width))
    return ("…" if left else "") + sentence[left : left + width].strip() + "…"
