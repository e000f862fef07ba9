"""Where the corpus is and which files it holds: the walk, one ``stat`` per file."""

from __future__ import annotations

import errno
import os
import stat as S
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from motorpme.errors import MotorpmeError

SUFFIX = ".txt"
# Articles are a few KB; a bigger file is a dump or a mistake, and reading it whole could
# exhaust memory (a sparse 4 GB file, a symlink to /dev/zero): skipped before any read.
MAX_SIZE = 20 * 1024 * 1024
_SAMPLE = Path(__file__).resolve().parent.parent / "sample"
_CONTROLS = {cp: "\ufffd" for cp in [*range(32), 127, *range(0x80, 0xA0), 0x2028, 0x2029]}


class CorpusFile(NamedTuple):
    """A corpus file as seen by ``stat``: enough to tell it has not changed without reading it.

    A named tuple: a read command builds 10,000 of them on every call."""

    full: str  # the OS path; a ``Path`` is built only when the file is read
    file: str  # relative to the corpus root, POSIX separators
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return Path(self.full)


@dataclass(frozen=True, slots=True)
class Corpus:
    """A folder of ``.txt`` articles, or a single article file (then ``root`` is its folder)."""

    root: Path
    only: Path | None = None
    max_size: int = MAX_SIZE  # bytes; a larger file is skipped unread

    @property
    def label(self) -> str:
        return str(self.only or self.root)

    def holds(self, path: Path) -> bool:
        """Is ``path`` (links followed) an article of this corpus, or would it be read as one?"""
        target = path.resolve()
        inside = self.root in target.parents
        return target == self.only or (inside and target.name.lower().endswith(SUFFIX))


def resolve_corpus(given: Path | None = None, max_size: int = MAX_SIZE) -> Corpus:
    """``--corpus``, else ``MOTORPME_CORPUS``, else ``./seeds``, else the bundled sample."""
    if given is None and os.environ.get("MOTORPME_CORPUS"):
        given = Path(os.environ["MOTORPME_CORPUS"])
    if given is None:
        given = Path("seeds") if Path("seeds").is_dir() else _SAMPLE
    path = given.expanduser()
    if not path.exists():
        raise MotorpmeError(f"{given}: corpus folder does not exist", hint="pass --corpus DIR")
    path = path.resolve()
    if path.is_file():
        return Corpus(root=path.parent, only=path, max_size=max_size)
    if not path.is_dir():
        raise MotorpmeError(f"{given}: not a folder or a file", hint="pass --corpus DIR")
    return Corpus(root=path, max_size=max_size)


def _printable(rel: str) -> str:
    # Undecodable bytes in a file name must not crash the index or the JSON output, and a
    # newline or terminal escape in one must not split or forge a "skipped FILE" line.
    rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return rel.translate(_CONTROLS)


Problem = tuple[str, str]  # (file, one-line reason)


def scan(corpus: Corpus) -> tuple[list[CorpusFile], list[Problem]]:
    """Every ``.txt`` file below the root, sorted, with its size and mtime; and what could not
    be listed or will not be read, with why. Every read command pays this: one ``stat`` per
    file, nothing read. Symlinked folders are not followed (no loops); a broken link, a FIFO
    or device, a file over ``max_size`` and a folder that cannot be listed (``DIR/``) are
    problems. A folder problem means its files are unseen, not gone: see ``unseen``.
    """
    if corpus.only:
        rel = _printable(corpus.only.relative_to(corpus.root).as_posix())
        entries, problems = [(str(corpus.only), rel)], []
    else:
        entries, problems = _walk(str(corpus.root))
    files: list[CorpusFile] = []
    stat = os.stat
    for full, raw in entries:
        try:
            st = stat(full)
        except OSError as exc:
            problems.append((raw, _reason(exc)))
            continue
        unfit = _unfit(st, corpus.max_size)
        if unfit:
            problems.append((raw, unfit))
        else:
            files.append(CorpusFile(full, raw, st.st_size, st.st_mtime_ns))
    problems.sort()
    if all(f.file.isprintable() for f in files) and all(p.isprintable() for p, _ in problems):
        return files, problems
    return _printable_names(files, problems)


def unseen(problems: list[Problem]) -> Callable[[str], bool]:
    """Is a file one that could not be seen this time: below a folder that could not be
    listed (``DIR/``, the root as ``./``), or one ``stat`` was refused? Its article is kept in
    the index as it was, not taken for deleted."""
    folders = tuple(file for file, _ in problems if file.endswith("/"))
    hidden = {file for file, why in problems if why in _UNSEEN}
    if "./" in folders:
        return lambda file: True
    return lambda file: file in hidden or file.startswith(folders)


def _unfit(st: os.stat_result, max_size: int) -> str | None:
    """Why a listed file is not read: only regular files (a FIFO would block, a device never
    ends), and none larger than the cap, decided from ``stat`` before any byte is read."""
    if not S.S_ISREG(st.st_mode):
        kind = "a FIFO" if S.S_ISFIFO(st.st_mode) else "a socket" if S.S_ISSOCK(st.st_mode) else ""
        return f"not a regular file ({kind or 'a device'})"
    if st.st_size > max_size:
        return f"larger than {_megabytes(max_size)} (--max-size)"
    return None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB"


def _walk(root: str) -> tuple[list[tuple[str, str]], list[Problem]]:
    """(full path, raw relative POSIX path) of every visible ``.txt`` below ``root``, sorted;
    and the folders that could not be listed (``DIR/: reason``; the root is ``./``).

    Sorted by full path is sorted by relative path: they share the root."""
    found, problems, stack = [], [], [("", root)]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:  # named, and what was indexed from it is kept (``unseen``)
            problems.append((prefix or "./", _reason(exc)))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:  # a symlink loop: not a folder, reported as a file problem
                is_folder = False
            if is_folder:
                if not entry.is_symlink():
                    stack.append((f"{prefix}{name}/", entry.path))
            elif name.lower().endswith(SUFFIX):
                found.append((entry.path, prefix + name))
    found.sort()
    return found, problems


def _printable_names(
    files: list[CorpusFile], problems: list[Problem]
) -> tuple[list[CorpusFile], list[Problem]]:
    """Names made printable; two undecodable names that print alike ("caf\ufffd.txt") each
    keep an entry of their own ("caf\ufffd.txt~2"), in sorted order of the raw names."""
    names: set[str] = set()

    def unique(raw: str) -> str:
        rel = stem = _printable(raw)
        n = 1
        while rel in names:
            n += 1
            rel = f"{stem}~{n}"
        names.add(rel)
        return rel

    entries = sorted([(f.file, f) for f in files] + [(rel, why) for rel, why in problems])
    fixed: list[CorpusFile] = []
    troubles: list[Problem] = []
    for raw, item in entries:
        if isinstance(item, CorpusFile):
            fixed.append(item._replace(file=unique(raw)))
        else:
            troubles.append((unique(raw), item))
    return fixed, troubles


_DENIED, _TOO_LONG = "permission denied", "path too long for the system"
_UNSEEN = frozenset({_DENIED, _TOO_LONG})


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "broken link or file vanished"
    if isinstance(exc, PermissionError):
        return _DENIED
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENAMETOOLONG:
        return _TOO_LONG
    return exc.strerror or type(exc).__name__
