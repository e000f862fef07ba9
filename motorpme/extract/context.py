"""Rules that read the words around a name: head nouns, company nouns, public bodies, particles.

Pure: no spaCy. Like ``filters``, every function keeps ``text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from motorpme.extract.mentions import (
    EVENT,
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
from motorpme.extract.names import ACRONYM, INITIALS, ORG_INTRO, ORG_INTRO_ENDS
from motorpme.extract.positions import Overlaps, line_bounds
from motorpme.extract.words import ORG_CUES, canonical_word, folded_words, name_words
from motorpme.ingest.boilerplate import is_rubric
from motorpme.models import Mention

# A lowercase head noun that is part of the name it introduces, with the label it gives.
_HEADS = dict.fromkeys(("pôle", "école", "lycée", "université", "institut", "communauté"), "ORG")
_PLACE_HEADS = "circuit autodrome quartier auberge parc stade hôtel musée château technopole zone"
_HEADS |= dict.fromkeys(_PLACE_HEADS.split(), "LOC")
_HEADS |= dict.fromkeys(("zone d'activités", "zone d'activité", "zone artisanale"), "LOC")
_HEADS |= dict.fromkeys(("zone industrielle", "parc d'activités"), "LOC")
_PARKS = ("parc naturel régional", "parc naturel", "parc national", "parc des expositions")
_HEADS |= dict.fromkeys(_PARKS, "LOC")
# The named parts of a track: "virage de Mulsanne", "virages Porsche", "esses de la Forêt".
_TRACK_PARTS = ("virages", "virage", "esses", "chicane", "épingle", "courbe", "ligne droite")
_HEADS |= dict.fromkeys(_TRACK_PARTS, "LOC")
# Spaces between the head and the name, with at most one line break (a hard-wrapped line): a
# blank line ends the paragraph ("Le circuit\n\nFORMULE 1" is a headline, then a rubric).
_GAP = r"(?=\s)[^\S\n]*\n?[^\S\n]*"
_HEAD_BEFORE = re.compile(
    r"\b(" + "|".join(_HEADS) + rf")({_GAP}(?:de{_GAP}la|des|du|de){_GAP}|{_GAP}d'|{_GAP})\Z"
)
_TITLE_INSIDE = re.compile(
    r"(?:vice-)?champion(?:ne)?s?\s+(?:de\s+|d'|du\s+)(?P<place>[A-ZÀ-Ý][\w'-]*\w)"
)
_HEAD_INSIDE = re.compile(r"(?:circuit|autodrome)\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d')")
_INNER_CAPITAL = re.compile(r"\s+[a-z]+[A-Z][\w-]*")  # "Orca eTec"


def context_labels(text: str, m: Mention, evidenced: bool) -> Mention:
    """Labels and spans from the words around the name.

    A lowercase head noun joins the name ("pôle Mécanique", "auberge des Hunaudières");
    a word with an inner capital continues it ("Orca eTec"); a company noun before it
    makes it ORG; "à X" for a one-word non-person makes it a place.
    """
    if m.label in FIXED or m.label in (EVENT, PRODUCT):
        return m
    if _HEAD_INSIDE.match(m.text):  # "circuit de Nogaro": a named site, the head included
        return with_label(m, LOC)
    title = _TITLE_INSIDE.match(m.text)
    if title:  # "champion de France de karting": a title; its place is the name
        start = m.start + title.end("place")
        m = respan(text, m.start + title.start("place"), start, m, LOC)
    tail = _INNER_CAPITAL.match(text, m.end, m.end + 30)
    if tail:
        m = respan(text, m.start, tail.end(), m)
    before = text[max(0, m.start - 40) : m.start]
    head = _HEAD_BEFORE.search(before)
    label = _HEADS[head.group(1)] if head else LOC
    if head and m.text.isupper() and " " not in m.text:  # "l'école ESCRA": the acronym names it
        return with_label(m, label)
    if head:
        start = m.start - len(before) + head.start()
        return respan(text, start, m.end, m, label)
    weak = m.label == MISC or (m.label == PER and not evidenced)
    if weak and before.rstrip().endswith(ORG_INTRO_ENDS) and ORG_INTRO.search(before):
        return with_label(m, ORG)
    if weak and len(name_words(m.text)) == 1 and _place_before(before):
        return with_label(m, LOC)
    return m


# "à X", or a common noun's "de X" ("l'entreprise de transport de Loudéac"): a place.
# Not after nouns that take a person: "la voiture de Dumas", "le coéquipier de Lapierre".
_PLACE_BEFORE = re.compile(
    r"(?:^|[\s,])à\s+$|\b(?!(?:voiture|monoplace|coéquipier|équipier|fils|fille|père|mère"
    r"|frère|sœur|femme|épouse|mari|victoire|succès|titre|retour|départ|place|volant|côté"
    r"|équipe|écurie|patron|entourage|avocat|collègue|ami|successeur|remplaçant|prédécesseur"
    r"|propos|avis|choix|idée|projet|objectif)\s)[a-zàâçéèêëîïôûù]{3,}\s+(?:de\s+|d')$"
)


def _place_before(before: str) -> bool:
    # Each match ends with "à" or "de" and spaces, or "d'": a cheap test spares most searches.
    return (before.endswith("d'") or before.rstrip().endswith(("à", "de"))) and bool(
        _PLACE_BEFORE.search(before)
    )


def shape_labels(text: str, m: Mention) -> Mention:
    """Labels from a name's written shape: initials and a surname, an acronym after "l'"."""
    if m.label in FIXED or m.label in (EVENT, PRODUCT):
        return m
    if INITIALS.fullmatch(m.text):
        return with_label(m, PER)
    if m.label == MISC and ACRONYM.match(text, m.start):
        return with_label(m, ORG)
    return m


