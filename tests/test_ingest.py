"""ingest: bytes of a scraped article -> clean Article (encodings, normalisation, boilerplate)."""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path

import pytest

from motorpme.errors import MotorpmeError
from motorpme.ingest.article import article_from_bytes, article_id_for, read_article
from motorpme.ingest.boilerplate import is_rubric, segments, strip_boilerplate
from motorpme.ingest.decode import decode, normalise_text
from motorpme.ingest.header import Header, parse_header

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BOILERPLATE = (
    "Commentaires",
    "Fermer",
    "Adblock",
    "Voir Plus",
    "Laisser un commentaire",
    "Connectez-vous",
    "Akismet",
    "Bouton retour",
    "Actualité générale",
)


# ------------------------------------------------------------------ seeds


@pytest.fixture(scope="module")
def seeds() -> dict[str, object]:
    return {p.name[:3]: read_article(p, SEEDS) for p in sorted(SEEDS.glob("*.txt"))}


@pytest.mark.parametrize(
    ("seed", "date"),
    [
        ("000", "2017-03-31"),
        ("001", None),
        ("002", "2019-01"),
        ("003", "2012-10-10"),
        ("004", "2021-08"),
    ],
)
def test_seed_dates(seeds, seed, date):
    assert seeds[seed].date == date


def test_seed_titles(seeds):
    assert seeds["000"].title == (
        "Signatech Alpine Matmut et #ClubFranceActive mettent en avant les PME françaises"
    )
    assert seeds["001"].title.startswith("ALÈS Avant première, le Pôle Mécanique")
    assert seeds["002"].title.startswith("Le Team Mulsanne retournera au WTCR")
    assert len(seeds["002"].title) <= 125
    assert seeds["003"].title == "MONDIAL DE L'AUTO: Les Alèsiens en terre parisienne"


def test_seed_authors_and_sources(seeds):
    assert seeds["003"].author == "Coralie Mollaret"
    assert seeds["003"].source == "objectifgard.com"
    assert seeds["000"].author == "lm@endurance-info.com"
    assert seeds["000"].source == "endurance-info.com"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_text_is_clean(seeds, seed):
    article = seeds[seed]
    lines = article.text.split("\n")
    for phrase in BOILERPLATE:
        assert not any(line.startswith(phrase) for line in lines), phrase
    for char in ("\u2019", "\u00a0", "\u202f", "\r", "\ufeff"):
        assert char not in article.text
    assert "\n\n\n" not in article.text
    assert article.sha == hashlib.sha256((SEEDS / article.file).read_bytes()).hexdigest()
    assert article.id == article.file[:12]


def test_seed_content_and_header_lines_kept(seeds):
    assert "Bandido Prod" in seeds["001"].text
    assert "A vous de juger maintenant !" in seeds["001"].text
    assert "Coralie Mollaret" in seeds["003"].text
    assert "coralie-mollaret" in seeds["003"].text  # the header line is article text
    assert "31 mar. 2017 • 14:07" in seeds["000"].text
    assert seeds["000"].text.rstrip().endswith("dans le futur...")
    assert seeds["002"].text.startswith("date 2019-01 Le Team Mulsanne")
    assert "Studio" not in seeds["003"].text.split("\n")


# ------------------------------------------------------------------ decode

TEXT = "L'été à Alès : 500 € pour l'équipe « Pôle » — déjà."


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_decode_encodings(raw, encoding):
    text, name, _ = decode(raw)
    assert (text, name) == (TEXT, encoding)


def test_decode_cp1252_specials_and_warning():
    text, name, warnings = decode(b"l\x92\xe9quipe gagne 30 \x80 en 2019")
    assert text == "l’équipe gagne 30 € en 2019"
    assert name == "cp1252"
    assert "decoded as cp1252" in warnings


def test_decode_latin1():
    text, _, warnings = decode("Vélo à Nîmes, façade ÿ".encode("latin-1"))
    assert text == "Vélo à Nîmes, façade ÿ"
    assert warnings


def test_decode_repairs_mojibake():
    text, _, warnings = decode("L'Ã©tÃ© de l'Ã©quipe â€“ Alès".encode())
    assert text == "L'été de l'équipe – Alès"
    assert any("mojibake" in w for w in warnings)


