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
from dataclasses import dataclass, replace

from motorpme.extract.clauses import (
    ARTICLE,
    PARTIES,
    apposed,
    between,
    bracketed,
    chain,
    is_party,
    subject,
    tied,
)
from motorpme.extract.cues import AFTER_GAP, CUE_GAP, CUES, Cue
from motorpme.extract.sentences import sentences
from motorpme.models import Mention

# The labels a link may point at: a giver or receiver (ORG, PER, LOC), or what the money is
# for (a circuit, an event, a product: LOC, EVENT, PRODUCT, MISC).
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


# What a purpose phrase may hold: words up to a clause's end (punctuation, a relative).
_PHRASE = r"(?:" + ARTICLE + r"\s*)?[a-zà-ÿ][\w'’-]*(?:\s+(?!qui\b|que\b|dont\b)[\w'’-]+){0,7}"
_TRAILING = re.compile(r"(?:\s+(?:de|du|des|d['’]|à|au|aux|et|en|le|la|les|l['’]|par))+$")
# "Avec un budget de", "Grâce à un investissement de": a sentence opening on the amount.
_FRONT = re.compile(
    r"\s*(?:avec|grâce à)\s+(?:un|une|son|sa|ses|leur|des|le|la|les)\s+(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
_FRONTED_RULE = {"investit": "avec un investissement de"}
# "le chiffre d'affaires global de la filière": the cue's noun says whose it is, and it is no
# name; the name before the noun is then no holder of it.
_COMPLEMENT = re.compile(r"\s*(?:[a-zà-ÿ]+\s+){0,2}?(?:de la|de l['’]|du|des|d['’])\s*[a-zà-ÿ]")
# A party never ends up in these roles when the name is no organisation, person or place.
_PARTY_ROLES = frozenset({"giver", "receiver", "holder", "beneficiary"})
# The roles only a party takes as a cue's subject; an event may cost, hold a budget, be
# bought or bring returns ("Le Grand Prix coûte", "Le Bol d'Or génère des retombées").
_GIVE_TAKE = frozenset({"giver", "receiver", "beneficiary"})
# "250 000 € HT (300 000 € TTC)": the amount in the parenthesis says the one before again.
_RESTATED = re.compile(r"\s*(?:HT|TTC|hors taxes)?\s*\(\s*(?:soit|environ)?\s*$", re.IGNORECASE)
SAME_AMOUNT = "même montant"


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
        own = _links_of(text, mentions, n, sentence)
        if not own and (said := _restates(text, mentions, n)) is not None:
            own = [
                replace(link, money=n, rule=f"{link.rule}, {SAME_AMOUNT}")
                for link in links
                if link.money == said
            ]
        links += own
    return links, where


def _restates(text: str, mentions: list[Mention], n: int) -> int | None:
    """The amount that the bracketed amount ``n`` says again, if it is one."""
    money = mentions[n]
    if n == 0 or bracketed(text, money, 0) is None:
        return None
    before = mentions[n - 1]
    if before.label != "MONEY" or not _RESTATED.fullmatch(text, before.end, money.start):
        return None
    return n - 1


class _Found:
    """The links of one amount, one role per name: the first rule's."""

    def __init__(self, mentions: list[Mention], n: int, sentence: tuple[int, int]) -> None:
        self.mentions, self.n, self.sentence = mentions, n, sentence
        self.links: dict[tuple[str, int | None, str], MoneyLink] = {}

    def keep(self, role: str, target: int | None, words: str, rule: str) -> None:
        label = PHRASE
        if target is not None:
            m = self.mentions[target]
            words, label = m.canonical or m.text, m.label
            if role in _PARTY_ROLES and not is_party(m):
                if role != "holder":
                    return
                role = "purpose"  # the budget of an event is what it is spent on
        if target is not None and any(t == target for _, t, _ in self.links):
            return
        link = MoneyLink(self.n, role, target, words, label, rule, self.sentence)
        self.links.setdefault((role, target, words), link)

    def has(self, role: str) -> bool:
        return any(r == role for r, _, _ in self.links)


def _links_of(
    text: str, mentions: list[Mention], n: int, sentence: tuple[int, int]
) -> list[MoneyLink]:
    money = mentions[n]
    lo, hi = sentence
    inside = [(k, m) for k, m in enumerate(mentions) if lo <= m.start and m.end <= hi]
    amounts = [m for _, m in inside if m.label == "MONEY" and m is not money]
    names = [(k, m) for k, m in inside if m.label in TARGETS]
    found = _Found(mentions, n, sentence)
    # An amount alone in a parenthesis reads as standing where the parenthesis opens, and
    # only the words before it tie it ("les recettes de la FFSA (0,7 M€)").
    opening = bracketed(text, money, lo)
    at = money.start if opening is None else opening
    for cue in CUES:
        if opening is not None and not cue.before:
            continue
        match = _nearest_cue(text, cue, (at, money.end), lo, hi, amounts)
        if match is None:
            continue
        _before_amount(text, cue, match, at, names, amounts, found)
        if cue.fronted and cue.before and _FRONT.match(text, lo, match[0]):
            hit = tied(text, names, ((",", cue.fronted),), money.end, min(hi, money.end + 40), 10)
            if hit is not None and is_party(mentions[hit[0]]):
                found.keep(hit[1], hit[0], "", _FRONTED_RULE.get(cue.name, f"avec un {cue.name}"))
        if cue.after and opening is None:
            _after_amount(text, cue, max(match[1], money.end), hi, names, amounts, found)
    return list(found.links.values())


def _before_amount(
    text: str,
    cue: Cue,
    match: tuple[int, int],
    at: int,
    names: list[tuple[int, Mention]],
    amounts: list[Mention],
    found: _Found,
) -> None:
    """The names the cue ties before the amount: between cue and amount, its object, and the
    subject before the cue (or before the amount, for a cue after it)."""
    cue_start, cue_end = match
    hits: list[tuple[int, str]] = []
    if cue.before and cue.between:
        hits = chain(text, names, cue.between, cue_end, at, 30)
        if hits and cue.then is not None:
            last = next(m for k, m in names if k == hits[-1][0])
            if not cue.then.fullmatch(text, last.end, at):
                return  # the noun ties its name, but the amount is not said to be theirs
    if cue.before and cue.object:
        hit = tied(text, names, (("", cue.object),), cue_end, at, 0)
        hits += [hit] if hit is not None else []
    for k, role in hits:
        found.keep(role, k, "", cue.name)
    if not cue.subject or any(role == cue.subject for _, role in hits):
        return
    if not hits and cue.before and cue.between and _COMPLEMENT.match(text, cue_end, at):
        return
    parties_only = cue.subject in _GIVE_TAKE
    k = subject(text, names, cue_start if cue.before else at, amounts, parties_only)
    if k is not None:
        found.keep(cue.subject, k, "", cue.name)


def _after_amount(
    text: str,
    cue: Cue,
    anchor: int,
    hi: int,
    names: list[tuple[int, Mention]],
    amounts: list[Mention],
    found: _Found,
) -> None:
    """The names (or a purpose phrase) a preposition of the cue leads after the amount."""
    anchor = _past_aside(text, anchor, hi)
    stop = min([hi, anchor + AFTER_GAP, *(m.start for m in amounts if m.start >= anchor)])
    starts = [anchor]  # and after each name found: "par le propriétaire (X) dans le circuit"
    for prep, role in cue.after:
        hit = next(
            (h for s in starts if (h := tied(text, names, ((prep, role),), s, stop, 30))), None
        )
        if hit is not None:
            found.keep(role, hit[0], "", cue.name)
            m = next(m for k, m in names if k == hit[0])
            starts.append(m.end if (head := apposed(text, names, m)) is None else head[1])
        elif role == "purpose" and not found.has("purpose"):
            words = _purpose_phrase(text, prep, anchor, stop)
            if words:
                found.keep(role, None, words, cue.name)


# "250 000 € HT (300 000 € TTC) du Conseil départemental": the same amount said again.
_ASIDE = re.compile(r"\s*(?:HT|TTC|hors taxes)?\s*\([^()]{0,40}\)", re.IGNORECASE)


def _past_aside(text: str, anchor: int, hi: int) -> int:
    """After the amount, a short parenthesis (the amount with or without tax) is stepped over."""
    match = _ASIDE.match(text, anchor, hi)
    return match.end() if match else anchor


def _purpose_phrase(text: str, prep: str, anchor: int, stop: int) -> str | None:
    """``pour refaire l'enrobé du circuit``: the words after ``prep`` to the clause's end.
    Only ``pour`` may lead a phrase with no article ("pour accueillir"); ``au`` leads none
    ("au total")."""
    if prep in ("au", "aux"):
        return None
    lead = "" if prep == "pour" else ARTICLE + r"\s*"
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
    text: str, cue: Cue, span: tuple[int, int], lo: int, hi: int, amounts: list[Mention]
) -> tuple[int, int] | None:
    """The cue's match closest to the amount (at ``start``, ``end``) on its side, with no
    other amount between."""
    start, end = span
    if cue.before:
        best = None
        for match in cue.pattern.finditer(text, max(lo, start - CUE_GAP - 40), start):
            gap = text[match.end() : start]
            if (
                len(gap) <= CUE_GAP
                and not between(amounts, match.end(), start)
                and not any(c in gap for c in ";()«»")
            ):
                best = (match.start(), match.end())
        return best
    match = cue.pattern.search(text, end, min(hi, end + CUE_GAP))
    if match is None or between(amounts, end, match.start()):
        return None
    if any(c in text[end : match.start()] for c in ";(),"):
        return None
    return match.start(), match.end()
