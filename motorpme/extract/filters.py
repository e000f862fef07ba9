"""Clean and repair the model's entity spans with rules of the genre. Pure: no spaCy.

Every function takes the article text and mentions whose offsets point into it, and
returns mentions that still satisfy ``text[m.start:m.end] == m.text``. MONEY and DATE
come from the rules component and pass through untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from operator import itemgetter

from motorpme.extract.mentions import EVENT, FIXED, LOC, MISC, ORG, PER, PRODUCT, respan, with_label
from motorpme.extract.words import (
    BOILERPLATE,
    EVENT_CUES,
    LEGAL_FORMS,
    ORG_CUES,
    SITE_CUES,
    STOPWORDS,
    WORD,
    bare_word,
    canonical_word,
    folded_words,
    name_words,
)
from motorpme.models import Mention

# Leading words that are never part of a name: determiners, elided pronouns, prepositions.
_LEADING = re.compile(  # used with .match(text, pos): anchored at pos, so no "^"
    r"(?:(?:le|la|les|du|des|de|au|aux|à|en|et|un|une|ce|cet|cette|ces|son|sa|ses|leur|leurs|"
    r"notre|nos|votre|vos|par|pour|sur|chez|avec|dont|où)\s+|"
    r"(?:[LlDdCcNnSsJjMmTt]|[Qq]u)['’]\s*|"
    r"[a-zé]{1,3}\.\s+|"  # an abbreviation ending the sentence before: "de 9 h à 19 h. Parking"
    r"ex-(?=[A-ZÀ-Ý]))+"  # "l'ex-Graff": the name is the firm's
)
_LOWER_WORD = re.compile(r"[a-zà-ÿ][\w-]*\s+(?=[A-ZÀ-Ý])")
_STRIP_LEAD = " \t\"'«»“”‘’([{-–—•*:;,.!?/|©"
# A civility title or a photo credit's word before a name: "M. Estrosi", "Photo Jean Dupont";
# a capitalised office before its body: "Président de la Fédération X", "Ministre des sports"
# (the office is no name; what is left, when lowercase, is noise).
_TITLE = re.compile(
    r"(?:(?:M|MM|Mme|Mmes|Mlle|Dr|Pr|Me)\.?|(?i:photos?|cr[ée]dits?\s+photos?)\s*:?)"
    r"\s+(?=[A-ZÀ-Ý])"
    r"|(?:Vice-(?i:pr[ée]sidente?)|Pr[ée]sidente?|Directeur|Directrice|Ministre|Maire|Pr[ée]f[eè]te?|D[ée]put[ée]e?"
    r"|S[ée]nat(?:eur|rice)|Secr[ée]taire|D[ée]l[ée]gu[ée]e?)"
    r"(?:\s+(?i:g[ée]n[ée]rale?|d[ée]l[ée]gu[ée]e?|adjointe?|ex[ée]cuti(?:f|ve)))?"
    r"\s+(?:de\s+la|de\s+l['’]|du|des|d['’]|de)\s*(?=\w)"
)
_STRIP_TRAIL = " \t\"'«»“”‘’)]}-–—•*:;,!?/|"
_CODE = re.compile(r"^(?=[\w-]*\d)[A-Z0-9][\w-]*$")  # "A470", "911", "9X8", "GT3"


def strip_span(text: str, m: Mention) -> Mention | None:
    """Trim determiners, punctuation and quotes off the edges; None when nothing is left."""
    bounds = _trimmed(m.text, m.label == PER)
    if bounds is None:
        return None
    start, end = bounds
    if text[m.end : m.end + 1] in ("'", "’"):  # "nature s" of "la nature s’était": an elision
        elided = _ELIDED_END.search(m.text, start, end)
        end = elided.start() if elided and elided.start() > start else end
    if start == 0 and end == len(m.text):
        return m  # frozen: no copy
    return respan(text, m.start + start, m.start + end, m)


_ELIDED_END = re.compile(r"\s+(?:[sldncjmt]|qu|jusqu|lorsqu|puisqu)$")


@lru_cache(maxsize=65536)
def _trimmed(span: str, person: bool) -> tuple[int, int] | None:
    """What is left of ``span`` (start, end), or None: only the span's own text is read, and
    names recur within and across articles."""
    start, end = 0, len(span)
    while True:
        before = start
        while start < end and span[start] in _STRIP_LEAD and span[start] != "#":
            start += 1
        title = _TITLE.match(span, start)
        if title and title.end() < end:
            start = title.end()
            continue
        lead = _LEADING.match(span, start)
        # A capitalised article is part of the name ("Le Mans", "La Rochelle").
        if lead and lead.end() < end and not span[start].isupper():
            start = lead.end()
        elif lead and lead.end() < end and span[start : lead.end()].rstrip()[-1:] in "'’":
            start = lead.end()  # "D'", "C'", "L'" elisions before a name
        elif person and start < end and span[start].islower():
            verb = _LOWER_WORD.match(span, start)  # "», sourit Carbonnel": a verb of saying
            start = verb.end() if verb and verb.end() < end else start
        if start == before:
            break
    if person:  # "plan B. Il faut": a sentence's first pronoun is no part of a name
        last = _LAST_WORD.search(span, start, end)
        if last and last.start() > start and canonical_word(last.group(1)) in STOPWORDS:
            end = last.start()
    close = span.find(")", start, end)  # "(Indre),dans": the name ends at its bracket
    if close > start and "(" not in span[start:close]:
        end = close
    while end > start and (span[end - 1] in _STRIP_TRAIL or _bad_final_dot(span, start, end)):
        end -= 1
    return None if end <= start else (start, end)


_LAST_WORD = re.compile(r"[.\s]\s*([A-ZÀ-Ý][a-zà-ÿ]*)$")


def _bad_final_dot(text: str, start: int, end: int) -> bool:
    """A final full stop belongs to the sentence unless the name is an acronym ("S.A.")."""
    return text[end - 1] == "." and "." not in text[start : end - 1]


def is_noise(m: Mention) -> bool:
    """Spans that are never names: numbers, elisions, pronouns, site chrome, lowercase words."""
    return _noise(m.text)


@lru_cache(maxsize=65536)
def _noise(text: str) -> bool:  # the span's text decides; names recur within and across articles
    words = name_words(text)
    if not words or sum(c.isalnum() for c in text) < 2 or not any(c.isalpha() for c in text):
        return True
    folded = [canonical_word(w) for w in words]
    if all(w in STOPWORDS or w.endswith("'") for w in folded):
        return True
    if " ".join(folded) in BOILERPLATE or all(w in BOILERPLATE for w in folded):
        return True
    if text[0] == "#":
        return False
    # Entirely lowercase: a common noun phrase, not a name (particles alone do not save it).
    return not any(c.isupper() for c in text)


def extend_le_mans(text: str, m: Mention) -> Mention:
    """The model splits "Le" off "Le Mans"; "au Mans" and "du Mans" stay "Mans"."""
    if m.text == "Mans" and text[max(0, m.start - 3) : m.start] == "Le ":
        return respan(text, m.start - 3, m.end, m, LOC)
    if m.text in ("Mans", "Le Mans") and m.label not in FIXED | {EVENT}:
        return with_label(m, LOC)
    return m


def split_on_first_name(
    text: str, m: Mention, first_names: frozenset[str], brands: frozenset[str] = frozenset()
) -> list[Mention]:
    """ "Pôle Romain Dumas" -> "Pôle" + PER "Romain Dumas": a first name starts a person,
    unless it ends a maker's name with the word before ("Alfa Romeo", "Aston Martin")."""
    if m.label not in (LOC, ORG, MISC):
        return [m]
    cut = _first_name_cut(m.text, first_names, brands)
    if cut is None:
        return [m]
    head_end, person = cut
    return [
        respan(text, m.start, m.start + head_end, m),
        respan(text, m.start + person, m.end, m, PER),
    ]


