"""``report --html``: one self-contained page (no network at view time) with the corpus
overview, the top entities per type, the timeline as a chart, the network as a picture, the
strongest pairs and the largest amounts with their proofs; each row links to the article's
own page (``show --html``), written in a folder beside the report.

Everything shown is HTML-escaped; pictures are PNG data URIs (``charts``)."""

from __future__ import annotations

import sqlite3
from html import escape
from typing import Any
from urllib.parse import quote

from motorpme.models import COUNTED, format_value
from motorpme.read.entities import entities
from motorpme.read.kwic import kwic
from motorpme.read.network import network, proof_line
from motorpme.read.scope import EVERYTHING, Scope
from motorpme.read.sql import where_clause
from motorpme.read.timeline import timeline
from motorpme.text import unpack

TOP = 10  # entities per type
PAIRS = 40  # pairs drawn; the table lists the first 15
AMOUNTS = 15

_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em; }}
table {{ border-collapse: collapse; margin: .5em 0 1.5em; }}
th, td {{ text-align: left; padding: .2em .6em; border-bottom: 1px solid #ddd; }}
td {{ vertical-align: top; }}
td.n {{ text-align: right; }} .proof {{ color: #444; font-size: .9em; }}
.types {{ display: flex; gap: 2em; flex-wrap: wrap; }} img {{ max-width: 100%; }}
</style></head><body>
<h1>{title}</h1>
{body}
</body></html>
"""


def report_html(
    db: sqlite3.Connection, pages: str, scope: Scope = EVERYTHING, title: str = "motorpme report"
) -> tuple[str, set[str]]:
    """The report page, and the ids of the articles it links to: their pages are expected in
    the folder ``pages`` (a path relative to the report)."""
    from motorpme.read.charts import network_picture, timeline_chart

    linked: set[str] = set()

    def link(doc_id: str) -> str:
        linked.add(doc_id)
        return f'<a href="{escape(quote(pages))}/{escape(quote(doc_id))}.html">{escape(doc_id)}</a>'

    periods = timeline(db, scope=scope)
    edges = network(db, limit=PAIRS, scope=scope)
    body = [
        _overview(db, scope),
        _top_entities(db, scope),
        "<h2>Timeline</h2>",
        f'<img id="timeline" alt="articles and mentions by year" src="{timeline_chart(periods)}">'
        if periods
        else "<p>No article.</p>",
        "<h2>Network</h2>",
        f'<img id="network" alt="entities that share sentences" src="{network_picture(edges)}">'
        if edges
        else "<p>No pair of entities shares a sentence.</p>",
        _pairs_table(edges[:15], link),
        _amounts_table(db, scope, link),
    ]
    return _PAGE.format(title=escape(title), body="\n".join(body)), linked


def _overview(db: sqlite3.Connection, scope: Scope) -> str:
    where, args = where_clause(*scope.parts(db))
    sums = ", ".join(f"sum(a.n_{label.lower()})" for label in COUNTED)
    row = db.execute(
        f"SELECT count(*), min(a.date), max(a.date), sum(a.words), {sums} FROM articles a {where}",
        args,
    ).fetchone()
    count, first, last, words, *by_label = (value or 0 for value in row)
    mentions = ", ".join(f"{n} {label}" for label, n in zip(COUNTED, by_label, strict=True))
    return (
        "<h2>Corpus</h2><p>"
        f"{count} articles, {words} words, dated {escape(str(first or '—'))} to "
        f"{escape(str(last or '—'))}. Mentions: {escape(mentions)}.</p>"
    )


def _top_entities(db: sqlite3.Connection, scope: Scope) -> str:
    blocks = []
    for label in ("PER", "ORG", "LOC"):
        rows = entities(db, label, "articles", scope, TOP)
        cells = "".join(
            f"<tr><td>{escape(r['name'])}</td><td class=n>{r['articles']}</td>"
            f"<td class=n>{r['mentions']}</td></tr>"
            for r in rows
        )
        blocks.append(
            f"<div><h3>{label}</h3><table><tr><th>entity</th><th>articles</th>"
            f"<th>mentions</th></tr>{cells}</table></div>"
        )
    return f'<h2>Top entities</h2><div class="types">{"".join(blocks)}</div>'


def _pairs_table(edges: list[dict[str, Any]], link: Any) -> str:
    rows = "".join(
        f"<tr><td>{escape(e['source'])}</td><td>{escape(e['target'])}</td>"
        f"<td class=n>{e['weight']}</td><td class=n>{e['sentences']}</td>"
        f"<td>{link(e['doc'])}</td><td class=proof>{escape(e['proof'])}</td></tr>"
        for e in edges
        if "doc" in e
    )
    return (
        "<h3>Strongest pairs</h3><table><tr><th>entity</th><th>with</th><th>articles</th>"
        f"<th>sentences</th><th>article</th><th>proof</th></tr>{rows}</table>"
    )


def largest_amounts(
    db: sqlite3.Connection, scope: Scope = EVERYTHING, limit: int = AMOUNTS
) -> list[dict[str, Any]]:
    """The largest amounts of scope (MONEY mentions with a value, by value), each with its
    article, a proof line, and what it is linked to when the index has ``money_links``."""
    where, args = where_clause(("m.label = 'MONEY' AND m.value IS NOT NULL", []), *scope.parts(db))
    found = db.execute(
        "SELECT a.id, a.date, a.text, m.article, m.seq, m.text, m.value, m.currency,"
        f' m.start, m."end" FROM mentions m JOIN articles a ON a.rowid = m.article {where}'
        " ORDER BY CAST(m.value AS REAL) DESC, a.date, a.id LIMIT ?",
        [*args, limit],
    ).fetchall()
    has_links = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'money_links'"
    ).fetchone()
    rows = []
    for doc_id, date, text, rowid, seq, said, value, currency, start, end in found:
        text = unpack(text)
        line = kwic(text, [(start, end)], 12)[0]
        row = {
            "doc": doc_id,
            "date": date,
            "text": said,
            "value": value,
            "currency": currency,
            "proof": f"…{line['left']}[{line['match']}]{line['right']}…",
            "links": [],
        }
        if has_links:
            row["links"] = _links(db, rowid, seq, text, start, end, row)
        rows.append(row)
    return rows


def _links(
    db: sqlite3.Connection, rowid: int, seq: int, text: str, start: int, end: int, row: dict
) -> list[str]:
    """``role: target`` of each stored link of the amount; its sentence becomes the proof."""
    links = db.execute(
        "SELECT role, target_text, sent_start, sent_end FROM money_links"
        " WHERE article = ? AND mention_seq = ?",
        (rowid, seq),
    ).fetchall()
    if links:
        s, e = links[0][2], links[0][3]
        row["proof"] = proof_line(text[s:e], [(start - s, end - s)], context=400)
    return [f"{role}: {target}" for role, target, *_ in links]


def _amounts_table(db: sqlite3.Connection, scope: Scope, link: Any) -> str:
    rows = "".join(
        f"<tr><td class=n>{escape(format_value(r['value'], r['currency']))}</td>"
        f"<td>{escape(r['text'])}</td><td>{escape(r['date'] or '—')}</td>"
        f"<td>{link(r['doc'])}</td><td>{escape('; '.join(r['links']))}</td>"
        f"<td class=proof>{escape(r['proof'])}</td></tr>"
        for r in largest_amounts(db, scope)
    )
    return (
        "<h2>Largest amounts</h2><table><tr><th>value</th><th>as written</th><th>date</th>"
        f"<th>article</th><th>links</th><th>proof</th></tr>{rows}</table>"
    )