def test_decode_removes_nul_with_warning():
    text, _, warnings = decode(b"Le circuit\x00 de Nogaro")
    assert text == "Le circuit de Nogaro"
    assert any("NUL" in w for w in warnings)


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        b"PK\x03\x04" + bytes(range(256)),
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        bytes(range(256)) * 20,
        b"\x00\x01\x02\x03text" * 100,
    ],
)
def test_decode_rejects_binary(raw):
    with pytest.raises(MotorpmeError, match="binary file, not text"):
        decode(raw)


# ------------------------------------------------------------------ normalise_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("l\u2019équipe l\u02bcéquipe \u2018x` 5\u2032", "l'équipe l'équipe 'x' 5'"),
        ("30\u00a0000\u202feuros\u2009HT\u2007!", "30 000 euros HT !"),
        ("Pi\u00adlote\u200b de\u200d course\ufeff", "Pilote de course"),
        ("un\r\ndeux\rtrois\n", "un\ndeux\ntrois"),
        ("titre   \n\n\n\n\ncorps  \n \n\t\nfin", "titre\n\ncorps\n\nfin"),
        ("\n\n  \nTitre\n\n", "Titre"),
        ("e\u0301quipe", "équipe"),
        ('« Vive Alpine » et "guillemets" “droits”', '« Vive Alpine » et "guillemets" “droits”'),
        ("ligne un\nligne deux", "ligne un\nligne deux"),
    ],
)
def test_normalise_text(raw, clean):
    assert normalise_text(raw) == clean


# ------------------------------------------------------------------ parse_header


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Alpine signe\n12 janv. 2016 • 09:30\n\nCorps.", "2016-01-12"),
        ("Titre du jour ici\nPublié le 14/06/2018 à 10h30\nTexte.", "2018-06-14"),
        ("Titre du jour ici\nMis à jour le 3 juin 2015\nTexte.", "2015-06-03"),
        ("Titre du jour ici\nLe 12 janvier 2016 à 08:00\nTexte.", "2016-01-12"),
        ("Titre du jour ici\n2016-05-04\nTexte.", "2016-05-04"),
        ("Titre du jour ici\nmardi 5 avril 2022\nTexte.", "2022-04-05"),
        ("Titre du jour ici\n1er févr. 2020\nTexte.", "2020-02-01"),
        ("Titre du jour ici\n7 déc. 2009 - 18:00\nTexte.", "2009-12-07"),
        ("date 2019-01 Le club de Nogaro investit dans sa piste. Suite.", "2019-01"),
        ("Publié il y a 3 ans - Mise à jour le 02.05.2014 - jean-dupont - 1 min", "2014-05-02"),
        (
            "Un titre sans date aucune\n\nLe club fut créé le 3 mars 1995 à Alès par trois amis.",
            None,
        ),
    ],
)
def test_parse_header_dates(text, date):
    assert parse_header(text).date == date


def test_parse_header_full():
    text = (
        "Sport auto\n\nLe circuit de Lédenon agrandit ses paddocks\n\n"
        "Publié le 4 septembre 2019 à 11h02\nPar Jeanne Martin\n\n"
        "Le circuit gardois investit deux millions d'euros dans de nouveaux paddocks cette année."
    )
    assert parse_header(text) == Header(
        title="Le circuit de Lédenon agrandit ses paddocks",
        date="2019-09-04",
        author="Jeanne Martin",
        source=None,
        date_source="header",
    )


def test_parse_header_author_variants():
    slug = (
        "Publié il y a 2 ans - Mise à jour le 01.02.2020 - paul-henri-durand - 3 min\n\nTitre ici"
    )
    assert parse_header(slug).author == "Paul Henri Durand"
    footer = (
        "Un titre assez long\n\nLe texte de l'article est ici.\n\nLuc Bernard\n\nluc.b@midilibre.fr"
    )
    header = parse_header(footer)
    assert (header.author, header.source) == ("Luc Bernard", "midilibre.fr")
    by_next_line = "Un titre assez long\npar\nredac@autohebdo.fr\n\nTexte."
    assert parse_header(by_next_line).author == "redac@autohebdo.fr"
    assert parse_header("Un titre assez long\n\nTexte sans signature.").author is None


