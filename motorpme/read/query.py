"""The search language: the user's query → FTS5 queries, and the terms to highlight.

Phrases, ``AND``/``OR``/``NOT``, ``prefix*`` and parentheses pass to FTS5. A plain word also
finds the words that share its French stem (``sponsor`` finds ``sponsors``, ``financé`` finds
``financement``) unless it is quoted or the search is exact; a term holding signs the index
drops (``c++``, ``C#``, ``M€``) is matched as typed. Text is always bound, never spliced into SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from motorpme.errors import MotorpmeError
from motorpme.text import fold

_ELISION = re.compile(r"(?i)^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]")
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
OPERATORS = {"AND", "OR", "NOT"}
# Signs inside a word that the index's tokenizer drops: such a term is checked as typed.
_SIGNS = re.compile(r"[^\w'’.-]")
# Words shorter than this are not widened to their stem ("as" would find "assurance").
_STEM_MIN = 4


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # only searches pay for it

    return Stemmer.Stemmer("french")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's French Snowball stem, folded (``Financées`` → ``financ``)."""
    return fold(_stemmer().stemWord(word.lower()))


@dataclass(frozen=True, slots=True)
class Term:
    """One searched word or phrase: its folded words, whether it is a ``prefix*``, its stem
    when it is widened to it, its text as typed when it holds signs, whether it is negated."""

    words: tuple[str, ...]
    prefix: bool = False
    stem: str | None = None
    literal: str | None = None
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """``exact``: the FTS5 query of the words as typed; ``widened``: the same with words
    widened to their stems (None when no word is); ``only_not``: the query is ``NOT x`` alone,
    every article without x, and ``exact`` is then x."""

    exact: str
    widened: str | None
    only_not: bool
    terms: tuple[Term, ...]
    text: str = ""


def parse_query(text: str, exact: bool = False) -> Query:
    """The user's query in FTS5 syntax, or a one-line error saying what is wrong with it."""
    exact_parts: list[str] = []
    wide_parts: list[str] = []
    terms: list[Term] = []
    negate = False
    for token in _TOKEN.findall(text):
        if token in OPERATORS or token in "()":
            exact_parts.append(token)
            wide_parts.append(token)
            negate = token == "NOT"
            continue
        term, fts, wide = _term(text, token, negate, exact)
        negate = False
        if term is None:
            continue
        terms.append(term)
        exact_parts.append(fts)
        wide_parts.append(wide)
    if not terms:
        raise MotorpmeError(f"bad search query {text!r}: no word to search for")
    only_not = exact_parts[0] == "NOT"
    if only_not:
        exact_parts, wide_parts = exact_parts[1:], wide_parts[1:]
    widened = _and_joined(wide_parts) if any(t.stem for t in terms) else None
    return Query(" ".join(exact_parts), widened, only_not, tuple(terms), text)


def _and_joined(parts: list[str]) -> str:
    """Parts joined with ``AND`` where no operator stands: FTS5 takes ``"a" "b"`` as an AND,
    but not a bracketed group next to another term."""
    joined: list[str] = []
    for part in parts:
        if joined and joined[-1] not in (*OPERATORS, "(") and part not in (*OPERATORS, ")"):
            joined.append("AND")
        joined.append(part)
    return " ".join(joined)


def _term(query: str, token: str, negated: bool, exact: bool) -> tuple[Term | None, str, str]:
    """A token as a Term, its FTS5 form, and its FTS5 form widened to the stem."""
    if token.startswith('"'):
        if len(token) < 2 or not token.endswith('"'):
            raise MotorpmeError(f"bad search query {query!r}: unclosed quote")
        words = tuple(re.findall(r"\w+", fold(token.strip('"'))))
        return (Term(words, negated=negated) if words else None), token, token
    star = token.endswith("*")
    word = _ELISION.sub("", token.rstrip("*")).strip(".,;:!?")
    words = tuple(re.findall(r"\w+", fold(word)))
    if not words:
        return None, "", ""
    phrase = '"' + " ".join(words) + '"' + ("*" if star else "")
    if _SIGNS.search(word):
        return Term(words, star, literal=word, negated=negated), phrase, phrase
    root = None
    if not (exact or star) and len(words) == 1 and len(word) >= _STEM_MIN and word.isalpha():
        root = stem(word)
    if root is None:
        return Term(words, star, negated=negated), phrase, phrase
    widened = f'({phrase} OR "{root}"*)'
    return Term(words, star, stem=root, negated=negated), phrase, widened


def highlight(text: str, terms: tuple[Term, ...], widened: bool) -> list[tuple[int, int]] | None:
    """Spans of the positive terms in ``text``, neighbours merged; None when a term typed
    with signs (``c++``) is not there as typed, so the article does not match after all."""
    folded = fold(text)
    plain = tuple(t for t in terms if not t.negated and t.literal is None)
    stemmed = [t for t in plain if widened and t.stem]
    pattern = _pattern(tuple(t for t in plain if t not in stemmed))
    spans = [m.span() for m in pattern.finditer(folded)] if pattern else []
    for term in stemmed:
        spans += _stem_spans(folded, text, term)
    for term in terms:
        if term.literal is not None and not term.negated:
            found = [m.span() for m in _literal(term.literal).finditer(folded)]
            if not found:
                return None
            spans += found
    return _merge(sorted(spans), text)


@lru_cache(maxsize=256)
def _literal(literal: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(fold(literal)) + r"(?!\w)")


@lru_cache(maxsize=256)
def _pattern(terms: tuple[Term, ...]) -> re.Pattern[str] | None:
    alts = [r"\W+".join(map(re.escape, t.words)) + (r"\w*" if t.prefix else r"\b") for t in terms]
    return re.compile(r"\b(?:" + "|".join(alts) + ")") if alts else None


def _stem_spans(folded: str, text: str, term: Term) -> list[tuple[int, int]]:
    """Words of ``text`` that are the term or share its stem (found by the stem's prefix, then
    stemmed to be sure: ``cours`` must not find ``coursier``)."""
    assert term.stem is not None
    spans = []
    for m in re.finditer(r"\b" + re.escape(term.stem) + r"\w*", folded):
        word = m.group()
        if word == term.words[0] or stem(text[m.start() : m.end()]) == term.stem:
            spans.append(m.span())
    return spans


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Hits of neighbouring query words (``pole mecanique``) make one highlighted span."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif merged and start - merged[-1][1] <= 3 and not text[merged[-1][1] : start].strip(" -'"):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