# ---------------------------------------------------------------- public bodies

# Institutions written as capitalised common nouns; the place after them belongs to the name.
_BODY_HEAD = (
    r"(?:Ville|Mairie|Région|Département|Préfecture|CCI|CMA|CDA|UMIH|CPME|Medef|MEDEF"
    r"|Chambre\s+de\s+commerce(?:\s+et\s+d['’]industrie)?|Chambre\s+des\s+métiers"
    r"(?:\s+et\s+de\s+l['’]artisanat)?|Chambre\s+d['’]agriculture"
    r"|[Cc]ommunauté\s+(?:de\s+communes|d['’]agglomération|urbaine)"
    r"|[Cc]onseil\s+(?:départemental|général|régional|municipal|communautaire)"
    r"|Ligue|Comité\s+(?:départemental|régional)|Office\s+de\s+tourisme|Syndicat\s+mixte"
    r"|Agglomération|Métropole|agglomération(?=\s+(?:de|du|d['’]))|région(?=\s+[A-ZÀ-Ý]))"
)
_CAP = r"[A-ZÀ-Ý][\w’'-]*\w"
# A place: capitalised words, with at most one inner particle ("Pays de la Loire").
# A number may lead a word of it when a capital follows ("Circuit des 24 Heures du Mans"),
# then up to two particles.
_WORD = rf"(?:{_CAP}|\d+(?=\s+[A-ZÀ-Ý]))"
_PLACE = (
    rf"{_WORD}(?:\s+{_WORD})*"
    rf"(?:\s+(?:de\s+la|de|du|des|d['’]|l['’])\s*{_WORD}(?:\s+{_WORD})*){{0,2}}"
)
_BODY = re.compile(
    rf"(?<![\w-])(?=[ACDLMOPRSUVacr]){_BODY_HEAD}(?:(?P<de>\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]))"
    rf"|\s+)(?P<place>{_PLACE})(?:\s+et\s+{_CAP})?(?P<sport>\s+du\s+sport\s+automobile)?"
)
# The body alone, after a lowercase determiner: "le Département", "la Région a voté".
# (The word is searched first, the determiner checked at its start: a regex that opens on
# lookbehinds tries every position of the article.)
_LONE_BODY = re.compile(
    r"(?:Département|Région|Ville|Métropole|Agglomération|Agglo)"
    r"(?![\w-])(?!\s+(?:de|du|des|d['’])\s|\s+[A-ZÀ-Ý])"
)
_LONE_BODY_AFTER = re.compile(
    r"(?<=\b[Ll]e )|(?<=\b[Ll]a )|(?<=\bdu )|(?<=\bau )|(?<=\b[Ll]')|(?<=\b[Ll]’)"
)
# The one council of a région or a département, lowercase: "le conseil régional a voté". (A
# "conseil municipal" without its town names no one body.)
_LONE_COUNCIL = re.compile(
    r"\bconseil\s+(?:régional|départemental)(?![\w-])(?!\s+(?:de|du|des|d['’])\s|\s+[A-ZÀ-Ý])"
)
# Sites named like bodies: "Parc Expo de Mulhouse", "Technopôle de Magny-Cours".
_SITE = re.compile(
    r"(?<![\w-])(?=[ACPTZ])(?:Parc|Technopôle|Technopole|Technoparc|Zone|Autodrome|Circuit|Aérodrome)"
    rf"(?:\s+{_CAP})*(?:\s+(?:technologique|industriel|d['’]activités?|des\s+expositions))?"
    rf"\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])(?P<place>{_PLACE})"
)
# Words every _SITE or _BODY match starts with: each regex is tried only where one is found
# (it opens on a lookbehind, which the regex engine would try at every character).
_SITE_WORDS = ("Parc", "Technop", "Zone", "Autodrome", "Circuit", "Aérodrome")
_BODY_WORDS = (
    *("Ville", "Mairie", "Région", "Département", "Préfecture", "CCI", "CMA", "CDA", "UMIH"),
    *("CPME", "Medef", "MEDEF", "Chambre", "Communauté", "communauté", "Conseil", "conseil"),
    *("Ligue", "Comité", "Office", "Syndicat", "Agglomération", "Métropole"),
    *("agglomération", "région"),
)
# Each _SITE, _BODY and _LONE_BODY match holds one of them: one search (as fast as three
# "in") and most articles skip all three.
_ANY_BODY_WORD = re.compile("|".join((*_SITE_WORDS, *_BODY_WORDS, "Agglo")))
PUBLIC_BODIES = frozenset({"departement", "region", "ville", "metropole", "agglomeration", "agglo"})


