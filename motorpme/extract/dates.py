"""DATE mentions in French press text, valued as ISO 8601 at the text's precision.

Pure module (no spaCy). ``ref`` is the article's own publication date at its own
precision ("2017-03-31", "2019-01", "2012") or None: it completes a day-month without
a year and resolves relative expressions ("l'an dernier", "ce jeudi"), never beyond
the precision it has. Regexes are linear-time: lines can be 1 MB.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from motorpme.extract.date_parts import (
    AP,
    MONTH,
    MONTH_FULL,
    OPENS,
    WEEKDAY,
    YEAR,
    Ref,
    day_of,
    iso,
    month_num,
    parse_ref,
    prev_word,
    shift_month,
    valid_day_month,
    weekday_num,
)
from motorpme.extract.date_spans import anaphoric, weekends, year_spans

# "\d{4}(?<!X\d{4})" is "(?<!X)\d{4}", tried only at digits, not at every position of the line.
_ISO = re.compile(r"(?P<y>(?:19|20)\d\d)(?<![\w/.-]\d{4})-(?P<m>\d\d)(?:-(?P<d>\d\d))?(?![\w-])")
_NUMERIC = re.compile(
    rf"(?P<d>\d(?<![\d/.,]\d)\d?)(?P<sep>[./-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>{YEAR})(?![.,/-]?\d)"
)
_DAY_MONTH = re.compile(
    rf"(?<![\w,.])(?=\d|(?i:[cdjlmpsv]))(?:(?:(?i:ce)\s+)?(?P<wd>{WEEKDAY})\s+)?"
    rf"(?P<d>1er|(?i:premier)|\d{{1,2}})"
    rf"\s+(?P<m>{MONTH})(?:\s+(?P<y>(?:1[89]|20)\d\d(?!\d)))?"
)
# The first days of a range or list before a day-month: "du 21 au", "17, 18 et", "17-18 et".
_RANGE_DAY = re.compile(
    r"(?<![\w,.])(?P<d>1er|\d{1,2})(?:\s*[,–-]\s*(?:1er|\d{1,2})){0,5}\s*(?:au|et|-|–|&)\s*$"
)
_DAYS_LINK = re.compile(r"\s*(?:au|et|-|–|&)\s*")
_MONTH_YEAR = re.compile(
    rf"(?<!\w){OPENS('acdfjmnos')}(?P<mod>(?i:mi-|fin\s+|début\s+|courant\s+))?(?P<m>{MONTH})"
    rf"\s+(?P<y>{YEAR})"
)
_MONTH_ALONE = re.compile(
    rf"(?<!\w){OPENS('acdefjmp')}(?:(?P<mod>(?i:mi-|fin\s+|début\s+|courant\s+))"
    rf"|(?i:en|pour|depuis|dès|avant|après|jusqu{AP}en|jusqu{AP}à|d{AP}ici|mois\s+de"
    rf"|mois\s+d{AP}|d{AP}|de)\s*)"
    r"(?P<m>(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
    r"|novembre|décembre|decembre)(?!\w))"
)
_PERIOD_YEAR = re.compile(
    rf"(?<!\w){OPENS('1234acdefhmpqstéÉ')}(?P<p>(?i:(?:premier|1er|second|deuxième|2e|2nd"
    rf"|troisième|3e|quatrième|4e|dernier)\s+(?:semestre|trimestre)\s+(?:de\s+|d{AP})?|mi-"
    rf"|fin\s+|début\s+|courant\s+|(?:printemps|été|automne|hiver)\s+(?:de\s+)?))(?P<y>{YEAR})"
)
_YEAR_SPAN = re.compile(
    rf"(?P<y1>(?:19|20)\d\d(?<![\w/.-]\d{{4}})(?!\d))\s?[-/–]\s?(?P<y2>{YEAR}|\d\d(?!\d))(?![\w-])"
)
_BARE_YEAR = re.compile(
    r"(?P<y>(?:19|20)\d\d(?<![\w#°+./,€$£-]\d{4})(?!\d))(?![\w%]|[.,]\d|\s?[%€$£])"
)
_RELATIVE = re.compile(
    rf"(?i:(?<!\w)(?=[acdhlm])(?:\bl{AP}an\s+(?P<y1>dernier|passé|prochain)\b"
    rf"|\bl{AP}année\s+(?P<y2>dernière|passée|prochaine|en\s+cours)\b"
    r"|\bla\s+saison\s+(?P<y3>dernière|passée|prochaine)\b"
    r"|\bcette\s+(?P<y4>année|saison)(?:-ci|(?P<there1>-l[àa]))?\b"
    r"|\b(?:le\s+)?mois\s+(?P<m1>dernier|prochain)\b|\bce\s+(?P<m2>mois)(?:-ci|(?P<there2>-l[àa]))?\b"
    r"|(?<![\w-])(?P<d1>avant-hier|après-demain|hier|demain)(?![\w-])))"
)
# "juin dernier", "septembre prochain": the last or next such month from the article date.
_MONTH_REL = re.compile(
    rf"(?<!\w){OPENS('adfjmnos')}(?P<m>(?i:janvier|f[ée]vrier|mars|avril|mai|juin|juillet"
    r"|ao[uû]t|septembre|octobre|novembre|d[ée]cembre))\s+(?P<rel>(?i:dernier|prochain|passé))"
    r"(?!\w)"
)
_WEEKDAY_REL = re.compile(
    rf"(?<!\w){OPENS('cdjlmsv')}(?P<ce>(?i:ce)\s+)?(?P<wd>{WEEKDAY})"
    r"(?:\s+(?P<rel>(?i:dernier|prochain))\b)?(?:\s+(?i:matin|midi|après-midi|soir)\b)?"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A bare year right after one of these lowercase words is a count or a model, not a date.
_NOT_BEFORE_YEAR = _words(
    "la le les une un sa son ses leur années n° numéro no rue route avenue boulevard chemin "
)
_CAPITALISED_OK = _words(
    "en depuis dès avant après fin début entre de du au dans pour vers jusqu'en "
    "jusqu’en saison édition edition été printemps automne hiver cette et ou à a "
    "l'année l’année année courant mi d'ici d’ici sur pendant durant lors exercice "
    "millésime "
)
_COUNT_NOUNS = re.compile(
    r"\s*(?i:voitures?|véhicules?|personnes?|spectateurs?|visiteurs?|participants?|exemplaires?"
    r"|emplois?|salariés?|entreprises?|pilotes?|km|kilomètres?|mètres?|m2|m²|cm3|cc|ch|chevaux"
    r"|tours?|places?|habitants?|heures?|litres?|kg|tonnes?|points?|unités?|pièces?|exposants?"
    r"|élèves?|jeunes|membres?|licenciés?|fois|euros?|francs?|dollars?|tr/min|mm|hectares?|ha"
    r"|m|mètres?|kw|bénévoles|clients?|jours?|ans|mois|semaines)(?!\w)"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date mention: ``text[start:end]`` as written, ``value`` ISO or None."""

    start: int
    end: int
    value: str | None


