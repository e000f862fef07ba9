"""Organisations the article itself vouches for: acronyms it defines, a company noun with a
nationality before the name, the body named after "l'association", lists of firms, "chez X",
legal forms ("SAS", "SARL") after a name.

Pure: no spaCy. Like ``filters``, every function keeps ``text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from motorpme.extract.mentions import FIXED, LOC, MISC, ORG, PER, by_position, respan, with_label
from motorpme.extract.org_context import (
    adjacent_organisations,
    chez,
    coordinated_bodies,
    curated_labels,
    driver_teams,
    firm_lists,
    role_bodies,
)
from motorpme.extract.words import canonical_word, name_words
from motorpme.models import Mention

DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=4)
def _word_list(name: str) -> frozenset[str]:
    """The folded words of a data list (one a line, "#" comments)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(canonical_word(w.strip()) for w in lines if w.strip() and w[0] != "#")


def org_heads() -> frozenset[str]:
    """Head nouns of organisations (``data/org_heads.txt``), folded."""
    return _word_list("org_heads.txt")


def organisations(
    text: str,
    mentions: list[Mention],
    first_names: frozenset[str],
    places: frozenset[str] = frozenset(),
    curated: frozenset[tuple[int, int]] = frozenset(),
) -> list[Mention]:
    """Every rule of this module, in order, over one article's names."""
    mentions = introduced_companies(text, mentions, first_names, curated)
    mentions = defined_acronyms(text, mentions, places, curated)
    mentions = legal_forms(text, mentions)
    mentions = firm_lists(text, mentions, first_names, places, curated)
    mentions = chez(text, mentions, first_names, places, curated)
    mentions = role_bodies(text, mentions, places, curated)
    return adjacent_organisations(text, mentions)


# ---------------------------------------------------------------- acronyms the text defines

_PAREN = re.compile(r"\s?\((?P<inner>[^()\n]{2,80})\)")
_ACRONYM = re.compile(r"[A-ZÀ-Ý](?:[A-Za-zÀ-ÿ&]|\.(?=[A-Za-z])){1,9}\.?")
_CAPS = re.compile(r"[A-Z][A-Z0-9&]{1,7}")
_LINKS = frozenset({"de", "la", "le", "les", "des", "du", "d'", "l'", "et", "en", "pour", "a"})


def long_form(short: str, before: str) -> str | None:
    """The end of ``before`` that ``short`` abbreviates, or None.

    The algorithm of Schwartz and Hearst (2003): the acronym's letters are found right to
    left in the words before it, its first letter opening a word; accents and case do not
    count ("SAEMS" in "Société anonyme d'économie mixte sportive", "Coderst" in "conseil
    départemental de l'environnement, des risques sanitaires et technologiques").
    """
    letters = [c for c in canonical_word(short) if c.isalnum()]
    if len(letters) < 2:
        return None
    words = before.split()
    limit = min(len(letters) + 5, 2 * len(letters))
    window = " ".join(words[-limit:])
    folded = canonical_word(window)
    at = len(folded) - 1
    for i in range(len(letters) - 1, -1, -1):
        c = letters[i]
        while at >= 0 and (folded[at] != c or (i == 0 and at > 0 and (folded[at - 1].isalnum()))):
            at -= 1
        if at < 0:
            return None
        at -= 1
    start = at + 1
    found = window[start:].strip(" ,;:")
    if len(name_words(found)) < 2 or found.startswith(("'", "’")):
        return None
    return found


def _is_short(inner: str) -> bool:
    """An acronym as written in a definition: "SAEMS", "S.A.E.M.", "Coderst"."""
    if not _ACRONYM.fullmatch(inner):
        return False
    capitals = sum(c.isupper() for c in inner)
    return capitals >= 2 or (capitals == 1 and len(inner) >= 4 and inner[1:].islower())


def _headed(form: str) -> bool:
    words = name_words(form)
    return bool(words) and canonical_word(words[0]).removeprefix("l'") in org_heads()


