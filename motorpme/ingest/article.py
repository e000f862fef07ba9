"""One scraped article file -> ``Article``: decode, normalise, strip chrome, read the header."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path, PurePosixPath

from motorpme.errors import MotorpmeError
from motorpme.ingest.boilerplate import strip_boilerplate
from motorpme.ingest.corpus import MAX_SIZE
from motorpme.ingest.decode import decode, normalise_text
from motorpme.ingest.header import parse_header
from motorpme.ingest.pubdate import INFERRED, inferred_year
from motorpme.models import Article


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
        text, _, warnings = decode(raw)
    except MotorpmeError as err:
        raise MotorpmeError(f"{file}: {err.message}", err.hint) from None
    text = normalise_text(text)
    if not text:
        raise MotorpmeError(f"{file}: empty file")
    text = strip_boilerplate(text)
    if not text:
        raise MotorpmeError(f"{file}: no article text, only boilerplate")
    header = parse_header(text)
    inferred = None if header.date else inferred_year(text)
    return Article(
        id=article_id or article_id_for(file),
        file=file,
        title=header.title,
        date=header.date,
        author=header.author,
        text=text,
        sha=hashlib.sha256(raw).hexdigest(),
        source=header.source,
        warnings=tuple(warnings),
        date_source=header.date_source or (INFERRED if inferred else None),
        inferred_date=inferred,
    )


def read_article(path: Path, root: Path, max_size: int = MAX_SIZE) -> Article:
    """Read (never write) one article file; ``file`` is its POSIX path relative to ``root``."""
    try:
        file = path.relative_to(root).as_posix()
    except ValueError:
        file = path.as_posix()
    try:
        raw = _read_regular(path, max_size)
    except PermissionError:
        raise MotorpmeError(
            f"{file}: permission denied", hint="check the file's read rights"
        ) from None
    except OSError as err:
        raise MotorpmeError(f"{file}: cannot read ({err.strerror or err})") from None
    if raw is None:
        raise MotorpmeError(f"{file}: not a regular file, or larger than {max_size} bytes")
    return article_from_bytes(raw, file)


def _read_regular(path: Path, max_size: int) -> bytes | None:
    """The bytes of a regular file of at most ``max_size`` bytes, else None. The listing
    checked that already; this holds if the file was swapped since (for a FIFO: no block)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        raw = fh.read(max_size + 1)
    return raw if len(raw) <= max_size else None