_Cand = tuple[int, int, str | None]


def _numeric(text: str) -> Iterator[_Cand]:
    for m in _ISO.finditer(text):
        y, mo, d = int(m["y"]), int(m["m"]), m["d"] and int(m["d"])
        value = iso(y, mo, d or None)
        if value:
            yield m.start(), m.end(), value
    for m in _NUMERIC.finditer(text):
        value = iso(int(m["y"]), int(m["m"]), int(m["d"]))
        if value:
            yield m.start(), m.end(), value
    for m in _YEAR_SPAN.finditer(text):
        y1, y2 = m["y1"], m["y2"]
        if len(y2) == 2 and int(y2) != (int(y1) + 1) % 100:
            continue  # "2018-05" is a month (ISO above), "2018-19" a season
        y2 = y1[:2] + y2 if len(y2) == 2 else y2
        if int(y2) > int(y1):  # a range is one date: "2022-2027" is "2022/2027"
            yield m.start("y1"), m.end(), f"{y1}/{y2}"


def _day_months(text: str, ref: Ref) -> Iterator[_Cand]:
    found = []
    for m in _DAY_MONTH.finditer(text):
        d, mo = day_of(m["d"]), month_num(m["m"])
        if valid_day_month(d, mo):
            found.append((m, d, mo, int(m["y"]) if m["y"] else None))
    # "du 21 juin au 2 juillet 2018": the year written once serves both ends, and the two
    # day-months are one date, an interval
    joined = [False] * len(found)
    for i in range(len(found) - 2, -1, -1):
        m, d, mo, y = found[i]
        nxt = found[i + 1]
        if _DAYS_LINK.fullmatch(text, m.end(), nxt[0].start("d")):
            joined[i + 1] = True
            found[i] = (m, d, mo, nxt[3] if y is None else y)
    # Undated article: a day-month without a year takes the one year the line's dates give
    # ("les 17 et 18 mai, puis les 25 et 26 mai 2019"), or else the one year it names
    # ("L'édition 2019 démarre les 18 et 19 mai").
    years = {f[3] for f in found if f[3] is not None}
    if ref[0] is None and not years and found:
        years = {int(y) for y in _LINE_YEAR.findall(text)}
    default = ref[0] if ref[0] is not None or len(years) != 1 else years.pop()
    for i, (m, d, mo, y) in enumerate(found):
        year = y if y is not None else default
        if joined[i] or (y is not None and iso(y, mo, d) is None):
            continue  # "29 février 2015" is no day; "février 2015" still is a month
        start, end, value = m.start(), m.end(), iso(year, mo, d) if year else None
        if i + 1 < len(found) and joined[i + 1]:
            nxt, _d2, _mo2, y2 = found[i + 1]
            last = iso(y2 if y2 is not None else year, _mo2, _d2) if year else None
            end, value = nxt.end(), f"{value}/{last}" if value and last else None
        rel = None if y is not None else _REL_AFTER.match(text, end)
        if rel:  # "23 avril prochain": the next (or last) such day from the article's date
            end, value = rel.end(), _next_or_last(ref, mo, d, rel[1].casefold() == "prochain")
        left = _RANGE_DAY.search(text, max(0, m.start() - 30), m.start("d"))
        if left and not m["wd"] and valid_day_month(day_of(left["d"]), mo):
            first = iso(year, mo, day_of(left["d"])) if year else None
            start, value = left.start("d"), f"{first}/{value}" if first and value else None
        yield start, end, value


