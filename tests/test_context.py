"""Rules reading the words around a name: head nouns, company nouns, public bodies, particles."""

import pytest

from motorpme.extract import context as C
from motorpme.extract.names import introduced_names
from tests.conftest import at, pairs

FIRST = frozenset({"Loïc", "Jean", "Anne", "Pierre"})


@pytest.mark.parametrize(
    ("text", "span", "label", "expected"),
    [
        ("On trouve l'équipementier Valtech ici.", "Valtech", "MISC", ("Valtech", "ORG")),
        ("Le président de Mecachrome parle.", "Mecachrome", "PER", ("Mecachrome", "ORG")),
        ("Des garages à Arnage et ailleurs.", "Arnage", "MISC", ("Arnage", "LOC")),
        (
            "Il dîne à l'auberge des Hunaudières.",
            "Hunaudières",
            "LOC",
            ("auberge des Hunaudières", "LOC"),
        ),
        ("Sur le pôle Mécanique ce jour.", "Mécanique", "LOC", ("pôle Mécanique", "ORG")),
        ("Le patron d'Orca eTec explique.", "Orca", "PER", ("Orca eTec", "ORG")),
        # A circuit is a named site, its head noun included: "circuit de X", "circuit X".
        (
            "Les essais au circuit de Lédenon reprennent.",
            "Lédenon",
            "LOC",
            ("circuit de Lédenon", "LOC"),
        ),
        (
            "Le circuit du Laquais ferme.",
            "circuit du Laquais",
            "LOC",
            ("circuit du Laquais", "LOC"),
        ),
        ("On roule sur le circuit Carole.", "Carole", "PER", ("circuit Carole", "LOC")),
        ("Une soirée au quartier Vauban.", "Vauban", "PER", ("quartier Vauban", "LOC")),
        (
            "Un circuit au cœur du parc naturel régional Périgord-Limousin.",
            "Périgord-Limousin",
            "LOC",
            ("parc naturel régional Périgord-Limousin", "LOC"),
        ),
        (
            "Le salon a lieu au parc des expositions de Nevers.",
            "Nevers",
            "LOC",
            ("parc des expositions de Nevers", "LOC"),
        ),
        # The named parts of a track are places, whatever the model made of the name.
        ("Il sort aux virages Ferrari.", "Ferrari", "ORG", ("virages Ferrari", "LOC")),
        (
            "Il freine au virage de Villeneuve.",
            "Villeneuve",
            "PER",
            ("virage de Villeneuve", "LOC"),
        ),
        ("Dans les esses de la Chapelle.", "Chapelle", "LOC", ("esses de la Chapelle", "LOC")),
        ("La ligne droite des Sablons.", "Sablons", "MISC", ("ligne droite des Sablons", "LOC")),
        # A hard-wrapped line still joins its head; a blank line ends the paragraph.
        ("On roule sur le circuit\nCarole.", "Carole", "PER", ("circuit\nCarole", "LOC")),
        ("Le circuit\n\nFORMULE 1 annonce", "FORMULE 1", "MISC", ("FORMULE 1", "MISC")),
        ("Le circuit\n\nCarole annonce", "Carole", "PER", ("Carole", "PER")),
        (
            "Ancien champion de France de karting, il se lance.",
            "champion de France de karting",
            "ORG",
            ("France", "LOC"),
        ),
        (
            "La vice-championne d'Europe roule.",
            "vice-championne d'Europe",
            "PER",
            ("Europe", "LOC"),
        ),
    ],
)
def test_context_labels(text, span, label, expected):
    m = C.context_labels(text, at(text, span, label), evidenced=False)
    assert (m.text, m.label) == expected
    assert text[m.start : m.end] == m.text


def test_introduced_names_and_hashtags():
    text = "Le fabricant Soudex et le #ClubPiloteActif."
    found = introduced_names(text, [])
    assert [(m.text, m.label) for m in found] == [("Soudex", "ORG"), ("#ClubPiloteActif", "ORG")]


