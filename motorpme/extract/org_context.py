"""Organisations known from their company in the sentence: lists of firms, "chez X", a role
in a body, a team and its sponsors side by side, names of the press-title and maker lists.

Pure: no spaCy. Like ``filters``, every function keeps ``text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

import re

from motorpme.extract.mentions import (
    FIXED,
    LOC,
    MISC,
    ORG,
    PER,
    PRODUCT,
    by_position,
    respan,
    with_label,
)
from motorpme.extract.words import name_words
from motorpme.models import Mention

# ---------------------------------------------------------------- lists and "chez"

_LIST_GAP = re.compile(r"\s*,\s*(?:et\s+|ou\s+)?|\s+(?:et|ou)\s+")


def firm_lists(
    text: str,
    mentions: list[Mention],
    first_names: frozenset[str],
    places: frozenset[str] = frozenset(),
    curated: frozenset[tuple[int, int]] = frozenset(),
) -> list[Mention]:
    """An enumeration of names is of one kind: in "Michelin, Gruau, Valeo et Renault",
    a one-word name the model read as a person or an unknown place, among at least two
    organisations and more of them than places or persons, is an organisation too."""
    ordered = sorted(mentions, key=by_position)
    runs: list[list[int]] = []
    for i, m in enumerate(ordered):
        prev = ordered[i - 1] if i else None
        gap = text[prev.end : m.start] if prev else ""
        if prev and prev.label not in FIXED and _LIST_GAP.fullmatch(gap) and "\n" not in gap:
            runs[-1].append(i)
        else:
            runs.append([i])
    out = list(ordered)
    for run in runs:
        if len(run) < 3:
            continue
        labels = [ordered[i].label for i in run]
        orgs = labels.count(ORG)
        if orgs < 2 or orgs <= labels.count(LOC) + labels.count(PER):
            continue
        for i in run:
            m = ordered[i]
            if (m.start, m.end) in curated or len(name_words(m.text)) != 1:
                continue
            if _one_word_firm(m, first_names, places):
                out[i] = with_label(m, ORG)
    return out


def _one_word_firm(m: Mention, first_names: frozenset[str], places: frozenset[str]) -> bool:
    if m.label == PER:
        return m.text not in first_names
    if m.label == LOC:
        return m.text not in places
    return m.label == MISC


_CHEZ = re.compile(r"(?<![\w-])chez\s+(?=[A-ZÀ-Ý])")


def chez(
    text: str,
    mentions: list[Mention],
    first_names: frozenset[str],
    places: frozenset[str] = frozenset(),
    curated: frozenset[tuple[int, int]] = frozenset(),
) -> list[Mention]:
    """ "chez X" with one name the model read as a person or an unknown place is an employer:
    "il a couru chez Ferrari", "ingénieur chez Oreca"; a full name stays a person."""
    if "chez" not in text:
        return mentions
    after = {hit.end() for hit in _CHEZ.finditer(text)}
    return [
        with_label(m, ORG)
        if m.start in after
        and (m.start, m.end) not in curated
        and len(name_words(m.text)) == 1
        and _one_word_firm(m, first_names, places)
        else m
        for m in mentions
    ]


def adjacent_organisations(text: str, mentions: list[Mention]) -> list[Mention]:
    """Two organisations with one space between them are one name: a team and its sponsors
    ("Signatech Alpine" + "Matmut"); French writes "et" or a comma between two bodies."""
    out: list[Mention] = []
    for m in sorted(mentions, key=by_position):
        prev = out[-1] if out else None
        if prev and prev.label == ORG == m.label and text[prev.end : m.start] == " ":
            out[-1] = respan(text, prev.start, m.end, prev)
        else:
            out.append(m)
    return out


def curated_labels(mentions: list[Mention], curated: list[Mention]) -> list[Mention]:
    """A name cut out of a longer model span that is exactly a gazetteer or press-title match
    takes the list's label: "Maxppp" of "© Maxppp - Hervé Dumoulin", read as one person."""
    labels = {(g.start, g.end): g.label for g in curated if g.label == ORG}
    return [
        with_label(m, labels[(m.start, m.end)])
        if m.label in (PER, LOC, MISC) and (m.start, m.end) in labels
        else m
        for m in mentions
    ]


