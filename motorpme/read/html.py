"""A standalone HTML page of one article with its entities marked (no spaCy, no network)."""

from __future__ import annotations

from html import escape
from typing import Any

from motorpme.models import format_value

COLOURS = {
    "ORG": "#7aecec",
    "PER": "#aa9cfc",
    "LOC": "#ff9561",
    "MONEY": "#e4e7d2",
    "DATE": "#bfe1d9",
    "EVENT": "#ffeb80",
    "PRODUCT": "#bfeeb7",
    "MISC": "#e0e0e0",
}

_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font: 16px/1.7 system-ui, sans-serif; max-width: 48em; margin: 2em auto; padding: 0 1em; }}
mark {{ padding: .1em .3em; border-radius: .3em; }}
mark small {{ font-size: .65em; font-weight: bold; margin-left: .3em; }}
.meta {{ color: #555; }} .legend mark {{ margin-right: .5em; }}
</style></head><body>
<h1>{title}</h1>
<p class="meta">{meta}</p>
<p class="legend">{legend}</p>
<div class="text">{body}</div>
</body></html>
"""


def _mark(text: str, label: str, title: str = "") -> str:
    colour = COLOURS.get(label, "#ddd")
    tip = f' title="{escape(title)}"' if title else ""
    body = f"{escape(text)}<small>{escape(label)}</small>"
    return f'<mark style="background:{colour}"{tip}>{body}</mark>'


def article_html(doc: dict[str, Any]) -> str:
    """The article's clean text, every mention marked; all article text is HTML-escaped."""
    text, pos, parts = doc["text"], 0, []
    for ent in doc["entities"]:
        if ent["start"] < pos:  # overlapping mentions cannot nest in flat HTML: keep the first
            continue
        parts.append(escape(text[pos : ent["start"]]))
        tip = format_value(ent.get("value"), ent.get("currency"))
        parts.append(_mark(ent["text"], ent["label"], tip))
        pos = ent["end"]
    parts.append(escape(text[pos:]))
    body = "".join(parts).replace("\n\n", "</p><p>").replace("\n", "<br>")
    meta = " · ".join(
        f"{k} {escape(str(doc.get(k) or '—'))}" for k in ("id", "file", "date", "author")
    )
    return _PAGE.format(
        title=escape(doc.get("title") or doc["id"]),
        meta=meta,
        legend="".join(_mark(lab, lab) for lab in COLOURS),
        body=f"<p>{body}</p>",
    )
