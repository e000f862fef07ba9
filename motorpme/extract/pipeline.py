"""Run spaCy over articles and turn its spans into clean, labelled, canonical mentions."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from motorpme.errors import MotorpmeError
from motorpme.extract import DEFAULT_MODEL, doc_keys, model_version
from motorpme.extract import context as C
from motorpme.extract import filters as F
from motorpme.extract import names as N
from motorpme.extract import orgs as O
from motorpme.extract import splits as S
from motorpme.extract import words as W
from motorpme.extract.canonical import assign_canonical, canonical_key, load_aliases
from motorpme.extract.common_words import Lexicon, drop_capitalised_common_words
from motorpme.extract.mentions import dedupe, merge_gazetteer, numbered, propagate
from motorpme.extract.places import load_places, place_evidence
from motorpme.extract.sentences import wrapped_paragraphs
from motorpme.ingest.boilerplate import segments
from motorpme.models import Article, Label, Mention

DATA = Path(__file__).resolve().parent / "data"
GAZETTEER = DATA / "gazetteer.jsonl"
# The hand list (first names of the genre's drivers and people, many foreign) and the open
# one generated from INSEE counts by ``make gazetteers``.
FIRST_NAMES = (DATA / "firstnames.txt", DATA / "firstnames_open.txt")
MEDIA = DATA / "media.txt"
# The entity recogniser of the fr_core_news pipelines has its own tok2vec: the tagger,
# parser and lemmatizer cost two thirds of the time and change no entity.
SKIPPED = ["morphologizer", "parser", "attribute_ruler", "senter"]
IDLE = ["lemmatizer"]  # loaded, never run: its tables are our French lexicon
MODEL_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}


def load_model(model: str) -> Any:
    """The spaCy pipeline with the components extraction runs (or keeps for its lexicon)."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=SKIPPED, disable=IDLE)
    except OSError:
        model_version(model)  # raises with an install hint when the package is missing
        raise MotorpmeError(
            f"spaCy model {model!r} could not be loaded",
            hint=f"reinstall it: pip install --force-reinstall {model.replace('_', '-')}",
        ) from None
    if "ner" not in nlp.pipe_names:
        raise MotorpmeError(f"spaCy model {model!r} has no entity recogniser")
    # Keep the shared tok2vec only when a component that still runs listens to it.
    if "tok2vec" in nlp.pipe_names and not nlp.get_pipe("tok2vec").listening_components:
        nlp.remove_pipe("tok2vec")
    return nlp


def load_first_names(paths: Iterable[Path] = FIRST_NAMES) -> frozenset[str]:
    """Every first name of the shipped lists; lines starting with "#" are their headers."""
    names: set[str] = set()
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        names.update(line.strip() for line in lines if line.strip() and line[0] != "#")
    return frozenset(names)


def _lexicon(nlp: Any) -> Lexicon:
    """Is a lowercase word French: a lemma, a stop word, or a verb form such as "abonnez"?

    Of the inflected forms only -ez and -ons ones count (imperatives of site chrome:
    "Retrouvez", "Découvrons"): the whole table also holds towns ("paris", "tours", "rennes"),
    and even these need a context the filters check ("Rodez" is also read as "roder").
    """
    words = set(nlp.Defaults.stop_words)
    inflected = None
    if "lemmatizer" in nlp.component_names:
        lookups = nlp.get_pipe("lemmatizer").lookups
        if lookups.has_table("lemma_index"):
            for lemmas in lookups.get_table("lemma_index").values():
                words.update(lemmas)
        if lookups.has_table("lemma_lookup"):
            inflected = lookups.get_table("lemma_lookup")

    def known(word: str) -> bool:
        if word in words:
            return True
        return inflected is not None and word.endswith(("ez", "ons")) and word in inflected

    return known


_ELISION = {"LOWER": {"IN": ["l'", "l’", "d'", "d’"]}}