@lru_cache(maxsize=65536)
def _first_name_cut(
    name: str, first_names: frozenset[str], brands: frozenset[str]
) -> tuple[int, int] | None:
    """Where the head ends and the person starts in ``name``, if a first name cuts it."""
    words = list(WORD.finditer(name))
    for i, w in enumerate(words[1:], start=1):
        tail = words[i:]
        if (
            w.group() in first_names
            and f"{words[i - 1].group()} {w.group()}" not in brands
            and 2 <= len(tail) <= 3
            and all(t.group()[0].isupper() for t in tail)
        ):
            return words[i - 1].end(), w.start()
    return None


@lru_cache(maxsize=8)
def _folded(words: frozenset[str]) -> frozenset[str]:
    return frozenset(canonical_word(w) for w in words)


def relabel(m: Mention, first_names: frozenset[str]) -> Mention:
    """Label from the name's own words: organisation suffixes, event words, a first name."""
    if m.label in FIXED:
        return m
    label = _own_label(m.text, m.label, first_names)
    return m if label == m.label else with_label(m, label)


@lru_cache(maxsize=65536)
def _own_label(name: str, label: str, first_names: frozenset[str]) -> str:
    words = name_words(name)
    folded = {canonical_word(w) for w in words}
    last = canonical_word(words[-1]) if words else ""
    if len(words) > 1 and last in ORG_CUES and last not in EVENT_CUES:
        return ORG  # the head ends an English-style name: "Classic Racing School"
    if len(words) > 1 and folded & EVENT_CUES and label != PER:
        return EVENT
    ends = {canonical_word(words[0]), canonical_word(words[-1])}
    if len(words) > 1 and ends & _folded(SITE_CUES) and not folded & LEGAL_FORMS:
        return LOC
    if folded & _folded(ORG_CUES):
        return ORG
    if (
        len(words) in (2, 3)
        and words[0] in first_names
        and all(w[0].isupper() for w in words)
        and label in (LOC, ORG, MISC)
    ):
        return PER
    return label


