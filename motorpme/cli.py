"""The command line: parse arguments, call the core, render.

The only module importing typer and rich.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core
from typer.core import TyperCommand, TyperGroup

try:  # Typer 0.2x carries its own copy of Click
    from typer._click.exceptions import ClickException as _ClickException
except ImportError:  # pragma: no cover - an older Typer on Click
    from click.exceptions import ClickException as _ClickException

from motorpme import __version__, indexing, query, store
from motorpme.errors import MotorpmeError
from motorpme.models import Label

if TYPE_CHECKING:
    from rich.console import Console


class _Group(TyperGroup):
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


app = typer.Typer(
    cls=_Group,
    help="Who, where, how much and when in French motorsport-business articles.\n\n"
    "Example: motorpme --corpus seeds entities --type ORG",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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


class _Stream:
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


out, err = _Stream("stdout"), _Stream("stderr")


def _report(exc: MotorpmeError) -> None:
    hint = [(f" ({exc.hint})", "dim")] if exc.hint else []
    err.line(("error:", "red"), f" {exc.message}", *hint)


class _Command(TyperCommand):
    """Core errors become one red line on stderr and their exit code, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MotorpmeError as exc:
            _report(exc)
            raise typer.Exit(exc.exit_code) from None


# Options shared by the read commands, declared once.
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", min=1, help="At most N rows.")]
SinceOpt = Annotated[str | None, typer.Option(help="Articles dated on or after (YYYY[-MM[-DD]]).")]
UntilOpt = Annotated[str | None, typer.Option(help="Articles dated on or before (YYYY[-MM[-DD]]).")]
DocOpt = Annotated[str | None, typer.Option("--doc", help="Only this article (id or file).")]
TypeOpt = Annotated[
    Label | None, typer.Option("--type", "-t", case_sensitive=False, help="Entity type.")
]


@dataclass
class Settings:
    options: indexing.Options = field(default_factory=indexing.Options)
    problems: list[tuple[str, str]] = field(default_factory=list)


def _settings(ctx: typer.Context) -> Settings:
    return ctx.ensure_object(Settings)


@app.callback()
def main_options(
    ctx: typer.Context,
    corpus: Annotated[
        Path | None,
        typer.Option(
            help="Folder of .txt articles (or one file). Env: MOTORPME_CORPUS.",
            show_default="./seeds",
        ),
    ] = None,
    index: Annotated[
        Path | None, typer.Option(help="Index file. Env: MOTORPME_INDEX. Default: user cache.")
    ] = None,
    model: Annotated[str, typer.Option(help="Installed spaCy French pipeline.")] = (
        "fr_core_news_sm"
    ),
    patterns: Annotated[
        Path | None, typer.Option(help="Extra entity patterns (spaCy EntityRuler JSONL).")
    ] = None,
    aliases: Annotated[
        Path | None, typer.Option(help="Canonical names: TSV lines 'alias<TAB>canonical'.")
    ] = None,
    workers: Annotated[int, typer.Option(min=0, help="Indexing processes (0: one per core).")] = 0,
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    """motorpme: who, where, how much and when across a folder of articles."""
    if version:
        out.line(f"motorpme {__version__}")
        raise typer.Exit()
    workers = workers or _cores()
    ctx.obj = Settings(indexing.Options(corpus, index, model, patterns, aliases, workers))


def _cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU affinity)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def open_index(ctx: typer.Context) -> sqlite3.Connection:
    """Open the index and bring it up to date first, drawing progress on stderr."""
    s = _settings(ctx)
    db, corpus, work, signature = indexing.prepare(s.options)
    while store.rebuilt:
        err.line(("warning:", "yellow"), f" {store.rebuilt.pop()}")
    s.problems = list(work.problems)
    load = indexing.extractor_for(s.options)
    steps = indexing.update(
        db, corpus, work, signature, load, s.options.workers, _announce(s, len(work.todo))
    )
    for step in _progress(steps, len(work.todo)):
        if step.error:
            s.problems.append((step.file, step.error))
    if work.todo:
        err.line((f"indexed {len(work.todo)} file(s) from {corpus.label}", "dim"))
    for file, reason in s.problems:
        err.line(("skipped", "yellow"), f" {file}: {reason}")
    return db


def _progress(steps: Iterator[indexing.Progress], total: int) -> Iterator[indexing.Progress]:
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


