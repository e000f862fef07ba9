"""The words of a name, folded for comparison, and the word lists of the genre that label
or reject a name (function words, site chrome, company, site and event cues). Pure.
"""

from __future__ import annotations

import re
from functools import lru_cache

from motorpme.text import fold


def wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Pronouns and function words the model sometimes tags at the start of a sentence.
STOPWORDS = wordset(
    "il elle ils elles on nous vous je tu ce cela ça ceci celui celle ceux celles qui que quoi "
    "dont où mais ou et donc or ni car si le la les un une des du de au aux en y a à est "
    "son sa ses leur leurs mon ma mes ton ta tes notre nos votre vos cet cette ces tout tous "
    "toute toutes après avant depuis pendant pour par avec sans sous sur chez entre vers "
    "lorsque quand comme puis alors ainsi enfin aussi même très plus moins bien"
    " ttc ht"  # tax abbreviations after a price: "500 euros TTC"
)
# Navigation, comment and share prompts of news sites: never entities.
BOILERPLATE = wordset(
    "etiquette etiquettes tags laisser fermer commentaires commentaire partager partagez "
    "imprimer envoyer répondre repondre publicité publicite adblock abonnez-vous "
    "newsletter actualités actualites actualité actualite voir plus lire aussi suivez-nous "
    "accueil menu rechercher connexion inscription bouton retour studio une direct "
    "mis infos info màj maj"
)
# A word among these makes the name an organisation ("Alès Agglo", "Aro Welding").
ORG_CUES = wordset(
    "agglo agglomération agglomeration communauté communaute métropole metropole pôle pole "
    "sa sas sarl sem saem saemp spl gie gip snc scop sci selarl sca "
    "school academy académie academie motorcycles motors cars médias medias presse radio "
    "sasu eurl gmbh ltd inc srl spa engineering racing team motorsport motorsports "
    "automotive prod production productions events event group groupe industries "
    "industrie technologies technology welding club association fédération federation "
    "université universite école ecole lycée lycee institut conseil mairie ministère "
    "ministere syndicat chambre compagnie banque fondation écurie ecurie sport "
    "performance competition compétition systems solutions services consulting "
    "transports transport carrosserie fils frères freres karting promoter promotion "
    "composites logistique mécaniques industries automobiles autos "
    "garage concession initiative enchères encheres ligue comité comite office agence "
    "cabinet holding usinage précision electronics électronique electronique"
)
# A site word as first or last word makes the name a place: "Parc Expo", "Béarn Karting Park".
SITE_CUES = wordset("parc park autodrome aérodrome aerodrome technopôle technopole technoparc")
# French and foreign company forms (a SEM, GIE or GIP is a company or a public body's firm).
LEGAL_FORMS = wordset("sa sas sarl sasu eurl gmbh ltd inc srl spa sem saem spl gie gip snc scop")
# Series, races and fairs: neutral in scoring, but they must not pass as ORG or LOC.
EVENT_CUES = wordset(
    "championnat coupe trophée trophee rallye rally mondial salon cup trophy series "
    "challenge festival grand-prix heures classic race"
)
WORD = re.compile(r"[\w'’.#&-]+")


@lru_cache(maxsize=65536)
def name_words(text: str) -> tuple[str, ...]:
    """The words of a name, with elisions and inner hyphens kept."""
    return tuple(WORD.findall(text))


@lru_cache(maxsize=65536)
def canonical_word(word: str) -> str:
    """A word folded (``text.fold``), with a straight apostrophe."""
    return fold(word.replace("’", "'"))


def folded_words(text: str) -> set[str]:
    """The folded words of a name."""
    return {canonical_word(w) for w in name_words(text)}


@lru_cache(maxsize=65536)
def bare_word(name: str) -> bool:
    """A lone cue noun ("Pôle", "Team") or a one- or two-letter code: not a name."""
    if name.isupper() and len(name) > 2 and canonical_word(name) in LEGAL_FORMS:
        return False  # "GIP", "SEM" alone name a body of the article, not a bare word
    words = folded_words(name) - {"le", "la", "les", "l'"}
    return (len(words) == 1 and words <= ORG_CUES | EVENT_CUES) or len(name.strip("#")) <= 2
