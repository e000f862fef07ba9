"""Where the index lives: the user cache keyed by the corpus path, or ``--index``; never a
corpus article."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from motorpme.errors import MotorpmeError
from motorpme.ingest.corpus import SUFFIX, Corpus


def default_index(corpus: Corpus, given: Path | None = None) -> Path:
    """``--index``, else ``MOTORPME_INDEX``, else a file in the user cache keyed by the corpus path.

    The index never lives inside the corpus: motorpme does not write to a user's folder.
    """
    if given is None and os.environ.get("MOTORPME_INDEX"):
        given = Path(os.environ["MOTORPME_INDEX"])
    if given is not None:
        return _not_an_article(corpus, given.expanduser())
    from platformdirs import user_cache_dir

    key = hashlib.sha256(corpus.label.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = (corpus.only or corpus.root).name or "corpus"
    return Path(user_cache_dir("motorpme")) / f"{name}-{key}.sqlite"


def _not_an_article(corpus: Corpus, index: Path) -> Path:
    """An index given as a corpus article would be read as one, and rebuilding it would move
    the user's file aside: refuse it."""
    target = index.resolve()
    inside = corpus.root in target.parents
    if target == corpus.only or (inside and target.name.lower().endswith(SUFFIX)):
        raise MotorpmeError(
            f"{index}: the index would be a corpus article",
            hint="give --index a path ending in .sqlite, outside the corpus",
        )
    return index
