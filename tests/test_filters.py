import pytest

from motorpme.extract import common_words as CW
from motorpme.extract import filters as F
from motorpme.extract.mentions import merge_gazetteer
from motorpme.extract.words import canonical_word
from motorpme.models import Mention

FIRST = frozenset({"Sébastien", "Romain", "Marie"})
MAKERS = frozenset({"Alpine", "Peugeot", "Alfa Romeo"})


def at(text: str, name: str, label: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(name, label, start, start + len(name))


def never(word: str) -> bool:
    return False


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Il a rejoint l'Oreca cette année.", "l'Oreca", "Oreca"),
        ("Vainqueur avec la Matmut, il repart.", "la Matmut,", "Matmut"),
        ("« Porsche » gagne.", "« Porsche »", "Porsche"),
        ("Direction Le Mans.", "Le Mans.", "Le Mans"),
        ("Chez D'Ieteren, on vend.", "D'Ieteren", "Ieteren"),
        ("La société S.A. suit.", "S.A.", "S.A."),
        ("Bravo #TeamFrance!", "#TeamFrance!", "#TeamFrance"),
        ("Ouvert de 9 h à 18 h. Parking gratuit.", "h. Parking", "Parking"),
        ("C'est tout.", "C'", "C"),
    ],
)
def test_strip_span_trims_determiners_and_punctuation(text, span, expected):
    m = F.strip_span(text, at(text, span, "ORG"))
    assert (m and m.text) == expected
    if m:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("span", "noise"),
    [
        ("Il", True),
        ("Nous", True),
        ("n'", True),
        ("qu'", True),
        ("C", True),
        ("Commentaires", True),
        ("Voir Plus", True),
        ("1995", True),
        ("- 3 -", True),
        ("sport automobile", True),
        ("#ClubAuto", False),
        ("Elle Racing", False),
        ("Magny-Cours", False),
        ("Mis", True),
        ("Infos", True),
    ],
)
def test_is_noise(span, noise):
    assert F.is_noise(Mention(span, "ORG", 0, len(span))) is noise


def test_le_mans_keeps_its_article_but_au_mans_stays_mans():
    text = "Le Mans accueille la course. On arrive au Mans demain."
    assert F.extend_le_mans(text, at(text, "Mans", "ORG")).text == "Le Mans"
    au = F.extend_le_mans(text, at(text, "Mans", "PER", nth=1))
    assert (au.text, au.label) == ("Mans", "LOC")


def test_first_name_inside_a_span_starts_a_person():
    text = "Le pilote du Pôle Romain Dumas roule."
    head, person = F.split_on_first_name(text, at(text, "Pôle Romain Dumas", "LOC"), FIRST)
    assert (head.text, person.text, person.label) == ("Pôle", "Romain Dumas", "PER")


@pytest.mark.parametrize(
    ("span", "label", "expected"),
    [
        ("Nîmes Agglo", "PER", "ORG"),
        ("Bretagne Welding", "LOC", "ORG"),
        ("Garage Dupont SARL", "PER", "ORG"),
        ("Coupe de France", "LOC", "EVENT"),
        ("Marie Lenoir", "LOC", "PER"),
        ("Marie Lenoir", "ORG", "PER"),
        ("Rouen", "LOC", "LOC"),
        ("Bretagne Frigo Transports", "PER", "ORG"),
        ("Carrosserie Martin & Fils", "PER", "ORG"),
        ("Savoie Karting Promotion", "PER", "ORG"),
        ("Rallye Promoter", "PER", "ORG"),
        ("Loire Composites", "LOC", "ORG"),
        ("Garage des Alpes", "LOC", "ORG"),
        ("Anjou Karting Park", "PER", "LOC"),
        ("Parc Expo", "ORG", "LOC"),
        ("Parc Auto SAS", "LOC", "ORG"),
    ],
)
def test_relabel_from_the_name_itself(span, label, expected):
    assert F.relabel(Mention(span, label, 0, len(span)), FIRST).label == expected


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Deux Alpine A110 en piste.", "Alpine", ("Alpine A110", "PRODUCT")),
        ("La Peugeot 9X8 roule.", "Peugeot", ("Peugeot 9X8", "PRODUCT")),
        ("Une Alfa Romeo Giulia arrive.", "Alfa Romeo Giulia", ("Alfa Romeo Giulia", "PRODUCT")),
        ("Alpine investit au Mans.", "Alpine", ("Alpine", "ORG")),
        ("L'équipe Alpine Elf Racing gagne.", "Alpine Elf Racing", ("Alpine Elf Racing", "ORG")),
        ("Alpine \u0338", "Alpine \u0338", ("Alpine \u0338", "ORG")),  # no word after the maker
    ],
)
def test_product_context(text, span, expected):
    m = F.product_context(text, at(text, span, "ORG"), MAKERS)
    assert (m.text, m.label) == expected
    assert text[m.start : m.end] == m.text


