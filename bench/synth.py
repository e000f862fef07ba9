"""A deterministic synthetic corpus: seed paragraphs reshuffled into short dated articles.

The pool is the seeds' text as motorpme cleans it (``article_from_bytes``: normalised, with
boilerplate stripped), split on blank lines; only body paragraphs enter it (8+ words ending
in punctuation), so headers and bylines do not repeat 10,000 times. Each article gets a
made-up title and a French date line, so dates vary across 2007-2024. The articles are
therefore already clean: motorpme and the bare model see the same lines.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from motorpme.ingest.article import article_from_bytes

SEED = 20240607
_SENTENCE_END = re.compile(r"[.!?…'\"»)”]\s*$")
_LEAD_DATE = re.compile(r"^\s*date \d{4}(-\d\d)? ")  # scraper prefix on some seed lines
_MONTHS = (
    *("janvier", "février", "mars", "avril", "mai", "juin"),
    *("juillet", "août", "septembre", "octobre", "novembre", "décembre"),
)
_SUBJECTS = (
    "Le circuit",
    "L'écurie",
    "Le rallye",
    "La PME",
    "Le constructeur",
    "Le pôle mécanique",
    "L'équipementier",
    "Le département",
    "La fédération",
    "Le meeting",
)
_VERBS = (
    "mise sur",
    "investit dans",
    "présente",
    "accueille",
    "signe avec",
    "relance",
    "prépare",
    "dévoile",
)
_OBJECTS = (
    "la saison à venir",
    "un nouveau partenaire",
    "ses ateliers",
    "l'endurance",
    "les entreprises locales",
    "un budget record",
    "la piste rénovée",
    "les jeunes pilotes",
)


@dataclass(frozen=True)
class Built:
    """What was written: where, how many files, words and bytes."""

    root: Path
    articles: int
    words: int
    bytes: int


def paragraph_pool(seeds: Path) -> list[str]:
    """Body paragraphs of every seed article, in file order (blank-line separated blocks)."""
    pool = []
    for path in sorted(seeds.glob("*.txt")):
        text = article_from_bytes(path.read_bytes(), path.name).text
        for block in re.split(r"\n\s*\n", text):
            para = _LEAD_DATE.sub("", " ".join(block.split()))
            if len(para.split()) >= 8 and _SENTENCE_END.search(para):
                pool.append(para)
    return pool


def _article(rng: random.Random, pool: list[str], words: tuple[int, int]) -> str:
    title = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
    date = f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {rng.randint(2007, 2024)}"
    target = rng.randint(*words)
    body, count = [], 0
    for para in rng.sample(pool, len(pool)):
        if body and count + len(para.split()) > target + 40:
            continue  # a long paragraph would overshoot: try a shorter one
        body.append(para)
        count += len(para.split())
        if count >= target:
            break
    return "\n\n".join([title, date, *body]) + "\n"


def build(root: Path, n: int, seeds: Path, seed: int = SEED, words=(100, 160)) -> Built:
    """Write ``n`` articles under ``root`` (emptied first), 1,000 per sub-folder."""
    pool = paragraph_pool(seeds)
    if not pool:
        raise SystemExit(f"no paragraphs found in {seeds}/*.txt")
    shutil.rmtree(root, ignore_errors=True)
    rng = random.Random(f"{seed}-{n}")
    total_words = total_bytes = 0
    for i in range(n):
        text = _article(rng, pool, words)
        folder = root / f"part{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        (folder / f"{i:06d}_{rng.getrandbits(32):08x}.txt").write_bytes(data)
        total_words += len(text.split())
        total_bytes += len(data)
    return Built(root, n, total_words, total_bytes)
