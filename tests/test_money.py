"""MONEY finder: real French press expressions inside short made-up sentences."""

from __future__ import annotations

import pytest

from motorpme.extract.money import CURRENCY_FORMS, find_money, parse_money

# (sentence, [(mention text, value, currency), ...]) in text order
CASES = [
    (
        "Le ticket d'entrée du club est fixé à 25 000 euros par saison.",
        [("25 000 euros", 25000, "EUR")],
    ),
    ("Chaque partenaire apporte 500€ au projet.", [("500€", 500, "EUR")]),
    ("Chaque partenaire apporte 500 € au projet.", [("500 €", 500, "EUR")]),
    ("L'agglomération verse 10.000€ à l'association.", [("10.000€", 10000, "EUR")]),
    ("Le circuit a coûté 2,7 millions d'euros.", [("2,7 millions d'euros", 2700000, "EUR")]),
    (
        "Un investissement de 90 millions de francs en 1995.",
        [("90 millions de francs", 90000000, "FRF")],
    ),
    ("La piste a été refaite pour 1,5 M€.", [("1,5 M€", 1500000, "EUR")]),
    ("Le budget atteint 19 M€ cette année.", [("19 M€", 19000000, "EUR")]),
    ("Une aide régionale de 300 k€ a été votée.", [("300 k€", 300000, "EUR")]),
    ("Une aide régionale de 300 K€ a été votée.", [("300 K€", 300000, "EUR")]),
    ("Le groupe pèse 2 Md€ de chiffre d'affaires.", [("2 Md€", 2000000000, "EUR")]),
    ("Le constructeur vise 1,2 Mds€ de ventes.", [("1,2 Mds€", 1200000000, "EUR")]),
    ("Le rachat s'élève à un million d'euros.", [("un million d'euros", 1000000, "EUR")]),
    (
        "La région met deux millions d'euros sur la table.",
        [("deux millions d'euros", 2000000, "EUR")],
    ),
    ("L'écurie a levé trois millions d'euros.", [("trois millions d'euros", 3000000, "EUR")]),
    (
        "Le sponsor titre apporte un demi-million d'euros.",
        [("un demi-million d'euros", 500000, "EUR")],
    ),
    ("La subvention atteint un demi-million.", [("un demi-million", 500000, None)]),
    (
        "Un budget de fonctionnement de plus d'un million pour le circuit.",
        [("plus d'un million", 1000000, None)],
    ),
    ("L'enveloppe dépasse les 1 500 000 euros.", [("1 500 000 euros", 1500000, "EUR")]),
    (
        "L'enveloppe dépasse les 1\u00a0500\u00a0000 euros.",
        [("1\u00a0500\u00a0000 euros", 1500000, "EUR")],
    ),
    ("Le prix est de 45\u202f000 €.", [("45\u202f000 €", 45000, "EUR")]),
    ("Le prix est de 45\u2009000 €.", [("45\u2009000 €", 45000, "EUR")]),
    ("Le kit coûte € 500 hors taxes.", [("€ 500", 500, "EUR")]),
    ("Le contrat vaut 250 000 EUR sur trois ans.", [("250 000 EUR", 250000, "EUR")]),
    ("Il a déboursé EUR 40 000 pour le moteur.", [("EUR 40 000", 40000, "EUR")]),
    (
        "La série américaine distribue 1 million de dollars de primes.",
        [("1 million de dollars", 1000000, "USD")],
    ),
    ("Le pilote touchait 200 000 dollars par an.", [("200 000 dollars", 200000, "USD")]),
    ("Une dotation de 50 000 $ pour le vainqueur.", [("50 000 $", 50000, "USD")]),
    ("Une dotation de $50,000 pour le vainqueur.", [("$50,000", 50000, "USD")]),
    ("Le transfert s'est fait pour 3 millions de US$.", [("3 millions de US$", 3000000, "USD")]),
    ("Le budget de l'équipe: 12 millions USD.", [("12 millions USD", 12000000, "USD")]),
    (
        "L'écurie anglaise a investi 10 millions de livres sterling.",
        [("10 millions de livres sterling", 10000000, "GBP")],
    ),
    (
        "L'écurie anglaise a investi 10 millions de livres.",
        [("10 millions de livres", 10000000, "GBP")],
    ),
    ("Le billet coûte 80 £ à Silverstone.", [("80 £", 80, "GBP")]),
    ("Le billet coûte £80 à Silverstone.", [("£80", 80, "GBP")]),
    (
        "L'usine suisse a reçu 4 millions de francs suisses.",
        [("4 millions de francs suisses", 4000000, "CHF")],
    ),
    ("La fondation verse 500 000 CHF par an.", [("500 000 CHF", 500000, "CHF")]),
    ("En 1998, le terrain valait 5 000 francs.", [("5 000 francs", 5000, "FRF")]),
    ("Le garage fut vendu 800 000 FF en 1989.", [("800 000 FF", 800000, "FRF")]),
    ("Le moteur japonais coûte 20 millions de yens.", [("20 millions de yens", 20000000, "JPY")]),
    (
        "La levée de fonds porte sur 1 milliard d'euros.",
        [("1 milliard d'euros", 1000000000, "EUR")],
    ),
    (
        "Le groupe affiche 3,4 milliards d'euros de ventes.",
        [("3,4 milliards d'euros", 3400000000, "EUR")],
    ),
    (
        "Le chantier coûtera entre 10 et 20 millions d'euros.",
        [("entre 10 et 20 millions d'euros", 10000000, "EUR")],
    ),
    ("Le budget passe de 5 à 8 M€ en deux ans.", [("5 à 8 M€", 5000000, "EUR")]),
    (
        "Le ticket varie de 300 à 500 € selon la formule.",
        [("300 à 500 €", 300, "EUR")],
    ),
    (
        "Un budget de 3 millions, dont 500 000 euros de l'État.",
        [("3 millions", 3000000, "EUR"), ("500 000 euros", 500000, "EUR")],
    ),
    (
        "Le circuit a reçu près de 2 millions d'euros de la région.",
        [("près de 2 millions d'euros", 2000000, "EUR")],
    ),
    # Approximation words are part of the mention; the value is the number given.
    (
        "Le club a levé plus de 3 millions d'euros auprès des partenaires.",
        [("plus de 3 millions d'euros", 3000000, "EUR")],
    ),
    ("La buvette a rapporté environ 12 000 € au comité.", [("environ 12 000 €", 12000, "EUR")]),
    (
        "Quelque 750 000 euros seront consacrés au nouveau paddock.",
        [("Quelque 750 000 euros", 750000, "EUR")],
    ),
    (
        "Le pilote cherche encore au moins 80 000 euros de budget.",
        [("au moins 80 000 euros", 80000, "EUR")],
    ),
    (
        "Pas moins de 2,5 M€ ont été engagés par l'agglomération.",
        [("Pas moins de 2,5 M€", 2500000, "EUR")],
    ),
    (
        "La rénovation des stands a coûté moins de 90 000 euros.",
        [("moins de 90 000 euros", 90000, "EUR")],
    ),
    (
        "Le promoteur a perdu près d'un million d'euros sur l'édition.",
        [("près d'un million d'euros", 1000000, "EUR")],
    ),
    ("En 1992, le tracé avait coûté 35 MF au département.", [("35 MF", 35000000, "FRF")]),
    ("La licence valait alors 900 KF par an.", [("900 KF", 900000, "FRF")]),
    (
        "Le chiffre d'affaires a franchi le million d'euros l'an dernier.",
        [("million d'euros", 1000000, "EUR")],
    ),
    ("Le meeting a franchi le million de spectateurs.", []),
    ("Plus de 40 000 spectateurs sont attendus.", []),
    # A number glued to letters names a series or a model: "F3 Euro" is no 3 euros.
    ("Il passe de la F3 Euro au GP2.", []),
    ("Le titre en GP2 Euro Series lui revient.", []),
    ("L'investissement total atteint 4,5 millions.", [("4,5 millions", 4500000, None)]),
    ("Le coût du nouveau paddock : 800 000 euros environ.", [("800 000 euros", 800000, "EUR")]),
    ("Le partenariat rapporte cent mille euros au club.", [("cent mille euros", 100000, "EUR")]),
    ("L'inscription coûte mille euros par voiture.", [("mille euros", 1000, "EUR")]),
    ("Le tour de piste est vendu dix euros aux visiteurs.", [("dix euros", 10, "EUR")]),
    ("Le pilote a offert 30 mille euros à l'école.", [("30 mille euros", 30000, "EUR")]),
    ("Les pièces représentent 2.500.000 € de stock.", [("2.500.000 €", 2500000, "EUR")]),
    ("Le baquet coûte 1.5 M€ selon la presse anglaise.", [("1.5 M€", 1500000, "EUR")]),
    ("Le pass week-end coûte 49,90 euros.", [("49,90 euros", 49.9, "EUR")]),
    ("Le moteur coûte 2,750 millions d'euros.", [("2,750 millions d'euros", 2750000, "EUR")]),
    ("Une prime de 1,000,000 USD au vainqueur.", [("1,000,000 USD", 1000000, "USD")]),
    (
        "La technopole accueille une pépinière de 6 M€ et un hôtel d'entreprises de 4 M€.",
        [("6 M€", 6000000, "EUR"), ("4 M€", 4000000, "EUR")],
    ),
    (
        "Le département apporte 150 000 euros, la région 250 000 euros.",
        [("150 000 euros", 150000, "EUR"), ("250 000 euros", 250000, "EUR")],
    ),
    (
        "L'État a accordé une subvention de 1,2 million d'euros au pôle.",
        [("1,2 million d'euros", 1200000, "EUR")],
    ),
    ("Le budget annuel du rallye approche 400 000 €.", [("400 000 €", 400000, "EUR")]),
    (
        "En 2019, 300 000 euros ont été investis dans les stands.",
        [("300 000 euros", 300000, "EUR")],
    ),
    (
        "Le chiffre d'affaires dépasse 12,5 millions d'euros en 2018.",
        [("12,5 millions d'euros", 12500000, "EUR")],
    ),
    (
        "Le nouveau moteur est facturé 60 000 euros HT aux clients.",
        [("60 000 euros", 60000, "EUR")],
    ),
    (
        "Le naming est estimé à 2 millions par an, soit 10 millions d'euros sur cinq ans.",
        [("2 millions", 2000000, "EUR"), ("10 millions d'euros", 10000000, "EUR")],
    ),
    # What "N millions de ..." counts may be money itself: revenue, funding, works.
    (
        "Le rallye a besoin de 2 millions de financements publics chaque année.",
        [("2 millions", 2000000, None)],
    ),
    ("La filière du golf pèse 1,5 Milliard de CA.", [("1,5 Milliard", 1500000000, None)]),
    (
        "Le budget est de 30 millions d'euros, dont 16 millions de recettes de billetterie.",
        [("30 millions d'euros", 30000000, "EUR"), ("16 millions", 16000000, "EUR")],
    ),
    ("Le pôle prévoit 8 millions de travaux sur la piste.", [("8 millions", 8000000, None)]),
]

