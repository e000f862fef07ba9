"""Issue 16's figures: the index size against the raw text, and search p50 at 10,000
articles against the figure before stemmed search (README, 2026-11-23).

Stemmed search stores no column of stems: a query word is widened through the FTS5
vocabulary to the indexed words of its stem, so the index holds the words once. The size
here says what the index costs per byte of article text, and how much of it is the FTS5
index that stemmed search reads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SEARCH_P50_BEFORE = {"10000": 0.214}  # s, `search Alpine`, README figures of 2026-11-23
FTS_TABLES = ("fts", "fts_data", "fts_idx", "fts_content", "fts_docsize", "fts_config")


def index_size(index: Path, text_bytes: int) -> dict:
    """The index file (with its WAL) in MB, its ratio to the corpus's raw text, and the share
    of the FTS5 tables (from SQLite's dbstat, when this build has it)."""
    size = sum(p.stat().st_size for p in (index, Path(f"{index}-wal")) if p.exists())
    figures = {
        "index_mb": round(size / 1e6, 2),
        "text_mb": round(text_bytes / 1e6, 2),
        "x_text": round(size / text_bytes, 2) if text_bytes else None,
    }
    with sqlite3.connect(index) as db:
        try:
            marks = ",".join("?" * len(FTS_TABLES))
            (fts,) = db.execute(
                f"SELECT sum(pgsize) FROM dbstat WHERE name IN ({marks})", FTS_TABLES
            ).fetchone()
        except sqlite3.OperationalError:  # no dbstat in this SQLite
            fts = None
        try:
            tables = db.execute(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
            ).fetchall()
        except sqlite3.OperationalError:
            tables = []
    if fts and text_bytes:
        figures["fts_mb"], figures["fts_x_text"] = round(fts / 1e6, 2), round(fts / text_bytes, 2)
    if tables and text_bytes:  # what each table and index costs per byte of article text
        figures["tables_x_text"] = {name: round(n / text_bytes, 3) for name, n in tables}
    return figures


def targets(results: dict) -> list[tuple[str, float | None, str, bool | None]]:
    """Search p50 against the figure before stemmed search (within 1.2x), where measured;
    the index within 3x the raw text at 100,000 articles (issue 20)."""
    rows: list[tuple[str, float | None, str, bool | None]] = []
    for size, f in results.get("index_size", {}).items():
        if size == "100000" and f["x_text"] is not None:
            rows.append((f"index {size}: size / raw text", f["x_text"], "<= 3", f["x_text"] <= 3))
    for size, before in SEARCH_P50_BEFORE.items():
        search = results["reads"].get(size, {}).get("search Alpine")
        if search:
            x = round(search["p50"] / before, 2)
            rows.append(
                (f"read {size}: search p50 / before stems ({before} s)", x, "<= 1.2", x <= 1.2)
            )
    return rows


def lines(results: dict) -> list[str]:
    """The index size table."""
    rows = [
        "",
        f"{'index size':<12}{'index MB':>10}{'text MB':>9}{'x text':>8}{'fts MB':>8}{'x text':>8}",
    ]
    for size, f in results.get("index_size", {}).items():
        rows.append(
            f"{size:<12}{f['index_mb']:>10}{f['text_mb']:>9}{f['x_text']!s:>8}"
            f"{f.get('fts_mb', '-')!s:>8}{f.get('fts_x_text', '-')!s:>8}"
        )
    for size, f in results.get("index_size", {}).items():
        big = [(n, x) for n, x in f.get("tables_x_text", {}).items() if x >= 0.01]
        if big:
            rows.append(f"{size} per table (x text): " + ", ".join(f"{n} {x}" for n, x in big))
    return rows
