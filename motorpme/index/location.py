"""Where the index lives: the user cache keyed by the corpus path, or ``--index``; never a
corpus article, a folder or a device."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from motorpme.ingest.corpus import Corpus
from motorpme.outputs import check_target


def default_index(corpus: Corpus, given: Path | None = None) -> Path:
    """``--index``, else ``MOTORPME_INDEX``, else a file in the user cache keyed by the corpus path.

    The index never lives inside the corpus: motorpme does not write to a user's folder.
    """
    if given is None and os.environ.get("MOTORPME_INDEX"):
        given = Path(os.environ["MOTORPME_INDEX"])
    if given is not None:
        # Rebuilding an unusable index renames it: a device or an article must never be it.
        return check_target(given.expanduser(), corpus, "--index")
    from platformdirs import user_cache_dir

    key = hashlib.sha256(corpus.label.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = (corpus.only or corpus.root).name or "corpus"
    return Path(user_cache_dir("motorpme")) / f"{name}-{key}.sqlite"
