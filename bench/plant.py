"""A deterministic corpus with planted copies, for the copy-detection bench.

Originals are made-up articles: sentences of words drawn from the seeds' vocabulary with
their own frequencies (so common words recur as in real press), 100-400 words in 3-6
paragraphs, each with a title and a French date line. Then, 10 % of the corpus for each kind:

copies (each of a random original, so some stories get several):
- ``boilerplate``: other site chrome above and below, another date line
- ``changed``: one paragraph rewritten
- ``added``: one paragraph added
- ``truncated``: the first half of the paragraphs
- ``typography``: straight quotes and apostrophes, other dashes and spaces, capitals

look-alikes (new articles, not copies):
- ``topic``: the original's rarer words (names, places) spread through new sentences
- ``quote``: one sentence of the original quoted in a new article
- ``press_release``: one paragraph of the original pasted among new paragraphs
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

from motorpme.ingest.article import article_from_bytes

COPY_KINDS = ("boilerplate", "changed", "added", "truncated", "typography")
LOOK_ALIKES = ("topic", "quote", "press_release")
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août")
_CHROME_TOP = ("Accueil > Sport auto", "Menu Rechercher", "Actualités | Sport | Économie")
_CHROME_BOTTOM = (
    "Partager sur Facebook\nPartager sur Twitter",
    "Lire aussi : les résultats du week-end",
    "Vous avez aimé cet article ? Abonnez-vous à notre lettre d'information.",
)


class Writer:
    """Sentences and paragraphs in the seeds' vocabulary, with its word frequencies."""

    def __init__(self, seeds: Path, rng: random.Random) -> None:
        counts: Counter[str] = Counter()
        for path in sorted(seeds.glob("*.txt")):
            text = article_from_bytes(path.read_bytes(), path.name).text
            counts.update(re.findall(r"[^\W\d_][\w'’-]*", text))
        self.words, self.weights = zip(*counts.items(), strict=True)
        self.rng = rng

    def sentence(self, topic: list[str] | None = None) -> str:
        n = self.rng.randint(8, 24)
        words = self.rng.choices(self.words, self.weights, k=n)
        if topic:  # a name or two of the story in each sentence
            for _ in range(2):
                words[self.rng.randrange(n)] = self.rng.choice(topic)
        return " ".join(words).capitalize() + "."

    def paragraph(self, words: int, topic: list[str] | None = None) -> str:
        out: list[str] = []
        while sum(len(s.split()) for s in out) < words:
            out.append(self.sentence(topic))
        return " ".join(out)

    def article(self, topic: list[str] | None = None) -> tuple[str, list[str]]:
        """(title, date line, paragraphs) as one list, the title first."""
        total = self.rng.randint(100, 400)
        n = self.rng.randint(3, 6)
        paras = [self.paragraph(total // n, topic) for _ in range(n)]
        title = self.sentence()[:-1]
        date = (
            f"Publié le {self.rng.randint(1, 28)} {self.rng.choice(_MONTHS)}"
            f" {self.rng.randint(2008, 2024)}"
        )
        return title, [date, *paras]


def _text(title: str, body: list[str]) -> str:
    return "\n\n".join([title, *body]) + "\n"


def _typography(text: str) -> str:
    text = text.replace("'", "\u2019").replace("-", "\u2013").replace(" ", "  ")
    return text.upper() if len(text) % 2 else text.replace(",", " ,")


def _copy(kind: str, title: str, body: list[str], w: Writer) -> str:
    date, paras = body[0], body[1:]
    rng = w.rng
    if kind == "boilerplate":
        later = re.sub(r"\d+ ", f"{rng.randint(1, 28)} ", date, count=1)
        return (
            f"{rng.choice(_CHROME_TOP)}\n"
            + _text(title, [later, *paras])
            + (f"{rng.choice(_CHROME_BOTTOM)}\n")
        )
    if kind == "changed":
        i = rng.randrange(len(paras))
        paras = [*paras[:i], w.paragraph(len(paras[i].split())), *paras[i + 1 :]]
        return _text(title, [date, *paras])
    if kind == "added":
        i = rng.randint(0, len(paras))
        return _text(title, [date, *paras[:i], w.paragraph(rng.randint(30, 80)), *paras[i:]])
    if kind == "truncated":
        return _text(title, [date, *paras[: max(1, (len(paras) + 1) // 2)]])
    return _typography(_text(title, body))


def _look_alike(kind: str, body: list[str], w: Writer) -> str:
    paras = body[1:]
    if kind == "topic":
        rare = sorted({x for p in paras for x in p.split() if x[:1].isupper()})[:12]
        title, new = w.article(topic=rare or None)
        return _text(title, new)
    title, new = w.article()
    if kind == "quote":
        sentences = re.split(r"(?<=\.) ", paras[w.rng.randrange(len(paras))])
        quoted = f"« {w.rng.choice(sentences)} », a déclaré le président."
        new.insert(w.rng.randint(1, len(new)), quoted)
        return _text(title, new)
    new.insert(w.rng.randint(1, len(new)), w.rng.choice(paras))
    return _text(title, new)


def build(root: Path, n: int, seeds: Path, share: float = 0.10, seed: int = 18) -> dict:
    """Write ``n`` articles under ``root``: ``share`` of ``n`` for each kind of copy and of
    look-alike, originals for the rest. Returns the truth: each file's group (the original's
    file for a copy, its own name otherwise) and its kind."""
    rng = random.Random(seed)
    w = Writer(seeds, rng)
    per_kind = int(n * share)
    originals = n - per_kind * (len(COPY_KINDS) + len(LOOK_ALIKES))
    if originals < 1:
        raise SystemExit(f"{n} articles leave no room for originals at {share:.0%} a kind")
    root.mkdir(parents=True, exist_ok=True)
    made: list[tuple[str, str, list[str]]] = []
    truth: dict[str, dict] = {}

    def write(name: str, text: str, group: str, kind: str) -> None:
        folder = root / f"part{len(truth) // 1000:03d}"
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
        truth[f"{folder.name}/{name}"] = {"group": group, "kind": kind}

    for i in range(originals):
        title, body = w.article()
        name = f"o{i:06d}.txt"
        write(name, _text(title, body), "", "original")
        made.append((next(reversed(truth)), title, body))
    for kind in COPY_KINDS:
        for i in range(per_kind):
            file, title, body = rng.choice(made)
            write(f"{kind}{i:05d}.txt", _copy(kind, title, body, w), file, kind)
    for kind in LOOK_ALIKES:
        for i in range(per_kind):
            _, _, body = rng.choice(made)
            write(f"{kind}{i:05d}.txt", _look_alike(kind, body, w), "", kind)
    for file, info in truth.items():
        info["group"] = info["group"] or file
    return truth
