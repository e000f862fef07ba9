"""The stop-list: entities a project hides from every read, without re-extracting anything.

Hiding is done once per connection, in SQL: temporary views named ``mentions`` and
``entities`` leave out the hidden keys, and ``articles`` counts without them; SQLite reads an
unqualified name from the temporary schema first, so every read query (entities, search
--type, show, export, list's counts, --entity filters) sees the corpus without them. The
index file is not changed; the article text keeps the words (plain search still finds them)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from motorpme.models import COUNTED
from motorpme.read.sql import key_of

_HIDDEN = "h.key IN (SELECT key FROM temp.hidden_keys)"


def hide(db: sqlite3.Connection, names: Iterable[str]) -> int:
    """Hide the entities named in ``names`` (a canonical name, or any alias it was seen as,
    matched by its key as ``--entity`` is) from the reads on ``db``. Returns how many
    distinct entity keys are hidden; none leaves the connection untouched."""
    names = [n for n in names if n.strip()]
    keys = {key for key in map(key_of, names) if key}
    for name in names:  # an alias merged into another name: hide that name's key
        keys.update(
            key
            for (key,) in db.execute(
                "SELECT key FROM main.entities WHERE instr('|' || aliases || '|', ?) > 0",
                (f"|{name.strip()}|",),
            )
        )
    if not keys:
        return 0
    db.execute("CREATE TEMP TABLE IF NOT EXISTS hidden_keys (key TEXT PRIMARY KEY)")
    db.executemany("INSERT OR IGNORE INTO temp.hidden_keys VALUES (?)", [(k,) for k in keys])
    for table in ("mentions", "entities"):
        db.execute(
            f"CREATE TEMP VIEW IF NOT EXISTS {table} AS SELECT * FROM main.{table}"
            " WHERE key NOT IN (SELECT key FROM temp.hidden_keys)"
        )
    db.execute(
        f"CREATE TEMP VIEW IF NOT EXISTS articles AS SELECT {_counted(db)} FROM main.articles a"
    )
    return len(keys)


def _counted(db: sqlite3.Connection) -> str:
    """The articles' columns, their per-type mention counts less the hidden mentions."""
    columns = ["a.rowid AS rowid"]
    for (name,) in db.execute("SELECT name FROM pragma_table_info('articles', 'main')"):
        label = name.removeprefix("n_").upper()
        if name == "n_mentions" or (name.startswith("n_") and label in COUNTED):
            which = "" if name == "n_mentions" else f" AND h.label = '{label}'"
            columns.append(
                f"a.{name} - (SELECT count(*) FROM main.mentions h"
                f" WHERE h.article = a.rowid{which} AND {_HIDDEN}) AS {name}"
            )
        else:
            columns.append(f'a."{name}"')
    return ", ".join(columns)
