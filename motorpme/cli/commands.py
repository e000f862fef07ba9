"""The command line: each command parses its options, calls one core function, renders.

The streams, tables and views are in ``output`` and ``views``, the Typer plumbing in
``plumbing``; the core (``index``, ``read``) never prints and never exits.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from motorpme import __version__
from motorpme.cli.output import emit_json, err, out, print_table
from motorpme.cli.plumbing import App, Group
from motorpme.cli.views import print_article, print_entities, progress
from motorpme.errors import MotorpmeError
from motorpme.index import store, update
from motorpme.models import Label
from motorpme.read import articles, fulltext, sql
from motorpme.read import entities as entities_of
from motorpme.read.articles import SORTS
from motorpme.read.entities import ENTITY_SORTS

app = App(
    cls=Group,
    help="Who, where, how much and when in French motorsport-business articles.\n\n"
    "Example: motorpme --corpus seeds entities --type ORG",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Options shared by the read commands, declared once.
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", min=1, help="At most N rows.")]
SinceOpt = Annotated[str | None, typer.Option(help="Articles dated on or after (YYYY[-MM[-DD]]).")]
UntilOpt = Annotated[str | None, typer.Option(help="Articles dated on or before (YYYY[-MM[-DD]]).")]
UndatedOpt = Annotated[
    bool, typer.Option("--undated", help="With --since/--until, keep the undated articles too.")
]
InferredOpt = Annotated[
    bool,
    typer.Option(
        "--inferred-dates",
        help="With --since/--until, let an article that states no date be filtered by the"
        " year inferred from its text.",
    ),
]
DocOpt = Annotated[str | None, typer.Option("--doc", help="Only this article (id or file).")]
TypeOpt = Annotated[
    Label | None, typer.Option("--type", "-t", case_sensitive=False, help="Entity type.")
]
# The --sort choices are the core's own: checked when the command line is read, before indexing.
ListSort = Enum("ListSort", {name: name for name in SORTS}, type=str)  # type: ignore[misc]
EntitySort = Enum("EntitySort", {name: name for name in ENTITY_SORTS}, type=str)  # type: ignore[misc]


@dataclass
class Settings:
    options: update.Options = field(default_factory=update.Options)
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
    ctx.obj = Settings(update.Options(corpus, index, model, patterns, aliases, workers))


def _cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU affinity)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def open_index(ctx: typer.Context) -> sqlite3.Connection:
    """Open the index and bring it up to date first, drawing progress on stderr."""
    s = _settings(ctx)
    db, corpus, work, signature = update.prepare(s.options)
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
    if work.todo:
        err.line((f"indexed {len(work.todo)} file(s) from {corpus.label}", "dim"))
    for file, reason in s.problems:
        err.line(("skipped", "yellow"), f" {file}: {reason}")
    return db


def _announce(model: str, processes: int) -> None:
    where = f" in {processes} processes" if processes > 1 else ""
    err.line((f"loading {model}{where}…", "dim"))


def _left_out(
    db: sqlite3.Connection, since: str | None, until: str | None, undated: bool, inferred: bool
) -> None:
    """A date filter never drops undated articles silently: one line on stderr says so."""
    count = 0 if undated else sql.undated_left_out(db, since, until, inferred)
    if count:
        err.line((f"{count} undated article(s) left out; --undated keeps them", "dim"))


def _finish(ctx: typer.Context, found: bool) -> None:
    """Exit codes: 0 ok, 1 nothing found, 2 some input files could not be read."""
    if _settings(ctx).problems:
        raise typer.Exit(2)
    if not found:
        raise typer.Exit(1)


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    sort: Annotated[ListSort, typer.Option(help="Order of the rows.")] = ListSort.date,
    entity: Annotated[
        str | None, typer.Option(help="Only articles mentioning this entity.")
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    undated: UndatedOpt = False,
    inferred: InferredOpt = False,
    limit: LimitOpt = None,
    json: JsonOpt = False,
) -> None:
    """List the articles: id, date (~2019: inferred), title, author, words, entity counts.

    Example: motorpme list --sort date --since 2018
    """
    db = open_index(ctx)
    _left_out(db, since, until, undated, inferred)
    flags = {"undated": undated, "inferred": inferred}
    if json:
        rows = articles.list_articles(db, sort.value, since, until, entity, limit, **flags)
        emit_json(rows)
    else:
        rows = articles.list_table(db, sort.value, since, until, entity, limit, **flags)
        shares = {"title": 3, "author": 1}
        print_table([(name, shares.get(name, 0)) for name in articles.LIST_COLUMNS], rows)
    _finish(ctx, bool(rows))


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help='Words, "a phrase", OR, NOT, prefix*.')],
    type_: TypeOpt = None,
    context: Annotated[int, typer.Option(min=0, help="Words of context either side.")] = 8,
    hits: Annotated[int, typer.Option(min=1, help="Context lines per article.")] = 3,
    doc: DocOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    undated: UndatedOpt = False,
    inferred: InferredOpt = False,
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
    db = open_index(ctx)
    _left_out(db, since, until, undated, inferred)
    rows = fulltext.search(
        db, text, context, asked, since, until, label, doc, hits, undated, inferred
    )
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
    _finish(ctx, bool(rows))


@app.command()
def entities(
    ctx: typer.Context,
    type_: TypeOpt = None,
    doc: DocOpt = None,
    sort: Annotated[EntitySort, typer.Option(help="Order of the rows.")] = EntitySort.mentions,
    by_article: Annotated[bool, typer.Option(help="Each article with its entities.")] = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    undated: UndatedOpt = False,
    inferred: InferredOpt = False,
    limit: LimitOpt = None,
    json: JsonOpt = False,
) -> None:
    """Distinct entities across the corpus, with mention and article counts.

    Example: motorpme entities --type MONEY --sort value
    """
    label = type_.value if type_ else None
    db = open_index(ctx)
    _left_out(db, since, until, undated, inferred)
    flags = {"undated": undated, "inferred": inferred}
    if by_article:
        rows = entities_of.entities_by_article(db, label, since, until, limit, **flags)
        _print_by_article(rows, json)
        return _finish(ctx, bool(rows))
    rows = entities_of.entities(db, label, doc, sort.value, since, until, limit, **flags)
    if json:
        emit_json(rows)
    else:
        print_entities(rows, examples=label in (Label.MONEY, Label.DATE))
    _finish(ctx, bool(rows))


def _print_by_article(rows: list[dict[str, Any]], json: bool) -> None:
    if json:
        return emit_json(rows)
    for r in rows:
        out.line((r["id"], "bold cyan"), f" {r['date'] or '—'}  ", (r["title"] or "", "bold"))
        for e in r["entities"]:
            out.line(f"   {e['label']:7} {e['mentions']:3}  {e['name']}")


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
    doc = articles.get_article(open_index(ctx), doc_id)
    if html is not None:
        from motorpme.read.html import article_html

        html.write_text(article_html(doc), encoding="utf-8")
        err.line((f"wrote {html}", "dim"))
    elif json:
        emit_json(doc)
    else:
        print_article(doc)
    _finish(ctx, True)


@app.command()
def export(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="One JSON object (default).")] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One document per line.")] = False,
    csv: Annotated[bool, typer.Option("--csv", help="One mention per row.")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to FILE.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    undated: UndatedOpt = False,
    inferred: InferredOpt = False,
) -> None:
    """Export every article with its entities (schema in the README).

    Example: motorpme export --json -o corpus.json
    """
    if json + jsonl + csv > 1:
        raise MotorpmeError("choose one of --json, --jsonl, --csv")
    from motorpme.read.export import WRITERS

    write = WRITERS["jsonl" if jsonl else "csv" if csv else "json"]
    db = open_index(ctx)
    _left_out(db, since, until, undated, inferred)
    docs = articles.iter_documents(db, since, until, undated=undated, inferred=inferred)
    if output is None:
        count = write(sys.stdout, docs, articles.indexed_model(db))
    else:
        with output.open("w", encoding="utf-8", newline="") as fh:
            count = write(fh, docs, articles.indexed_model(db))
        err.line((f"wrote {count} article(s) to {output}", "dim"))
    _finish(ctx, count > 0)


@app.command()
def index(ctx: typer.Context) -> None:
    """Bring the index up to date now and say where it is.

    Example: motorpme --corpus ~/presse index
    """
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
        _print_scores(report, errors)
    _finish(ctx, True)


def _print_scores(report: dict[str, Any], errors: bool) -> None:
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
    print_table([(name, 0) for name in names], cells)
    for kind, rows in report["errors"].items() if errors else ():
        out.line("")
        out.line((f"# {kind}", "bold"))
        for row in rows:
            out.line(row)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except BrokenPipeError:  # `motorpme export | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
