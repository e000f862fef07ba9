"""An article's publication date from its own text, and where it was read (``date_source``).

Only the places a page prints its own date are read: the header lines before the lead, a
byline, the first sentence of the lead (a dateline), a dated URL. Dates of the events an
article talks about sit deeper in the body and are never taken. When none is stated,
``inferred_year`` offers the latest year the article speaks of in the past tense.
Every regex works on one bounded, folded line: a long file costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from motorpme.ingest.boilerplate import fold_line, has_words

HEADER, BYLINE, DATELINE, URL, INFERRED = "header", "byline", "dateline", "url", "inferred"
SOURCES = (HEADER, BYLINE, DATELINE, URL, INFERRED)


@dataclass(frozen=True, slots=True)
class Dated:
    """An ISO date at the text's precision and where it came from (both None: undated)."""

    date: str | None = None
    source: str | None = None


# Month names and the abbreviations French sites print, folded; "|" separates months.
_MONTH_NAMES = (
    "janvier janv jan|fevrier fevr fev|mars mar|avril avr|mai|juin|juillet juil|aout aou|"
    "septembre sept sep|octobre oct|novembre nov|decembre dec"
)
_MONTHS = {n: i for i, names in enumerate(_MONTH_NAMES.split("|"), 1) for n in names.split()}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"((?:19|20)\d\d)"
_DATES = (  # on folded text; each yields (year, month, day|None)
    (re.compile(rf"\b(\d{{1,2}})(?:er)? ({_MONTH})\.? {_YEAR}\b"), (3, 2, 1)),
    (re.compile(rf"\b(\d{{1,2}})[./-](\d{{1,2}})[./-]{_YEAR}\b"), (3, 2, 1)),
    (re.compile(rf"\b{_YEAR}-(\d\d)(?:-(\d\d))?\b"), (1, 2, 3)),
)
_YEARISH = re.compile(r"(?:19|20)\d\d")


def find_date(folded: str) -> str | None:
    """The first full date of a folded line as ISO (``2016-03-14``, ``2019-01``), or None."""
    found = _find(folded)
    return found[0] if found else None


def _find(folded: str) -> tuple[str, re.Match[str]] | None:
    if not _YEARISH.search(folded):  # every pattern needs a year; most lines have none
        return None
    for pattern, (y, m, d) in _DATES:
        for match in pattern.finditer(folded):
            groups = match.groups()
            month = groups[m - 1]
            month_n = _MONTHS.get(month) or int(month)
            day = groups[d - 1]
            if not 1 <= month_n <= 12 or (day and not 1 <= int(day) <= 31):
                continue
            iso = f"{groups[y - 1]}-{month_n:02d}"
            return (f"{iso}-{int(day):02d}" if day else iso), match
    return None


# Keys a header prints before a date: publication first, then an update, which only stands
# in for the publication date when the page gives no other.
_PUBLISHED = re.compile(r"\b(?:publie|mis en ligne|paru)\b|^date\b")
_UPDATED = re.compile(r"\b(?:mise? a jour|modifie|actualise)\b")
# What a line that is "just a date" may hold besides it: weekday, time, a few key words.
_FILLER = re.compile(
    r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|le|a|publie|mis en ligne"
    r"|mise? a jour|modifie|actualise|date|du|\d{1,2}\s?[h:]\s?(?:\d\d)?|\d{1,2}h)\b"
)
_BYLINE = re.compile(r"(?:par|by)\b")
# A dateline: "Nancy, le 5 octobre 2017", or "hier, jeudi 5 juin 2014", "ce 2 avril 2011".
_PLACE_DATELINE = re.compile(r"[a-z][\w' -]{1,40}, (?:le )?(?:\d|1er)")
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_DEICTIC = re.compile(
    rf"\b(avant-hier|hier|aujourd'?hui|ce|cette)(?: (?:matin|soir|apres-midi|nuit))?,? "
    rf"(?:{_WEEKDAY},? )?(?:le )?(?=\d)"
)
_SHIFT = {"avant-hier": 2, "hier": 1}  # the event was yesterday: the page is a day later
_URL_DATE = re.compile(r"https?://\S*?/((?:19|20)\d\d)/(\d\d)/(?:(\d\d)/)?")
_LEAD_WORDS = 20  # a line of this many words is the lead: the header ends before it
_HEADER_LINES = 40