def product_context(text: str, m: Mention, brands: frozenset[str]) -> Mention:
    """A maker's name followed by a model is a product: "Alpine A470", "Alfa Romeo Giulietta".

    A following maker or organisation word keeps the name a team ("Signatech Alpine Matmut").
    """
    if m.label in FIXED or m.label in (EVENT, PRODUCT):
        return m
    brand = _brand_of(m.text, brands)
    if brand is None:
        return m
    product = with_label(m, PRODUCT)
    if m.text == brand:
        follow = re.match(r" ([\w-]+)", text[m.end : m.end + 20])
        if follow and _CODE.match(follow.group(1)):
            return respan(text, m.start, m.end + follow.end(), product)
        return m
    rest = name_words(m.text[len(brand) :])
    if not rest:  # only marks or symbols after the maker ("Alpine ̸")
        return m
    if folded_words(" ".join(rest)) & ORG_CUES:
        return m  # "Alpine F1 Team": a team, not a model
    if _CODE.match(rest[0]):
        return product
    capitalised = all(w[0].isupper() and w not in brands for w in rest)
    if capitalised and not folded_words(" ".join(rest)) & (ORG_CUES | EVENT_CUES):
        return product
    return m


@lru_cache(maxsize=65536)  # asked three times per name by postprocess
def _brand_of(name: str, brands: frozenset[str]) -> str | None:
    """The maker that ``name`` is or starts with (a whole word): a set lookup per word end."""
    if name in brands:
        return name
    end = name.find(" ")
    while end > 0:
        if name[:end] in brands:
            return name[:end]
        end = name.find(" ", end + 1)
    return None


def surname_evidence(
    mentions: list[Mention], curated: frozenset[tuple[int, int]] = frozenset()
) -> list[Mention]:
    """A name the article also gives whole takes that name's label ("Cerruti" -> PER).

    A one-word span equal to the last word of a multi-word PER becomes PER; any span
    equal (case-folded) to a longer-attested form takes that form's majority label.
    """
    surnames = surnames_of(mentions)
    keys = [canonical_word(m.text) for m in mentions]
    votes: dict[str, dict[str, int]] = {}
    for m, key in zip(mentions, keys, strict=True):
        if m.label not in FIXED:
            count = votes.setdefault(key, {})
            count[m.label] = count.get(m.label, 0) + 1
    # The first label with the most votes (what Counter.most_common(1) gives), once per key;
    # a key with one label keeps it.
    top = {k: max(count.items(), key=itemgetter(1)) for k, count in votes.items() if len(count) > 1}
    out = []
    for m, key in zip(mentions, keys, strict=True):
        if m.label in FIXED or (m.start, m.end) in curated:
            out.append(m)
        elif key in surnames and len(name_words(m.text)) == 1:
            out.append(m if m.label == PER else with_label(m, PER))
        elif key in top and top[key][1] > votes[key][m.label]:
            out.append(with_label(m, top[key][0]))
        else:
            out.append(m)
    return out


def protected_words(mentions: Iterable[Mention]) -> set[str]:
    """Folded words that the article shows inside multi-word names."""
    words: set[str] = set()
    for m in mentions:
        parts = name_words(m.text)
        if len(parts) > 1 and m.label not in FIXED:
            words.update(canonical_word(w) for w in parts)
    return words


def surnames_of(mentions: list[Mention]) -> set[str]:
    """Folded last words of the article's multi-word person names."""
    return {
        canonical_word(name_words(m.text)[-1])
        for m in mentions
        if m.label == PER and len(name_words(m.text)) > 1
    }


def is_bare(m: Mention, curated: frozenset[tuple[int, int]]) -> bool:
    """A lone cue noun ("Pôle", "Team") or a one- or two-letter code is not a name."""
    return (m.start, m.end) not in curated and bare_word(m.text)