@pytest.mark.parametrize(
    ("text", "pieces", "expected"),
    [
        (
            "La CCI de l'Yonne et la Ville de Brive soutiennent le projet.",
            [("CCI", "ORG"), ("Yonne", "LOC"), ("Ville", "LOC"), ("Brive", "LOC")],
            [("CCI de l'Yonne", "ORG"), ("Ville de Brive", "ORG")],
        ),
        (
            "Le Conseil général du Loiret et la Région Centre financent.",
            [("Loiret", "LOC"), ("Région Centre", "LOC")],
            [("Conseil général du Loiret", "ORG"), ("Région Centre", "ORG")],
        ),
        (
            "La Communauté de communes Loches et Montrésor investit.",
            [("Communauté de communes Loches", "LOC"), ("Montrésor", "LOC")],
            [("Communauté de communes Loches et Montrésor", "ORG")],
        ),
        (
            "La Ville de Pau et Lescar ont signé.",
            [("Pau", "LOC"), ("Lescar", "LOC")],
            [("Ville de Pau", "ORG"), ("Lescar", "LOC")],
        ),
        (
            "Le Département paiera, la Région aussi.",
            [("Département", "LOC")],
            [("Département", "ORG"), ("Région", "ORG")],
        ),
        (
            "L'Agglo paiera, l’Agglomération aussi ; laVille et xla Région non.",
            [],
            [("Agglo", "ORG"), ("Agglomération", "ORG")],
        ),
        (
            "Rendez-vous au Parc des Expositions de Rouen, près du Technopôle de Reims.",
            [("Rouen", "LOC")],
            [("Parc des Expositions de Rouen", "LOC"), ("Technopôle de Reims", "LOC")],
        ),
        (
            "Le Syndicat mixte du Circuit des 12 Heures de Reims, et la Ville de Pau le 12 mai.",
            [("12 Heures de Reims", "EVENT"), ("Pau", "LOC")],
            [("Syndicat mixte du Circuit des 12 Heures de Reims", "ORG"), ("Ville de Pau", "ORG")],
        ),
        (
            "La Ligue Occitanie du sport automobile et la ville de Rodez.",
            [("Ligue Occitanie", "ORG"), ("Rodez", "LOC")],
            [("Ligue Occitanie du sport automobile", "ORG"), ("Rodez", "LOC")],
        ),
    ],
)
def test_public_bodies_and_sites_take_their_place(text, pieces, expected):
    found = C.public_bodies(text, [at(text, p, label) for p, label in pieces])
    assert pairs(found) == expected
    assert all(text[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Selon le conseil régional Anne Morel parlera.", [("conseil régional", "ORG")]),
        (
            "La région Paca et l'agglomération de Vierzon paient.",
            [("région Paca", "ORG"), ("agglomération de Vierzon", "ORG")],
        ),
        (
            "Le conseil départemental a voté, le conseil municipal aussi.",
            [("conseil départemental", "ORG")],
        ),
        ("Dans la région de Nevers, la région Anne Morel.", []),
        ("Choisir votre région\nCorse\nChanger", []),
    ],
)
def test_lowercase_bodies_are_organisations_and_stop_before_a_person(text, expected):
    first = frozenset({"Anne"})
    assert pairs(C.public_bodies(text, [], first)) == expected


def test_a_model_span_reaching_beyond_the_body_is_kept():
    text = "Le Conseil régional de Normandie Attractivité aide."
    span = at(text, "Conseil régional de Normandie Attractivité", "ORG")
    assert C.public_bodies(text, [span]) == [span]


@pytest.mark.parametrize(
    ("text", "pieces", "expected"),
    [
        (
            "Le patron, Loïc Le Goff, a signé.",
            [("Loïc", "LOC"), ("Goff", "LOC")],
            [("Loïc Le Goff", "PER")],
        ),
        ("Selon Anne de Kerros, tout va bien.", [("Anne", "PER")], [("Anne de Kerros", "PER")]),
        (
            "Avec Pierre Van Damme au volant.",
            [("Pierre", "PER"), ("Damme", "LOC")],
            [("Pierre Van Damme", "PER")],
        ),
        ("Jean d'Ormesson écrit.", [("Jean", "PER")], [("Jean d'Ormesson", "PER")]),
        # A full name is not extended by what follows it.
        ("Jean Dupont de Lyon parle.", [("Jean Dupont", "PER")], [("Jean Dupont", "PER")]),
        ("Le Mans et Loïc\nLe Goff", [("Loïc", "PER")], [("Loïc", "PER")]),
    ],
)
def test_particles_keep_a_person_whole(text, pieces, expected):
    found = C.join_particles(text, [at(text, p, label) for p, label in pieces], FIRST)
    assert pairs(found) == expected


@pytest.mark.parametrize(
    ("text", "pieces", "expected"),
    [
        ("Par Claire Vidal", [("Claire", "PER"), ("Vidal", "LOC")], [("Claire Vidal", "PER")]),
        (
            "Chez Morvan Racing Composites, on embauche.",
            [("Morvan", "LOC"), ("Racing Composites", "ORG")],
            [("Morvan Racing Composites", "ORG")],
        ),
        # A comma, or a non-cue second name, keeps them apart.
        (
            "Claire, Vidal et Morvan Dupont",
            [("Claire", "PER"), ("Vidal", "LOC"), ("Morvan", "LOC"), ("Dupont", "PER")],
            [("Claire", "PER"), ("Vidal", "LOC"), ("Morvan", "LOC"), ("Dupont", "PER")],
        ),
    ],
)
def test_names_cut_at_a_space_join(text, pieces, expected):
    first = frozenset({"Claire"})
    found = C.join_adjacent(text, [at(text, p, label) for p, label in pieces], first)
    assert pairs(found) == expected


