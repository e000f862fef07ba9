import pytest

from motorpme.extract import filters as F
from motorpme.extract import orgs as O
from tests.conftest import at, pairs

FIRST = frozenset({"Jean", "Marie", "Paul"})
PLACES = frozenset({"Nevers", "Var", "Dijon", "Magny-Cours"})


def test_the_long_form_an_acronym_abbreviates():
    assert O.long_form("SAEMG", "gérée par la Société anonyme d’économie mixte de Gueux") == (
        "Société anonyme d’économie mixte de Gueux"
    )
    assert O.long_form("Codeprev", "un avis du comité départemental de prévention") == (
        "comité départemental de prévention"
    )
    assert O.long_form("XYZ", "un avis du comité départemental") is None


def test_an_acronym_defined_after_a_body_is_that_body_everywhere():
    text = (
        "Le circuit est géré par la Société d’économie mixte du Val (SEMV). "
        "Le comité régional de la prévention routière (Corepro) a donné son avis. "
        "La SEMV investit, et le président de la SEMV signe."
    )
    model = [at(text, "SEMV", "LOC"), at(text, "SEMV", "PER", 2)]
    found = pairs(O.defined_acronyms(text, model))
    assert found == [
        ("Société d’économie mixte du Val", "ORG"),
        ("SEMV", "ORG"),
        ("comité régional de la prévention routière", "ORG"),
        ("Corepro", "ORG"),
        ("SEMV", "ORG"),
        ("SEMV", "ORG"),
    ]


def test_a_zone_or_a_place_in_brackets_defines_no_body():
    text = (
        "Le site est une zone naturelle d’intérêt faunistique (ZNIF). "
        "Oreca (Var) et Dubreuil (Nevers) recrutent."
    )
    model = [at(text, "Oreca", "ORG"), at(text, "Var", "LOC"), at(text, "Nevers", "LOC")]
    model.insert(2, at(text, "Dubreuil", "ORG"))
    found = pairs(O.defined_acronyms(text, model, PLACES))
    assert found == [("Oreca", "ORG"), ("Var", "LOC"), ("Dubreuil", "ORG"), ("Nevers", "LOC")]


def test_a_firm_and_its_abbreviation_in_brackets_are_one_body():
    text = "Une étude du cabinet KP Conseil (Kraft & Partners) chiffre le marché."
    model = [at(text, "KP Conseil", "ORG"), at(text, "Kraft & Partners", "MISC")]
    assert pairs(O.defined_acronyms(text, model)) == [
        ("KP Conseil", "ORG"),
        ("Kraft & Partners", "ORG"),
    ]


def test_a_name_after_a_company_noun_and_a_nationality_is_a_company():
    text = (
        "Le constructeur irlandais Brellan et l'équipementier Vorlux Systèmes, puis la "
        "société Marie Dupont et le constructeur prépare Dijon."
    )
    model = [at(text, "Brellan", "PER"), at(text, "Vorlux Systèmes", "LOC")]
    model += [at(text, "Marie Dupont", "PER"), at(text, "Dijon", "LOC")]
    assert pairs(O.introduced_companies(text, model, FIRST)) == [
        ("Brellan", "ORG"),
        ("Vorlux Systèmes", "ORG"),
        ("Marie Dupont", "PER"),  # a full name with a first name stays a person
        ("Dijon", "LOC"),  # "prépare" is no adjective: a verb comes between
    ]


def test_an_association_name_runs_on_over_de_la():
    text = "L'association Les Amis de la Côte Rouge. Le club La Roue du Morvan joue."
    model = [at(text, "Les Amis", "LOC"), at(text, "Côte Rouge", "LOC")]
    model.append(at(text, "Morvan", "LOC"))
    assert pairs(O.introduced_companies(text, model, FIRST)) == [
        ("Les Amis de la Côte Rouge", "ORG"),
        ("La Roue du Morvan", "ORG"),
    ]


def test_a_legal_form_after_a_name_makes_it_a_company():
    text = "Brellan SAS et Vorlux SARL signent avec Jean Martin SA, dit-on."
    model = [at(text, "Brellan", "PER"), at(text, "Vorlux", "LOC"), at(text, "Jean Martin", "PER")]
    assert pairs(O.legal_forms(text, model)) == [
        ("Brellan SAS", "ORG"),
        ("Vorlux SARL", "ORG"),
        ("Jean Martin", "PER"),
    ]


def test_a_list_of_firms_is_of_one_kind():
    text = (
        "Le site accueille Michelin, Brellan, Valeo, Sodemo et Gorlux. "
        "Ils viennent de Nevers, Dijon, Brellan et Valeo."
    )
    model = [at(text, "Michelin", "ORG"), at(text, "Brellan", "PER"), at(text, "Valeo", "ORG")]
    model += [at(text, "Sodemo", "ORG"), at(text, "Gorlux", "LOC")]
    model += [at(text, "Nevers", "LOC"), at(text, "Dijon", "LOC"), at(text, "Brellan", "PER", 1)]
    model.append(at(text, "Valeo", "ORG", 1))
    assert pairs(O.firm_lists(text, model, FIRST, PLACES)) == [
        ("Michelin", "ORG"),
        ("Brellan", "ORG"),
        ("Valeo", "ORG"),
        ("Sodemo", "ORG"),
        ("Gorlux", "ORG"),
        ("Nevers", "LOC"),  # two places, one person, one firm: not a list of firms
        ("Dijon", "LOC"),
        ("Brellan", "PER"),
        ("Valeo", "ORG"),
    ]


