"""Keyword-in-context lines: a hit with the words around it."""

from __future__ import annotations

import re
from typing import Any

_SPACES = re.compile(r"\s+")


def kwic(
    text: str, spans: list[tuple[int, int]], context: int = 8, hits: int = 5
) -> list[dict[str, Any]]:
    """Keyword-in-context lines: ``context`` words either side of each span, spacing kept
    (``left`` ends and ``right`` starts with the text's own space or punctuation)."""
    lines = []
    for start, end in spans[:hits]:
        before = text[max(0, start - 30 * context - 30) : start]
        after = text[end : end + 30 * context + 30]
        # Word starts before the hit, the last one being the hit's own head when it starts
        # mid-word (or the empty word after a trailing space).
        starts = [0, *(m.end() for m in _SPACES.finditer(before))]
        left = before[starts[-context - 1] if len(starts) > context else 0 :] if context else ""
        right = re.match(rf"\S*(?:\s+\S+){{0,{context}}}", after).group() if context else ""
        lines.append(
            {
                "left": " ".join(left.split()) + (" " if left[-1:].isspace() else ""),
                "match": " ".join(text[start:end].split()),
                "right": (" " if right[:1].isspace() else "") + " ".join(right.split()),
                "start": start,
                "end": end,
            }
        )
    return lines
