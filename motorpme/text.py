"""Folding, shared by every stage: one definition of "the same letters, whatever the case
and accents" (search, boilerplate lines, name keys and cue words all fold through it)."""

from __future__ import annotations

import unicodedata


class _FoldTable(dict):
    """``str.translate`` table filled on demand: each character maps to one character."""

    def __missing__(self, char: int) -> str:
        ch = chr(char)
        base = unicodedata.normalize("NFD", ch)[0].lower()
        self[char] = base if len(base) == 1 else ch
        return self[char]


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so that an offset in the folded
    text is an offset in the text (``É`` → ``e``, ``Ç`` → ``c``)."""
    return text.translate(_FOLD)
