"""Relations read from one sentence by rules: who gives, receives or holds an amount and
what it is for (``money_links``), and who holds which role in which organisation
(``role_triples``, in ``roles.py``).

Pure rules over the article text and its final mentions (no spaCy): the index computes them
when it writes an article and stores them, so reads never extract. Every link names the
rule that made it; an amount and a name that share a sentence with no cue between them stay
unlinked.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from motorpme.extract.cues import AFTER_GAP, CUE_GAP, CUES, SUBJECT_GAP, Cue
from motorpme.extract.sentences import sentences
from motorpme.models import Mention

# The labels a link may point at: a giver or receiver (ORG, PER, LOC), or what the money is
# for (a circuit, an event, a product: LOC, EVENT, PRODUCT, MISC).
PARTIES = frozenset({"ORG", "PER", "LOC"})
TARGETS = PARTIES | {"EVENT", "PRODUCT", "MISC"}
# What a role phrase of a purpose stands for when the sentence names no entity there.
PHRASE = "PHRASE"


@dataclass(frozen=True, slots=True)
class MoneyLink:
    """``money`` and ``target`` index the article's mentions (``target`` None: a phrase of the
    sentence, ``text``); ``sentence`` is the proof's (start, end) in the article text."""

    money: int
    role: str
    target: int | None
    text: str
    label: str
    rule: str
    sentence: tuple[int, int]


