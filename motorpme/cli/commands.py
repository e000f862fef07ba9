"""The command line: each command parses its options, calls one core function, renders.

The streams, tables and views are in ``output`` and ``views``, the Typer plumbing in
``plumbing``; the core (``index``, ``read``) never prints and never exits.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from motorpme import __version__
from motorpme.cli.options import MAX_ROWS, JsonOpt, LimitOpt, TypeOpt, all_if_zero, scoped
from motorpme.cli.output import emit_json, err, out, print_table
from motorpme.cli.plumbing import BROKEN_PIPE, App, Group
from motorpme.cli.views import (
    print_article,
    print_by_article,
    print_entities,
    print_scores,
    progress,
)
from motorpme.errors import MotorpmeError
from motorpme.index import store, update
from motorpme.ingest.corpus import MAX_SIZE
from motorpme.models import Label
from motorpme.outputs import check_output, replacing
from motorpme.read import articles, fulltext
from motorpme.read import entities as entities_of
from motorpme.read.articles import SORTS
from motorpme.read.entities import ENTITY_SORTS
from motorpme.read.scope import Scope

app = App(
    cls=Group,
    help="Who, where, how much and when in French motorsport-business articles.\n\n"
    "Example: motorpme --corpus seeds entities --type ORG",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# The --sort choices are the core's own: checked when the command line is read, before indexing.
ListSort = Enum("ListSort", {name: name for name in SORTS}, type=str)  # type: ignore[misc]
EntitySort = Enum("EntitySort", {name: name for name in ENTITY_SORTS}, type=str)  # type: ignore[misc]


MB = 1024 * 1024


@dataclass
class Settings:
    options: update.Options = field(default_factory=update.Options)
    problems: list[tuple[str, str]] = field(default_factory=list)
    index_path: str | None = None  # named by an SQLite error met while using the index


def _settings(ctx: typer.Context) -> Settings:
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
        "fr_core_news_sm"
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
            envvar="MOTORPME_MAX_SIZE",
            help="Skip files larger than this many MB, unread. Env: MOTORPME_MAX_SIZE.",
        ),
    ] = MAX_SIZE // MB,
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
    affordable, why = update.worker_budget()
    if workers > affordable:
        err.line(("note:", "yellow"), f" --workers {workers}: using {affordable} ({why})")
    workers = min(workers or affordable, affordable)
    options = update.Options(corpus, index, model, patterns, aliases, workers, max_size * MB)
    ctx.obj = Settings(options)


def open_index(ctx: typer.Context, scope: Scope | None = None) -> sqlite3.Connection:
    """Open the index and bring it up to date first, drawing progress on stderr. With a
    ``scope``, a date filter never drops undated articles silently: stderr says how many."""
    s = _settings(ctx)
    db, corpus, work, signature = update.prepare(s.options)
    s.index_path = db.execute("PRAGMA database_list").fetchone()[2]
    while store.rebuilt:
        err.line(("warning:", "yellow"), f" {store.rebuilt.pop()}")
    s.problems = list(work.problems)
    load = update.extractor_for(s.options)
    steps = update.update(
        db, corpus, work, signature, load, s.options.workers, partial(_announce, s.options.model)
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
    left_out = scope.undated_left_out(db) if scope is not None else 0
    if left_out:
        err.line((f"{left_out} undated article(s) left out; --undated keeps them", "dim"))
    return db


def _check_output(ctx: typer.Context, path: Path, option: str) -> None:
    """Before any work: an output is a new or regular file outside the corpus, in a folder."""
    from motorpme.ingest.corpus import resolve_corpus

    check_output(path, resolve_corpus(_settings(ctx).options.corpus), option)


def _announce(model: str, processes: int) -> None:
    where = f" in {processes} processes" if processes > 1 else ""
    err.line((f"loading {model}{where}…", "dim"))


def _finish(ctx: typer.Context, found: bool) -> None:
    """Exit codes: 0 ok, 1 nothing found, 2 some input files could not be read."""
    if _settings(ctx).problems:
        raise typer.Exit(2)
    if not found:
        raise typer.Exit(1)


@app.command("list")
@scoped
def list_cmd(
    ctx: typer.Context,
    scope: Scope,
    sort: Annotated[ListSort, typer.Option(help="Order of the rows.")] = ListSort.date,
    limit: LimitOpt = None,
    json: JsonOpt = False,
) -> None:
    """List the articles: id, date (~2019: inferred), title, author, words, entity counts.

    Example: motorpme list --since 2018 --entity "Pôle Mécanique" --min-amount 1M
    """
    db = open_index(ctx, scope)
    if json:
        rows = articles.list_articles(db, sort.value, scope, all_if_zero(limit))
        emit_json(rows)
    else:
        rows = articles.list_table(db, sort.value, scope, all_if_zero(limit))
        shares = {"title": 3, "author": 1}
        print_table([(name, shares.get(name, 0)) for name in articles.LIST_COLUMNS], rows)
    if not rows:
        err.line(_nothing("article", scope))
    _finish(ctx, bool(rows))


@app.command()
@scoped
def search(
    ctx: typer.Context,
    scope: Scope,
    text: Annotated[str, typer.Argument(help='Words, "a phrase", OR, NOT, prefix*.')],
    type_: TypeOpt = None,
    context: Annotated[
        int, typer.Option(min=0, max=1000, help="Words of context either side.")
    ] = 8,
    hits: Annotated[int, typer.Option(min=1, max=1000, help="Context lines per article.")] = 3,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, max=MAX_ROWS, help="At most N articles (0: all).")
    ] = 20,
    exact: Annotated[
        bool, typer.Option("--exact", help="Words only as typed, not their plurals and kin.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Find articles, best first, with keyword-in-context lines. Case and accents do not matter,
    and a word also finds its plural and kin (sponsor: sponsors) unless quoted or --exact.

    Example: motorpme search "Pôle Mécanique"   ·   motorpme search Alpine --type ORG
    """
    label = type_.value if type_ else None
    asked = limit + 1 if limit else None  # one more tells whether the list was cut
    db = open_index(ctx, scope)
    rows = fulltext.search(db, text, scope, label, asked, context, hits, exact)
    if limit and len(rows) > limit:
        rows = rows[:limit]
        err.line((f"showing the best {limit} articles; --limit 0 shows every match", "dim"))
    if json:
        emit_json(rows)
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
    if not rows:
        err.line(fulltext.why_empty(db, text, scope, label, exact))
    _finish(ctx, bool(rows))


