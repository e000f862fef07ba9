"""``motorpme copies``: the groups of syndicated copies the index found (detection in
``index/copies.py``, reads in ``read/copies.py``)."""

from __future__ import annotations

from typing import Annotated

import typer

from motorpme.cli.app import app, finish, open_index
from motorpme.cli.options import JsonOpt, LimitOpt, all_if_zero, cut, say
from motorpme.cli.output import emit_json, err, print_table
from motorpme.read.copies import copy_groups


@app.command()
def copies(
    ctx: typer.Context,
    min_similarity: Annotated[
        float,
        typer.Option(
            min=0.0, max=1.0, help="Only copies at least this similar to their representative."
        ),
    ] = 0.0,
    limit: LimitOpt = None,
    json: JsonOpt = False,
) -> None:
    """Groups of copies of one story (the same dispatch on several sites, a page saved twice,
    a story updated or cut): the representative (earliest dated, else longest) first, then
    each copy with its similarity (share of the shorter text found in the longer). A terminal
    shows the first 50 lines unless --limit is given; piped, every group.

    Example: motorpme copies --min-similarity 0.9
    """
    db = open_index(ctx)
    groups = copy_groups(db, min_similarity, all_if_zero(limit))
    if json:
        emit_json(groups)
    else:
        rows = []
        for group in groups:
            head = group["representative"]
            rows.append((head["id"], head["date"] or "", "", head["title"] or ""))
            rows += [
                ("  " + c["id"], c["date"] or "", f"{c['similarity']:.2f}", c["title"] or "")
                for c in group["copies"]
            ]
        rows, left = cut(rows, limit, "lines", "--limit N shows N whole groups")
        print_table([("article", 0), ("date", 0), ("similarity", 0), ("title", 1)], rows)
        say(left)
    if not groups:
        err.line("no copies found" + (f" at similarity {min_similarity}" if min_similarity else ""))
    finish(ctx, bool(groups))