def _announce(s: Settings, files: int) -> Callable[[], None]:
    workers = s.options.workers if files >= indexing.SPAWN_THRESHOLD else 1
    where = f" in {workers} processes" if workers > 1 else ""
    return lambda: err.line((f"loading {s.options.model}{where}…", "dim"))


def _finish(ctx: typer.Context, found: bool) -> None:
    """Exit codes: 0 ok, 1 nothing found, 2 some input files could not be read."""
    if _settings(ctx).problems:
        raise typer.Exit(2)
    if not found:
        raise typer.Exit(1)


def _print_table(columns: list[tuple[str, int]], rows: Sequence[Sequence[str]]) -> None:
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


def _emit_json(data: Any) -> None:
    from motorpme.export import dumps

    out.file.write(dumps(data) + "\n")


@app.command("list", cls=_Command)
def list_cmd(
    ctx: typer.Context,
    sort: Annotated[str, typer.Option(help="date, title, entities or id.")] = "date",
    entity: Annotated[
        str | None, typer.Option(help="Only articles mentioning this entity.")
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: LimitOpt = None,
    json: JsonOpt = False,
) -> None:
    """List the articles: id, date, title, author, words, entity counts.

    Example: motorpme list --sort date --since 2018
    """
    if sort not in query.SORTS:
        raise MotorpmeError(f"--sort {sort!r}: unknown", hint=f"one of {', '.join(query.SORTS)}")
    db = open_index(ctx)
    if json:
        rows = query.list_articles(db, sort, since, until, entity, limit)
        _emit_json(rows)
    else:
        rows = query.list_table(db, sort, since, until, entity, limit)
        shares = {"title": 3, "author": 1}
        _print_table([(name, shares.get(name, 0)) for name in query.LIST_COLUMNS], rows)
    _finish(ctx, bool(rows))


@app.command(cls=_Command)
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help='Words, "a phrase", OR, NOT, prefix*.')],
    type_: TypeOpt = None,
    context: Annotated[int, typer.Option(min=0, help="Words of context either side.")] = 8,
    hits: Annotated[int, typer.Option(min=1, help="Context lines per article.")] = 3,
    doc: DocOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, help="At most N articles (0: all).")
    ] = 20,
    json: JsonOpt = False,
) -> None:
    """Find articles, best first, with keyword-in-context lines. Case and accents do not matter.

    Example: motorpme search "Pôle Mécanique"   ·   motorpme search Alpine --type ORG
    """
    label = type_.value if type_ else None
    asked = limit + 1 if limit else None  # one more tells whether the list was cut
    rows = query.search(open_index(ctx), text, context, asked, since, until, label, doc, hits)
    if limit and len(rows) > limit:
        rows = rows[:limit]
        err.line((f"showing the best {limit} articles; --limit 0 shows every match", "dim"))
    if json:
        _emit_json(rows)
    else:
        for r in rows:
            out.line(
                (r["id"], "bold cyan"),
                f" {r['date'] or '—'}  ",
                (r["title"] or "", "bold"),
                (f" ({r['hits']} hits)", "dim"),
            )
            for line in r["lines"]:
                out.line(
                    f"   …{line['left']}", (line["match"], "reverse bold"), f"{line['right']}…"
                )
    _finish(ctx, bool(rows))


@app.command(cls=_Command)
def entities(
    ctx: typer.Context,
    type_: TypeOpt = None,
    doc: DocOpt = None,
    sort: Annotated[str, typer.Option(help="mentions, articles, name or value.")] = "mentions",
    by_article: Annotated[bool, typer.Option(help="Each article with its entities.")] = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: LimitOpt = None,
    json: JsonOpt = False,
) -> None:
    """Distinct entities across the corpus, with mention and article counts.

    Example: motorpme entities --type MONEY --sort value
    """
    if sort not in query.ENTITY_SORTS:
        raise MotorpmeError(
            f"--sort {sort!r}: unknown", hint=f"one of {', '.join(query.ENTITY_SORTS)}"
        )
    label = type_.value if type_ else None
    db = open_index(ctx)
    if by_article:
        return _entities_by_article(
            ctx, query.entities_by_article(db, label, since, until, limit), json
        )
    rows = query.entities(db, label, doc, sort, since, until, limit)
    if label is None:  # EVENT, PRODUCT and MISC are shown only when asked for
        rows = [r for r in rows if r["label"] in {lab.value for lab in Label.main()}]
    if label in ("MONEY", "DATE"):
        for row in rows:
            query.entity_examples(db, row)
    if json:
        _emit_json(rows)
    else:
        seen = [("first seen", 3)] if label in ("MONEY", "DATE") else []
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
        _print_table(columns, cells)
    _finish(ctx, bool(rows))


