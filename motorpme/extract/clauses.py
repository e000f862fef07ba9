"""Where a name stands from a cue in its sentence, for ``relations.py``: led by a preposition
(``pour la rénovation du`` circuit X), the subject before a verb (past an aside between
commas, or a relative ``X, qui a investi``), a name in apposition in a parenthesis (``le
propriétaire (la société X)``), an amount alone in a parenthesis. Pure rules over the text
and the sentence's mentions (no spaCy)."""

from __future__ import annotations

import re
from functools import lru_cache

from motorpme.models import Mention

# The labels of a giver, receiver or holder.
PARTIES = frozenset({"ORG", "PER", "LOC"})
# Between a preposition and its name: an article and at most four common words ending in
# de/du ("dans la rénovation du" circuit Paul-Ricard).
DE = r"(?:de la|de l['’]|du|des|de|d['’])"
ARTICLE = r"(?:le|la|les|l['’]|un|une|des|son|sa|ses|leur|leurs|ce|cette|ces)"
_NOUN_GROUP = r"(?:" + ARTICLE + r"\s*)?(?:(?:[a-zà-ÿ][\w'’-]*\s+){0,4}?(?:" + DE + r"\s*)?)?"
SUBJECT_GAP = 100
# A name the model took for an event or a product that an organisation's word opens
# ("Syndicat mixte du circuit", "Communauté de communes de X"): a party all the same.
_ORG_HEAD = re.compile(
    r"(?:(?:le|la|les|l['’])\s*)?(?:Syndicat|Conseil|Communauté|Association|Fédération|Société|"
    r"Département|Région|Ville|Commune|Mairie|Métropole|Groupe|Club|Comité|Agence|Chambre|"
    r"Office|Automobile[- ]Club|Collectivité|Caisse|Banque|Fondation|Union|Ligue|Écurie|"
    r"Établissement)\s+[\w'’-]{2,}"
)
# "X, qui a investi", "X, qui va injecter", "X, qui a mené pour … de travaux": the relative's
# subject is the name just before it (auxiliaries, adverbs, one participle, no other word).
_RELATIVE = re.compile(
    r"\s*,\s*qui\s+(?:(?:a|ont|avait|avaient|aura|auront|va|vont|allait|vient de|viennent de|"
    r"venait de|doit|doivent|devrait|devraient|compte|comptent|prévoit|prévoient|veut|veulent)"
    r"\s+)?(?:(?:déjà|encore|aussi|également|récemment|enfin|ainsi|même|lui-même|elle-même)\s+)*"
    r"(?:[a-zà-ÿ]+(?:é|ée|és|ées|i|is|ie|u|ue|us|er|ir)\s+(?:pour\s+)?)?",
    re.IGNORECASE,
)
# "(la société X)", "(X)": a name alone in a parenthesis, with at most a noun before it.
_APPOSED_OPEN = re.compile(r"\(\s*(?:" + ARTICLE + r"\s*)?(?:[a-zà-ÿ][\w'’-]*\s+){0,2}$")
_CLOSE = re.compile(r"\s*\)")
# "(2 M€)", "(300 000 € TTC)", "(soit 2 M€)": an amount alone in a parenthesis.
_BRACKET_OPEN = re.compile(r"\(\s*(?:soit|environ|près de)?\s*$", re.IGNORECASE)
_BRACKET_CLOSE = re.compile(r"\s*(?:HT|TTC|hors taxes|par an)?\s*\)", re.IGNORECASE)


def is_party(m: Mention) -> bool:
    """An organisation, a person or a place: by its label, or by the word that opens it."""
    return m.label in PARTIES or bool(_ORG_HEAD.match(m.canonical or m.text))


@lru_cache(maxsize=256)
def _lead(prep: str, slack: int) -> re.Pattern[str]:
    """The text from an anchor to a name that ``prep`` leads: a few words, the preposition,
    a noun group (``pour la rénovation du``). ``prep`` empty: the name is the object of the
    word at the anchor (``rachète l'écurie`` X)."""
    edge = r"(?<![\w'’-])" if prep[:1].isalpha() else ""  # a word, not a comma
    return re.compile(
        rf"[^.;:()«»]{{0,{slack}}}?{edge}{re.escape(prep)}(?![\w-])\s*{_NOUN_GROUP}$",
        re.IGNORECASE,
    )


