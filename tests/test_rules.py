"""The motorpme_amounts_dates component on real spaCy pipelines."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from motorpme.extract.amounts_dates import add_rules
from motorpme.extract.doc_keys import AMOUNTS_DATES, REF_DATE

TEXTS = [
    "Le prix d'entrée est de 30 000 euros et l'agglomération verse 10.000€ le 31 mar. 2017.",
    "Cette année, le pôle vise 2,7 millions d'euros, contre 2 millions l'an dernier.",
    "Rien à signaler ici.",
]


def _docs(nlp: Language, ref: str | None):
    docs = []
    for text in TEXTS:
        doc = nlp.make_doc(text)
        doc.user_data[REF_DATE] = ref
        docs.append(doc)
    return docs


def _ents(doc) -> list[tuple[str, str, object, object]]:
    return [(e.text, e.label_, e._.value, e._.currency) for e in doc.ents]


@pytest.fixture
def blank() -> Language:
    nlp = spacy.blank("fr")
    add_rules(nlp)
    return nlp


def test_add_rules_appends_the_factory(blank: Language) -> None:
    assert blank.pipe_names == [AMOUNTS_DATES]


def test_spans_carry_values_and_ref_date(blank: Language) -> None:
    doc = blank(_docs(blank, "2019-03")[1])
    assert _ents(doc) == [
        ("Cette année", "DATE", "2019", None),
        ("2,7 millions d'euros", "MONEY", 2700000, "EUR"),
        ("2 millions", "MONEY", 2000000, "EUR"),
        ("l'an dernier", "DATE", "2018", None),
    ]


def test_without_ref_relative_dates_have_no_value(blank: Language) -> None:
    doc = blank(TEXTS[1])
    assert [(e.text, e._.value) for e in doc.ents if e.label_ == "DATE"] == [
        ("Cette année", None),
        ("l'an dernier", None),
    ]


def test_values_survive_multiprocessing(blank: Language) -> None:
    docs = list(blank.pipe(_docs(blank, "2019-03"), n_process=2))
    single = [_ents(blank(d)) for d in _docs(blank, "2019-03")]
    assert [_ents(d) for d in docs] == single
    assert ("30 000 euros", "MONEY", 30000, "EUR") in single[0]
    assert ("31 mar. 2017", "DATE", "2017-03-31", None) in single[0]


def test_rule_spans_replace_overlapping_entities(blank: Language) -> None:
    doc = blank.make_doc("Le Mans 2019 a coûté 500 000 euros à Alès.")
    doc.ents = [doc.char_span(0, 12, label="MISC"), doc.char_span(37, 41, label="LOC")]
    doc = blank.get_pipe(AMOUNTS_DATES)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Le Mans 2019", "MISC"),  # no DATE: "2019" after a name is not taken for a year
        ("500 000 euros", "MONEY"),
        ("Alès", "LOC"),
    ]
    doc = blank.make_doc("Fin 2023, Alès Agglo investira 3 M€.")
    doc.ents = [doc.char_span(0, 8, label="MISC")]
    doc = blank.get_pipe(AMOUNTS_DATES)(doc)
    # the tokenizer glues "M€." into one token: the span may carry that final dot
    assert [(e.text.rstrip("."), e.label_) for e in doc.ents] == [
        ("Fin 2023", "DATE"),
        ("3 M€", "MONEY"),
    ]


@pytest.fixture(scope="module")
def full() -> Language:
    nlp = spacy.load("fr_core_news_sm", exclude=["parser", "lemmatizer"])
    add_rules(nlp)
    return nlp


def test_model_entities_and_rules_coexist_without_overlap(full: Language) -> None:
    text = (
        "Didier Calmels a présenté à Alès, le 14 octobre 2012, un budget de 3 millions, "
        "dont 500 000 euros de la Région Occitanie. L'an dernier, le Pôle Mécanique a accueilli "
        "2 000 visiteurs."
    )
    doc = full.make_doc(text)
    doc.user_data[REF_DATE] = "2013-02-01"
    doc = full(doc)
    labels = {e.label_ for e in doc.ents}
    assert {"MONEY", "DATE"} <= labels and labels & {"PER", "LOC", "ORG"}
    tokens = [i for e in doc.ents for i in range(e.start, e.end)]
    assert len(tokens) == len(set(tokens))
    rules = [(e.text, e._.value) for e in doc.ents if e.label_ in ("MONEY", "DATE")]
    assert rules == [
        ("14 octobre 2012", "2012-10-14"),
        ("3 millions", 3000000),
        ("500 000 euros", 500000),
        ("L'an dernier", "2012"),
    ]


def test_rows_instead_of_ents_carry_the_same_spans(blank: Language) -> None:
    """annotate_ents off (motorpme's pipeline): the same spans as plain rows, doc.ents untouched."""
    rows = spacy.blank("fr")
    add_rules(rows, annotate_ents=False)
    expected = [
        [
            (e.start_char, e.end_char, e.label_, e._.value, e._.currency, e._.value_max)
            for e in doc.ents
        ]
        for doc in blank.pipe(_docs(blank, "2019-03"))
    ]
    for docs in (rows.pipe(_docs(rows, "2019-03")), rows.pipe(_docs(rows, "2019-03"), n_process=2)):
        docs = list(docs)
        assert all(doc.ents == () for doc in docs)
        assert [[tuple(r) for r in d.user_data.get(AMOUNTS_DATES, [])] for d in docs] == expected
    assert expected[0][0] == (24, 36, "MONEY", 30000, "EUR", None)