def _entities_by_article(ctx: typer.Context, rows: list[dict[str, Any]], json: bool) -> None:
    if json:
        _emit_json(rows)
    for r in [] if json else rows:
        out.line((r["id"], "bold cyan"), f" {r['date'] or '—'}  ", (r["title"] or "", "bold"))
        for e in r["entities"]:
            out.line(f"   {e['label']:7} {e['mentions']:3}  {e['name']}")
    _finish(ctx, bool(rows))


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


@app.command(cls=_Command)
def show(
    ctx: typer.Context,
    doc_id: Annotated[str, typer.Argument(metavar="ID", help="Article id, file or id prefix.")],
    html: Annotated[
        Path | None, typer.Option(help="Write a standalone HTML page with entities marked.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """One article: metadata, clean text with entities coloured, and its entity table.

    Example: motorpme show 000_1cd3fef0 --html article.html
    """
    doc = query.get_article(open_index(ctx), doc_id)
    if html is not None:
        from motorpme.render import article_html

        html.write_text(article_html(doc), encoding="utf-8")
        err.line((f"wrote {html}", "dim"))
        return _finish(ctx, True)
    if json:
        _emit_json(doc)
        return _finish(ctx, True)
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
    _print_table([("entity", 1), ("type", 0), ("offsets", 0), ("value", 0)], cells)
    _finish(ctx, True)


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


@app.command(cls=_Command)
def export(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="One JSON object (default).")] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One document per line.")] = False,
    csv: Annotated[bool, typer.Option("--csv", help="One mention per row.")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to FILE.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
) -> None:
    """Export every article with its entities (schema in the README).

    Example: motorpme export --json -o corpus.json
    """
    if json + jsonl + csv > 1:
        raise MotorpmeError("choose one of --json, --jsonl, --csv")
    fmt = "jsonl" if jsonl else "csv" if csv else "json"
    from motorpme.export import WRITERS

    db = open_index(ctx)
    model = _model_of(db)
    docs = query.iter_documents(db, since, until)
    if output is None:
        count = WRITERS[fmt](sys.stdout, docs, model)
    else:
        with output.open("w", encoding="utf-8", newline="") as fh:
            count = WRITERS[fmt](fh, docs, model)
        err.line((f"wrote {count} article(s) to {output}", "dim"))
    _finish(ctx, count > 0)


def _model_of(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT signature FROM articles LIMIT 1").fetchone()
    return row[0].split("|")[1] if row else None


@app.command(cls=_Command)
def index(ctx: typer.Context) -> None:
    """Bring the index up to date now and say where it is.

    Example: motorpme --corpus ~/presse index
    """
    db = open_index(ctx)
    n = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    path = db.execute("PRAGMA database_list").fetchone()[2]
    err.line(f"{n} article(s) indexed in {path}")
    _finish(ctx, n > 0)


@app.command(cls=_Command)
def evaluate(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (see the README).")],
    errors: Annotated[bool, typer.Option("--errors", help="List misses and false alarms.")] = False,
    json: JsonOpt = False,
) -> None:
    """Score the corpus's entities against a hand-made gold file: P, R, F1 per label.

    Example: motorpme --corpus seeds evaluate ../shared/gold/seeds.jsonl --errors
    """
    from motorpme.evaluate import load_gold, score

    gold_docs = load_gold(gold)
    db = open_index(ctx)
    pred = {Path(d["file"]).name: d["entities"] for d in query.iter_documents(db)}
    report = score(gold_docs, pred)
    if json:
        _emit_json(report)
        return _finish(ctx, True)
    cells = []
    for label in (*(lab.value for lab in Label.main()), "ALL"):
        r = report[label]
        va = r.get("value_acc")
        cells.append(
            [label, *(f"{r[k]:.3f}" for k in ("p", "r", "f1"))]
            + [str(r[k]) for k in ("tp", "fp", "fn")]
            + ["" if va is None else f"{va:.3f}"]
        )
    names = ["label", "P", "R", "F1", "tp", "fp", "fn", "value acc."]
    _print_table([(name, 0) for name in names], cells)
    if errors:
        for kind, rows in report["errors"].items():
            out.line("")
            out.line((f"# {kind}", "bold"))
            for row in rows:
                out.line(row)
    _finish(ctx, True)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except BrokenPipeError:  # `motorpme export | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