def _matches_at(rx: re.Pattern[str], text: str, heads: tuple[str, ...]) -> list[re.Match[str]]:
    """``rx.finditer(text)`` for a regex whose every match starts with one of ``heads``."""
    starts = set()
    for head in heads:
        at = text.find(head)
        while at >= 0:
            starts.add(at)
            at = text.find(head, at + 1)
    matches: list[re.Match[str]] = []
    for at in sorted(starts):
        if (not matches or at >= matches[-1].end()) and (match := rx.match(text, at)):
            matches.append(match)
    return matches


def _body_spans(text: str, first_names: frozenset[str]) -> list[tuple[int, int, str]]:
    if not _ANY_BODY_WORD.search(text):
        return []
    spans = [(m.start(), m.end(), LOC) for m in _matches_at(_SITE, text, _SITE_WORDS)]
    for m in _matches_at(_BODY, text, _BODY_WORDS):
        end = m.end()
        # "et" joins two places only in a name given without "de": "Communauté de communes
        # Vienne et Gartempe"; "la Ville de Pau et Lescar" is two things.
        if m.group("de") and not m.group("sport"):
            end = m.end("place")
        elif name_words(m.group("place"))[0] in first_names:
            # "le conseil régional Christian Estrosi": the body, then its president.
            end = len(text[: m.start("place")].rstrip())
            if text[m.start() : end] in ("région", "agglomération"):
                continue
        if text[m.start()].islower() and "\n" in text[m.start() : end]:
            continue  # "Choisir votre région\nCorse\nChanger": a menu, not a body
        spans.append((m.start(), end, ORG))
    spans += [
        (m.start(), m.end(), ORG)
        for m in _LONE_BODY.finditer(text)
        if _LONE_BODY_AFTER.match(text, m.start())
    ]
    if "conseil" in text:
        spans += [(m.start(), m.end(), ORG) for m in _LONE_COUNCIL.finditer(text)]
    return spans


