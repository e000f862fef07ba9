"""The read and index commands: each parses its options, calls one core function, renders.

The app, its global options and the index opening are in ``app``; the core (``index``,
``read``) never prints and never exits.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from motorpme.cli.app import app, check_output_path, finish, open_index, settings
from motorpme.cli.options import (
    MAX_ROWS,
    JsonOpt,
    LimitOpt,
    TypeOpt,
    all_if_zero,
    cut,
    say,
    scoped,
    screenful,
)
from motorpme.cli.output import emit_json, err, out, print_table
from motorpme.cli.views import (
    print_article,
    print_by_article,
    print_entities,
    print_explained,
    print_scores,
)
from motorpme.errors import MotorpmeError
from motorpme.index import store
from motorpme.models import Label
from motorpme.outputs import replacing
from motorpme.read import articles, fulltext
from motorpme.read import entities as entities_of
from motorpme.read.articles import SORTS
from motorpme.read.entities import ENTITY_SORTS
from motorpme.read.scope import Scope

# The --sort choices are the core's own: checked when the command line is read, before indexing.
ListSort = Enum("ListSort", {name: name for name in SORTS}, type=str)  # type: ignore[misc]
EntitySort = Enum("EntitySort", {name: name for name in ENTITY_SORTS}, type=str)  # type: ignore[misc]


@app.command("list")
@scoped(every_copy=True)
def list_cmd(
    ctx: typer.Context,
    scope: Scope,
    sort: Annotated[ListSort, typer.Option(help="Order of the rows.")] = ListSort.date,
    no_copies: Annotated[
        bool, typer.Option("--no-copies", help="One article per copy group (its representative).")
    ] = False,
    limit: LimitOpt = None,
    json: JsonOpt = False,
) -> None:
    """List the articles: id, date (~2019: inferred), title, author, words, entity counts, and
    copies (`+2`: a story with two copies; `=ID`: a copy of article ID). A terminal shows the
    first 50 unless --limit is given; piped, every article.

    Example: motorpme list --since 2018 --entity "Pôle Mécanique" --min-amount 1M
    """
    scope = replace(scope, all_copies=not no_copies)
    db = open_index(ctx, scope)
    if json:
        rows = articles.list_articles(db, sort.value, scope, all_if_zero(limit))
        emit_json(rows)
    else:
        rows = articles.list_table(db, sort.value, scope, screenful(limit))
        rows, left = cut(rows, limit, "articles")
        shares = {"title": 3, "author": 1}
        columns = [(name, shares.get(name, 0)) for name in articles.LIST_COLUMNS]
        where = articles.LIST_COLUMNS.index("copies")
        if out.is_terminal and not any(row[where] for row in rows):  # room for the title
            columns.pop(where)
            rows = [(*row[:where], *row[where + 1 :]) for row in rows]
        print_table(columns, rows, drop=("author",))
        say(left)
    if not rows:
        err.line(_nothing("article", scope))
    finish(ctx, bool(rows))


@app.command()
@scoped(every_copy=True)
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
                (_copies(r.get("copies", 0)), "yellow"),
            )
            for line in r["lines"]:
                out.line(
                    f"   …{line['left']}", (line["match"], "reverse bold"), f"{line['right']}…"
                )
    if not rows:
        err.line(fulltext.why_empty(db, text, scope, label, exact))
    finish(ctx, bool(rows))


@app.command()
@scoped
def entities(
    ctx: typer.Context,
    scope: Scope,
    type_: TypeOpt = None,
    sort: Annotated[EntitySort, typer.Option(help="Order of the rows.")] = EntitySort.mentions,
    by_article: Annotated[bool, typer.Option(help="Each article with its entities.")] = False,
    explain: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Why each alias of NAME joined it: rule and proof."),
    ] = None,
    limit: LimitOpt = None,
    json: JsonOpt = False,
) -> None:
    """Distinct entities across the corpus, with mention and article counts and aliases.

    Example: motorpme entities --type MONEY --sort value   ·   motorpme entities --explain FFSA
    """
    label = type_.value if type_ else None
    db = open_index(ctx, scope)
    if explain is not None:
        from motorpme.read.explain import explain as explain_entity

        found = explain_entity(db, explain, label, settings(ctx).options.aliases)
        print_explained(found, json)
        if not found:
            err.line(f"no entity named {explain!r}" + (f" of type {label}" if label else ""))
        return finish(ctx, bool(found))
    if by_article:
        rows = entities_of.entities_by_article(db, label, scope, all_if_zero(limit))
        print_by_article(rows, json)
        return finish(ctx, bool(rows))
    asked = all_if_zero(limit) if json else screenful(limit)
    rows = entities_of.entities(db, label, sort.value, scope, asked, documents=json)
    if json:
        emit_json(rows)
    else:
        rows, left = cut(rows, limit, "entities")
        print_entities(rows, examples=label in (Label.MONEY, Label.DATE))
        say(left)
    if not rows:
        err.line(_nothing(f"{label} entity" if label else "entity", scope))
    finish(ctx, bool(rows))


def _copies(n: int) -> str:
    """``+2 copies``: a search hit stands for its copy group."""
    return f" +{n} cop{'y' if n == 1 else 'ies'}" if n else ""


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
        check_output_path(ctx, html, "--html")
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
    finish(ctx, True)


@app.command()
@scoped(every_copy=True)
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
        check_output_path(ctx, output, "-o")
    db = open_index(ctx, scope)
    docs = articles.iter_documents(db, scope)
    if output is None:
        count = write(sys.stdout, docs, articles.indexed_model(db))
    else:
        with replacing(output) as fh:
            count = write(fh, docs, articles.indexed_model(db))
        err.line((f"wrote {count} article(s) to {output}", "dim"))
    finish(ctx, count > 0)


@app.command()
def index(
    ctx: typer.Context,
    check: Annotated[
        bool, typer.Option("--check", help="Check the index file; a damaged one is rebuilt.")
    ] = False,
) -> None:
    """Bring the index up to date now, checking every file (edits in place too), and say
    where it is.

    Example: motorpme --corpus ~/presse index --check
    """
    s = settings(ctx)
    s.options = replace(s.options, check=check, refresh=True)  # every file stat-ed
    count, path = store.describe(open_index(ctx))
    err.line(f"{count} article(s) indexed in {path}")
    finish(ctx, count > 0)


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
    report = score_index(open_index(ctx, hiding=False), gold_docs)  # hidden ones count
    if json:
        emit_json(report)
    else:
        print_scores(report, errors)
    finish(ctx, True)