def test_introduced_names_by_shape():
    text = (
        "Publié le 3 mai 2012 - Mise à jour le 4 mai 2012 - jean-marc-durand - 2 min\n"
        "Les élèves de l'IUT et J.-L. Ferrand visitent Bourg-en-Bresse et Bar-sur-Aube "
        "avec la maison Loire Enchères. M. Petit approuve l'ABS. MONDIAL DE L'AUTO\n"
        "Ils ont un plan B. Il faut agir. Selon le magazine Auto Revue et le team Pôle Sud."
    )
    found = pairs(introduced_names(text, []))
    assert sorted(found) == sorted(
        [
            ("jean-marc-durand", "PER"),
            ("J.-L. Ferrand", "PER"),
            ("IUT", "ORG"),
            ("Bourg-en-Bresse", "LOC"),
            ("Bar-sur-Aube", "LOC"),
            ("Loire Enchères", "ORG"),
            ("Auto Revue", "ORG"),
            ("Pôle Sud", "ORG"),
        ]
    )


def test_shape_labels():
    text = "Selon J.-P. Marty, les élèves de l'ENSAM"
    assert C.shape_labels(text, at(text, "J.-P. Marty", "LOC")).label == "PER"
    assert C.shape_labels(text, at(text, "ENSAM", "MISC")).label == "ORG"


def test_company_heads_but_not_places_lending_their_name():
    text = (
        "Volcor Engineering recrute. Volcor grandit. Loire Initiative aide la Loire et Loire. "
        "Nevers Racing roule à Nevers."
    )
    spans = [
        at(text, "Volcor Engineering", "ORG"),
        at(text, "Volcor", "LOC", nth=1),
        at(text, "Loire Initiative", "ORG"),
        at(text, "Loire", "LOC", nth=2),
        at(text, "Nevers Racing", "ORG"),
        at(text, "Nevers", "LOC", nth=1),
    ]
    labels = [m.label for m in C.company_heads(text, spans)]
    assert labels == ["ORG", "ORG", "ORG", "LOC", "ORG", "LOC"]


def test_a_common_noun_de_a_lone_unknown_name_is_a_place():
    text = "Le transporteur frigorifique de Plouray signe."
    m = C.context_labels(text, at(text, "Plouray", "PER"), evidenced=False)
    assert m.label == "LOC"
    assert C.context_labels(text, at(text, "Plouray", "PER"), evidenced=True).label == "PER"
    text = "Il prend la voiture de Lapierre."
    assert C.context_labels(text, at(text, "Lapierre", "PER"), evidenced=False).label == "PER"


def test_family_firm_suffixes_make_a_company():
    text = "Avec Carrosserie Fabre et Fils, Girard Frères et Lucas, la Maison Petit & Cie."
    spans = [
        at(text, "Carrosserie Fabre", "ORG"),
        at(text, "Girard", "PER"),
        at(text, "Lucas", "PER"),
        at(text, "Maison Petit", "PER"),
    ]
    assert pairs(C.firm_suffixes(text, spans)) == [
        ("Carrosserie Fabre et Fils", "ORG"),
        ("Girard Frères", "ORG"),
        ("Lucas", "PER"),
        ("Maison Petit & Cie", "ORG"),
    ]


def test_rubric_words():
    text = "NIORT · ÉCONOMIE\nLa ville de Niort investit dans l'ÉCONOMIE locale."
    spans = [
        at(text, "NIORT", "MISC"),
        at(text, "ÉCONOMIE", "MISC"),
        at(text, "ÉCONOMIE", "ORG", 1),
    ]
    found = C.rubric_words(text, spans, lambda w: w == "économie")
    assert pairs(found) == [("NIORT", "LOC"), ("ÉCONOMIE", "ORG")]
    assert found[1].start > text.index("\n")


def test_a_first_name_alone_is_the_person_it_opens():
    text = "Claire Vidal arrive. Claire reste. Claire-Marie part."
    spans = [
        at(text, "Claire Vidal", "PER"),
        at(text, "Claire", "LOC", 1),
        at(text, "Claire-Marie", "LOC"),
    ]
    found = C.first_name_evidence(spans, frozenset({"Claire"}))
    assert [m.label for m in found] == ["PER", "PER", "LOC"]


def test_a_la_tete_de_introduces_a_company():
    text = "Il est à la tête de Bretagne Composites depuis 2010."
    assert pairs(introduced_names(text, [])) == [("Bretagne Composites", "ORG")]


def test_an_acronym_after_a_lowercase_head_is_the_name():
    text = "Il a étudié à l'école ESTM avant de courir."
    assert pairs([C.context_labels(text, at(text, "ESTM", "LOC"), False)]) == [("ESTM", "ORG")]
