"""The pieces of a French date: month and weekday names, the article's reference date, and
ISO 8601 values at the precision the text gives. Pure; shared by the date finders.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

AP = "['’]"
YEAR = r"(?:19|20)\d\d(?!\d)"
MONTH_FULL = (
    r"(?i:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre"
    r"|novembre|d[ée]cembre)(?!\w)"
)
# Abbreviations: with their dot anywhere, without it only right before a year.
MONTH = (
    rf"(?:{MONTH_FULL}|(?i:janv|jan|f[ée]vr?|mar|avr|juil|sept?|oct|nov|d[ée]c)\."
    r"|(?i:janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c)(?=\s+\d{4}(?!\d)))"
)
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
# Weekday number from the first two letters; the regexes ignore case, so "JEUDİ" and "jeudı"
# match too: their odd i's are read as i (not in _WEEKDAYS once casefolded).
_WEEKDAY_NUM = {day[:2]: n for n, day in enumerate(_WEEKDAYS)}
_ODD_I = str.maketrans("ıİſ", "iis")
WEEKDAY = r"(?i:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?!\w)"
# After an opening lookbehind, "(?=the characters a match can start with)": same matches, and
# it fails at once where each branch would try its own letters. OPENS is case-insensitive.
OPENS = "(?=(?i:[{}]))".format

Ref = tuple[int | None, int | None, int | None]


@lru_cache(maxsize=4096)  # keyed on the article's date: few distinct ones per run
def parse_ref(ref: str | None) -> Ref:
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:[T ].*)?", ref or "")
    if not m:
        return None, None, None
    y, mo, d = (int(g) if g else None for g in m.groups())
    return y, mo, d


_MONTH_PREFIXES = (("ja", 1), ("f", 2), ("mar", 3), ("av", 4), ("mai", 5), ("ao", 8), ("se", 9))
_MONTH_PREFIXES += (("o", 10), ("n", 11), ("d", 12))


@lru_cache(maxsize=256)  # a few spellings of twelve months
def month_num(word: str) -> int:
    w = word.casefold().rstrip(".").replace("é", "e").replace("û", "u")
    if w.startswith("juil"):
        return 7
    if w.startswith("juin"):
        return 6
    for prefix, num in _MONTH_PREFIXES:
        if w.startswith(prefix):
            return num
    return 0


@lru_cache(maxsize=4096)
def iso(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    """ISO string at the given precision, or None when the parts make no date."""
    if y is None:
        return None
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    if not 1 <= d <= calendar.mdays[m] + (m == 2 and calendar.isleap(y)):  # monthrange's
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def day_of(raw: str) -> int:
    return 1 if raw.casefold() in ("1er", "premier") else int(raw)


def valid_day_month(d: int, m: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.mdays[m] + (m == 2)  # as in leap year 2000


def prev_word(text: str, pos: int) -> str:
    words = text[max(0, pos - 30) : pos].rsplit(None, 1)  # str and regex spaces are one set
    return words[-1] if words else ""


def shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + delta
    return total // 12, total % 12 + 1


def weekday_num(word: str) -> int:
    return _WEEKDAY_NUM[word.translate(_ODD_I).casefold()[:2]]
