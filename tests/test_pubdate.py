"""Publication dates from the text, each with its source; inferred years; chrome-free titles.
Every article here is made up."""

from __future__ import annotations

import pytest

from motorpme.ingest.article import article_from_bytes
from motorpme.ingest.header import parse_header
from motorpme.ingest.pubdate import inferred_year

LEAD = (
    "Le club local a présenté mardi son nouveau programme de courses pour la saison, "
    "avec trois épreuves de plus et un budget revu à la hausse par ses partenaires."
)


@pytest.mark.parametrize(
    ("text", "date", "source"),
    [
        (f"Un titre du jour ici\nlundi 14 mars 2016\n{LEAD}", "2016-03-14", "header"),
        (f"Un titre du jour ici\n12 Juin 2019\n{LEAD}", "2019-06-12", "header"),
        (f"Un titre du jour ici\n14/03/2016\n{LEAD}", "2016-03-14", "header"),
        (f"Un titre du jour ici\nPublié le 3 mai 2009 à 7h15\n{LEAD}", "2009-05-03", "header"),
        (
            f"Un titre du jour ici\nMis à jour le 9 mai 2009\nPublié le 3 mai 2009\n{LEAD}",
            "2009-05-03",
            "header",
        ),
        (f"Un titre du jour ici\nModifié le 4 juin 2011\n{LEAD}", "2011-06-04", "header"),
        (
            f"Un titre du jour ici\nPar Anne Roux, Le Journal, jeudi 21 mai 2015 à 17:52\n{LEAD}",
            "2015-05-21",
            "byline",
        ),
        (f"Un titre du jour ici\nNancy, le 5 octobre 2017 — {LEAD}", "2017-10-05", "dateline"),
        (f"Un titre du jour ici\nHier, jeudi 5 juin 2014, {LEAD}", "2014-06-06", "dateline"),
        (
            f"Un titre du jour ici\nLe nouveau circuit, inauguré ce 2 avril 2011, {LEAD}",
            "2011-04-02",
            "dateline",
        ),
        (
            f"Un titre du jour ici\n{LEAD}\nhttps://www.journal.fr/sport/2016/03/14/circuit",
            "2016-03-14",
            "url",
        ),
    ],
)
def test_each_date_source(text, date, source):
    header = parse_header(text)
    assert (header.date, header.date_source) == (date, source)


@pytest.mark.parametrize(
    "text",
    [
        # an event date deep in the body, not the page's
        f"Un titre du jour ici\n{LEAD}\nLe 17 janvier 2019, le conseil a voté le projet.",
        # a quoted post's date after the lead
        f"Un titre du jour ici\n{LEAD}\n— Une équipe (@equipe) 14 Octobre 2015",
        # a long body line opening on a date
        f"Le 17 janvier 2019, le conseil municipal a voté le projet de piste {LEAD}",
        f"Un titre du jour ici\nPublié le\n{LEAD}",
    ],
)
def test_event_dates_are_not_publication_dates(text):
    header = parse_header(text)
    assert (header.date, header.date_source) == (None, None)


def test_inferred_year_is_the_latest_past_year_and_never_the_date():
    text = (
        "Le circuit a ouvert en 2008. Il accueillera une course en 2030. La piste était neuve "
        "en 2012, et une tribune sera construite en 2031."
    )
    assert inferred_year(text) == "2012"
    assert inferred_year("Le circuit pourrait accueillir la course en 2019.") is None
    raw = f"Un titre du jour ici\n\n{text} {LEAD}\n".encode()
    article = article_from_bytes(raw, "a.txt")
    assert (article.date, article.date_source, article.inferred_date) == (None, "inferred", "2012")
    stated = article_from_bytes(f"Un titre\n12 juin 2019\n\n{text}\n".encode(), "b.txt")
    assert (stated.date, stated.date_source, stated.inferred_date) == ("2019-06-12", "header", None)


@pytest.mark.parametrize(
    "chrome",
    [
        "Vous devez être connecté pour lire cet article",
        "Identifiez-vous pour continuer la lecture",
        "4 minutes de lecture",
        "Temps de lecture : 3 min",
        "Aller au contenu",
        "ÉCONOMIE",
        "SPORT AUTO",
        "Partager Facebook Twitter LinkedIn",
        "mardi 5 avril 2022",
    ],
)
def test_a_chrome_line_is_never_the_title(chrome):
    text = f"{chrome}\nLe circuit du village rouvre ses portes\n{LEAD}"
    assert parse_header(text).title == "Le circuit du village rouvre ses portes"


def test_title_before_a_byline_past_navigation():
    nav = "\n".join(["Retour", "Toute la France", "• Bretagne", "• Normandie", "Changer", "-"])
    text = f"{nav}\nQuel avenir pour la course de côte du village ?\n-\nPar , Radio Locale\n{LEAD}"
    assert parse_header(text).title == "Quel avenir pour la course de côte du village ?"


def test_without_a_headline_the_title_is_the_first_sentence_cut():
    wrapped = "La région est de retour sur la carte des\ncourses ! Après dix ans, la suite ici."
    assert parse_header(wrapped).title == "La région est de retour sur la carte des courses !"
    assert parse_header(LEAD).title.startswith("Le club local a présenté mardi")
    assert len(parse_header(LEAD * 3).title) <= 125