_LINE_YEAR = re.compile(r"(?<![\w,.-])((?:19|20)\d\d)(?![\w,.-]\d|\w)")
_REL_AFTER = re.compile(r"\s+((?i:prochain|dernier))(?!\w)")


def _next_or_last(ref: Ref, mo: int, d: int, later: bool) -> str | None:
    y, rmo, rd = ref
    if not (y and rmo and rd):
        return None
    if later:
        return iso(y + ((mo, d) < (rmo, rd)), mo, d)
    return iso(y - ((mo, d) > (rmo, rd)), mo, d)


def _months(text: str, ref: Ref) -> Iterator[_Cand]:
    for m in _MONTH_YEAR.finditer(text) if _YEARISH.search(text) else ():
        yield m.start(), m.end(), iso(int(m["y"]), month_num(m["m"]))
    for m in _MONTH_ALONE.finditer(text):
        start = m.start() if m["mod"] else m.start("m")
        value = iso(ref[0], month_num(m["m"])) if ref[0] else None
        yield start, m.end(), value


def _periods(text: str, ref: Ref) -> Iterator[_Cand]:
    for m in _PERIOD_YEAR.finditer(text):
        yield m.start(), m.end(), m["y"]


def _bare_years(text: str) -> Iterator[_Cand]:
    for m in _BARE_YEAR.finditer(text):
        prev = prev_word(text, m.start())
        if prev[-1:] in {",", ";", ":", ")", "»", '"', "."}:
            yield m.start(), m.end(), m["y"]  # punctuation cuts it from any name before
            continue
        prev = prev.lstrip('"«(“[')
        low = prev.casefold()
        if low in _NOT_BEFORE_YEAR or low.isdigit() or _COUNT_NOUNS.match(text, m.end()):
            continue
        if prev[:1].isupper() and low not in _CAPITALISED_OK and not _month_num_word(low):
            continue  # "Peugeot 2008", "WEC 2019": a model or an event name
        yield m.start(), m.end(), m["y"]


def _month_num_word(word: str) -> bool:
    return re.fullmatch(MONTH, word) is not None


