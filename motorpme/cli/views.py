"""Terminal views: the entity table, one article with its entities coloured, the progress bar."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from motorpme.cli.output import Part, emit_json, err, out, print_table
from motorpme.models import Label, format_value

if TYPE_CHECKING:
    from motorpme.index.update import Progress


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
        first = [f"{r['doc']}: …{r['context']}…"] if seen and "context" in r else []
        cells.append(
            [
                r["name"],
                r["label"],
                str(r["mentions"]),
                str(r["articles"]),
                format_value(r.get("value"), r.get("currency")),
                ", ".join(r["aliases"]),
                *first,
            ]
            + [""] * (len(seen) - len(first))
        )
    print_table(columns, cells, drop=("aliases", "first seen"))


def print_explained(found: list[dict[str, Any]], json: bool) -> None:
    """``entities --explain``: each entity named, then one row per alias: rule and proof."""
    if json:
        emit_json(found)
        return
    for n, entity in enumerate(found):
        if n:
            out.line("")
        count = len(entity["aliases"])
        out.line(
            (entity["name"], "bold"),
            f" {entity['label']}, {entity['mentions']} mention(s) in {entity['articles']}"
            f" article(s), {count} alias(es)",
        )
        if count:
            rows = [[a["alias"], a["rule"], a["proof"]] for a in entity["aliases"]]
            print_table([("alias", 1), ("rule", 1), ("proof", 3)], rows)


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
            f"id {doc['id']} · file {doc['file']} · date {_date(doc)}"
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
            format_value(e.get("value"), e.get("currency")),
        ]
        for e in doc["entities"]
    ]
    print_table([("entity", 1), ("type", 0), ("offsets", 0), ("value", 0)], cells, ("offsets",))
    if doc.get("copies"):
        out.line(("\ncopies of this story:", "bold"))
        for c in doc["copies"]:
            what = "representative" if c["representative"] else f"similarity {c['similarity']}"
            out.line(f"  {c['id']}  ", (what, "dim"))


def _date(doc: dict[str, Any]) -> str:
    """``2017-03-31 (header)``; an inferred year is never shown as stated: ``~2019 (inferred)``."""
    if not doc["date"]:
        return "—"
    mark = "~" if doc.get("date_source") == "inferred" else ""
    source = f" ({doc['date_source']})" if doc.get("date_source") else ""
    return f"{mark}{doc['date']}{source}"


def progress(steps: Iterator[Progress], total: int) -> Iterator[Progress]:
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


def print_scores(report: dict[str, Any], errors: bool) -> None:
    """The P/R/F1 table of ``evaluate``; with ``errors``, the misses and false alarms."""
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


def print_by_article(rows: list[dict[str, Any]], json: bool) -> None:
    """``entities --by-article``: each article, then its entities, most mentioned first."""
    if json:
        return emit_json(rows)
    for r in rows:
        out.line((r["id"], "bold cyan"), f" {r['date'] or '—'}  ", (r["title"] or "", "bold"))
        for e in r["entities"]:
            out.line(f"   {e['label']:7} {e['mentions']:3}  {e['name']}")
