"""Where a word stands in the article text: its whole-word occurrences, written in
lowercase somewhere, at a line or sentence start; and which spans are still free of
mentions. Pure, found with ``str.find`` where a regex per name would rescan the article.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from operator import attrgetter

from motorpme.models import Mention

_BOUNDS = attrgetter("start", "end")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what the regex "\w" matches


def occurrences(text: str, name: str) -> list[int]:
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


class Taken:
    """Is a span free of every given mention? Sorted starts and running maximum ends."""

    def __init__(self, mentions: list[Mention]) -> None:
        spans = sorted(map(_BOUNDS, mentions))
        self.starts = [start for start, _ in spans]
        self.max_end = list(accumulate([end for _, end in spans], max))

    def __call__(self, m: Mention) -> bool:
        return self.free(m.start, m.end)

    def free(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # the mentions starting before it ends
        return before == 0 or self.max_end[before - 1] <= start