NEGATIVES = [
    "Le pôle compte 30 entreprises et 100 personnes.",
    "La part des PME atteint 16% du plateau.",
    "Le circuit a attiré 2 millions de spectateurs depuis 1995.",
    "Plus d'un million de visiteurs sont venus au salon.",
    "Ils ont dépensé des fortunes pour gagner les 24 Heures.",
    "Le musée présente 2 000 voitures et 500 livres anciens.",
    "La course se court en 2019 sur 24 heures.",
    "Le prototype développe 1500 cm3 et 300 chevaux.",
    "Le pilote a parcouru 3 millions de kilomètres en carrière.",
    "Les 500 exposants étaient présents le 14 octobre.",
    "La Peugeot 208 a pris le départ avec le numéro 3.",
    "Le Grand Prix a réuni 1,5 million de téléspectateurs.",
    "Il y a 11 ans, 120 jeunes étaient formés chaque année.",
    "Deux cents pilotes, trois mille visiteurs et cinq cents bénévoles.",
    "Le constructeur a vendu 3 millions de voitures et 2 millions de motos.",
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_find_money_table(sentence: str, expected: list[tuple[str, float, str | None]]) -> None:
    found = [(sentence[a.start : a.end], a.value, a.currency) for a in find_money(sentence)]
    assert found == [(t, pytest.approx(v), c) for t, v, c in expected]


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_find_money_negatives(sentence: str) -> None:
    assert find_money(sentence) == []


def test_table_size() -> None:
    assert len(CASES) >= 60
    assert len(NEGATIVES) >= 10


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("30 000 euros", (30000, "EUR")),
        ("2,7 millions d'euros", (2700000, "EUR")),
        ("90 millions de francs", (90000000, "FRF")),
        ("plus d'un million", (1000000, None)),
        ("3 millions", (3000000, None)),
        ("19 M€", (19000000, "EUR")),
        ("des fortunes", None),
        ("30 entreprises", None),
    ],
)
def test_parse_money(expr: str, expected: tuple[float, str | None] | None) -> None:
    assert parse_money(expr) == expected


