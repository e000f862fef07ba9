"""Person, role, organisation triples from appositions and title patterns, within one
sentence: ``Jean Dupont, président de la FFSA``, ``le directeur général d'Oreca, Paul
Martin``, ``le maire de Nevers, X``, ``l'écurie Y, dirigée par Z``. Pure rules over the text
and its final mentions (no spaCy); each triple names the pattern that made it."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from motorpme.extract.sentences import sentences
from motorpme.models import Mention

ORGS = frozenset({"ORG", "LOC", "EVENT"})

# Titles a person holds in an organisation, a town, a team or an event (French press usage).
_TITLE = (
    r"(?:vice-|co-?|sous-)?(?:président|présidente|PDG|P\.?-?D\.?G\.?|DG|directeur|directrice|patron|"
    r"patronne|fondateur|fondatrice|gérant|gérante|maire|adjointe?|conseill[eè]re?|secrétaire|"
    r"responsable|manager|team manager|team principal|chef|délégué|déléguée|porte-parole|"
    r"propriétaire|administrat(?:eur|rice)|trésori(?:er|ère)|CEO|COO|CTO|promoteur|"
    r"organisat(?:eur|rice)|ministre|député|députée|sénat(?:eur|rice)|préfet|préfète|"
    r"dirigeant|dirigeante|associé|associée|ingénieur|pilote|boss|numéro un)"
)
_DE = r"(?:de la|de l['’]|du|des|de|d['’]|chez|à la tête de|au sein de)"
# The kind of organisation the name is, between the particle and the name ("directeur
# associé de l'agence" X, "copropriétaire de l'écurie" Y).
_KIND = (
    r"(?:(?:agence|société|groupe|écurie|équipe|entreprise|association|club|cabinet|marque|"
    r"team|start-up|structure)\s+)?"
)
# A title, up to five more words (général, du conseil départemental...), its "of" particle.
# The more words are in lower case as written: a capital opens a name the model cut short
# ("président de la Fédération Française du" + "Sport Automobile" is no title of the latter).
_ROLE = re.compile(
    r"(?<![\w-])("
    + _TITLE
    + r"(?:[\s-]+(?-i:[a-zà-ÿ])[\w'’-]*){0,5}?)\s*"
    + _DE
    + r"\s*"
    + _KIND
    + "$",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^\s*[,(]\s*(?:(?:le|la|l['’]|un|une|son|sa|ancien|ancienne|nouveau|nouvelle|actuel|"
    r"actuelle|futur|future|premier|première)\s+)*$",
    re.IGNORECASE,
)
_BY = {
    "présid": "président",
    "dirig": "dirigeant",
    "fond": "fondateur",
    "cré": "fondateur",
    "détenu": "propriétaire",
}
_LED_BY = re.compile(
    r"^\s*,?\s*(?:qui est\s+)?(présid|dirig|fond|cré|détenu)(?:é|ée|és|ées|e|es)?\s+par\s*$",
    re.IGNORECASE,
)
WINDOW = 90


@dataclass(frozen=True, slots=True)
class RoleTriple:
    """``person`` and ``org`` index the article's mentions; ``sentence`` is the proof."""

    person: int
    role: str
    org: int
    rule: str
    sentence: tuple[int, int]


def role_triples(text: str, mentions: list[Mention]) -> list[RoleTriple]:
    """Every triple the patterns find, one per (person, role, organisation)."""
    spans = sentences(text)
    starts = [s for s, _ in spans]
    found: dict[tuple[int, str, int], RoleTriple] = {}
    names = [(k, m) for k, m in enumerate(mentions) if m.label in ORGS or m.label == "PER"]
    for i, (_, m) in enumerate(names):
        if m.label != "PER":
            continue
        j = bisect_right(starts, m.start) - 1
        if j < 0 or spans[j][1] < m.end:
            continue
        sentence = spans[j]
        for triple in _around(text, names, i, sentence):
            found.setdefault((triple.person, triple.role, triple.org), triple)
    return list(found.values())


def _around(
    text: str, names: list[tuple[int, Mention]], i: int, sentence: tuple[int, int]
) -> list[RoleTriple]:
    k, person = names[i]
    lo, hi = sentence
    out = []
    # "Jean Dupont, président de la FFSA" / "Jean Dupont (président de la FFSA)"
    for n, (o, org) in enumerate(names[i + 1 :], start=i + 1):
        if org.start >= min(hi, person.end + WINDOW):
            break
        if org.label not in ORGS:
            if org.label == "PER":
                break
            continue
        between = text[person.end : org.start]
        role = _ROLE.search(between)
        lead = between[: role.start()] if role else ""
        ok = role and _LEAD.match(lead) and "," not in role.group(1)
        if ok and not _title_of_next(text, lead, org, names[n + 1 : n + 2]):
            out.append(RoleTriple(k, _clean(role.group(1)), o, "nom, titre de org", sentence))
        break
    # "le directeur général d'Oreca, Paul Martin" / "le maire de Nevers Denis Thuriot"
    before = [(o, org) for o, org in names[:i] if org.end <= person.start and org.start >= lo]
    if before:
        o, org = before[-1]
        gap = text[org.end : person.start]
        if org.label in ORGS and re.fullmatch(r"\s*,?\s*", gap):
            role = _ROLE.search(text[max(lo, org.start - WINDOW) : org.start])
            if role:
                rule = "titre de org, nom" if "," in gap else "titre de org nom"
                out.append(RoleTriple(k, _clean(role.group(1)), o, rule, sentence))
        led = _LED_BY.match(gap)
        if org.label in ORGS and led:
            title = _BY[led.group(1).lower()]
            rule = " ".join(led.group(0).strip(" ,").split()).lower()
            out.append(RoleTriple(k, title, o, rule, sentence))
    return out


def _title_of_next(text: str, lead: str, org: Mention, after: list[tuple[int, Mention]]) -> bool:
    """In a list, "X, le président de la FFM, Y": a title with its article, then a comma and
    a person, is the next person's ("le président ..., Y"), not X's."""
    if not after or after[0][1].label != "PER" or not _ARTICLE.search(lead):
        return False
    return re.fullmatch(r"\s*,\s*", text[org.end : after[0][1].start]) is not None


_ARTICLE = re.compile(r"\b(?:le|la|l['’])\s*$", re.IGNORECASE)


def _clean(role: str) -> str:
    return " ".join(role.split()).lower()