def defined_acronyms(
    text: str,
    mentions: list[Mention],
    places: frozenset[str] = frozenset(),
    curated: frozenset[tuple[int, int]] = frozenset(),
) -> list[Mention]:
    """ "Long form (ACRONYM)": both name one organisation when the long form opens with an
    organisation's head noun or is a name already read as one; then every occurrence of the
    acronym in the article is that organisation. "EY France (Ernst & Young)": a name read
    as an organisation and its abbreviation or expansion in brackets are the same body.

    A long form headed by a zone, a championship or a region ("zone naturelle d'intérêt
    écologique (ZNIEFF)") defines no organisation; a place in brackets ("Oreca (Var)")
    abbreviates nothing.
    """
    if "(" not in text:
        return mentions
    out = list(mentions)
    acronyms: set[str] = set()
    for paren in _PAREN.finditer(text):
        inner = paren.group("inner").strip()
        start = paren.start("inner") + paren.group("inner").find(inner)
        end = start + len(inner)
        line_start = max(text.rfind("\n", 0, paren.start()), text.rfind(". ", 0, paren.start()))
        before = text[line_start + 1 : paren.start()]
        previous = next((m for m in out if m.end == paren.start()), None)
        if _is_short(inner) and inner not in places:
            form = long_form(inner, before)
            if form is None:
                continue
            form_start = paren.start() - len(form)
            named = previous is not None and previous.label == ORG
            named = named and previous.start >= form_start - 1
            if not (named or _headed(form)):
                continue
            acronyms.add(inner)
            out = _claim(text, out, form_start, paren.start(), curated)
            out = _claim(text, out, start, end, curated)
        elif (
            previous is not None
            and previous.label == ORG
            and inner[:1].isupper()
            and inner not in places
            and _abbreviates(previous.text, inner)
        ):
            out = _claim(text, out, start, end, curated)
    if acronyms:
        out = _every_occurrence(text, out, acronyms, curated)
    return sorted(out, key=by_position)


def _abbreviates(name: str, inner: str) -> bool:
    """Is one the other's abbreviation: "EY France" and "Ernst & Young", "FFSA" and
    "Fédération française du sport automobile"?"""
    first, other = name_words(name)[0], name_words(inner)[0]
    return (_CAPS.fullmatch(first) is not None and long_form(first, inner) == inner.strip()) or (
        _CAPS.fullmatch(other) is not None and long_form(other, name) == name.strip()
    )


def _claim(
    text: str, mentions: list[Mention], start: int, end: int, curated: frozenset
) -> list[Mention]:
    """``text[start:end]`` as one ORG, in place of the spans inside it; a curated span or
    one crossing its edges keeps it out."""
    inside = [m for m in mentions if m.start < end and start < m.end]
    if any(
        m.start < start or m.end > end or m.label in FIXED or (m.start, m.end) in curated
        for m in inside
    ):
        return mentions
    kept = [m for m in mentions if m not in inside]
    return [*kept, Mention(text[start:end], ORG, start, end)]


def _every_occurrence(
    text: str, mentions: list[Mention], names: set[str], curated: frozenset
) -> list[Mention]:
    out = [
        with_label(m, ORG) if m.text in names and (m.start, m.end) not in curated else m
        for m in mentions
    ]
    for name in names:
        for hit in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if all(m.end <= hit.start() or m.start >= hit.end() for m in out):
                out.append(Mention(name, ORG, hit.start(), hit.end()))
    return out


# ---------------------------------------------------------------- "la société X"