def test_chez_names_an_employer_unless_a_full_name_or_a_known_place():
    text = "Il a couru chez Brellan, dîné chez Jean Roux, puis chez Paul, et vit chez Nevers."
    model = [at(text, "Brellan", "PER"), at(text, "Jean Roux", "PER"), at(text, "Paul", "PER")]
    model.append(at(text, "Nevers", "LOC"))
    assert pairs(O.chez(text, model, FIRST, PLACES)) == [
        ("Brellan", "ORG"),
        ("Jean Roux", "PER"),
        ("Paul", "PER"),
        ("Nevers", "LOC"),
    ]


def test_an_elided_word_after_a_name_is_not_part_of_it():
    text = "Le Conseil national de la route s’était prononcé. Le Comité d’Anjou."
    m = at(text, "Conseil national de la route s", "ORG")
    assert F.strip_span(text, m).text == "Conseil national de la route"
    whole = at(text, "Comité d’Anjou", "ORG")  # the elision inside a name stays
    assert F.strip_span(text, whole).text == "Comité d’Anjou"


def test_two_organisations_side_by_side_are_one_team_name():
    text = "Brellan Racing Vorlux engage deux voitures, Oreca et Vorlux aussi."
    model = [at(text, "Brellan Racing", "ORG"), at(text, "Vorlux", "ORG")]
    model += [at(text, "Oreca", "ORG"), at(text, "Vorlux", "ORG", 1)]
    assert pairs(O.adjacent_organisations(text, model)) == [
        ("Brellan Racing Vorlux", "ORG"),
        ("Oreca", "ORG"),
        ("Vorlux", "ORG"),
    ]


def test_a_press_title_cut_out_of_a_person_keeps_the_list_label():
    text = "© Agencia - Hervé Roux"
    model = [at(text, "Agencia", "PER"), at(text, "Hervé Roux", "PER")]
    curated = [at(text, "Agencia", "ORG"), at(text, "Roux", "LOC")]
    assert pairs(O.curated_labels(model, curated)) == [("Agencia", "ORG"), ("Hervé Roux", "PER")]


def test_a_role_names_a_body_unless_the_place_list_knows_it():
    text = "Selon le président de la Sepal Corrèze et le président du Pays Dijon Sud."
    model = [at(text, "Sepal Corrèze", "LOC"), at(text, "Pays Dijon Sud", "LOC")]
    places = frozenset({"Pays Dijon Sud"})
    assert pairs(O.role_bodies(text, model, places)) == [
        ("Sepal Corrèze", "ORG"),
        ("Pays Dijon Sud", "LOC"),
    ]


UNCHANGED = [
    ("Union des Industries", "ORG"),
    ("Fédération de Karting", "ORG"),
    ("Ligue", "ORG"),
    ("Ecole des Mines", "ORG"),
    ("Jean Morel", "PER"),
    ("Alpine Racing", "ORG"),
    ("Ferrari", "ORG"),
]


@pytest.mark.parametrize(
    ("text", "pieces", "expected"),
    [
        (
            "Le Groupement National des Circuits et des Centres d'Essais Industriels a voté.",
            [("Groupement National des Circuits", "ORG"), ("Centres d'Essais Industriels", "MISC")],
            [("Groupement National des Circuits et des Centres d'Essais Industriels", "ORG")],
        ),
        (
            "Le Ministère de l'Économie et des Finances paie.",
            [("Ministère de l'Économie", "ORG"), ("Finances", "ORG")],
            [("Ministère de l'Économie et des Finances", "ORG")],
        ),
        (  # lowercase after "et", "et la", a person, or a name without "of": two things
            "L'Union des Industries et des métiers ; la Fédération de Karting et la Ligue ; "
            "l'Ecole des Mines et de Jean Morel ; Alpine Racing et des Ferrari.",
            UNCHANGED,
            UNCHANGED,
        ),
    ],
)
def test_an_institution_goes_on_over_et_des_and_title_case(text, pieces, expected):
    found = O.coordinated_bodies(text, [at(text, p, label) for p, label in pieces])
    assert pairs(found) == expected


def test_a_name_in_brackets_after_a_person_is_their_team_not_a_car_or_a_town():
    text = "Marc Duval (Alpine Elf) devance Luc Roy (Alpine A110) et Jean Cros (Rouen)."
    pieces = [
        ("Marc Duval", "PER"),
        ("Alpine Elf", "PRODUCT"),
        ("Luc Roy", "PER"),
        ("Alpine A110", "PRODUCT"),
        ("Jean Cros", "PER"),
        ("Rouen", "MISC"),
    ]
    found = O.driver_teams(text, [at(text, p, label) for p, label in pieces], frozenset({"Rouen"}))
    assert [(m.text, m.label) for m in found if m.label != "PER"] == [
        ("Alpine Elf", "ORG"),
        ("Alpine A110", "PRODUCT"),
        ("Rouen", "MISC"),
    ]
