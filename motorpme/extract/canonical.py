"""Canonical names for mentions within one article, and user alias files. Pure: no spaCy.

Two mentions share a canonical name when they name the same thing in the same article:
a surname alone and the full name it belongs to, a misspelling one letter off, "Mans"
and "Le Mans". The display name is the longest, then most frequent, full form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from motorpme.errors import MotorpmeError
from motorpme.extract.mentions import DATE, LOC, MONEY, PER, new_mention
from motorpme.models import Mention
from motorpme.text import fold

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "`": "'", "\u2018": "'"})
_DETERMINER = re.compile(r"^(?:(?:le|la|les|du|des|de|au|aux)\s+|[ld]')", re.I)
# Names too short to carry a one-letter typo safely ("Alès"/"Alex").
_TYPO_MIN_LEN = 6


# Spelling variants of one name, on the folded key: a legal form after a company's name,
# "circuit de X" / "X circuit" for "circuit X", and the commune after a circuit's own name
# ("circuit Paul Ricard du Castellet", "circuit Bugatti du Mans").
_LEGAL_FORM = re.compile(r"(?<=\w) (?:sas|sasu|sarl|sa|eurl|snc|sca|gmbh|ltd|inc|srl|spa)$")
_SITE = r"(?:circuit|autodrome)"
_SITE_OF = re.compile(rf"^({_SITE}) (?:de la |de l'|de |du |des |d')")
_SITE_LAST = re.compile(rf"^(.+) ({_SITE})$")
_SITE_PLACE = re.compile(rf"^({_SITE} \w[\w' ]*?) (?:de la |de l'|de |du |d')[\w' ]+$")


@lru_cache(maxsize=65536)
def canonical_key(text: str) -> str:
    """The form two spellings of one name share: NFKC, folded (``text.fold``), no determiner,
    a hyphen read as a space, and the variants above."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    text = fold(re.sub(r"\s+", " ", text).strip())
    text = re.sub(r"\s*'\s*", "'", text).strip(' .,;:!?«»"()[]')
    stripped = _DETERMINER.sub("", text, count=1)
    # "Le Mans" keeps its article: the name is "Le Mans", and "Mans" folds onto it below.
    key = text if text.startswith("le mans") else (stripped or text)
    return _variant(re.sub(r"\s*-\s*", " ", key))


def _variant(key: str) -> str:
    key = _LEGAL_FORM.sub("", key)
    key = _SITE_OF.sub(r"\1 ", key)
    key = _SITE_LAST.sub(r"\2 \1", key)
    # A circuit named after a person or a brand keeps that name without its commune.
    return _SITE_PLACE.sub(r"\1", key)


def one_edit(a: str, b: str) -> bool:
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


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return re.sub(r"\s*'\s*", "'", re.sub(r"\s+", " ", text)).strip(' .,;:!?«»"()[]')


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


_ANYCASE = [re.compile(p.pattern, re.I) for p in (_LEGAL_FORM, _SITE_OF, _SITE_LAST, _SITE_PLACE)]
# The steps of ``canonical_key``, by the name ``entities --explain`` gives them.
_STEPS = (
    ("case", str.casefold),
    ("accents", _unaccented),
    ("hyphen", lambda t: re.sub(r"\s*-\s*", " ", t)),
    ("determiner", lambda t: t if t.casefold().startswith("le mans") else _DETERMINER.sub("", t)),
    ("legal form", lambda t: _ANYCASE[0].sub("", t)),
    ("circuit form", lambda t: _ANYCASE[2].sub(r"\2 \1", _ANYCASE[1].sub(r"\1 ", t))),
    ("trailing commune", lambda t: _ANYCASE[3].sub(r"\1", t)),
)


def spelling_rules(a: str, b: str) -> list[str]:
    """Which of the variant rules two spellings of one key need to meet ("case", "accents",
    "hyphen", "determiner", "legal form", "circuit form", "trailing commune"): a rule is
    named when the two still differ without it. "spacing" when only blanks, quotes or
    punctuation differ."""

    def through(text: str, skip: str) -> str:
        text = _plain(text)
        for name, step in _STEPS:
            text = text if name == skip else step(text)
        return text

    if _plain(a) == _plain(b):
        return ["spacing"] if a != b else []
    needed = [name for name, _ in _STEPS if through(a, name) != through(b, name)]
    return needed or ["spacing"]