def _relative(text: str, ref: Ref) -> Iterator[_Cand]:
    y, mo, d = ref
    for m in _RELATIVE.finditer(text):
        groups = (m["y1"], m["y2"], m["y3"], m["y4"], m["m1"], m["m2"], m["d1"])
        word = next(g for g in groups if g).casefold()
        if m["d1"] and re.search(rf"\b(?:de|d{AP})\s*$", text[max(0, m.start() - 4) : m.start()]):
            continue  # "la voiture de demain", "les pilotes d'hier": not a day
        delta = 1 if word.startswith(("prochain", "demain")) else 0
        delta = -1 if word.startswith(("derni", "passé", "hier")) else delta
        delta = {"avant-hier": -2, "après-demain": 2}.get(word, delta)
        if m["there1"] or m["there2"]:
            value = None  # "cette année-là": the year the text spoke of, not the article's
        elif m["m1"] or m["m2"]:
            value = iso(*shift_month(y, mo, delta)) if y and mo else None
        elif m["d1"]:
            value = (dt.date(y, mo, d) + dt.timedelta(days=delta)).isoformat() if d else None
        else:
            value = iso(y + delta) if y else None
        yield m.start(), m.end(), value


# Seasons by the month they start in: "l'été prochain", "l'hiver dernier" give a year.
_SEASON_REL = re.compile(
    rf"(?i:\b(?:l{AP}|le\s+)(?P<s>été|hiver|automne|printemps)\s+(?P<rel>dernier|prochain|passé)"
    r"|\b(?:cet|ce)\s+(?P<s2>été|hiver|automne|printemps))\b"
)
_SEASON_MONTH = {"printemps": 3, "été": 6, "automne": 9, "hiver": 12}


def _month_relative(text: str, ref: Ref) -> Iterator[_Cand]:
    y, mo, _d = ref
    for m in _SEASON_REL.finditer(text):
        if m["s2"]:  # "cet été": this year's
            yield m.start(), m.end(), iso(y) if y else None
            continue
        month, value = _SEASON_MONTH[m["s"].casefold()], None
        if y and mo:
            later = m["rel"].casefold() == "prochain"
            value = iso(y + (month <= mo) if later else y - (month >= mo))
        yield m.start(), m.end(), value
    for m in _MONTH_REL.finditer(text):
        month, value = month_num(m["m"]), None
        if y and mo:
            if m["rel"].casefold() == "prochain":
                value = iso(y + (month <= mo), month)
            else:
                value = iso(y - (month >= mo), month)
        yield m.start(), m.end(), value


# "samedi 12" without a month: the month around the article date where the 12th is a Saturday.
_WEEKDAY_DAY = re.compile(
    rf"(?<!\w){OPENS('djlmsv')}(?P<wd>{WEEKDAY})\s+(?P<d>1er|\d{{1,2}})"
    r"(?!\d|\s*(?:h\b|heures?\b|[/.:-]\d))"
)


def _weekday_days(text: str, ref: Ref) -> Iterator[_Cand]:
    y, mo, _d = ref
    for m in _WEEKDAY_DAY.finditer(text):
        day, weekday, value = day_of(m["d"]), weekday_num(m["wd"]), None
        if not 1 <= day <= 31:
            continue
        for delta in (0, 1, -1) if y and mo else ():
            yy, mm = shift_month(y, mo, delta)
            if day <= calendar.monthrange(yy, mm)[1] and dt.date(yy, mm, day).weekday() == weekday:
                value = iso(yy, mm, day)
                break
        yield m.start(), m.end(), value


_HABIT = {"le", "les", "chaque", "du", "au", "tous", "des", "un"}


def _weekdays(text: str, ref: Ref) -> Iterator[_Cand]:
    skipped_end = -1
    for m in _WEEKDAY_REL.finditer(text):
        if not m["ce"] and not m["rel"]:
            prev = prev_word(text, m.start()).casefold()
            # "le dimanche", "du lundi au vendredi": habits, not a day; "le samedi et
            # dimanche" too, but "samedi et dimanche" of an event's programme are its days.
            linked = prev in {"et", "ou"} and text.rfind(" ", 0, m.start() - 1) - 3 < skipped_end
            if prev in _HABIT or linked:
                skipped_end = m.end()
                continue
        value = None
        if ref[2] is not None:
            day = dt.date(*ref)  # type: ignore[arg-type]
            back = (day.weekday() - weekday_num(m["wd"])) % 7
            rel = (m["rel"] or "").casefold()
            if rel == "prochain":
                day += dt.timedelta(days=(7 - back) or 7)
            else:
                day -= dt.timedelta(days=back or (7 if rel == "dernier" else 0))
            value = day.isoformat()
        yield m.start(), m.end(), value