# Nouns after which a name is an organisation whatever the model read: "la société
# Michelin", "l'association Les Amis du Circuit", "le constructeur irlandais Crosslé".
_STRONG_NOUNS = (
    "entreprise|société|groupe|équipementier|constructeur|fabricant|motoriste|manufacturier|"
    "firme|marque|start-up|startup|PME|association|amicale|club|enseigne|cabinet|SARL|SAS|"
    "SASU|EURL|SCOP|SEM"
)
_INTRO = re.compile(rf"(?<![\w-])(?:{_STRONG_NOUNS})(?P<adj>\s+[a-zà-ÿ-]+)?\s+(?=[A-ZÀ-Ý])")
# A club's or association's name may hold "de la": "Les Amis du Circuit de Gueux".
# (On one line: spaces, not "\s"; a full stop inside a word only: "Le Club A.S.A.".)
_CAP = r"[A-ZÀ-Ý](?:[\w'’&-]|\.(?=\w))*"
_CLUB_NAME = re.compile(
    rf"(?:Les|Le|La|L['’])[ ]*{_CAP}(?:[ ]+{_CAP})*"
    rf"(?:[ ]+(?:de[ ]+la|de[ ]+l['’]|des|du|de|d['’])[ ]*{_CAP}(?:[ ]+{_CAP})*)*"
)


_CLUBS = ("association", "amicale", "club")


def _adjective(word: str) -> bool:
    """A nationality, a region's adjective or a trade word, in any gender and number."""
    known = _word_list("company_adjectives.txt")
    word = canonical_word(word)
    return any(word.removesuffix(end) in known for end in ("", "s", "e", "es", "ne", "nes"))


def introduced_companies(
    text: str,
    mentions: list[Mention],
    first_names: frozenset[str],
    curated: frozenset[tuple[int, int]] = frozenset(),
) -> list[Mention]:
    """A name right after a company noun is an organisation, even read as a place or a
    person with no first name: "l'équipementier allemand Bosch", "le cabinet EY France".
    After "l'association" or "le club", a name led by "Les"/"Le"/"La" runs on over "de la":
    "l'association Les Amis de la Piste Bourguignonne"."""
    out = list(mentions)
    starts = {m.start: m for m in out}
    for intro in _INTRO.finditer(text):
        adj = intro.group("adj")
        if adj and not _adjective(adj.strip()):
            continue
        noun = canonical_word(intro.group().split()[0])
        club = (
            _CLUB_NAME.match(text, intro.end())
            if noun in ("association", "amicale", "club")
            else None
        )
        if club and len(name_words(club.group())) > 1:
            out = _claim(text, out, club.start(), club.end(), curated)
            starts = {m.start: m for m in out}
            continue
        m = starts.get(intro.end())
        if m is None or (m.start, m.end) in curated or m.label in FIXED or m.label == ORG:
            continue
        words = name_words(m.text)
        person = m.label == PER and len(words) > 1 and words[0] in first_names
        if m.label in (LOC, MISC, PER) and not person:
            firm = with_label(m, ORG)
            out[out.index(m)] = firm
            starts[m.start] = firm
    return sorted(out, key=by_position)


# ---------------------------------------------------------------- legal forms

_FORM_AFTER = re.compile(
    r"\s+(?:SAS|SARL|SASU|EURL|SA|SEM|SCOP|SNC|GmbH|Ltd|Inc|S\.A\.S?\.?)(?![\w-])"
)


def legal_forms(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name followed by a legal form is a company, the form included: "Sodemo SAS"."""
    out = []
    taken = {m.start for m in mentions}
    for m in mentions:
        form = None if m.label in FIXED else _FORM_AFTER.match(text, m.end)
        if form and form.end() > m.end and not any(s in taken for s in range(m.end, form.end())):
            words = name_words(m.text)
            if not (m.label == PER and len(words) > 1):
                m = respan(text, m.start, form.end(), m, ORG)
        out.append(m)
    return out


__all__ = [
    "adjacent_organisations",
    "chez",
    "coordinated_bodies",
    "curated_labels",
    "defined_acronyms",
    "driver_teams",
    "firm_lists",
    "introduced_companies",
    "legal_forms",
    "long_form",
    "organisations",
    "role_bodies",
]
