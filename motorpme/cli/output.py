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


def print_table(columns: list[tuple[str, int]], rows: Sequence[Sequence[str]]) -> None:
    """A table on a terminal; tab-separated lines when stdout is a pipe or a file (cheap on
    10,000 rows, and ``cut``/``sort`` friendly)."""
    if not out.is_terminal:
        lines = ["\t".join(name for name, _ in columns)]
        lines += map("\t".join, rows)
        if not all(map(str.isprintable, chain.from_iterable(rows))):  # rare: clean the cells
            lines[1:] = ("\t".join(map(_cell, row)) for row in rows)
        out.file.write("\n".join(lines) + "\n")
        return
    out.console.print(_table(columns, rows))


def _cell(text: str) -> str:
    """One line, no tab: tab-separated output stays one row per line and column per field."""
    return text if text.isprintable() else " ".join(text.split())


def _table(columns: list[tuple[str, int]], rows: Sequence[Sequence[str]]) -> Any:
    """One line per row at any width: the space left by the fixed columns (``share`` 0) is
    shared among the others by ``share``, and their cells are cut with an ellipsis."""
    from rich.table import Table
    from rich.text import Text

    widths = [max([len(name), *(len(r[n]) for r in rows)]) for n, (name, _) in enumerate(columns)]
    fixed = sum(w + 2 for w, (_, share) in zip(widths, columns, strict=True) if not share)
    shares = sum(share for _, share in columns)
    width = out.console.width
    free = max(width - fixed - 2 * sum(1 for _, share in columns if share), 4 * shares)
    table = Table(header_style="bold", box=None, pad_edge=False)
    for n, (name, share) in enumerate(columns):
        if share:
            widths[n] = min(widths[n], free * share // shares)
        table.add_column(name, no_wrap=True, overflow="ellipsis", width=widths[n])
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def emit_json(data: Any) -> None:
    """All JSON on stdout goes through the export serialiser."""
    from motorpme.read.export import dumps

    out.file.write(dumps(data) + "\n")
