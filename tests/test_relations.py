"""The relation rules (extract/relations.py, roles.py, sentences.py) on made-up sentences,
with mentions placed by hand: each cue rule, each role pattern, the sentence window, and an
amount left unlinked when its sentence ties it to nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from motorpme.extract.relations import money_links
from motorpme.extract.roles import role_triples
from motorpme.extract.sentences import sentences
from motorpme.models import Mention
from tests.conftest import Motorpme, at, write_corpus


def links_of(text: str, *names: tuple[str, str]) -> set[tuple[str, str, str]]:
    """(role, entity or phrase, rule) of every link of the text's amounts."""
    mentions = sorted((at(text, name, label) for name, label in names), key=lambda m: m.start)
    found, _ = money_links(text, mentions)
    return {(link.role, link.text, link.rule) for link in found}


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "Le Département de la Nièvre investit 2 millions d'euros dans le circuit de "
            "Nevers Magny-Cours.",
            [
                ("Département de la Nièvre", "ORG"),
                ("2 millions d'euros", "MONEY"),
                ("Nevers Magny-Cours", "LOC"),
            ],
            {
                ("giver", "Département de la Nièvre", "investit"),
                ("purpose", "Nevers Magny-Cours", "investit"),
            },
        ),
        (
            "Au total, 80 millions d'euros ont été investis par Excelis pour la modernisation "
            "du site.",
            [("80 millions d'euros", "MONEY"), ("Excelis", "ORG")],
            {
                ("giver", "Excelis", "investi par"),
                ("purpose", "la modernisation du site", "investi par"),
            },
        ),
        (
            "La Région Occitanie accorde une subvention de 500 000 euros à l'écurie Saintéloc.",
            [("Région Occitanie", "ORG"), ("500 000 euros", "MONEY"), ("Saintéloc", "ORG")],
            # one link per role and name: the first rule in CUES order, the most specific
            {
                ("giver", "Région Occitanie", "subvention de"),
                ("receiver", "Saintéloc", "subvention de"),
            },
        ),
        (
            "Le club a obtenu une subvention de 20 000 euros de la part de la Ville de Lohéac.",
            [("20 000 euros", "MONEY"), ("Ville de Lohéac", "ORG")],
            {("giver", "Ville de Lohéac", "subvention de")},
        ),
        (
            "Moyennant une contribution annuelle de 250 000 € HT (300 000 € TTC) du Conseil "
            "départemental, le circuit s'engage.",
            [("250 000 €", "MONEY"), ("300 000 €", "MONEY"), ("Conseil départemental", "ORG")],
            # the amount in brackets says the same money again: it takes the same links
            {
                ("giver", "Conseil départemental", "subvention de"),
                ("giver", "Conseil départemental", "subvention de, même montant"),
            },
        ),
        (
            "Le budget du Rallye du Touquet atteint 1,5 million d'euros cette année.",
            [("Rallye du Touquet", "EVENT"), ("1,5 million d'euros", "MONEY")],
            {("purpose", "Rallye du Touquet", "budget de")},
        ),
        (
            "L'écurie Oreca dispose d'un budget annuel de 12 millions d'euros.",
            [("Oreca", "ORG"), ("12 millions d'euros", "MONEY")],
            {("holder", "Oreca", "budget de")},
        ),
        (
            "Le chiffre d'affaires de Mygale s'élève à 8 millions d'euros.",
            [("Mygale", "ORG"), ("8 millions d'euros", "MONEY")],
            {("holder", "Mygale", "chiffre d'affaires de")},
        ),
        (
            "Signatech réalise un chiffre d'affaires de 6 millions d'euros.",
            [("Signatech", "ORG"), ("6 millions d'euros", "MONEY")],
            {("holder", "Signatech", "chiffre d'affaires de")},
        ),
        (
            "Les retombées économiques du Bol d'Or sont estimées à 20 millions d'euros pour "
            "le Var.",
            [("Bol d'Or", "EVENT"), ("20 millions d'euros", "MONEY"), ("Var", "LOC")],
            {("source", "Bol d'Or", "retombées de"), ("beneficiary", "Var", "retombées de")},
        ),
        (
            "La nouvelle tribune a coûté 3 millions d'euros à la commune de Lédenon.",
            [("3 millions d'euros", "MONEY"), ("Lédenon", "LOC")],
            {("giver", "Lédenon", "coûté")},
        ),
        (
            "La piste de Croix-en-Ternois a coûté 900 000 euros.",
            [("Croix-en-Ternois", "LOC"), ("900 000 euros", "MONEY")],
            {("purpose", "Croix-en-Ternois", "coûté")},
        ),
        (
            "Le nouveau paddock, financé par la Région Bretagne à hauteur de 4 millions "
            "d'euros, ouvrira en mai.",
            [("Région Bretagne", "ORG"), ("4 millions d'euros", "MONEY")],
            {("giver", "Région Bretagne", "financé par")},
        ),
        (
            "Le coût est de 30 millions d'euros, dont 14 millions venant de la Métropole "
            "Nice Côte d'Azur.",
            [
                ("30 millions d'euros", "MONEY"),
                ("14 millions", "MONEY"),
                ("Métropole Nice Côte d'Azur", "ORG"),
            ],
            {("giver", "Métropole Nice Côte d'Azur", "venant de")},
        ),
        (
            "Depuis 2015, le Syndicat mixte du circuit, présidé par Paul Martin, a mené "
            "11 millions d'euros de travaux sur le circuit Bugatti.",
            [
                ("Syndicat mixte du circuit", "ORG"),
                ("Paul Martin", "PER"),
                ("11 millions d'euros", "MONEY"),
                ("circuit Bugatti", "LOC"),
            ],
            {
                ("giver", "Syndicat mixte du circuit", "de travaux"),
                ("purpose", "circuit Bugatti", "de travaux"),
            },
        ),
        (
            "Le groupe Alpine rachète l'écurie Rebellion pour 25 millions d'euros.",
            [("Alpine", "ORG"), ("Rebellion", "ORG"), ("25 millions d'euros", "MONEY")],
            # the buyer, and what it buys as what the money is for
            {("giver", "Alpine", "rachète"), ("purpose", "Rebellion", "rachète")},
        ),
        (
            "La start-up Kart Lab lève 2 millions d'euros auprès de Bpifrance.",
            [("Kart Lab", "ORG"), ("2 millions d'euros", "MONEY"), ("Bpifrance", "ORG")],
            {("receiver", "Kart Lab", "lève"), ("giver", "Bpifrance", "lève")},
        ),
    ],
)
def test_each_cue_rule_links_the_names_its_words_tie_to_the_amount(text, names, expected):
    assert links_of(text, *names) == expected