def _forms(mentions: list[Mention], keys: list[str]) -> dict[tuple[str, str], dict[str, int]]:
    """(key, label) -> how often each surface form is used, groups in text order."""
    forms: dict[tuple[str, str], dict[str, int]] = {}
    for m, key in zip(mentions, keys, strict=True):
        counts = forms.get(group := (key, m.label))
        if counts is None:
            forms[group] = {m.text: 1}
        else:
            counts[m.text] = counts.get(m.text, 0) + 1
    return forms


def _display_name(counts: dict[str, int]) -> str:
    """The most frequent surface form, preferring mixed case over all caps."""
    if len(counts) == 1:
        return next(iter(counts))
    return max(counts, key=lambda s: (not s.isupper(), counts[s], s))


def _weights(forms: dict[tuple[str, str], dict[str, int]]) -> dict[tuple[str, str], int]:
    """How often each (key, label) is used, a full name also counting its surname alone."""
    count = {group: sum(counts.values()) for group, counts in forms.items()}
    return {
        (key, label): n + count.get((key.rsplit(" ", 1)[-1], label), 0) if " " in key else n
        for (key, label), n in count.items()
    }


class _Targets:
    """The longer or better-spelled name a key stands for, if the article has one; each
    (key, label) looked up once however many chains pass through it."""

    def __init__(self, weight: dict[tuple[str, str], int]) -> None:
        self.weight = weight
        self.by_label: dict[str, list[str]] = {}  # sorted keys: the first candidate wins
        for key, label in sorted(weight):
            self.by_label.setdefault(label, []).append(key)
        self.full_names: dict[str, list[str]] = {}  # a person's last word -> their keys
        for key in self.by_label.get(PER, ()):
            self.full_names.setdefault(key.split(" ")[-1], []).append(key)
        self.known: dict[tuple[str, str], tuple[str, str] | None] = {}

    def __call__(self, key: str, label: str) -> tuple[str, str] | None:
        if (key, label) not in self.known:
            self.known[(key, label)] = self._find(key, label)
        return self.known[(key, label)]

    def _find(self, key: str, label: str) -> tuple[str, str] | None:
        if len(self.by_label[label]) == 1:  # every rule needs another name of the label
            return None
        if label == PER and " " not in key:
            full = [k for k in self.full_names.get(key, ()) if k != key]
            if len(full) == 1:
                return full[0], label
        if label == LOC and key == "mans" and ("le mans", label) in self.weight:
            return "le mans", label
        if len(key) >= _TYPO_MIN_LEN:
            size, mine = len(key), self.weight[(key, label)]
            for other in self.by_label[label]:
                # The spelling the article uses more often (counting surname-only mentions)
                # wins. (The length test is one_edit's first, without the call.)
                if (
                    -1 <= len(other) - size <= 1
                    and one_edit(key, other)
                    and (self.weight[(other, label)], key) > (mine, other)
                ):
                    return other, label
        return None


def assign_canonical(mentions: list[Mention]) -> list[Mention]:
    """Set ``canonical`` on every mention of one article (MONEY and DATE keep their text)."""
    keys = [canonical_key(m.text) for m in mentions]
    forms = _forms(mentions, keys)
    targets = _Targets(_weights(forms))
    resolved: dict[tuple[str, str], str] = {}
    for key, label in forms:
        if label in (MONEY, DATE):
            continue
        target = (key, label)
        for _ in range(3):  # surname -> misspelt full name -> preferred spelling
            step = targets(*target)
            if step is None:
                break
            target = step
        # "au Mans", "du Mans": the town is Le Mans even when the article never spells it out.
        resolved[(key, label)] = (
            "Le Mans" if target == ("mans", "LOC") else _display_name(forms[target])
        )
    return [
        new_mention(
            m.text,
            m.label,
            m.start,
            m.end,
            m.text if m.label in (MONEY, DATE) else resolved[(key, m.label)],
            m.value,
            m.currency,
        )
        for m, key in zip(mentions, keys, strict=True)
    ]


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