def tied(
    text: str,
    names: list[tuple[int, Mention]],
    preps: tuple[tuple[str, str], ...],
    start: int,
    stop: int,
    slack: int,
) -> tuple[int, str] | None:
    """The first name within [start, stop) that one of ``preps`` leads, and its role; a name
    in apposition (``par le propriétaire (la société X)``) is led by what leads its noun."""
    for k, m in names:
        if start <= m.start and m.end <= stop:
            head = apposed(text, names, m)
            for prep, role in preps:
                if _lead(prep, slack).match(text, start, m.start if head is None else head[0]):
                    return k, role
    return None


def chain(
    text: str,
    names: list[tuple[int, Mention]],
    preps: tuple[tuple[str, str], ...],
    start: int,
    stop: int,
    slack: int,
) -> list[tuple[int, str]]:
    """``tied`` names one after the other, the first within ``slack`` of ``start``, each next
    one led right from the end of the one before (``le rachat de X par Y``, ``les retombées
    du rallye pour la ville``; not ``les recettes de X en provenance de Y``)."""
    hits: list[tuple[int, str]] = []
    while (hit := tied(text, names, preps, start, stop, slack if not hits else 1)) is not None:
        hits.append(hit)
        m = next(m for k, m in names if k == hit[0])
        head = apposed(text, names, m)
        start = m.end if head is None else head[1]
    return hits


def apposed(text: str, names: list[tuple[int, Mention]], m: Mention) -> tuple[int, int] | None:
    """Where the parenthesis of a name in apposition to a common noun opens and closes
    (``le propriétaire (la société X)``); None when the name is not alone in one, or the
    parenthesis follows another name (``la Fédération (FFSA)``, ``EY (Ernst & Young)``)."""
    open_ = _APPOSED_OPEN.search(text, max(0, m.start - 30), m.start)
    close = _CLOSE.match(text, m.end)
    if open_ is None or close is None or open_.end() != m.start:
        return None
    before = text[: open_.start()].rstrip()
    if not before or not before[-1].islower():
        return None
    if any(0 <= open_.start() - n.end <= 2 for _, n in names):
        return None
    return open_.start(), close.end()


def bracketed(text: str, money: Mention, lo: int) -> int | None:
    """Where the parenthesis of an amount alone in one opens (``la subvention de X (2 M€)``)."""
    open_ = _BRACKET_OPEN.search(text, max(lo, money.start - 12), money.start)
    if open_ is None or open_.end() != money.start or not _BRACKET_CLOSE.match(text, money.end):
        return None
    return open_.start()


def between(amounts: list[Mention], start: int, end: int) -> bool:
    return any(start <= m.start and m.end <= end for m in amounts)


def subject(
    text: str,
    names: list[tuple[int, Mention]],
    before: int,
    amounts: list[Mention],
    parties_only: bool = True,
) -> int | None:
    """The nearest party (or any name) before ``before``; an aside between two commas is
    stepped over ("Le Département, présidé par X, investit"), and so are a parenthesis
    holding the party ("le propriétaire (la société X) investit") and its relative ("X, qui
    a investi"); a clause end or another amount is not."""
    for k, m in reversed(names):
        if m.end > before or (parties_only and not is_party(m)):
            continue
        head = apposed(text, names, m)
        end = m.end if head is None else head[1]
        gap = text[end:before]
        if (
            before - end > SUBJECT_GAP
            or any(c in gap for c in ';:()«»"“”')
            or between(amounts, end, before)
        ):
            return None
        if gap.count(",") % 2 == 0 and not re.search(r"\b(?:qui|que|dont|et|mais)\b", gap):
            return k
        if _RELATIVE.fullmatch(gap):
            return k
    return None