def test_a_company_and_an_amount_that_say_nothing_of_each_other_stay_unlinked() -> None:
    text = "Oreca présentait sa nouvelle voiture au salon, où la place coûtait 15 euros."
    # "coûtait" is a cue, but the nearest name before it is behind a clause ("où"): unlinked.
    assert links_of(text, ("Oreca", "ORG"), ("15 euros", "MONEY")) == set()
    text = "Alpine était au salon de Genève ; un billet gagnant valait 500 euros."
    assert links_of(text, ("Alpine", "ORG"), ("Genève", "LOC"), ("500 euros", "MONEY")) == set()


def test_links_stay_within_the_amounts_sentence() -> None:
    text = "La Région Grand Est investit. Elle accorde 300 000 euros au total."
    assert links_of(text, ("Région Grand Est", "ORG"), ("300 000 euros", "MONEY")) == set()
    joined = "La Région Grand Est accorde 300 000 euros au total."
    assert links_of(joined, ("Région Grand Est", "ORG"), ("300 000 euros", "MONEY")) == {
        ("giver", "Région Grand Est", "investit")
    }


def test_each_amount_has_its_sentence_as_proof() -> None:
    text = "Premier point. M. Dupont annonce 2 millions d'euros.\nLigne suivante."
    money = at(text, "2 millions d'euros", "MONEY")
    _, where = money_links(text, [money])
    start, end = where[0]
    assert text[start:end] == "M. Dupont annonce 2 millions d'euros."


def test_sentences_end_at_stops_and_lines_not_at_initials() -> None:
    text = "J. Dupont arrive. Le GP a lieu le 3 mai ! Qui gagne ?\nUne ligne"
    assert [text[s:e] for s, e in sentences(text)] == [
        "J. Dupont arrive.",
        "Le GP a lieu le 3 mai !",
        "Qui gagne ?",
        "Une ligne",
    ]


