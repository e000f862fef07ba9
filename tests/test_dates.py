"""DATE finder: French press expressions with references of every precision."""

from __future__ import annotations

import pytest

from motorpme.extract.dates import find_dates, parse_date

DAY, MONTH, YEAR = "2019-01-10", "2021-08", "2012"  # 2019-01-10 is a Thursday

# (sentence, ref, [(mention text, value), ...]) in text order
CASES = [
    # A month with "dernier"/"prochain": its last or next occurrence from the article date.
    ("Le contrat a été signé en mars dernier.", DAY, [("mars dernier", "2018-03")]),
    ("Le contrat a été signé en décembre dernier.", MONTH, [("décembre dernier", "2020-12")]),
    ("La piste rouvrira en septembre prochain.", MONTH, [("septembre prochain", "2021-09")]),
    ("La piste rouvrira en janvier prochain.", DAY, [("janvier prochain", "2020-01")]),
    ("La piste rouvrira en janvier prochain.", YEAR, [("janvier prochain", None)]),
    ("Les travaux débuteront au mois prochain.", MONTH, [("mois prochain", "2021-09")]),
    # Weekdays of a programme are days; habits are not.
    (
        "Ouverture vendredi de 14 h à 19 h, samedi et dimanche de 9 h à 18 h.",
        DAY,
        [("vendredi", "2019-01-04"), ("samedi", "2019-01-05"), ("dimanche", "2019-01-06")],
    ),
    ("Le musée ouvre le samedi et dimanche.", DAY, []),
    ("Il a gagné dimanche dernier à Lédenon.", DAY, [("dimanche dernier", "2019-01-06")]),
    ("Le club vise la finale de l'été prochain.", "2017-10-05", [("l'été prochain", "2018")]),
    ("Le club vise la finale de l'été prochain.", "2017-03", [("l'été prochain", "2017")]),
    ("Il a gelé l'hiver dernier sur la piste.", "2017-10-05", [("l'hiver dernier", "2016")]),
    ("Il a gelé l'hiver dernier sur la piste.", "2017", [("l'hiver dernier", None)]),
    # A weekday and a day number: the month around the article date that matches both.
    (
        "Essais samedi 12 et course dimanche 13 à Nogaro.",
        DAY,
        [("samedi 12", "2019-01-12"), ("dimanche 13", "2019-01-13")],
    ),
    ("La réunion de vendredi 1er a tout changé.", "2019-02-20", [("vendredi 1er", "2019-02-01")]),
    ("Le départ est fixé samedi 12.", YEAR, [("samedi 12", None)]),
    ("Ouverture samedi 12 h, fermeture à 18 h.", DAY, [("samedi", "2019-01-05")]),
    ("Publié le 31 mar. 2017 • 14:07", None, [("31 mar. 2017", "2017-03-31")]),
    ("Le salon ferme le 14 octobre.", YEAR, [("14 octobre", "2012-10-14")]),
    ("Le salon ferme le 14 octobre.", None, [("14 octobre", None)]),
    ("Le salon ferme le 14 octobre.", MONTH, [("14 octobre", "2021-10-14")]),
    ("Le salon a fermé le 14 octobre 2012.", DAY, [("14 octobre 2012", "2012-10-14")]),
    ("La course a eu lieu le 1er juin 2018.", None, [("1er juin 2018", "2018-06-01")]),
    ("Signé le 3 janv. 2016 à Alès.", None, [("3 janv. 2016", "2016-01-03")]),
    ("Signé le 3 janv 2016 à Alès.", None, [("3 janv 2016", "2016-01-03")]),
    ("Le 12 févr. 2015, le club est né.", None, [("12 févr. 2015", "2015-02-12")]),
    ("Le 12 fév. 2015, le club est né.", None, [("12 fév. 2015", "2015-02-12")]),
    ("Le 7 avr. 2014, rien.", None, [("7 avr. 2014", "2014-04-07")]),
    ("Le 2 juil. 2013, rien.", None, [("2 juil. 2013", "2013-07-02")]),
    ("Le 9 sept. 2011, rien.", None, [("9 sept. 2011", "2011-09-09")]),
    ("Le 9 oct. 2011, rien.", None, [("9 oct. 2011", "2011-10-09")]),
    ("Le 9 nov. 2011, rien.", None, [("9 nov. 2011", "2011-11-09")]),
    ("Le 24 déc. 2010, rien.", None, [("24 déc. 2010", "2010-12-24")]),
    ("Le 15 août 2009, rien.", None, [("15 août 2009", "2009-08-15")]),
    ("Le 15 mai 2009, rien.", None, [("15 mai 2009", "2009-05-15")]),
    ("Mise à jour le 10.10.2012 par la rédaction", None, [("10.10.2012", "2012-10-10")]),
    ("Mise à jour le 10/10/2012 par la rédaction", None, [("10/10/2012", "2012-10-10")]),
    ("Archive 2019-01 de la revue", None, [("2019-01", "2019-01")]),
    ("Publié 2016-05-04 par la rédaction", None, [("2016-05-04", "2016-05-04")]),
    ("Avant la course en juillet 2018, le projet peinait.", None, [("juillet 2018", "2018-07")]),
    ("L'équipe reviendra en 2019 avec deux voitures.", None, [("2019", "2019")]),
    ("Le circuit a été créé en 1995 par la ville.", None, [("1995", "1995")]),
    ("Depuis 2008, la convention attire des PME.", None, [("2008", "2008")]),
    ("Nous avons terminé l'année 2017 en tête.", None, [("2017", "2017")]),
    ("À partir de la mi-2018, les ventes ont décollé.", None, [("mi-2018", "2018")]),
    ("L'usine ouvrira fin 2023 à Montval.", None, [("fin 2023", "2023")]),
    ("Les travaux commencent début 2020.", None, [("début 2020", "2020")]),
    ("Le site a ouvert au printemps 2002.", None, [("printemps 2002", "2002")]),
    (
        "Lors du premier semestre de 2018, c'était difficile.",
        None,
        [("premier semestre de 2018", "2018")],
    ),
    ("Il a signé à l'été 2019 avec l'écurie.", None, [("été 2019", "2019")]),
    ("La saison 2019 sera décisive.", None, [("saison 2019", "2019")]),
    ("Il a couru de 2015 à 2018 en endurance.", None, [("de 2015 à 2018", "2015/2018")]),
    ("La saison 2018-2019 de Formule E.", None, [("saison 2018-2019", "2018/2019")]),
    ("Le budget 2018/2019 du club.", None, [("2018/2019", "2018/2019")]),
    ("Le plan couvre 2022-2027.", None, [("2022-2027", "2022/2027")]),
    ("Entre 1971 et 1990, la course a lieu ici.", None, [("Entre 1971 et 1990", "1971/1990")]),
    (
        "Le salon se tient du 21 au 24 juin 2018 au Mans.",
        None,
        [("21 au 24 juin 2018", "2018-06-21/2018-06-24")],
    ),
    (
        "Stage du 30 juin au 2 juillet 2019.",
        None,
        [("30 juin au 2 juillet 2019", "2019-06-30/2019-07-02")],
    ),
    (
        "Portes ouvertes les 14 et 15 septembre.",
        "2020",
        [("14 et 15 septembre", "2020-09-14/2020-09-15")],
    ),
    ("Courses les 17, 18 et 19 mai.", "2019-02", [("17, 18 et 19 mai", "2019-05-17/2019-05-19")]),
    ("Courses les 17-18 et 19 mai.", None, [("17-18 et 19 mai", None)]),
    ("La musique des années 1990 a changé.", None, [("années 1990", "1990/1999")]),
    (
        "Rendez-vous le 23 avril prochain au circuit.",
        "2019-05-02",
        [("23 avril prochain", "2020-04-23")],
    ),
    ("Il est parti le 3 mars dernier.", "2019-01-10", [("3 mars dernier", "2018-03-03")]),
    ("Il a signé ce lundi matin.", "2019-03-07", [("ce lundi matin", "2019-03-04")]),
    ("Il a signé ce lundi 4 mars.", "2019-03-07", [("ce lundi 4 mars", "2019-03-04")]),
    ("Il court ce week-end au Mans.", "2019-05-08", [("ce week-end", "2019-05-11/2019-05-12")]),
    ("Il court ce weekend.", "2019-05-12", [("ce weekend", "2019-05-11/2019-05-12")]),
    (
        "Le week-end dernier, il a gagné.",
        "2019-05-08",
        [("Le week-end dernier", "2019-05-04/2019-05-05")],
    ),
    ("Il court ce week-end.", None, [("ce week-end", None)]),
    ("Le circuit ouvre cet été.", "2021-02-01", [("cet été", "2021")]),
    (
        "Essais les 17 et 18 mai, course les 25 et 26 mai 2019.",
        None,
        [("17 et 18 mai", "2019-05-17/2019-05-18"), ("25 et 26 mai 2019", "2019-05-25/2019-05-26")],
    ),
    (
        "Pour l'édition 2019, essais les 17-18 et 19 mai.",
        None,
        [("2019", "2019"), ("17-18 et 19 mai", "2019-05-17/2019-05-19")],
    ),
    (
        "Entre 2015 et 2018, on roulait le 14 juillet.",
        None,
        [("Entre 2015 et 2018", "2015/2018"), ("14 juillet", None)],
    ),
    ("Le karting des années 70 revit.", None, [("années 70", "1970/1979")]),
    (
        "La musique des sixties et des seventies.",
        None,
        [("sixties", "1960/1969"), ("seventies", "1970/1979")],
    ),
    ("Les sorties et parties du club.", None, []),
    ("Au début des années 2010, tout change.", None, [("début des années 2010", "2010/2019")]),
    ("Les voitures des années 1960-70.", None, [("années 1960-70", "1960/1979")]),
    ("À la fin de la saison 2022, il part.", None, [("fin de la saison 2022", "2022")]),
    ("La vente aura lieu le mardi 5 avril 2022.", None, [("mardi 5 avril 2022", "2022-04-05")]),
    ("Le film, annoncé pour avril, a pris du retard.", None, [("avril", None)]),
    ("Le film, annoncé pour avril, a pris du retard.", YEAR, [("avril", "2012-04")]),
    ("Plusieurs facteurs ont joué : le mois d'août, la crise.", MONTH, [("août", "2021-08")]),
    ("Les essais reprennent en mars.", DAY, [("mars", "2019-03")]),
    ("Les essais reprennent fin mars.", DAY, [("fin mars", "2019-03")]),
    ("L'an dernier, le team a gagné.", "2019-01", [("L'an dernier", "2018")]),
    ("Il a gagné l’an dernier au Mans.", "2019", [("l’an dernier", "2018")]),
    ("Il a gagné l'an dernier au Mans.", None, [("l'an dernier", None)]),
    ("Il a gagné l'année dernière au Mans.", DAY, [("l'année dernière", "2018")]),
    ("Nous avons appris de la saison dernière.", "2019-01", [("la saison dernière", "2018")]),
    ("Cette année sera une autre étape.", MONTH, [("Cette année", "2021")]),
    ("Quinze voitures sont attendues cette saison.", "2019-01", [("cette saison", "2019")]),
    # "-là" points back at the text's own date, never at the article's.
    (
        "Le rallye est né en 1973. Cette année-là, treize manches.",
        MONTH,
        [("1973", "1973"), ("Cette année-là", "1973")],
    ),
    ("Cette année-là, treize manches.", MONTH, [("Cette année-là", None)]),
    (
        "En mai 2019, il signe. Ce mois-là, il gagne.",
        DAY,
        [("mai 2019", "2019-05"), ("Ce mois-là", "2019-05")],
    ),
    (
        "Entre 1974 et 1984. Cette saison-là, rien.",
        None,
        [("Entre 1974 et 1984", "1974/1984"), ("Cette saison-là", None)],
    ),
    ("Il reviendra l'an prochain avec Alpine.", YEAR, [("l'an prochain", "2013")]),
    ("Il reviendra l'année prochaine avec Alpine.", YEAR, [("l'année prochaine", "2013")]),
    ("Rendez-vous la saison prochaine.", "2020-05-02", [("la saison prochaine", "2021")]),
    ("Les ventes ont doublé le mois dernier.", "2019-01-10", [("le mois dernier", "2018-12")]),
    ("Les ventes ont doublé le mois dernier.", YEAR, [("le mois dernier", None)]),
    ("Une convention était organisée ce jeudi au Technoparc.", MONTH, [("ce jeudi", None)]),
    ("Une convention était organisée ce jeudi au Technoparc.", DAY, [("ce jeudi", "2019-01-10")]),
    ("Ce mardi, les chefs d'entreprise se sont réunis.", DAY, [("Ce mardi", "2019-01-08")]),
    ("Le contrat a été signé jeudi dernier.", DAY, [("jeudi dernier", "2019-01-03")]),
    ("Le contrat sera signé jeudi prochain.", DAY, [("jeudi prochain", "2019-01-17")]),
    ("Le contrat a été signé lundi à Alès.", DAY, [("lundi", "2019-01-07")]),
    ("Le maire l'a annoncé hier.", DAY, [("hier", "2019-01-09")]),
    ("Le maire l'annoncera demain.", DAY, [("demain", "2019-01-11")]),
    ("Le maire l'a annoncé hier.", MONTH, [("hier", None)]),
    ("Juillet 2018 restera dans les mémoires.", None, [("Juillet 2018", "2018-07")]),
    ("Le 29 février 2016, rien.", None, [("29 février 2016", "2016-02-29")]),
    ("Le 29 février 2015 n'existe pas.", None, [("février 2015", "2015-02")]),
    # Capitals: the words a line is screened for are found whatever their case.
    ("RENDEZ-VOUS LE PREMIER AOÛT", YEAR, [("PREMIER AOÛT", "2012-08-01")]),
    (
        "L'AN DERNIER, LE CIRCUIT A FERMÉ DIMANCHE.",
        None,
        [("L'AN DERNIER", None), ("DIMANCHE", None)],
    ),
    ("Bilan de l'Été dernier au circuit.", DAY, [("l'Été dernier", "2018")]),
]