@app.command()
@scoped
def entities(
    ctx: typer.Context,
    scope: Scope,
    type_: TypeOpt = None,
    sort: Annotated[EntitySort, typer.Option(help="Order of the rows.")] = EntitySort.mentions,
    by_article: Annotated[bool, typer.Option(help="Each article with its entities.")] = False,
    limit: LimitOpt = None,
    json: JsonOpt = False,
) -> None:
    """Distinct entities across the corpus, with mention and article counts.

    Example: motorpme entities --type MONEY --sort value
    """
    label = type_.value if type_ else None
    db = open_index(ctx, scope)
    if by_article:
        rows = entities_of.entities_by_article(db, label, scope, all_if_zero(limit))
        print_by_article(rows, json)
        return _finish(ctx, bool(rows))
    rows = entities_of.entities(db, label, sort.value, scope, all_if_zero(limit), documents=json)
    if json:
        emit_json(rows)
    else:
        print_entities(rows, examples=label in (Label.MONEY, Label.DATE))
    if not rows:
        err.line(_nothing(f"{label} entity" if label else "entity", scope))
    _finish(ctx, bool(rows))


def _nothing(what: str, scope: Scope) -> str:
    """An empty answer says why: the filters, or an empty corpus or index."""
    return f"no {what} matches the filters given" if not scope.everything else f"no {what} found"


@app.command()
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
    if html is not None:
        _check_output(ctx, html, "--html")
    doc = articles.get_article(open_index(ctx), doc_id)
    if html is not None:
        from motorpme.read.html import article_html

        with replacing(html) as fh:
            fh.write(article_html(doc))
        err.line((f"wrote {html}", "dim"))
    elif json:
        emit_json(doc)
    else:
        print_article(doc)
    _finish(ctx, True)


@app.command()
@scoped
def export(
    ctx: typer.Context,
    scope: Scope,
    json: Annotated[bool, typer.Option("--json", help="One JSON object (default).")] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One document per line.")] = False,
    csv: Annotated[bool, typer.Option("--csv", help="One mention per row.")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to FILE.")] = None,
) -> None:
    """Export every article with its entities (schema in the README).

    Example: motorpme export --json -o corpus.json
    """
    if json + jsonl + csv > 1:
        raise MotorpmeError("choose one of --json, --jsonl, --csv")
    from motorpme.read.export import WRITERS

    write = WRITERS["jsonl" if jsonl else "csv" if csv else "json"]
    if output is not None:
        _check_output(ctx, output, "-o")
    db = open_index(ctx, scope)
    docs = articles.iter_documents(db, scope)
    if output is None:
        count = write(sys.stdout, docs, articles.indexed_model(db))
    else:
        with replacing(output) as fh:
            count = write(fh, docs, articles.indexed_model(db))
        err.line((f"wrote {count} article(s) to {output}", "dim"))
    _finish(ctx, count > 0)


@app.command()
def index(
    ctx: typer.Context,
    check: Annotated[
        bool, typer.Option("--check", help="Check the index file; a damaged one is rebuilt.")
    ] = False,
) -> None:
    """Bring the index up to date now and say where it is.

    Example: motorpme --corpus ~/presse index --check
    """
    s = _settings(ctx)
    s.options = replace(s.options, check=check)
    count, path = store.describe(open_index(ctx))
    err.line(f"{count} article(s) indexed in {path}")
    _finish(ctx, count > 0)


@app.command()
def evaluate(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (see the README).")],
    errors: Annotated[bool, typer.Option("--errors", help="List misses and false alarms.")] = False,
    json: JsonOpt = False,
) -> None:
    """Score the corpus's entities against a hand-made gold file: P, R, F1 per label.

    Example: motorpme --corpus seeds evaluate ../shared/gold/seeds.jsonl --errors
    """
    from motorpme.read.evaluate import load_gold, score_index

    gold_docs = load_gold(gold)
    report = score_index(open_index(ctx), gold_docs)
    if json:
        emit_json(report)
    else:
        print_scores(report, errors)
    _finish(ctx, True)


def main() -> None:
    """Console entry point."""
    for fd in (0, 1, 2):  # a closed standard stream: its number must not go to the index file
        try:
            os.fstat(fd)
        except OSError:
            os.dup2(os.open(os.devnull, os.O_RDWR), fd)
    # Stopped by `kill`: unwind as for Ctrl-C, so the worker processes stop with this one.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        app()
    except BrokenPipeError:  # `motorpme --help | head`: stop quietly
        out.silence()
        sys.exit(BROKEN_PIPE)