def roles_of(text: str, *names: tuple[str, str]) -> set[tuple[str, str, str, str]]:
    mentions: list[Mention] = sorted(
        (at(text, name, label) for name, label in names), key=lambda m: m.start
    )
    return {
        (mentions[t.person].text, t.role, mentions[t.org].text, t.rule)
        for t in role_triples(text, mentions)
    }


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "« C'est une belle saison », explique Jean Dupont, président de la FFSA.",
            [("Jean Dupont", "PER"), ("FFSA", "ORG")],
            {("Jean Dupont", "président", "FFSA", "nom, titre de org")},
        ),
        (
            "Nous avons rencontré Marie Curtet (directrice commerciale de Ligier Automotive).",
            [("Marie Curtet", "PER"), ("Ligier Automotive", "ORG")],
            {("Marie Curtet", "directrice commerciale", "Ligier Automotive", "nom, titre de org")},
        ),
        (
            "Selon le directeur général d'Oreca, Paul Martin, la voiture est prête.",
            [("Oreca", "ORG"), ("Paul Martin", "PER")],
            {("Paul Martin", "directeur général", "Oreca", "titre de org, nom")},
        ),
        (
            "Le maire de Nevers Denis Thuriot soutient le projet.",
            [("Nevers", "LOC"), ("Denis Thuriot", "PER")],
            {("Denis Thuriot", "maire", "Nevers", "titre de org nom")},
        ),
        (
            "L'association, présidée par Joël Do Vale, organise le Grand Prix.",
            [("association", "ORG"), ("Joël Do Vale", "PER")],
            {("Joël Do Vale", "président", "association", "présidée par")},
        ),
        (
            "Serge Saulnier, président du directoire de la SAEMS, signe la convention.",
            [("Serge Saulnier", "PER"), ("SAEMS", "ORG")],
            {("Serge Saulnier", "président du directoire", "SAEMS", "nom, titre de org")},
        ),
        (
            "Lucie Marchal, directrice associée de l'agence Rallyes Conseil, a signé.",
            [("Lucie Marchal", "PER"), ("Rallyes Conseil", "ORG")],
            {("Lucie Marchal", "directrice associée", "Rallyes Conseil", "nom, titre de org")},
        ),
        (
            "Jeanne Morel, première adjointe au maire de Lurcy, inaugure la piste.",
            [("Jeanne Morel", "PER"), ("Lurcy", "LOC")],
            {("Jeanne Morel", "adjointe au maire", "Lurcy", "nom, titre de org")},
        ),
        (
            "Le projet inquiète Marc Riou, le sous-préfet de Bressuire.",
            [("Marc Riou", "PER"), ("Bressuire", "LOC")],
            {("Marc Riou", "sous-préfet", "Bressuire", "nom, titre de org")},
        ),
    ],
)
def test_each_role_pattern_gives_its_triple(text, names, expected):
    assert roles_of(text, *names) == expected


def test_in_a_list_a_title_with_its_article_belongs_to_the_next_person() -> None:
    text = "Anne Roux, le Président de la Ligue de Karting, Paul Martin, et Luc Blanc signent."
    found = roles_of(
        text, ("Anne Roux", "PER"), ("Ligue de Karting", "ORG"), ("Paul Martin", "PER")
    )
    assert found == {("Paul Martin", "président", "Ligue de Karting", "titre de org, nom")}
    alone = "Le projet inquiète Marc Riou, le sous-préfet de Bressuire, et Luc Blanc."
    kept = roles_of(alone, ("Marc Riou", "PER"), ("Bressuire", "LOC"), ("Luc Blanc", "PER"))
    assert kept == {("Marc Riou", "sous-préfet", "Bressuire", "nom, titre de org")}


def test_a_title_running_into_a_capitalised_name_the_model_cut_gives_no_triple() -> None:
    text = "Le Président de la Fédération Française du Sport Auto, Paul Roux, signe."
    cut = roles_of(text, ("Sport Auto", "ORG"), ("Paul Roux", "PER"))
    assert cut == set()
    whole = roles_of(text, ("Fédération Française du Sport Auto", "ORG"), ("Paul Roux", "PER"))
    assert whole == {
        ("Paul Roux", "président", "Fédération Française du Sport Auto", "titre de org, nom")
    }


def test_a_person_next_to_an_organisation_without_a_title_holds_no_role() -> None:
    text = "Paul Martin, pilote chevronné, rejoint Oreca. Lucie Bernard quitte Alpine."
    assert (
        roles_of(
            text,
            ("Paul Martin", "PER"),
            ("Oreca", "ORG"),
            ("Lucie Bernard", "PER"),
            ("Alpine", "ORG"),
        )
        == set()
    )


def test_a_sentence_opening_on_the_amount_links_the_name_after_it() -> None:
    text = "Avec un budget de 2 millions d'euros, l'écurie Saintéloc vise le titre."
    assert links_of(text, ("2 millions d'euros", "MONEY"), ("Saintéloc", "ORG")) == {
        ("holder", "Saintéloc", "avec un budget de")
    }


# Made-up articles for the commands: the same giver over three years, once in francs.
CORPUS = {
    "1998/ales.txt": (
        "Le pôle mécanique d'Alès prend forme\n\n14 mars 1998\n\n"
        "Le Conseil général du Gard investit 90 millions de francs dans le Pôle Mécanique "
        "d'Alès. Max Roustan, maire d'Alès, salue le projet."
    ),
    "2016/ales.txt": (
        "Nouvelle piste à Alès\n\n2 mai 2016\n\n"
        "Le Conseil général du Gard investit 3 millions d'euros dans le Pôle Mécanique "
        "d'Alès. La société Oreca était présente au salon, où le billet valait 15 euros."
    ),
    "2019/ales.txt": (
        "Le Gard soutient Alès\n\n20 septembre 2019\n\n"
        "Le Conseil général du Gard investit 1 million d'euros dans le Pôle Mécanique "
        "d'Alès. Selon le directeur général d'Oreca, Hugues de Chaunac, la saison sera longue."
    ),
}


