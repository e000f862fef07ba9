"""Score extracted entities against a gold JSON Lines file (see the gold guidelines).

A port of the project's reference scorer (``gold/score.py``), kept line for line in its
logic so that ``motorpme evaluate`` prints the same numbers without needing that file.
Matching is per article, on the set of distinct (surface, label) pairs; surfaces are
compared after NFKC, case folding, apostrophe and space folding and removal of a leading
French determiner. A prediction matching a gold EVENT/PRODUCT/MISC surface, or an entry
marked ``optional`` (a name found only inside a longer one), is neutral;
a gold entry's ``alt`` labels are also accepted.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

from motorpme.errors import MotorpmeError
from motorpme.models import COUNTED, Label
from motorpme.read.articles import iter_documents

# The main labels, in the reference scorer's order (its tables and reports read in it).
SCORED = tuple(sorted(COUNTED, key=("PER", "ORG", "LOC", "MONEY", "DATE").index))
NEUTRAL = tuple(label.value for label in Label if label.value not in COUNTED)
_DETERMINER = re.compile(r"^(?:(?:le|la|les|du|des|de|au|aux)\s+|[ld]')", re.I)


def fold(text: str) -> str:
    """The surface form two mentions must share to match."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u02bc", "'").replace("`", "'")
    text = re.sub(r"\s+", " ", text).strip().casefold()
    text = text.strip(' .,;:!?«»"()[]')
    stripped = _DETERMINER.sub("", text, count=1)
    return stripped or text


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def value_matches(gold: dict, pred: dict) -> bool:
    """MONEY: same number (relative 1e-6) and currency; DATE: same ISO string."""
    if gold["label"] == "MONEY":
        g, p = _number(gold.get("value")), _number(pred.get("value"))
        if g is None or p is None or abs(g - p) > 1e-6 * max(1.0, abs(g)):
            return False
        return (gold.get("currency") or None) == (pred.get("currency") or None)
    return str(gold.get("value")) == str(pred.get("value"))


def load_gold(path: Path) -> dict[str, list[dict]]:
    """{article file name: gold entities} from a JSON Lines gold file."""
    gold = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise MotorpmeError(f"cannot read gold file {path}: {err}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            gold[Path(row["doc"]).name] = _entities(row["entities"])
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
            raise MotorpmeError(
                f"{path}:{number}: not a gold line ({err})",
                hint='each line is {"doc": FILE, "entities": [{"text": …, "label": …}, …]}',
            ) from None
    return gold


def _entities(entities: Any) -> list[dict]:
    """The gold entities of one line, each an object with a text and a label, or ValueError."""
    if not isinstance(entities, list):
        raise ValueError("'entities' is not a list")
    for entity in entities:
        if not isinstance(entity, dict) or not isinstance(entity.get("text"), str):
            raise ValueError(f"entity {str(entity)[:40]!r} is not an object with a text")
        if not isinstance(entity.get("label"), str):
            raise ValueError(f"entity {entity['text'][:40]!r} has no label")
    return entities


def _match_document(doc, gold_ents, pred_ents, tp, fp, fn, values, errors) -> None:
    wanted = {}  # folded surface -> gold entry (scored labels only)
    neutral = set()
    for g in gold_ents:
        key = fold(g["text"])
        if g["label"] in NEUTRAL or g.get("optional"):
            neutral.add(key)
        else:
            wanted[(key, g["label"])] = g
    found = {}
    for p in pred_ents:
        label = p.get("label")
        if label not in SCORED:
            continue
        found.setdefault((fold(p.get("text", "")), label), p)
    matched_gold = set()
    for (key, label), p in found.items():
        hit = None
        for (gkey, glabel), g in wanted.items():
            if gkey == key and (glabel == label or label in g.get("alt", [])):
                hit = (gkey, glabel)
                break
        if hit and hit not in matched_gold:
            matched_gold.add(hit)
            tp[hit[1]] += 1
            g = wanted[hit]
            if g["label"] in ("MONEY", "DATE") and g.get("value") is not None:
                values[g["label"]][1] += 1
                if value_matches(g, p):
                    values[g["label"]][0] += 1
                else:
                    errors["value"].append(
                        f"{doc}: {g['text']!r} gold={g.get('value')} {g.get('currency') or ''}"
                        f" pred={p.get('value')} {p.get('currency') or ''}"
                    )
        elif hit is None and any(k == key for k, _ in wanted):
            # right surface, wrong label: counts against precision
            fp[label] += 1
            errors["label"].append(f"{doc}: {p.get('text')!r} predicted {label}")
        elif hit is None and key not in neutral:
            fp[label] += 1
            errors["fp"].append(f"{doc}: {label} {p.get('text')!r}")
    for (gkey, glabel), g in wanted.items():
        if (gkey, glabel) not in matched_gold:
            fn[glabel] += 1
            errors["fn"].append(f"{doc}: {glabel} {g['text']!r}")


def score(gold: dict[str, list[dict]], pred: dict[str, list[dict]]) -> dict:
    """Per-label and overall ("ALL") precision, recall, F1, counts, value accuracy, errors."""
    tp, fp, fn = defaultdict(int), defaultdict(int), defaultdict(int)
    values = defaultdict(lambda: [0, 0])  # label -> [right, asked]
    errors = defaultdict(list)
    for doc, gold_ents in gold.items():
        _match_document(doc, gold_ents, pred.get(doc, []), tp, fp, fn, values, errors)
    report: dict[str, Any] = {}
    for label in (*SCORED, "ALL"):
        labels = SCORED if label == "ALL" else (label,)
        t = sum(tp[lab] for lab in labels)
        p_ = t + sum(fp[lab] for lab in labels)
        r_ = t + sum(fn[lab] for lab in labels)
        prec = t / p_ if p_ else 0.0
        rec = t / r_ if r_ else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        report[label] = {
            "p": round(prec, 4),
            "r": round(rec, 4),
            "f1": round(f1, 4),
            "tp": t,
            "fp": p_ - t,
            "fn": r_ - t,
        }
    for label, (right, asked) in values.items():
        report[label]["value_acc"] = round(right / asked, 4) if asked else None
    report["errors"] = dict(errors)
    return report


def score_index(db: sqlite3.Connection, gold: dict[str, list[dict]]) -> dict:
    """``score`` of every indexed article against ``gold`` (from ``load_gold``)."""
    pred = {Path(d["file"]).name: d["entities"] for d in iter_documents(db)}
    return score(gold, pred)