_ROLE = re.compile(
    r"(?<![\w-])(?:président|présidente|directeur|directrice|fondateur|fondatrice|responsable"
    r"|trésorier|trésorière|secrétaire|porte-parole|membre|adhérents?)\s+"
    r"(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])(?=[A-ZÀ-Ý])"
)


def role_bodies(
    text: str,
    mentions: list[Mention],
    places: frozenset[str] = frozenset(),
    curated: frozenset[tuple[int, int]] = frozenset(),
) -> list[Mention]:
    """ "président de la X Y": a name of several words the model read as a place, after a
    role in a body, is that body unless the place list knows it or its first word
    ("président de la Sepal Corrèze" is an association, "président de la Haute-Vienne" a
    place's council)."""
    after = {hit.end() for hit in _ROLE.finditer(text)}
    out = []
    for m in mentions:
        words = name_words(m.text)
        if (
            m.start in after
            and m.label == LOC
            and (m.start, m.end) not in curated
            and len(words) > 1
            and m.text not in places
            and words[0] not in places
        ):
            m = with_label(m, ORG)
        out.append(m)
    return out


# ---------------------------------------------------------------- coordinated names

# An institution named "Head of X": "Groupement National des Circuits", "Chambre de Commerce".
_OF_NAME = re.compile(
    r"[A-ZÀ-Ý][\w’'-]*(?:\s+[A-ZÀ-Ý][\w’'-]*)?\s+(?:de\s+la|de\s+l['’]|des|du|de|d['’])\s*"
    r"[A-ZÀ-Ý]"
)
_TITLE_WORD = r"[A-ZÀ-Ý][\w-]*\w"
# ... and its second part, title case after "et des", "et d'": "et des Centres d'Essais
# Industriels", "et d'Industrie", "et des Finances".
_AND_OF = re.compile(
    rf"\s+et\s+(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’])\s*{_TITLE_WORD}"
    rf"(?:\s+(?:{_TITLE_WORD}|(?:de\s+la|de|des|du)\s+{_TITLE_WORD}|d['’]\s*{_TITLE_WORD}))*"
)


def coordinated_bodies(text: str, mentions: list[Mention]) -> list[Mention]:
    """An institution's name goes on over "et des" + title-case words: "Groupement National
    des Circuits Automobiles et des Centres d'Essais Industriels" is one ORG, not an ORG and
    a MISC. Lowercase after "et" ("et des métiers") or "et la" start another thing."""
    out = sorted(mentions, key=by_position)
    for i, m in enumerate(out):
        more = _AND_OF.match(text, m.end) if m.label == ORG and " " in m.text else None
        if more is None or not _OF_NAME.match(m.text):
            continue
        j = i + 1
        while j < len(out) and out[j].start < more.end():
            j += 1
        if any(o.end > more.end() or o.label in FIXED or o.label == PER for o in out[i + 1 : j]):
            continue
        out[i] = respan(text, m.start, more.end(), m)
        del out[i + 1 : j]  # the second part's pieces are in the name now (the loop goes on)
    return out


# ---------------------------------------------------------------- a driver's team

_MODEL_CODE = re.compile(r"\d")  # "Citroën C3", "Alpine A110": a car, not a team


def driver_teams(text: str, mentions: list[Mention], places: frozenset[str]) -> list[Mention]:
    """A name in brackets right after a person is their team: "Jean-Éric Vergne (DS
    Techeetah)", not a car model, unless it carries a model code ("Loeb (Citroën C3)") or is
    a place ("Pierre Gasly (Rouen)")."""
    out = sorted(mentions, key=by_position)
    for i in range(1, len(out)):
        person, name = out[i - 1], out[i]
        if person.label != PER or name.label not in (PRODUCT, MISC):
            continue
        if text[person.end : name.start] != " (" or text[name.end : name.end + 1] != ")":
            continue
        if _MODEL_CODE.search(name.text) or name.text in places:
            continue
        out[i] = with_label(name, ORG)
    return out
