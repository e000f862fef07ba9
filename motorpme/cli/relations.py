"""The relation commands: ``amounts`` (who gives, receives or holds an amount, and what it is
for, with the sentence that says so) and ``roles`` (person, role, organisation). Both read
what the index stored; neither loads spaCy."""

from __future__ import annotations

from typing import Annotated

import typer

from motorpme.cli.app import app, finish, open_index
from motorpme.cli.options import JsonOpt, LimitOpt, all_if_zero, scoped
from motorpme.cli.output import emit_json, err, print_table
from motorpme.models import format_value
from motorpme.read import relations
from motorpme.read.scope import Scope


@app.command()
@scoped
def amounts(
    ctx: typer.Context,
    scope: Scope,
    sum_: Annotated[
        bool,
        typer.Option(
            "--sum", help="Totals per linked entity, role, year and currency (FRF also in EUR)."
        ),
    ] = False,
    limit: LimitOpt = None,
    json: JsonOpt = False,
) -> None:
    """Every amount with its value, date and sentence, and the names that sentence links it
    to (giver, receiver, holder, beneficiary, source, purpose), each with the rule that
    linked it. --entity keeps the amounts linked to that entity.

    Example: motorpme amounts --entity "Conseil départemental" --since 2015 --sum
    """
    db = open_index(ctx, scope)
    if sum_:
        rows = relations.amount_sums(db, scope)
        if json:
            emit_json(rows)
        else:
            print_table(
                [(c, 1 if c == "entity" else 0) for c in _SUM_COLUMNS],
                [_sum_cells(r) for r in rows],
            )
        if not rows:
            err.line(_nothing("linked amount", scope))
        return finish(ctx, bool(rows))
    rows = relations.amounts(db, scope, all_if_zero(limit))
    if json:
        emit_json(rows)
    else:
        columns = [("id", 0), ("date", 0), ("amount", 0), ("value", 0), ("links", 2)]
        print_table([*columns, ("sentence", 3)], [_amount_cells(r) for r in rows])
    if not rows:
        err.line(_nothing("amount", scope))
    finish(ctx, bool(rows))


_SUM_COLUMNS = ("entity", "label", "role", "year", "currency", "total", "amounts", "in EUR")


def _sum_cells(row: dict) -> list[str]:
    eur = f"{row['eur']:,.2f} (converted)".replace(",", " ") if row.get("eur_converted") else ""
    total = f"{row['total']:,}".replace(",", " ")
    return [
        row["entity"],
        row["label"],
        row["role"],
        row["year"],
        row["currency"],
        total,
        str(row["amounts"]),
        eur,
    ]


def _amount_cells(row: dict) -> list[str]:
    value = format_value(row.get("value"), row.get("currency"))
    if row.get("value_max") is not None:
        value = format_value(f"{row['value']}-{row['value_max']}", row.get("currency"))
    links = "; ".join(f"{x['role']}: {x['entity']} [{x['rule']}]" for x in row["links"])
    return [
        row["id"],
        row["date"] or "—",
        " ".join(row["text"].split()),
        value,
        links,
        row["sentence"] or "",
    ]


@app.command()
@scoped
def roles(
    ctx: typer.Context,
    scope: Scope,
    limit: LimitOpt = None,
    json: JsonOpt = False,
) -> None:
    """Person, role, organisation triples from appositions and titles ("Jean Dupont,
    président de la FFSA", "le maire de Nevers, X"), with the rule and the sentence.
    --entity matches the person or the organisation.

    Example: motorpme roles --entity FFSA
    """
    db = open_index(ctx, scope)
    rows = relations.roles(db, scope, all_if_zero(limit))
    if json:
        emit_json(rows)
    else:
        columns = [("id", 0), ("date", 0), ("person", 1), ("role", 1), ("organisation", 1)]
        print_table(
            [*columns, ("rule", 0), ("sentence", 3)],
            [
                [
                    r["id"],
                    r["date"] or "—",
                    r["person"],
                    r["role"],
                    r["organisation"],
                    r["rule"],
                    r["sentence"],
                ]
                for r in rows
            ],
        )
    if not rows:
        err.line(_nothing("role", scope))
    finish(ctx, bool(rows))


def _nothing(what: str, scope: Scope) -> str:
    return f"no {what} matches the filters given" if not scope.everything else f"no {what} found"
