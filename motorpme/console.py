"""What the commands stand on: the two output streams, tables, JSON, the progress bar,
the terminal views of entities and of one article, and the Typer plumbing that turns
errors into one line on stderr and keeps pydantic out of start-up.

With ``cli``, the only module importing typer; Rich is imported only for a terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
import typer.core
from typer.core import TyperCommand, TyperGroup

try:  # Typer 0.2x carries its own copy of Click
    from typer._click.exceptions import ClickException as _ClickException
except ImportError:  # pragma: no cover - an older Typer on Click
    from click.exceptions import ClickException as _ClickException

from motorpme.errors import MotorpmeError

if TYPE_CHECKING:
    from rich.console import Console

    from motorpme import indexing


class _PlainParam:
    """Coercion of a plain parameter (str, bounded int, Path, Enum) without pydantic.

    Typer (0.29) coerces every parameter through a pydantic TypeAdapter, and importing
    pydantic is most of a read command's start-up (0.12 s of 0.3 here). motorpme's
    parameters are all plain, so they are coerced here; anything else goes to Typer."""

    def __init__(self, kind: type, low: float | None, high: float | None, exact: bool) -> None:
        self.kind, self.low, self.high, self.exact = kind, low, high, exact

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        bounded = self.low is not None or self.high is not None
        if value is None or (isinstance(value, self.kind) and not bounded):
            return value
        if self.kind is bool:
            flag = str(value).strip().lower()
            if flag not in _FLAGS:
                raise typer.BadParameter(f"{value!r} is not a yes/no value", ctx, param)
            return _FLAGS[flag]
        if issubclass(self.kind, Enum):
            return self._choice(str(value), param, ctx)
        if self.kind is int:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise typer.BadParameter(f"{value!r} is not a whole number", ctx, param) from None
            if self.low is not None and value < self.low:
                raise typer.BadParameter(f"{value} is below the minimum, {self.low}", ctx, param)
            if self.high is not None and value > self.high:
                raise typer.BadParameter(f"{value} is above the maximum, {self.high}", ctx, param)
            return value
        return self.kind(value)

    def _choice(self, value: str, param: Any, ctx: Any) -> Any:
        fold = str if self.exact else str.lower
        for member in self.kind:  # type: ignore[attr-defined]
            if fold(member.value) == fold(value):
                return member
        names = ", ".join(repr(fold(m.value)) for m in self.kind)  # type: ignore[attr-defined]
        raise typer.BadParameter(f"{value!r} is not one of {names}", ctx, param)


_FLAGS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def _plain_runtime_param(self: Any) -> Any:
    if self._runtime_param is None:
        desc = self.type_descriptor
        info, kind = desc.parameter_info, desc.annotation
        plain = kind in (str, int, bool, Path) or (
            isinstance(kind, type) and issubclass(kind, Enum)
        )
        if plain and not desc.is_file and info.parser is None and not _path_checks(info):
            low, high = getattr(info, "min", None), getattr(info, "max", None)
            self._runtime_param = _PlainParam(kind, low, high, info.case_sensitive)
        else:
            self._runtime_param = _typer_runtime_param(self)
    return self._runtime_param


def _path_checks(info: Any) -> bool:
    return bool(
        getattr(info, "exists", False)
        or getattr(info, "resolve_path", False)
        or getattr(info, "allow_dash", False)
        or getattr(info, "writable", False)
        or not getattr(info, "readable", True)
        or not getattr(info, "file_okay", True)
        or not getattr(info, "dir_okay", True)
    )


# A Typer without this (private) hook has no pydantic coercion to avoid: nothing to do.
_TyperParameter = getattr(typer.core, "_TyperParameter", None)
_typer_runtime_param = getattr(_TyperParameter, "get_runtime_param", None)
if _typer_runtime_param is not None:
    _TyperParameter.get_runtime_param = _plain_runtime_param  # type: ignore[union-attr]

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
        return getattr(sys, self.name)  # looked up per call: CliRunner swaps the streams

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


def _report(exc: MotorpmeError) -> None:
    hint = [(f" ({exc.hint})", "dim")] if exc.hint else []
    err.line(("error:", "red"), f" {exc.message}", *hint)


class Group(TyperGroup):
    """A usage error (a bad option value, an unknown command) is one line on stderr, exit 2,
    like every other bad input; Typer would draw a box of four."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except _ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `motorpme`: the help, exit 2
                helptext = exc.format_message()  # Typer's help draws itself and returns ""
                if helptext:
                    err.line(helptext)
                sys.exit(exc.exit_code)
            ctx = getattr(exc, "ctx", None)
            hint = [(f" (see {ctx.command_path} --help)", "dim")] if ctx is not None else []
            err.line(("error:", "red"), f" {exc.format_message()}", *hint)
            sys.exit(exc.exit_code)
        except typer.Abort:
            err.line(("aborted", "red"))
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


