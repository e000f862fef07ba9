"""More amount-link rules (extract/relations.py, clauses.py, cues.py) on made-up sentences:
a party the model labelled an event, a giver in a parenthesis or before a relative clause, an
amount in brackets, buying, a common noun tied by what it is said to amount to; and the
sentences that must stay unlinked (a wrong link is worse than none)."""

from __future__ import annotations

import pytest

from tests.conftest import Motorpme, write_corpus
from tests.test_relations import links_of


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "Depuis 2019, le Syndicat mixte du circuit de Lédenon, présidé par Anne Roux, a mené "
            "pour 4 M€ de travaux.",
            [
                ("Syndicat mixte du circuit de Lédenon", "EVENT"),
                ("Anne Roux", "PER"),
                ("4 M€", "MONEY"),
            ],
            {("giver", "Syndicat mixte du circuit de Lédenon", "de travaux")},
        ),
        (
            "Le propriétaire du site (la société Motorland) investit 5 millions d'euros dans la "
            "nouvelle piste.",
            [("Motorland", "ORG"), ("5 millions d'euros", "MONEY")],
            {
                ("giver", "Motorland", "investit"),
                ("purpose", "la nouvelle piste", "investit"),
            },
        ),
        (
            "Au total, 8 millions d'euros ont été investis par le propriétaire (Motorland) dans "
            "le circuit de Bresse.",
            [("8 millions d'euros", "MONEY"), ("Motorland", "ORG"), ("circuit de Bresse", "LOC")],
            {
                ("giver", "Motorland", "investi par"),
                ("purpose", "circuit de Bresse", "investi par"),
            },
        ),
        (
            "Le groupe Mecachrome, qui a déjà investi 3 millions d'euros dans l'usine, recrute.",
            [("Mecachrome", "ORG"), ("3 millions d'euros", "MONEY")],
            {("giver", "Mecachrome", "investit"), ("purpose", "l'usine", "investit")},
        ),
        (
            "Les recettes de la Ligue régionale de karting (0,4 M€) financent les stages.",
            [("Ligue régionale de karting", "ORG"), ("0,4 M€", "MONEY")],
            {("holder", "Ligue régionale de karting", "chiffre d'affaires de")},
        ),
        (
            "Le club reçoit la subvention de la Région Normandie (150 000 €) chaque année.",
            [("Région Normandie", "ORG"), ("150 000 €", "MONEY")],
            {("giver", "Région Normandie", "subvention de")},
        ),
        (
            "La participation de la Ville de Lohéac se montait jusqu'alors à 20 000 euros.",
            [("Ville de Lohéac", "ORG"), ("20 000 euros", "MONEY")],
            {("giver", "Ville de Lohéac", "subvention de")},
        ),
        (
            "L'écurie Rebellion a été rachetée par le groupe Alpine pour 25 millions d'euros.",
            [("Rebellion", "ORG"), ("Alpine", "ORG"), ("25 millions d'euros", "MONEY")],
            {("purpose", "Rebellion", "racheté par"), ("giver", "Alpine", "racheté par")},
        ),
        (
            "Le rachat de Mygale par Ligier pour 3 millions d'euros est signé.",
            [("Mygale", "ORG"), ("Ligier", "ORG"), ("3 millions d'euros", "MONEY")],
            {("purpose", "Mygale", "rachat de"), ("giver", "Ligier", "rachat de")},
        ),
        (
            "Les retombées du Bol d'Or pour le Var atteignent 20 millions d'euros.",
            [("Bol d'Or", "EVENT"), ("Var", "LOC"), ("20 millions d'euros", "MONEY")],
            {("source", "Bol d'Or", "retombées de"), ("beneficiary", "Var", "retombées de")},
        ),
    ],
)
def test_each_new_rule_links_the_names_its_words_tie_to_the_amount(text, names, expected):
    assert links_of(text, *names) == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # what the giver is ("ses actionnaires", "la ville") is no name: no nearby name stands
        # in for it
        (
            "Le circuit de Croix a reçu 80 millions d'euros investis par ses actionnaires depuis "
            "2002.",
            [("circuit de Croix", "LOC"), ("80 millions d'euros", "MONEY")],
        ),
        # the relative's antecedent is "le club", no name: the Région gave nothing here
        (
            "La Région Normandie soutient le club, qui a investi 2 millions d'euros en 2020.",
            [("Région Normandie", "ORG"), ("2 millions d'euros", "MONEY")],
        ),
        # the turnover is the trade's ("de la filière"), not the one who estimates it
        (
            "Le cabinet Audix estime le chiffre d'affaires de la filière à 2 milliards d'euros.",
            [("Audix", "ORG"), ("2 milliards d'euros", "MONEY")],
        ),
        # a parenthesis after a name is its acronym, not an apposition to a common noun
        (
            "Une étude du cabinet Audix (Audit Conseil), publiée en mai, estime le budget à "
            "3 millions d'euros.",
            [("Audix", "ORG"), ("Audit Conseil", "ORG"), ("3 millions d'euros", "MONEY")],
        ),
        # "l'aide de Michelin" does not say the amount is Michelin's
        (
            "Avec l'aide de Michelin, la course a rapporté 2 millions d'euros.",
            [("Michelin", "ORG"), ("2 millions d'euros", "MONEY")],
        ),
        # a racing category is no organisation ("Groupe B"), a real event gives nothing
        (
            "La Groupe B Cup investit 1 million d'euros ; le Grand Prix de Pau investit 2 M€.",
            [("Groupe B Cup", "EVENT"), ("1 million d'euros", "MONEY")],
        ),
        # amounts in brackets with no cue before them stay alone
        (
            "Les subventions des collectivités (1,4 M€) et les recettes de billetterie (2 M€) "
            "complètent le budget de la FFSA.",
            [("1,4 M€", "MONEY"), ("2 M€", "MONEY"), ("FFSA", "ORG")],
        ),
    ],
)
def test_sentences_that_do_not_say_whose_the_amount_is_stay_unlinked(text, names):
    assert links_of(text, *names) == set()


def test_a_town_named_only_as_la_ville_is_not_linked_but_the_event_is() -> None:
    text = "Le Grand Prix de Pau coûte chaque année 2 millions d'euros à la ville."
    names = [("Grand Prix de Pau", "EVENT"), ("2 millions d'euros", "MONEY")]
    assert links_of(text, *names) == {("purpose", "Grand Prix de Pau", "coûté")}


RESTATED = {
    "2020/gard.txt": (
        "Le Gard soutient Alès\n\n3 mars 2020\n\n"
        "Le Conseil général du Gard investit 250 000 euros HT (300 000 euros TTC) dans le "
        "Pôle Mécanique d'Alès."
    ),
}


def test_an_amount_said_again_in_brackets_is_linked_but_summed_once(tmp_path) -> None:
    root = write_corpus(tmp_path / "corpus", RESTATED)
    cli = Motorpme(root, tmp_path / "index.sqlite")
    assert cli("index").exit_code == 0
    rows = cli.json("amounts")
    assert [r["value"] for r in rows] == [250000, 300000]
    assert {(x["role"], x["entity"], x["rule"]) for x in rows[1]["links"]} >= {
        ("giver", "Conseil général du Gard", "investit, même montant")
    }
    sums = cli.json("amounts", "--sum", "--entity", "Conseil général du Gard")
    assert [(r["role"], r["total"], r["amounts"]) for r in sums] == [("giver", 250000, 1)]
