"""Dates that span years, each one mention valued as an ISO interval: "entre 1971 et
1990", "de 1991 à 2008", decades ("années 1980" -> 1980/1989, "les sixties"), seasons
("saison 2018-2019"); dates valued by the date before them ("cette année-là"). Pure; finders
of ``dates.find_dates``. Regexes are linear-time: lines can be 1 MB.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from motorpme.extract.date_parts import OPENS, YEAR, Ref

# "entre 1971 et 1990", "de 1991 à 2008": one date, an interval.
_YEAR_RANGE = re.compile(
    rf"(?<!\w){OPENS('de')}(?:(?i:entre)|(?i:de|du))\s+(?P<y1>{YEAR})\s+(?:et|à|au)\s+(?P<y2>{YEAR})"
)
# "années 1980", "années 70", "début des années 2010", "années 1960-70": a decade or two.
_DECADE = re.compile(
    r"(?<!\w)(?=(?i:[dfma]))(?:(?i:début|fin|milieu)\s+des\s+)?(?i:années)\s+"
    r"(?P<d1>(?:19|20)?\d0)(?:\s?[-–]\s?(?P<d2>(?:19|20)?\d0))?(?![\w-])"
)
# "les sixties", "des seventies": English decade words in French text, after an article.
_DECADE_WORD = re.compile(
    r"(?<!\w)(?i:les|des|aux|the)\s+(?P<w>(?i:fifties|sixties|seventies|eighties|nineties))(?!\w)"
)
_DECADES = {"fifties": 1950, "sixties": 1960, "seventies": 1970, "eighties": 1980, "nineties": 1990}
# "saison 2018", "fin de la saison 2022", "saison 2018-2019": the season's year(s).
_SEASON_YEAR = re.compile(
    rf"(?<!\w){OPENS('fs')}(?:(?i:fin|début)\s+de\s+(?:la\s+)?)?(?i:saison)\s+(?P<y1>{YEAR})"
    rf"(?:[-/–](?P<y2>{YEAR}|\d\d(?!\d)))?(?![\w-])"
)


def _decade_year(raw: str) -> int:
    return int(raw) if len(raw) == 4 else (1900 if int(raw) >= 30 else 2000) + int(raw)


def year_spans(text: str, ref: Ref) -> Iterator[tuple[int, int, str | None]]:
    for m in _YEAR_RANGE.finditer(text):
        if int(m["y2"]) > int(m["y1"]):
            yield m.start(), m.end(), f"{m['y1']}/{m['y2']}"
    for m in _DECADE.finditer(text):
        first = _decade_year(m["d1"])
        last = _decade_year(m["d2"]) if m["d2"] else first
        if last >= first:
            yield m.start(), m.end(), f"{first}/{last + 9}"
    for m in _DECADE_WORD.finditer(text):
        first = _DECADES[m["w"].lower()]
        yield m.start("w"), m.end("w"), f"{first}/{first + 9}"
    for m in _SEASON_YEAR.finditer(text):
        y2 = m["y2"] and (m["y1"][:2] + m["y2"] if len(m["y2"]) == 2 else m["y2"])
        value = f"{m['y1']}/{y2}" if y2 and int(y2) > int(m["y1"]) else m["y1"]
        yield m.start(), m.end(), value


# "ce week-end", "le week-end dernier", "le week-end prochain": one Saturday-Sunday.
_WEEKEND = re.compile(
    r"(?<!\w)(?=(?i:[cl]))(?:(?i:ce)\s+(?i:week-?end)|(?i:le)\s+(?i:week-?end)\s+"
    r"(?P<rel>(?i:dernier|prochain|passé)))(?!\w)"
)


def weekends(text: str, ref: Ref) -> Iterator[tuple[int, int, str | None]]:
    """A weekend named from the article's date: its Saturday/Sunday interval, or no value
    when the article has no full date."""
    y, mo, d = ref
    for m in _WEEKEND.finditer(text):
        value = None
        if y and mo and d:
            day = dt.date(y, mo, d)
            saturday = day + dt.timedelta(days=5 - day.weekday())  # this week's (Sunday: -1)
            rel = (m["rel"] or "").casefold()
            saturday += dt.timedelta(days=7 * ((rel == "prochain") - (rel in ("dernier", "passé"))))
            sunday = saturday + dt.timedelta(days=1)
            value = f"{saturday.isoformat()}/{sunday.isoformat()}"
        yield m.start(), m.end(), value


_THERE = re.compile(r"(?i:(?P<unit>année|saison|mois)-l[àa])")


def anaphoric(
    text: str, found: list[tuple[int, int, str | None]]
) -> list[tuple[int, int, str | None]]:
    """Give "cette année-là", "ce mois-là" the year (month) of the date just before them in
    the same paragraph ("né en 1973. Cette année-là" is 1973); without one they stay None."""
    for i in range(1, len(found)):
        (start, end, value), before = found[i], found[i - 1][2]
        there = _THERE.search(text, start, end) if value is None and before else None
        if there is None or before is None:
            continue
        first, _, last = before.partition("/")
        size = 7 if there["unit"].lower() == "mois" else 4
        if len(first) >= size and (not last or last[:size] == first[:size]):
            found[i] = (start, end, first[:size])  # not after "1974-1984": which year?
    return found