def test_parse_header_one_line_article_title_is_first_sentence():
    long = "date 2020-03 " + "Le constructeur français annonce un programme " * 6 + ". Suite."
    title = parse_header(long).title
    assert title.startswith("Le constructeur français annonce")
    assert len(title) <= 125
    short = "date 2020-03 Alpine revient au Mans avec deux voitures. La suite du texte ici."
    assert parse_header(short).title == "Alpine revient au Mans avec deux voitures."


# ------------------------------------------------------------------ strip_boilerplate

OTHER_SITE = """Accueil > Sport > Auto-moto

Le Rallye des Cévennes attire 40 000 spectateurs

Partager sur Facebook
Facebook Twitter LinkedIn

Le rallye a généré près de deux millions d'euros de retombées pour les commerces du Gard.

Lire aussi : Le circuit de Nogaro change de propriétaire

Publicité

Les organisateurs espèrent faire mieux l'an prochain avec un nouveau parcours en Lozère.

À lire aussi
Le Mans : les hôtels affichent complet

Inscrivez-vous à notre newsletter pour recevoir l'actualité du sport automobile.
Ce site utilise des cookies pour améliorer votre expérience. En savoir plus.
© 2023 Midi Libre - Tous droits réservés
Mentions légales
Contact"""


def test_strip_boilerplate_other_site():
    clean = strip_boilerplate(OTHER_SITE)
    assert clean == (
        "Le Rallye des Cévennes attire 40 000 spectateurs\n\n"
        "Le rallye a généré près de deux millions d'euros de retombées pour les commerces du Gard."
        "\n\nLes organisateurs espèrent faire mieux l'an prochain avec un nouveau parcours en "
        "Lozère."
    )


def test_strip_boilerplate_cuts_comment_section():
    page = (
        "Titre de l'article sur le karting\n\n"
        "Le karting de Salbris accueille la finale nationale ce week-end avec cent pilotes.\n\n"
        "3 commentaires\n\nJean : Super article, bravo à toute l'équipe du karting de Salbris !\n"
        "Paul : Je serai présent samedi avec mes enfants pour voir les courses."
    )
    assert strip_boilerplate(page) == (
        "Titre de l'article sur le karting\n\n"
        "Le karting de Salbris accueille la finale nationale ce week-end avec cent pilotes."
    )


def test_strip_boilerplate_keeps_real_paragraphs_and_rubric():
    page = (
        "WEC\n\nPorsche quitte le championnat\n\n"
        "Fermer la porte au Mans n'est pas une option pour le constructeur allemand, dit-il.\n\n"
        "Partager les coûts entre les équipes reste la priorité de la fédération cette année.\n\n"
        "Jean Dupont"
    )
    assert strip_boilerplate(page) == page


def test_strip_boilerplate_trailing_menu_keeps_signature():
    page = (
        "Titre de l'article ici\n\nUn long paragraphe de contenu qui se termine par un point.\n\n"
        "Marie Curie\n\nmarie@objectifgard.com\n\nActualités\n\nVoir Plus\n\nEn direct\n\nVidéos"
    )
    clean = strip_boilerplate(page)
    assert clean.endswith("Marie Curie\n\nmarie@objectifgard.com")


# ------------------------------------------------------------------ articles and files


@pytest.mark.parametrize(
    ("file", "article_id"),
    [
        ("000_1cd3fef0ed6ada12.txt", "000_1cd3fef0"),
        ("sub/dir/042_abcdef0123456789.txt", "042_abcdef01"),
        ("001_abcdef01.txt", "001_abcdef01"),
        ("mon article.txt", "mon_article"),
        ("article_final.txt", "article_final"),
    ],
)
def test_article_id_for(file, article_id):
    assert article_id_for(file) == article_id


def test_article_from_bytes_defaults():
    raw = b"Un titre de test ici\n\nLe pilote roule vite sur le circuit de Magny-Cours ce jour."
    article = article_from_bytes(raw, "x/007_0123456789abcdef.txt")
    assert article.id == "007_01234567"
    assert article.sha == hashlib.sha256(raw).hexdigest()
    assert article.title == "Un titre de test ici"
    assert article_from_bytes(raw, "a.txt", article_id="custom").id == "custom"


