from motorpme.extract.mentions import dedupe, merge_gazetteer, new_mention, propagate, with_label
from motorpme.models import Mention


def at(text: str, name: str, label: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(name, label, start, start + len(name))


def test_new_mention_and_with_label_equal_the_dataclass():
    m = new_mention("30 000 euros", "MONEY", 4, 16, "30 000 euros", 30000, "EUR")
    assert m == Mention("30 000 euros", "MONEY", 4, 16, "30 000 euros", 30000, "EUR")
    assert with_label(m, "DATE") == Mention(
        "30 000 euros", "DATE", 4, 16, "30 000 euros", 30000, "EUR"
    )


def test_dedupe_keeps_the_first_longest_of_overlapping_spans():
    text = "Signatech Alpine Matmut"
    spans = [at(text, "Alpine", "ORG"), at(text, text, "ORG"), at(text, "Matmut", "ORG")]
    assert dedupe(spans) == [at(text, text, "ORG")]


def test_propagate_finds_other_occurrences_also_in_capitals():
    text = "NOGARO\nLe circuit de Nogaro attend. Nogaro reste."
    found = propagate(text, [at(text, "Nogaro", "LOC")])
    assert [(m.text, m.start) for m in found] == [
        ("NOGARO", 0),
        ("Nogaro", text.index("Nogaro")),
        ("Nogaro", text.rindex("Nogaro")),
    ]


def test_propagate_takes_whole_words_only_and_leaves_tagged_spans_alone():
    text = "Magny-Cours, #Magny, Magnyville, Magny_2. Magny gagne; le Grand Magny aussi. Magny"
    tagged = [at(text, "Grand Magny", "LOC"), at(text, "Magny", "ORG", nth=4)]
    found = propagate(text, tagged)
    assert [(m.text, m.label, m.start) for m in found] == [
        ("Magny", "ORG", text.index("Magny gagne")),
        ("Grand Magny", "LOC", text.index("Grand Magny")),
        ("Magny", "ORG", text.rindex("Magny")),
    ]


def test_a_model_span_made_of_listed_names_gives_way_to_them():
    text = "Selon Var-Matin et Midi Libre, puis Signatech Alpine Matmut."

    def span(name: str, label: str) -> Mention:
        start = text.index(name)
        return Mention(name, label, start, start + len(name))

    model = [span("Var-Matin et Midi Libre", "ORG"), span("Signatech Alpine Matmut", "ORG")]
    listed = [span("Var-Matin", "ORG"), span("Midi Libre", "ORG"), span("Alpine", "ORG")]
    listed.append(span("Matmut", "ORG"))
    found = [(m.text, m.label) for m in merge_gazetteer(text, model, listed)]
    assert found == [
        ("Var-Matin", "ORG"),
        ("Midi Libre", "ORG"),
        ("Signatech Alpine Matmut", "ORG"),  # a word of its own between: one team name
    ]