def test_gazetteer_does_not_split_a_longer_model_name_but_fixes_an_equal_one():
    text = "Signatech Alpine Matmut et la FIA."
    model = [at(text, "Signatech Alpine Matmut", "ORG"), at(text, "FIA", "LOC")]
    gazetteer = [at(text, "Alpine", "ORG"), at(text, "FIA", "ORG")]
    merged = merge_gazetteer(text, model, gazetteer)
    assert [(m.text, m.label) for m in merged] == [
        ("Signatech Alpine Matmut", "ORG"),
        ("FIA", "ORG"),
    ]


def test_gazetteer_brand_crossing_a_model_name_makes_a_product():
    text = "Une Alfa Romeo Giulietta neuve."
    model = [at(text, "Alfa", "ORG"), at(text, "Romeo Giulietta", "PER")]
    merged = merge_gazetteer(text, model, [at(text, "Alfa Romeo", "ORG")])
    assert [(m.text, m.label) for m in merged] == [("Alfa Romeo Giulietta", "PRODUCT")]


def test_capitalised_common_words_at_line_start_are_dropped():
    text = (
        "Gagner en rallye est dur.\nFocus sur deux pilotes\n"
        "Rouen accueille Dupont.\nil faut gagner."
    )
    spans = [at(text, "Gagner", "PER"), at(text, "Focus", "PER"), at(text, "Rouen", "LOC")]
    kept = CW.drop_capitalised_common_words(text, spans, never, set())
    assert [m.text for m in kept] == ["Rouen"]


def test_a_plural_place_at_line_start_is_kept():
    text = "Landes - Économie\nTours accueille le rallye."
    spans = [at(text, "Landes", "LOC"), at(text, "Tours", "LOC")]
    kept = CW.drop_capitalised_common_words(text, spans, lambda w: w in ("lande", "tour"), set())
    assert [m.text for m in kept] == ["Landes", "Tours"]


def test_a_plural_or_a_verb_in_ons_at_line_start_goes_unless_it_is_a_known_name():
    text = (
        "Thèmes abordés : sport\nRestons prudents.\nLandes - Économie\nTours accueille.\n"
        "Gilles gagne.\nMartinez gagne.\nAlpes : la course."
    )
    words = ("Thèmes", "Restons", "Landes", "Tours", "Gilles", "Martinez", "Alpes")
    spans = [at(text, w, "PER") for w in words[:-1]] + [at(text, "Alpes", "LOC")]
    lexicon = {"thème", "restons", "lande", "tour", "gille", "martinez", "alpe"}.__contains__
    proper = (frozenset({"Landes", "Tours"}), frozenset({"Gilles"}))
    kept = CW.drop_capitalised_common_words(text, spans, lexicon, set(), proper)
    # A plural the model reads as a place stays a place ("alpe" is in the lexicon).
    assert [m.text for m in kept] == ["Landes", "Tours", "Gilles", "Martinez", "Alpes"]
    # Without the lists of known names, plurals and -ons verbs are kept, as before.
    kept = CW.drop_capitalised_common_words(text, spans, lexicon, set())
    assert [m.text for m in kept] == list(words)


def test_a_verb_of_saying_is_not_part_of_a_person():
    text = "« On avance », sourit Lemoine."
    m = F.strip_span(text, at(text, "sourit Lemoine", "PER"))
    assert m.text == "Lemoine"
    assert F.strip_span(text, at(text, "sourit Lemoine", "ORG")).text == "sourit Lemoine"


def test_a_rubric_separator_starts_a_line_too():
    text = "Drôme - Économie\nPublié le 3 mai · Mis à jour le 4 mai\nRouen - Valence gagne."
    spans = [at(text, "Économie", "LOC"), at(text, "Valence", "LOC")]
    kept = CW.drop_capitalised_common_words(text, spans, lambda w: w == "économie", set())
    assert [m.text for m in kept] == ["Valence"]


def test_a_word_the_article_writes_lowercase_is_not_a_name_unless_protected():
    text = "Les valeurs de l'Endurance. Une course d'endurance."
    span = [at(text, "Endurance", "LOC")]
    assert CW.drop_capitalised_common_words(text, span, never, set()) == []
    assert CW.drop_capitalised_common_words(text, span, never, {"endurance"}) == span


def test_surname_takes_the_label_of_the_full_name():
    text = "Sébastien Ogier gagne. Ogier est content."
    spans = [at(text, "Sébastien Ogier", "PER"), at(text, "Ogier", "LOC", nth=1)]
    assert [m.label for m in F.surname_evidence(spans)] == ["PER", "PER"]


@pytest.mark.parametrize(
    ("name", "brand"),
    [
        ("Alfa Romeo Giulietta", "Alfa Romeo"),
        ("Alpine", "Alpine"),
        ("Alfa", None),
        ("Alpines", None),
    ],
)
def test_brand_is_a_whole_leading_word_group(name, brand):
    assert F._brand_of(name, MAKERS) == brand


def test_a_first_name_ending_a_makers_name_does_not_start_a_person():
    text = "Le projet Alfa Romeo TCR et l'Aston Martin Racing avancent."
    makers = MAKERS | {"Aston Martin"}
    first = FIRST | {"Romeo", "Martin"}
    for name in ("Alfa Romeo TCR", "Aston Martin Racing"):
        m = at(text, name, "MISC")
        assert F.split_on_first_name(text, m, first, makers) == [m]
    assert len(F.split_on_first_name(text, at(text, "Alfa Romeo TCR", "MISC"), first)) == 2


