"""Raw bytes of one scraped article -> ``Article``: decoding, normalisation, boilerplate, header.

Everything here is line-based and every regex is anchored on one (bounded) line, so a 50 MB
file or a 1 MB single line costs linear time.
"""

from __future__ import annotations

import codecs
import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from motorpme.boilerplate import (
    collapse_blank_lines,
    fold_line,
    has_words,
    is_content,
    is_rubric,
    strip_boilerplate,
)
from motorpme.errors import MotorpmeError
from motorpme.models import Article

# ---------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = tuple(
    b"\x89PNG|PK\x03\x04|%PDF|GIF8|\xff\xd8\xff|\x7fELF|\x1f\x8b|BZh|7z\xbc\xaf|Rar!|"
    b"\xd0\xcf\x11\xe0|SQLite format|OggS|ID3".split(b"|")
)
# C0 controls that never occur in text (tab, LF, VT, FF, CR and ESC are tolerated).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
# Typical mojibake: UTF-8 read as cp1252 leaves "Ã" or "â€" followed by a cp1252 high char.
_MOJIBAKE = re.compile(
    "[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039"
    "\u203a\u20ac\u2122]"
)


def _cp1252_or_latin1(err: UnicodeDecodeError) -> tuple[str, int]:
    # Bytes cp1252 leaves undefined (0x81, 0x8D...) and stray bytes in UTF-8 text: read as
    # cp1252 where defined, else Latin-1, so decoding never fails and stays byte-for-char.
    chunk = err.object[err.start : err.end]
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in chunk), err.end


codecs.register_error("motorpme-cp1252", _cp1252_or_latin1)


def _looks_binary(raw: bytes) -> bool:
    if raw.startswith(_MAGIC):
        return True
    sample = raw[:65536]
    bad = len(sample) - len(sample.translate(None, _CONTROL))  # how many control bytes
    return bad > 0.1 * len(sample)


def _bomless_utf16(raw: bytes) -> str | None:
    """UTF-16 without BOM: NULs on every other byte of mostly-ASCII text."""
    sample = raw[:4096]
    if len(sample) < 8 or sample.count(0) < 0.3 * len(sample):
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.8 * len(sample[1::2]) and even < 0.05 * len(sample[0::2]):
        return "utf-16-le"
    if even > 0.8 * len(sample[0::2]) and odd < 0.05 * len(sample[1::2]):
        return "utf-16-be"
    return None


def _repair_mojibake(text: str) -> tuple[str, int]:
    # The three letters every mojibake opens with are looked for first, far faster than the class.
    if not ("Ã" in text or "Â" in text or "â" in text) or not _MOJIBAKE.search(text):
        return text, 0
    import ftfy  # only paid for on files that need it

    lines = text.split("\n")
    fixed = 0
    for i, line in enumerate(lines):
        if _MOJIBAKE.search(line):
            repaired = ftfy.fix_encoding(line)
            fixed += repaired != line
            lines[i] = repaired
    return "\n".join(lines), fixed


def decode(raw: bytes) -> tuple[str, str, list[str]]:
    """Bytes -> (text, encoding name, warnings); raises on binary content."""
    warnings: list[str] = []
    bom, encoding = next(((b, n) for b, n in _BOMS if raw.startswith(b)), (b"", None))
    if encoding is None:
        encoding = _bomless_utf16(raw)
        if encoding is None and _looks_binary(raw):
            raise MotorpmeError("binary file, not text", hint="only text articles can be read")
    if encoding in (None, "utf-8-sig"):
        encoding, text = _decode_8bit(raw[len(bom) :], encoding or "utf-8", warnings)
    else:
        text = raw[len(bom) :].decode(encoding, errors="replace")
        if "\ufffd" in text:
            warnings.append(f"invalid {encoding} sequences replaced")
    if "\x00" in text:
        warnings.append(f"removed {text.count(chr(0))} NUL byte(s)")
        text = text.replace("\x00", "")
    text, fixed = _repair_mojibake(text)
    if fixed:
        warnings.append(f"repaired mojibake with ftfy ({fixed} line(s))")
    return text, encoding, warnings


