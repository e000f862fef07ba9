"""The spaCy component that adds MONEY and DATE entities found by the pure rules.

Runs after "ner": MONEY and DATE spans win over any model entity they overlap. By default
they go to ``doc.ents``, values in Span extensions (``._.value``, ``._.currency``). motorpme's
own pipeline sets ``annotate_ents`` off: the spans then go to ``doc.user_data`` as
plain ``(start_char, end_char, label, value, currency)`` rows and the extractor drops the
model entities they overlap, which spares rebuilding ``doc.ents`` on every line that has an
amount or a date.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from motorpme.extract import doc_keys
from motorpme.extract.dates import find_dates
from motorpme.extract.money import find_money

Span.set_extension("value", default=None, force=True)
Span.set_extension("currency", default=None, force=True)
Span.set_extension("value_max", default=None, force=True)

# start_char, end_char, label, value, currency, value_max (a MONEY range's upper amount)
Row = tuple[int, int, str, Any, Any, Any]


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


def _rule_spans(doc: Doc) -> list[tuple[Span, Any, Any, Any]]:
    """(span, value, currency, value_max) of the amounts and dates, no two sharing a token."""
    text = doc.user_data.get(doc_keys.TEXT)
    if text is None:
        text = doc.text
    elif "\n" in text:  # a hard-wrapped paragraph: its breaks are spaces
        text = text.replace("\n", " ")
    found = []
    for amount in find_money(text):
        span = _span(doc, amount.start, amount.end, "MONEY")
        if span is not None:
            found.append((span, amount.value, amount.currency, amount.value_max))
    for date in find_dates(text, doc.user_data.get(doc_keys.REF_DATE)):
        span = _span(doc, date.start, date.end, "DATE")
        if span is not None:
            found.append((span, date.value, None, None))
    if len(found) < 2:
        return found
    kept = {id(span) for span in filter_spans([f[0] for f in found])}
    return sorted((f for f in found if id(f[0]) in kept), key=lambda f: f[0].start)


class AmountsDates:
    """Adds MONEY/DATE spans; with ``overwrite_ents`` they replace overlapping model ents."""

    def __init__(self, name: str, overwrite_ents: bool, annotate_ents: bool = True) -> None:
        self.name = name
        self.overwrite_ents = overwrite_ents
        self.annotate_ents = annotate_ents

    def __call__(self, doc: Doc) -> Doc:
        found = _rule_spans(doc)
        if not found:
            return doc
        if not self.overwrite_ents:
            taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
            found = [f for f in found if not taken.intersection(range(f[0].start, f[0].end))]
        if not self.annotate_ents:
            doc.user_data[doc_keys.AMOUNTS_DATES] = [
                (s.start_char, s.end_char, s.label_, value, currency, value_max)
                for s, value, currency, value_max in found
            ]
            return doc
        mine = []
        for span, value, currency, value_max in found:
            span._.value = value
            span._.currency = currency
            span._.value_max = value_max
            mine.append(span)
        covered = {i for span in mine for i in range(span.start, span.end)}
        others = [e for e in doc.ents if not covered.intersection(range(e.start, e.end))]
        doc.ents = sorted([*mine, *others], key=lambda s: s.start)
        return doc


@Language.factory(
    doc_keys.AMOUNTS_DATES, default_config={"overwrite_ents": True, "annotate_ents": True}
)
def make_amounts_dates(
    nlp: Language, name: str, overwrite_ents: bool, annotate_ents: bool
) -> AmountsDates:
    return AmountsDates(name, overwrite_ents, annotate_ents)


def add_rules(nlp: Language, annotate_ents: bool = True) -> None:
    """Append the MONEY/DATE component to ``nlp`` (after "ner" when there is one)."""
    nlp.add_pipe(doc_keys.AMOUNTS_DATES, last=True, config={"annotate_ents": annotate_ents})