def publication_date(lines: list[str]) -> Dated:
    """The date the page states for itself, from its non-empty lines, with its source."""
    lead_at = next((i for i, line in enumerate(lines) if has_words(line, _LEAD_WORDS)), None)
    head = lines[: min(_HEADER_LINES, len(lines) if lead_at is None else lead_at)]
    lead = lines[lead_at] if lead_at is not None else ""
    tail = lines[-5:]
    published, updated = _keyed(head + ([lead] if lead else []))
    found = (
        (published, HEADER),
        (_date_line(head), HEADER),
        (_byline(head + tail), BYLINE),
        (_dateline(lead), DATELINE),
        (_url(head + tail), URL),
        (updated, HEADER),
    )
    return next((Dated(d, source) for d, source in found if d), Dated())


def _keyed(lines: list[str]) -> tuple[str | None, str | None]:
    """The first publication date and the first update date the keyed lines give."""
    published = updated = None
    for line in lines:
        folded = fold_line(line)
        keys = sorted(
            [(m.start(), True) for m in _PUBLISHED.finditer(folded)]
            + [(m.start(), False) for m in _UPDATED.finditer(folded)]
        )
        if not keys:
            continue
        # Each key reads up to the next: "Publié il y a 3 ans - Mis à jour le 02.05.2014".
        ends = [start for start, _ in keys[1:]] + [len(folded)]
        for (start, is_pub), end in zip(keys, ends, strict=True):
            found = find_date(folded[start : min(end, start + 120)])
            if found and is_pub and published is None:
                published = found
            elif found and not is_pub and updated is None:
                updated = found
        if published:
            break
    return published, updated


def _date_line(head: list[str]) -> str | None:
    """A line that is little more than a date: "lundi 14 mars 2016", "NANCY | 14/03/2016"."""
    for line in head:
        if has_words(line, 9):
            continue
        folded = fold_line(line)
        found = _find(folded)
        if found:
            rest = _FILLER.sub(" ", folded[: found[1].start()] + " " + folded[found[1].end() :])
            if len(re.findall(r"[a-z]{2,}", rest)) <= 2:
                return found[0]
    return None


def _byline(lines: list[str]) -> str | None:
    """A date beside the author: "Par Anne Roux, Le Journal, jeudi 21 mai 2015 à 17:52"."""
    for line in lines:
        folded = fold_line(line)
        if _BYLINE.match(folded) and not has_words(folded, 25):
            found = find_date(folded)
            if found:
                return found
    return None


def _dateline(lead: str) -> str | None:
    """A date opening the lead or set in its first sentence by "hier", "ce", "aujourd'hui"."""
    folded = fold_line(lead)
    if _PLACE_DATELINE.match(folded):
        found = find_date(folded[:80])
        if found:
            return found
    first = re.split(r"[.!?] ", folded, maxsplit=1)[0]
    for cue in _DEICTIC.finditer(first):
        found = _find(first[cue.end() :])
        if found and found[1].start() == 0:
            return _shift(found[0], _SHIFT.get(cue.group(1), 0))
    return None


def _shift(iso: str, days: int) -> str:
    if not days or len(iso) != 10:
        return iso
    try:
        return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()
    except ValueError:
        return iso


def _url(lines: list[str]) -> str | None:
    for line in lines:
        if "http" in line:
            match = _URL_DATE.search(line)
            if match and 1 <= int(match.group(2)) <= 12:
                year, month, day = match.groups()
                return f"{year}-{month}-{day}" if day else f"{year}-{month}"
    return None


# A clause in a past tense: an imperfect (not a conditional: "pourrait"), or an auxiliary
# before a past participle. On lower case with its accents: "à" is no auxiliary.
_PAST = re.compile(
    r"\b\w{2,}(?<!r)(?:ait|aient)\b|\b(?:a|ont|avait|avaient|avons|s'est|se sont|fut|furent)"
    r" (?:(?:déjà|bien|été|aussi|également|ainsi|encore|notamment) )*"
    r"\w+(?:é|ée?s?|is?|us?|it|ert)\b"
)
# Clauses end at a sentence stop or a coordinated clause ("a développé X, et Y sera créé").
_CLAUSE = re.compile(r"(?:[^.!?;\n,]|,(?! (?:et|mais|puis) ))+")
# The end of a span ("la période 2022-2027") may lie after the article was written.
_YEAR_WORD = re.compile(r"(?<![-/])\b(?:19[5-9]\d|20[0-4]\d)\b")


def inferred_year(text: str, limit: int = 20_000) -> str | None:
    """The latest year the article speaks of in a past tense ("a eu lieu en 2008"): a lower
    bound of when it was written, never a stated date."""
    years = [
        year
        for clause in _CLAUSE.findall(text[:limit])
        if _YEARISH.search(clause) and _PAST.search(clause.lower().replace("\u2019", "'"))
        for year in _YEAR_WORD.findall(clause)
    ]
    return max(years) if years else None
