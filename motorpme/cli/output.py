"""The two output streams (data on stdout, everything else on stderr), tables and JSON.

Rich is imported only when a stream is a terminal: a piped read command never pays for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from itertools import chain
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

Part = str | tuple[str, str]  # plain text, or (text, Rich style)


class Stream:
    """stdout or stderr: Rich colours and tables on a terminal, plain lines otherwise.

    Rich is imported only for a terminal: a piped read command (scripts, the benchmark)
    never pays for it. Parts carry their style, so no text is ever parsed as markup."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._console: Console | None = None

    @property
    def file(self) -> Any:
        stream = getattr(sys, self.name)  # looked up per call: CliRunner swaps the streams
        if stream is None:  # started with the stream closed (`motorpme list >&-`)
            raise BrokenPipeError(f"{self.name} is closed")
        return stream

    def flush(self) -> None:
        stream = getattr(sys, self.name)
        if stream is not None:
            stream.flush()

    def silence(self) -> None:
        """Send what is left (and the flush at exit) to /dev/null: the reader has gone."""
        stream = getattr(sys, self.name)
        with suppress(AttributeError, OSError, ValueError):  # no file descriptor (tests)
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())

    @property
    def is_terminal(self) -> bool:
        return bool(getattr(self.file, "isatty", lambda: False)())

    @property
    def console(self) -> Console:
        if self._console is None or self._console.file is not self.file:
            from rich.console import Console

            self._console = Console(file=self.file, soft_wrap=True)
        return self._console

    def line(self, *parts: Part) -> None:
        if not self.is_terminal:
            self.file.write("".join(p if isinstance(p, str) else p[0] for p in parts) + "\n")
            return
        from rich.text import Text

        self.console.print(Text.assemble(*parts))


out, err = Stream("stdout"), Stream("stderr")


def print_table(
    columns: list[tuple[str, int]], rows: Sequence[Sequence[str]], drop: Sequence[str] = ()
) -> None:
    """A table on a terminal; tab-separated lines when stdout is a pipe or a file (cheap on
    10,000 rows, and ``cut``/``sort`` friendly). On a narrow terminal, the ``drop`` columns
    (least useful first) are left out, and said on stderr, until the others fit."""
    if not out.is_terminal:
        lines = ["\t".join(name for name, _ in columns)]
        lines += map("\t".join, rows)
        if not all(map(str.isprintable, chain.from_iterable(rows))):  # rare: clean the cells
            lines[1:] = ("\t".join(map(_cell, row)) for row in rows)
        out.file.write("\n".join(lines) + "\n")
        return
    table, dropped = _table(columns, rows, drop, out.console.width)
    out.console.print(table)
    if dropped:
        err.line(
            (f"left out at {out.console.width} columns: {', '.join(dropped)}", "dim"),
            (" (a wider terminal or --json shows them)", "dim"),
        )


def _cell(text: str) -> str:
    """One line, no tab: tab-separated output stays one row per line and column per field."""
    return text if text.isprintable() else " ".join(text.split())


MIN_WRAPPED = 16  # a shared column narrower than this is more line breaks than text
MIN_OPTIONAL = 30  # a column that may be dropped earns its place only this wide
_GAP = 2  # Rich's padding between two columns


def _table(
    columns: list[tuple[str, int]], rows: Sequence[Sequence[str]], drop: Sequence[str], width: int
) -> tuple[Any, list[str]]:
    """The table at ``width``: no value is ever cut. Fixed columns (``share`` 0) keep their
    width; the space left is shared among the others by ``share``, and their cells wrap.
    While even that does not fit, the next ``drop`` column is left out."""
    from rich.table import Table
    from rich.text import Text

    natural = [max([len(name), *(len(r[n]) for r in rows)]) for n, (name, _) in enumerate(columns)]
    keep = list(range(len(columns)))

    def least(kept: list[int]) -> int:
        def narrowest(n: int) -> int:
            if not columns[n][1]:
                return natural[n]
            return min(natural[n], MIN_OPTIONAL if columns[n][0] in drop else MIN_WRAPPED)

        return sum(map(narrowest, kept)) + _GAP * (len(kept) - 1)

    dropped = []
    for name in drop:
        if least(keep) <= width:
            break
        at = next((n for n in keep if columns[n][0] == name), None)
        if at is not None:
            keep.remove(at)
            dropped.append(name)
    widths = _shared(columns, natural, keep, width)
    table = Table(header_style="bold", box=None, pad_edge=False)
    for n in keep:
        table.add_column(columns[n][0], overflow="fold", width=widths[n])
    for row in rows:
        table.add_row(*(Text(row[n]) for n in keep))
    return table, dropped


def _shared(
    columns: list[tuple[str, int]], natural: list[int], keep: list[int], width: int
) -> dict[int, int]:
    """Each kept column's width: a fixed one its longest cell; the shared ones split what is
    left by ``share``, none wider than its longest cell, what one leaves going to the others."""
    widths = {n: natural[n] for n in keep if not columns[n][1]}
    free = width - sum(widths.values()) - _GAP * (len(keep) - 1)
    flexible = [n for n in keep if columns[n][1]]
    while flexible:
        shares = sum(columns[n][1] for n in flexible)
        small = [n for n in flexible if natural[n] <= free * columns[n][1] // shares]
        if not small:
            for n in flexible:
                widths[n] = max(free * columns[n][1] // shares, 1)
            break
        for n in small:
            widths[n] = natural[n]
            free -= natural[n]
            flexible.remove(n)
    return widths


def emit_json(data: Any) -> None:
    """All JSON on stdout goes through the export serialiser."""
    from motorpme.read.export import dumps

    out.file.write(dumps(data) + "\n")