def test_read_article_relative_posix_path_and_never_writes(tmp_path):
    path = tmp_path / "press" / "2019" / "a.txt"
    path.parent.mkdir(parents=True)
    path.write_bytes("Titre du papier ici\r\n\r\nLe team investit à Lédenon.\r\n".encode("cp1252"))
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    article = read_article(path, tmp_path)
    assert article.file == "press/2019/a.txt"
    assert article.text == "Titre du papier ici\n\nLe team investit à Lédenon."
    assert article.warnings == ("decoded as cp1252",)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


@pytest.mark.parametrize("raw", [b"", b"   \n\r\n\t  ", codecs.BOM_UTF8 + b"\n\n"])
def test_read_article_empty(tmp_path, raw):
    path = tmp_path / "vide.txt"
    path.write_bytes(raw)
    with pytest.raises(MotorpmeError, match=r"^vide\.txt: empty file"):
        read_article(path, tmp_path)


def test_read_article_binary(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    with pytest.raises(MotorpmeError, match=r"^image\.txt: binary file, not text"):
        read_article(path, tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_read_article_unreadable(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Un titre\n\nDu texte.")
    path.chmod(0)
    try:
        with pytest.raises(MotorpmeError, match=r"^secret\.txt: permission denied"):
            read_article(path, tmp_path)
    finally:
        path.chmod(0o644)


def test_one_megabyte_line():
    line = "Le pilote du Team Alès accélère dans la ligne droite du circuit, " * 16000
    article = article_from_bytes(("Titre du dossier ici\n\n" + line).encode(), "long.txt")
    assert len(article.text) > 1_000_000
    assert article.title == "Titre du dossier ici"


def test_fifty_megabyte_file():
    paragraph = (
        "Le circuit de Lédenon accueille une manche du championnat de France cette année.\n\n"
    )
    raw = ("Un très gros fichier de test\n\n" + paragraph * 620_000).encode()
    assert len(raw) > 50_000_000
    article = article_from_bytes(raw, "gros.txt")
    assert article.title == "Un très gros fichier de test"
    assert article.text.count("\n\n") == 620_000


def test_decode_bomless_utf16_and_stray_cp1252_bytes():
    assert decode("Le pilote a gagné au Mans".encode("utf-16-le"))[:2] == (
        "Le pilote a gagné au Mans",
        "utf-16-le",
    )
    text, _, warnings = decode("Déjà vu, ".encode() + b"\xe9t\xe9 \x80")
    assert text == "Déjà vu, été €"
    assert any("decoded as cp1252" in w for w in warnings)


def test_article_mixed_line_endings_and_vote_prompt():
    raw = (
        "Titre du papier ici\r\nPar Anne Roux\r\r"
        "Le rallye du Var a réuni quatre-vingts équipages venus de toute la France.\n\n\n"
        "Votre avis nous intéresse\r\nPartager\rFacebook\n"
    ).encode("cp1252")
    article = article_from_bytes(raw, "var.txt")
    assert article.text == (
        "Titre du papier ici\nPar Anne Roux\n\n"
        "Le rallye du Var a réuni quatre-vingts équipages venus de toute la France."
    )
    assert (article.author, article.title) == ("Anne Roux", "Titre du papier ici")


def test_read_article_permission_error_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "verrou.txt"
    path.write_text("Un titre\n\nDu texte.")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(MotorpmeError, match=r"^verrou\.txt: permission denied"):
        read_article(path, tmp_path)


# ------------------------------------------------------------------ rubric lines


@pytest.mark.parametrize(
    ("line", "rubric"),
    [
        ("Landes - Sport", True),
        ("Côte-d'Or · ÉCONOMIE", True),
        ("Sports > Auto-Moto", True),
        ("MOTEURS", True),
        ("SPORT AUTO", True),
        ("LYON | 12/05/2012 | 07:30", True),
        ("Endurance", False),  # one plain word: could be anything
        ("Nevers : la piste rouvre ses portes aux pilotes amateurs", False),
        ("Le circuit - enfin - rouvre.", False),
        ("Un partenariat signé avec la région - une première pour le club", False),
    ],
)
def test_is_rubric(line, rubric):
    assert is_rubric(line) is rubric


def test_segments_cut_rubrics_and_hard_separators_only():
    assert segments("Landes - Mont-de-Marsan") == [(0, "Landes"), (9, "Mont-de-Marsan")]
    line = "Publié le 3 mai 2012 · Mis à jour le 4 mai"
    assert [p for _, p in segments(line)] == ["Publié le 3 mai 2012", "Mis à jour le 4 mai"]
    sentence = "Le patron de Soudure - Tôlerie Martin a signé un contrat de trois ans."
    assert segments(sentence) == [(0, sentence)]


def test_rubric_is_not_the_title_and_a_dated_crumb_line_stays():
    raw = (
        "Landes - Sport\n\nNOGARO | 14/05/2012 | 06:00\n\n"
        "Un nouveau banc moteur pour les écuries de la région\n\n"
        "Le constructeur a installé son banc d'essai dans la zone artisanale, dit-il hier.\n"
    ).encode()
    art = article_from_bytes(raw, "r.txt")
    assert art.title == "Un nouveau banc moteur pour les écuries de la région"
    assert art.date == "2012-05-14"
    assert "NOGARO | 14/05/2012" in art.text


def test_subscription_and_follow_prompts_are_boilerplate():
    body = "Le club organise une course de côte au printemps, avec quarante engagés attendus."
    page = (
        f"{body}\n\nCet article vous a plu ? Abonnez-vous à notre lettre du sport.\n\n"
        "Retrouvez toute l'actualité du Gard sur notre page Facebook."
    )
    assert strip_boilerplate(page) == body


def test_cross_links_to_other_articles_are_boilerplate():
    body = "Le club organise une course de côte au printemps, avec quarante engagés attendus."
    page = f"{body}\n→ Rallye du Gier : la saison 2023 lancée\n► Voir notre dossier karting"
    assert strip_boilerplate(page) == body


def test_a_dateline_opening_the_first_paragraph_dates_the_article():
    raw = (
        "La course de côte de Vuillafans change de mains\n\n"
        "Besançon, le 14 mars 2014. Le comité d'organisation a passé la main à une nouvelle "
        "équipe de bénévoles, qui promet une édition ambitieuse cet été.\n"
    ).encode()
    assert article_from_bytes(raw, "d.txt").date == "2014-03-14"
    raw = (
        "La course de côte de Vuillafans change de mains\n\n"
        "Le comité a passé la main le 14 mars 2014 à une nouvelle équipe de bénévoles, "
        "qui promet une édition ambitieuse cet été avec des voitures historiques.\n"
    ).encode()
    assert article_from_bytes(raw, "d.txt").date is None


def test_walls_prompts_reading_time_and_menu_rows_are_chrome():
    body = "Le club de karting de la ville a présenté son nouveau circuit aux élus locaux."
    text = "\n".join(
        [
            "Alsace Lorraine Champagne Picardie Normandie Bretagne Pays de la Loire",
            "Lecture : 3 min",
            body,
            "Abonnez-vous pour lire la suite de cet article",
            "Veuillez vous connecter pour continuer",
            "Cliquez ici pour recevoir nos alertes",
            "Ce reportage a été réalisé avec Anne Roux, Paul Morel, Lise Bart et Jean Cordier",
            "LinkedIn Tumblr",
        ]
    )
    kept = strip_boilerplate(text).split("\n")
    assert kept == [
        body,
        "Ce reportage a été réalisé avec Anne Roux, Paul Morel, Lise Bart et Jean Cordier",
    ]


def test_a_run_of_short_bullet_items_is_a_menu_but_a_short_list_stays():
    body = "Le club de karting de la ville a présenté son nouveau circuit aux élus locaux."
    menu = ["  • Alsace", "  • Bretagne", "  • Corse", "  • Grand Est", "  • Normandie"]
    assert strip_boilerplate("\n".join([*menu, body])) == body
    points = ["- Un circuit neuf", "- Deux karts électriques"]
    assert strip_boilerplate("\n".join([body, *points])).split("\n") == [body, *points]
