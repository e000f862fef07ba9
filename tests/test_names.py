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