@pytest.fixture(scope="module")
def gard(tmp_path_factory: pytest.TempPathFactory) -> Motorpme:
    root = write_corpus(tmp_path_factory.mktemp("gard"), CORPUS)
    cli = Motorpme(root, root.parent / "gard.sqlite")
    assert cli("index").exit_code == 0
    return cli


def test_amounts_lists_every_amount_with_its_sentence_and_links(gard: Motorpme) -> None:
    rows = gard.json("amounts")
    assert [(r["date"], r["value"], r["currency"]) for r in rows] == [
        ("1998-03-14", 90000000, "FRF"),
        ("2016-05-02", 3000000, "EUR"),
        ("2016-05-02", 15, "EUR"),
        ("2019-09-20", 1000000, "EUR"),
    ]
    first = rows[0]
    assert first["sentence"] == (
        "Le Conseil général du Gard investit 90 millions de francs dans le Pôle Mécanique d'Alès."
    )
    assert {(x["role"], x["entity"], x["rule"]) for x in first["links"]} == {
        ("giver", "Conseil général du Gard", "investit"),
        ("purpose", "Pôle Mécanique d'Alès", "investit"),
    }
    assert rows[2]["links"] == []  # Oreca and the ticket price: one sentence, no link
    table = gard("amounts")
    assert table.exit_code == 0
    assert "giver: Conseil général du Gard [investit]" in table.stdout


def test_amounts_filters_by_linked_entity_date_amount_and_currency(gard: Motorpme) -> None:
    linked = gard.json("amounts", "--entity", "conseil general du gard")
    assert [r["value"] for r in linked] == [90000000, 3000000, 1000000]
    assert [r["value"] for r in gard.json("amounts", "--entity", "Oreca")] == []
    since = gard.json("amounts", "--since", "2016", "--min-amount", "1M", "--currency", "EUR")
    assert [r["value"] for r in since] == [3000000, 1000000]
    result = gard("amounts", "--entity", "Oreca")
    assert result.exit_code == 1 and "no amount matches" in result.stderr


def test_amount_sums_never_add_francs_to_euros_and_convert_francs(gard: Motorpme) -> None:
    rows = gard.json("amounts", "--sum", "--entity", "Conseil général du Gard")
    by = {(r["year"], r["currency"]): r for r in rows}
    assert {k: r["total"] for k, r in by.items()} == {
        ("2016", "EUR"): 3000000,
        ("2019", "EUR"): 1000000,
        ("all", "EUR"): 4000000,
        ("1998", "FRF"): 90000000,
    }
    assert by[("1998", "FRF")]["eur"] == round(90000000 / 6.55957, 2)
    assert by[("1998", "FRF")]["eur_converted"] is True
    assert "eur" not in by[("all", "EUR")]
    assert {r["role"] for r in rows} == {"giver"}
    since = gard.json("amounts", "--sum", "--entity", "Conseil général du Gard", "--since", "2015")
    assert [(r["year"], r["total"]) for r in since] == [
        ("2016", 3000000),
        ("2019", 1000000),
        ("all", 4000000),
    ]
    table = gard("amounts", "--sum")
    assert "13 720 411.55 (converted)" in table.stdout


def test_roles_gives_triples_with_their_sentence_either_side(gard: Motorpme) -> None:
    rows = gard.json("roles")
    assert {(r["person"], r["role"], r["organisation"], r["rule"]) for r in rows} == {
        ("Max Roustan", "maire", "Alès", "nom, titre de org"),
        ("Hugues de Chaunac", "directeur général", "Oreca", "titre de org, nom"),
    }
    assert [r["person"] for r in gard.json("roles", "--entity", "Oreca")] == ["Hugues de Chaunac"]
    assert [r["organisation"] for r in gard.json("roles", "--entity", "Roustan")] == ["Alès"]
    by_person = gard.json("roles", "--entity", "Hugues de Chaunac")
    assert by_person[0]["sentence"].startswith("Selon le directeur général d'Oreca")
    assert gard("roles", "--entity", "Alpine").exit_code == 1
    assert "Max Roustan\tmaire\tAlès" in gard("roles").stdout


def test_relations_are_stored_at_index_time_and_reads_load_no_model(gard: Motorpme) -> None:
    code = (
        "import sys\n"
        "from motorpme.cli.main import app\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'spacy' not in sys.modules, 'a read loaded spaCy'\n"
    )
    for command in (["amounts", "--sum"], ["roles"]):
        args = ["--corpus", str(gard.corpus), "--index", str(gard.index), *command]
        done = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert "Conseil" in done.stdout or "Roustan" in done.stdout