NEGATIVES = [
    "Le week-end, les familles viennent au circuit.",
    "Dix jours de tournage, 365 jours par an.",
    "Il a roulé pendant 3 ans chez Peugeot.",
    "Publié il y a 11 ans par la rédaction.",
    "Départ à 14:07 ou 14h07, arrivée à 4 heures du matin.",
    "Les 24 Heures du Mans et les 24h de Spa.",
    "La Peugeot 2008 et la Peugeot 3008 sont exposées.",
    "Une imprimante 3D et 16% de croissance.",
    "Le musée expose 2 000 voitures et un moteur de 1500 cm3.",
    "Il fête sa 51e participation.",
    "La Porsche 911 a gagné.",
    "Le salon attend 2000 visiteurs.",
    "Gagner le dimanche, vendre le lundi.",
    "C'est encore vrai aujourd'hui.",
    "Les voitures de demain seront électriques.",
]


@pytest.mark.parametrize(("sentence", "ref", "expected"), CASES)
def test_find_dates_table(sentence: str, ref: str | None, expected: list) -> None:
    found = [(sentence[d.start : d.end], d.value) for d in find_dates(sentence, ref)]
    assert found == expected


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_find_dates_negatives(sentence: str) -> None:
    assert find_dates(sentence, "2019-01-10") == []