def _decode_8bit(raw: bytes, utf8_name: str, warnings: list[str]) -> tuple[str, str]:
    try:
        return utf8_name, raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(raw):  # mostly UTF-8 with stray cp1252 bytes
        warnings.append("invalid UTF-8 bytes decoded as cp1252")
        return utf8_name, raw.decode("utf-8", errors="motorpme-cp1252")
    warnings.append("decoded as cp1252")
    return "cp1252", raw.decode("cp1252", errors="motorpme-cp1252")


# ---------------------------------------------------------------- normalisation

_REPLACE = {c: "'" for c in "\u2019\u02bc\u2018`\u2032\u201b"}
_REPLACE.update({c: " " for c in "\t\u00a0\u202f\u1680\u205f\u3000"})
_REPLACE.update({chr(cp): " " for cp in range(0x2000, 0x200B)})
_REPLACE.update({c: "" for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"})
_REPLACE.update({c: "\n" for c in "\u2028\u2029\x0b\x0c\x85"})
_REPLACE.update({chr(cp): "" for cp in [*range(9), *range(14, 32), *range(0x7F, 0x85)]})
_REPLACE.update({chr(cp): "" for cp in range(0x86, 0xA0)})
# A regex scan finds the rare odd characters far faster than str.translate visits every one.
_ODD = re.compile("[" + "".join(re.escape(c) for c in _REPLACE) + "]")
_COMBINING = re.compile("[\u0300-\u036f]")


def normalise_text(text: str) -> str:
    """NFC, straight apostrophes, plain spaces, \\n line ends, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ODD.sub(lambda m: _REPLACE[m.group()], unicodedata.normalize("NFC", text))
    if " \n" in text or text.endswith(" "):  # most files have no trailing spaces to cut
        text = "\n".join([line.rstrip(" ") for line in text.split("\n")])
    return collapse_blank_lines(text).strip()


# ---------------------------------------------------------------- header


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


# ---------------------------------------------------------------- articles


def article_id_for(file: str) -> str:
    """File stem; a long hex suffix is cut to 8: 000_1cd3fef0ed6ada12.txt -> 000_1cd3fef0."""
    path = file.replace("\\", "/")
    name = path.rpartition("/")[2]
    if name in ("", ".", ".."):  # pathlib drops "." and empty parts: let it find the name
        stem = PurePosixPath(path).stem
    else:  # PurePath.stem of a plain last part, without building a path
        dot = name.rfind(".")
        stem = name[:dot] if 0 < dot < len(name) - 1 else name
    stem = _LONG_HEX.sub(r"\1", stem)
    return _SPACE.sub("_", stem)


_LONG_HEX = re.compile(r"(?<=_)([0-9a-fA-F]{8})[0-9a-fA-F]+$")
_SPACE = re.compile(r"\s")


def article_from_bytes(raw: bytes, file: str, article_id: str | None = None) -> Article:
    """Decode, normalise and clean one article; its metadata comes from the clean text."""
    if not raw.strip():
        raise MotorpmeError(f"{file}: empty file")
    try:
        text, encoding, warnings = decode(raw)
    except MotorpmeError as err:
        raise MotorpmeError(f"{file}: {err.message}", err.hint) from None
    text = normalise_text(text)
    if not text:
        raise MotorpmeError(f"{file}: empty file")
    text = strip_boilerplate(text)
    if not text:
        raise MotorpmeError(f"{file}: no article text, only boilerplate")
    header = parse_header(text)
    return Article(
        id=article_id or article_id_for(file),
        file=file,
        title=header.title,
        date=header.date,
        author=header.author,
        text=text,
        sha=hashlib.sha256(raw).hexdigest(),
        source=header.source,
        encoding=encoding,
        warnings=tuple(warnings),
    )


def read_article(path: Path, root: Path) -> Article:
    """Read (never write) one article file; ``file`` is its POSIX path relative to ``root``."""
    try:
        file = path.relative_to(root).as_posix()
    except ValueError:
        file = path.as_posix()
    try:
        raw = path.read_bytes()
    except PermissionError:
        raise MotorpmeError(
            f"{file}: permission denied", hint="check the file's read rights"
        ) from None
    except OSError as err:
        raise MotorpmeError(f"{file}: cannot read ({err.strerror or err})") from None
    return article_from_bytes(raw, file)
