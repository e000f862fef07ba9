"""Where a word stands in the article text: its whole-word occurrences, written in
lowercase somewhere, at a line or sentence start; which spans are still free of mentions,
and which overlap a span. Pure. Every answer comes from one pass over the article or a
bisection, never from a rescan per name: an article can be a 20 MB line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from itertools import accumulate
from operator import attrgetter

from motorpme.models import Mention

_BOUNDS = attrgetter("start", "end")


def occurrences(text: str, name: str) -> list[int]:
    """Starts of ``name`` as a whole word: not after a word character, "#" or "-", and not
    before a word character or "-" (``str.find`` scans far faster than a regex per name)."""
    size, end, starts = len(name), len(text), []
    at = text.find(name)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + size] if at + size < end else " "
        # isalnum() or "_" is what the regex "\w" matches
        if before in "_#-" or before.isalnum() or after in "_-" or after.isalnum():
            at = text.find(name, at + 1)
        else:
            starts.append(at)
            at = text.find(name, at + size)
    return starts


def written_lowercase(text: str, w: str) -> bool:
    r"""Is ``w`` one of ``re.findall(r"\b[a-zàâäçéèêëîïôöùûüÿœ][\w-]*", text)``? The words
    are listed once per article: a search of the text per name is quadratic in a long one."""
    return w in _facts(text).lowercase_words


_LEAD = frozenset(" \"'«“-–—•*")  # what may stand before a line's first word


def is_line_start(text: str, start: int) -> bool:
    """Does a word at ``start`` open a line or a sentence?"""
    at = start  # back over the lead characters only: a one-line article is megabytes long
    while at and text[at - 1] in _LEAD:
        at -= 1
    if not at or text[at - 1] == "\n":
        return True
    before = text[max(0, start - 3) : start]
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


_WORD_RUN = re.compile(r"\w+")


class Occurrences:
    """``occurrences(text, name)`` for many names, from one pass over the text's words.

    A whole-word occurrence of a name starts where a run of word characters does, and that
    run is the name's first run ("Alpine" of "Alpine A470"): the runs wanted are indexed
    once, where a ``str.find`` per name would read a long article once per name."""

    def __init__(self, text: str, names: Iterable[str]) -> None:
        self.text = text
        wanted = {run.group() for name in names if (run := _WORD_RUN.match(name))}
        self._starts: dict[str, list[int]] = {}
        for run in _WORD_RUN.finditer(text):
            if run.group() in wanted:
                self._starts.setdefault(run.group(), []).append(run.start())

    def __call__(self, name: str) -> list[int]:
        """The starts ``occurrences`` gives, found among the runs' starts."""
        run = _WORD_RUN.match(name)
        text, size, starts, free = self.text, len(name), [], 0
        for at in self._starts.get(run.group(), ()) if run else ():
            if at < free or not text.startswith(name, at):
                continue
            before = text[at - 1] if at else " "
            after = text[at + size] if at + size < len(text) else " "
            if not (before in "_#-" or before.isalnum() or after in "_-" or after.isalnum()):
                starts.append(at)
                free = at + size  # the scan goes on after the name
        return starts


_LOWER_WORD = re.compile(r"\b[a-zàâäçéèêëîïôöùûüÿœ][\w-]*")


class _Facts:
    """What the rules ask of one article's text, each found in one pass and only when asked:
    rescanning the whole text per name made a 20 MB one-line article take 22 minutes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._newlines: list[int] | None = None
        self._lower: frozenset[str] | None = None
        self.line_heads: dict[tuple[int, int], tuple[int, int, list[str]]] = {}

    @property
    def newlines(self) -> list[int]:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return self._newlines

    @property
    def lowercase_words(self) -> frozenset[str]:
        if self._lower is None:
            self._lower = frozenset(_LOWER_WORD.findall(self.text))
        return self._lower


_last: list[_Facts] = []  # the article postprocess is on: its rules ask in turn


def _facts(text: str) -> _Facts:
    if not _last or _last[0].text is not text:
        _last[:] = [_Facts(text)]
    return _last[0]


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The line around ``text[start:end]``: after the last line break before ``start``, up to
    the first one from ``end`` (or the text's end). By bisection in the text's line breaks."""
    newlines = _facts(text).newlines
    before = bisect.bisect_left(newlines, start)
    after = bisect.bisect_left(newlines, end)
    return (newlines[before - 1] + 1 if before else 0), (
        newlines[after] if after < len(newlines) else len(text)
    )


def line_head(text: str, start: int, end: int) -> tuple[int, int, list[str]]:
    """The line around ``text[start:end]`` without its outer spaces, as (start, end, up to
    ten words: ``line.split(None, 9)``): reading a line's head costs one pass per line."""
    bounds = line_bounds(text, start, end)
    heads = _facts(text).line_heads
    if bounds not in heads:
        line = text[bounds[0] : bounds[1]].lstrip()
        first = bounds[1] - len(line)
        line = line.rstrip()
        heads[bounds] = (first, first + len(line), line.split(None, 9))
    return heads[bounds]


class Overlaps:
    """A list of mentions that rules edit while asking which ones overlap a span.

    Replaces ``[o for o in out if o.start < end and start < o.end]`` over the whole list,
    once per candidate (quadratic in a long article): only mentions that start less than the
    longest mention's length before ``start`` can reach it, found by bisection. ``items``
    gives the list as the edits would have left it: the originals in order, those added after.
    """

    def __init__(self, mentions: list[Mention]) -> None:
        order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
        self._starts = [mentions[i].start for i in order]
        self._entries = [(i, mentions[i]) for i in order]
        self._dead: set[int] = set()
        self._longest = max((m.end - m.start for m in mentions), default=0)
        self._count = len(mentions)

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """The mentions ``o`` still in with ``o.start < end and start < o.end``."""
        lo = bisect.bisect_right(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return [
            o
            for i, o in self._entries[lo:hi]
            if start < o.end and o.start < end and i not in self._dead
        ]

    def __contains__(self, m: Mention) -> bool:
        """Is a mention equal to ``m`` still in (``m in out``)?"""
        lo = bisect.bisect_left(self._starts, m.start)
        hi = bisect.bisect_right(self._starts, m.start)
        return any(o == m and i not in self._dead for i, o in self._entries[lo:hi])

    def remove(self, mentions: list[Mention]) -> None:
        """Take out every mention equal to one of ``mentions`` (``o not in inside``)."""
        for m in mentions:
            lo = bisect.bisect_left(self._starts, m.start)
            hi = bisect.bisect_right(self._starts, m.start)
            self._dead.update(i for i, o in self._entries[lo:hi] if o == m)

    def add(self, m: Mention) -> None:
        at = bisect.bisect_right(self._starts, m.start)
        self._starts.insert(at, m.start)
        self._entries.insert(at, (self._count, m))
        self._count += 1
        self._longest = max(self._longest, m.end - m.start)

    def items(self) -> list[Mention]:
        return [o for _, o in sorted(e for e in self._entries if e[0] not in self._dead)]
