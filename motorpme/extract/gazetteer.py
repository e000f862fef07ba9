"""The spaCy component that finds the domain gazetteer's names (and the user's patterns).

It matches what spaCy's ``span_ruler`` matches (phrase patterns on the exact token text,
token patterns with the Matcher, EntityRuler's JSONL format) but leaves plain
``(start_char, end_char, label)`` rows in ``doc.user_data``, only on the lines that
have a match: the extractor weighs them against the model, and Span objects and a span
group made on every line would cost more than the matching itself.

The Matcher tries every token pattern at every token, which cost a fifth of the entity
recogniser's time with the press titles alone. A token pattern that needs words of a fixed
lowercase form ("LOWER": "équipe") cannot match a line without all of them, so such patterns
run only on the lines that have every word they need (``Keyed``); the others run on every
line. The matches are the Matcher's own either way.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from motorpme.extract import doc_keys

Row = tuple[int, int, str]  # start_char, end_char, label


class Gazetteer:
    """Phrase and token patterns; matches in text order (ties: span_ruler's order)."""

    def __init__(self, nlp: Language, name: str, validate: bool) -> None:
        self.name = name
        self.make_doc = nlp.make_doc
        self.strings = nlp.vocab.strings
        self.phrases = PhraseMatcher(nlp.vocab, validate=validate)
        self.tokens = Matcher(nlp.vocab, validate=validate)
        self.keyed = Keyed(nlp, validate)
        self.labels: dict[int, tuple[str, str]] = {}  # match key -> (label, pattern id)

    def add_patterns(self, rows: Iterable[dict]) -> None:
        """EntityRuler-style rows: {"label", "pattern": str | list of token dicts, "id"?}.

        Raises ValueError on a pattern that is neither (and the Matcher's own on a bad one)."""
        for row in rows:
            label, pattern_id = str(row["label"]), str(row.get("id", ""))
            key = repr((label, pattern_id))
            self.labels[self.strings.add(key)] = (label, pattern_id)
            pattern = row["pattern"]
            if isinstance(pattern, str):
                self.phrases.add(key, [self.make_doc(pattern)])
            elif isinstance(pattern, list):
                if not self.keyed.add(key, pattern):
                    self.tokens.add(key, [pattern])
            else:
                raise ValueError(f"a pattern is a string or a list of token dicts: {pattern!r}")

    def __call__(self, doc: Doc) -> Doc:
        matches = self.phrases(doc)
        if len(self.tokens):
            matches = [*self.tokens(doc), *matches]
        keyed = self.keyed(doc)
        if keyed:
            matches = [*keyed, *matches]
        if not matches:
            return doc
        found = set()
        for key, start, end in matches:
            if start != end:
                label, pattern_id = self.labels[key]
                span = doc[start:end]
                found.add((span.start_char, span.end_char, label, pattern_id))
        # span_ruler's order: offsets, then the label's and the pattern id's string hashes
        ordered = sorted(found, key=lambda f: (f[0], f[1], self.strings[f[2]], self.strings[f[3]]))
        doc.user_data[doc_keys.GAZETTEER] = [
            (start, end, label) for start, end, label, _ in ordered
        ]
        return doc


# Quantifiers that make a token required: none, exactly one, one or more.
_REQUIRED_OPS = (None, "1", "+")


def required_words(pattern: list[dict]) -> frozenset[str]:
    """The lowercase forms a line must hold for ``pattern`` to match there: each required
    token's fixed "LOWER" (or "ORTH"/"TEXT", lowercased) value."""
    words = set()
    for token in pattern:
        if not isinstance(token, dict) or token.get("OP") not in _REQUIRED_OPS:
            continue
        lower = token.get("LOWER")
        if isinstance(lower, str) and lower == lower.lower():
            words.add(lower)
            continue
        for attr in ("ORTH", "TEXT"):
            if isinstance(token.get(attr), str):
                words.add(token[attr].lower())
    return frozenset(words)


class Keyed:
    """Token patterns that need fixed words, in one Matcher per set of words, each run only on
    the lines that hold all of its words."""

    def __init__(self, nlp: Language, validate: bool) -> None:
        self.vocab, self.validate = nlp.vocab, validate
        self.matchers: dict[frozenset[int], Matcher] = {}  # the words' hashes -> their patterns
        self.words: set[int] = set()  # every such word

    def add(self, key: str, pattern: list[dict]) -> bool:
        """Add ``pattern`` if it needs fixed words; False (not added) when it needs none."""
        words = required_words(pattern)
        if not words:
            return False
        needs = frozenset(self.vocab.strings.add(word) for word in words)
        if needs not in self.matchers:
            self.matchers[needs] = Matcher(self.vocab, validate=self.validate)
        self.matchers[needs].add(key, [pattern])
        self.words.update(needs)
        return True

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The Matcher's matches of the patterns whose words ``doc`` holds."""
        if not self.words:
            return []
        present = self.words.intersection(doc.to_array(LOWER).tolist())
        if not present:
            return []
        return [
            match
            for needs, matcher in self.matchers.items()
            if needs <= present
            for match in matcher(doc)
        ]


@Language.factory(doc_keys.GAZETTEER, default_config={"validate": True})
def make_gazetteer(nlp: Language, name: str, validate: bool) -> Gazetteer:
    return Gazetteer(nlp, name, validate)
