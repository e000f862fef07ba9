"""Raw bytes -> clean text: encoding detection and repair, then normalisation.

Every step is linear in the file's size: a 50 MB file or a 1 MB single line costs linear time.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from motorpme.errors import MotorpmeError
from motorpme.ingest.boilerplate import collapse_blank_lines

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


_REPLACE = {c: "'" for c in "\u2019\u02bc\u2018`\u2032\u201b"}
_REPLACE.update({c: " " for c in "\t\u00a0\u202f\u1680\u205f\u3000"})
_REPLACE.update({chr(cp): " " for cp in range(0x2000, 0x200B)})
_REPLACE.update({c: "" for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"})
_REPLACE.update({c: "\n" for c in "\u2028\u2029\x0b\x0c\x85"})
_REPLACE.update({chr(cp): "" for cp in [*range(9), *range(14, 32), *range(0x7F, 0x85)]})
_REPLACE.update({chr(cp): "" for cp in range(0x86, 0xA0)})
# A regex scan finds the rare odd characters far faster than str.translate visits every one.
_ODD = re.compile("[" + "".join(re.escape(c) for c in _REPLACE) + "]")


def normalise_text(text: str) -> str:
    """NFC, straight apostrophes, plain spaces, \\n line ends, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ODD.sub(lambda m: _REPLACE[m.group()], unicodedata.normalize("NFC", text))
    if " \n" in text or text.endswith(" "):  # most files have no trailing spaces to cut
        text = "\n".join([line.rstrip(" ") for line in text.split("\n")])
    return collapse_blank_lines(text).strip()