def public_bodies(
    text: str, mentions: list[Mention], first_names: frozenset[str] = frozenset()
) -> list[Mention]:
    """Institutions with their place are one ORG: "CCI de la Nièvre", "Ville d'Albi".

    Sites named the same way are one LOC: "Parc Expo de Mulhouse", "Circuit d'Albi".
    The body replaces the model's pieces inside it ("Ville" + "Haguenau"); a model span
    reaching beyond it is left alone.
    """
    out = Overlaps(mentions)
    for start, end, label in _body_spans(text, first_names):
        inside = out.overlapping(start, end)
        if any(o.start < start or o.end > end or o.label in FIXED for o in inside):
            continue
        out.remove(inside)
        out.add(Mention(text[start:end], label, start, end))
    return sorted(out.items(), key=by_position)


# ---------------------------------------------------------------- particles

_PARTICLE = re.compile(
    r"\s+(?:(?:Le|La|De|Du|Des|Van|Von|Di|Da|Del|Della|Van\s+der|Van\s+den|van\s+der"
    r"|van\s+den|von\s+der|de\s+la|de|du|van|von)\s+|[Dd]['’])(?P<name>[A-ZÀ-Ý][\w-]*\w)"
)


def join_particles(
    text: str, mentions: list[Mention], first_names: frozenset[str]
) -> list[Mention]:
    """A first name, a particle and a capitalised word are one person: "Loïc Le Bihan".

    The model often cuts at the particle ("Loïc" + "Bihan"); the pieces join as PER.
    """
    out = Overlaps(mentions)
    for m in mentions:
        words = name_words(m.text)
        if m.label in FIXED or not words or words[-1] not in first_names or m not in out:
            continue
        if m.label != PER and len(words) > 1:
            continue
        tail = _PARTICLE.match(text, m.end)
        if tail is None or "\n" in tail.group():
            continue
        end = tail.end()
        inside = [o for o in out.overlapping(m.start, end) if o is not m]
        if any(o.end > end or o.label in FIXED for o in inside):
            continue
        out.remove([m, *inside])
        out.add(respan(text, m.start, end, m, PER))
    return sorted(out.items(), key=by_position)


# A family firm's suffix: "Carrosserie Fabre et Fils", "Garage Martin & Cie", "Dubois Frères".
_FIRM_SUFFIX = re.compile(r"\s*(?:(?:et|&)\s+(?:Fils|Frères|Cie|Associés)|Frères)(?![\w-])")


