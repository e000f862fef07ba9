"""Options shared by the read commands, declared once: the output flags, and the article
filters that ``scoped`` adds to a command and hands to it as one ``Scope``."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from motorpme.cli.output import err, out
from motorpme.cli.plumbing import checked_date
from motorpme.models import Label
from motorpme.read.scope import Scope

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
# Bounds checked when the command line is read: SQLite takes no integer past 2**63.
MAX_ROWS = 1_000_000_000
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", "-n", min=0, max=MAX_ROWS, help="At most N rows (0: all)."),
]
TypeOpt = Annotated[
    Label | None, typer.Option("--type", "-t", case_sensitive=False, help="Entity type.")
]

_FILTERS: dict[str, Any] = {
    "since": Annotated[
        str | None,
        typer.Option(callback=checked_date, help="Articles dated on or after (YYYY[-MM[-DD]])."),
    ],
    "until": Annotated[
        str | None,
        typer.Option(callback=checked_date, help="Articles dated on or before (YYYY[-MM[-DD]])."),
    ],
    "undated": Annotated[
        bool,
        typer.Option("--undated", help="With --since/--until, keep the undated articles too."),
    ],
    "inferred": Annotated[
        bool,
        typer.Option(
            "--inferred-dates",
            help="With --since/--until, an article that states no date is filtered by the"
            " year inferred from its text.",
        ),
    ],
    "doc": Annotated[str | None, typer.Option("--doc", help="Only this article (id or file).")],
    "entity": Annotated[
        list[str] | None,
        typer.Option(
            "--entity", "-e", help="Articles mentioning this entity; repeated: all of them."
        ),
    ],
    "any_": Annotated[
        bool, typer.Option("--any", help="With several --entity: one of them is enough.")
    ],
    "min_amount": Annotated[
        str | None, typer.Option(help="Amounts of at least this much (500k, 1M, 2Md).")
    ],
    "max_amount": Annotated[str | None, typer.Option(help="Amounts of at most this much.")],
    "currency": Annotated[str | None, typer.Option(help="Amounts in this currency (EUR, FRF).")],
    "all_copies": Annotated[
        bool,
        typer.Option(
            "--all-copies",
            help="Count every copy of a syndicated story (default: a copy group counts once).",
        ),
    ],
}
_FLAGS = ("any_", "undated", "inferred", "all_copies")


def scoped(
    command: Callable[..., Any] | None = None, *, every_copy: bool = False
) -> Callable[..., Any]:
    """Give ``command`` the article filters (--since, --until, --undated, --inferred-dates,
    --doc, --entity, --any, --min-amount, --max-amount, --currency, --all-copies) as its
    ``scope``. A command that counts (``entities``, ``amounts``…) counts a copy group once
    unless --all-copies; ``every_copy`` is for the commands that show articles (``list``,
    ``search``, ``export``): every copy is in their scope, and --all-copies is not offered."""
    if command is None:
        return functools.partial(_scoped, every_copy=every_copy)
    return _scoped(command, every_copy)


def _scoped(command: Callable[..., Any], every_copy: bool = False) -> Callable[..., Any]:
    filters = {k: v for k, v in _FILTERS.items() if not (every_copy and k == "all_copies")}
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "scope"]
    added = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=False if name in _FLAGS else None,
            annotation=kind,
        )
        for name, kind in filters.items()
    ]

    @functools.wraps(command)
    def with_scope(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in filters}
        kwargs["scope"] = Scope(
            since=given["since"],
            until=given["until"],
            undated=given["undated"],
            inferred=given["inferred"],
            doc=given["doc"],
            entities=tuple(given["entity"] or ()),
            any_entity=given["any_"],
            min_amount=given["min_amount"],
            max_amount=given["max_amount"],
            currency=given["currency"],
            all_copies=given.get("all_copies", every_copy),
        )
        return command(*args, **kwargs)

    with_scope.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
    return with_scope


def all_if_zero(limit: int | None) -> int | None:
    """``--limit 0`` means every row, as on every command."""
    return limit or None


# Rows of `list`, `entities` and `copies` on a terminal without --limit: drawing the table
# of 100,000 articles takes minutes (2,000 rows: 2.6 s). Piped or as JSON, every row.
TERMINAL_ROWS = 50


def screenful(limit: int | None) -> int | None:
    """How many rows to read: --limit's, else on a terminal one more than it shows (to know
    whether it cut), else all."""
    return TERMINAL_ROWS + 1 if limit is None and out.is_terminal else all_if_zero(limit)


def cut(
    rows: list, limit: int | None, what: str, more: str = "--limit 0 shows all"
) -> tuple[list, str | None]:
    """The rows a terminal shows without --limit, and the line to say after them when some
    are left out (None when none is)."""
    if limit is not None or not out.is_terminal or len(rows) <= TERMINAL_ROWS:
        return rows, None
    said = f"showing the first {TERMINAL_ROWS} {what}; {more} (piped, every one is printed)"
    return rows[:TERMINAL_ROWS], said


def say(line: str | None) -> None:
    """``cut``'s line, on stderr, below the table it follows."""
    if line is not None:
        err.line((line, "dim"))
