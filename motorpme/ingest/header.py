"""An article's metadata from its first and last lines: title, publication date, author, source.

Every regex is anchored on one (bounded) line, so a long file costs linear time.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from motorpme.ingest.boilerplate import fold_line, has_words, is_content, is_rubric
from motorpme.ingest.pubdate import find_date, publication_date


@dataclass(frozen=True, slots=True)
class Header:
    title: str | None = None
    date: str | None = None
    author: str | None = None
    source: str | None = None
    date_source: str | None = None  # header, byline, dateline or url (see ``pubdate``)


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


def _is_meta(line: str) -> bool:
    folded = fold_line(line)
    return bool(
        _date_key(folded) is not None
        or folded.startswith(("par ", "by "))
        or folded in ("par", "by")
        or "@" in line
        or "http" in line
        or (not has_words(folded, 13) and find_date(folded))
    )


# Page chrome a scraper keeps above the headline, on folded lines: reading time, skip links,
# login walls and their error messages.
_CHROME = re.compile(
    r"(?:^|\b)(?:\d+ (?:min|minutes?)(?: de lecture)?$|temps de lecture|lecture :? ?\d+ ?min"
    r"|(?:aller|passer|acceder|retour) (?:au|a la|en) (?:contenu|navigation|menu|recherche|haut)"
    r"|skip to|(?:connectez|identifiez|inscrivez|abonnez|reconnectez)[ -]?vous"
    r"|vous devez etre (?:connecte|abonne|identifie)|reserve aux abonnes|mot de passe"
    r"|une erreur (?:est survenue|s'est produite)|session a expire|acces (?:refuse|interdit)"
    r"|(?:erreur|error) \d{3}|se connecter|creer un compte|votre compte)"
)
_SHARE = frozenset(
    re.split(
        " ",
        "partager partagez facebook twitter x linkedin pinterest tumblr whatsapp email e-mail"
        " mail imprimer google google+ reddit telegram messenger copier le lien + tweet",
    )
)
_NAV_WORD = re.compile(r"[A-ZÀ-Ý][\w'’.-]*|de|du|des|la|le|les|et|d'|l'|en")
# A headline is not cut across lines: a line ending on one of these words runs on.
_RUNS_ON = frozenset(
    re.split(" ", "de du des la le les et a à au aux en un une pour sur par dans que qui")
)
_BYLINE_OPENING = re.compile(r"(?:[Pp]ar|[Bb]y)(?:$|\s*[:,]|\s+[A-ZÀ-Ý])")  # not "par ses…"
_HEAD_LINES = 40  # how far a byline may be from the top and still follow its headline


def _is_chrome(line: str, head: list[str]) -> bool:
    """Site chrome, never a headline: a reading time, a skip link, a login wall, a share row,
    a bullet or a navigation list, a short line the page repeats."""
    folded = fold_line(line)
    words = folded.split()
    return bool(
        _CHROME.search(folded)
        or (len(words) >= 2 and all(w in _SHARE for w in words))
        or line.lstrip().startswith(("•", "·", "◦", "▪", "►", "→"))
        or (has_words(line, 8) and all(_NAV_WORD.fullmatch(w) for w in line.split()))
        or (not has_words(line, 5) and head.count(line) > 1)
    )


def _is_headline(line: str, head: list[str]) -> bool:
    return not (_is_meta(line) or is_rubric(line) or _is_chrome(line, head))


def _byline_headline(head: list[str]) -> str | None:
    """The headline a byline follows: scraped pages print "Title / [chrome] / Par X"."""
    for i, line in enumerate(head):
        if has_words(line, 30):  # the body started: a byline past here is a signature
            return None
        if _BYLINE_OPENING.match(line.strip()):
            for before in reversed(head[max(0, i - 3) : i]):
                if has_words(before, 4) and len(before) <= 150 and _is_headline(before, head):
                    return before.strip()
            return None
    return None


def _title(lines: list[str]) -> str | None:
    head = lines[:_HEAD_LINES]
    if head and (lead := _LEAD_DATE.match(head[0])):
        # "date 2019-01 <whole article on one line>": scraper prefix
        return _first_sentence(head[0][lead.end() :]) or None
    found = _byline_headline(head)
    if found:
        return found
    for i, line in enumerate(head[:6]):
        if not has_words(line, 3) or not _is_headline(line, head):
            continue
        if len(line) <= 150 and not (is_content(line) and has_words(line, 21)):
            if not _runs_on(line, head[i + 1 : i + 2]):
                return line.strip()
            line = " ".join(head[i : i + 6])  # a hard-wrapped paragraph: its first sentence
        return _first_sentence(line)
    return None


def _runs_on(line: str, following: list[str]) -> bool:
    """A line cut mid-sentence by a hard wrap: it ends on a function word or the next line
    goes on in lower case."""
    last = line.rstrip().rsplit(" ", 1)[-1].lower()
    nxt = following[0].lstrip() if following else ""
    return bool(following) and (last in _RUNS_ON or nxt[:1].islower())


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
    dated = publication_date(lines)
    return Header(_title(lines), dated.date, _author(head, tail), source, dated.source)