def firm_suffixes(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name followed by "et Fils", "& Cie" or "Frères" is a company, suffix included."""
    out = []
    for m in mentions:
        tail = None if m.label in FIXED else _FIRM_SUFFIX.match(text, m.end)
        if tail and not any(o.start < tail.end() and m.end < o.end for o in mentions if o != m):
            m = respan(text, m.start, tail.end(), m, ORG)
        out.append(m)
    return out


def join_adjacent(text: str, mentions: list[Mention], first_names: frozenset[str]) -> list[Mention]:
    """Two names the model cut apart at a single space are one name.

    A first name alone then a name is a person ("Sylvie" + "Maréchal"); a name then an
    organisation led by a cue word is that organisation ("Nivernais" + "Racing Composites",
    "Alpine" + "Endurance Team").
    """
    out: list[Mention] = []
    for m in sorted(mentions, key=by_position):
        prev = out[-1] if out else None
        if prev is None or prev.label in FIXED or m.label in FIXED or m.start != prev.end + 1:
            out.append(m)
            continue
        if text[prev.end] != " " or not m.text[:1].isupper():
            out.append(m)
            continue
        words = name_words(m.text)
        if prev.text in first_names and m.label != ORG:
            label = PER
        elif m.label == ORG and folded_words(m.text) & ORG_CUES and len(words) > 1:
            label = ORG
        else:
            out.append(m)
            continue
        out[-1] = respan(text, prev.start, m.end, prev, label)
    return out


def first_name_evidence(mentions: list[Mention], first_names: frozenset[str]) -> list[Mention]:
    """A first name alone that opens a person's full name in the article is that person."""
    openers = {
        name_words(m.text)[0] for m in mentions if m.label == PER and len(name_words(m.text)) > 1
    }
    return [
        with_label(m, PER)
        if m.label not in FIXED and m.text in first_names and m.text in openers
        else m
        for m in mentions
    ]


def company_heads(
    text: str, mentions: list[Mention], curated: frozenset[tuple[int, int]] = frozenset()
) -> list[Mention]:
    """A name the article also gives with a company suffix is that company: "Volcatech"
    beside "Volcatech Engineering".

    Not a place that lends its name to companies: the article writes it with an article
    or "à" somewhere ("la Nièvre" beside "Nièvre Initiative", "du Tarn", "à Nevers").
    """
    heads = set()
    with_article: dict[str, bool] = {}  # each word searched once: a name recurs
    for m in mentions:
        words = name_words(m.text)
        cued = m.label == ORG and len(words) > 1 and folded_words(words[-1]) & ORG_CUES
        if cued and words[0] not in with_article:
            with_article[words[0]] = _with_article(text, words[0])
        if cued and not with_article[words[0]]:
            heads.add(canonical_word(words[0]))
    return [
        with_label(m, ORG)
        if m.label in (LOC, PER, MISC)
        and (m.start, m.end) not in curated
        and len(name_words(m.text)) == 1
        and canonical_word(m.text) in heads
        else m
        for m in mentions
    ]


_ARTICLE = re.compile(r"\b(?:[Ll]e|[Ll]a|du|au|en|à|[Ll]['’])")


def _with_article(text: str, word: str) -> bool:
    """Does the text write ``word`` (whole at its end) right after "le", "la", "du", "au",
    "en", "à" or "l'"? Found with ``str.find``, then the article checked before it."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if end == len(text) or not (text[end].isalnum() or text[end] in "_-"):
            before = at
            while before and text[before - 1].isspace():
                before -= 1
            if any(_ARTICLE.fullmatch(text, k, before) for k in (before - 1, before - 2) if k >= 0):
                return True
        at = text.find(word, at + 1)
    return False


def rubric_words(
    text: str, mentions: list[Mention], lexicon: Callable[[str], bool]
) -> list[Mention]:
    """One-word names of a rubric line ("DIJON · ÉCONOMIE"): a section word goes, in capitals
    too; what is left names a place (the paper's town or region) unless labelled otherwise."""
    out = []
    rubric: dict[tuple[int, int], bool] = {}
    for m in mentions:
        if m.label not in FIXED and len(name_words(m.text)) == 1 and _on_rubric(text, m, rubric):
            if lexicon(m.text.lower()):
                continue
            if m.label == MISC:
                m = with_label(m, LOC)
        out.append(m)
    return out


def _on_rubric(text: str, m: Mention, known: dict[tuple[int, int], bool]) -> bool:
    """Is ``m`` on a rubric line? Each line is tested once: a paragraph holds many names."""
    line = line_bounds(text, m.start, m.end)
    if line not in known:
        known[line] = is_rubric(text[line[0] : line[1]])
    return known[line]