def test_values_are_exact_integers_when_whole() -> None:
    (amount,) = find_money("Il a coûté 2,7 millions d'euros.")
    assert amount.value == 2700000 and isinstance(amount.value, int)


def test_huge_line_stays_fast_enough_to_finish() -> None:
    line = ("Le budget de 3 millions, dont 500 000 euros de l'État. " * 20000) + "1 " * 50000
    assert len(find_money(line)) == 40000


@pytest.mark.parametrize(("form", "code", "kind"), CURRENCY_FORMS)
def test_every_currency_form_of_the_table_is_found(form, code, kind):
    """A currency added to the table is found after the number, and before it when a sign or
    code: the patterns and the pre-filter all come from the table. (Words go with
    "millions": "500 livres" are books.)"""
    scale = {"MF": 1_000_000, "kF": 1000, "KF": 1000}.get(form, 1)
    if kind == "word":
        plural = " ".join(w + "s" if w.islower() else w for w in form.split())
        written = [(f"2 millions de {form}", 2_000_000), (f"2 MILLIONS DE {plural.upper()}", 2e6)]
    else:
        written = [(f"500 {form}", 500 * scale)]
    if kind in ("sign", "code"):
        written.append((f"{form} 500", 500))
    for amount, value in written:
        found = find_money(f"Le budget du club atteint {amount} cette année.")
        assert [(a.value, a.currency) for a in found] == [(value, code)], amount


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Le ticket coûte entre 700 et 1 000 euros.", ("entre 700 et 1 000 euros", 700, 1000)),
        ("Le budget passe de 5 à 8 M€ en deux ans.", ("5 à 8 M€", 5_000_000, 8_000_000)),
        ("Les travaux coûteront 2 à 3 millions d'euros.", ("2 à 3 millions d'euros", 2e6, 3e6)),
    ],
)
def test_a_range_is_one_amount_with_its_upper_value(sentence, expected):
    (amount,) = find_money(sentence)
    assert (sentence[amount.start : amount.end], amount.value, amount.value_max) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a year before "à" is no lower bound, and never an amount
        (
            "Le groupe a investi en 2016 à plus de 40 millions d'euros.",
            ("plus de 40 millions d'euros", 40_000_000, None),
        ),
        ("Rachat en 2019 à 12 millions d'euros.", ("12 millions d'euros", 12_000_000, None)),
        ("LE CLUB OBTIENT 3 MILLIONS D'EUROS DE LA RÉGION", ("3 MILLIONS D'EUROS", 3e6, None)),
        ("Un chèque de 500 EUROS pour le club.", ("500 EUROS", 500, None)),
        ("Le billet sera autour de 150 euros.", ("autour de 150 euros", 150, None)),
    ],
)
def test_years_are_no_amounts_and_capitals_are(sentence, expected):
    (amount,) = find_money(sentence)
    assert (sentence[amount.start : amount.end], amount.value, amount.value_max) == expected