def media_patterns(nlp: Any, path: Path) -> list[dict]:
    """ORG token patterns for the press titles of ``path``: either apostrophe, a lowercase
    word of the title in any case ("Midi libre", "Midi Libre"), a capitalised one never in
    lowercase ("le monde" is no newspaper); a title ending with " *" may go on with one
    capitalised word (a region's edition)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        title = line.strip()
        if not title or title.startswith("#"):
            continue
        open_ended = title.endswith(" *")
        pattern: list[dict] = [
            _ELISION
            if t.lower_ in ("l'", "l’", "d'", "d’")
            else {"LOWER": t.lower_, "IS_LOWER": False}
            if t.text[:1].isupper()
            else {"LOWER": t.lower_}
            for t in nlp.make_doc(title.removesuffix(" *"))
        ]
        if open_ended:
            pattern.append({"IS_TITLE": True, "OP": "?"})
        rows.append({"label": "ORG", "pattern": pattern, "id": "media"})
    return rows


def read_patterns(path: Path) -> list[dict]:
    """EntityRuler-style JSONL patterns ({"label": ..., "pattern": ...} per line)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise MotorpmeError(f"cannot read patterns file {path}: {err}") from None
    patterns = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise MotorpmeError(f"{path}:{number}: not JSON ({err.msg})") from None
        if not isinstance(row, dict) or not row.get("label") or not row.get("pattern"):
            raise MotorpmeError(
                f"{path}:{number}: a pattern needs 'label' and 'pattern'",
                hint='e.g. {"label": "ORG", "pattern": "Oreca"} (spaCy EntityRuler format)',
            )
        patterns.append(row)
    return patterns


def _segments(articles: Iterable[Article], ref: dict[int, Article], nlp: Any) -> Iterator:
    """(Doc, (article number, offset)) for each non-empty line, rubric part or wrapped
    paragraph.

    No entity crosses a " · " or " | " separator, a rubric's " - ", or a line break, except
    inside a paragraph hard-wrapped at a fixed width (``wrapped_paragraphs``): there the
    model and the rules read each break as a space, and mentions keep the text as written."""
    for number, article in enumerate(articles):
        ref[number] = article
        emitted = False
        for offset, block in wrapped_paragraphs(article.text):
            parts = segments(block) if "\n" not in block else [(0, block)]
            for start, part in parts:
                for cut, piece in _pieces(part):
                    doc = nlp.make_doc(piece.replace("\n", " "))
                    doc.user_data[doc_keys.REF_DATE] = article.date
                    doc.user_data[doc_keys.TEXT] = piece
                    emitted = True
                    yield doc, (number, offset + start + cut)
        if not emitted:  # still report the article, with no mentions
            yield nlp.make_doc(""), (number, 0)


# spaCy refuses texts over nlp.max_length (1,000,000 characters, error E088), and the model's
# memory grows with its batch (64 pieces): at 100,000 characters a piece, a 2 MB one-line
# article peaked at 1.3 GB. A piece of a long paragraph's size keeps it flat (411 MB).
PIECE = 2_000
_SENTENCE_END = re.compile(r"[.!?…][\"»)]*\s")


def _pieces(part: str, limit: int = PIECE) -> Iterator[tuple[int, str]]:
    """(offset, piece) of a line part cut after the last sentence end before ``limit``
    characters, else at the last whitespace, else hard; blank pieces are left out."""
    pos = 0
    while len(part) - pos > limit:
        end = _cut(part, pos, pos + limit)
        if part[pos:end].strip():
            yield pos, part[pos:end]
        pos = end + (end < len(part) and part[end] in " \t")
    if part[pos:].strip():
        yield pos, part[pos:]


