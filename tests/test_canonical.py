from pathlib import Path

import pytest

from motorpme.errors import MotorpmeError
from motorpme.extract.canonical import assign_canonical, canonical_key, load_aliases
from motorpme.models import Mention


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Alès", "ales"),
        ("ALÈS", "ales"),
        ("l’École des Mines", "ecole des mines"),
        ("la  Franco American Image", "franco american image"),
        ("Le Mans", "le mans"),
        ("Citroën", "citroen"),
    ],
)
def test_canonical_key_folds_case_accents_and_determiners(text, key):
    assert canonical_key(text) == key


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (["Saint-Vit-les-Bois", "Saint Vit les Bois", "SAINT-VIT LES BOIS"], "saint vit les bois"),
        (["Garage Martin SAS", "Garage Martin", "GARAGE MARTIN SARL"], "garage martin"),
        (["circuit de Vallon", "Circuit Vallon", "Vallon circuit"], "circuit vallon"),
        (["circuit Jean Dupuy de Ville-sur-Loire", "circuit Jean-Dupuy"], "circuit jean dupuy"),
        (["Circuit des Sables du Val", "circuit des Sables"], "circuit sables"),
    ],
)
def test_spelling_variants_share_one_key(variants, key):
    assert {canonical_key(v) for v in variants} == {key}


def test_different_names_keep_different_keys():
    assert canonical_key("circuit de Vallon") != canonical_key("circuit de Vallet")
    assert canonical_key("Sasha Martin") != canonical_key("Martin")
    assert canonical_key("Paul Martin") != canonical_key("Luc Martin")


def _canon(pairs):
    mentions = [Mention(text, label, 0, len(text)) for text, label in pairs]
    return {m.text: m.canonical for m in assign_canonical(mentions)}


def test_surname_takes_the_full_name_of_the_person():
    names = _canon([("Sébastien Loeb", "PER"), ("Loeb", "PER"), ("Loeb", "PER")])
    assert names == {"Sébastien Loeb": "Sébastien Loeb", "Loeb": "Sébastien Loeb"}


def test_one_letter_typo_merges_into_the_more_used_spelling():
    names = _canon(
        [("Paola Mancinelli", "PER"), ("Paola Mancinnelli", "PER"), ("Mancinelli", "PER")]
    )
    assert names["Paola Mancinnelli"] == "Paola Mancinelli"
    assert names["Mancinelli"] == "Paola Mancinelli"


def test_short_names_and_other_labels_do_not_merge_on_typos():
    names = _canon([("Alès", "LOC"), ("Alex", "LOC"), ("Renaud", "ORG"), ("Renault", "PER")])
    assert names == {"Alès": "Alès", "Alex": "Alex", "Renaud": "Renaud", "Renault": "Renault"}


def test_mans_is_le_mans_and_capitals_prefer_the_mixed_case_form():
    names = _canon([("Mans", "LOC"), ("SARTHE", "LOC"), ("Sarthe", "LOC")])
    assert names == {"Mans": "Le Mans", "SARTHE": "Sarthe", "Sarthe": "Sarthe"}


def test_amounts_and_dates_keep_their_text():
    mentions = [Mention("500 €", "MONEY", 0, 5, value=500, currency="EUR")]
    assert assign_canonical(mentions)[0].canonical == "500 €"


def test_load_aliases_reads_tsv_and_skips_comments(tmp_path: Path):
    path = tmp_path / "aliases.tsv"
    path.write_text("# alias\tcanonical\nACO\tAutomobile Club de l'Ouest\n\n", encoding="utf-8")
    assert load_aliases(path) == {"aco": "Automobile Club de l'Ouest"}


def test_load_aliases_names_the_bad_line(tmp_path: Path):
    path = tmp_path / "aliases.tsv"
    path.write_text("ACO\tAutomobile Club de l'Ouest\nno tab here\n", encoding="utf-8")
    with pytest.raises(MotorpmeError, match=r"aliases\.tsv:2"):
        load_aliases(path)
