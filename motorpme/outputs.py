"""The files motorpme writes (the index, ``export -o``, ``show --html``): only where the user
asked, never over a corpus article, a folder or a device, and never half-written."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, TextIO

from motorpme.errors import MotorpmeError


class Corpus(Protocol):
    """What a write needs of the corpus (``ingest.corpus.Corpus``): whether a path is in it."""

    def holds(self, path: Path) -> bool: ...


_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


def check_target(path: Path, corpus: Corpus | None, option: str) -> Path:
    """``path`` if motorpme may create or replace it: a regular file or nothing yet, not an
    article of ``corpus``. Anything else is one line naming ``option``, exit 2."""
    hint = f"give {option} the path of a new or regular file, outside the corpus"
    if not str(path) or path.name in ("", ".", ".."):
        raise MotorpmeError(f"{str(path)!r}: not a file name", hint=hint)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise MotorpmeError(f"{path}: cannot use it ({exc.strerror or exc})", hint=hint) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise MotorpmeError(f"{path}: is a folder, not a file", hint=hint)
    kind = next((name for test, name in _KINDS if mode is not None and test(mode)), None)
    if kind:
        raise MotorpmeError(f"{path}: is {kind}, not a regular file", hint=hint)
    if corpus is not None and corpus.holds(path):
        raise MotorpmeError(f"{path}: would be a corpus article", hint=hint)
    return path


def check_output(path: Path, corpus: Corpus | None, option: str) -> Path:
    """``check_target``, and the folder it goes in must exist (an output never makes one)."""
    check_target(path, corpus, option)
    parent = Path(os.path.realpath(path)).parent
    if not parent.is_dir():
        raise MotorpmeError(
            f"{path}: folder {path.parent} does not exist", hint=f"create it, or change {option}"
        )
    return path


@contextmanager
def replacing(path: Path) -> Iterator[TextIO]:
    """A text file that takes the place of ``path`` only once it is complete: written beside
    it under a hidden name, then renamed over it. A failure (disk full, Ctrl-C) removes it
    and leaves ``path`` as it was."""
    import tempfile  # here: a read that writes no file does not pay its import

    final = Path(os.path.realpath(path))  # a link to a file: the file is replaced, not the link
    try:
        fd, temp = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        os.fchmod(fd, _mode_for(final))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(temp, final)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise


def _mode_for(final: Path) -> int:
    """The replaced file's permissions, else what the umask gives a new file."""
    try:
        return stat.S_IMODE(os.stat(final).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _cannot_write(path: Path, exc: OSError) -> MotorpmeError:
    why = exc.strerror or str(exc)
    return MotorpmeError(f"{path}: cannot write ({why})", hint="nothing was written")