def _cut(part: str, start: int, stop: int) -> int:
    """Where to end a piece of ``part[start:stop]``: no entity spans a sentence end, few a space."""
    window = part[start:stop]
    ends = [m.end() - 1 for m in _SENTENCE_END.finditer(window, len(window) // 2)]
    if ends:
        return start + ends[-1]
    space = max(window.rfind(" "), window.rfind("\t"))
    return start + space if space > 0 else stop


def _doc_mentions(doc: Any, offset: int) -> tuple[list[Mention], list[Mention]]:
    """Model and rule entities of one line Doc, and gazetteer matches, in article offsets.

    A MONEY or DATE found by the rules wins over any model entity it overlaps (the rows are
    token-aligned, so overlapping characters mean a shared token)."""
    line = doc.user_data.get(doc_keys.TEXT)
    if line is None:
        line = doc.text
    rules = doc.user_data.get(doc_keys.AMOUNTS_DATES, ())
    found = []
    for ent in doc.ents:
        label = ent.label_ if ent.label_ in F.FIXED else MODEL_LABELS.get(ent.label_)
        if label is None:
            continue
        start, end = ent.start_char, ent.end_char
        if rules and any(s < end and start < e for s, e, *_ in rules):
            continue
        value = currency = None
        if label in F.FIXED and ent.has_extension("value"):
            value = ent._.value
            currency = ent._.currency if ent.has_extension("currency") else None
        found.append(
            Mention(line[start:end], label, offset + start, offset + end, None, value, currency)
        )
    if rules:
        found += [
            Mention(line[s:e], label, offset + s, offset + e, None, value, currency, value_max)
            for s, e, label, value, currency, value_max in rules
        ]
        found.sort(key=lambda m: m.start)
    gazetteer = [
        Mention(line[s:e], label, offset + s, offset + e)
        for s, e, label in doc.user_data.get(doc_keys.GAZETTEER, ())
    ]
    return found, gazetteer


class Extractor:
    """Load the model once; ``extract`` streams (article, mentions) pairs."""

    def __init__(
        self, model: str = DEFAULT_MODEL, patterns: Path | None = None, aliases: Path | None = None
    ) -> None:
        self.aliases = load_aliases(aliases) if aliases is not None else {}
        self.nlp = load_model(model)
        self.model_name = f"{model}-{self.nlp.meta.get('version', '0')}"
        rows = read_patterns(GAZETTEER)
        self.brands = frozenset(
            r["pattern"] for r in rows if r["label"] == "ORG" and r.get("id") == "maker"
        )
        rows += media_patterns(self.nlp, MEDIA)
        if patterns is not None:
            rows += read_patterns(patterns)
        import motorpme.extract.gazetteer  # noqa: F401  (registers its factory)
        from motorpme.extract.amounts_dates import add_rules

        # Matches are weighed against the model by merge_gazetteer, not written to doc.ents.
        ruler = self.nlp.add_pipe(doc_keys.GAZETTEER, after="ner")
        try:
            ruler.add_patterns(rows)
        except ValueError as err:
            raise MotorpmeError(f"bad entity pattern: {err}", hint=str(patterns)) from None
        add_rules(self.nlp, annotate_ents=False)
        # Last, so it changes no entity: rule-based sentence starts for ``network``'s window.
        self.nlp.add_pipe("sentencizer", last=True)
        self.lexicon = _lexicon(self.nlp)
        self.first_names = load_first_names()
        self.places = load_places()

    def extract(
        self, articles: Iterable[Article], batch_size: int = 64
    ) -> Iterator[tuple[Article, list[Mention]]]:
        """Each article with its mentions in text order; streams, never holds all Docs."""
        ref: dict[int, Article] = {}
        current, found, curated, starts = -1, [], [], []
        docs = self.nlp.pipe(
            _segments(articles, ref, self.nlp),
            as_tuples=True,
            batch_size=batch_size,
        )
        for doc, (number, offset) in docs:
            if number != current:
                if current >= 0:
                    yield self._finish(ref.pop(current), found, curated, starts)
                current, found, curated, starts = number, [], [], []
            model, gazetteer = _doc_mentions(doc, offset)
            found.extend(merge_gazetteer(ref[number].text, model, gazetteer))
            curated.extend(gazetteer)
            starts.extend(offset + sent.start_char for sent in doc.sents)  # in text order
        if current >= 0:
            yield self._finish(ref.pop(current), found, curated, starts)

    def _finish(
        self, article: Article, found: list[Mention], curated: list[Mention], starts: list[int]
    ) -> tuple[Article, list[Mention]]:
        spans = frozenset((g.start, g.end) for g in curated)
        mentions = postprocess(
            article.text, found, self.first_names, self.brands, self.lexicon, spans, self.places
        )
        mentions = O.curated_labels(mentions, curated)
        ranges = [m.value_max for m in mentions]
        mentions = assign_canonical(mentions)
        if any(v is not None for v in ranges):  # canonical.py rebuilds mentions without it
            mentions = [
                m if v is None else replace(m, value_max=v)
                for m, v in zip(mentions, ranges, strict=True)
            ]
        if self.aliases:
            mentions = [_aliased(m, self.aliases) for m in mentions]
        return article, numbered(mentions, starts)


def _aliased(m: Mention, aliases: dict[str, str]) -> Mention:
    """The user's alias file has the last word on canonical names."""
    target = aliases.get(canonical_key(m.canonical or m.text)) or aliases.get(canonical_key(m.text))
    return replace(m, canonical=target) if target else m


def postprocess(
    text: str,
    mentions: list[Mention],
    first_names: frozenset[str],
    brands: frozenset[str],
    lexicon: Lexicon,
    curated: frozenset[tuple[int, int]] = frozenset(),
    places: frozenset[str] = frozenset(),
) -> list[Mention]:
    """All the rules, in order, over one article's raw spans.

    ``curated`` holds the (start, end) of gazetteer matches: their labels are not second-guessed.
    """
    fixed = [m for m in mentions if m.label in F.FIXED]
    names: list[Mention] = []
    for m in mentions:
        if m.label in F.FIXED:
            continue
        if (m.start, m.end) in curated:
            names.append(F.product_context(text, m, brands))
            continue
        for cut in S.split_on_breaks(text, m):
            stripped = F.strip_span(text, cut)
            if stripped is None or F.is_noise(stripped):
                continue
            whole = F.product_context(text, F.extend_le_mans(text, stripped), brands)
            for piece in S.split_on_dash(text, whole, first_names):
                for part in F.split_on_first_name(text, piece, first_names, brands):
                    part = F.strip_span(text, part)
                    if part is not None and not F.is_noise(part) and not F.is_bare(part, curated):
                        names.append(F.relabel(part, first_names))
    names = C.join_adjacent(text, C.join_particles(text, names, first_names), first_names)
    names = C.firm_suffixes(text, names)
    surnames = F.surnames_of(names)
    names = [
        F.product_context(
            text,
            C.shape_labels(text, C.context_labels(text, m, _evidenced(m, first_names, surnames))),
            brands,
        )
        for m in names
    ]
    names = C.public_bodies(text, dedupe(names), first_names)
    names = N.org_names(text, O.coordinated_bodies(text, names))
    names = N.hashtags(text, names)
    names += N.introduced_names(text, fixed + names)
    names = N.appositions(text, names, curated)
    names = C.company_heads(text, F.surname_evidence(names, curated), curated)
    names = C.first_name_evidence(names, first_names)
    names = N.acronym_bodies(text, names, curated)
    names = O.organisations(text, names, first_names, places, curated)
    names = O.driver_teams(text, names, places)
    protected = F.protected_words(names) | {
        W.canonical_word(m.text)
        for m in names
        if (m.start, m.end) in curated or W.canonical_word(m.text) in C.PUBLIC_BODIES
    }
    names = drop_capitalised_common_words(text, names, lexicon, protected, (places, first_names))
    names = place_evidence(text, names, places, first_names, curated)
    names = C.rubric_words(text, names, lexicon)
    return propagate(text, dedupe(fixed + names))


def _evidenced(m: Mention, first_names: frozenset[str], surnames: set[str]) -> bool:
    """A person for sure: a first name leads it, or the article gives it whole elsewhere."""
    words = W.name_words(m.text)
    return bool(words) and (
        (words[0] in first_names and len(words) > 1) or W.canonical_word(m.text) in surnames
    )


__all__ = ["Extractor", "Label", "read_patterns"]
