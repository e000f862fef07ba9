"""Where the corpus is and which files it holds: the walk, one ``stat`` per file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from motorpme.errors import MotorpmeError

SUFFIX = ".txt"
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

    @property
    def label(self) -> str:
        return str(self.only or self.root)


def resolve_corpus(given: Path | None = None) -> Corpus:
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
        return Corpus(root=path.parent, only=path)
    if not path.is_dir():
        raise MotorpmeError(f"{given}: not a folder or a file", hint="pass --corpus DIR")
    return Corpus(root=path)


def _printable(rel: str) -> str:
    # Undecodable bytes in a file name must not crash the index or the JSON output, and a
    # newline or terminal escape in one must not split or forge a "skipped FILE" line.
    rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return rel.translate(_CONTROLS)


Problem = tuple[str, str]  # (file, one-line reason)


def scan(corpus: Corpus) -> tuple[list[CorpusFile], list[Problem]]:
    """Every ``.txt`` file below the root, sorted, with its size and mtime; and the files that
    could not be ``stat``-ed, with why. Every read command pays this: one ``stat`` per file,
    nothing read. Symlinked folders are not followed (no loops); a broken link is reported.
    """
    if corpus.only:
        rel = corpus.only.relative_to(corpus.root).as_posix()
        try:
            st = os.stat(corpus.only)
        except OSError as exc:
            return [], [(_printable(rel), _reason(exc))]
        return [CorpusFile(str(corpus.only), _printable(rel), st.st_size, st.st_mtime_ns)], []
    files: list[CorpusFile] = []
    problems: list[Problem] = []
    stat = os.stat
    for full, raw in _walk(str(corpus.root)):
        try:
            st = stat(full)
        except OSError as exc:
            problems.append((raw, _reason(exc)))
            continue
        files.append(CorpusFile(full, raw, st.st_size, st.st_mtime_ns))
    if all(f.file.isprintable() for f in files) and all(p.isprintable() for p, _ in problems):
        return files, problems
    return _printable_names(files, problems)


def _walk(root: str) -> list[tuple[str, str]]:
    """(full path, raw relative POSIX path) of every visible ``.txt`` below ``root``, sorted.

    Sorted by full path is sorted by relative path: they share the root."""
    found, stack = [], [("", root)]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # an unreadable sub-folder is passed over, as os.walk does
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
    return found


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


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "broken link or file vanished"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == 40:  # ELOOP
        return "symlink loop"
    return exc.strerror or type(exc).__name__