class Command(TyperCommand):
    """Core errors become one red line on stderr and their exit code, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MotorpmeError as exc:
            _report(exc)
            raise typer.Exit(exc.exit_code) from None


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
    from motorpme.export import dumps

    out.file.write(dumps(data) + "\n")


def print_entities(rows: list[dict[str, Any]], examples: bool) -> None:
    """The entity table; with ``examples`` (MONEY and DATE), where each was first seen."""
    seen = [("first seen", 3)] if examples else []
    columns = [
        ("entity", 2),
        ("type", 0),
        ("mentions", 0),
        ("articles", 0),
        ("value", 0),
        ("aliases", 1),
        *seen,
    ]
    cells = []
    for r in rows:
        value = "" if r.get("value") is None else f"{r['value']} {r.get('currency') or ''}"
        first = [f"{r['doc']}: …{r['context']}…"] if seen and "context" in r else []
        cells.append(
            [
                r["name"],
                r["label"],
                str(r["mentions"]),
                str(r["articles"]),
                value.strip(),
                ", ".join(r["aliases"]),
                *first,
            ]
            + [""] * (len(seen) - len(first))
        )
    print_table(columns, cells)


_COLOURS = {
    "ORG": "bold blue",
    "PER": "bold green",
    "LOC": "bold magenta",
    "MONEY": "bold yellow",
    "DATE": "bold cyan",
    "EVENT": "bold red",
    "PRODUCT": "italic",
    "MISC": "dim",
}


def print_article(doc: dict[str, Any]) -> None:
    """One article on stdout: title, metadata, the text with its entities coloured, a legend
    and the entity table."""
    out.line((doc["title"] or doc["id"], "bold"))
    out.line(
        (
            f"id {doc['id']} · file {doc['file']} · date {doc['date'] or '—'}"
            f" · author {doc['author'] or '—'}\n",
            "dim",
        )
    )
    text, pos, parts = doc["text"], 0, []
    for e in doc["entities"]:
        parts.append(text[pos : e["start"]])
        parts.append((e["text"], _COLOURS.get(e["label"], "bold")))
        pos = e["end"]
    parts.append(text[pos:] + "\n")
    out.line(*parts)
    legend: list[Part] = []
    for lab, colour in _COLOURS.items():
        legend += [(lab, colour), "  "]
    out.line(*legend[:-1])
    cells = [
        [
            e["text"],
            e["label"],
            f"{e['start']}-{e['end']}",
            "" if e.get("value") is None else f"{e['value']} {e.get('currency') or ''}".strip(),
        ]
        for e in doc["entities"]
    ]
    print_table([("entity", 1), ("type", 0), ("offsets", 0), ("value", 0)], cells)


def progress(steps: Iterator[indexing.Progress], total: int) -> Iterator[indexing.Progress]:
    """The steps, with a progress bar on a terminal while there is work."""
    if not (total and err.is_terminal):
        yield from steps
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}", markup=False),
    )
    with Progress(*columns, console=err.console, transient=True) as bar:
        task = bar.add_task("", total=total)
        for step in steps:
            bar.update(task, completed=step.done, description=step.file[-40:])
            yield step
