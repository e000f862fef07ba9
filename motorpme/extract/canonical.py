"""Canonical names for mentions within one article, and user alias files. Pure: no spaCy.

Two mentions share a canonical name when they name the same thing in the same article:
a surname alone and the full name it belongs to, a misspelling one letter off, "Mans"
and "Le Mans". The display name is the longest, then most frequent, full form.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from motorpme.errors import MotorpmeError
from motorpme.extract.mentions import DATE, LOC, MONEY, PER, replace
from motorpme.models import Mention

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "`": "'", "\u2018": "'"})
_DETERMINER = re.compile(r"^(?:(?:le|la|les|du|des|de|au|aux)\s+|[ld]')", re.I)
# Names too short to carry a one-letter typo safely ("Alès"/"Alex").
_TYPO_MIN_LEN = 6


@lru_cache(maxsize=65536)
def canonical_key(text: str) -> str:
    """The form two spellings of one name share: NFKC, casefold, no accents, no determiner."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    text = re.sub(r"\s+", " ", text).strip().casefold()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    text = re.sub(r"\s*'\s*", "'", text).strip(' .,;:!?«»"()[]')
    stripped = _DETERMINER.sub("", text, count=1)
    # "Le Mans" keeps its article: the name is "Le Mans", and "Mans" folds onto it below.
    if text.startswith("le mans"):
        return text
    return stripped or text


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one insertion, deletion or substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _display_names(mentions: list[Mention]) -> dict[tuple[str, str], str]:
    """(key, label) -> the most frequent surface form, preferring mixed case over all caps."""
    forms: dict[tuple[str, str], Counter[str]] = {}
    for m in mentions:
        group = (canonical_key(m.text), m.label)
        (forms.get(group) or forms.setdefault(group, Counter()))[m.text] += 1
    best = {}
    for group, counter in forms.items():
        best[group] = max(counter, key=lambda s: (not s.isupper(), counter[s], s))
    return best


def _merge_target(
    key: str, label: str, weight: Counter[tuple[str, str]], by_label: dict[str, list[str]]
) -> tuple[str, str] | None:
    """The longer or better-spelled name that ``key`` stands for, if the article has one.

    ``by_label`` lists the sorted keys of each label (built once per article)."""
    same_label = [k for k in by_label.get(label, ()) if k != key]
    if label == PER and " " not in key:
        full = [k for k in same_label if k.split(" ")[-1] == key]
        if len(full) == 1:
            return full[0], label
    if label == LOC and key == "mans" and ("le mans", label) in weight:
        return "le mans", label
    if len(key) >= _TYPO_MIN_LEN:
        for other in same_label:
            # The spelling the article uses more often (counting surname-only mentions) wins.
            if _one_edit(key, other) and (weight[(other, label)], key) > (
                weight[(key, label)],
                other,
            ):
                return other, label
    return None


def _weights(mentions: list[Mention]) -> Counter[tuple[str, str]]:
    """How often each (key, label) is used, a full name also counting its surname alone."""
    count = Counter((canonical_key(m.text), m.label) for m in mentions)
    weight: Counter[tuple[str, str]] = Counter()
    for key, label in count:
        weight[(key, label)] = count[(key, label)] + count[(key.split(" ")[-1], label)] * (
            " " in key
        )
    return weight


def assign_canonical(mentions: list[Mention]) -> list[Mention]:
    """Set ``canonical`` on every mention of one article (MONEY and DATE keep their text)."""
    names = _display_names(mentions)
    weight = _weights(mentions)
    by_label: dict[str, list[str]] = {}
    for key, label in sorted(weight):
        by_label.setdefault(label, []).append(key)
    resolved: dict[tuple[str, str], str] = {}
    for key, label in names:
        target = (key, label)
        for _ in range(3):  # surname -> misspelt full name -> preferred spelling
            step = _merge_target(target[0], label, weight, by_label)
            if step is None:
                break
            target = step
        # "au Mans", "du Mans": the town is Le Mans even when the article never spells it out.
        resolved[(key, label)] = "Le Mans" if target == ("mans", "LOC") else names[target]
    out = []
    for m in mentions:
        if m.label in (MONEY, DATE):
            out.append(replace(m, canonical=m.text))
        else:
            out.append(replace(m, canonical=resolved[(canonical_key(m.text), m.label)]))
    return out


def load_aliases(path: Path) -> dict[str, str]:
    """Read a user TSV of ``alias<TAB>canonical`` lines into {canonical_key(alias): canonical}.

    Blank lines and lines starting with ``#`` are skipped.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise MotorpmeError(
            f"cannot read alias file {path}: {err}", hint="give a UTF-8 text file"
        ) from None
    aliases: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != 2 or not all(parts):
            raise MotorpmeError(
                f"{path}:{number}: expected 'alias<TAB>canonical', got {line!r}",
                hint="one alias per line, a single tab between the alias and its canonical name",
            )
        aliases[canonical_key(parts[0])] = parts[1]
    return aliases