@pytest.mark.parametrize(
    ("text", "word", "lexicon"),
    [
        ("Installée à Magny-Cours, l'usine emploie 40 salariés.", "Installée", {"installer"}),
        ("Labéllisé par l'État, le pôle grandit.", "Labéllisé", {"labelliser"}),
        ("Sécurisés, les stands rouvrent.", "Sécurisés", {"sécuriser"}),
        ("Equipe de France : la sélection est connue.", "Equipe", {"équipe"}),
    ],
)
def test_misspelt_or_unaccented_common_words_opening_a_sentence_go(text, word, lexicon):
    spans = [at(text, word, "LOC")]
    assert CW.drop_capitalised_common_words(text, spans, lexicon.__contains__, set()) == []


def test_a_town_is_not_read_as_a_participle_of_an_unknown_verb():
    text = "Vitré accueille le rallye."
    spans = [at(text, "Vitré", "LOC")]
    assert CW.drop_capitalised_common_words(text, spans, {"installer"}.__contains__, set()) == spans


@pytest.mark.parametrize(
    ("span", "label", "kept"),
    [
        ("M. Fabrègue", "PER", "Fabrègue"),
        ("Mme Lacoste", "PER", "Lacoste"),
        ("Photo Jean Morvan", "PER", "Jean Morvan"),
        ("© Agence Lumière", "ORG", "Agence Lumière"),
        ("Crédit photo : Anne Roux", "PER", "Anne Roux"),
        ("Crédit Mutuel Bretagne", "ORG", "Crédit Mutuel Bretagne"),
        ("Président de la Ligue Régionale de Karting", "ORG", "Ligue Régionale de Karting"),
        ("Directeur général d'Alpine Racing", "ORG", "Alpine Racing"),
        ("Vice-présidente du Conseil Départemental", "ORG", "Conseil Départemental"),
        ("Maire de Lurcy-Lévis", "LOC", "Lurcy-Lévis"),
        ("Ministère des Sports", "ORG", "Ministère des Sports"),
        ("ex-Graff", "ORG", "Graff"),
        ("Jean B. Il", "PER", "Jean B"),
        ("Hervé Le", "PER", "Hervé"),
        ("Anne Le Bihan", "PER", "Anne Le Bihan"),
        ("Indre),dans", "ORG", "Indre"),
        ("Directions Régionales", "ORG", "Directions Régionales"),
    ],
)
def test_titles_and_photo_credits_are_not_part_of_the_name(span, label, kept):
    text = f"Texte. {span} et la suite."
    assert F.strip_span(text, at(text, span, label)).text == kept


def test_an_office_before_a_lowercase_body_leaves_no_name():
    text = "La Ministre des sports a parlé."
    stripped = F.strip_span(text, at(text, "Ministre des sports", "ORG"))
    assert stripped.text == "sports"
    assert F.is_noise(stripped)


def test_a_maker_team_is_no_product_and_legal_form_acronyms_are_not_bare():
    text = "L'écurie Peugeot F2 Team recrute ; le GIP et la SEM signent ; 500 euros TTC."
    team = at(text, "Peugeot F2 Team", "ORG")
    assert F.product_context(text, team, MAKERS) == team
    assert not F.is_bare(at(text, "GIP", "ORG"), frozenset())
    assert F.is_noise(at(text, "TTC", "ORG"))


def test_an_organisation_head_ending_the_name_wins_over_an_event_word():
    text = "La Vintage Rally School ouvre ; le Rallye des Vins suit."
    assert F.relabel(at(text, "Vintage Rally School", "MISC"), FIRST).label == "ORG"
    assert F.relabel(at(text, "Rallye des Vins", "LOC"), FIRST).label == "EVENT"


def test_a_line_of_common_words_is_a_section_name_not_an_entity():
    text = "Sport auto\nLe circuit Paul Ricard grandit.\nSport auto et karting"
    spans = [at(text, "Sport auto", "ORG"), at(text, "Paul Ricard", "LOC")]
    spans.append(at(text, "Sport auto", "ORG", nth=1))
    lexicon = {"sport", "auto", "paul"}.__contains__
    kept = CW.drop_capitalised_common_words(text, spans, lexicon, set())
    # The line alone goes; the same words inside a longer line stay (not a section line).
    assert [(m.text, m.start) for m in kept] == [("Paul Ricard", 22), ("Sport auto", 43)]


def test_a_press_title_alone_on_its_line_is_kept_as_a_source():
    text = "Le circuit grandit.\nMidi libre"
    spans = [at(text, "Midi libre", "ORG")]
    lexicon = {"midi", "libre"}.__contains__
    assert CW.drop_capitalised_common_words(text, spans, lexicon, set()) == []
    protected = {canonical_word("Midi libre")}  # what the pipeline gives a gazetteer match
    assert CW.drop_capitalised_common_words(text, spans, lexicon, protected) == spans
