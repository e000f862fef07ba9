"""The commands that relate entities and time: ``network``, ``timeline`` and ``report``.

Each parses its options, calls one core function of ``read/`` and renders; none loads spaCy.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from motorpme.cli.app import app, check_output_path, finish, open_index
from motorpme.cli.options import MAX_ROWS, JsonOpt, TypeOpt, all_if_zero, scoped
from motorpme.cli.output import emit_json, err, out, print_table
from motorpme.errors import MotorpmeError
from motorpme.models import Label
from motorpme.outputs import replacing
from motorpme.read.network import WINDOWS
from motorpme.read.scope import Scope
from motorpme.read.timeline import PERIODS

Window = Enum("Window", {name: name for name in WINDOWS}, type=str)  # type: ignore[misc]
Period = Enum("Period", {name: name for name in PERIODS}, type=str)  # type: ignore[misc]
FileOpt = Annotated[Path | None, typer.Option(metavar="FILE")]


@app.command()
@scoped
def network(
    ctx: typer.Context,
    scope: Scope,
    window: Annotated[
        Window, typer.Option(help="Together in one sentence, or anywhere in one article.")
    ] = Window.sentence,
    type_: Annotated[
        list[Label] | None,
        typer.Option(
            "--type", "-t", case_sensitive=False, help="Entity types (repeat; PER ORG LOC)."
        ),
    ] = None,
    min_weight: Annotated[
        int, typer.Option(min=1, max=MAX_ROWS, help="Pairs seen in at least N articles.")
    ] = 1,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", "-n", min=0, max=MAX_ROWS, help="The N strongest pairs (table: 20; 0: all)."
        ),
    ] = None,
    gexf: Annotated[Path | None, typer.Option(help="Write the graph as GEXF (Gephi).")] = None,
    graphml: Annotated[
        Path | None, typer.Option(help="Write the graph as GraphML (Cytoscape).")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Entities that appear together: the strongest pairs, weighted by the articles (and
    sentences) they share, each with one line of proof; or the graph for Gephi or Cytoscape.

    Example: motorpme network --type PER --type ORG --min-weight 2 --gexf presse.gexf
    """
    from motorpme.read.network import NAMED, graph
    from motorpme.read.network import network as pairs_of

    for path, option in ((gexf, "--gexf"), (graphml, "--graphml")):
        if path is not None:
            check_output_path(ctx, path, option)
    labels = tuple(t.value for t in type_) if type_ else NAMED
    files = gexf is not None or graphml is not None
    shown = all_if_zero(limit) if limit is not None or files or json else 20
    db = open_index(ctx, scope)
    edges = pairs_of(db, window.value, labels, min_weight, scope, shown)
    if files:
        _write_graphs(graph(edges), gexf, graphml)
    if json:
        import networkx as nx

        emit_json(nx.node_link_data(graph(edges), edges="links"))
    elif not files:
        _print_pairs(edges)
    if not edges:
        err.line("no pair of entities matches the filters given")
    finish(ctx, bool(edges))


def _print_pairs(edges: list[dict]) -> None:
    """A terminal gets each pair on one line and its proof, whole, on the next; a pipe gets
    tab-separated rows."""
    if out.is_terminal:
        if edges:
            out.line(("art. sent.  entity — with; below, where first seen", "bold"))
        for e in edges:
            out.line(
                (f"{e['weight']:>4}", "bold"),
                (f" {e['sentences']:>4}  ", "dim"),
                (e["source"], "bold cyan"),
                f" ({e['source_label']}) — ",
                (e["target"], "bold cyan"),
                f" ({e['target_label']})",
            )
            out.line(("            " + f"{e.get('doc', '')}: {e.get('proof', '')}", "dim"))
        return
    cells = [
        [
            str(e["weight"]),
            str(e["sentences"]),
            f"{e['source']} ({e['source_label']})",
            f"{e['target']} ({e['target_label']})",
            f"{e.get('doc', '')}: {e.get('proof', '')}",
        ]
        for e in edges
    ]
    print_table([(name, 0) for name in ("articles", "sentences", "entity", "with", "proof")], cells)


def _write_graphs(g: object, gexf: Path | None, graphml: Path | None) -> None:
    import networkx as nx

    for path, write in ((gexf, nx.write_gexf), (graphml, nx.write_graphml)):
        if path is None:
            continue
        with replacing(path) as fh:
            write(g, fh.buffer if hasattr(fh, "buffer") else fh)
        err.line((f"wrote {path}", "dim"))


@app.command()
@scoped
def timeline(
    ctx: typer.Context,
    scope: Scope,
    name: Annotated[
        str | None,
        typer.Argument(metavar="[ENTITY]", help="An entity (any of its names); none: the corpus."),
    ] = None,
    type_: TypeOpt = None,
    by: Annotated[Period, typer.Option(help="One row per year or per month.")] = Period.year,
    csv: Annotated[bool, typer.Option("--csv", help="Comma-separated values.")] = False,
    json: JsonOpt = False,
) -> None:
    """Mentions and amounts by year (or month) of an entity, a type, or the whole corpus.

    Example: motorpme timeline "Pôle Mécanique" --by month
    """
    from motorpme.read.timeline import timeline as timeline_of
    from motorpme.read.timeline import timeline_csv_rows

    if csv and json:
        raise MotorpmeError("choose one of --json, --csv")
    label = type_.value if type_ else None
    db = open_index(ctx, scope)
    rows = timeline_of(db, name, label, by.value, scope)
    if json:
        emit_json(rows)
    elif csv:
        import csv as csv_module

        from motorpme.read.export import safe_cell

        writer = csv_module.writer(sys.stdout)
        for row in timeline_csv_rows(rows):
            writer.writerow([safe_cell(cell) for cell in row])
    else:
        header, *cells = timeline_csv_rows(rows)
        print_table([(name, 1 if name == "total" else 0) for name in header], cells)
    if not rows:
        what = f"{name!r}" if name else "article"
        err.line(f"no {what} found" if scope.everything else f"no {what} matches the filters")
    finish(ctx, bool(rows))


@app.command()
@scoped
def report(
    ctx: typer.Context,
    scope: Scope,
    html: Annotated[
        Path,
        typer.Option(metavar="FILE", help="The HTML file to write (articles go beside it)."),
    ],
) -> None:
    """One self-contained HTML report: overview, top entities, the timeline chart, the
    network picture, the largest amounts; each row links to its article's page, written in
    the folder FILE-articles beside it.

    Example: motorpme report --html presse.html
    """
    from motorpme.read.articles import get_article
    from motorpme.read.html import article_html
    from motorpme.read.report import report_html

    check_output_path(ctx, html, "--html")
    pages = html.with_name(f"{html.stem}-articles")
    if pages.exists() and not pages.is_dir():
        raise MotorpmeError(f"{pages}: is not a folder", hint="move it, or change --html")
    db = open_index(ctx, scope)
    page, linked = report_html(db, pages.name, scope, title=f"motorpme report: {html.stem}")
    if linked:
        pages.mkdir(exist_ok=True)
    for doc_id in sorted(linked):
        target = pages / f"{doc_id}.html"
        check_output_path(ctx, target, "--html")
        with replacing(target) as fh:
            fh.write(article_html(get_article(db, doc_id)))
    with replacing(html) as fh:
        fh.write(page)
    err.line((f"wrote {html} and {len(linked)} article page(s) in {pages}", "dim"))
    finish(ctx, True)
