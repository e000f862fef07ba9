from motorpme.extract import names as N
from tests.conftest import at, pairs


def test_a_span_inside_a_hashtag_gives_way_to_the_tag():
    text = "Suivez #TeamAlsaceRacing et #Rallye2024 ce week-end avec Jean #Martin."
    spans = [at(text, "TeamAlsaceRacing", "MISC"), at(text, "#Rallye2024", "MISC")]
    spans.append(at(text, "Jean #Martin", "PER"))
    found = N.hashtags(text, spans)
    assert pairs(found) == [
        ("#TeamAlsaceRacing", "ORG"),
        ("#Rallye2024", "MISC"),
        ("Jean #Martin", "PER"),
    ]


def test_a_name_in_apposition_to_a_company_noun_is_a_company():
    text = (
        "Le contrat lie Mecachrome, une entreprise de Bourges, au circuit. Il travaille "
        "chez Vendée Usinage Précision, la société de son père. Sa fille, cette PME..."
    )
    found = N.appositions(text, [at(text, "Mecachrome", "LOC"), at(text, "Bourges", "LOC")])
    assert pairs(found) == [
        ("Mecachrome", "ORG"),
        ("Bourges", "LOC"),
        ("Vendée Usinage Précision", "ORG"),
    ]


def test_a_head_noun_and_its_name_are_one_organisation():
    text = (
        "Le Groupement d'Intérêt Public du Val et l'École Supérieure des Métiers Auto "
        "rejoignent la Fédération française du sport automobile. Centre ville animé."
    )
    model = [at(text, "Val", "LOC"), at(text, "École Supérieure", "ORG")]
    found = pairs(N.org_names(text, model))
    assert found == [
        ("Groupement d'Intérêt Public du Val", "ORG"),
        ("École Supérieure des Métiers Auto", "ORG"),
        ("Fédération française du sport automobile", "ORG"),
    ]


def test_a_lone_acronym_read_as_a_person_or_place_is_an_organisation():
    text = "La CPAM et l'USM ont signé aux USA avec Jean Roux à Nîmes."
    spans = [at(text, "CPAM", "PER"), at(text, "USM", "LOC"), at(text, "USA", "LOC")]
    spans += [at(text, "Jean Roux", "PER"), at(text, "Nîmes", "LOC")]
    assert pairs(N.acronym_bodies(text, spans)) == [
        ("CPAM", "ORG"),
        ("USM", "ORG"),
        ("USA", "LOC"),
        ("Jean Roux", "PER"),
        ("Nîmes", "LOC"),
    ]


def test_a_lone_misc_acronym_is_an_organisation_but_a_class_is_not():
    text = "Le sponsor XQT rejoint l'écurie en LMP2."
    spans = [at(text, "XQT", "MISC"), at(text, "LMP2", "MISC")]
    assert pairs(N.acronym_bodies(text, spans)) == [("XQT", "ORG"), ("LMP2", "MISC")]


def test_names_shaped_like_firms_are_organisations():
    text = "SpeedKart, RX3Labs et l'INSA Rouen avec McLaren, Paul DeMarco à la ZAC Sud."
    spans = [at(text, "SpeedKart", "PER"), at(text, "RX3Labs", "MISC")]
    spans += [at(text, "INSA Rouen", "LOC"), at(text, "McLaren", "PER")]
    spans += [at(text, "Paul DeMarco", "PER"), at(text, "ZAC Sud", "LOC")]
    assert pairs(N.acronym_bodies(text, spans)) == [
        ("SpeedKart", "ORG"),
        ("RX3Labs", "ORG"),
        ("INSA Rouen", "ORG"),
        ("McLaren", "PER"),
        ("Paul DeMarco", "PER"),
        ("ZAC Sud", "LOC"),
    ]