def test_table_size() -> None:
    assert len(CASES) >= 60
    assert len(NEGATIVES) >= 10


@pytest.mark.parametrize(
    ("expr", "ref", "expected"),
    [
        ("14 octobre 2012", None, "2012-10-14"),
        ("14 octobre", "2012", "2012-10-14"),
        ("avril", "2012-05-01", "2012-04"),
        ("avril", None, None),
        ("l'an dernier", "2019-01", "2018"),
        ("ce jeudi", "2021-08", None),
        ("pas une date", None, None),
    ],
)
def test_parse_date(expr: str, ref: str | None, expected: str | None) -> None:
    assert parse_date(expr, ref) == expected


def test_bad_ref_is_ignored() -> None:
    assert find_dates("Il a gagné l'an dernier.", "hier")[0].value is None


def test_huge_line_finishes() -> None:
    line = "Le 14 octobre 2012, en 2019, 2 000 voitures. " * 30000
    assert len(find_dates(line)) == 60000


@pytest.mark.parametrize("sentence", ["Rendez-vous CE JEUDİ.", "Rendez-vous ce jeudı."])
def test_a_weekday_with_an_odd_i_is_read_not_a_crash(sentence: str) -> None:
    # the case-blind regexes take "İ" and "ı" for an i: the weekday lookup must too
    [found] = find_dates(sentence, "2019-06-14")
    assert (sentence[found.start : found.end], found.value) == (sentence[12:20], "2019-06-13")