# The words (or separators) each finder cannot match without, looked up before any regex runs:
# most lines hold no date. "ı", "İ" and "ſ" fold oddly in the regexes: they send a line through.
# Every month pattern ends the month with a non-word character, a dot, or a space before a
# year: checked on the lowercased line, "maire" or "marque" do not count ("MONTH" unanchored).
_AFTER = r"(?:\.|\s+\d{4})"
_MONTH_HINT = re.compile(
    rf"j(?:an(?:vier(?!\w)|v?{_AFTER})|ui(?:n(?!\w)|llet(?!\w)|l{_AFTER}))"
    rf"|f[ée]v(?:rier(?!\w)|r?{_AFTER})|ma(?:rs(?!\w)|i(?!\w)|r{_AFTER})"
    rf"|a(?:vr(?:il(?!\w)|{_AFTER})|o[uû]t(?!\w))|sep(?:tembre(?!\w)|t?{_AFTER})"
    rf"|oct(?:obre(?!\w)|{_AFTER})|nov(?:embre(?!\w)|{_AFTER})|d[ée]c(?:embre(?!\w)|{_AFTER})"
)
_YEARISH = re.compile(r"(?:19|20)\d\d")  # in every regex of the numeric, year and period finders
_DIGIT = re.compile(r"\d")
_SEP_AFTER, _SEP_BEFORE = re.compile(r"(?:19|20)\d\d\s?[-/–]"), re.compile(r"[./-](?:19|20)\d\d")
_FINDERS = (lambda t, r: _numeric(t), _day_months, _months, _periods, lambda t, r: _bare_years(t))
_FINDERS += (_relative, _month_relative, _weekday_days, _weekdays, year_spans, weekends)


def _finders(text: str) -> list[Callable[[str, Ref], Iterator[_Cand]]]:
    """The finders that may match somewhere in ``text``, in a fixed order (plain ``in`` tests)."""
    low, odd = text.lower(), "ı" in text or "İ" in text or "ſ" in text  # fold oddly in regexes
    year = _YEARISH.search(text) is not None
    month = odd or _MONTH_HINT.search(low) is not None
    relative = odd or "l'an" in low or "l’an" in low or "année" in low or "saison" in low
    relative = relative or "mois" in low or "hier" in low or "demain" in low
    weekday = odd or "lundi" in low or "mardi" in low or "mercredi" in low or "jeudi" in low
    weekday = weekday or "vendredi" in low or "samedi" in low or "dimanche" in low
    seasons = "été" in low or "hiver" in low or "automne" in low or "printemps" in low
    period = year and (odd or seasons or "semestre" in low or "trimestre" in low or "mi-" in low)
    period = period or (year and ("fin" in low or "début" in low or "courant" in low))
    numeric = year and (_SEP_AFTER.search(text) or _SEP_BEFORE.search(text)) is not None
    # A day-month needs a day (digits, "1er", "premier"); "juin dernier" its word of time.
    day = month and (year or odd or "premier" in low or _DIGIT.search(text) is not None)
    ago = (month or seasons) and (odd or "dernier" in low or "prochain" in low or "passé" in low)
    ago = ago or (seasons and ("cet " in low or "ce " in low))
    spans = (
        "année" in low
        or "ties" in low
        or (year and ("entre" in low or "de" in low or "saison" in low))
    )
    weekend = odd or "week-end" in low or "weekend" in low
    wanted = (numeric, day, month, period, year, relative, ago, weekday, weekday, spans, weekend)
    return [finder for want, finder in zip(wanted, _FINDERS, strict=True) if want]


def find_dates(text: str, ref: str | None = None) -> list[DateMention]:
    """All date mentions of one line or paragraph, in text order, without overlaps."""
    r = parse_ref(ref)
    cands = [cand for finder in _finders(text) for cand in finder(text, r)]
    cands.sort(key=lambda c: (c[0], c[0] - c[1]))
    kept: list[_Cand] = []
    for cand in cands:
        if kept and cand[0] < kept[-1][1]:
            continue  # the longest mention starting first wins
        kept.append(cand)
    return [DateMention(*cand) for cand in anaphoric(text, kept)]


def parse_date(expr: str, ref: str | None = None) -> str | None:
    """ISO value of one date expression ("14 octobre 2012", "l'an dernier", "avril")."""
    expr = expr.strip()
    if re.fullmatch(MONTH_FULL, expr):
        r = parse_ref(ref)
        return iso(r[0], month_num(expr)) if r[0] else None
    found = find_dates(expr, ref)
    return found[0].value if found else None
