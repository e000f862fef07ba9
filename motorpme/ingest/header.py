"""An article's metadata from its first and last lines: title, publication date, author, source.

Every regex is anchored on one (bounded) line, so a long file costs linear time.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from motorpme.ingest.boilerplate import fold_line, has_words, is_content, is_rubric


@dataclass(frozen=True, slots=True)
class Header:
    title: str | None = None
    date: str | None = None
    author: str | None = None
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
# A line's date key: one of these words anywhere, or "date"/"le 5" opening it. Searched apart,
# the words (each opening on a letter) are found by a scan for those letters alone.
_DATE_WORD = re.compile(r"(?:publie|mise? a jour|modifie|actualise)\b")
_DATE_OPENING = re.compile(r"(?:publie|mise? a jour|modifie|actualise)\b|date\b|le \d")
_BYLINE = re.compile(r"(?:par|by)\b:?\s*(.*)", re.IGNORECASE)
_NAME = re.compile(r"[A-ZÀ-Ý][\w'.-]*(?: (?:de |du |d'|van |von |le |la )?[A-ZÀ-Ý][\w'.-]*){0,3}")
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_URL = re.compile(r"https?://(?:www\.)?([\w-]+(?:\.[\w-]+)+)")
_SLUG = re.compile(r"[a-z]+(?:-[a-z]+){1,3}")
_LEAD_DATE = re.compile(r"date \S+ ")
# A dateline opening the first paragraph: "Nancy, le 5 octobre 2017. Florence Martin ...".
_DATELINE = re.compile(r"[a-z][\w' -]{1,40}, (?:le )?(?:\d|1er)")


def _find_date(folded: str) -> str | None:
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
            return f"{iso}-{int(day):02d}" if day else iso
    return None


def _date_key(folded: str) -> int | None:
    """Where the date key of a folded line starts, if it has one."""
    if (
        "publie" in folded
        or "a jour" in folded
        or "modifie" in folded
        or "actualise" in folded
        or folded.startswith(("date", "le "))
    ):
        key = _DATE_OPENING.match(folded) or _DATE_WORD.search(folded)
        return key.start() if key else None
    return None


def _header_date(head: list[str]) -> str | None:
    """Publication/update lines first, then a line that is little more than a date."""
    fallback = None
    for line in head:
        folded = fold_line(line)
        key = _date_key(folded)
        if key is not None:
            found = _find_date(folded[key : key + 120])
            if found:
                return found
        if fallback is None:
            short = not has_words(folded, 13)
            if short or _DATELINE.match(folded):
                fallback = _find_date(folded if short else folded[:80])
    return fallback


def _is_meta(line: str) -> bool:
    folded = fold_line(line)
    return bool(
        _date_key(folded) is not None
        or folded.startswith(("par ", "by "))
        or folded in ("par", "by")
        or "@" in line
        or "http" in line
        or (not has_words(folded, 13) and _find_date(folded))
    )


def _title(head: list[str]) -> str | None:
    for line in head:
        lead = _LEAD_DATE.match(line)
        if lead:  # "date 2019-01 <whole article on one line>": scraper prefix
            return _first_sentence(line[lead.end() :]) or None
        if _is_meta(line) or is_rubric(line):  # "Gers - Économie" is a section, not the title
            continue
        if not has_words(line, 3):
            continue
        if len(line) <= 150 and not (is_content(line) and has_words(line, 21)):
            return line.strip()
        return _first_sentence(line)
    return None


_SENTENCE_STOP = re.compile(r"[.!?…](?= [A-ZÀ-Ý«\"])")


def _first_sentence(line: str, limit: int = 120) -> str:
    end = _SENTENCE_STOP.search(line[:1000])
    sentence = line[: end.start() + 1] if end else line[:1000]
    if len(sentence) <= limit:
        return sentence.strip()
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-") + "…"


_BYLINE_SEP = re.compile(r"\s+[-|•]\s+")


def _author(head: list[str], tail: list[str]) -> str | None:
    for i, line in enumerate(head):
        stripped = line.strip()
        match = stripped[:2].lower() in ("pa", "by") and _BYLINE.fullmatch(stripped)
        if match:
            rest = match.group(1) or (head[i + 1] if i + 1 < len(head) else "")
            name = _NAME.match(rest.strip())
            if name and "@" not in name.group():
                return name.group().rstrip(" .")
            email = _email(rest)
            if email:
                return email.group()
        if _date_key(fold_line(line)) is not None:
            for part in _BYLINE_SEP.split(line):
                if _SLUG.fullmatch(part.strip()):
                    return " ".join(w.capitalize() for w in part.strip().split("-"))
    for before, line in itertools.pairwise(tail):
        if "@" in line and _EMAIL.fullmatch(line.strip()) and _NAME.fullmatch(before.strip()):
            return before.strip()
    for line in head + tail:
        email = _email(line)
        if email:
            return email.group()
    return None


# Both patterns open on a run of word characters: tried at every position of a long line,
# they cost more than the rest of ingest. The literal they need is looked for first.
def _email(line: str) -> re.Match[str] | None:
    return _EMAIL.search(line) if "@" in line else None


def _url(line: str) -> re.Match[str] | None:
    return _URL.search(line) if "http" in line else None


def parse_header(text: str) -> Header:
    """Title, ISO date, author and source domain from the first and last lines of clean text."""
    lines = [line for line in text.split("\n") if line.strip()]
    head, tail = lines[:6], lines[-6:]
    source = None
    for line in head + tail:
        found = _email(line) or _url(line)
        if found:
            source = found.group(1).lower()
            break
    return Header(_title(head), _header_date(head), _author(head, tail), source)
