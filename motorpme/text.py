"""Folding, shared by every stage: one definition of "the same letters, whatever the case
and accents" (search, boilerplate lines, name keys and cue words all fold through it); and
how the index stores an article's text (``pack``, ``unpack``)."""

from __future__ import annotations

import unicodedata
import zlib


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


def pack(text: str) -> bytes:
    """An article's text as the index stores it: UTF-8, deflated (about 0.6 of its size for
    a 1 KB article, less for longer ones). Raw deflate: no header or checksum per row."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(text.encode("utf-8")) + packer.flush()


def unpack(stored: bytes | str) -> str:
    """The text ``pack`` stored (a text an older index stored as is comes back unchanged)."""
    if isinstance(stored, str):
        return stored
    return zlib.decompress(stored, -15).decode("utf-8")
