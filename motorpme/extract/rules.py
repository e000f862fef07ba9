"""The spaCy component that adds MONEY and DATE entities found by the pure rules.

Runs after "ner": MONEY and DATE spans win over any model entity they overlap. Values
live in Span extensions (``._.value``, ``._.currency``), which spaCy stores in
``doc.user_data`` and therefore carries through ``nlp.pipe(..., n_process=2)``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from motorpme.extract.dates import find_dates
from motorpme.extract.money import find_money

FACTORY = "motorpme_amounts_dates"
REF_DATE_KEY = "motorpme_ref_date"
# The line's text, set by whoever made the Doc: ``doc.text`` rebuilds it token by token,
# which costs as much as both rule sets together.
TEXT_KEY = "motorpme_text"

Span.set_extension("value", default=None, force=True)
Span.set_extension("currency", default=None, force=True)


def _span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """The token span of a character mention, or None when tokens cannot carry it.

    An exact match is preferred; "expand" is accepted only when it adds at most a
    couple of characters (a glued symbol), never a neighbouring word.
    """
    span = doc.char_span(start, end, label=label)
    if span is not None:
        return span
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is not None and len(span.text) - (end - start) <= 2:
        return span
    return doc.char_span(start, end, label=label, alignment_mode="contract")


def _rule_spans(doc: Doc) -> list[Span]:
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
    spans = []
    for amount in find_money(text):
        span = _span(doc, amount.start, amount.end, "MONEY")
        if span is not None:
            span._.value = amount.value
            span._.currency = amount.currency
            spans.append(span)
    for date in find_dates(text, doc.user_data.get(REF_DATE_KEY)):
        span = _span(doc, date.start, date.end, "DATE")
        if span is not None:
            span._.value = date.value
            spans.append(span)
    return filter_spans(spans)


class AmountsDates:
    """Adds MONEY/DATE spans; with ``overwrite_ents`` they replace overlapping model ents."""

    def __init__(self, name: str, overwrite_ents: bool) -> None:
        self.name = name
        self.overwrite_ents = overwrite_ents

    def __call__(self, doc: Doc) -> Doc:
        mine = _rule_spans(doc)
        if not mine:
            return doc
        if not self.overwrite_ents:
            taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
            mine = [s for s in mine if not taken.intersection(range(s.start, s.end))]
        covered = {i for span in mine for i in range(span.start, span.end)}
        others = [e for e in doc.ents if not covered.intersection(range(e.start, e.end))]
        doc.ents = sorted([*mine, *others], key=lambda s: s.start)
        return doc


@Language.factory(FACTORY, default_config={"overwrite_ents": True})
def make_amounts_dates(nlp: Language, name: str, overwrite_ents: bool) -> AmountsDates:
    return AmountsDates(name, overwrite_ents)


def add_rules(nlp: Language) -> None:
    """Append the MONEY/DATE component to ``nlp`` (after "ner" when there is one)."""
    nlp.add_pipe(FACTORY, last=True)
