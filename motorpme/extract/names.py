"""Names known by their written form or what introduces them: hashtags, "X, une entreprise",
"l'équipementier X", initials and a surname, "l'ISAT", communes, byline slugs.

Pure: no spaCy. Like ``filters``, every function keeps ``text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

import re

from motorpme.extract.mentions import FIXED, LOC, MISC, ORG, PER, by_position, with_label
from motorpme.extract.positions import Overlaps, Taken
from motorpme.extract.words import ORG_CUES, STOPWORDS, canonical_word, folded_words, name_words
from motorpme.models import Mention

# The "#" first, then what precedes it: a regex opening on a literal skips straight to it.
_HASHTAG = re.compile(r"#(?<![\w#]#)[A-Za-zÀ-ÿ][\w]+")


def _hashtag(tag: re.Match) -> Mention:
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", tag.group()[1:])
    label = ORG if folded_words(words) & ORG_CUES else MISC
    return Mention(tag.group(), label, tag.start(), tag.end())


def hashtags(text: str, mentions: list[Mention]) -> list[Mention]:
    """A hashtag is one name: a shorter span inside it ("ClubFranceActive" without its "#")
    gives way to the whole tag."""
    out = Overlaps(mentions)
    for tag in _HASHTAG.finditer(text):
        inside = out.overlapping(tag.start(), tag.end())
        if not inside or any(
            o.start < tag.start() or o.end > tag.end() or o.label in FIXED for o in inside
        ):
            continue
        if all((o.start, o.end) != tag.span() for o in inside):
            out.remove(inside)
            out.add(_hashtag(tag))
    return sorted(out.items(), key=by_position)


# "Aro Welding, une entreprise de ...": a name in apposition to a company noun is a company.
_APPOSITION = re.compile(
    r"\s*,\s+(?:une|la|cette)\s+(?:entreprise|société|PME|start-up|startup|firme|marque)\b"
)
# Searched from its comma (a literal found fast), the spaces before it added back.
_COMMA_APPOSITION = re.compile(_APPOSITION.pattern.removeprefix(r"\s*"))
# Up to five capitalised words right before it; "d'Aro Welding" gives "Aro Welding".
_CAPS_BEFORE = re.compile(r"(?<![\w&.-])[A-ZÀ-Ý][\w&.-]*(?:\s+[A-ZÀ-Ý][\w&.-]*){0,4}$")


def appositions(
    text: str, mentions: list[Mention], curated: frozenset[tuple[int, int]] = frozenset()
) -> list[Mention]:
    """A name followed by ", une entreprise", ", la société", ", cette PME"... is a company;
    capitalised words there that the model missed are added when nothing overlaps them."""
    out = []
    for m in mentions:
        if (
            m.label in (PER, LOC, MISC)
            and (m.start, m.end) not in curated
            and _APPOSITION.match(text, m.end)
        ):
            m = with_label(m, ORG)
        out.append(m)
    spans = Overlaps(out)
    for hit in _COMMA_APPOSITION.finditer(text):
        start = hit.start()
        while start and text[start - 1].isspace():  # the "\s*" before the comma ("\s" is isspace)
            start -= 1
        name = _CAPS_BEFORE.search(text, max(0, start - 80), start)
        if name is None or spans.overlapping(name.start(), name.end()):
            continue
        if len(name_words(name.group())) == 1 and canonical_word(name.group()) in STOPWORDS:
            continue
        spans.add(Mention(name.group(), ORG, name.start(), name.end()))
    return sorted(spans.items(), key=by_position)


# Nouns that introduce a company name: "l'équipementier Crouzet", "président d'Orca eTec".
# (A word start, "\b" before one of their first letters: "(?<!\w)" in fewer steps.)
_COMPANY_NOUNS = (
    "entreprise|société|societe|groupe|équipementier|equipementier|constructeur|fabricant|"
    "motoriste|manufacturier|préparateur|firme|marque|start-up|startup|PME|sous-traitant|"
    "fournisseur|sponsor|partenaire|maison|enseigne|cabinet|agence|écurie|concessionnaire|"
    "transporteur|carrossier|association|team|"
    "magazine|journal|quotidien|hebdomadaire|mensuel|chaîne|radio"  # the press, an ORG
)
_ROLES = (
    r"président|présidente|directeur|directrice|PDG|fondateur|fondatrice|patron|gérant|gérante|"
    r"dirigeant|dirigeante|salariés?|à\s+la\s+tête"
)
ORG_INTRO = re.compile(
    rf"\b(?=[Pacdefghjmpqrstàé])(?:\b(?:{_COMPANY_NOUNS})\s*,?\s+|"
    rf"\b(?:{_ROLES})\s+(?:de\s+|d'|du\s+)(?:la\s+|l')?)$"
)
# How every ORG_INTRO match ends, trailing spaces aside: other names skip the search.
ORG_INTRO_ENDS = (*_COMPANY_NOUNS.split("|"), ",", "de", "d'", "du", "la", "l'")
_NAME_AFTER = re.compile(r"[A-ZÀ-Ý][\w&.'-]*(?:\s+(?:[A-Z0-9À-Ý][\w&.-]*|[a-z]+[A-Z][\w-]*))*")
ORG_INTRO_ANYWHERE = re.compile(ORG_INTRO.pattern.removesuffix("$"))
_NAME_STOP = re.compile(r"(?<=[a-zà-ÿ])\.(?:\s|$)")

# "J.-P. Casenave", "M. A. Dupuis" is not one (M. is a title). Regexes here that open on a
# capital check the character before it after it ("X(?<!Y.)" is "(?<!Y)X"): one that opens on
# a lookbehind is tried at every position of the article.
_AFTER_INITIAL = r"(?:-?[A-Z]\.)?\s[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
INITIALS = re.compile(r"[A-LN-Z](?<![\w.].)\." + _AFTER_INITIAL)
# The same names searched from their full stop: a regex opening on a literal skips straight
# to it, one opening on a class tests every character. A match starts one character late.
INITIALS_AT_DOT = re.compile(r"\.(?<=(?<![\w.])[A-LN-Z]\.)" + _AFTER_INITIAL)
# An acronym after an elided article is a body or a company: "l'ISAT", "l'UIMM".
# (In running text only: "MONDIAL DE L'AUTO" is a headline in capitals.)
# Car technology read as letters is no body: "l'ABS", "l'ESP", "l'ERS".
ACRONYM_END = r"[A-Z]{2,5}(?![\w'’-])(?<!['’](?:ABS|ESP|ERS|ECU|EPR|ADN|IRM|USB|API|ETP))"
ACRONYM = re.compile(r"[A-Z](?<=[a-zà-ÿ] l['’].)" + ACRONYM_END)
ACRONYM_AT_L = re.compile(r"l(?<=[a-zà-ÿ] l)['’](?P<name>[A-Z]" + ACRONYM_END + ")")
# French communes with a linking word: "Aire-sur-l'Adour", "Lussac-les-Châteaux".
_COMMUNE = re.compile(
    r"(?<![\w-])(?:Saint-|Sainte-)?[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
    r"-(?:sur|sous|lès|les|en|aux|la|le)-(?:l['’]|la-|le-)?[A-ZÀ-Ý][a-zà-ÿ]+(?![\w-])"
)
_COMMUNE_LINK = re.compile(r"-(?:sur|sous|lès|les|en|aux|la|le)-")  # found first, fast
# A byline slug ("coralie-mollaret") among the parts of a publication line.
_DATED_LINE = re.compile(r"^.{0,80}\b(?:[Pp]ublié|[Mm]ise? à jour)\b.{0,160}$", re.M)
_DATED_WORDS = ("ublié", " à jour")  # a publication line holds one: else no line is tried
_SLUG = re.compile(r"(?<= - )[a-zà-ÿ]{2,}(?:-[a-zà-ÿ]{2,}){1,2}(?= - |\s*$)")


def introduced_names(text: str, taken: list[Mention]) -> list[Mention]:
    """Names the model missed: after a company noun, initials and a surname, an acronym
    after "l'", communes with a linking word, a byline slug, hashtags."""
    found = []
    for intro in ORG_INTRO_ANYWHERE.finditer(text):
        name = _NAME_AFTER.match(text, intro.end())
        if name:
            # A sentence end stops the name: "la maison Rhin Enchères. M. Dupont".
            words = name.group()
            stop = _NAME_STOP.search(words)
            words = (words[: stop.start()] if stop else words).rstrip(".")
            found.append(Mention(words, ORG, name.start(), name.start() + len(words)))
    for name in INITIALS_AT_DOT.finditer(text):
        start = name.start() - 1
        if canonical_word(name.group().rsplit(None, 1)[-1]) not in STOPWORDS:  # "plan B. Il"
            found.append(Mention(text[start : name.end()], PER, start, name.end()))
    for name in ACRONYM_AT_L.finditer(text):
        found.append(Mention(name.group("name"), ORG, name.start("name"), name.end()))
    for name in _COMMUNE.finditer(text) if _COMMUNE_LINK.search(text) else ():
        found.append(Mention(name.group(), LOC, name.start(), name.end()))
    for line in _DATED_LINE.finditer(text) if any(w in text for w in _DATED_WORDS) else ():
        for slug in _SLUG.finditer(line.group()):
            start = line.start() + slug.start()
            found.append(Mention(slug.group(), PER, start, start + len(slug.group())))
    found += [_hashtag(tag) for tag in _HASHTAG.finditer(text)]
    free = Taken(taken)
    return [f for f in found if free(f)]


# ---------------------------------------------------------------- named organisations

# An organisation's head noun, then its name: capitalised words, a few adjectives, and
# "de/des/du/d'..." with capitalised words ("Groupement d'Intérêt Public", "École Supérieure
# des Réseaux Commerciaux", "Fédération française du sport automobile").
_ORG_HEAD = (
    "École|Ecole|Institut|Université|Union|Groupement|Fédération|Confédération|Association"
    "|Syndicat|Comité|Centre|Conseil|Académie|Agence|Office|Société|Compagnie|Observatoire"
)
_CAP = r"[A-ZÀ-Ý][\w’'-]*\w"
_ADJ = (
    r"(?:français|française|national|nationale|régional|régionale|départemental|départementale"
    r"|européen|européenne|international|internationale|supérieur|supérieure|exécutif|général"
    r"|générale|professionnel|professionnelle|interprofessionnel|technique|mixte|économique)"
    r"(?![\w-])"
)
_LINK = r"(?:de\s+la|de\s+l['’]|des|du|de|d['’]|et|pour\s+la|pour\s+le|pour\s+les|en)"
_DOMAIN = r"(?:sport\s+automobile|karting|automobile|motocyclisme|moto|commerce)"
_ORG_NAME = re.compile(
    rf"(?<![\w-])(?:{_ORG_HEAD})(?=\s)(?:\s+{_CAP}){{0,2}}(?:\s+{_ADJ}){{0,2}}"
    rf"(?:\s+{_LINK}\s*(?:{_CAP}(?:\s+{_CAP}){{0,3}}|{_DOMAIN}(?![\w-]))){{0,3}}"
)


def org_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """A head noun and its name are one ORG; it replaces the model's pieces inside it (a span
    reaching beyond it is left alone) and is added when the model missed it."""
    out = Overlaps(mentions)
    for match in _ORG_NAME.finditer(text):
        start, end = match.span()
        if len(name_words(match.group())) < 2 or "\n" in match.group():
            continue
        inside = out.overlapping(start, end)
        if any(o.start < start or o.end > end or o.label in FIXED for o in inside):
            continue
        out.remove(inside)
        out.add(Mention(match.group(), ORG, start, end))
    return sorted(out.items(), key=by_position)


# Acronyms that name places, not bodies.
_PLACE_ACRONYMS = frozenset({"USA", "UK", "UE", "PACA", "URSS", "RFA", "RDA", "EAU", "IDF", "DOM"})
_ACRONYM_WORD = re.compile(r"[A-Z][A-Z0-9&]{1,5}")
_LETTERS = re.compile(r"[A-Z]{2,6}")  # a MISC "LMP2" or "GT3" is a class, not a body


def acronym_bodies(
    text: str, mentions: list[Mention], curated: frozenset[tuple[int, int]] = frozenset()
) -> list[Mention]:
    """Names shaped like a body or a firm are organisations: a lone acronym the model read
    as a person, a place or a miscellaneous name ("la CPAM", "l'ASM"), an acronym and its
    town ("INSA Lyon"), a CamelCase brand ("UrbanKart"): people and places are written out."""
    return [
        with_label(m, ORG)
        if (m.start, m.end) not in curated and m.label in (PER, LOC, MISC) and _firm_shaped(m)
        else m
        for m in mentions
    ]


# Words of a firm's or brand's shape: "UrbanKart", "ID4Mobility" (a capital or a digit inside
# a word, after a lowercase letter or a capital and a digit); "McLaren", "DeMarco" are names.
_CAMEL = re.compile(
    r"(?<![\w'’-])(?!Mc|Mac|De|Di|Da|Le|La|Van|Von)\w*(?:[a-z][A-Z]|[A-Z]\d[A-Za-z])"
)
# Acronyms that open a place's name: zones, roads.
_SITE_ACRONYMS = frozenset({"ZAC", "ZA", "ZI", "ZAE", "ZAL", "RN", "RD", "PACA"})


def _firm_shaped(m: Mention) -> bool:
    if m.text in _PLACE_ACRONYMS:
        return False
    words = name_words(m.text)
    if len(words) == 1 and m.label in (PER, LOC) and _ACRONYM_WORD.fullmatch(m.text):
        return True
    if len(words) == 1 and m.label == MISC and _LETTERS.fullmatch(m.text):
        return True
    if (
        len(words) > 1
        and m.label in (PER, LOC)
        and _LETTERS.fullmatch(words[0])
        and len(words[0]) >= 3
        and words[0] not in _SITE_ACRONYMS | _PLACE_ACRONYMS
    ):
        return True  # "INSA Lyon", "IUT Nantes": a body and its town
    return _CAMEL.search(m.text) is not None