# Between a preposition and its name: an article and at most four common words ending in
# de/du ("dans la rénovation du" circuit Paul-Ricard).
_DE = r"(?:de la|de l['’]|du|des|de|d['’])"
_ARTICLE = r"(?:le|la|les|l['’]|un|une|des|son|sa|ses|leur|leurs|ce|cette|ces)"
_NOUN_GROUP = r"(?:" + _ARTICLE + r"\s*)?(?:(?:[a-zà-ÿ][\w'’-]*\s+){0,4}?(?:" + _DE + r"\s*)?)?"
# What a purpose phrase may hold: words up to a clause's end (punctuation, a relative).
_PHRASE = r"(?:" + _ARTICLE + r"\s*)?[a-zà-ÿ][\w'’-]*(?:\s+(?!qui\b|que\b|dont\b)[\w'’-]+){0,7}"
_TRAILING = re.compile(r"(?:\s+(?:de|du|des|d['’]|à|au|aux|et|en|le|la|les|l['’]|par))+$")
# "Avec un budget de", "Grâce à un investissement de": a sentence opening on the amount.
_FRONT = re.compile(
    r"\s*(?:avec|grâce à)\s+(?:un|une|son|sa|ses|leur|des|le|la|les)\s+(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
_FRONTED_RULE = {"investit": "avec un investissement de"}
# A party never ends up in these roles when the name is no organisation, person or place.
_PARTY_ROLES = frozenset({"giver", "receiver", "holder", "beneficiary"})


@lru_cache(maxsize=256)
def _lead(prep: str, slack: int) -> re.Pattern[str]:
    """The text from an anchor to a name that ``prep`` leads: a few words, the preposition,
    a noun group (``pour la rénovation du``)."""
    edge = r"(?<![\w'’-])" if prep[:1].isalpha() else ""  # a word, not a comma
    return re.compile(
        rf"[^.;:()«»]{{0,{slack}}}?{edge}{re.escape(prep)}(?![\w-])\s*{_NOUN_GROUP}$",
        re.IGNORECASE,
    )


def money_links(text: str, mentions: list[Mention]) -> tuple[list[MoneyLink], dict[int, tuple]]:
    """The links of every MONEY mention, and each MONEY mention's sentence (its proof)."""
    spans = sentences(text)
    starts = [s for s, _ in spans]
    links: list[MoneyLink] = []
    where: dict[int, tuple[int, int]] = {}
    for n, m in enumerate(mentions):
        if m.label != "MONEY":
            continue
        i = bisect_right(starts, m.start) - 1
        sentence = spans[i] if i >= 0 and spans[i][1] >= m.end else (m.start, m.end)
        where[n] = sentence
        links += _links_of(text, mentions, n, sentence)
    return links, where


def _links_of(
    text: str, mentions: list[Mention], n: int, sentence: tuple[int, int]
) -> list[MoneyLink]:
    money = mentions[n]
    lo, hi = sentence
    inside = [(k, m) for k, m in enumerate(mentions) if lo <= m.start and m.end <= hi]
    amounts = [m for _, m in inside if m.label == "MONEY" and m is not money]
    names = [(k, m) for k, m in inside if m.label in TARGETS]
    found: dict[tuple[str, int | None, str], MoneyLink] = {}

    def keep(role: str, target: int | None, words: str, rule: str) -> None:
        label = PHRASE
        if target is not None:
            m = mentions[target]
            words, label = m.canonical or m.text, m.label
            if role in _PARTY_ROLES and label not in PARTIES:
                if role != "holder":
                    return
                role = "purpose"  # the budget of an event is what it is spent on
        if target is not None and any(t == target for _, t, _ in found):
            return  # one role per name and amount: the first rule's
        found.setdefault(
            (role, target, words), MoneyLink(n, role, target, words, label, rule, sentence)
        )

    for cue in CUES:
        match = _nearest_cue(text, cue, money, lo, hi, amounts)
        if match is None:
            continue
        cue_start, cue_end = match
        tied = None
        if cue.before and cue.between:
            tied = _tied(text, names, cue.between, cue_end, money.start, 30)
        if tied is not None:
            keep(tied[1], tied[0], "", cue.name)
        if cue.subject and (tied is None or tied[1] != cue.subject):
            k = _subject(text, names, cue_start if cue.before else money.start, lo, amounts)
            if k is not None:
                keep(cue.subject, k, "", cue.name)
        if cue.fronted and cue.before and _FRONT.match(text, lo, cue_start):
            hit = _tied(text, names, ((",", cue.fronted),), money.end, min(hi, money.end + 40), 10)
            if hit is not None and mentions[hit[0]].label in PARTIES:
                keep(hit[1], hit[0], "", _FRONTED_RULE.get(cue.name, f"avec un {cue.name}"))
        if cue.after:
            anchor = _past_aside(text, max(cue_end, money.end), hi)
            stop = min([hi, anchor + AFTER_GAP, *(m.start for m in amounts if m.start >= anchor)])
            for prep, role in cue.after:
                hit = _tied(text, names, ((prep, role),), anchor, stop, 30)
                if hit is not None:
                    keep(role, hit[0], "", cue.name)
                elif role == "purpose" and not any(r == "purpose" for r, _, _ in found):
                    words = _purpose_phrase(text, prep, anchor, stop)
                    if words:
                        keep(role, None, words, cue.name)
    return list(found.values())


# "250 000 € HT (300 000 € TTC) du Conseil départemental": the same amount said again.
_ASIDE = re.compile(r"\s*(?:HT|TTC|hors taxes)?\s*\([^()]{0,40}\)", re.IGNORECASE)


def _past_aside(text: str, anchor: int, hi: int) -> int:
    """After the amount, a short parenthesis (the amount with or without tax) is stepped over."""
    match = _ASIDE.match(text, anchor, hi)
    return match.end() if match else anchor


def _tied(
    text: str,
    names: list[tuple[int, Mention]],
    preps: tuple[tuple[str, str], ...],
    start: int,
    stop: int,
    slack: int,
) -> tuple[int, str] | None:
    """The first name within [start, stop) that one of ``preps`` leads, and its role."""
    for k, m in names:
        if start <= m.start and m.end <= stop:
            for prep, role in preps:
                if _lead(prep, slack).match(text, start, m.start):
                    return k, role
    return None


def _purpose_phrase(text: str, prep: str, anchor: int, stop: int) -> str | None:
    """``pour refaire l'enrobé du circuit``: the words after ``prep`` to the clause's end.
    Only ``pour`` may lead a phrase with no article ("pour accueillir"); ``au`` leads none
    ("au total")."""
    if prep in ("au", "aux"):
        return None
    lead = "" if prep == "pour" else _ARTICLE + r"\s*"
    match = re.compile(
        r"[^.;:()«»]{0,30}?(?<![\w'’-])"
        + re.escape(prep)
        + r"\s+(?="
        + lead
        + ")("
        + _PHRASE
        + ")",
        re.IGNORECASE,
    ).match(text, anchor, stop + 40)
    if match is None:
        return None
    words = _TRAILING.sub("", " ".join(match.group(1).split())).strip(" ,")
    return words or None


def _nearest_cue(
    text: str, cue: Cue, money: Mention, lo: int, hi: int, amounts: list[Mention]
) -> tuple[int, int] | None:
    """The cue's match closest to the amount on its side, with no other amount between."""
    if cue.before:
        best = None
        for match in cue.pattern.finditer(text, max(lo, money.start - CUE_GAP - 40), money.start):
            gap = text[match.end() : money.start]
            if (
                len(gap) <= CUE_GAP
                and not _between(amounts, match.end(), money.start)
                and not any(c in gap for c in ";()«»")
            ):
                best = (match.start(), match.end())
        return best
    match = cue.pattern.search(text, money.end, min(hi, money.end + CUE_GAP))
    if match is None or _between(amounts, money.end, match.start()):
        return None
    if any(c in text[money.end : match.start()] for c in ";(),"):
        return None
    return match.start(), match.end()


def _between(amounts: list[Mention], start: int, end: int) -> bool:
    return any(start <= m.start and m.end <= end for m in amounts)


def _subject(
    text: str, names: list[tuple[int, Mention]], before: int, lo: int, amounts: list[Mention]
) -> int | None:
    """The nearest party before ``before``; an aside between two commas is stepped over
    ("Le Département, présidé par X, investit"), a clause end or another amount is not."""
    for k, m in reversed(names):
        if m.end > before or m.label not in PARTIES:
            continue
        gap = text[m.end : before]
        if (
            before - m.end > SUBJECT_GAP
            or any(c in gap for c in ';:()«»"“”')
            or _between(amounts, m.end, before)
        ):
            return None
        if gap.count(",") % 2 == 0 and not re.search(r"\b(?:qui|que|dont|et|mais)\b", gap):
            return k
    return None
