"""Made-up articles for the copy tests: one dispatch and its copies of every kind, and
articles that only share its topic, a quote or a press-release paragraph."""

from __future__ import annotations

TITLE = "Le circuit de Vernon-les-Prés investit dans une piste de karting"
PARAS = [
    "Le syndicat mixte du circuit de Vernon-les-Prés a voté mardi soir un budget de "
    "2,4 millions d'euros pour construire une piste de karting de neuf cents mètres à côté "
    "de l'anneau de vitesse, dont les travaux commenceront au printemps prochain.",
    "Selon son président, Hervé Lantier, la nouvelle piste doit accueillir les écoles de "
    "pilotage de la région et les séminaires d'entreprises, qui réclament depuis longtemps "
    "une activité plus accessible que les journées de roulage sur le grand circuit.",
    "Le département apportera huit cent mille euros, la région six cent mille, et le reste "
    "sera emprunté auprès de deux banques locales sur une durée de quinze ans, avec un "
    "remboursement assuré par les locations aux clubs et aux particuliers.",
    "Les riverains du hameau des Ormes, réunis en association, craignent le bruit des "
    "moteurs le dimanche matin et demandent qu'un mur antibruit soit bâti le long du "
    "chemin communal avant toute mise en service de la piste.",
    "Hervé Lantier assure que les karts électriques seront privilégiés pour la location et "
    "que les horaires d'ouverture seront discutés avec la mairie, qui doit encore délivrer "
    "le permis de construire au cours de l'été.",
    "Vingt emplois saisonniers pourraient être créés dès l'ouverture, prévue pour la "
    "saison suivante, et le syndicat espère doubler la fréquentation du site en trois ans "
    "grâce aux familles et aux comités d'entreprise.",
]
QUOTE = (
    "« Nous voulons que chaque famille de la région puisse piloter un kart au moins une "
    "fois dans sa vie, sans se ruiner », a déclaré Hervé Lantier devant les élus."
)


def story(paras: list[str], title: str = TITLE, date: str = "Publié le 14 mars 2017") -> str:
    return "\n\n".join([title, date, *paras]) + "\n"


ORIGINAL = story([*PARAS[:4], QUOTE, *PARAS[4:]])

COPIES = {
    # the same dispatch on another site: other chrome around it, another date line
    "boilerplate": "Accueil > Sport auto > Circuits\n"
    + story([*PARAS[:4], QUOTE, *PARAS[4:]], date="15/03/2017 à 08h12")
    + "Partager sur Facebook\nLire aussi : les résultats du week-end\n"
    "Vous avez aimé cet article ? Abonnez-vous à notre lettre d'information.\n",
    # updated the next day: one paragraph rewritten
    "changed": story(
        [
            *PARAS[:2],
            "Le conseil départemental a finalement porté sa part à un million d'euros, lors "
            "d'une séance extraordinaire jeudi, et la région confirme six cent mille euros ; "
            "le solde sera emprunté sur quinze ans.",
            PARAS[3],
            QUOTE,
            *PARAS[4:],
        ],
        date="Mis à jour le 15 mars 2017",
    ),
    # a regional site adds a local paragraph
    "added": story(
        date="Publié le 16 mars 2017",
        paras=[
            *PARAS[:4],
            QUOTE,
            *PARAS[4:],
            "À Saint-Aubin, commune voisine, le maire Paul Géraud s'est réjoui d'un projet qui "
            "devrait attirer des visiteurs dans les commerces du bourg, notamment les "
            "restaurants et les deux hôtels de la place du marché.",
        ],
    ),
    # a site that kept only the first half
    "truncated": story(PARAS[:3], date="Publié le 17 mars 2017"),
    # saved through another editor: straight quotes, other dashes and spaces, no ligature
    "typography": ORIGINAL.replace("14 mars", "19 mars")
    .replace("«\u00a0", '"')
    .replace("\u00a0»", '"')
    .replace("« ", '"')
    .replace(" »", '"')
    .replace("'", "\u2019")
    .replace(" ", "  ")
    .replace(",", " ,")
    .replace("-", "\u2010"),
}

NOT_COPIES = {
    # the same project told by another paper, in its own words
    "topic": story(
        [
            "Au circuit de Vernon-les-Prés, le karting arrive enfin. Les élus du syndicat "
            "mixte ont approuvé une enveloppe de 2,4 millions d'euros pour une piste de neuf "
            "cents mètres, à construire dès le printemps.",
            "Hervé Lantier, qui préside le syndicat, y voit une réponse aux demandes des "
            "écoles de pilotage et des entreprises. Le financement mêle subventions du "
            "département et de la région, et un prêt bancaire.",
            "Au hameau des Ormes, l'inquiétude monte : l'association des riverains redoute "
            "les nuisances sonores et réclame une protection avant l'ouverture. La mairie n'a "
            "pas encore accordé le permis de construire.",
        ],
        title="Vernon-les-Prés : feu vert pour le karting",
    ),
    # another story that quotes the same sentence
    "quote": story(
        [
            "La fédération régionale du sport automobile tenait son assemblée générale samedi "
            "à Chartrettes, devant une centaine de licenciés venus de tous les clubs du "
            "territoire, pour dresser le bilan d'une saison perturbée par la météo.",
            QUOTE,
            "Les dirigeants ont rappelé que les licences jeunes avaient progressé de douze "
            "pour cent et que trois nouvelles courses de côte seraient inscrites au "
            "calendrier, dont une nocturne au mois de septembre.",
            "Le trésorier a présenté des comptes à l'équilibre, malgré la hausse du prix des "
            "assurances, et annoncé un fonds d'aide aux commissaires bénévoles financé par "
            "une partie des droits d'engagement.",
        ],
        title="La fédération régionale fait le bilan de sa saison",
        date="Publié le 20 mars 2017",
    ),
    # a weekly round-up that pastes one paragraph of the press release among its own news
    "press_release": story(
        [
            "Semaine chargée pour le sport mécanique dans le département : le rallye des "
            "Vignes a réuni quatre-vingts équipages, et l'écurie Bertin a présenté sa "
            "nouvelle voiture de course de côte devant ses partenaires.",
            PARAS[2],
            "À Montfort, le garage Dallier fête ses cinquante ans avec une exposition de "
            "voitures anciennes ouverte au public tout le week-end, et une bourse d'échange "
            "de pièces détachées dans la cour de l'ancienne école.",
            "Enfin, la course de côte de la Roche-Noire cherche encore des commissaires pour "
            "son édition de juin ; les volontaires peuvent s'inscrire auprès du club jusqu'à "
            "la fin du mois.",
        ],
        title="Les brèves du sport auto",
        date="Publié le 18 mars 2017",
    ),
}
